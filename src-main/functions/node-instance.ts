/**
 * A warm Node.js function instance: one worker_threads Worker running
 * resources/runtimes/node-runner.cjs, with V8 heap and stack limits from the function's memory.
 *
 * Unlike FunctionGraph (one request per instance at a time) a worker may run several async
 * invocations at once, for throughput; `capacity` = 1 gives FunctionGraph's behaviour.
 * Anything that leaves the worker in doubt (a timeout, an escaped error) retires it: it takes no
 * new work and is terminated once its other invocations are done.
 */
import { Worker } from 'node:worker_threads';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { join } from 'node:path';
import type { InstanceInfo, InvokeFailure, InvokeFailureKind, RuntimeInstance } from './invocation';
import { Invocation, LOG_CAP_BYTES, RESULT_CAP_BYTES } from './invocation';
import type { InstanceHooks } from './instance-pool';
import { runtimesDir } from './runtimes-dir';
import { watchPauses, type PauseWatcher } from './pause-watcher';

export interface NodeInstanceConfig {
  functionName: string;
  handler: string;
  moduleName: string;
  exportName: string;
  memoryMb: number;
  source: { kind: 'inline'; code: string } | { kind: 'file'; file: string };
  capacity: number;
  /** Open the worker's inspector on a loopback port for a debugger (the function's Debug switch). */
  inspect?: boolean;
}

/** What the host sends; several go as one array per event-loop turn (see `send`). */
type HostMessage =
  | { t: 'inv'; id: number; ev: string; rid: string; dl: number; to: number; ud: Record<string, string> | undefined }
  | { t: 'cancel'; id: number };

type RunnerMessage =
  | { t: 'log'; id: number; l: string }
  | { t: 'res'; id: number; ok: true; r?: string; dropped?: number; reads?: string[] }
  | { t: 'res'; id: number; ok: false; k: InvokeFailureKind; m: string; s?: string; dropped?: number; reads?: string[] }
  | { t: 'exit'; id?: number; code: number }
  | { t: 'crash'; id?: number; k: InvokeFailureKind; m: string; s?: string }
  | { t: 'memory'; m: string }
  | { t: 'child'; pid: number }
  | { t: 'child-exit'; pid: number }
  | { t: 'inspector'; url: string }
  | { t: 'ready' };

/** V8 cannot start a worker with a tiny old generation; FunctionGraph's smallest size is 128 MB. */
const MIN_HEAP_MB = 16;
const STACK_MB = 4;
/** How long ending a debugged instance waits for its thread before moving on. */
const DEBUGGED_EXIT_WAIT_MS = 2000;
/** The window `busyShare` measures over: long enough to smooth single calls, short enough to react to a burst. */
const BUSY_WINDOW_MS = 100;

export class NodeInstance implements RuntimeInstance {
  readonly capacity: number;
  private readonly worker: Worker;
  private readonly running = new Map<number, Invocation>();
  private isRetired = false;
  private isReady = false;
  private alive = true;
  private lastError: (Error & { code?: string }) | undefined;
  private exitCall: { id?: number; code: number } | undefined;
  private killReason: InvokeFailure | undefined;
  private readonly exited: Promise<void>;
  /** Process groups the function started (each child leads its own); killed when the instance ends. */
  private readonly childGroups = new Set<number>();
  /** The worker's inspector WebSocket URL, when the function runs under the debugger. */
  private inspectorUrl: string | undefined;
  private pauses: PauseWatcher | undefined;
  /**
   * Shared with the worker (see node-runner.cjs, `pausedMs`): [0] milliseconds a debugger has held
   * the instance so far, [1] when the current pause began (epoch ms, 0 when running). The host
   * learns of pauses from the inspector while the worker's thread stands still, so the function's
   * getRemainingTimeInMilliSeconds() can leave them out, as the invocation's timeout does.
   */
  private readonly pauseClock = new BigInt64Array(new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT));
  private inspectorOpened: (url: string | undefined) => void = () => {};
  /**
   * Messages for the worker posted together once per event-loop turn: every postMessage costs a
   * structured clone and a wake-up of the worker's thread, and under load several requests start
   * an invocation in the same turn. The runner answers in kind (see node-runner.cjs).
   */
  private outbox: HostMessage[] = [];
  private readonly flushOutbox = (): void => {
    const batch = this.outbox;
    this.outbox = [];
    if (this.alive && batch.length > 0) this.worker.postMessage(batch.length === 1 ? batch[0] : batch);
  };
  readonly inspector: Promise<string | undefined> | undefined;
  /** The worker's event-loop utilisation at the start of the current window, and the last full window's share. */
  private busyMark: { at: number; elu: EventLoopUtilization } | undefined;
  private lastBusyShare = 0;

  constructor(private readonly cfg: NodeInstanceConfig, private readonly hooks: InstanceHooks) {
    this.capacity = Math.max(1, cfg.capacity);
    this.inspector = cfg.inspect ? new Promise((resolve) => (this.inspectorOpened = resolve)) : undefined;
    this.worker = new Worker(join(runtimesDir(), 'node-runner.cjs'), {
      workerData: {
        functionName: cfg.functionName,
        handler: cfg.handler,
        moduleName: cfg.moduleName,
        exportName: cfg.exportName,
        memoryMb: cfg.memoryMb,
        source: cfg.source,
        logCapBytes: LOG_CAP_BYTES,
        resultCapBytes: RESULT_CAP_BYTES,
        inspect: cfg.inspect ?? false,
        pauseClock: this.pauseClock,
      },
      resourceLimits: { maxOldGenerationSizeMb: Math.max(MIN_HEAP_MB, cfg.memoryMb), stackSizeMb: STACK_MB },
      // The runner is plain CommonJS: don't inherit loaders (tsx, vitest) from the host's flags.
      execArgv: [],
      // The runner captures console output itself; these only catch what slips past it.
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.worker.on('message', (m: RunnerMessage | RunnerMessage[]) => {
      if (Array.isArray(m)) for (const one of m) this.onMessage(one);
      else this.onMessage(m);
    });
    this.worker.on('error', (err) => {
      this.lastError = err;
    });
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.onExit(code);
        resolve();
      });
    });
    // Idle warm instances must not keep a CLI process alive; in-flight invocations hold timers.
    this.worker.unref();
  }

  get inFlight(): number {
    return this.running.size;
  }

  get retired(): boolean {
    return this.isRetired;
  }

  get ready(): boolean {
    return this.isReady;
  }

  start(inv: Invocation): void {
    this.running.set(inv.seq, inv);
    this.send({
      t: 'inv',
      id: inv.seq,
      ev: inv.eventJson,
      rid: inv.requestId,
      dl: inv.deadline,
      to: inv.timeoutMs,
      ud: inv.userData,
    });
  }

  timedOut(inv: Invocation): void {
    this.running.delete(inv.seq);
    this.send({ t: 'cancel', id: inv.seq });
    // The handler may be stuck in a loop (then the worker is blocked) or on a promise that never
    // settles; either way FunctionGraph would discard this instance.
    this.retire();
  }

  retire(): void {
    if (this.isRetired) return;
    this.isRetired = true;
    this.hooks.retired(this);
  }

  kill(reason: InvokeFailure): Promise<void> {
    this.killReason ??= reason;
    this.isRetired = true;
    if (!this.pauses) {
      if (this.alive) void this.worker.terminate();
      return this.exited;
    }
    // Under the debugger: a worker does not end while an inspector session (ours, or the user's
    // DevTools / VS Code) is attached, nor while a breakpoint holds it. Let it run on and drop our
    // session; if the user's debugger still holds it, give up waiting after a moment (the thread
    // is unref'd and ends with the process).
    this.pauses.release();
    if (this.alive) void this.worker.terminate();
    return Promise.race([this.exited, new Promise<void>((resolve) => setTimeout(resolve, DEBUGGED_EXIT_WAIT_MS).unref())]);
  }

  private send(message: HostMessage): void {
    if (this.outbox.push(message) === 1) setImmediate(this.flushOutbox);
  }

  busyShare(): number {
    const now = performance.now();
    if (!this.busyMark || now - this.busyMark.at >= BUSY_WINDOW_MS) {
      const elu = this.worker.performance.eventLoopUtilization();
      if (this.busyMark) this.lastBusyShare = this.worker.performance.eventLoopUtilization(elu, this.busyMark.elu).utilization;
      this.busyMark = { at: now, elu };
    }
    return this.lastBusyShare;
  }

  info(): InstanceInfo {
    return { kind: 'worker', threadId: this.worker.threadId, ready: this.isReady, inFlight: this.running.size, retired: this.isRetired, inspectorUrl: this.inspectorUrl };
  }

  private onMessage(m: RunnerMessage): void {
    switch (m.t) {
      case 'inspector':
        this.inspectorUrl = m.url;
        this.pauses = watchPauses(m.url, (paused) => {
          this.notePause(paused);
          this.hooks.pauseChanged?.(this, paused);
        });
        this.inspectorOpened(m.url);
        return;
      case 'ready':
        this.isReady = true;
        this.hooks.ready(this);
        return;
      case 'log':
        this.running.get(m.id)?.addLog(m.l);
        return;
      case 'res': {
        const inv = this.running.get(m.id);
        if (!inv) return;
        this.running.delete(m.id);
        inv.addDropped(m.dropped);
        inv.addEventReads(m.reads);
        if (m.ok) {
          let result: unknown;
          try {
            result = m.r === undefined ? undefined : JSON.parse(m.r);
          } catch (err) {
            this.hooks.settled(this, inv, { ok: false, failure: { kind: 'crash', message: `unreadable result from the worker: ${String(err)}` } });
            return;
          }
          this.hooks.settled(this, inv, { ok: true, result });
        } else {
          this.hooks.settled(this, inv, { ok: false, failure: { kind: m.k, message: m.m, stack: m.s } });
        }
        return;
      }
      case 'exit':
        this.exitCall = { id: m.id, code: m.code };
        return;
      case 'child':
        this.childGroups.add(m.pid);
        return;
      case 'child-exit':
        this.childGroups.delete(m.pid);
        return;
      case 'memory':
        // Heap plus Buffers/ArrayBuffers passed the function's size: end the instance now, so the
        // memory goes back at once; every invocation it was running fails with 'memory'.
        void this.kill({ kind: 'memory', message: m.m });
        return;
      case 'crash': {
        const inv = m.id === undefined ? undefined : this.running.get(m.id);
        if (inv) {
          this.running.delete(inv.seq);
          this.hooks.settled(this, inv, { ok: false, failure: { kind: m.k, message: m.m, stack: m.s } });
        }
        this.retire();
        return;
      }
    }
  }

  private notePause(paused: boolean): void {
    const now = BigInt(Date.now());
    if (paused) {
      Atomics.store(this.pauseClock, 1, now);
      return;
    }
    const since = Atomics.exchange(this.pauseClock, 1, 0n);
    if (since > 0n && now > since) Atomics.add(this.pauseClock, 0, now - since);
  }

  private onExit(code: number): void {
    this.pauses?.close();
    this.inspectorOpened(undefined);
    this.alive = false;
    this.killChildGroups();
    this.isRetired = true;
    const left = [...this.running.values()];
    this.running.clear();
    for (const inv of left) this.hooks.settled(this, inv, { ok: false, failure: this.exitFailure(code, inv) });
    this.hooks.gone(this, this.isReady ? undefined : this.exitFailure(code));
  }

  private killChildGroups(): void {
    for (const pid of this.childGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    this.childGroups.clear();
  }

  /** Why the worker ended, as seen by one of the invocations it was running (or while loading). */
  private exitFailure(code: number, inv?: Invocation): InvokeFailure {
    if (this.killReason) return this.killReason;
    if (this.lastError?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return {
        kind: 'memory',
        message: `the function exceeded its memory limit of ${this.cfg.memoryMb} MB (JavaScript heap); the instance was restarted`,
      };
    }
    if (this.exitCall) {
      if (this.exitCall.id === undefined || this.exitCall.id === inv?.seq) {
        return { kind: 'exit', message: `the function called process.exit(${this.exitCall.code}); the invocation ended without a result` };
      }
      return { kind: 'crash', message: 'the instance ended because a concurrent invocation called process.exit()' };
    }
    if (this.lastError) {
      return { kind: 'crash', message: `the function instance crashed: ${this.lastError.message}`, stack: this.lastError.stack };
    }
    return { kind: 'crash', message: `the function instance ended unexpectedly (exit code ${code})` };
  }
}
