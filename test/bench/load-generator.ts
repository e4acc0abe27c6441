/**
 * A closed-loop HTTP load generator, run in its own process so it does not share an event loop
 * with what it measures. Every target in a benchmark uses this same generator.
 *
 *   node --import tsx test/bench/load-generator.ts '{"url":…,"connections":32,"durationMs":5000}'
 * prints one JSON line: { requests, errors, statusCounts, rps, p50Ms, p99Ms }.
 */
import { Pool } from 'undici';

export interface LoadSpec {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** Header sets used round-robin (e.g. distinct identities to defeat a cache). */
  headerVariants?: Record<string, string>[];
  connections: number;
  durationMs: number;
  warmupMs?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  statusCounts: Record<string, number>;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export async function generateLoad(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const pool = new Pool(url.origin, { connections: spec.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const path = url.pathname + url.search;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  let counter = 0;
  let measuring = false;
  const warmupEnd = Date.now() + (spec.warmupMs ?? 1000);
  const end = warmupEnd + spec.durationMs;

  async function worker(): Promise<void> {
    while (Date.now() < end) {
      const variant = spec.headerVariants ? spec.headerVariants[counter++ % spec.headerVariants.length] : undefined;
      const started = performance.now();
      try {
        const res = await pool.request({ path, method: (spec.method ?? 'GET') as 'GET', headers: { ...spec.headers, ...variant } });
        await res.body.dump();
        if (measuring) {
          latencies.push(performance.now() - started);
          statusCounts[res.statusCode] = (statusCounts[res.statusCode] ?? 0) + 1;
        }
      } catch {
        if (measuring) errors++;
      }
      if (!measuring && Date.now() >= warmupEnd) measuring = true;
    }
  }

  await Promise.all(Array.from({ length: spec.connections }, () => worker()));
  await pool.close();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    errors,
    statusCounts,
    rps: Math.round(latencies.length / (spec.durationMs / 1000)),
    p50Ms: Math.round(percentile(sorted, 0.5) * 1000) / 1000,
    p99Ms: Math.round(percentile(sorted, 0.99) * 1000) / 1000,
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const spec = JSON.parse(process.argv[2]) as LoadSpec;
  generateLoad(spec).then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
}
