/**
 * Runs LocalFunctions under the FunctionGraph contract for the gateway (custom authorizers and
 * FUNCTION backends): warm instances per function, reloaded when the code changes, with
 * per-invocation timeouts, memory limits, captured logs and typed failures. `invoke` never
 * rejects: whatever the user's code does, the gateway gets an InvokeOutcome to map to an APIG error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalFunction } from '../../src-shared/model';
import { resolveFunctionSource, type ResolvedSource } from './function-source';
import { InstancePool, type InstanceHooks } from './instance-pool';
import type { InvocationTimers } from './invocation-timers';
import { Invocation, type InstanceInfo, type InvokeFailure, type InvokeOptions, type InvokeOutcome, type RuntimeInstance } from './invocation';
import { NodeInstance } from './node-instance';
import { PYTHON_ENV_VAR, PythonInstance } from './python-instance';

export type { InvokeFailure, InvokeFailureKind, InvokeOptions, InvokeOutcome, InvokeResult } from './invocation';
export { RESULT_CAP_BYTES, LOG_CAP_BYTES } from './invocation';
export { parseMaybeJson } from './parse-maybe-json';
export { resolveFunctionSource, bindFunctionsDir, type ResolvedSource } from './function-source';
export { runtimesDir } from './runtimes-dir';

export interface FunctionHostOptions {
  /** Max warm Node workers per function (default: CPU count, 2–4). */
  poolSize?: number;
  /** The python that runs Python functions (default: $APIG_WORKBENCH_PYTHON, else `python3` on PATH). */
  pythonExecutable?: string;
  /** Max python processes per function (default: min(poolSize, 2)). */
  pythonPoolSize?: number;
  /**
   * Invocations one Node worker runs at once (default 32). FunctionGraph runs one at a time per
   * instance; 1 reproduces that exactly, more gives throughput under load.
   */
  concurrencyPerWorker?: number;
  /** Base folder for relative `source.path` values (default: process.cwd()). */
  baseDir?: string;
  /**
   * How long an instance may take to start and load the code (default 15 s). Not part of the
   * function timeout, as in FunctionGraph, where a cold start does not eat into it.
   */
  startTimeoutMs?: number;
  /** The clock invocation timeouts run on (default: real time; tests pass one they move). */
  timers?: InvocationTimers;
}

/** FunctionGraph's default function timeout. */
const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_MEMORY_MB = 128;

/** The code a pool was started with; a different one means the warm instances are stale. */
interface Version {
  runtime: string;
  handler: string;
  memoryMb: number;
  name: string;
  /** Inline code, or file path + stamp. */
  code: string;
  /** Runs under the debugger: one instance, one invocation at a time, inspector (Node.js) or debugpy (Python) open. */
  debug: boolean;
}

interface Entry {
  version: Version;
  pool: InstancePool;
}

/** An invocation that failed before (or instead of) running, `startedAt` being performance.now(). */
function failedSince(startedAt: number, failure: InvokeFailure): InvokeOutcome {
  return { ok: false, failure, logs: [], durationMs: performance.now() - startedAt };
}

/** A bug in the host itself, as an outcome: it must not take the gateway's request down with an unhandled rejection. */
function hostFailure(err: unknown): InvokeFailure {
  return { kind: 'crash', message: `the function host failed: ${err instanceof Error ? err.message : String(err)}`, stack: (err as Error)?.stack };
}

export class FunctionHost {
  private readonly entries = new Map<string, Entry>();
  /** Functions whose Debug switch is on. */
  private readonly debugging = new Set<string>();
  /** Pools replaced by a newer version, finishing what they had queued. */
  private readonly draining = new Set<InstancePool>();
  private closed = false;
  /** Instances a debugger holds at a breakpoint now, over all functions. */
  private readonly paused = new Set<RuntimeInstance>();
  private readonly pauseListeners = new Set<(paused: boolean) => void>();
  private readonly timers: InvocationTimers | undefined;
  /**
   * Under the Debug switch, what outlives an edit of a Python function, so a debugger's launch
   * configuration and breakpoints keep working after a save: the port debugpy listened on, and the
   * folder its inline code is written to (one per function, removed when the host closes).
   */
  private readonly debugPorts = new Map<string, number>();
  private debugCodeDir: string | undefined;
  private readonly poolSize: number;
  private readonly pythonPoolSize: number;
  private readonly python: string;
  private readonly concurrency: number;
  private readonly baseDir: string;
  private readonly startTimeoutMs: number;

  constructor(opts: FunctionHostOptions = {}) {
    this.poolSize = Math.max(1, Math.floor(opts.poolSize ?? Math.min(4, Math.max(2, availableParallelism()))));
    this.pythonPoolSize = Math.max(1, Math.floor(opts.pythonPoolSize ?? Math.min(this.poolSize, 2)));
    // The variable lets a user pick the python with the function's packages (a virtualenv) or
    // FunctionGraph's version, for the app, `serve` and `test` alike.
    this.python = opts.pythonExecutable ?? (process.env[PYTHON_ENV_VAR] || 'python3');
    this.concurrency = Math.max(1, Math.floor(opts.concurrencyPerWorker ?? 32));
    this.baseDir = opts.baseDir ?? process.cwd();
    this.startTimeoutMs = positive(opts.startTimeoutMs) ?? 15_000;
    this.timers = opts.timers;
  }

  /** Never rejects: every failure is an outcome. Not async: the one promise is the invocation's own. */
  invoke(fn: LocalFunction, event: unknown, opts: InvokeOptions): Promise<InvokeOutcome> {
    const startedAt = performance.now();
    try {
      if (this.closed) return Promise.resolve(failedSince(startedAt, { kind: 'crash', message: 'the function host is closed' }));
      const source = resolveFunctionSource(fn, this.baseDir);
      if (!source.ok) return Promise.resolve(failedSince(startedAt, source.failure));
      let eventJson: string;
      try {
        eventJson = JSON.stringify(event ?? null);
      } catch (err) {
        return Promise.resolve(failedSince(startedAt, { kind: 'exception', message: `the event cannot be serialised to JSON: ${String(err)}` }));
      }
      const timeoutMs = positive(opts.timeoutMs) ?? positive(fn.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
      const pool = this.poolFor(fn, source);
      return new Promise<InvokeOutcome>((resolve) => {
        try {
          pool.submit(new Invocation(fn.name, opts.requestId, eventJson, timeoutMs, opts.userData, startedAt, resolve));
        } catch (err) {
          // Caught here: a throwing executor would reject the promise.
          resolve(failedSince(startedAt, hostFailure(err)));
        }
      });
    } catch (err) {
      return Promise.resolve(failedSince(startedAt, hostFailure(err)));
    }
  }

  /**
   * The function's Debug switch: a fresh instance opens a debugger port (Node.js: the worker's
   * inspector; Python: debugpy), and the invocation clock stops while a breakpoint holds it.
   * Resolves with where a debugger attaches: the inspector's `ws://` URL, or debugpy's
   * `tcp://host:port` (undefined when switched off, or when the debugger could not start; the
   * instance's info then says why). Not stored: a debugging session lasts as long as the workbench runs.
   */
  async setDebug(fn: LocalFunction, enabled: boolean): Promise<string | undefined> {
    if (enabled !== this.debugging.has(fn.id)) {
      if (enabled) this.debugging.add(fn.id);
      else this.debugging.delete(fn.id);
      this.invalidate(fn.id);
    }
    if (!enabled) return undefined;
    const source = resolveFunctionSource(fn, this.baseDir);
    if (!source.ok) return undefined;
    // Started now, so the debugger can attach and set breakpoints before the first request.
    return this.poolFor(fn, source).prestart()?.inspector;
  }

  isDebugging(functionId: string): boolean {
    return this.debugging.has(functionId);
  }

  /** The instance a debugger attaches to, while the function's Debug switch is on. */
  debugInstance(functionId: string): InstanceInfo | undefined {
    if (!this.debugging.has(functionId)) return undefined;
    return this.entries.get(functionId)?.pool.info().find((i) => !i.retired && (i.inspectorUrl || i.debugProblem));
  }

  /**
   * Calls `listener(true)` when a debugger pauses any function instance and `listener(false)` when
   * none is paused any more (the workbench clock stands still meanwhile). Returns the unsubscribe.
   */
  onPauseChanged(listener: (paused: boolean) => void): () => void {
    this.pauseListeners.add(listener);
    return () => this.pauseListeners.delete(listener);
  }

  private instancePauseChanged(instance: RuntimeInstance, paused: boolean): void {
    const before = this.paused.size > 0;
    if (paused) this.paused.add(instance);
    else this.paused.delete(instance);
    const after = this.paused.size > 0;
    if (before !== after) for (const listener of this.pauseListeners) listener(after);
  }

  /** Drops the warm instances of a function (code changed or function deleted). */
  invalidate(functionId: string): void {
    const entry = this.entries.get(functionId);
    if (!entry) return;
    this.entries.delete(functionId);
    this.retirePool(entry.pool);
  }

  /** Terminates every worker and python process; pending invocations fail with 'crash'. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...[...this.entries.values()].map((e) => e.pool), ...this.draining];
    this.entries.clear();
    this.draining.clear();
    await Promise.all(pools.map((p) => p.close()));
    if (this.debugCodeDir) rmSync(this.debugCodeDir, { recursive: true, force: true });
  }

  /** Live instances per function, for diagnostics and for tests that check nothing is left running. */
  instances(): { functionId: string; instances: InstanceInfo[] }[] {
    const out = [...this.entries].map(([functionId, e]) => ({ functionId, instances: e.pool.info() }));
    for (const pool of this.draining) out.push({ functionId: '(draining)', instances: pool.info() });
    return out;
  }

  private poolFor(fn: LocalFunction, source: Exclude<ResolvedSource, { ok: false }>): InstancePool {
    const version: Version = {
      runtime: fn.runtime,
      handler: fn.handler,
      memoryMb: positive(fn.memoryMb) ?? DEFAULT_MEMORY_MB,
      name: fn.name,
      code: source.kind === 'inline' ? source.code : `${source.file}\n${source.stamp}`,
      debug: this.debugging.has(fn.id),
    };
    const existing = this.entries.get(fn.id);
    if (existing && sameVersion(existing.version, version)) return existing.pool;
    if (existing) this.retirePool(existing.pool);
    const pool = fn.runtime === 'python' ? this.pythonPool(fn.id, version, source) : this.nodePool(version, source);
    this.entries.set(fn.id, { version, pool });
    return pool;
  }

  private poolOptions() {
    return {
      startTimeoutMs: this.startTimeoutMs,
      timers: this.timers,
      onPauseChanged: (instance: RuntimeInstance, paused: boolean) => this.instancePauseChanged(instance, paused),
    };
  }

  private retirePool(pool: InstancePool): void {
    this.draining.add(pool);
    pool.drain();
  }

  private nodePool(v: Version, source: Exclude<ResolvedSource, { ok: false }>): InstancePool {
    const config = {
      functionName: v.name,
      handler: v.handler,
      moduleName: source.moduleName,
      exportName: source.exportName,
      memoryMb: v.memoryMb,
      source: source.kind === 'inline' ? { kind: 'inline' as const, code: source.code } : { kind: 'file' as const, file: source.file },
      // Under the debugger: one instance running one invocation at a time, so a breakpoint holds
      // exactly the request the user is looking at.
      capacity: v.debug ? 1 : this.concurrency,
      inspect: v.debug,
    };
    const pool: InstancePool = new InstancePool((hooks) => new NodeInstance(config, hooks), {
      ...this.poolOptions(),
      maxInstances: v.debug ? 1 : this.poolSize,
      onFinished: () => this.draining.delete(pool),
    });
    return pool;
  }

  private pythonPool(functionId: string, v: Version, source: Exclude<ResolvedSource, { ok: false }>): InstancePool {
    let file: string;
    let tempDir: string | undefined;
    if (source.kind === 'inline' && v.debug) {
      // The same path for every version, so breakpoints set in it survive a save.
      this.debugCodeDir ??= mkdtempSync(join(tmpdir(), 'apig-debug-'));
      // Named after the function (names are unique in a workspace and safe in a path), for the user who opens it.
      const dir = join(this.debugCodeDir, encodeURIComponent(v.name));
      mkdirSync(dir, { recursive: true });
      file = join(dir, `${safeModuleName(source.moduleName)}.py`);
      writeFileSync(file, source.code);
    } else if (source.kind === 'inline') {
      // importlib loads from files; the temp folder lives as long as this version's pool.
      tempDir = mkdtempSync(join(tmpdir(), 'apig-fn-'));
      file = join(tempDir, `${safeModuleName(source.moduleName)}.py`);
      writeFileSync(file, source.code);
    } else {
      file = source.file;
    }
    const config = {
      python: this.python,
      functionName: v.name,
      handler: v.handler,
      file,
      moduleName: source.kind === 'inline' ? safeModuleName(source.moduleName) : source.moduleName,
      exportName: source.exportName,
      memoryMb: v.memoryMb,
      debug: v.debug,
      debugPortOpened: (port: number) => this.debugPorts.set(functionId, port),
    };
    const cleanup = (): void => {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    };
    // Each instance (a restart after a timeout, say) asks for the port its predecessor listened on.
    const spawn = (hooks: InstanceHooks) => new PythonInstance({ ...config, debugPort: this.debugPorts.get(functionId) }, hooks);
    const pool: InstancePool = new InstancePool(spawn, {
      ...this.poolOptions(),
      // Under the debugger: one process, so the breakpoint holds the request the user is looking at.
      maxInstances: v.debug ? 1 : this.pythonPoolSize,
      onFinished: () => {
        this.draining.delete(pool);
        cleanup();
      },
    });
    return pool;
  }
}

function sameVersion(a: Version, b: Version): boolean {
  return a.code === b.code && a.runtime === b.runtime && a.handler === b.handler && a.memoryMb === b.memoryMb && a.name === b.name && a.debug === b.debug;
}

function positive(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The inline module's file name doubles as its import name, so keep it an identifier. */
function safeModuleName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : 'index';
}
