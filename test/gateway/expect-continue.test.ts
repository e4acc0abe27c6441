/**
 * `Expect: 100-continue` (curl adds it to bodies over 1 MiB): the gateway answers 100 Continue
 * when a stage needs the body, or its final status when it refuses the request first, and never
 * forwards the expectation, nor any other hop-by-hop header, to a backend.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './fixture';

interface ContinueAnswer {
  /** Whether the gateway sent 100 Continue (and so the body was sent). */
  continued: boolean;
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * Sends a request as curl does for large uploads: the head with `Expect: 100-continue`, then the
 * body only once 100 Continue arrives. A final answer before that ends the exchange bodiless.
 */
function sendExpectingContinue(base: string, path: string, body: Buffer, headers: Record<string, string> = {}, chunked = false): Promise<ContinueAnswer> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const req = http.request(base + path, {
      method: 'POST',
      agent: false,
      headers: { expect: '100-continue', 'content-type': 'application/octet-stream', ...(chunked ? {} : { 'content-length': String(body.length) }), ...headers },
    });
    req.on('continue', () => {
      continued = true;
      req.end(body);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ continued, status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        if (!continued) req.destroy();
      });
    });
    req.on('error', (error) => {
      // The gateway may close the connection right after a refusal: that is the expected end.
      if (!continued) return;
      reject(error);
    });
    req.flushHeaders();
  });
}

const MB3 = Buffer.alloc(3 * 1024 * 1024, 0x61);

describe('Expect: 100-continue', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture({ defaultApiRateLimit: false });
    f.fn({ name: 'echo_body', code: `exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ length: Buffer.from(e.body || '', e.isBase64Encoded ? 'base64' : 'utf8').length }) });` });
    f.fn({
      name: 'deny_all',
      code: `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'deny' }) });`,
    });
    const deny = f.authorizer({ name: 'deny_all', functionName: 'deny_all', identities: [{ name: 'x-token', location: 'HEADER' }] });
    f.api({ name: 'upload', path: '/upload', method: 'POST' });
    f.api({ name: 'fn_upload', path: '/fn-upload', method: 'POST', backend: { type: 'FUNCTION', functionUrn: 'urn:fss:local:project:function:default:echo_body:latest', invocationType: 'sync', timeoutMs: 5000 } });
    f.api({ name: 'app_upload', path: '/app-upload', method: 'POST', authType: 'APP' });
    f.api({ name: 'denied_upload', path: '/denied-upload', method: 'POST', authType: 'AUTHORIZER', authorizerId: deny.id });
  });
  afterAll(() => f.close());

  it('a 3-byte body to an HTTP backend: 100 Continue, then the backend gets the body and no Expect header', async () => {
    const res = await sendExpectingContinue(f.gatewayUrl, '/upload', Buffer.from('abc'));
    expect(res.continued).toBe(true);
    expect(res.status).toBe(200);
    const echoed = JSON.parse(res.text);
    expect(echoed.body).toBe('abc');
    expect(echoed.headers.expect).toBeUndefined();
  });

  it('a 3 MB body to an HTTP backend reaches it whole', async () => {
    const res = await sendExpectingContinue(f.gatewayUrl, '/upload', MB3);
    expect(res.continued).toBe(true);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).body.length).toBe(MB3.length);
  });

  it('the same 3 MB body without the header reaches the backend too', async () => {
    const res = await f.send('/upload', { method: 'POST', body: MB3 });
    expect(res.status).toBe(200);
    expect(res.echoed().body.length).toBe(MB3.length);
  });

  it('a FUNCTION backend gets the body after 100 Continue, small and large', async () => {
    for (const body of [Buffer.from('abc'), MB3]) {
      const res = await sendExpectingContinue(f.gatewayUrl, '/fn-upload', body);
      expect(res.continued).toBe(true);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).length).toBe(body.length);
    }
  });

  it('a declared body over 12 MB is refused with 413 before 100 Continue, and the connection is closed', async () => {
    const res = await sendExpectingContinue(f.gatewayUrl, '/upload', Buffer.alloc(0), { 'content-length': String(13 * 1024 * 1024) });
    expect(res.continued).toBe(false);
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
  });

  it('a chunked body that passes 12 MB after 100 Continue ends in 413, and the trace says 100 Continue was sent', async () => {
    const res = await sendExpectingContinue(f.gatewayUrl, '/upload', Buffer.alloc(13 * 1024 * 1024, 0x62), {}, true);
    expect(res.continued).toBe(true);
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    const trace = await f.workbench.gateway.getTrace(String(res.headers['x-request-id']));
    expect(trace!.stages.filter((s) => s.name === 'limits').map((s) => s.outcome)).toEqual(['ok', 'fail']);
    expect(trace!.stages.find((s) => s.outcome === 'fail')!.summary).toMatch(/^100 Continue sent; body passed the 12582912-byte limit/);
  });

  it('an APP API called without credentials is refused (401) before the body is asked for', async () => {
    const res = await sendExpectingContinue(f.gatewayUrl, '/app-upload', Buffer.from('abc'));
    expect(res.continued).toBe(false);
    expect(res.status).toBe(401);
    expect(res.headers.connection).toBe('close');
  });

  it('an authorizer deny (and a missing identity) is answered before the body is asked for', async () => {
    const denied = await sendExpectingContinue(f.gatewayUrl, '/denied-upload', MB3, { 'x-token': 't' });
    expect(denied.continued).toBe(false);
    // A deny is AUTHORIZER_FAILURE: 500 APIG.0305 (runtime.md §1.5).
    expect(denied.status).toBe(500);
    expect(JSON.parse(denied.text).error_code).toBe('APIG.0305');
    const missing = await sendExpectingContinue(f.gatewayUrl, '/denied-upload', MB3);
    expect(missing.continued).toBe(false);
    expect(missing.status).toBe(401);
  });

  it('an unknown path is a 404 without 100 Continue; the trace says the body was never asked for', async () => {
    const res = await sendExpectingContinue(f.gatewayUrl, '/nowhere', Buffer.from('abc'));
    expect(res.continued).toBe(false);
    expect(res.status).toBe(404);
    const trace = await f.workbench.gateway.getTrace(String(res.headers['x-request-id']));
    expect(trace!.stages[0].summary).toMatch(/Expect: 100-continue, so the body is asked for only when a stage needs it/);
  });

  it('hop-by-hop request headers (and names listed in Connection) stay at the gateway; end-to-end ones pass', async () => {
    // node:http, not undici: undici refuses to send several of these headers at all.
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${f.gatewayUrl}/upload`, {
        method: 'POST',
        agent: false,
        headers: { connection: 'keep-alive, x-hop', 'x-hop': '1', 'keep-alive': 'timeout=5', te: 'trailers', 'proxy-authorization': 'Basic eA==', 'proxy-foo': 'y', 'x-end-to-end': 'kept' },
      });
      req.on('response', (r) => {
        let text = '';
        r.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: r.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end('x');
    });
    expect(res.status).toBe(200);
    const headers = JSON.parse(res.text).headers;
    for (const name of ['x-hop', 'keep-alive', 'te', 'proxy-authorization', 'proxy-foo', 'expect', 'trailer', 'upgrade']) expect(headers[name], name).toBeUndefined();
    expect(headers['x-end-to-end']).toBe('kept');
  });
});
