/**
 * Profiling aid (not a benchmark): what one call of a Node.js function through the function host
 * costs, without the gateway around it: CPU per call (this thread, and the function's worker with
 * V8's helpers), and the main thread's allocation and GC, 32 calls at a time, as under load.
 *   node --import tsx test/bench/invoke-cost.ts [calls per round] [rounds]
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { FunctionHost } from '../../src-main/functions/function-host';
import type { LocalFunction } from '../../src-shared/model';
import { JS_ALLOW } from './bench-targets';
import { processCpuMicros, threadCpuMicros } from './proc-cpu';

const calls = Number(process.argv[2] ?? 30_000);
const rounds = Number(process.argv[3] ?? 3);

const fn: LocalFunction = {
  id: 'invoke-cost',
  name: 'js_allow',
  runtime: 'nodejs',
  handler: 'index.handler',
  source: { kind: 'inline', code: JS_ALLOW },
  timeoutMs: 5000,
  memoryMb: 256,
  description: '',
  updatedAt: '',
};
// The event an authorizer gets for the gateway bench's request.
const event = {
  requestContext: { apiId: 'f2c50d73aa2c40a1ba1ad981edfa2b2d', requestId: '51d7cca50b818afa4e80f82f91a4c76c', stage: 'RELEASE', sourceIp: '127.0.0.1' },
  queryStringParameters: {},
  httpMethod: 'GET',
  pathParameters: {},
  headers: { host: '127.0.0.1:36623', connection: 'keep-alive', 'x-user': 'bench' },
  path: '/p',
  isBase64Encoded: false,
  user_data: '',
};

const host = new FunctionHost({ poolSize: 1 });
async function run(count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next++ < count) {
        const outcome = await host.invoke(fn, event, { requestId: `r${next}` });
        if (!outcome.ok) throw new Error(`the call failed: ${outcome.failure.kind}: ${outcome.failure.message}`);
      }
    }),
  );
}

try {
  await run(5000);
  for (let r = 0; r < rounds; r++) {
    const profiler = new GCProfiler();
    const heapBefore = getHeapStatistics().used_heap_size;
    profiler.start();
    const processBefore = processCpuMicros(process.pid);
    const threadBefore = threadCpuMicros();
    const started = performance.now();
    await run(calls);
    const ms = performance.now() - started;
    const threadUs = (threadCpuMicros() ?? NaN) - (threadBefore ?? NaN);
    const processUs = (processCpuMicros(process.pid) ?? NaN) - (processBefore ?? NaN);
    const heapAfter = getHeapStatistics().used_heap_size;
    const gcs = profiler.stop()?.statistics ?? [];
    // Allocated = growth of the used heap between collections, plus what each collection freed.
    let allocated = heapAfter - heapBefore;
    for (const g of gcs) allocated += g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize;
    console.log(
      JSON.stringify({
        callsPerSecond: Math.round((calls / ms) * 1000),
        cpuUsPerCall: +(processUs / calls).toFixed(1),
        mainThreadUsPerCall: +(threadUs / calls).toFixed(1),
        allocKbPerCall: +(allocated / 1024 / calls).toFixed(2),
        gcUsPerCall: +(gcs.reduce((t, g) => t + g.cost, 0) / calls).toFixed(2),
        fullGcs: gcs.filter((g) => g.gcType !== 'Scavenge').length,
      }),
    );
  }
} finally {
  await host.close();
}
