/**
 * Gateway configuration parameters (src-shared/apig/gateway-config.ts): stored per workspace,
 * applied by the running gateway as soon as they change, and named in the trace where they decide.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGatewayConfig, parseGatewayParam } from '../../src-shared/apig/gateway-config';
import { createFixture, type Fixture } from './fixture';

describe('gateway configuration values', () => {
  it('checks names, types and APIG ranges', () => {
    expect(checkGatewayConfig({ ratelimit_api_limits: 5000, app_basic: true })).toEqual([]);
    expect(checkGatewayConfig({ ratelimit_api_limits: 0 })[0].message).toBe('must be 1–1000000 calls/s, got 0');
    expect(checkGatewayConfig({ request_body_size: 9537 })[0].message).toBe('must be 1–9536 MB, got 9537');
    expect(checkGatewayConfig({ backend_timeout: 1.5 })[0].rule).toBe('type');
    expect(checkGatewayConfig({ app_basic: 'on' })[0].message).toBe('must be on or off (true or false)');
    expect(checkGatewayConfig({ ratelimit: 1 })[0]).toMatchObject({ field: 'ratelimit', rule: 'unknown' });
  });

  it('parses name=value as typed on the command line', () => {
    expect(parseGatewayParam('ratelimit_api_limits=5000')).toEqual({ ok: true, name: 'ratelimit_api_limits', value: 5000 });
    expect(parseGatewayParam('app_basic=on')).toEqual({ ok: true, name: 'app_basic', value: true });
    expect(parseGatewayParam('xff_index=-2')).toEqual({ ok: true, name: 'xff_index', value: -2 });
    expect(parseGatewayParam('backend_timeout=700000')).toEqual({ ok: false, message: 'backend_timeout must be 1–600000 ms, got 700000' });
    expect(parseGatewayParam('app_basic=maybe')).toEqual({ ok: false, message: 'app_basic is on or off, got "maybe"' });
    expect(parseGatewayParam('nonsense')).toEqual({ ok: false, message: '"nonsense" is not name=value' });
  });
});

describe('gateway configuration at the gateway', () => {
  let f: Fixture;
  const set = (changes: Record<string, unknown>) => f.workbench.store.gatewayConfig.update(changes);
  const echo = () => ({ type: 'HTTP' as const, address: f.echo.url.slice(7), path: '/echo' });

  beforeAll(async () => {
    f = await createFixture();
  });
  afterAll(() => f.close());

  it('the workspace keeps only what differs from APIG defaults, and refuses a bad value whole', () => {
    expect(set({ ratelimit_api_limits: 200 }).ratelimit_api_limits).toBe(200);
    expect(f.workbench.store.settings.get('gateway.config')).toBe('{}');
    expect(() => set({ ratelimit_api_limits: 300, backend_timeout: 0 })).toThrow(/backend_timeout: must be 1–600000 ms, got 0/);
    expect(f.workbench.store.gatewayConfig.get().ratelimit_api_limits).toBe(200);
  });

  it('ratelimit_api_limits applies at once: 1 call/s trips the second quick call with 429', async () => {
    f.api({ name: 'limited', path: '/limited', backend: { type: 'MOCK', body: 'ok' } });
    set({ ratelimit_api_limits: 1 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5 && !statuses.includes(429); i++) statuses.push((await f.send('/limited')).status);
      expect(statuses).toContain(429);
    } finally {
      set({ ratelimit_api_limits: 200 });
    }
  });

  it('request_body_size: a 2 MB body passes by default and is 413 at 1 MB, the trace naming the limit', async () => {
    f.api({ name: 'upload', path: '/upload', method: 'POST', backend: { type: 'MOCK', body: 'ok' } });
    const body = Buffer.alloc(2 * 1024 * 1024, 0x61);
    expect((await f.send('/upload', { method: 'POST', body })).status).toBe(200);
    set({ request_body_size: 1 });
    try {
      const res = await f.send('/upload', { method: 'POST', body });
      expect(res.status).toBe(413);
      const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
      expect(trace.stages[0].summary).toMatch(/over the 1048576-byte limit/);
    } finally {
      set({ request_body_size: 12 });
    }
  });

  it('backend_timeout caps an API that asks for longer: 504 after the cap, with a trace note', async () => {
    f.fn({ name: 'slow', code: `exports.handler = async () => { await new Promise((r) => setTimeout(r, 3000)); return { statusCode: 200, body: 'late' }; };`, timeoutMs: 10_000 });
    f.api({ name: 'slow', path: '/slow', backend: { type: 'FUNCTION', functionUrn: 'urn:fss:local:project:function:default:slow:latest', invocationType: 'sync', timeoutMs: 10_000 } });
    set({ backend_timeout: 300 });
    try {
      const res = await f.send('/slow');
      expect(res.status).toBe(504);
      const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
      expect(trace.fidelityNotes.join(' ')).toMatch(/backend timeout 10000 ms is over the gateway parameter backend_timeout \(300 ms\)/);
    } finally {
      set({ backend_timeout: 60_000 });
    }
  });

  it('authorizer_context_support_num_bool: a number in the context is refused when off, passed when on (gateway and editor Test)', async () => {
    f.fn({ name: 'numeric', code: `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { level: 3, admin: true } }) });` });
    const authorizer = f.authorizer({ name: 'numeric', functionName: 'numeric' });
    f.api({ name: 'numeric', path: '/numeric', authType: 'AUTHORIZER', authorizerId: authorizer.id, backend: f.echoWithContextHeader('x-level', 'level') });
    expect((await f.send('/numeric')).status).toBe(500);
    expect((await f.workbench.testAuthorizer({ authorizer, event: {} })).decision).toBe('error');
    set({ authorizer_context_support_num_bool: true });
    try {
      const res = await f.send('/numeric');
      expect(res.status).toBe(200);
      expect(res.echoed().headers['x-level']).toBe('3');
      expect((await f.workbench.testAuthorizer({ authorizer, event: {} })).decision).toBe('allow');
    } finally {
      set({ authorizer_context_support_num_bool: false });
    }
  });

  it('real_ip_from_xff picks the client IP by xff_index; the backend still sees the connection appended to X-Forwarded-For', async () => {
    f.api({ name: 'whoami', path: '/whoami', backend: { ...echo(), params: [{ name: 'x-client', location: 'HEADER', origin: 'SYSTEM', value: '$context.sourceIp' }] } });
    const send = async () => (await f.send('/whoami', { headers: { 'x-forwarded-for': '1.1.1.1, 2.2.2.2' } })).echoed().headers;
    expect((await send())['x-client']).toBe('127.0.0.1');
    set({ real_ip_from_xff: true });
    try {
      expect((await send())['x-client']).toBe('2.2.2.2');
      set({ xff_index: 0 });
      const headers = await send();
      expect(headers['x-client']).toBe('1.1.1.1');
      expect(headers['x-forwarded-for']).toBe('1.1.1.1, 2.2.2.2, 127.0.0.1');
    } finally {
      set({ real_ip_from_xff: false, xff_index: -1 });
    }
  });

  describe('app_basic, app_secret, app_api_key', () => {
    const KEY = 'basic_app_key_01';
    const SECRET = 'Basic_App_Secret_01';
    beforeAll(() => {
      const store = f.workbench.store;
      const app = store.apps.create({ name: 'basic_app', appKey: KEY, appSecret: SECRET });
      const api = f.api({ name: 'app_api', path: '/app-api', authType: 'APP', backend: { type: 'MOCK', body: 'in' } });
      store.apps.authorize(app.id, api.id, store.environments.getByName('RELEASE')!.id);
    });
    const basic = (key: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` });
    const cases: { param: string; good: Record<string, string>; bad: Record<string, string> }[] = [
      { param: 'app_basic', good: basic(KEY, SECRET), bad: basic(KEY, 'wrong_secret_0001') },
      { param: 'app_secret', good: { 'x-hw-id': KEY, 'x-hw-appkey': SECRET }, bad: { 'x-hw-id': KEY, 'x-hw-appkey': SECRET.toLowerCase() } },
      { param: 'app_api_key', good: { apikey: KEY }, bad: { apikey: 'no_such_key_0001' } },
    ];

    it.each(cases)('$param: refused while off (the trace names the parameter), accepted when on, wrong credentials 401', async ({ param, good, bad }) => {
      const off = await f.send('/app-api', { headers: good });
      expect(off.status).toBe(401);
      const trace = (await f.workbench.gateway.getTrace(off.requestId))!;
      expect(trace.stages.find((s) => s.name === 'authentication')!.summary).toContain(`gateway parameter ${param} is off`);
      set({ [param]: true });
      try {
        const on = await f.send('/app-api', { headers: good });
        expect(on.status).toBe(200);
        expect(on.text).toBe('in');
        expect((await f.send('/app-api', { headers: bad })).status).toBe(401);
      } finally {
        set({ [param]: false });
      }
    });
  });
});
