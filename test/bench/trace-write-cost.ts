/**
 * Profiling aid (not a benchmark): what writing one trace costs the gateway's thread, measured on a
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
import type { TraceRecord } from '../../src-shared/trace';
import { startChildServer } from './harness';

const target = process.argv[2] ?? 'noauth';
const rows = Number(process.argv[3] ?? 4000);
const JS_ALLOW = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { user: String(event.headers['x-user'] || 'anon') } }) });`;

const backend = await startChildServer('bench-backend.ts');
const dir = mkdtempSync(join(tmpdir(), 'apigw-twc-'));
const workbench = await Workbench.open({ dbFile: join(dir, 'twc.db'), gateway: { port: 0, defaultApiRateLimit: false } });
try {
  const store = workbench.store;
  const group = store.groups.create({ name: 'twc_group' });
  const release = store.environments.getByName('RELEASE')!.id;
  store.functions.create({ name: 'js_allow', runtime: 'nodejs', source: { kind: 'inline', code: JS_ALLOW } });
  const auth = store.authorizers.create({ name: 'js_auth', type: 'FRONTEND', functionUrn: 'js_allow', identities: [{ name: 'x-user', location: 'HEADER' }] });
  const api = store.apis.create({
    groupId: group.id, name: 'api', method: 'GET', path: '/p', backend: { type: 'HTTP', address: `127.0.0.1:${backend.port}`, path: '/' },
    ...(target === 'noauth' ? {} : { authType: 'AUTHORIZER' as const, authorizerId: auth.id }),
  });
  store.publications.publish(api.id, release);
  store.traces.setRetention(rows + 1000);
  const { url } = await workbench.gateway.start();
  const pool = new Pool(url);
  // Requests whose traces stay pending (not written): the recorder writes them only after 2 s.
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    const r = await pool.request({ path: '/p', method: 'GET', headers: { 'x-user': 'bench' } });
    ids.push(r.headers['x-request-id'] as string);
    await r.body.dump();
  }
  await pool.close();
  // The recorder's own objects: the pending trace of each request (built anew for every row).
  type Pending = { pending: { build(): TraceRecord } };
  const byId = (workbench.gateway as unknown as { recorder: { byId?: Map<string, Pending>; recent?: Map<string, Pending>; unwritten?: Map<string, Pending> } }).recorder;
  const pendings = ids.map((id) => (byId.byId ?? byId.unwritten ?? byId.recent)!.get(id)!.pending);
  const one = (i: number): TraceRecord => {
    const record = pendings[i % pendings.length].build();
    return { ...record, id: `row-${i}`, requestId: `row-${i}` };
  };
  for (let i = 0; i < 200; i++) one(i);
  (globalThis as { gc?: () => void }).gc?.();
  const profiler = new GCProfiler();
  const heapBefore = getHeapStatistics().used_heap_size;
  profiler.start();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < rows; i += 100) store.traces.append(Array.from({ length: 100 }, (_, k) => one(i + k)));
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = getHeapStatistics().used_heap_size;
  const gcs = profiler.stop()?.statistics ?? [];
  let allocated = heapAfter - heapBefore;
  for (const g of gcs) allocated += g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize;
  const json = JSON.stringify(one(0)).length;
  console.log(JSON.stringify({ target, rows, cpuUsPerRow: Math.round((cpu.user + cpu.system) / rows), allocKbPerRow: Math.round(allocated / 102.4 / rows) / 10, jsonChars: json }));
} finally {
  await workbench.close();
  backend.stop();
  rmSync(dir, { recursive: true, force: true });
}
