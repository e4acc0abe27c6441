/**
 * Collects finished traces for the live log, the tester's immediate lookup and the workspace.
 *
 * Recording must not become the bottleneck under load, so:
 * - a trace is built only when someone needs it: when the UI or tester reads it, or when it is
 *   written to the workspace;
 * - the store keeps only the newest `retention` traces, so older queued ones are let go as soon as
 *   `retention` newer ones are waiting: under a flood they would be pruned on arrival anyway;
 * - background writes go in short slices (one transaction each), paced to average at most
 *   `maxWritesPerSecond` rows: even with the JSON and the insert on the sink's own thread, building
 *   and handing over a row costs the gateway's thread 20–30 µs. The pace holds within a write too, so
 *   a flood's writes are spread evenly instead of holding the thread for a burst of `retention`
 *   rows every few seconds;
 * - a slice skips the traces that `retention` newer ones have overtaken while they waited: the
 *   store keeps only the newest `retention` rows, so it would prune them as soon as the newer ones
 *   are written (by a later slice or `flush()`). Under a flood that is most of a write: the
 *   gateway's thread stops building and storing rows only to delete them;
 * - `flush()` (listing traces, stopping the gateway) writes everything queued at once and waits
 *   until the sink has stored it, so nothing a user looks for is missing.
 */
import type { TraceRecord, TraceSummary } from '../../../src-shared/trace';

export interface TraceSink {
  /** Stores the records, now or (a sink with a thread of its own) soon after. */
  append(records: TraceRecord[]): void;
  retention(): number;
  /** Returns once every record appended so far is stored: a sink that stores them later waits for it. */
  drain?(): void;
}

/** A finished request whose full trace is built on first use. */
export interface PendingTrace {
  /** Read only by live-log listeners and the recorder's callers: it may be built on first read. */
  readonly summary: TraceSummary;
  build(): TraceRecord;
}

/** Where an entry is still referred to: the recent ring, the write queue, or both. */
const RECENT = 1;
const UNWRITTEN = 2;

interface Entry {
  readonly id: string;
  /** How many traces were recorded before this one. */
  readonly seq: number;
  readonly pending: PendingTrace;
  /** Built when someone reads the trace, and kept for later reads; a background write does not keep it. */
  record?: TraceRecord;
  /** RECENT | UNWRITTEN: the entry leaves the lookup map when neither is set. */
  holders: number;
}

export interface TraceRecorderOptions {
  /** Traces kept in memory for immediate lookup after they are written. */
  recentLimit: number;
  /** How long a finished trace may wait before a background write starts. */
  flushIntervalMs: number;
  /** Rows per transaction: one slice of a background write. */
  writeChunk: number;
  /** Average background write rate; a large write delays the next one accordingly. */
  maxWritesPerSecond: number;
}

const DEFAULTS: TraceRecorderOptions = { recentLimit: 500, flushIntervalMs: 2000, writeChunk: 100, maxWritesPerSecond: 250 };

/** Entries queued past retention before the oldest are dropped (so trimming is not per request). */
const TRIM_SLACK = 256;

/** For a read: built once and kept, so later reads (and the write) reuse it. */
function materialize(entry: Entry): TraceRecord {
  entry.record ??= entry.pending.build();
  return entry.record;
}

/** For a write: what a read built, or a fresh build nobody keeps once it is written. */
function forWrite(entry: Entry): TraceRecord {
  return entry.record ?? entry.pending.build();
}

export class TraceRecorder {
  /**
   * Every entry still readable, by request id: one of the newest `recentLimit`, or not written yet
   * (queued or being written). One map, so recording costs one insertion and one deletion.
   */
  private readonly byId = new Map<string, Entry>();
  /** The newest `recentLimit` entries, oldest overwritten first. */
  private readonly recent: (Entry | undefined)[];
  private recentNext = 0;
  /** Finished, not yet handed to a write. */
  private queue: Entry[] = [];
  /**
   * Handed to the background write in progress; written from `writeIndex` on. Slots before it are
   * cleared, so that an entry passed over is not held until the write ends.
   */
  private writing: (Entry | undefined)[] = [];
  private writeIndex = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The next slice of the background write in progress. */
  private slice: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(summary: TraceSummary) => void>();
  private readonly options: TraceRecorderOptions;
  /** The sink's retention as last read (reading it is a query, so not per request). */
  private retention: number;
  private closed = false;
  /** No background write starts before this (performance.now() time): the write-rate bound. */
  private nextWriteAt = 0;
  /** Traces recorded so far: an entry's `seq` against it tells how many newer ones exist. */
  private recorded = 0;

  constructor(
    private readonly sink: TraceSink | undefined,
    options: Partial<TraceRecorderOptions> = {},
    private readonly onSinkError: (error: unknown) => void = () => {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.retention = sink ? sink.retention() : 0;
    this.recent = new Array<Entry | undefined>(Math.max(1, this.options.recentLimit)).fill(undefined);
  }

  /**
   * `requestId` saves building a lazily built summary just for its id; the summary itself is
   * read only when someone listens.
   */
  record(pending: PendingTrace, requestId: string = pending.summary.requestId): void {
    const queued = this.sink !== undefined && !this.closed;
    const entry: Entry = { id: requestId, seq: this.recorded++, pending, holders: queued ? RECENT | UNWRITTEN : RECENT };
    const evicted = this.recent[this.recentNext];
    this.recent[this.recentNext] = entry;
    this.recentNext = (this.recentNext + 1) % this.recent.length;
    if (evicted) this.release(evicted, RECENT);
    this.byId.set(requestId, entry);
    if (queued) {
      this.queue.push(entry);
      if (this.queue.length >= this.retention + TRIM_SLACK) this.trimQueue();
      this.passOvertaken();
      this.schedule();
    }
    if (this.listeners.size > 0) for (const listener of this.listeners) listener(pending.summary);
  }

  get(requestId: string): TraceRecord | undefined {
    const entry = this.byId.get(requestId);
    return entry && materialize(entry);
  }

  onTrace(listener: (summary: TraceSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes everything not yet written (at most the newest `retention` queued), now. */
  flush(): void {
    if (!this.sink) return;
    this.cancelTimers();
    this.writeRows(Infinity);
    this.takeQueue();
    this.writeRows(Infinity);
    this.sink.drain?.();
  }

  close(): void {
    this.flush();
    this.closed = true;
    this.listeners.clear();
  }

  /** `holder` no longer refers to the entry; once nothing does, it cannot be looked up either. */
  private release(entry: Entry, holder: number): void {
    entry.holders &= ~holder;
    // A request id seen twice (a client's own X-Request-Id is not used, so only in tests) keeps the newer entry.
    if (entry.holders === 0 && this.byId.get(entry.id) === entry) this.byId.delete(entry.id);
  }

  /**
   * Lets go of the entries of the write in progress that newer ones have overtaken, as they are
   * overtaken: a slice would pass over them anyway, but only at its turn, and under a flood the
   * pause between slices would hold about `retention` of them beside the `retention` queued ones.
   * Each recorded trace overtakes at most one more, so this is a check per request.
   */
  private passOvertaken(): void {
    while (this.writeIndex < this.writing.length && this.overtaken(this.writing[this.writeIndex]!)) this.pass();
  }

  /** Moves past the next entry of the write in progress, which leaves the write queue. */
  private pass(): Entry {
    const entry = this.writing[this.writeIndex]!;
    this.writing[this.writeIndex++] = undefined;
    this.release(entry, UNWRITTEN);
    return entry;
  }

  private trimQueue(): void {
    const dropped = this.queue.length - this.retention;
    for (let i = 0; i < dropped; i++) this.release(this.queue[i], UNWRITTEN);
    this.queue = this.queue.slice(dropped);
  }

  private schedule(): void {
    if (this.timer || this.slice) return;
    const delayMs = Math.max(this.options.flushIntervalMs, this.nextWriteAt - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startBackgroundWrite();
    }, delayMs);
    // Pending traces are flushed on close; they must not keep a CLI process alive.
    this.timer.unref?.();
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.slice) clearTimeout(this.slice);
    this.timer = undefined;
    this.slice = undefined;
  }

  /** Moves the newest `retention` queued entries to `writing`; the rest would be pruned at once. */
  private takeQueue(): void {
    this.retention = Math.max(0, this.sink!.retention());
    if (this.queue.length > this.retention) {
      this.trimQueue();
    }
    this.writing = this.queue;
    this.writeIndex = 0;
    this.queue = [];
  }

  private startBackgroundWrite(): void {
    this.takeQueue();
    this.writeNextSlice();
  }

  /** Writes one slice; N rows buy N / maxWritesPerSecond seconds before the next slice or write. */
  private writeNextSlice(): void {
    this.slice = undefined;
    const rows = this.writeRows(this.options.writeChunk);
    const pauseMs = (rows / this.options.maxWritesPerSecond) * 1000;
    if (this.writeIndex < this.writing.length) {
      this.slice = setTimeout(() => this.writeNextSlice(), pauseMs);
      this.slice.unref?.();
      return;
    }
    this.nextWriteAt = performance.now() + pauseMs;
    if (this.queue.length > 0) this.schedule();
  }

  /**
   * Writes up to `maxRows` rows from `writing`, in transactions of `writeChunk`, passing over the
   * entries retention has overtaken; returns how many it wrote.
   */
  private writeRows(maxRows: number): number {
    let written = 0;
    while (written < maxRows && this.writeIndex < this.writing.length) {
      const room = Math.min(this.options.writeChunk, maxRows - written);
      const rows: TraceRecord[] = [];
      while (rows.length < room && this.writeIndex < this.writing.length) {
        const entry = this.pass();
        if (!this.overtaken(entry)) rows.push(forWrite(entry));
      }
      written += rows.length;
      if (rows.length === 0) continue;
      try {
        this.sink!.append(rows);
      } catch (error) {
        this.onSinkError(error);
      }
    }
    if (this.writeIndex >= this.writing.length) {
      this.writing = [];
      this.writeIndex = 0;
    }
    return written;
  }

  /** At least `retention` traces newer than this one were recorded: its row would be pruned when they are written. */
  private overtaken(entry: Entry): boolean {
    return this.recorded - 1 - entry.seq >= this.retention;
  }
}
