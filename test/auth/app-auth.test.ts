/**
 * APP authentication through the real local gateway (real workspace file, sockets, echo backend).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSdkDate, signRequest } from '../../src-shared/apig/app-signature';
import type { Api, App } from '../../src-shared/model';
import type { TraceRecord } from '../../src-shared/trace';
import { createFixture, type Fixture } from '../gateway/fixture';
import { pythonSign } from './python-signer';

const SECRET = 'Secret_for_tests_0001';

describe('APP authentication (SDK-HMAC-SHA256)', () => {
  let f: Fixture;
  let app: App;
  let release: string;
  let dev: string;

  /** A published APP API at /<name>, authorized for `app` in RELEASE only; the backend gets $context.appId/appName. */
  function appApi(name: string, extra: Record<string, unknown> = {}): Api {
    const api = f.api(
      {
        name,
        path: `/${name}`,
        method: 'ANY',
        authType: 'APP',
        backend: {
          type: 'HTTP',
          address: f.echo.url.slice(7),
          path: '/',
          params: [
            { name: 'x-app-id', location: 'HEADER', origin: 'SYSTEM', value: '$context.appId' },
            { name: 'x-app-name', location: 'HEADER', origin: 'SYSTEM', value: '$context.appName' },
          ],
        },
        ...extra,
      },
      ['RELEASE', 'DEV'],
    );
    f.workbench.store.apps.authorize(app.id, api.id, release);
    return api;
  }

  function signed(path: string, init: { method?: string; headers?: Record<string, string>; body?: string; date?: Date; key?: string; secret?: string } = {}) {
    const method = init.method ?? 'GET';
    const s = signRequest({
      method,
      url: f.gatewayUrl + path,
      headers: init.headers,
      body: init.body,
      appKey: init.key ?? app.appKey,
      appSecret: init.secret ?? SECRET,
      date: init.date,
    });
    return { method, headers: s.headers, body: init.body, signature: s };
  }

  const trace = async (requestId: string): Promise<TraceRecord> => (await f.workbench.gateway.getTrace(requestId))!;
  const authStage = (t: TraceRecord) => t.stages.find((s) => s.name === 'authentication')!;

  beforeAll(async () => {
    f = await createFixture();
    const store = f.workbench.store;
    release = store.environments.getByName('RELEASE')!.id;
    dev = store.environments.create({ name: 'DEV' }).id;
    app = store.apps.create({ name: 'test_app', appKey: 'test_app_key_01', appSecret: SECRET });
  });
  afterAll(() => f.close());

  it('a request signed with the shared signer passes and the backend sees $context.appId and $context.appName', async () => {
    appApi('ok_get');
    const req = signed('/ok_get?b=2&a=3&a=1');
    const res = await f.send('/ok_get?b=2&a=3&a=1', req);
    expect(res.status).toBe(200);
    expect(res.echoed().headers['x-app-id']).toBe(app.id);
    expect(res.echoed().headers['x-app-name']).toBe('test_app');
    const stage = authStage(await trace(res.requestId));
    expect(stage.outcome).toBe('ok');
    expect(stage.summary).toContain('SDK-HMAC-SHA256 signature of app test_app verified');
    expect(stage.detail?.canonicalRequest).toBe(req.signature.canonicalRequest);
  });

  it('a request signed by an independent python3 signer passes: trailing slash, sorted repeated query values, header case and order', async () => {
    appApi('py_post');
    const host = f.gatewayUrl.slice('http://'.length);
    const date = formatSdkDate(new Date());
    const body = '{"hello":"world"}';
    const headers = { Host: host, 'X-Sdk-Date': date, 'Content-Type': 'application/json', 'X-Zeta': ' z ', 'x-alpha': 'A' };
    const py = pythonSign({ method: 'POST', path: '/py_post', query: 'z=9&m=2&m=10&m=1&flag', headers, body, key: app.appKey, secret: SECRET });
    // The client sends its headers in its own order and case; the gateway lower-cases and sorts.
    const res = await f.send('/py_post?z=9&m=2&m=10&m=1&flag', {
      method: 'POST',
      headers: { 'x-alpha': 'A', 'X-Zeta': ' z ', 'Content-Type': 'application/json', 'X-Sdk-Date': date, Authorization: py.authorization },
      body,
    });
    expect(res.status).toBe(200);
    expect(authStage(await trace(res.requestId)).detail?.canonicalRequest).toBe(py.canonicalRequest);
    expect(py.canonicalRequest.split('\n').slice(1, 3)).toEqual(['/py_post/', 'flag=&m=1&m=10&m=2&z=9']);
  });

  it('an empty body signs with the SHA-256 of nothing, and X-Sdk-Content-Sha256 overrides the body hash', async () => {
    appApi('payload');
    const empty = await f.send('/payload', { ...signed('/payload', { method: 'DELETE' }), method: 'DELETE' });
    expect(empty.status).toBe(200);
    const unsigned = signed('/payload', { method: 'PUT', headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: 'anything' });
    const res = await f.send('/payload', unsigned);
    expect(res.status).toBe(200);
    expect((authStage(await trace(res.requestId)).detail?.canonicalRequest as string).endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });

  it('a tampered body is APIG.0303 with the gateway canonical request in the message, and the trace carries canonical request and string-to-sign', async () => {
    appApi('tamper');
    const req = signed('/tamper', { method: 'POST', body: 'original' });
    const res = await f.send('/tamper', { ...req, body: 'tampered' });
    expect(res.status).toBe(401);
    const json = res.json();
    expect(json.error_code).toBe('APIG.0303');
    const flat = json.error_msg as string;
    expect(flat.startsWith('Incorrect app authentication information: verify signature fail, canonicalRequest:POST|/tamper/||')).toBe(true);
    expect(flat).not.toContain('\n');
    const t = await trace(res.requestId);
    expect(t.response.errorType).toBe('AUTH_FAILURE');
    const detail = authStage(t).detail!;
    expect(flat).toBe(`Incorrect app authentication information: verify signature fail, canonicalRequest:${(detail.canonicalRequest as string).replace(/\n/g, '|')}`);
    expect(detail.stringToSign).toMatch(/^SDK-HMAC-SHA256\n\d{8}T\d{6}Z\n[0-9a-f]{64}$/);
    // Only the body hash (last line) differs from what the client signed.
    const client = req.signature.canonicalRequest.split('\n');
    const gateway = (detail.canonicalRequest as string).split('\n');
    expect(gateway.slice(0, -1)).toEqual(client.slice(0, -1));
    expect(gateway.at(-1)).not.toBe(client.at(-1));
    expect(detail.appSecret).toBe('Se***01');
    expect(JSON.stringify(t)).not.toContain(SECRET);
  });

  it('X-Sdk-Date 16 minutes off is "signature expired" with signature and server time', async () => {
    appApi('expired');
    const date = new Date(Date.now() - 16 * 60 * 1000);
    const res = await f.send('/expired', signed('/expired', { date }));
    expect(res.status).toBe(401);
    expect(res.json().error_code).toBe('APIG.0303');
    expect(res.json().error_msg).toMatch(
      new RegExp(`^Incorrect app authentication information: signature expired, signature time:${formatSdkDate(date)},server time:\\d{8}T\\d{6}Z$`),
    );
    // 14 minutes ahead is still inside the window.
    const ok = await f.send('/expired', signed('/expired', { date: new Date(Date.now() + 14 * 60 * 1000) }));
    expect(ok.status).toBe(200);
  });

  it('an unknown AppKey is "app not found, appkey <key>"', async () => {
    appApi('unknown_key');
    const res = await f.send('/unknown_key', signed('/unknown_key', { key: 'nobody_has_this_key' }));
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: app not found, appkey nobody_has_this_key' });
  });

  it('a wrong AppSecret fails the signature check', async () => {
    appApi('wrong_secret');
    const res = await f.send('/wrong_secret', signed('/wrong_secret', { secret: 'not_the_secret' }));
    expect(res.status).toBe(401);
    expect(res.json().error_msg).toContain('verify signature fail');
  });

  it('an app not authorized in the environment is APIG.0304 with status 401 from the UNAUTHORIZED type', async () => {
    appApi('per_env');
    const req = signed('/per_env', { headers: { 'X-Stage': 'DEV' } });
    const res = await f.send('/per_env', req);
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0304', error_msg: 'The app is not authorized to access the API.' });
    const t = await trace(res.requestId);
    expect(t.response.errorType).toBe('UNAUTHORIZED');
    expect(authStage(t).summary).toContain('app test_app is not authorized for API per_env in DEV');
    // Authorizing it in DEV lets the same request through.
    f.workbench.store.apps.authorize(app.id, f.workbench.store.apis.getByName(f.group.id, 'per_env')!.id, dev);
    expect((await f.send('/per_env', signed('/per_env', { headers: { 'X-Stage': 'DEV' } }))).status).toBe(200);
  });

  it('no Authorization header is AUTH_HEADER_MISSING 401', async () => {
    appApi('no_auth');
    const res = await f.send('/no_auth');
    expect(res.status).toBe(401);
    expect(res.json().error_code).toBe('APIG.0303');
    const t = await trace(res.requestId);
    expect(t.response.errorType).toBe('AUTH_HEADER_MISSING');
    expect(authStage(t).summary).toContain('no Authorization header');
  });

  it('a malformed Authorization header is AUTH_FAILURE and the trace says what is wrong', async () => {
    appApi('bad_header');
    const res = await f.send('/bad_header', { headers: { Authorization: 'SDK-HMAC-SHA256 Access=test_app_key_01' } });
    expect(res.status).toBe(401);
    const t = await trace(res.requestId);
    expect(t.response.errorType).toBe('AUTH_FAILURE');
    expect(authStage(t).summary).toContain('has no SignedHeaders, Signature');
  });

  it('gateway response templates resolve $context.appName once the app is identified', async () => {
    const set = f.workbench.store.responseSets.list(f.group.id).find((s) => s.isDefault)!;
    f.workbench.store.responseSets.update(set.id, {
      responses: { UNAUTHORIZED: { status: 403, body: '{"app":"$context.appName","code":"$context.error.code"}', headers: [] } },
    });
    try {
      appApi('templ');
      const res = await f.send('/templ', signed('/templ', { headers: { 'X-Stage': 'DEV' } }));
      expect(res.status).toBe(403);
      expect(res.json()).toEqual({ app: 'test_app', code: 'APIG.0304' });
    } finally {
      f.workbench.store.responseSets.update(set.id, { responses: {} });
    }
  });

  it('two-factor: a valid signature and an authorizer deny is AUTHORIZER_FAILURE; a bad signature never calls the authorizer', async () => {
    f.fn({ name: 'tf_fn', code: `exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ status: e.headers['x-let-in'] === 'yes' ? 'allow' : 'deny', context: { who: 'u1' } }) });` });
    const auth = f.authorizer({ name: 'tf_auth', functionName: 'tf_fn' });
    appApi('two_factor', { authorizerId: auth.id });
    const denied = await f.send('/two_factor', signed('/two_factor'));
    expect(denied.status).toBe(500);
    const t = await trace(denied.requestId);
    expect(t.response.errorType).toBe('AUTHORIZER_FAILURE');
    expect(authStage(t).outcome).toBe('ok');
    expect(t.authorizers).toHaveLength(1);

    const allowed = await f.send('/two_factor', signed('/two_factor', { headers: { 'x-let-in': 'yes' } }));
    expect(allowed.status).toBe(200);
    expect(allowed.echoed().headers['x-app-name']).toBe('test_app');

    const badSig = await f.send('/two_factor', signed('/two_factor', { headers: { 'x-let-in': 'yes' }, secret: 'wrong_secret' }));
    expect(badSig.status).toBe(401);
    expect((await trace(badSig.requestId)).authorizers).toHaveLength(0);
  });
});

describe('AppCode simple authentication', () => {
  const CODE = 'A' + 'pp+Code/0123456789'.repeat(4) + '==';

  async function setup(appCodeOverHttp: boolean) {
    const f = await createFixture({ appCodeOverHttp });
    const store = f.workbench.store;
    const app = store.apps.create({ name: 'code_app' });
    store.apps.addAppCode(app.id, CODE);
    const api = f.api({ name: 'by_code', path: '/by_code', authType: 'APP', appCodeAuth: true });
    store.apps.authorize(app.id, api.id, store.environments.getByName('RELEASE')!.id);
    const plain = f.api({ name: 'no_code', path: '/no_code', authType: 'APP' });
    store.apps.authorize(app.id, plain.id, store.environments.getByName('RELEASE')!.id);
    return f;
  }

  it('over the local gateway plain HTTP it is refused, and the trace says why and how to allow it', async () => {
    const f = await setup(false);
    try {
      const res = await f.send('/by_code', { headers: { 'X-Apig-AppCode': CODE } });
      expect(res.status).toBe(401);
      expect(res.json().error_code).toBe('APIG.0303');
      const t = (await f.workbench.gateway.getTrace(res.requestId))!;
      expect(t.response.errorType).toBe('AUTH_FAILURE');
      const stage = t.stages.find((s) => s.name === 'authentication')!;
      expect(stage.summary).toContain('APIG accepts X-Apig-AppCode over HTTPS only and this request came over plain HTTP');
      expect(stage.summary).toContain('appCodeOverHttp');
      expect(JSON.stringify(stage)).not.toContain(CODE);
    } finally {
      await f.close();
    }
  });

  it('with the gateway option appCodeOverHttp it is accepted, with a fidelity note; unknown codes and APIs without AppCode are refused', async () => {
    const f = await setup(true);
    try {
      const ok = await f.send('/by_code', { headers: { 'X-Apig-AppCode': CODE } });
      expect(ok.status).toBe(200);
      const t = (await f.workbench.gateway.getTrace(ok.requestId))!;
      expect(t.fidelityNotes.join(' ')).toContain('appCodeOverHttp');

      const wrong = await f.send('/by_code', { headers: { 'X-Apig-AppCode': CODE.replace('A', 'B') } });
      expect(wrong.status).toBe(401);
      expect(wrong.json().error_code).toBe('APIG.0303');

      const notEnabled = await f.send('/no_code', { headers: { 'X-Apig-AppCode': CODE } });
      expect(notEnabled.status).toBe(401);
      const t2 = (await f.workbench.gateway.getTrace(notEnabled.requestId))!;
      expect(t2.response.errorType).toBe('AUTH_HEADER_MISSING');
      expect(t2.stages.find((s) => s.name === 'authentication')!.summary).toContain('AppCode authentication is not enabled on this API');
    } finally {
      await f.close();
    }
  });
});
