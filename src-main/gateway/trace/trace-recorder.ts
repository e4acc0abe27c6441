/**
 * Collects finished traces for the live log, the tester's immediate lookup and the workspace.
 *
 * Recording must not become the bottleneck under load, so:
 * - a trace waits as bytes off V8's heap (held-traces.ts), and is built into a TraceRecord only
 *   when someone needs it: when the UI or tester reads it, or when it is written to the workspace;
 * - the store keeps only the newest `retention` traces, so a waiting trace is let go as soon as
 *   `retention` newer ones exist: under a flood it would be pruned as soon as they are written.
 *   Under a flood that is most of them: the gateway's thread does not build and store rows only to
 *   delete them;
 * - background writes go in short slices (one transaction each), paced to average at most
 *   `maxWritesPerSecond` rows: even with the JSON and the insert on the sink's own thread, building
 *   and handing over a row costs the gateway's thread 20–30 µs. The pace holds within a write too, so
 *   a flood's writes are spread evenly instead of holding the thread for a burst of `retention`
 *   rows every few seconds;
 * - `flush()` (listing traces, stopping the gateway) writes everything waiting at once and waits
 *   until the sink has stored it, so nothing a user looks for is missing.
 *
 * Traces are numbered in the order they are recorded, and everything the recorder keeps is a range
 * of those numbers: the newest `recentLimit` (readable after they are written), the background
 * write in progress, and the queue behind it. So recording a trace moves a few numbers; nothing is
 * kept per trace but its bytes.
 */
import type { TraceRecord, TraceSummary } from '../../../src-shared/trace';
import { HeldTraces } from './held-traces';

export interface TraceSink {
  /** Stores the records, now or (a sink with a thread of its own) soon after. */
  append(records: TraceRecord[]): void;
  retention(): number;
  /** Returns once every record appended so far is stored: a sink that stores them later waits for it. */
  drain?(): void;
}

/**
 * Makes a trace of what a finished request left (`H`: plain values, which wait as bytes, see
 * value-codec.ts): the full record when it is read or written, the live log's line when it is
 * recorded and someone listens.
 */
export interface TraceBuilder<H> {
  build(held: H): TraceRecord;
  summarize(held: H): TraceSummary;
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

export class TraceRecorder<H> {
  private readonly held = new HeldTraces();
  /** Records built for a read, by trace number, kept for later reads and the write (reads are few). */
  private readonly built = new Map<number, TraceRecord>();
  /**
   * Traces from `writeFrom` on are not written yet: `writeFrom` up to `writeTo` are the background
   * write in progress (empty when none is), `writeTo` up to the newest are queued behind it.
   */
  private writeFrom = 0;
  private writeTo = 0;
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

  constructor(
    private readonly sink: TraceSink | undefined,
    private readonly builder: TraceBuilder<H>,
    options: Partial<TraceRecorderOptions> = {},
    /** A trace that could not be built or stored (the others are written all the same). */
    private readonly onWriteError: (error: unknown) => void = () => {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.retention = sink ? sink.retention() : 0;
  }

  record(held: H, requestId: string): void {
    this.held.put(requestId, held);
    if (this.sink === undefined || this.closed) {
      // Nothing to write: only the recent ones are kept.
      this.writeFrom = this.writeTo = this.recorded;
    } else {
      this.passOvertaken();
      this.schedule();
    }
    this.letGoOfUnkept();
    // After it is held, so a listener can read the trace at once.
    if (this.listeners.size > 0) {
      const summary = this.builder.summarize(held);
      for (const listener of this.listeners) listener(summary);
    }
  }

  get(requestId: string): TraceRecord | undefined {
    const seq = this.held.find(requestId);
    if (seq < 0) return undefined;
    let record = this.built.get(seq);
    if (!record) this.built.set(seq, (record = this.builder.build(this.held.get(seq) as H)));
    return record;
  }

  onTrace(listener: (summary: TraceSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes everything not yet written (at most the newest `retention`), now. */
  flush(): void {
    if (!this.sink) return;
    this.cancelTimers();
    this.takeQueue();
    this.writeRows(Infinity);
    this.letGoOfUnkept();
    this.sink.drain?.();
  }

  close(): void {
    this.flush();
    this.closed = true;
    this.listeners.clear();
  }

  /** Traces recorded so far; the newest is number `recorded - 1`. */
  private get recorded(): number {
    return this.held.nextSeq;
  }

  /**
   * Lets go of the unwritten traces that `retention` newer ones have overtaken, whether queued or
   * in the write in progress: the store would prune their rows as soon as the newer ones are
   * written. Each recorded trace overtakes at most one more, so this is a check per request.
   */
  private passOvertaken(): void {
    const overtaken = this.recorded - this.retention;
    if (this.writeFrom < overtaken) {
      this.writeFrom = overtaken;
      if (this.writeTo < overtaken) this.writeTo = overtaken;
    }
  }

  /** Lets go of the traces neither recent nor waiting to be written. */
  private letGoOfUnkept(): void {
    const oldestKept = Math.min(this.writeFrom, this.recorded - this.options.recentLimit);
    this.held.dropBefore(oldestKept);
    if (this.built.size > 0) for (const seq of this.built.keys()) if (seq < oldestKept) this.built.delete(seq);
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

  /** Adds the queue to the write in progress (or starts one), after reading the sink's retention again. */
  private takeQueue(): void {
    this.retention = Math.max(0, this.sink!.retention());
    this.passOvertaken();
    this.writeTo = this.recorded;
  }

  private startBackgroundWrite(): void {
    this.takeQueue();
    this.writeNextSlice();
  }

  /** Writes one slice; N rows buy N / maxWritesPerSecond seconds before the next slice or write. */
  private writeNextSlice(): void {
    this.slice = undefined;
    const rows = this.writeRows(this.options.writeChunk);
    this.letGoOfUnkept();
    const pauseMs = (rows / this.options.maxWritesPerSecond) * 1000;
    if (this.writeFrom < this.writeTo) {
      this.slice = setTimeout(() => this.writeNextSlice(), pauseMs);
      this.slice.unref?.();
      return;
    }
    this.nextWriteAt = performance.now() + pauseMs;
    if (this.writeTo < this.recorded) this.schedule();
  }

  /** A trace as its row; one that cannot be built is reported and left out, so the rest are still written. */
  private rowOf(seq: number): TraceRecord | undefined {
    try {
      return this.built.get(seq) ?? this.builder.build(this.held.get(seq) as H);
    } catch (error) {
      this.onWriteError(error);
      return undefined;
    }
  }

  /** Writes up to `maxRows` rows of the write in progress, in transactions of `writeChunk`; returns how many it wrote. */
  private writeRows(maxRows: number): number {
    let written = 0;
    while (written < maxRows && this.writeFrom < this.writeTo) {
      const end = Math.min(this.writeTo, this.writeFrom + this.options.writeChunk, this.writeFrom + (maxRows - written));
      const rows: TraceRecord[] = [];
      for (let seq = this.writeFrom; seq < end; seq++) {
        const row = this.rowOf(seq);
        if (row) rows.push(row);
      }
      this.writeFrom = end;
      written += rows.length;
      if (rows.length === 0) continue;
      try {
        this.sink!.append(rows);
      } catch (error) {
        this.onWriteError(error);
      }
    }
    return written;
  }
}
