/**
 * A minimal Debug Adapter Protocol client over TCP, as VS Code speaks it to debugpy: messages are
 * JSON bodies framed by a `Content-Length: N\r\n\r\n` header
 * (https://microsoft.github.io/debug-adapter-protocol/overview#base-protocol). Requests are
 * numbered; responses resolve them; events are kept in order and can be awaited by name.
 */
import { spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';

export interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event';
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  body?: any;
}

export interface DapClient {
  /** Sends a request; resolves with the response (rejects when the adapter reports failure). */
  request(command: string, args?: object): Promise<DapMessage>;
  /** Sends a request without waiting (attach answers only after configurationDone). */
  send(command: string, args?: object): Promise<DapMessage>;
  /** The next event of that name (or one already received and not yet taken). */
  event(name: string): Promise<any>;
  close(): void;
}

export async function dap(host: string, port: number): Promise<DapClient> {
  const socket: Socket = connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let buffer = Buffer.alloc(0);
  let seq = 0;
  const pending = new Map<number, (m: DapMessage) => void>();
  const unclaimed: DapMessage[] = [];
  const waiters: { name: string; resolve: (body: any) => void }[] = [];
  const onMessage = (m: DapMessage) => {
    if (m.type === 'response') {
      pending.get(m.request_seq!)?.(m);
      pending.delete(m.request_seq!);
    } else if (m.type === 'event') {
      const at = waiters.findIndex((w) => w.name === m.event);
      if (at >= 0) waiters.splice(at, 1)[0].resolve(m.body);
      else unclaimed.push(m);
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      buffer = buffer.subarray(headerEnd + 4 + length);
      onMessage(JSON.parse(body) as DapMessage);
    }
  });
  socket.on('error', () => {});
  const send = (command: string, args: object = {}) =>
    new Promise<DapMessage>((resolve) => {
      const message = JSON.stringify({ seq: ++seq, type: 'request', command, arguments: args });
      pending.set(seq, resolve);
      socket.write(`Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
    });
  return {
    send,
    async request(command, args) {
      const response = await send(command, args);
      if (!response.success) throw new Error(`DAP ${command} failed: ${response.message ?? JSON.stringify(response.body)}`);
      return response;
    },
    event(name) {
      const at = unclaimed.findIndex((m) => m.event === name);
      if (at >= 0) return Promise.resolve(unclaimed.splice(at, 1)[0].body);
      return new Promise((resolve) => waiters.push({ name, resolve }));
    },
    close: () => socket.destroy(),
  };
}

/** A python3 that can import debugpy: the one on PATH, else Debian's (python3-debugpy installs there). */
export function pythonWithDebugpy(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import debugpy'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

/**
 * What VS Code does on "attach": initialize, attach, then (once the adapter says `initialized`)
 * set the breakpoints and finish the configuration. Resolves with the breakpoints as the adapter
 * placed them.
 */
export async function attachWithBreakpoints(client: DapClient, file: string, lines: number[]): Promise<any[]> {
  await client.request('initialize', { clientID: 'vitest', adapterID: 'debugpy', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
  // debugpy answers `attach` only after configurationDone; a refusal comes at once.
  const attached = client.send('attach', { justMyCode: true });
  const refused = attached.then((r) => (r.success ? new Promise<never>(() => {}) : Promise.reject(new Error(`DAP attach failed: ${r.message}`))));
  await Promise.race([client.event('initialized'), refused]);
  const set = await client.request('setBreakpoints', { source: { path: file }, breakpoints: lines.map((line) => ({ line })) });
  await client.request('configurationDone');
  await Promise.race([attached, refused]);
  return set.body.breakpoints;
}
