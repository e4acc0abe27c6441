import { describe, expect, it } from 'vitest';
import { renderErrorResponse, renderTemplate } from '../../src-shared/apig/gateway-responses';
import { substituteVariables, variablesIn } from '../../src-shared/apig/env-vars';
import { Errors } from '../../src-shared/apig/errors';
import type { GatewayResponseSet } from '../../src-shared/model';

describe('gateway response templates', () => {
  it('the default body carries error_code, error_msg and request_id', () => {
    const r = renderErrorResponse(Errors.apiNotPublished(), undefined, { requestId: 'abc', 'error.code': 'APIG.0101', 'error.message': 'm' });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toEqual({ error_code: 'APIG.0101', error_msg: 'm', request_id: 'abc' });
  });

  it('deny maps to AUTHORIZER_FAILURE with status 500 by default', () => {
    expect(renderErrorResponse(Errors.authorizerDenied(), undefined, {}).status).toBe(500);
  });

  it('a custom response set changes status, body and headers per type, with authorizer context', () => {
    const set: GatewayResponseSet = {
      id: 's',
      groupId: 'g',
      name: 'custom',
      isDefault: true,
      responses: {
        AUTHORIZER_FAILURE: {
          status: 401,
          body: '{"code":"$context.authorizer.frontend.code","type":"$context.error.type"}',
          headers: [{ key: 'X-Reason', value: '$context.authorizer.frontend.code' }],
        },
      },
    };
    const r = renderErrorResponse(Errors.authorizerDenied(), set, { 'authorizer.frontend.code': 'E42', 'error.type': 'AUTHORIZER_FAILURE' });
    expect(r).toEqual({ status: 401, headers: { 'X-Reason': 'E42' }, body: '{"code":"E42","type":"AUTHORIZER_FAILURE"}' });
  });

  it('DEFAULT_4XX keeps the underlying status (413)', () => {
    expect(renderErrorResponse(Errors.bodyTooLarge(), undefined, {}).status).toBe(413);
  });

  it('a customised DEFAULT_4XX without a status keeps the underlying status', () => {
    const set: GatewayResponseSet = {
      id: 's',
      groupId: 'g',
      name: 'custom',
      isDefault: true,
      responses: { DEFAULT_4XX: { body: '{"oops":"$context.error.code"}', headers: [] } },
    };
    expect(renderErrorResponse(Errors.bodyTooLarge(), set, { 'error.code': 'APIG.0201' })).toMatchObject({ status: 413, body: '{"oops":"APIG.0201"}' });
    expect(renderErrorResponse(Errors.uriTooLarge(), set, {}).status).toBe(414);
  });

  it('unknown variables render as the empty string', () => {
    expect(renderTemplate('[$context.nope]', {})).toBe('[]');
    // Names of Object.prototype members are unknown variables too, not its functions.
    expect(renderTemplate('[$context.constructor][$context.toString][$context.__proto__]', { requestId: 'r' })).toBe('[][][]');
  });
});

describe('#var# environment variables', () => {
  it('substitutes defined variables and reports unresolved ones', () => {
    const values = new Map([['host', 'example.com:8080']]);
    expect(substituteVariables('#host#/#missing#', values)).toEqual({ text: 'example.com:8080/#missing#', unresolved: ['missing'] });
    expect(variablesIn('/#path##request#')).toEqual(['path', 'request']);
  });

  it('names shorter than 3 characters are not variables', () => {
    expect(substituteVariables('/#ab#', new Map([['ab', 'x']])).text).toBe('/#ab#');
  });
});
