/**
 * The trace's answer at a glance: the "Gateway response" stage (type, response set, customised or
 * default, templates, each variable with the value it rendered) and the one-line headline the
 * live log and the stored trace list carry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStage, type TraceStageName, type TraceSummary } from '../../src-shared/trace';
import { createFixture, type Fixture } from './fixture';

const authorizerCode = (status: 'allow' | 'deny', context: object) =>
  `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: '${status}', context: ${JSON.stringify(context)} }) });`;

describe('what the trace says about the answer', () => {
  let f: Fixture;
  const live: TraceSummary[] = [];

  function protectedApi(name: string, status: 'allow' | 'deny', context: object, authorizer: Record<string, unknown> = {}): string {
    f.fn({ name: `${name}_fn`, code: authorizerCode(status, context) });
    const auth = f.authorizer({ name: `${name}_auth`, functionName: `${name}_fn`, ...authorizer });
    f.api({ name: `${name}_api`, path: `/${name}`, authType: 'AUTHORIZER', authorizerId: auth.id, backend: f.echoWithContextHeader('x-user', 'user') });
    return `/${name}`;
  }
  const stage = async <N extends TraceStageName>(requestId: string, name: N) => findStage((await f.workbench.gateway.getTrace(requestId))!.stages, name);
  const liveSummary = (requestId: string) => live.find((s) => s.requestId === requestId)!;

  beforeAll(async () => {
    f = await createFixture();
    f.workbench.gateway.onTrace((s) => live.push(s));
  });
  afterAll(() => f.close());

  it('a customised template whose authorizer variable has no value is named as rendered empty', async () => {
    const store = f.workbench.store;
    const set = store.responseSets.list(f.group.id).find((s) => s.isDefault)!;
    store.responseSets.update(set.id, {
      responses: {
        AUTHORIZER_FAILURE: {
          status: 401,
          body: '{"error_code": "$context.authorizer.frontend.code", "request_id": "$context.requestId"}',
          headers: [{ key: 'X-Why', value: '$context.error.message' }],
        },
      },
    });
    try {
      const res = await f.send(protectedApi('deny_no_code', 'deny', { reason: 'expired' }));
      expect(res.status).toBe(401);
      expect(res.json().error_code).toBe('');
      const gw = (await stage(res.requestId, 'gateway-response'))!;
      const d = gw.detail!;
      expect(d).toMatchObject({ type: 'AUTHORIZER_FAILURE', responseSet: set.name, customised: true, status: 401, statusFrom: 'response set' });
      expect(d.bodyTemplate).toContain('$context.authorizer.frontend.code');
      expect(d.headerTemplates).toEqual([{ key: 'X-Why', value: '$context.error.message' }]);
      expect(d.variables).toEqual([
        { name: '$context.authorizer.frontend.code', value: '', defined: false },
        { name: '$context.requestId', value: res.requestId, defined: true },
        { name: '$context.error.message', value: res.headers['x-why'], defined: true },
      ]);
      expect(gw.summary).toBe(`AUTHORIZER_FAILURE 401 from response set "${set.name}" (customised); rendered empty (no value for this request): $context.authorizer.frontend.code`);
    } finally {
      store.responseSets.update(set.id, { responses: {} });
    }
  });

  it('an uncustomised type reports APIG\'s default template and the type\'s default status', async () => {
    const res = await f.send('/no/such/path');
    expect(res.status).toBe(404);
    const d = (await stage(res.requestId, 'gateway-response'))!.detail!;
    expect(d).toMatchObject({ type: 'NOT_FOUND', customised: false, status: 404, statusFrom: 'type default' });
    expect(d.variables.map((v) => [v.name, v.defined])).toEqual([
      ['$context.error.code', true],
      ['$context.error.message', true],
      ['$context.requestId', true],
    ]);
    expect(res.json().error_code).toBe(d.variables[0].value);
  });

  it('a response from the backend has no gateway-response stage', async () => {
    const res = await f.send(protectedApi('plain_allow', 'allow', { user: 'u1' }));
    expect(res.status).toBe(200);
    expect(await stage(res.requestId, 'gateway-response')).toBeUndefined();
  });

  it('the live log summary carries the headline: decision, cache, mapped context and status', async () => {
    const path = protectedApi('headline_allow', 'allow', { user: 'abcd', role: 'admin' }, { ttl: 60, identities: [{ name: 'test', location: 'HEADER' }] });
    const first = await f.send(path, { headers: { test: 'abc' } });
    const second = await f.send(path, { headers: { test: 'abc' } });
    expect(second.echoed().headers['x-user']).toBe('abcd');
    expect(liveSummary(first.requestId).headline).toEqual({
      authorizer: { name: 'headline_allow_auth', decision: 'allow', cache: { hit: false, ttlLeftSec: 60 } },
      mapped: [{ key: 'user', value: 'abcd', to: 'header x-user' }],
      unmappedKeys: ['role'],
      status: 200,
    });
    const cached = liveSummary(second.requestId).headline!;
    expect(cached.authorizer!.cache!.hit).toBe(true);
    expect(cached.authorizer!.cache!.ttlLeftSec).toBeGreaterThan(0);
  });

  it('a deny headline names the gateway response type, and the stored list keeps the headline', async () => {
    const res = await f.send(protectedApi('headline_deny', 'deny', {}));
    expect(liveSummary(res.requestId).headline).toEqual({
      authorizer: { name: 'headline_deny_auth', decision: 'deny' },
      mapped: [],
      unmappedKeys: [],
      status: res.status,
      errorType: 'AUTHORIZER_FAILURE',
    });
    f.workbench.gateway.flushTraces();
    const stored = f.workbench.store.traces.list({ limit: 50 }).find((s) => s.requestId === res.requestId)!;
    expect(stored.headline).toEqual(liveSummary(res.requestId).headline);
  });
});
