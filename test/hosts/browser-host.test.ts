import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { TOKEN_HEADER, WorkbenchError, eventsUrl, type WorkbenchEvent } from '../../src-shared/contract';
import { startHostFixture, type HostFixture } from './helpers';

let fx: HostFixture;
let staticDir: string;

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'apigw-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>workbench test page</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fx = await startHostFixture({ staticDir });
});
afterAll(async () => {
  await fx?.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

describe('browser host access checks', () => {
  it('rejects an API call without the token with 401', async () => {
    const res = await request(`${fx.host.origin}/api/workspaceInfo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.statusCode).toBe(401);
    expect((await res.body.json()) as any).toMatchObject({ error: { kind: 'unauthorized' } });
  });

  it('rejects an API call with a wrong token of the right length with 401', async () => {
    const wrong = fx.host.token.replace(/./, (c) => (c === 'A' ? 'B' : 'A'));
    const { status } = await fx.post('workspaceInfo', {}, { [TOKEN_HEADER]: wrong });
    expect(status).toBe(401);
  });

  it('rejects a foreign Host header with 403 even with the right token (DNS rebinding)', async () => {
    const { status, json } = await fx.post('workspaceInfo', {}, { host: `evil.example:${fx.host.port}` });
    expect(status).toBe(403);
    expect(json.error.message).toContain('evil.example');
  });

  it('rejects a foreign Host header for static files too', async () => {
    const res = await request(`${fx.host.origin}/`, { headers: { host: 'evil.example' } });
    expect(res.statusCode).toBe(403);
    await res.body.dump();
  });

  it('rejects a foreign Origin with 403 even with the right token', async () => {
    const { status, json } = await fx.post('workspaceInfo', {}, { origin: 'https://evil.example' });
    expect(status).toBe(403);
    expect(json.error.kind).toBe('forbidden');
  });

  it('rejects a cross-site request announced by Sec-Fetch-Site', async () => {
    const { status } = await fx.post('workspaceInfo', {}, { 'sec-fetch-site': 'cross-site' });
    expect(status).toBe(403);
  });

  it('accepts the right token with Host localhost:PORT and a same-origin Origin', async () => {
    const { status, json } = await fx.post('workspaceInfo', {}, { host: `localhost:${fx.host.port}`, origin: `http://localhost:${fx.host.port}` });
    expect(status).toBe(200);
    expect(json.result.file).toBe(path.join(fx.dir, 'ws.db'));
    expect(json.result.host).toBe('browser');
  });

  it('refuses a body that is not JSON-typed (no simple cross-origin form posts)', async () => {
    const res = await request(`${fx.host.origin}/api/listGroups`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', [TOKEN_HEADER]: fx.host.token },
      body: '{}',
    });
    expect(res.statusCode).toBe(415);
    await res.body.dump();
  });

  it('answers an unknown method with 404 naming it', async () => {
    const { status, json } = await fx.post('dropDatabase', {});
    expect(status).toBe(404);
    expect(json.error.message).toContain("'dropDatabase'");
  });
});

describe('browser host static files', () => {
  it('serves index.html with a strict CSP and no-referrer', async () => {
    const res = await request(`${fx.host.origin}/?token=${fx.host.token}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(await res.body.text()).toContain('workbench test page');
  });

  it('does not serve files outside the build directory', async () => {
    // Encoded ../ is clamped at the build root: the request resolves inside it (here: the page), never to /etc/passwd.
    const res = await request(`${fx.host.origin}/assets/..%2f..%2f..%2f..%2fetc%2fpasswd`);
    const body = await res.body.text();
    expect(body).not.toContain('root:');
    expect(body).toContain('workbench test page');
    const missingAsset = await request(`${fx.host.origin}/assets/..%2f..%2fnope.js`);
    expect(missingAsset.statusCode).toBe(404);
    await missingAsset.body.dump();
  });
});

describe('contract over HTTP', () => {
  it('round-trips a created group through listGroups', async () => {
    const created = await fx.client.createGroup({ input: { name: 'orders_api', description: 'orders' } });
    expect(created.id).toMatch(/\w+/);
    const groups = await fx.client.listGroups();
    expect(groups.map((g) => g.name)).toContain('orders_api');
    expect((await fx.client.getGroup({ id: created.id })).description).toBe('orders');
  });

  it('returns the store rule issues of a rejected write, naming the field', async () => {
    const error = await fx.client.createGroup({ input: { name: '1 bad name!' } }).catch((e) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error.kind).toBe('validation');
    expect(error.issues.map((i: { field: string }) => i.field)).toContain('name');
  });

  it('rejects malformed args with invalid-argument naming the argument', async () => {
    const { status, json } = await fx.post('getGroup', { id: 42 });
    expect(status).toBe(400);
    expect(json.error.kind).toBe('invalid-argument');
    expect(json.error.message).toContain("'id'");
    expect(json.error.issues[0].field).toBe('id');
  });

  it('maps a missing entity to not-found', async () => {
    const error = await fx.client.getApi({ id: 'no-such-api' }).catch((e) => e);
    expect(error.kind).toBe('not-found');
  });
});

describe('live events', () => {
  it('streams a trace event over SSE when a request passes through the gateway', async () => {
    const group = await fx.client.createGroup({ input: { name: 'sse_group', isDefault: true } });
    const envs = await fx.client.listEnvironments();
    const release = envs.find((e) => e.name === 'RELEASE')!;
    const api = await fx.client.createApi({
      input: { groupId: group.id, name: 'ping', method: 'GET', path: '/ping', backend: { type: 'MOCK', statusCode: 200, body: 'pong' } },
    });
    await fx.client.publishApi({ apiId: api.id, envId: release.id });

    const stream = await request(fx.host.origin + eventsUrl(fx.host.token));
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    const events: WorkbenchEvent[] = [];
    const sent = await (async () => {
      const iterator = stream.body[Symbol.asyncIterator]();
      // The first chunk (retry + comment) arrives once the stream is subscribed; send only then.
      await iterator.next();
      const result = await fx.client.sendRequest({ method: 'GET', url: '/ping' });
      let buffer = '';
      while (!events.some((e) => e.type === 'trace' && e.trace.requestId === result.requestId)) {
        const { value, done } = await iterator.next();
        if (done) break;
        buffer += Buffer.from(value).toString('utf8');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
        }
      }
      stream.body.destroy();
      return result;
    })();

    expect(sent.status).toBe(200);
    expect(sent.body).toBe('pong');
    expect(sent.trace?.apiName).toBe('ping');
    const traceEvent = events.find((e) => e.type === 'trace');
    expect(traceEvent).toMatchObject({ type: 'trace', trace: { requestId: sent.requestId, status: 200, url: '/ping' } });
  });

  it('rejects the event stream without the token', async () => {
    const res = await request(`${fx.host.origin}/api/events`);
    expect(res.statusCode).toBe(401);
    await res.body.dump();
  });
});
