import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { stageOf, traceOf } from './helpers';
import type { BackendPolicyCondition, RequestParam } from '../../src-shared/model';
import type { BackendPolicyInput } from '../../src-main/store/inputs';

describe('backend policies', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });
  afterAll(() => f.close());

  const echo = (path: string) => ({ type: 'HTTP' as const, address: f.echo.url.slice(7), path });
  const policy = (name: string, conditions: BackendPolicyCondition[], effectMode: 'ALL' | 'ANY' = 'ALL'): BackendPolicyInput => ({
    name,
    effectMode,
    conditions,
    backend: echo(`/${name}`),
  });
  const tierParam: RequestParam = { name: 'tier', location: 'QUERY', type: 'STRING', required: false, validEnable: false, passThrough: true };
  /** An API at /<name> with the default backend /default and the given policies; returns a sender giving the backend path. */
  function routed(name: string, policies: BackendPolicyInput[], extra: Record<string, unknown> = {}) {
    f.api({ name, path: `/${name}`, requestParams: [tierParam], backend: echo('/default'), backendPolicies: policies, ...extra });
    return async (query = '', headers: Record<string, string> = {}) => {
      const res = await f.send(`/${name}${query}`, { headers });
      return { res, path: res.echoed().path };
    };
  }

  it('a param exact condition routes to the policy backend; otherwise the default backend', async () => {
    const send = routed('bpexact', [policy('gold', [{ origin: 'param', type: 'exact', paramName: 'tier', value: 'gold' }])]);
    expect((await send('?tier=gold')).path).toBe('/gold');
    const fallback = await send('?tier=silver');
    expect(fallback.path).toBe('/default');
    expect((await stageOf(f, fallback.res.requestId, 'backend-policy')).summary).toBe('none of gold matched → default backend');
  });

  it('a param enum condition matches any listed value', async () => {
    const send = routed('bpenum', [policy('metal', [{ origin: 'param', type: 'enum', paramName: 'tier', value: 'gold,silver' }])]);
    expect((await send('?tier=silver')).path).toBe('/metal');
    expect((await send('?tier=bronze')).path).toBe('/default');
  });

  it('a param pattern condition must match the whole value', async () => {
    const send = routed('bppattern', [policy('versioned', [{ origin: 'param', type: 'pattern', paramName: 'tier', value: 'v[0-9]+' }])]);
    expect((await send('?tier=v12')).path).toBe('/versioned');
    expect((await send('?tier=xv12')).path).toBe('/default');
  });

  it('a pattern with nested quantifiers runs in linear time: a long near-miss value falls through to the default backend', async () => {
    const send = routed('bpredos', [policy('aaa', [{ origin: 'param', type: 'pattern', paramName: 'tier', value: '(a|aa)+' }])]);
    expect((await send(`?tier=${'a'.repeat(5000)}b`)).path).toBe('/default');
    expect((await send(`?tier=${'a'.repeat(5000)}`)).path).toBe('/aaa');
  });

  it('a source condition matches the caller IP against a CIDR', async () => {
    const send = routed('bpsource', [
      policy('far', [{ origin: 'source', value: '10.0.0.0/8' }]),
      policy('local', [{ origin: 'source', value: '192.168.0.1,127.0.0.0/8' }]),
    ]);
    expect((await send()).path).toBe('/local');
  });

  it('a system condition matches the request method', async () => {
    const send = routed('bpsystem', [policy('reads', [{ origin: 'system', type: 'enum', paramName: 'req_method', value: 'GET,HEAD' }])]);
    expect((await send()).path).toBe('/reads');
  });

  it('a cookie condition matches a cookie value', async () => {
    const send = routed('bpcookie', [policy('beta', [{ origin: 'cookie', type: 'exact', paramName: 'channel', value: 'beta' }])]);
    expect((await send('', { Cookie: 'a=1; channel=beta' })).path).toBe('/beta');
    expect((await send('', { Cookie: 'channel=stable' })).path).toBe('/default');
  });

  it('a frontend authorizer condition matches the authorizer context', async () => {
    f.fn({
      name: 'ctx_fn',
      code: `exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { user: String(e.headers['x-user'] || 'nobody') } }) });`,
    });
    const auth = f.authorizer({ name: 'ctx_auth', functionName: 'ctx_fn' });
    const send = routed(
      'bpauthctx',
      [policy('alice', [{ origin: 'frontend_authorizer', type: 'exact', paramName: '$context.authorizer.frontend.user', value: 'alice' }])],
      { authType: 'AUTHORIZER', authorizerId: auth.id },
    );
    expect((await send('', { 'X-User': 'alice' })).path).toBe('/alice');
    expect((await send('', { 'X-User': 'bob' })).path).toBe('/default');
  });

  it('ALL needs every condition; ANY needs one', async () => {
    const conditions: BackendPolicyCondition[] = [
      { origin: 'param', type: 'exact', paramName: 'tier', value: 'gold' },
      { origin: 'cookie', type: 'exact', paramName: 'channel', value: 'beta' },
    ];
    const all = routed('bpall', [policy('both', conditions, 'ALL')]);
    expect((await all('?tier=gold')).path).toBe('/default');
    expect((await all('?tier=gold', { Cookie: 'channel=beta' })).path).toBe('/both');
    const any = routed('bpany', [policy('either', conditions, 'ANY')]);
    expect((await any('?tier=gold')).path).toBe('/either');
  });

  it('policies are tried in order and the first match wins; the trace names it', async () => {
    const send = routed('bporder', [
      policy('first', [{ origin: 'param', type: 'pattern', paramName: 'tier', value: 'g.*' }]),
      policy('second', [{ origin: 'param', type: 'exact', paramName: 'tier', value: 'gold' }]),
    ]);
    const { res, path } = await send('?tier=gold');
    expect(path).toBe('/first');
    const stage = await stageOf(f, res.requestId, 'backend-policy');
    expect(stage.detail?.policy).toBe('first');
    expect(stage.summary).toContain('backend policy first matched');
    expect(stage.summary).toContain('param tier ~ g.* (got "gold")');
  });

  it('a policy backend uses its own backend parameters', async () => {
    const send = routed('bpparams', [
      {
        ...policy('withparams', [{ origin: 'param', type: 'exact', paramName: 'tier', value: 'gold' }]),
        backend: { ...echo('/withparams'), params: [{ name: 'x-route', location: 'HEADER', origin: 'CONSTANT', value: 'policy' }] },
      },
    ]);
    const { res } = await send('?tier=gold');
    expect(res.echoed().headers['x-route']).toBe('policy');
  });
});

describe('backend custom authorizers', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
    f.fn({
      name: 'backend_allow',
      code: `exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { tenant: e.user_data } }) });`,
    });
    f.fn({ name: 'backend_deny', code: `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'deny' }) });` });
  });
  afterAll(() => f.close());

  it('allow maps $context.authorizer.backend.<key> into a backend header, shown as the backend leg', async () => {
    const auth = f.authorizer({ name: 'back_allow', functionName: 'backend_allow', type: 'BACKEND', userData: 'acme' });
    f.api({
      name: 'backauth',
      path: '/backauth',
      backend: {
        type: 'HTTP',
        address: f.echo.url.slice(7),
        path: '/echo',
        authorizerId: auth.id,
        params: [{ name: 'x-tenant', location: 'HEADER', origin: 'SYSTEM', value: '$context.authorizer.backend.tenant' }],
      },
    });
    const res = await f.send('/backauth');
    expect(res.status).toBe(200);
    expect(res.echoed().headers['x-tenant']).toBe('acme');
    const trace = await traceOf(f, res.requestId);
    expect(trace.authorizers).toHaveLength(1);
    expect(trace.authorizers[0]).toMatchObject({ leg: 'backend', decision: 'allow', event: { user_data: 'acme' }, context: { tenant: 'acme' } });
    expect(trace.stages.find((s) => s.name === 'backend-authorizer')?.outcome).toBe('ok');
  });

  it('deny maps to AUTHORIZER_FAILURE and the backend is not called', async () => {
    const auth = f.authorizer({ name: 'back_deny', functionName: 'backend_deny', type: 'BACKEND' });
    f.api({ name: 'backdeny', path: '/backdeny', backend: { type: 'HTTP', address: f.echo.url.slice(7), path: '/echo', authorizerId: auth.id } });
    const res = await f.send('/backdeny');
    expect(res.status).toBe(500);
    const trace = await traceOf(f, res.requestId);
    expect(trace.response.errorType).toBe('AUTHORIZER_FAILURE');
    expect(trace.backend).toBeUndefined();
    expect(trace.authorizers[0]).toMatchObject({ leg: 'backend', decision: 'deny' });
  });

  it("a matched backend policy's own authorizer runs instead of the default backend's", async () => {
    const allow = f.workbench.store.authorizers.getByName('back_allow')!;
    const deny = f.workbench.store.authorizers.getByName('back_deny')!;
    const param: RequestParam = { name: 'who', location: 'QUERY', type: 'STRING', required: false, validEnable: false, passThrough: true };
    f.api({
      name: 'policyauth',
      path: '/policyauth',
      requestParams: [param],
      backend: { type: 'HTTP', address: f.echo.url.slice(7), path: '/echo', authorizerId: deny.id },
      backendPolicies: [
        {
          name: 'trusted',
          effectMode: 'ALL',
          conditions: [{ origin: 'param', type: 'exact', paramName: 'who', value: 'trusted' }],
          backend: { type: 'HTTP', address: f.echo.url.slice(7), path: '/trusted', authorizerId: allow.id },
        },
      ],
    });
    expect((await f.send('/policyauth?who=trusted')).status).toBe(200);
    expect((await f.send('/policyauth?who=other')).status).toBe(500);
  });
});
