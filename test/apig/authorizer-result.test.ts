import { describe, expect, it } from 'vitest';
import { checkAuthorizerResult } from '../../src-shared/apig/authorizer-result';

const strict = { allowNumberAndBooleanContext: false };
const ok = (status: string, context?: unknown) => ({ statusCode: 200, body: JSON.stringify({ status, context }) });

describe('authorizer result contract', () => {
  it('allow with string context', () => {
    expect(checkAuthorizerResult(ok('allow', { user: 'abcd' }), strict)).toMatchObject({ decision: 'allow', context: { user: 'abcd' } });
  });

  it('a JSON string of the result is accepted (json.dumps in APIG examples)', () => {
    const v = checkAuthorizerResult(JSON.stringify(ok('allow')), strict);
    expect(v).toMatchObject({ decision: 'allow', wasJsonString: true });
  });

  it('deny keeps its context for gateway response templates', () => {
    expect(checkAuthorizerResult(ok('deny', { code: 'E1' }), strict)).toMatchObject({ decision: 'deny', context: { code: 'E1' } });
  });

  it('statusCode 201 is not 200 → AUTHORIZER_CONF_FAILURE', () => {
    const v = checkAuthorizerResult({ statusCode: 201, body: JSON.stringify({ status: 'allow' }) }, strict);
    expect(v.decision).toBe('error');
    expect(v.reason).toBe('statusCode 201 is not 200 → AUTHORIZER_CONF_FAILURE');
  });

  it('a body that is an object rather than a JSON string is a violation', () => {
    const v = checkAuthorizerResult({ statusCode: 200, body: { status: 'allow' } }, strict);
    expect(v.violations[0]).toMatch(/body must be a JSON string/);
  });

  it('reports every broken rule at once', () => {
    const v = checkAuthorizerResult({ statusCode: 500, body: JSON.stringify({ status: 'ok', context: { '1bad': 'x', obj: {} } }) }, strict);
    expect(v.violations).toHaveLength(4);
    expect(v.serverError).toBe(true);
  });

  it('number and boolean context values need authorizer_context_support_num_bool', () => {
    expect(checkAuthorizerResult(ok('allow', { n: 1 }), strict).decision).toBe('error');
    expect(checkAuthorizerResult(ok('allow', { n: 1, b: true }), { allowNumberAndBooleanContext: true })).toMatchObject({
      decision: 'allow',
      context: { n: 1, b: true },
    });
  });

  it('context keys longer than 32 characters are refused', () => {
    expect(checkAuthorizerResult(ok('allow', { ['k'.repeat(33)]: 'v' }), strict).decision).toBe('error');
    expect(checkAuthorizerResult(ok('allow', { ['k'.repeat(32)]: 'v' }), strict).decision).toBe('allow');
  });

  it('a non-JSON string and a missing statusCode are errors', () => {
    expect(checkAuthorizerResult('allow', strict).decision).toBe('error');
    expect(checkAuthorizerResult({ body: JSON.stringify({ status: 'allow' }) }, strict).violations).toContain('statusCode is missing (it is mandatory)');
  });
});
