/**
 * The gateway's traces are stored by a worker thread with its own connection to the workspace
 * (src-main/store/trace-writer). What a caller of drain() reads afterwards through the main
 * connection must be exactly what in-thread writes would have left, and a failing worker must cost
 * no trace.
 */
import { describe, expect, it, vi } from 'vitest';
import type { TraceRecord } from '../../src-shared/trace';
import { TraceWriterThread, type TraceWriterOptions } from '../../src-main/store/trace-writer/trace-writer-thread';
import type { WorkspaceStore } from '../../src-main/store/workspace-store';
import { openTemp, sampleTrace } from './helpers';

const batch = (from: number, count: number): TraceRecord[] => Array.from({ length: count }, (_, i) => sampleTrace(from + i));

/** A writer on `store` whose in-thread fallback is watched, and whose reported errors are collected. */
function writerFor(store: WorkspaceStore, over: Partial<TraceWriterOptions> = {}) {
  const inThreadAppend = vi.fn((records: TraceRecord[]) => store.traces.append(records));
  const errors: Error[] = [];
  let errorSeen: () => void = () => {};
  const writer = new TraceWriterThread({
    file: store.file,
    inThread: { append: inThreadAppend, retention: () => store.traces.retention() },
    onError: (error) => {
      errors.push(error);
      errorSeen();
    },
    ...over,
  });
  const nextError = () => new Promise<void>((resolve) => (errorSeen = resolve));
  return { writer, inThreadAppend, errors, nextError };
}

const storedIds = (store: WorkspaceStore) => store.traces.list({ limit: 1000 }).map((t) => t.id).reverse();

describe('trace writer thread', () => {
  it('stores every batch from its own thread; after drain() the main connection reads them all', async () => {
    const store = openTemp();
    const { writer, inThreadAppend, errors } = writerFor(store);
    const records = [...batch(0, 50), ...batch(50, 50), ...batch(100, 20)];
    writer.append(records.slice(0, 50));
    writer.append(records.slice(50, 100));
    writer.append(records.slice(100));
    writer.drain();
    expect(storedIds(store)).toEqual(records.map((r) => r.id));
    expect(store.traces.get('t00077')).toEqual(records[77]);
    // Not one row went through the gateway's thread.
    expect(inThreadAppend).not.toHaveBeenCalled();
    await writer.close();
    expect(errors).toEqual([]);
  });

  it("keeps the workspace's retention: the worker prunes as the main connection would", async () => {
    const store = openTemp();
    store.traces.setRetention(100);
    const { writer } = writerFor(store);
    for (let i = 0; i < 300; i += 60) writer.append(batch(i, 60));
    writer.drain();
    expect(storedIds(store)).toEqual(batch(200, 100).map((r) => r.id));
    await writer.close();
  });

  it('reports a batch it cannot store, with the reason, and goes on storing the next ones', async () => {
    const store = openTemp();
    const { writer, errors, nextError } = writerFor(store);
    const broken = { ...sampleTrace(1), request: undefined } as unknown as TraceRecord;
    const reported = nextError();
    writer.append([broken]);
    writer.append(batch(2, 3));
    writer.drain();
    await reported;
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^could not store 1 trace\(s\) \(batch 1\): .*method/)]);
    expect(storedIds(store)).toEqual(['t00002', 't00003', 't00004']);
    await writer.close();
  });

  it('a worker that cannot start: what it was sent, and what follows, is stored through the main connection, and the failure is reported', async () => {
    const store = openTemp();
    const { writer, inThreadAppend, errors, nextError } = writerFor(store, { entry: new URL('./fixtures/no-such-worker.ts', import.meta.url) });
    const reported = nextError();
    writer.append(batch(0, 5));
    await reported;
    expect(errors[0].message).toMatch(/^trace writer thread stopped, writing traces on the gateway's thread from now on: /);
    expect(storedIds(store)).toEqual(batch(0, 5).map((r) => r.id));
    writer.append(batch(5, 2));
    expect(inThreadAppend).toHaveBeenCalledTimes(2);
    expect(storedIds(store)).toHaveLength(7);
    await writer.close();
  });

  it('drain() does not wait forever for a worker that never finishes: it gives up after its timeout and says so', async () => {
    const store = openTemp();
    const { writer, errors } = writerFor(store, { entry: new URL('./fixtures/silent-trace-writer.ts', import.meta.url), drainTimeoutMs: 300 });
    writer.append(batch(0, 2));
    writer.drain();
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/has not finished 1 batch\(es\) of traces in 300 ms/)]);
    await writer.close();
  });

  it('a worker that fails while drain() waits for it: drain() returns at once, its unfinished batch is stored through the main connection, and both the stop and the error are reported', async () => {
    const store = openTemp();
    // A timeout far longer than the test's own: waiting it out would fail the test, not pass it slowly.
    const { writer, inThreadAppend, errors, nextError } = writerFor(store, { entry: new URL('./fixtures/crashing-trace-writer.ts', import.meta.url), drainTimeoutMs: 60_000 });
    writer.append(batch(0, 3));
    writer.drain();
    expect(storedIds(store)).toEqual(batch(0, 3).map((r) => r.id));
    expect(inThreadAppend).toHaveBeenCalledTimes(1);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^trace writer thread stopped, writing traces on the gateway's thread from now on: it ended with 1 batch\(es\) of traces unfinished/)]);
    // The worker's own error arrives once this thread is free again, and is reported too.
    await nextError();
    expect(errors[1].message).toBe('the trace writer thread failed: the disk caught fire');
    await writer.close();
  }, 30_000);

  it('close() drains and ends the worker; the rows outlive it and the workspace reopens with them', async () => {
    const store = openTemp();
    const { writer } = writerFor(store);
    writer.append(batch(0, 10));
    await writer.close();
    expect(storedIds(store)).toHaveLength(10);
    const file = store.file;
    store.close();
    const reopened = openTemp(file);
    expect(storedIds(reopened)).toEqual(batch(0, 10).map((r) => r.id));
  });
});
