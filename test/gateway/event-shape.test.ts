/**
 * The event choices APIG does not document (src-shared/apig/event-shape.ts): what the function
 * receives in each case, and the trace note that tells the user their request hit one.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_SHAPE_CHOICES } from '../../src-shared/apig/event-shape';
import { createFixture, type Fixture } from './fixture';

/** A POST with a repeated header (undici would merge it before sending). */
function postWithRepeatedHeader(base: string, path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // A flat [name, value, …] list keeps the repeat; Node then adds neither Host nor framing of its own.
    const req = http.request(`${base}${path}`, { method: 'POST', agent: false, headers: ['host', new URL(base).host, 'x-dup', '1', 'x-dup', '2', 'content-type', 'text/plain', 'content-length', String(Buffer.byteLength(body))] as never });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers['x-request-id'])));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('event shape choices', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture({ defaultApiRateLimit: false });
    f.fn({ name: 'allow_all', code: `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'allow' }) });` });
    const authorizer = f.authorizer({ name: 'allow_all', functionName: 'allow_all' });
    f.api({
      name: 'shape',
      path: '/shape/{p}',
      method: 'POST',
      authType: 'AUTHORIZER',
      authorizerId: authorizer.id,
      requestParams: [{ name: 'p', location: 'PATH', type: 'STRING', required: true, validEnable: false, passThrough: true }],
    });
  });
  afterAll(() => f.close());

  it('raw path, decoded parameters, left-out body, repeated query and header: the event as documented here, each case noted in the trace', async () => {
    const requestId = await postWithRepeatedHeader(f.gatewayUrl, '/shape/a%20b?x=1&x=2&y=3', 'hello');
    const trace = (await f.workbench.gateway.getTrace(requestId))!;
    const event = trace.authorizers[0].event as Record<string, any>;
    expect(event.path).toBe('/shape/a%20b');
    expect(event.pathParameters).toEqual({ p: 'a b' });
    expect(event.queryStringParameters).toEqual({ x: ['1', '2'], y: '3' });
    expect(event.headers['x-dup']).toBe('1, 2');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBeUndefined();
    const notes = trace.fidelityNotes.join('\n');
    for (const text of Object.values(EVENT_SHAPE_CHOICES)) expect(notes).toContain(text);
    expect(notes).toContain('Event for authorizer allow_all (query x)');
    expect(notes).toContain('(header x-dup)');
  });

  it('a request that hits none of them gets no such note', async () => {
    const res = await f.send('/shape/plain?x=1', { method: 'POST' });
    const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
    expect(trace.fidelityNotes.filter((n) => n.startsWith('Event for'))).toEqual([]);
  });
});
