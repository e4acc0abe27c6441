/**
 * Profiling aid (not a benchmark): serves one gateway target under load from this process so it
 * can run under `node --cpu-prof` / `--trace-gc`.  Run:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/profile-gateway.ts noauth|js|jscached [seconds]
 * With --expose-gc and a request count it sends exactly that many requests from this process instead
 * and prints the heap still held afterwards (queued traces and all), which does not depend on load:
 *   node --expose-gc --import tsx test/bench/profile-gateway.ts noauth --requests 3000
 * How many traces get written depends on timing; `--retention 1` writes almost none, so the
 * allocation per request of everything else is comparable between versions (trace-write-cost.ts
 * measures the writes). `--snapshot FILE` then writes a heap snapshot with the queued traces in it,
 * to see what the waiting traces still hold on the heap (Chrome DevTools, Memory tab; their bytes
 * are one ArrayBuffer, see held-traces.ts).
 */
import { GCProfiler, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { Workbench } from '../../src-main/app/workbench';
import { runLoad, startChildServer } from './harness';
import { publishTarget, targetNamed } from './bench-targets';

const target = targetNamed(process.argv[2] ?? 'noauth');
const seconds = Number(process.argv[3] ?? 8);
const countAt = process.argv.indexOf('--requests');
const requests = countAt > 0 ? Number(process.argv[countAt + 1]) : 0;
const retentionAt = process.argv.indexOf('--retention');
const snapshotAt = process.argv.indexOf('--snapshot');
const snapshotFile = snapshotAt > 0 ? process.argv[snapshotAt + 1] : undefined;
const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return Math.round(getHeapStatistics().used_heap_size / 1024 / 102.4) / 10;
};

/** Exactly `count` requests, 32 at a time, from this process; the heap held after them (MB, after a full GC). */
async function heldAfter(url: string, count: number): Promise<Record<string, number>> {
  const pool = new Pool(new URL(url).origin, { connections: 32 });
  const path = new URL(url).pathname;
  const one = async () => {
    const r = await pool.request({ path, method: 'GET', headers: { 'x-user': 'bench' } });
    await r.body.dump();
  };
  for (let i = 0; i < 64; i++) await one();
  const heldMbBefore = heapMb();
  // Collections during the requests: young (scavenges) and full (mark-compact), and their cost.
  const profiler = new GCProfiler();
  const heapBefore = getHeapStatistics().used_heap_size;
  profiler.start();
  const cpuBefore = process.cpuUsage();
  let next = 64;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next++ < count) await one();
  }));
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = getHeapStatistics().used_heap_size;
  const gcs = profiler.stop()?.statistics ?? [];
  await pool.close();
  // Allocated = growth of the used heap between collections, plus what each collection freed.
  let allocated = heapAfter - heapBefore;
  for (const g of gcs) allocated += g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize;
  const measured = count - 64;
  const young = gcs.filter((g) => g.gcType === 'Scavenge');
  const full = gcs.filter((g) => g.gcType === 'MarkSweepCompact');
  const ms = (list: typeof gcs) => Math.round(list.reduce((t, g) => t + g.cost, 0) / 100) / 10;
  return {
    heldMbBefore, heldMbAfter: heapMb(),
    // Both ends of the requests are in this process: compare these between versions, not with the bench.
    cpuUsPerRequest: Math.round((cpu.user + cpu.system) / measured), allocKbPerRequest: Math.round(allocated / 102.4 / measured) / 10,
    scavenges: young.length, scavengeMs: ms(young), fullGcs: full.length, fullGcMs: ms(full) };
}

const backend = await startChildServer('bench-backend.ts');
const dir = mkdtempSync(join(tmpdir(), 'apigw-prof-'));
const workbench = await Workbench.open({ dbFile: join(dir, 'prof.db'), gateway: { port: 0, defaultApiRateLimit: false } });
try {
  const path = publishTarget(workbench.store, target, backend.port);
  if (retentionAt > 0) workbench.store.traces.setRetention(Number(process.argv[retentionAt + 1]));
  const { url } = await workbench.gateway.start();
  if (requests > 0) {
    console.log(JSON.stringify({ target, requests, ...(await heldAfter(`${url}${path}`, requests)) }));
    if (snapshotFile) writeHeapSnapshot(snapshotFile);
  } else {
    const result = await runLoad({ url: `${url}${path}`, connections: 32, durationMs: seconds * 1000, warmupMs: 1000, headers: { 'x-user': 'bench' } });
    console.log(JSON.stringify({ target, rps: result.rps, errors: result.errors }));
  }
} finally {
  await workbench.close();
  backend.stop();
  rmSync(dir, { recursive: true, force: true });
}
