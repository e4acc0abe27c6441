/**
 * Raw-socket helpers for the robustness tests: send bytes no well-behaved HTTP client would,
 * and read back exactly what the gateway answered (or that it closed the connection).
 */
import net from 'node:net';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawAnswer {
  /** Status of the first response, or undefined when the server closed without answering. */
  status?: number;
  /** Everything received, as latin1 text. */
  text: string;
  /** The body of the first response (by its Content-Length). */
  body: string;
  /** The server closed (or reset) the connection. */
  closed: boolean;
}

export class RawClient {
  private readonly socket: net.Socket;
  private received = Buffer.alloc(0);
  private closedFlag = false;
  private readonly connected: Promise<void>;
  private readonly waiters = new Set<() => void>();

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (d: Buffer) => {
      this.received = Buffer.concat([this.received, d]);
      this.notify();
    });
    // ECONNRESET and EPIPE are answers too (the server cut us off): record them as a close.
    this.socket.on('error', () => {});
    this.socket.on('close', () => {
      this.closedFlag = true;
      this.notify();
    });
  }

  async write(data: string | Buffer): Promise<void> {
    await this.connected;
    if (this.socket.destroyed || !this.socket.writable) return;
    await new Promise<void>((resolve) => this.socket.write(data, () => resolve()));
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Resolves once a whole response arrived or the server closed the connection. */
  async answer(timeoutMs = 10_000): Promise<RawAnswer> {
    await this.waitFor(() => this.closedFlag || this.completeResponse() !== undefined, timeoutMs);
    return this.snapshot();
  }

  /** Resolves once the server closed the connection. */
  async closedByServer(timeoutMs = 10_000): Promise<RawAnswer> {
    await this.waitFor(() => this.closedFlag, timeoutMs);
    return this.snapshot();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private snapshot(): RawAnswer {
    const text = this.received.toString('latin1');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
    return { status: m ? Number(m[1]) : undefined, text, body: this.completeResponse()?.body ?? '', closed: this.closedFlag };
  }

  private completeResponse(): { body: string } | undefined {
    const text = this.received.toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
    const size = length ? Number(length[1]) : 0;
    if (text.length - (end + 4) < size) return undefined;
    return { body: text.slice(end + 4, end + 4 + size) };
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no answer within ${timeoutMs} ms; received so far: ${JSON.stringify(this.received.toString('latin1').slice(0, 300))}`));
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }
}

/** A plain TCP or HTTP server on a loopback port that tracks its open connections. */
export async function listenCounting(server: net.Server | http.Server): Promise<{ port: number; connections: () => Promise<number>; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => new Promise((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n)))),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `read` until it returns `want` or the time is up; returns the last value read. */
export async function settleTo<T>(read: () => Promise<T> | T, want: T, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (value !== want && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}
