/**
 * The gateway bench's baselines: the least a proxy can do, with the same HTTP client library as
 * the gateway (undici), one request at a time from a Node HTTP server to the bench backend.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

interface Upstream {
  status: number;
  contentType: string;
  body: Buffer;
}

/** undici's request() API: the answer comes as a stream, read whole. */
export async function viaRequest(pool: Pool, req: http.IncomingMessage, body: Buffer | undefined): Promise<Upstream> {
  const upstream = await pool.request({ path: req.url ?? '/', method: req.method as 'GET', headers: req.headers, body });
  return { status: upstream.statusCode, contentType: String(upstream.headers['content-type'] ?? ''), body: Buffer.from(await upstream.body.arrayBuffer()) };
}

/** undici's dispatch() API: the answer's events, collected (what the gateway does for answers up to 1 MB). */
export function viaDispatch(pool: Pool, req: http.IncomingMessage, body: Buffer | undefined): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let contentType = '';
    pool.dispatch(
      { path: req.url ?? '/', method: req.method as 'GET', headers: req.headers as Record<string, string>, body },
      {
        // undici tells the handler kinds apart by this method.
        onRequestStart: () => {},
        onResponseStart: (_c, statusCode, headers) => {
          status = statusCode;
          contentType = String(headers['content-type'] ?? '');
        },
        onResponseData: (_c, chunk) => void chunks.push(chunk),
        onResponseEnd: () => resolve({ status, contentType, body: Buffer.concat(chunks) }),
        onResponseError: (_c, error) => reject(error),
      },
    );
  });
}

/**
 * A baseline: the least a proxy can do, with the same HTTP client library as the gateway. The aims
 * are set against the request() one; the dispatch() one shows how far the gateway is from the
 * leanest use of the library.
 */
export async function startMinimalProxy(backendPort: number, call: typeof viaRequest): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new Pool(`http://127.0.0.1:${backendPort}`, { connections: 256 });
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await call(pool, req, chunks.length ? Buffer.concat(chunks) : undefined);
    res.writeHead(upstream.status, { 'content-type': upstream.contentType, 'content-length': upstream.body.length });
    res.end(upstream.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.close();
      server.closeAllConnections();
      await pool.close();
    },
  };
}
