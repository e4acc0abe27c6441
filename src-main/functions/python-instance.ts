/**
 * A warm Python function instance: one long-lived `python3 -u python-runner.py` process that
 * runs one invocation at a time, speaking line-delimited JSON over its stdin and original stdout.
 * A timeout kills the process (Python cannot interrupt a busy loop reliably); the pool starts a
 * fresh one for the next invocation.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import type { InstanceInfo, InvokeFailure, InvokeFailureKind, RuntimeInstance } from './invocation';
import { Invocation, LOG_CAP_BYTES, RESULT_CAP_BYTES } from './invocation';
import type { InstanceHooks } from './instance-pool';
import { runtimesDir } from './runtimes-dir';
import { LineSplitter } from './line-splitter';

/** Environment variable naming the python executable for Python functions (see FunctionHost). */
export const PYTHON_ENV_VAR = 'APIG_WORKBENCH_PYTHON';

export interface PythonInstanceConfig {
  python: string;
  functionName: string;
  handler: string;
  /** The .py file to load (inline code is written to a temp file first). */
  file: string;
  moduleName: string;
  exportName: string;
  memoryMb: number;
  /** Start under debugpy, listening on a free loopback port (the function's Debug switch). */
  debug?: boolean;
  /** The port to listen on when it is free (the previous instance's, so a launch configuration keeps working). */
  debugPort?: number;
  debugPortOpened?: (port: number) => void;
}

type RunnerMessage =
  | { t: 'ready' }
  | { t: 'debugger'; host: string; port: number; warning?: string }
  | { t: 'debugger'; error: string }
  | { t: 'paused'; p: boolean }
  | { t: 'log'; id: number; l: string }
  | { t: 'res'; id: number; ok: true; r?: unknown; dropped?: number; reads?: string[] }
  | { t: 'res'; id: number; ok: false; k: InvokeFailureKind; m: string; s?: string; dropped?: number; reads?: string[] };

/** Bytes of stderr kept to explain a crash (tracebacks of the runner itself, fatal errors). */
const STDERR_TAIL = 4096;
/** A protocol line carries at most one capped result or log line, JSON-escaped (up to 6 characters per byte). */
const PROTOCOL_LINE_CAP = 6 * RESULT_CAP_BYTES + 4096;

export class PythonInstance implements RuntimeInstance {
  readonly capacity = 1;
  private readonly child: ChildProcessWithoutNullStreams;
  private current: Invocation | undefined;
  private isRetired = false;
  private isReady = false;
  private alive = true;
  /** Protocol lines (JSON) on the runner's private copy of fd 1. */
  private readonly stdoutLines = new LineSplitter({ maxLine: PROTOCOL_LINE_CAP, carriageReturnEndsLine: false }, (line) => {
    if (line.length > 0) this.onLine(line);
  });
  /** Raw output on fd 1/2 (os.write, C extensions, subprocesses): terminal-style lines, each at most the log cap. */
  private readonly stderrLines = new LineSplitter({ maxLine: LOG_CAP_BYTES, carriageReturnEndsLine: true }, (line) => this.current?.addLog(line));
  private stderrTail = '';
  private spawnError: (Error & { code?: string }) | undefined;
  private killReason: InvokeFailure | undefined;
  private timedOutKill = false;
  private readonly exited: Promise<void>;
  /** Where debugpy listens (`tcp://host:port`), under the Debug switch. */
  private debuggerUrl: string | undefined;
  private debugProblem: string | undefined;
  private debuggerOpened: (url: string | undefined) => void = () => {};
  readonly inspector: Promise<string | undefined> | undefined;

  constructor(private readonly cfg: PythonInstanceConfig, private readonly hooks: InstanceHooks) {
    const runnerConfig = {
      file: cfg.file,
      functionName: cfg.functionName,
      handler: cfg.handler,
      moduleName: cfg.moduleName,
      exportName: cfg.exportName,
      memoryMb: cfg.memoryMb,
      logCapBytes: LOG_CAP_BYTES,
      resultCapBytes: RESULT_CAP_BYTES,
      debug: cfg.debug ?? false,
      debugPort: cfg.debugPort ?? 0,
    };
    this.inspector = cfg.debug ? new Promise((resolve) => (this.debuggerOpened = resolve)) : undefined;
    // Frozen stdlib modules (3.11+) have no source a debugger could stop in; older versions ignore -X options they do not know.
    const debugFlags = cfg.debug ? ['-Xfrozen_modules=off'] : [];
    this.child = spawn(cfg.python, ['-u', ...debugFlags, join(runtimesDir(), 'python-runner.py'), JSON.stringify(runnerConfig)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group (POSIX): processes the function starts (subprocess, os.fork) are in it,
      // and a timeout or a kill ends them all, not just the interpreter.
      detached: process.platform !== 'win32',
      // No __pycache__ written into the user's folders. Fewer malloc arenas: each reserves 64 MB
      // of address space per thread, which RLIMIT_AS (the memory limit) counts.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8', MALLOC_ARENA_MAX: '2' },
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.on('data', (chunk: string) => this.onStderr(chunk));
    // Writes after the process died fail with EPIPE; the exit handler reports that invocation.
    this.child.stdin.on('error', () => {});
    this.child.on('error', (err) => {
      this.spawnError = err;
    });
    this.exited = new Promise((resolve) => {
      // Whatever the function started dies with its interpreter, as with a FunctionGraph instance;
      // it would otherwise hold our pipes open and 'close' would never come.
      this.child.once('exit', () => this.killGroup());
      this.child.once('close', (code, signal) => {
        this.onExit(code, signal);
        resolve();
      });
    });
    // Idle warm instances must not keep a CLI process alive; in-flight invocations hold timers.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      (stream as unknown as { unref?: () => void }).unref?.();
    }
  }

  get inFlight(): number {
    return this.current ? 1 : 0;
  }

  get retired(): boolean {
    return this.isRetired;
  }

  get ready(): boolean {
    return this.isReady;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  start(inv: Invocation): void {
    this.current = inv;
    // The event is already JSON text; splice it in rather than parse and re-serialise it.
    const line =
      `{"id":${inv.seq},"rid":${JSON.stringify(inv.requestId)},"dl":${inv.deadline},"to":${inv.timeoutMs},` +
      `"ud":${JSON.stringify(inv.userData ?? {})},"ev":${inv.eventJson}}\n`;
    this.child.stdin.write(line);
  }

  timedOut(inv: Invocation): void {
    if (this.current === inv) this.current = undefined;
    this.timedOutKill = true;
    this.isRetired = true;
    this.killGroup();
  }

  retire(): void {
    if (this.isRetired) return;
    this.isRetired = true;
    this.hooks.retired(this);
  }

  kill(reason: InvokeFailure): Promise<void> {
    this.killReason ??= reason;
    this.isRetired = true;
    if (this.alive && this.child.exitCode === null && this.child.signalCode === null) this.killGroup();
    // Whoever awaits the kill (closing the workbench) must see it through. The handles were unref'd
    // for idle instances, and awaiting unref'd handles alone lets Node end the process mid-close
    // (`serve` exited with code 13, "unsettled top-level await", on Ctrl-C after Python ran).
    this.child.ref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      (stream as unknown as { ref?: () => void }).ref?.();
    }
    return this.exited;
  }

  /** SIGKILL to the instance's whole process group: the interpreter and everything it started. */
  private killGroup(): void {
    const pid = this.child.pid;
    if (pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(-pid, 'SIGKILL');
        return;
      } catch {
        // The group is gone already; fall through to the interpreter itself.
      }
    }
    this.child.kill('SIGKILL');
  }

  info(): InstanceInfo {
    return {
      kind: 'process',
      pid: this.child.pid,
      ready: this.isReady,
      inFlight: this.inFlight,
      retired: this.isRetired,
      inspectorUrl: this.debuggerUrl,
      debugProblem: this.debugProblem,
      codeFile: this.cfg.file,
    };
  }

  private onStdout(chunk: string): void {
    this.stdoutLines.push(chunk);
  }

  private onLine(line: string): void {
    let m: RunnerMessage;
    try {
      m = JSON.parse(line) as RunnerMessage;
    } catch {
      this.current?.addLog(line);
      return;
    }
    if (m.t === 'debugger') {
      if ('error' in m) this.debugProblem = m.error;
      else {
        this.debuggerUrl = `tcp://${m.host}:${m.port}`;
        this.cfg.debugPortOpened?.(m.port);
        this.debugProblem = m.warning;
      }
      this.debuggerOpened(this.debuggerUrl);
      return;
    }
    if (m.t === 'paused') {
      this.hooks.pauseChanged?.(this, m.p);
      return;
    }
    if (m.t === 'ready') {
      this.debuggerOpened(undefined); // a runner that never reported a debugger will not now
      this.isReady = true;
      this.hooks.ready(this);
      return;
    }
    const inv = this.current;
    if (!inv || inv.seq !== m.id) return; // a reply for an invocation the pool already timed out
    if (m.t === 'log') {
      inv.addLog(m.l);
      return;
    }
    this.current = undefined;
    inv.addDropped(m.dropped);
    inv.addEventReads(m.reads);
    if (m.ok) this.hooks.settled(this, inv, { ok: true, result: m.r });
    else this.hooks.settled(this, inv, { ok: false, failure: { kind: m.k, message: m.m, stack: m.s } });
  }

  /** Output that bypassed sys.stdout/sys.stderr (os.write, C extensions, interpreter errors). */
  private onStderr(chunk: string): void {
    this.stderrTail = (chunk.length >= STDERR_TAIL ? chunk : this.stderrTail + chunk).slice(-STDERR_TAIL);
    this.stderrLines.push(chunk);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.debuggerOpened(undefined);
    this.alive = false;
    this.isRetired = true;
    const inv = this.current;
    this.current = undefined;
    if (inv) this.hooks.settled(this, inv, { ok: false, failure: this.exitFailure(code, signal) });
    this.hooks.gone(this, this.isReady ? undefined : this.exitFailure(code, signal));
  }

  private exitFailure(code: number | null, signal: NodeJS.Signals | null): InvokeFailure {
    if (this.killReason) return this.killReason;
    if (this.spawnError) {
      const hint = this.spawnError.code === 'ENOENT' ? ` (is Python 3 installed? set ${PYTHON_ENV_VAR} to the python to use)` : '';
      return { kind: 'load', message: `cannot start ${this.cfg.python}: ${this.spawnError.message}${hint}` };
    }
    const tail = this.stderrTail.trim();
    const detail = tail ? `; stderr: ${tail.slice(-1000)}` : '';
    if (/MemoryError/.test(tail)) {
      return { kind: 'memory', message: `the function exceeded its memory limit of ${this.cfg.memoryMb} MB${detail}` };
    }
    if (signal) {
      const hint = signal === 'SIGKILL' && !this.timedOutKill ? ' (possibly the system out-of-memory killer)' : '';
      return { kind: 'crash', message: `the python process was killed by ${signal}${hint}${detail}` };
    }
    return { kind: 'exit', message: `the python process exited with code ${code} (os._exit?) before answering${detail}` };
  }
}
