/**
 * Credentials never reach a stored trace in the clear: bearer tokens, Basic credentials, cookies,
 * API keys in headers or the query, and names the user adds — in the request, the events the
 * authorizer and the function got, the authorizer cache key, the backend request and the summary.
 * The functions and the backend still receive the real values.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './fixture';
import { SENSITIVE_NAMES_SETTING, TraceMasker } from '../../src-main/gateway/trace/trace-secrets';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXVzZXI.abcdefghijklmnop';
const TENANT_SECRET = 'tenant-secret-value-123456';

describe('credentials in traces', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });
  afterAll(() => f.close());

  it('masks bearer tokens, cookies, API keys and user-named headers and query parameters everywhere a trace copies them', async () => {
    f.workbench.store.settings.set(SENSITIVE_NAMES_SETTING, 'X-Tenant-Secret, tenant_key');
    f.fn({
      name: 'mask_auth_fn',
      code: `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ status: event.headers.authorization === 'Bearer ${TOKEN}' ? 'allow' : 'deny' }) });`,
    });
    const auth = f.authorizer({ name: 'mask_auth', functionName: 'mask_auth_fn', ttl: 60, identities: [{ name: 'Authorization', location: 'HEADER' }] });
    f.api({ name: 'mask_api', path: '/mask', authType: 'AUTHORIZER', authorizerId: auth.id, backend: { type: 'HTTP', address: f.echo.url.slice(7), path: '/' } });

    const query = `?access_token=${TOKEN}&tenant_key=${TENANT_SECRET}&page=2`;
    const res = await f.send(`/mask${query}`, {
      headers: { Authorization: `Bearer ${TOKEN}`, Cookie: `sid=${TOKEN}; theme=dark`, 'X-Tenant-Secret': TENANT_SECRET, 'X-Api-Key': TENANT_SECRET },
    });
    expect(res.status).toBe(200);
    // The backend got the real values.
    expect(res.echoed().headers['x-tenant-secret']).toBe(TENANT_SECRET);

    f.workbench.gateway.flushTraces();
    const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
    // The backend's answer is its own data (the echo backend repeats the request): bodies are not masked.
    const stored = JSON.stringify({ ...trace, response: { ...trace.response, body: undefined } });
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(TENANT_SECRET);
    expect(trace.request.headers.authorization).toBe('Bearer ey***op');
    expect(trace.request.headers.cookie).toBe('sid=ey***op; theme=d***');
    expect(trace.request.url).toBe('/mask?access_token=ey***op&tenant_key=te***56&page=2');
    expect(trace.backend?.headers?.authorization).toBe('Bearer ey***op');
    expect(trace.authorizers[0].cache.key).toBe('Be***op');
    expect(JSON.stringify(f.workbench.store.traces.list({ limit: 5 }))).not.toContain(TOKEN);
  });

  it('masks the cookies a backend sets and its token headers in the recorded answer; the client gets them whole', async () => {
    const backend = createServer((_req, res) => {
      res.setHeader('Set-Cookie', [`sid=${TOKEN}; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; HttpOnly`, 'theme=dark']);
      res.setHeader('X-Subject-Token', TOKEN);
      res.end('{}');
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    try {
      const port = (backend.address() as AddressInfo).port;
      f.api({ name: 'cookie_api', path: '/cookies', backend: { type: 'HTTP', address: `127.0.0.1:${port}`, path: '/' } });
      const res = await f.send('/cookies');
      expect(res.headers['set-cookie']).toBe(`sid=${TOKEN}; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; HttpOnly, theme=dark`);
      expect(res.headers['x-subject-token']).toBe(TOKEN);
      f.workbench.gateway.flushTraces();
      const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
      expect(JSON.stringify(trace)).not.toContain(TOKEN);
      expect(trace.response.headers['set-cookie']).toBe('sid=ey***op; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; HttpOnly, theme=d***');
      expect(trace.response.headers['x-subject-token']).toBe('ey***op');
    } finally {
      await new Promise((resolve) => backend.close(resolve));
    }
  });

  it('keeps a request signature readable (it is bound to one request) and masks Basic credentials', () => {
    const mask = new TraceMasker();
    const signed = 'SDK-HMAC-SHA256 Access=appkey, SignedHeaders=host;x-sdk-date, Signature=abcdef0123456789';
    expect(mask.headers({ Authorization: signed }).Authorization).toBe(signed);
    expect(mask.headers({ Authorization: 'Basic dXNlcjpwYXNzd29yZA==' }).Authorization).toBe('Basic dX***==');
    expect(mask.headers({ 'Proxy-Authorization': 'Bearer abcdefghijklmnop' })['Proxy-Authorization']).toBe('Bearer ab***op');
    expect(mask.url('/p?Access_Token=abcdefghijklmnop')).toBe('/p?Access_Token=ab***op');
    expect(mask.event({ headers: { 'x-auth-token': 'abcdefghijklmnop' }, queryStringParameters: { password: ['abcdefghijklmnop', 'x'] } })).toEqual({
      headers: { 'x-auth-token': 'ab***op' },
      queryStringParameters: { password: ['ab***op', 'x***'] },
    });
  });
});

describe('apig-workbench trace-mask', () => {
  it('saves the workspace’s own names, lists them with the built-in ones, and refuses a name that is not a token', async () => {
    const { runCli: run } = await import('../cli/run-cli');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-mask-'));
    const db = path.join(dir, 'w.db');
    try {
      const set = await run('trace-mask', '--db', db, 'X-Tenant-Secret, tenant_key');
      expect(set.code).toBe(0);
      expect(set.out).toContain('This workspace adds: x-tenant-secret, tenant_key');
      expect(set.out).toContain('access_token');
      expect((await run('trace-mask', '--db', db)).out).toContain('This workspace adds: x-tenant-secret, tenant_key');
      const bad = await run('trace-mask', '--db', db, 'ok, bad(name)');
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain('"bad(name)" is not a valid header or query parameter name');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
