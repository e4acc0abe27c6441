/**
 * APIG sets no response size limit (runtime.md §8): answers over the stream threshold pass through
 * as they arrive instead of being held whole, byte for byte, with or without a Content-Length.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { STREAM_THRESHOLD } from '../../src-main/gateway/backends/http-backend';
import { createFixture, type Fixture } from './fixture';

const BIG = randomBytes(5 * STREAM_THRESHOLD + 12345);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('large backend answers', () => {
  let f: Fixture;
  let backend: http.Server;
  let address = '';
  beforeAll(async () => {
    f = await createFixture();
    backend = http.createServer((req, res) => {
      if (req.url === '/sized') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BIG.length });
        res.end(BIG);
      } else if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let i = 0; i < BIG.length; i += 64 * 1024) res.write(BIG.subarray(i, i + 64 * 1024));
        res.end();
      } else if (req.url === '/broken') {
        // Status and 2 MB of a declared 5 MB, then the connection dies.
        res.writeHead(200, { 'content-length': BIG.length });
        res.write(BIG.subarray(0, 2 * STREAM_THRESHOLD), () => setTimeout(() => res.socket?.destroy(), 50));
      } else if (req.url === '/trickle') {
        // 2 MB at once, then a few bytes every 50 ms for ever: only the API's timeout can end it.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(BIG.subarray(0, 2 * STREAM_THRESHOLD));
        const drip = setInterval(() => res.write('.'), 50);
        res.on('close', () => clearInterval(drip));
      } else res.end('small');
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', () => r()));
    address = `127.0.0.1:${(backend.address() as AddressInfo).port}`;
    for (const path of ['/sized', '/chunked', '/broken', '/small'])
      f.api({ name: `big${path.slice(1)}_api`, path, backend: { type: 'HTTP', address, path, retryCount: 0 } });
    f.api({ name: 'bigtrickle_api', path: '/trickle', backend: { type: 'HTTP', address, path: '/trickle', retryCount: 0, timeoutMs: 1500 } });
  });
  afterAll(async () => {
    backend.closeAllConnections();
    backend.close();
    await f.close();
  });

  const fetchRaw = async (path: string) => {
    const res = await request(`${f.gatewayUrl}${path}`);
    return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
  };
  const traceOf = async (requestId: string) => (await f.workbench.gateway.getTrace(requestId))!;

  it('a body with a Content-Length over the threshold arrives whole, with that length, and the trace keeps only its start', async () => {
    const res = await fetchRaw('/sized');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(BIG.length));
    expect(res.body.length).toBe(BIG.length);
    expect(sha(res.body)).toBe(sha(BIG));
    const trace = await traceOf(String(res.headers['x-request-id']));
    expect(trace.response.bodyTruncated).toBe(true);
    expect(trace.stages.at(-1)?.summary).toBe(`streamed ${BIG.length} bytes from the backend (answers over ${STREAM_THRESHOLD} bytes are not held in memory)`);
  });

  it('a chunked body over the threshold arrives whole, chunked', async () => {
    const res = await fetchRaw('/chunked');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBeUndefined();
    expect(sha(res.body)).toBe(sha(BIG));
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it("the API's timeout covers a streamed answer to its last byte; the persisted trace has the final stage and the total time", async () => {
    const failed = await fetchRaw('/trickle').then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failed).toBeInstanceOf(Error);
    f.workbench.gateway.flushTraces();
    const [latest] = f.workbench.store.traces.list({ limit: 1, apiId: f.workbench.store.apis.list().find((a) => a.name === 'bigtrickle_api')!.id });
    expect(latest.totalMs).toBeGreaterThanOrEqual(1500);
    const persisted = f.workbench.store.traces.get(latest.id)!;
    expect(persisted.totalMs).toBe(latest.totalMs);
    expect(persisted.stages.at(-1)).toMatchObject({ name: 'response', outcome: 'fail' });
    expect(persisted.stages.at(-1)?.summary).toMatch(
      /^streaming the backend's answer failed after \d+ bytes \(the API's timeout of 1500 ms passed before the answer ended\); the client connection was closed$/,
    );
  });

  it('a backend that dies mid-stream cuts the client off (the status line is already out), the trace says so, and the gateway keeps serving', async () => {
    const failed = await fetchRaw('/broken').then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failed).toBeInstanceOf(Error);
    const stage = await waitForStage(f, 'streaming the backend');
    expect(stage).toMatch(/^streaming the backend's answer failed after \d+ bytes \(.+\); the client connection was closed$/);
    const small = await fetchRaw('/small');
    expect(small.status).toBe(200);
    expect(small.body.toString()).toBe('small');
    expect(small.headers['content-length']).toBe('5');
  });
});

/** The newest trace's last stage summary once it starts with `prefix` (streams finish after the record). */
async function waitForStage(f: Fixture, prefix: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    f.workbench.gateway.flushTraces();
    const [latest] = f.workbench.store.traces.list({ limit: 1 });
    const trace = latest && (await f.workbench.gateway.getTrace(latest.id));
    const summary = trace?.stages.at(-1)?.summary ?? '';
    if (summary.startsWith(prefix)) return summary;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no trace stage starting with "${prefix}"`);
}
