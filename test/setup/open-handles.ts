/**
 * Open-handle check (vitest setupFile): a test FILE under one of CHECKED fails when it leaves a
 * server listening, a worker thread or child process running, or a referenced socket, pipe or
 * timer open once its own afterAll hooks have run (DESIGN.md: "tests check that nothing is left
 * open"). It is what would have caught the session starting a second echo backend.
 *
 * Per file, not per test: many suites share one gateway or browser host started in beforeAll and
 * closed in afterAll, so between two tests of a file "open" is the intended state. The file is
 * the unit that owns its servers; this hook is registered first, so with vitest's default
 * `sequence.hooks: 'stack'` it runs after every afterAll of the file.
 *
 * Three sources, because none sees everything:
 *  - diagnostics channels name each server, worker and child process the file starts, unref()'d
 *    or not (the function runtimes unref their workers and python processes, so the process can
 *    exit; they must still be stopped): alive = server.listening, no 'exit' yet;
 *  - process.getActiveResourcesInfo() (documented since Node 17) counts every REFERENCED handle
 *    (sockets, pipes, servers, processes) by type; compared with the same count taken in
 *    beforeAll, which includes what vitest itself holds (its IPC pipes), so that is not blamed on
 *    the test;
 *  - timers: that count includes vitest's own (a ≤ 100 ms throttle of its progress reports comes
 *    and goes), so timers are tracked instead where they are made: the global setTimeout and
 *    setInterval are wrapped, which vitest does not use (it keeps the originals from before any
 *    test code ran); a referenced timer neither fired nor cleared is a leak.
 * Closing is partly asynchronous (a socket's close callback, a child's 'exit' after a kill), so a
 * leak only counts when it is still there after a bounded number of event-loop turns; a clean
 * file passes at the first look.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Server, Socket } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';

/** Test files the check applies to (matched against their absolute paths). */
const CHECKED = [/\/test\/(store|hosts|gateway|functions|lab|cli|sample|definitions|auth|cloud|robustness|shell)\//, /\/test\/setup\/fixtures\//];
/**
 * Event-loop turns granted to handles that are closing. A turn is one timer tick (≥ 1 ms), so a
 * child that was killed gets time to report its exit; counted in turns, not in milliseconds, so a
 * slow machine gets as many chances as a fast one.
 */
const MAX_TURNS = 200;
const BASELINE_TURNS = 10;
/** Resources that come and go on their own while anything at all runs (fs requests in flight). */
const TRANSIENT = new Set(['FSReqCallback', 'FSReqPromise', 'FileHandleCloseReq', 'CloseReq', 'GetAddrInfoReqWrap', 'Immediate', 'TickObject']);

interface Tracked {
  timers: Set<NodeJS.Timeout>;
  servers: Set<Server>;
  /** Only to say which socket a leaked TCPSocketWrap is: idle keep-alive ones are not leaks. */
  sockets: Set<Socket>;
  workers: Map<Worker, { exited: boolean }>;
  children: Set<ChildProcess>;
}

/** One tracker per process, however often vitest evaluates this file in it. */
const KEY = Symbol.for('apig-workbench.open-handles');
const tracked: Tracked = ((globalThis as Record<symbol, Tracked | undefined>)[KEY] ??= startTracking());

function startTracking(): Tracked {
  const t: Tracked = { timers: new Set(), servers: new Set(), sockets: new Set(), workers: new Map(), children: new Set() };
  const { setTimeout: realSetTimeout, setInterval: realSetInterval } = globalThis;
  const remember = (timer: NodeJS.Timeout) => {
    // The gateway makes timers per request: forget the finished ones now and then.
    if (t.timers.size >= 10_000) for (const old of t.timers) if (!timerPending(old)) t.timers.delete(old);
    t.timers.add(timer);
    return timer;
  };
  // Keep what hangs off the originals (util.promisify.custom among them, not enumerable).
  const wrap = <F extends (...args: any[]) => NodeJS.Timeout>(real: F): F =>
    Object.defineProperties((...args: Parameters<F>) => remember(real(...args)), Object.getOwnPropertyDescriptors(real)) as unknown as F;
  globalThis.setTimeout = wrap(realSetTimeout as (...args: any[]) => NodeJS.Timeout) as unknown as typeof setTimeout;
  globalThis.setInterval = wrap(realSetInterval as (...args: any[]) => NodeJS.Timeout) as unknown as typeof setInterval;
  // Node ≥ 20.5: fires once a net.Server (http, https, net) is listening.
  subscribe('tracing:net.server.listen:asyncStart', (message) => {
    const server = (message as { server: Server }).server;
    t.servers.add(server);
    server.once('close', () => t.servers.delete(server));
  });
  const socket = (message: unknown) => {
    const sock = (message as { socket: Socket }).socket;
    t.sockets.add(sock);
    sock.once('close', () => t.sockets.delete(sock));
  };
  subscribe('net.client.socket', socket);
  subscribe('net.server.socket', socket);
  subscribe('worker_threads', (message) => {
    const worker = (message as { worker: Worker }).worker;
    const state = { exited: false };
    t.workers.set(worker, state);
    worker.once('exit', () => {
      state.exited = true;
      t.workers.delete(worker);
    });
  });
  subscribe('child_process', (message) => {
    const child = (message as { process: ChildProcess }).process;
    t.children.add(child);
    child.once('exit', () => t.children.delete(child));
  });
  return t;
}

/** Node's Timeout marks itself destroyed once it has fired (setTimeout) or been cleared. */
function timerPending(timer: NodeJS.Timeout): boolean {
  return !(timer as NodeJS.Timeout & { _destroyed?: boolean })._destroyed;
}

function describeTimer(timer: NodeJS.Timeout): string {
  const t = timer as NodeJS.Timeout & { _idleTimeout?: number; _repeat?: number | null; _onTimeout?: { name?: string } };
  const kind = t._repeat ? `setInterval every ${t._repeat} ms` : `setTimeout of ${t._idleTimeout} ms`;
  return `timer still pending (${kind}, callback ${t._onTimeout?.name || 'anonymous'}): clear it or unref() it`;
}

/** Referenced handles by type, timers apart (tracked where they are made, see above). */
function counts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) if (type !== 'Timeout' && !TRANSIENT.has(type)) m.set(type, (m.get(type) ?? 0) + 1);
  return m;
}

const WHAT: Record<string, string> = {
  TCPServerWrap: 'TCP server listening',
  TCPSocketWrap: 'TCP socket open',
  PipeWrap: 'pipe open (often a child process stdio)',
  PipeServerWrap: 'pipe server listening',
  ProcessWrap: 'child process running',
  UDPWrap: 'UDP socket open',
  FSEventWrap: 'file watcher open',
  StatWatcher: 'file watcher open',
  SignalWrap: 'signal listener',
  TTYWrap: 'terminal stream',
};

function describeServer(server: Server): string {
  const a = server.address();
  const where = typeof a === 'string' ? a : a ? `${a.address}:${a.port}` : '?';
  return `${server.constructor.name} listening on ${where}`;
}

/** What is left open beyond the baseline, one line each; empty when nothing is. */
export function leaksSince(baseline: Map<string, number>): string[] {
  const lines: string[] = [];
  for (const timer of tracked.timers) {
    if (!timerPending(timer)) tracked.timers.delete(timer);
    else if (timer.hasRef()) lines.push(describeTimer(timer));
  }
  for (const s of tracked.servers) if (s.listening) lines.push(describeServer(s));
  for (const [w, state] of tracked.workers) if (!state.exited) lines.push(`worker thread ${w.threadId} still running`);
  for (const c of tracked.children) {
    if (c.exitCode === null && c.signalCode === null) lines.push(`child process ${c.pid} (${c.spawnfile} ${c.spawnargs.slice(1, 3).join(' ')}) still running`);
  }
  for (const [type, n] of counts()) {
    const extra = n - (baseline.get(type) ?? 0);
    if (extra > 0) lines.push(`${extra} × ${type} (${WHAT[type] ?? 'handle'}) more than before the file's first test${type === 'TCPSocketWrap' ? openSockets() : ''}`);
  }
  return lines;
}

function openSockets(): string {
  const open = [...tracked.sockets].filter((s) => !s.destroyed);
  const list = open.map((s) => {
    const server = (s as Socket & { server?: Server | null }).server;
    const side = server ? `accepted by the ${server.listening ? '' : 'closed '}${server.constructor.name} on port ${s.localPort}` : `to ${s.remoteAddress ?? '(peer gone)'}:${s.remotePort ?? ''}`;
    return `${s.localAddress}:${s.localPort} (${side}, ${s.readyState})`;
  });
  return list.length ? `; sockets not destroyed: ${list.join(', ')}` : '';
}

const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** Waits up to MAX_TURNS event-loop turns for the leaks to go; returns those that stay. */
export async function settledLeaks(baseline: Map<string, number>): Promise<string[]> {
  let leaks = leaksSince(baseline);
  for (let i = 0; i < MAX_TURNS && leaks.length > 0; i++) {
    await turn();
    leaks = leaksSince(baseline);
  }
  return leaks;
}

/** After reporting, stop what can be stopped so the worker process can still exit. */
function stopLeftovers(): void {
  for (const timer of tracked.timers) clearTimeout(timer);
  for (const s of tracked.servers) {
    (s as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    s.close();
  }
  for (const w of tracked.workers.keys()) void w.terminate();
  for (const c of tracked.children) c.kill('SIGKILL');
  for (const sock of tracked.sockets) sock.destroy();
}

/**
 * What vitest itself holds while a file runs (its IPC pipes): the least seen per type over
 * BASELINE_TURNS turns, so a handle on its way out when the file starts is not counted.
 */
async function settledBaseline(): Promise<Map<string, number>> {
  const least = counts();
  for (let i = 0; i < BASELINE_TURNS; i++) {
    await turn();
    const now = counts();
    for (const [type, n] of least) least.set(type, Math.min(n, now.get(type) ?? 0));
  }
  return least;
}

let baseline = new Map<string, number>();
let checked = false;

beforeAll(async ({}, suite) => {
  checked = CHECKED.some((re) => re.test(suite.file.filepath.replaceAll('\\', '/')));
  if (checked) baseline = await settledBaseline();
});

afterAll(async () => {
  if (!checked) return;
  const leaks = await settledLeaks(baseline);
  if (leaks.length === 0) return;
  stopLeftovers();
  throw new Error(`This test file left things open after its last afterAll (close them in afterAll, and await the close):\n  - ${leaks.join('\n  - ')}`);
});
