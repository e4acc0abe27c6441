/**
 * The gateway's trace recorder: what is written, when, and what stays readable meanwhile.
 * "When" runs on vitest's fake clock (its timers, immediates and performance.now()), so the
 * background writes happen at the instants the options say, however busy the machine is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TraceRecord } from '../../src-shared/trace';
import { TraceRecorder, type TraceBuilder, type TraceSink } from '../../src-main/gateway/trace/trace-recorder';

class MemorySink implements TraceSink {
  readonly batches: string[][] = [];
  constructor(private readonly keep: number) {}
  append(records: TraceRecord[]): void {
    this.batches.push(records.map((r) => r.id));
  }
  retention(): number {
    return this.keep;
  }
  get written(): string[] {
    return this.batches.flat();
  }
}

let built = 0;
/** What a test's request leaves: its id (a gateway's is the request's facts). */
interface Held {
  id: string;
}
const builder: TraceBuilder<Held> = {
  build: ({ id }) => {
    built++;
    return { id, requestId: id, startedAt: '', totalMs: 0, request: { method: 'GET', url: '/', host: '', headers: {}, sourceIp: '' }, stages: [], authorizers: [], response: { status: 200, headers: {} }, fidelityNotes: [] };
  },
  summarize: ({ id }) => ({ id, requestId: id, startedAt: '', method: 'GET', url: '/', status: 200, totalMs: 0 }),
};
const record = (recorder: TraceRecorder<Held>, id: string) => recorder.record({ id }, id);
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `r${from + i}`);

describe('trace recorder', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('builds a trace only when it is read or written, and once', () => {
    const sink = new MemorySink(10);
    const recorder = new TraceRecorder(sink, builder, { flushIntervalMs: 60_000 });
    built = 0;
    record(recorder, 'a');
    expect(built).toBe(0);
    expect(recorder.get('a')?.id).toBe('a');
    recorder.flush();
    expect(built).toBe(1);
    expect(sink.written).toEqual(['a']);
    recorder.close();
  });

  it('flush waits until a sink that stores later has stored what it was given', () => {
    const calls: string[] = [];
    const sink: TraceSink = { append: (records) => calls.push(`append ${records.map((r) => r.id).join(',')}`), retention: () => 10, drain: () => calls.push('drain') };
    const recorder = new TraceRecorder(sink, builder, { flushIntervalMs: 60_000 });
    record(recorder, 'a');
    record(recorder, 'b');
    recorder.flush();
    expect(calls).toEqual(['append a,b', 'drain']);
    recorder.close();
  });

  it('flush writes only the newest `retention` queued traces, oldest first, and those stay readable until then', () => {
    const sink = new MemorySink(5);
    const recorder = new TraceRecorder(sink, builder, { flushIntervalMs: 60_000, recentLimit: 2 });
    for (const id of ids(0, 8)) record(recorder, id);
    // r3 is not recent (the last 2) but still queued, so still readable; r2 has 5 newer ones, so
    // the store would prune its row as soon as they are written: memory lets it go too.
    expect(recorder.get('r3')?.id).toBe('r3');
    expect(recorder.get('r2')).toBeUndefined();
    recorder.flush();
    expect(sink.written).toEqual(ids(3, 8));
    recorder.close();
  });

  it('under a flood, the queue lets the oldest go instead of growing past retention', () => {
    const sink = new MemorySink(10);
    const recorder = new TraceRecorder(sink, builder, { flushIntervalMs: 60_000, recentLimit: 1 });
    for (const id of ids(0, 1000)) record(recorder, id);
    expect(recorder.get('r0')).toBeUndefined();
    expect(recorder.get('r999')?.id).toBe('r999');
    recorder.flush();
    expect(sink.written).toEqual(ids(990, 1000));
    recorder.close();
  });

  it('writes in the background after the interval, in slices of writeChunk rows', () => {
    const sink = new MemorySink(100);
    const recorder = new TraceRecorder(sink, builder, { flushIntervalMs: 20, writeChunk: 10, maxWritesPerSecond: 1_000_000 });
    for (const id of ids(0, 35)) record(recorder, id);
    expect(sink.written).toEqual([]);
    vi.advanceTimersByTime(19);
    expect(sink.written).toEqual([]);
    vi.advanceTimersByTime(1);
    // One slice, then the next once the write rate allows: requests get served in between.
    expect(sink.written).toEqual(ids(0, 10));
    vi.advanceTimersToNextTimer();
    expect(sink.written).toEqual(ids(0, 20));
    vi.runAllTimers();
    expect(sink.written).toEqual(ids(0, 35));
    expect(sink.batches.map((b) => b.length)).toEqual([10, 10, 10, 5]);
    recorder.close();
  });

  it('a large background write delays the next one (average write rate), but flush() writes at once', () => {
    const sink = new MemorySink(1000);
    // 50 rows at 100 rows/s: the next background write waits 500 ms.
    const recorder = new TraceRecorder(sink, builder, { flushIntervalMs: 20, writeChunk: 50, maxWritesPerSecond: 100 });
    for (const id of ids(0, 50)) record(recorder, id);
    vi.advanceTimersByTime(80);
    expect(sink.written.length).toBe(50);
    for (const id of ids(50, 60)) record(recorder, id);
    vi.advanceTimersByTime(150);
    expect(sink.written.length).toBe(50);
    expect(recorder.get('r55')?.id).toBe('r55');
    recorder.flush();
    expect(sink.written).toEqual(ids(0, 60));
    recorder.close();
  });

  it('under a flood, writes are paced slice by slice at the average rate, not written as one burst', () => {
    const sink = new MemorySink(2000);
    // 100 rows per slice at 250 rows/s: a slice every 400 ms, so 2000 queued rows take 8 s.
    const recorder = new TraceRecorder(sink, builder, { flushIntervalMs: 2000, writeChunk: 100, maxWritesPerSecond: 250 });
    for (const id of ids(0, 2000)) record(recorder, id);
    vi.advanceTimersByTime(2000);
    expect(sink.written.length).toBe(100);
    vi.advanceTimersByTime(399);
    expect(sink.written.length).toBe(100);
    vi.advanceTimersByTime(1);
    expect(sink.written.length).toBe(200);
    vi.advanceTimersByTime(400 * 17);
    expect(sink.written).toEqual(ids(0, 1900));
    // Still readable while they wait; flush() writes the rest at once.
    expect(recorder.get('r1999')?.id).toBe('r1999');
    recorder.flush();
    expect(sink.written).toEqual(ids(0, 2000));
    recorder.close();
  });

  it('a paced write passes over the traces that retention newer ones overtook while they waited', () => {
    const sink = new MemorySink(200);
    // 50 rows per slice at 250 rows/s: the second slice comes 200 ms after the first.
    const recorder = new TraceRecorder(sink, builder, { flushIntervalMs: 1000, writeChunk: 50, maxWritesPerSecond: 250, recentLimit: 1 });
    for (const id of ids(0, 200)) record(recorder, id);
    vi.advanceTimersByTime(1000);
    expect(sink.written).toEqual(ids(0, 50));
    // 150 newer traces: r50–r149 now have 200 newer ones, so the store would prune their rows at once.
    for (const id of ids(200, 350)) record(recorder, id);
    // They are let go as they are overtaken, not when the next slice comes to them.
    expect(recorder.get('r149')).toBeUndefined();
    built = 0;
    vi.advanceTimersByTime(200);
    expect(sink.written).toEqual([...ids(0, 50), ...ids(150, 200)]);
    // Nothing was built for the skipped rows, and they are no longer held in memory.
    expect(built).toBe(50);
    expect(recorder.get('r149')).toBeUndefined();
    expect(recorder.get('r200')?.id).toBe('r200');
    recorder.flush();
    // What the store keeps (the newest 200) is all written.
    expect(sink.written.slice(-200)).toEqual(ids(150, 350));
    recorder.close();
  });

  it('a trace that cannot be built is reported and left out; the others are written', () => {
    const errors: unknown[] = [];
    const sink = new MemorySink(10);
    const fussy: TraceBuilder<Held> = { ...builder, build: (held) => (held.id === 'b' ? (() => { throw new Error('cannot build b'); })() : builder.build(held)) };
    const recorder = new TraceRecorder(sink, fussy, { flushIntervalMs: 60_000 }, (e) => errors.push(e));
    for (const id of ['a', 'b', 'c']) record(recorder, id);
    recorder.flush();
    expect(sink.written).toEqual(['a', 'c']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['cannot build b']);
    recorder.close();
  });

  it('a failing sink is reported and recording goes on', () => {
    const errors: unknown[] = [];
    const sink: TraceSink = { append: () => { throw new Error('disk full'); }, retention: () => 10 };
    const recorder = new TraceRecorder(sink, builder, { flushIntervalMs: 60_000 }, (e) => errors.push(e));
    record(recorder, 'a');
    recorder.flush();
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk full']);
    record(recorder, 'b');
    expect(recorder.get('b')?.id).toBe('b');
    recorder.close();
  });
});
