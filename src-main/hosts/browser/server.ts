/**
 * The browser host: the renderer served on 127.0.0.1 plus the contract over HTTP.
 *
 *   GET  /, /assets/…          the built renderer (Host checked; no token: the files hold no data)
 *   POST /api/<method>         JSON args → ContractResponse envelope (Host, Origin, token checked)
 *   GET  /api/events?token=…   Server-Sent Events of WorkbenchEvent (Host, Origin, token checked)
 *   GET  /launch?code=…        one-time launch code → token in an HttpOnly cookie, then to /
 *
 * The token reaches the API as the X-Workbench-Token header, the HttpOnly cookie, or (events only) the query.
 *
 * The Electron shell reuses this server as its link to the core (see ../electron/main.ts).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import fs from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import {
  API_PATH_PREFIX,
  COOKIE_SESSION_MARKER,
  EVENTS_PATH,
  LAUNCH_CODE_PARAM,
  LAUNCH_PATH,
  TOKEN_COOKIE,
  TOKEN_HEADER,
  TOKEN_QUERY_PARAM,
  type ContractResponse,
  type WorkbenchApi,
  type WorkbenchEvent,
} from '../../../src-shared/contract';
import { dispatchCall } from '../../app/dispatch';
import { stderrLogger, type Logger } from '../../logger';
import { CONTENT_SECURITY_POLICY, checkAccess, newLaunchToken } from './access';
import { LaunchCodes } from './launch-codes';
import { resolveStaticFile } from './static-files';

/** Larger than the contract's 20M-character text limit, so that limit is the one users meet. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const SSE_HEARTBEAT_MS = 15_000;

export interface BrowserHostOptions {
  api: WorkbenchApi;
  /** Live events for /api/events. */
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
  /** 0 (default) = any free port. */
  port?: number;
  /** Default: a fresh random token. */
  token?: string;
  /** The renderer build to serve; undefined = API only (the Electron shell's link to the core). */
  staticDir?: string;
  /** Where failed contract calls are logged (default stderr). */
  logger?: Logger;
}

export class BrowserHost {
  private readonly sockets = new Set<Socket>();
  private readonly streams = new Set<ServerResponse>();
  private readonly launchCodes = new LaunchCodes();

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    readonly token: string,
    private readonly options: BrowserHostOptions,
  ) {}

  static async start(options: BrowserHostOptions): Promise<BrowserHost> {
    const token = options.token ?? newLaunchToken();
    const server = http.createServer({ headersTimeout: 10_000, requestTimeout: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Loopback only: the workbench is never reachable from the network.
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const host = new BrowserHost(server, port, token, options);
    server.on('request', (req, res) => void host.handle(req, res));
    server.on('connection', (socket: Socket) => {
      host.sockets.add(socket);
      socket.on('close', () => host.sockets.delete(socket));
    });
    return host;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The URL to print to the user: carries the token the page keeps for its API calls. Never put it on a command line. */
  get launchUrl(): string {
    return `${this.origin}/?${TOKEN_QUERY_PARAM}=${encodeURIComponent(this.token)}`;
  }

  /**
   * A URL safe to hand to a browser-opening command, whose command line any local user can read:
   * it carries a fresh one-time code (valid once, for a short while) instead of the token.
   */
  oneTimeLaunchUrl(): string {
    return `${this.origin}${LAUNCH_PATH}?${LAUNCH_CODE_PARAM}=${this.launchCodes.issue()}`;
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const isApi = url.pathname.startsWith(API_PATH_PREFIX);
      const decision = checkAccess(
        {
          host: req.headers.host,
          origin: header(req, 'origin'),
          secFetchSite: header(req, 'sec-fetch-site'),
          token:
            header(req, TOKEN_HEADER.toLowerCase()) ??
            readCookie(req, TOKEN_COOKIE) ??
            (url.pathname === EVENTS_PATH ? url.searchParams.get(TOKEN_QUERY_PARAM) ?? undefined : undefined),
        },
        { port: this.port, token: this.token, requireToken: isApi },
      );
      if (!decision.ok) {
        const kind = decision.status === 401 ? 'unauthorized' : 'forbidden';
        return this.sendJson(res, decision.status, { error: { kind, message: decision.reason } });
      }
      if (url.pathname === LAUNCH_PATH) return this.exchangeLaunchCode(req, res, url.searchParams.get(LAUNCH_CODE_PARAM));
      if (url.pathname === EVENTS_PATH) return this.openEventStream(req, res);
      if (isApi) return await this.handleCall(req, res, url.pathname.slice(API_PATH_PREFIX.length));
      return this.serveStatic(req, res, url.pathname);
    } catch (error) {
      if (!res.headersSent) {
        this.sendJson(res, 500, { error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) } });
      } else {
        res.destroy();
      }
    }
  }

  private async handleCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return this.sendJson(res, 405, { error: { kind: 'invalid-argument', message: `use POST ${API_PATH_PREFIX}${method}` } });
    }
    // Requiring JSON also forces a CORS preflight on any cross-origin attempt, which we never answer.
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
      return this.sendJson(res, 415, { error: { kind: 'invalid-argument', message: 'Content-Type must be application/json' } });
    }
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === undefined) {
      return this.sendJson(res, 413, { error: { kind: 'invalid-argument', message: `request body larger than ${MAX_BODY_BYTES} bytes` } });
    }
    let args: unknown;
    try {
      args = raw.length === 0 ? {} : JSON.parse(raw);
    } catch (error) {
      return this.sendJson(res, 400, { error: { kind: 'invalid-argument', message: `body is not valid JSON: ${(error as Error).message}` } });
    }
    const response = await dispatchCall(this.options.api, method, args, this.options.logger ?? stderrLogger);
    this.sendJson(res, statusOf(response), response);
  }

  private exchangeLaunchCode(req: IncomingMessage, res: ServerResponse, code: string | null): void {
    if (req.method !== 'GET') return this.sendJson(res, 405, { error: { kind: 'invalid-argument', message: 'use GET' } });
    if (!code || !this.launchCodes.redeem(code)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders() });
      res.end('This launch link was already used or has expired. Open the address apig-workbench printed when it started.\n');
      return;
    }
    // SameSite=Strict: no other site can make the browser send it; HttpOnly: no script can read it.
    const attributes = 'Path=/; SameSite=Strict';
    res.writeHead(303, {
      Location: '/',
      'Set-Cookie': [`${TOKEN_COOKIE}=${this.token}; HttpOnly; ${attributes}`, `${COOKIE_SESSION_MARKER}=1; ${attributes}`],
      'Cache-Control': 'no-store',
      ...securityHeaders(),
    });
    res.end();
  }

  private openEventStream(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') return this.sendJson(res, 405, { error: { kind: 'invalid-argument', message: 'use GET' } });
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    // Tell EventSource how soon to reconnect, and flush the headers so the client sees "open" now.
    res.write('retry: 2000\n: connected\n\n');
    this.streams.add(res);
    const unsubscribe = this.options.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), SSE_HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.streams.delete(res);
    });
  }

  private serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const dir = this.options.staticDir;
    const file = dir ? resolveStaticFile(dir, pathname) : undefined;
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(dir ? 'not found\n' : 'this host serves the API only\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      ...securityHeaders(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  private sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
      ...securityHeaders(),
    });
    res.end(text);
  }
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The launch URL carries the token: never send it on as a Referer.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** HTTP status mirroring the envelope, so logs and devtools read right; the body carries the detail. */
function statusOf(response: ContractResponse<unknown>): number {
  if (!('error' in response)) return 200;
  switch (response.error.kind) {
    case 'validation':
    case 'invalid-argument':
      return 400;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'unavailable':
      return 503;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    default:
      return 500;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
