/**
 * Throughput / latency check for the function host (not part of the test run):
 *   npx tsx test/functions/bench-invoke.ts [seconds]
 * - Node: a trivial authorizer under 200 concurrent invocations -> invocations per second.
 * - Python: sequential warm invocations of a trivial handler -> p50 / p95 round trip.
 */
import type { LocalFunction } from '../../src-shared/model';
import { FunctionHost } from '../../src-main/functions/function-host';

const seconds = Number(process.argv[2] ?? 5);

function fn(id: string, runtime: 'nodejs' | 'python', code: string): LocalFunction {
  return { id, name: id, runtime, handler: 'index.handler', source: { kind: 'inline', code }, timeoutMs: 5000, memoryMb: 128, description: '', updatedAt: '' };
}

const authorizer = fn(
  'bench-auth',
  'nodejs',
  `exports.handler = async (event, context) => ({
     statusCode: 200,
     body: JSON.stringify({ status: event.headers.authorization === 'ok' ? 'allow' : 'deny', context: { user: 'u1' } }),
   });`,
);
const pyHandler = fn('bench-py', 'python', 'import json\ndef handler(event, context):\n    return json.dumps({"statusCode": 200, "body": "ok"})\n');

const event = {
  httpMethod: 'GET',
  path: '/orders/1',
  headers: { authorization: 'ok', host: 'localhost', 'user-agent': 'bench' },
  queryStringParameters: {},
  requestContext: { apiId: 'a', requestId: 'r', stage: 'RELEASE', sourceIp: '127.0.0.1' },
  user_data: 'x',
};

async function nodeThroughput(host: FunctionHost): Promise<void> {
  await host.invoke(authorizer, event, { requestId: 'warm' });
  const concurrency = 200;
  let done = 0;
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const r = await host.invoke(authorizer, event, { requestId: `r${done}` });
        if (!r.ok) failed++;
        done++;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  console.log(`node: ${Math.round(done / elapsed)} invocations/s (${done} in ${elapsed.toFixed(1)} s, ${failed} failed, concurrency ${concurrency})`);
  console.log('node instances:', JSON.stringify(host.instances().map((f) => f.instances.length)));
}

async function pythonLatency(host: FunctionHost): Promise<void> {
  await host.invoke(pyHandler, event, { requestId: 'warm' });
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    const r = await host.invoke(pyHandler, event, { requestId: 'p' });
    if (!r.ok) throw new Error(JSON.stringify(r.failure));
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.floor(samples.length * p)].toFixed(2);
  console.log(`python: warm round trip p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms (${samples.length} sequential invocations)`);
}

const host = new FunctionHost();
try {
  await nodeThroughput(host);
  await pythonLatency(host);
} finally {
  await host.close();
}
