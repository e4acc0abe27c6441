/**
 * Profiling aid (not a benchmark): what storing one trace costs the gateway's thread, in the thread
 * itself and handed to the trace writer thread, measured on a
 * real gateway trace and the real workspace store, so the count of rows does not depend on timing
 * (the bench's own figures do: how many rows the recorder writes depends on the request rate).
 *   node --expose-gc --import tsx test/bench/trace-write-cost.ts [target: noauth|js] [rows]
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { Workbench } from '../../src-main/app/workbench';
import { TraceWriterThread } from '../../src-main/store/trace-writer/trace-writer-thread';
import type { TraceRecord } from '../../src-shared/trace';
import type { HeldTraces } from '../../src-main/gateway/trace/held-traces';
import type { TraceBuilder } from '../../src-main/gateway/trace/trace-recorder';
import { startChildServer } from './harness';
import { publishTarget, targetNamed } from './bench-targets';

const target = targetNamed(process.argv[2] ?? 'noauth');
const rows = Number(process.argv[3] ?? 4000);

const backend = await startChildServer('bench-backend.ts');
const dir = mkdtempSync(join(tmpdir(), 'apigw-twc-'));
const workbench = await Workbench.open({ dbFile: join(dir, 'twc.db'), gateway: { port: 0, defaultApiRateLimit: false } });
try {
  const store = workbench.store;
  const path = publishTarget(store, target, backend.port);
  store.traces.setRetention(rows + 1000);
  const { url } = await workbench.gateway.start();
  const pool = new Pool(url);
  // Requests whose traces stay pending (not written): the recorder writes them only after 2 s.
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    const r = await pool.request({ path, method: 'GET', headers: { 'x-user': 'bench' } });
    ids.push(r.headers['x-request-id'] as string);
    await r.body.dump();
  }
  await pool.close();
  // The recorder's own parts: each request's trace as it waits (bytes), read back and built anew
  // for every row, as a background write does.
  const { recorder } = workbench.gateway as unknown as { recorder: { held: HeldTraces; builder: TraceBuilder<unknown> } };
  const seqs = ids.map((id) => recorder.held.find(id));
  const one = (i: number): TraceRecord => {
    const record = recorder.builder.build(recorder.held.get(seqs[i % seqs.length]));
    return { ...record, id: `row-${i}`, requestId: `row-${i}` };
  };
  for (let i = 0; i < 200; i++) one(i);
  // The gateway's thread, three ways: building the records; storing them itself (JSON and insert);
  // handing them to the trace writer thread, which the gateway does (the drain is outside the
  // timing: the gateway's thread only waits for it when a user lists traces). Wall time for the
  // hand-off, as the process's CPU time would include the writer thread's.
  const batches = Array.from({ length: rows / 100 }, (_, b) => Array.from({ length: 100 }, (_, k) => one(rows + b * 100 + k)));
  const buildStart = performance.now();
  for (let i = 0; i < rows; i++) one(i);
  const buildUs = ((performance.now() - buildStart) * 1000) / rows;
  (globalThis as { gc?: () => void }).gc?.();
  const profiler = new GCProfiler();
  const heapBefore = getHeapStatistics().used_heap_size;
  profiler.start();
  const cpuBefore = process.cpuUsage();
  for (const records of batches) store.traces.append(records);
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = getHeapStatistics().used_heap_size;
  const gcs = profiler.stop()?.statistics ?? [];
  let allocated = heapAfter - heapBefore;
  for (const g of gcs) allocated += g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize;
  store.traces.clear();
  const writer = new TraceWriterThread({ file: store.file, inThread: store.traces, onError: (e) => console.error(e.message) });
  writer.append([one(0)]);
  writer.drain();
  const handOffStart = performance.now();
  for (const records of batches) writer.append(records);
  const handOffUs = ((performance.now() - handOffStart) * 1000) / rows;
  writer.drain();
  const lastStored = store.traces.get(batches.at(-1)!.at(-1)!.id) !== undefined;
  await writer.close();
  const json = JSON.stringify(one(0)).length;
  console.log(JSON.stringify({
    target, rows, jsonChars: json, buildUsPerRow: Math.round(buildUs), storeInThreadCpuUsPerRow: Math.round((cpu.user + cpu.system) / rows),
    allocKbPerRow: Math.round(allocated / 102.4 / rows) / 10, handOffUsPerRow: Math.round(handOffUs), lastRowStoredByWriterThread: lastStored,
  }));
} finally {
  await workbench.close();
  backend.stop();
  rmSync(dir, { recursive: true, force: true });
}
