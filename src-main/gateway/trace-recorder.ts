/**
 * Collects finished traces for the live log, the tester's immediate lookup and the workspace.
 *
 * Recording must not become the bottleneck under load, so a trace is built only when someone
 * needs it: when the UI or tester reads it, or when it is written to the workspace. The store
 * keeps only the newest `retention` traces, so each flush writes at most that many: under a
 * sustained flood, older traces of the window would be pruned as soon as they were written, and
 * skipping them changes nothing a user can see while keeping the write cost bounded.
 */
import type { TraceRecord, TraceSummary } from '../../src-shared/trace';

export interface TraceSink {
  append(records: TraceRecord[]): void;
  retention(): number;
}

/** A finished request whose full trace is built on first use (once). */
export interface PendingTrace {
  summary: TraceSummary;
  build(): TraceRecord;
}

interface Entry {
  pending: PendingTrace;
  record?: TraceRecord;
}

export interface TraceRecorderOptions {
  /** Traces kept in memory for immediate lookup. */
  recentLimit: number;
  flushIntervalMs: number;
  /** Traces written per transaction, so one flush never blocks the event loop for long. */
  writeChunk: number;
}

const DEFAULTS: TraceRecorderOptions = { recentLimit: 500, flushIntervalMs: 2000, writeChunk: 250 };

function materialize(entry: Entry): TraceRecord {
  entry.record ??= entry.pending.build();
  return entry.record;
}

export class TraceRecorder {
  private readonly recent = new Map<string, Entry>();
  private queue: Entry[] = [];
  /** Queued entries by request id, so a trace stays readable until it is written. */
  private queued = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(summary: TraceSummary) => void>();
  private readonly options: TraceRecorderOptions;

  constructor(
    private readonly sink: TraceSink | undefined,
    options: Partial<TraceRecorderOptions> = {},
    private readonly onSinkError: (error: unknown) => void = () => {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  record(pending: PendingTrace): void {
    const entry: Entry = { pending };
    const id = pending.summary.requestId;
    this.recent.set(id, entry);
    if (this.recent.size > this.options.recentLimit) this.recent.delete(this.recent.keys().next().value!);
    if (this.sink) {
      this.queue.push(entry);
      this.queued.set(id, entry);
      this.timer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs);
    }
    for (const listener of this.listeners) listener(pending.summary);
  }

  get(requestId: string): TraceRecord | undefined {
    const entry = this.recent.get(requestId) ?? this.queued.get(requestId);
    return entry && materialize(entry);
  }

  onTrace(listener: (summary: TraceSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes what is queued (at most the newest `retention`), in short transactions. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.sink || this.queue.length === 0) return;
    const keep = Math.max(0, this.sink.retention());
    const batch = this.queue.length > keep ? this.queue.slice(this.queue.length - keep) : this.queue;
    this.queue = [];
    this.queued = new Map();
    try {
      for (let i = 0; i < batch.length; i += this.options.writeChunk) {
        this.sink.append(batch.slice(i, i + this.options.writeChunk).map(materialize));
      }
    } catch (error) {
      this.onSinkError(error);
    }
  }

  close(): void {
    this.flush();
    this.listeners.clear();
  }
}
