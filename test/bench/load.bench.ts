/**
 * Sustained load: 200 concurrent connections for 60 s (flags --connections, --seconds) through an
 * API protected by a Node.js custom authorizer (uncached, so every request runs the function)
 * with an HTTP backend in its own process, the load generator in another. The gateway runs in
 * this process, as in the app's core, so what is sampled here is what a user's UI would feel.
 *
 * Every 5 s it reports the process RSS, the trace table's row count (must stay ≤ the retention),
 * and the live-view responsiveness since the last sample: the time from asking for
 * store.traces.list() to having the answer (event-loop wait + query), the delay from a response
 * being finished to gateway.onTrace delivering it, and the time from sending a probe request to
 * its trace arriving through onTrace.
 *
 * Pass criteria (exit code 1 otherwise): zero errors and zero non-2xx, rows ≤ retention at every
 * sample, every request's trace delivered, RSS at the end within 25 % of RSS at the first sample
 * taken after warm-up.
 *
 * APIG's default 200 calls/s per-API throttle is off here (defaultApiRateLimit: false): it would
 * answer most of this load with 429, which is APIG's behaviour but not what this bench measures.
 *
 * Run: npx tsx test/bench/load.bench.ts [--seconds 60] [--connections 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { Workbench } from '../../src-main/app/workbench';
import { runLoad, startChildServer } from './harness';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = flag('seconds', 60);
const connections = flag('connections', 200);
const RETENTION = 2000;
const SAMPLE_EVERY_MS = 5000;

const AUTHORIZER = `exports.handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ status: event.headers['x-user'] ? 'allow' : 'deny', context: { user: String(event.headers['x-user'] || '') } }),
});`;

function stats(values: number[]): { p50: number; p99: number; max: number; n: number } {
  if (values.length === 0) return { p50: NaN, p99: NaN, max: NaN, n: 0 };
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1], n: s.length };
}
const ms = (n: number) => (Number.isNaN(n) ? '   -' : n.toFixed(1).padStart(6));

async function main(): Promise<number> {
  const backend = await startChildServer('bench-backend.ts');
  const dir = mkdtempSync(join(tmpdir(), 'apigw-load-'));
  const dbFile = join(dir, 'load.db');
  const workbench = await Workbench.open({ dbFile, gateway: { port: 0, defaultApiRateLimit: false } });
  const reader = new Database(dbFile, { readonly: true });
  try {
    const store = workbench.store;
    store.traces.setRetention(RETENTION);
    const group = store.groups.create({ name: 'load_group' });
    store.functions.create({ name: 'load_auth', runtime: 'nodejs', source: { kind: 'inline', code: AUTHORIZER } });
    const auth = store.authorizers.create({ name: 'load_authorizer', type: 'FRONTEND', functionUrn: 'load_auth', identities: [{ name: 'x-user', location: 'HEADER' }] });
    const api = store.apis.create({
      groupId: group.id,
      name: 'load_api',
      method: 'GET',
      path: '/load',
      authType: 'AUTHORIZER',
      authorizerId: auth.id,
      backend: { type: 'HTTP', address: `127.0.0.1:${backend.port}`, path: '/' },
    });
    store.publications.publish(api.id, store.environments.getByName('RELEASE')!.id);
    const { url: gw } = await workbench.gateway.start();

    // Live-view instruments.
    let delivered = 0;
    let deliveryLags: number[] = [];
    let listLatencies: number[] = [];
    let probeLatencies: number[] = [];
    const probes = new Map<string, number>();
    const unsubscribe = workbench.gateway.onTrace((t) => {
      delivered++;
      deliveryLags.push(Math.max(0, Date.now() - (Date.parse(t.startedAt) + t.totalMs)));
      const sent = probes.get(t.url);
      if (sent !== undefined) {
        probes.delete(t.url);
        probeLatencies.push(performance.now() - sent);
      }
    });
    // A UI asking for the trace list every 200 ms: from the moment it asks (the timer is due) to
    // the answer, i.e. the wait for the busy event loop plus the query itself.
    let lister: NodeJS.Timeout;
    const askForList = () => {
      const due = performance.now() + 200;
      lister = setTimeout(() => {
        store.traces.list({ limit: 100 });
        listLatencies.push(performance.now() - due);
        askForList();
      }, 200);
    };
    askForList();
    let probeN = 0;
    const prober = setInterval(() => {
      const path = `/load?probe=${++probeN}`;
      probes.set(path, performance.now());
      request(gw + path, { headers: { 'x-user': 'probe' } }).then((r) => r.body.dump(), () => {});
    }, 500);

    const rows = (): number => (reader.prepare('SELECT COUNT(*) AS n FROM traces').get() as { n: number }).n;
    const samples: { t: number; rssMb: number; heapMb: number; rows: number }[] = [];
    const started = performance.now();
    console.log(`load: ${connections} connections for ${seconds}s (after 1 s warm-up) → authorizer (uncached) → HTTP backend; trace retention ${RETENTION}`);
    console.log('   t s   RSS MB  heap MB  trace rows   list() p50/p99/max ms     onTrace lag p50/max ms   probe→trace p50/max ms');
    const sampler = setInterval(() => {
      const mem = process.memoryUsage();
      const s = { t: Math.round((performance.now() - started) / 1000), rssMb: mem.rss / 1048576, heapMb: mem.heapUsed / 1048576, rows: rows() };
      samples.push(s);
      const l = stats(listLatencies);
      const d = stats(deliveryLags);
      const p = stats(probeLatencies);
      console.log(
        `${String(s.t).padStart(6)} ${s.rssMb.toFixed(0).padStart(8)} ${s.heapMb.toFixed(0).padStart(8)} ${String(s.rows).padStart(11)}   ${ms(l.p50)} ${ms(l.p99)} ${ms(l.max)}        ${ms(d.p50)} ${ms(d.max)}         ${ms(p.p50)} ${ms(p.max)}`,
      );
      listLatencies = [];
      deliveryLags = [];
      probeLatencies = [];
    }, SAMPLE_EVERY_MS);

    const result = await runLoad({ url: `${gw}/load`, connections, durationMs: seconds * 1000, headers: { 'x-user': 'load' } });
    clearInterval(sampler);
    clearTimeout(lister!);
    clearInterval(prober);
    await new Promise((r) => setTimeout(r, 500)); // the last probes and trace batch
    workbench.gateway.flushTraces();
    unsubscribe();

    const non2xx = Object.entries(result.statusCounts).filter(([s]) => !s.startsWith('2')).reduce((n, [, c]) => n + c, 0);
    const firstAfterWarmup = samples.find((s) => s.t >= 10) ?? samples[0];
    const last = samples[samples.length - 1];
    const maxRows = Math.max(...samples.map((s) => s.rows), rows());
    const growth = last && firstAfterWarmup ? last.rssMb / firstAfterWarmup.rssMb : NaN;
    console.log(
      `\n${result.requests} requests measured, ${result.rps} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; errors ${result.errors}; non-2xx ${non2xx}; statuses ${JSON.stringify(result.statusCounts)}`,
    );
    console.log(`traces delivered through onTrace: ${delivered} (≥ ${result.requests + result.errors} expected: warm-up and probes come on top)`);
    console.log(`trace rows: max ${maxRows} (retention ${RETENTION})`);
    console.log(`RSS: ${firstAfterWarmup?.rssMb.toFixed(0)} MB at ${firstAfterWarmup?.t}s → ${last?.rssMb.toFixed(0)} MB at ${last?.t}s (×${growth.toFixed(2)})`);

    const failures: string[] = [];
    if (result.errors > 0 || non2xx > 0) failures.push(`${result.errors} errors and ${non2xx} non-2xx responses`);
    if (maxRows > RETENTION) failures.push(`trace rows reached ${maxRows}, over the retention of ${RETENTION}`);
    if (delivered < result.requests + result.errors) failures.push(`only ${delivered} traces delivered for ${result.requests + result.errors} requests`);
    if (!(growth <= 1.25)) failures.push(`RSS grew ×${growth.toFixed(2)} after warm-up`);
    console.log(failures.length ? `FAIL: ${failures.join('; ')}` : 'PASS: zero errors, bounded traces, every trace delivered, flat memory');
    return failures.length ? 1 : 0;
  } finally {
    reader.close();
    await workbench.close();
    backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
