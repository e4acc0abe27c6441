/**
 * The invocation contract shared by the function host, its pools and its runtime instances.
 */

export type InvokeFailureKind =
  | 'timeout'
  | 'crash'
  | 'exit'
  | 'syntax'
  | 'exception'
  | 'memory'
  | 'result-too-large'
  | 'not-found'
  | 'load';

export interface InvokeFailure {
  kind: InvokeFailureKind;
  message: string;
  stack?: string;
}

/**
 * How an invocation ended: the handler returned (or called back) a value, or it failed. Narrow on
 * `ok`; the other side's field is declared absent so either can be read (as undefined) unnarrowed.
 */
export type InvokeResult =
  | {
      ok: true;
      /** The raw returned value (object, string, number, …) as the handler gave it. */
      result: unknown;
      failure?: undefined;
    }
  | { ok: false; failure: InvokeFailure; result?: undefined };

/** An invocation's result with what was captured along the way. */
export type InvokeOutcome = InvokeResult & {
  /** Captured lines, in order. */
  logs: string[];
  durationMs: number;
  /** Event fields the handler read (`headers.x-token`, `path`, `headers.*` for an enumeration). */
  eventReads?: string[];
  /** The event exactly as sent, as JSON text (absent when the call failed before it was made). */
  eventJson?: string;
};

export interface InvokeOptions {
  requestId: string;
  /** Overrides fn.timeoutMs. */
  timeoutMs?: number;
  /** FunctionGraph user data (environment variables), read with context.getUserData(key). */
  userData?: Record<string, string>;
}

export interface InstanceInfo {
  kind: 'worker' | 'process';
  /** OS pid of a python process; worker threads have none. */
  pid?: number;
  threadId?: number;
  ready: boolean;
  inFlight: number;
  retired: boolean;
  /**
   * Where a debugger attaches, for a function running under its Debug switch: the inspector's
   * `ws://` URL (Node.js, Chrome DevTools Protocol) or debugpy's `tcp://host:port` (Python, DAP).
   */
  inspectorUrl?: string;
  /** Why the Debug switch could not open a debugger in this instance (e.g. debugpy not installed). */
  debugProblem?: string;
  /** The file a python instance runs (inline code: a temporary copy), for a debugger's path mappings. */
  codeFile?: string;
  /** A debugger holds it at a breakpoint now. */
  paused?: boolean;
}

/** One warm instance of a function (a worker thread, a python process) that runs invocations. */
export interface RuntimeInstance {
  /** How many invocations it runs at once. */
  readonly capacity: number;
  readonly inFlight: number;
  readonly ready: boolean;
  readonly retired: boolean;
  start(inv: Invocation): void;
  /** The pool failed `inv` with a timeout; stop waiting for it (and recover the instance). */
  timedOut(inv: Invocation): void;
  retire(): void;
  /** Ends the instance, failing whatever it still runs with `reason`. Resolves once it is gone. */
  kill(reason: InvokeFailure): Promise<void>;
  /** Under the Debug switch: where a debugger attaches, once open (undefined if it never opened). */
  readonly inspector?: Promise<string | undefined>;
  /**
   * The share (0–1) of the last moments its thread spent running code, where the runtime can tell
   * (a worker thread's event-loop utilisation); absent where it cannot (a python process).
   */
  busyShare?(): number;
  info(): InstanceInfo;
}

/** FunctionGraph limits the whole function response to 1 MB (runtime.md §1.4). */
export const RESULT_CAP_BYTES = 1024 * 1024;
/** Captured output kept per invocation; the rest is counted and reported as truncated. */
export const LOG_CAP_BYTES = 64 * 1024;

let nextSeq = 1;

/**
 * One invocation on its way through a pool: carries what the instance needs, collects streamed
 * log lines, and resolves exactly once (result, failure or timeout, whichever comes first).
 */
export class Invocation {
  readonly seq = nextSeq++;
  readonly logs: string[] = [];
  private logBytes = 0;
  private droppedBytes = 0;
  private eventReads: string[] | undefined;
  private done = false;
  /** Cancels the pending queue or run timeout. */
  cancelTimer: (() => void) | undefined;
  /** The instance running it; undefined while queued. */
  instance: RuntimeInstance | undefined;
  /**
   * Epoch ms, set when an instance starts it; the same clock in workers and child processes,
   * so context.getRemainingTimeInMilliSeconds() agrees with the host's timer.
   */
  deadline = 0;
  /** While a debugger holds the instance: the time the invocation had left when it paused. */
  remainingMs: number | undefined;

  constructor(
    readonly functionName: string,
    readonly requestId: string,
    /** The event as JSON text: it crosses a thread or process boundary as text either way. */
    readonly eventJson: string,
    readonly timeoutMs: number,
    readonly userData: Record<string, string> | undefined,
    private readonly startedAt: number,
    private readonly resolve: (outcome: InvokeOutcome) => void,
  ) {}

  get settled(): boolean {
    return this.done;
  }

  addLog(line: string): void {
    if (this.done) return;
    const size = Buffer.byteLength(line) + 1;
    if (this.logBytes + size > LOG_CAP_BYTES) {
      this.droppedBytes += size;
      return;
    }
    this.logBytes += size;
    this.logs.push(line);
  }

  /** Bytes the runtime already dropped on its side of the boundary. */
  addDropped(bytes: number | undefined): void {
    if (bytes && bytes > 0) this.droppedBytes += bytes;
  }

  /** What the runtime recorded of the handler's reads of the event. */
  addEventReads(reads: string[] | undefined): void {
    if (Array.isArray(reads)) this.eventReads = reads.filter((r) => typeof r === 'string');
  }

  succeed(result: unknown): void {
    this.finish({ ok: true, result });
  }

  fail(failure: InvokeFailure): void {
    this.finish({ ok: false, failure });
  }

  private finish(partial: InvokeResult): void {
    if (this.done) return;
    this.done = true;
    this.cancelTimer?.();
    if (this.droppedBytes > 0) {
      this.logs.push(`[log truncated: ${this.droppedBytes} more bytes dropped; the cap is ${LOG_CAP_BYTES} bytes per invocation]`);
    }
    const durationMs = performance.now() - this.startedAt;
    // Literals, not a spread of `partial`: a spread here allocated seven times as much per call.
    const outcome: InvokeOutcome = partial.ok
      ? { ok: true, result: partial.result, logs: this.logs, durationMs, eventJson: this.eventJson }
      : { ok: false, failure: partial.failure, logs: this.logs, durationMs, eventJson: this.eventJson };
    if (this.eventReads) outcome.eventReads = this.eventReads;
    this.resolve(outcome);
  }
}
