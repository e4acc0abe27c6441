/**
 * A small HTTP backend that answers with the request it received, as JSON. The sample
 * workspace's HTTP APIs point at it, so a newcomer sees exactly what reached the backend.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface EchoBackend {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEchoBackend(opts: { host?: string; port?: number } = {}): Promise<EchoBackend> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://echo.local');
      // No prototype: a query parameter named __proto__ is echoed like any other.
      const query: Record<string, string | string[]> = Object.create(null);
      for (const key of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(key);
        query[key] = all.length === 1 ? all[0] : all;
      }
      const echoed: EchoedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const body = JSON.stringify(echoed, null, 2);
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo-backend': 'apig-workbench' });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
