/**
 * Dot segments in the request path (also percent-encoded) are resolved before routing, as an
 * nginx-based gateway does: a prefix-match API or a path parameter can never carry `..` to a
 * backend, and a path that climbs above the root is a 400.
 */
import http from 'node:http';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { resolveDotSegments } from '../../src-shared/apig/router';
import { createFixture, type Fixture } from './fixture';

describe('resolveDotSegments', () => {
  it.each([
    ['/a/b/c', '/a/b/c'],
    ['/a/./b', '/a/b'],
    ['/a/b/../c', '/a/c'],
    ['/a/b/..', '/a/'],
    ['/a/b/.', '/a/b/'],
    ['/a/..', '/'],
    ['/a//../b', '/a/b'],
    ['/a.b/..c/c..', '/a.b/..c/c..'],
    ['/..', undefined],
    ['/a/../..', undefined],
    ['/pfx/../../admin', undefined],
  ])('%s → %s', (path, resolved) => {
    expect(resolveDotSegments(path)).toBe(resolved);
  });
});

/** GET with the path exactly as given: URL parsers (undici's included) resolve dot segments first. */
function sendRaw(base: string, path: string): Promise<{ status: number; requestId: string; json: () => any; echoedPath: () => string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(base, { path, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, requestId: String(res.headers['x-request-id']), json: () => JSON.parse(text), echoedPath: () => JSON.parse(text).path }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dot segments at the gateway', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture({ defaultApiRateLimit: false });
    const backend = (path: string) => ({ type: 'HTTP' as const, address: f.echo.url.slice(7), path });
    f.api({ name: 'prefix', path: '/pfx/', matchMode: 'SWA', backend: backend('/base/') });
    f.api({
      name: 'by_name',
      path: '/files/{name}',
      requestParams: [{ name: 'name', location: 'PATH', type: 'STRING', required: true, validEnable: false, passThrough: true }],
      backend: { ...backend('/store/{name}'), params: [{ name: 'name', location: 'PATH', origin: 'REQUEST', value: 'name' }] },
    });
  });
  afterAll(() => f.close());

  it('/pfx/%2e%2e/%2e%2e/admin on a prefix API climbs above the root: 400, the backend is not called', async () => {
    const res = await sendRaw(f.gatewayUrl, '/pfx/%2e%2e/%2e%2e/admin');
    expect(res.status).toBe(400);
    expect(res.json().error_code).toBe('APIG.0602');
    const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
    expect(trace.backend).toBeUndefined();
    expect(trace.stages.find((s) => s.name === 'route')!.summary).toMatch(/climbs above the root/);
  });

  it('a dot segment inside the prefix is resolved before the remainder is taken; the trace notes the rewrite', async () => {
    const res = await sendRaw(f.gatewayUrl, '/pfx/a/%2E%2E/b/./c');
    expect(res.status).toBe(200);
    expect(res.echoedPath()).toBe('/base/b/c');
    const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
    expect(trace.fidelityNotes.join(' ')).toMatch(/was routed as \/pfx\/b\/c/);
  });

  it('leaving the prefix with .. no longer matches the prefix API', async () => {
    const res = await sendRaw(f.gatewayUrl, '/pfx/%2e%2e/files/x');
    expect(res.status).toBe(200);
    // Routed as /files/x: the other API, not /base/../files/x on the prefix API's backend.
    expect(res.echoedPath()).toBe('/store/x');
  });

  it('.. as a path parameter is resolved away, never sent as /store/..', async () => {
    const res = await sendRaw(f.gatewayUrl, '/files/%2e%2e');
    expect(res.status).toBe(404);
    const dotted = await sendRaw(f.gatewayUrl, '/files/a%2F..%2F..%2Fetc');
    expect(dotted.status).toBe(404);
  });
});
