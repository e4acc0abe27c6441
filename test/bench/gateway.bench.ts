/**
 * Gateway throughput and latency, side by side in one run on loopback, with the same backend
 * and load generator: straight to the backend; a minimal undici pass-through proxy (the
 * baseline) and one using undici's leaner dispatch() API; the gateway with no auth; with a JS
 * authorizer uncached and cached; with a Python authorizer uncached.
 * Run: npx tsx test/bench/gateway.bench.ts [--seconds N] [--connections N] [--rounds N]
 * (or `npm run bench -- gateway [--seconds N] [--compare] [--save-baseline]`). The figures go to
 * bench-results/latest/gateway.json; the ratios are what `npm run bench -- compare` compares.
 *
 * Each target's seconds are split into rounds, and the targets take turns round by round, in an
 * order that rotates from round to round: on a shared machine whose speed drifts over a minute,
 * every target then samples the same stretches of it, so a ratio compares code, not the moment each
 * target happened to run. The aims are judged on each round's ratios (their median), which one slow
 * stretch does not move: in one run of the fixed order, with three rounds pooled, the cached
 * authorizer read 1.25 of no-auth, though it does all no-auth does and more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { Workbench } from '../../src-main/app/workbench';
import { median, printTable, roundRatios, runLoad, startChildServer, type Row } from './harness';
import { threadCpuMicros } from './proc-cpu';
import { startMinimalProxy, viaDispatch, viaRequest } from './minimal-proxy';
import { JS_ALLOW, PY_ALLOW } from './bench-targets';
import type { LoadResult } from './load-generator';
import { figure, ratio, saveResult, type Metric } from './results';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = flag('seconds', 5);
const connections = flag('connections', 32);
const rounds = Math.max(1, Math.floor(flag('rounds', 5)));
/** The load generator's warm-up before it starts counting, in every round (the code is warm by then). */
const WARMUP_MS = 500;
/**
 * A full collection at the end of every run, counted in that run: each target pays for collecting
 * its own garbage (a gateway's promoted traces) and never for the previous target's. Without it,
 * whichever target followed the uncached JS authorizer paid for that one's: in that place the
 * cached authorizer read 0.80–1.06 of no-auth over five runs (three of them 0.80–0.84), and
 * 1.02–1.04 in two runs when moved before it. The collection costs every target about the same
 * (it marks the whole process's heap). `npm run bench` runs with --expose-gc; without it the runs
 * are not isolated, and the bench says so.
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage) console.warn('gateway bench: run with node --expose-gc (npm run bench does), or each target also pays for the previous one\'s garbage');

/** One target's rounds as one result: requests and rate over all of them, latencies the rounds' median. */
function combined(runs: LoadResult[], roundMs: number): LoadResult {
  const statusCounts: Record<string, number> = {};
  for (const run of runs) for (const [status, n] of Object.entries(run.statusCounts)) statusCounts[status] = (statusCounts[status] ?? 0) + n;
  const requests = runs.reduce((n, run) => n + run.requests, 0);
  return {
    requests,
    errors: runs.reduce((n, run) => n + run.errors, 0),
    statusCounts,
    rps: Math.round(requests / ((roundMs * runs.length) / 1000)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
  };
}

/** One target's measurement in one round. */
interface TargetRound {
  result: LoadResult;
  /** This process's CPU over the run (µs), every thread's. */
  cpuUs: number;
  /** The main thread's share of it (µs), where /proc says (Linux). */
  mainUs: number | undefined;
  /** GC pauses of the main thread (µs). */
  gcUs: number;
  allocBytes: number;
  /** Requests served over the run, warm-up included. */
  served: number;
}

/** A target's cost per request over all its rounds. */
function costOf(list: TargetRound[]): { cpuUs: number; mainUs: number | undefined; gcUs: number; allocKb: number } {
  const served = list.reduce((n, r) => n + r.served, 0);
  const sum = (figure: (r: TargetRound) => number) => list.reduce((n, r) => n + figure(r), 0);
  const mainKnown = list.every((r) => r.mainUs !== undefined);
  return {
    cpuUs: sum((r) => r.cpuUs) / served,
    mainUs: mainKnown ? sum((r) => r.mainUs!) / served : undefined,
    gcUs: sum((r) => r.gcUs) / served,
    allocKb: sum((r) => r.allocBytes) / 1024 / served,
  };
}

async function main(): Promise<void> {
  const backend = await startChildServer('bench-backend.ts');
  const dir = mkdtempSync(join(tmpdir(), 'apigw-bench-'));
  // The default 200 calls/s per-API throttle would cap the measurement: turn it off.
  const workbench = await Workbench.open({ dbFile: join(dir, 'bench.db'), gateway: { port: 0, defaultApiRateLimit: false } });
  const proxy = await startMinimalProxy(backend.port, viaRequest);
  const leanProxy = await startMinimalProxy(backend.port, viaDispatch);
  try {
    const store = workbench.store;
    const group = store.groups.create({ name: 'bench_group' });
    const release = store.environments.getByName('RELEASE')!.id;
    const httpBackend = { type: 'HTTP' as const, address: `127.0.0.1:${backend.port}`, path: '/' };
    store.functions.create({ name: 'js_allow', runtime: 'nodejs', source: { kind: 'inline', code: JS_ALLOW } });
    store.functions.create({ name: 'py_allow', runtime: 'python', source: { kind: 'inline', code: PY_ALLOW } });
    const identities = [{ name: 'x-user', location: 'HEADER' as const }];
    const jsAuth = store.authorizers.create({ name: 'js_auth', type: 'FRONTEND', functionUrn: 'js_allow', identities });
    const jsCached = store.authorizers.create({ name: 'js_cached', type: 'FRONTEND', functionUrn: 'js_allow', identities, ttl: 300 });
    const pyAuth = store.authorizers.create({ name: 'py_auth', type: 'FRONTEND', functionUrn: 'py_allow', identities });
    const publish = (name: string, path: string, authorizerId?: string) => {
      const api = store.apis.create({
        groupId: group.id, name, method: 'GET', path, backend: httpBackend,
        ...(authorizerId ? { authType: 'AUTHORIZER' as const, authorizerId } : {}),
      });
      store.publications.publish(api.id, release);
    };
    publish('no_auth', '/noauth');
    publish('js_uncached', '/js', jsAuth.id);
    publish('js_cached', '/jscached', jsCached.id);
    publish('py_uncached', '/py', pyAuth.id);
    const { url: gw } = await workbench.gateway.start();

    const durationMs = seconds * 1000;
    const roundMs = durationMs / rounds;
    const load = (url: string) => runLoad({ url, connections, durationMs: roundMs, warmupMs: WARMUP_MS, headers: { 'x-user': 'bench' } });
    // Every target gets the same head start: the first requests compile and optimise the gateway's
    // code (TypeScript through tsx, then the JIT), which would otherwise count against whichever
    // gateway target happens to run first.
    for (const path of ['/noauth', '/js', '/jscached', '/py']) {
      await runLoad({ url: `${gw}${path}`, connections, durationMs: 1500, warmupMs: 0, headers: { 'x-user': 'bench' } });
    }
    for (const { url } of [proxy, leanProxy]) await runLoad({ url: `${url}/`, connections, durationMs: 1500, warmupMs: 0 });
    const targets: { name: string; url: string }[] = [
      { name: 'backend directly', url: `http://127.0.0.1:${backend.port}/` },
      { name: 'minimal undici proxy (baseline)', url: `${proxy.url}/` },
      { name: 'undici proxy via dispatch()', url: `${leanProxy.url}/` },
      { name: 'gateway, no auth', url: `${gw}/noauth` },
      { name: 'gateway, JS authorizer uncached', url: `${gw}/js` },
      { name: 'gateway, JS authorizer cached', url: `${gw}/jscached` },
      { name: 'gateway, Python authorizer uncached', url: `${gw}/py` },
    ];
    // What this process (the proxy or the gateway) spends per request in each round: CPU (with its
    // Node workers' and V8's GC helpers'), the main thread's share of it, GC pauses and bytes
    // allocated on the main thread. The throughput ratio comes down to these on a machine whose
    // cores the load generator and backend share, and a regression shows where it is.
    const runs = new Map(targets.map((t) => [t.name, [] as TargetRound[]]));
    const measure = async (name: string, url: string) => {
      // Every run starts with no trace waiting to be written: a gateway target then pays for the
      // (paced) trace writes of its own requests, and the baselines for none of the gateway's.
      workbench.gateway.flushTraces();
      // …and with the garbage of that write collected, outside any run.
      collectGarbage?.();
      const profiler = new GCProfiler();
      const heapBefore = getHeapStatistics().used_heap_size;
      profiler.start();
      const before = process.cpuUsage();
      const mainBefore = threadCpuMicros();
      const result = await load(url);
      collectGarbage?.();
      const cpu = process.cpuUsage(before);
      const mainAfter = threadCpuMicros();
      const heapAfter = getHeapStatistics().used_heap_size;
      const gcs = profiler.stop()?.statistics ?? [];
      // Allocated = growth of the used heap between collections, plus what each collection freed.
      let allocated = 0;
      let used = heapBefore;
      let gcUs = 0;
      for (const gc of gcs) {
        allocated += gc.beforeGC.heapStatistics.usedHeapSize - used;
        used = gc.afterGC.heapStatistics.usedHeapSize;
        gcUs += gc.cost;
      }
      runs.get(name)!.push({
        result,
        cpuUs: cpu.user + cpu.system,
        mainUs: mainBefore === undefined || mainAfter === undefined ? undefined : mainAfter - mainBefore,
        gcUs,
        allocBytes: allocated + heapAfter - used,
        // The warm-up's requests cost CPU too: served = the measured rate over the whole run.
        served: result.rps * ((roundMs + WARMUP_MS) / 1000),
      });
    };
    // The order rotates from round to round: no target always follows the same one, and none always
    // runs at the same point of a round (the machine's speed drifts within a round too).
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < targets.length; k++) {
        const { name, url } = targets[(round + k) % targets.length];
        await measure(name, url);
      }
    }
    const rows: Row[] = targets.map(({ name }) => ({ name, result: combined(runs.get(name)!.map((r) => r.result), roundMs) }));
    /** Round by round, one target's figure ÷ another's. */
    const perRound = (a: string, b: string, figureOf: (r: TargetRound) => number) => runs.get(a)!.map((r, i) => figureOf(r) / figureOf(runs.get(b)![i]));
    const costs = new Map(targets.map(({ name }) => [name, costOf(runs.get(name)!)]));
    printTable(`Gateway under load: ${connections} connections, ${seconds}s per target in ${rounds} rounds (latencies: median of the rounds)`, rows, 'minimal undici proxy (baseline)');
    console.log('\nThis process per request (CPU with its Node workers and V8\'s GC helpers, and the main thread\'s share of it; GC pauses and allocation of its main thread; Python authorizers run in their own processes, not counted)');
    console.log(['target'.padEnd(36), 'CPU µs'.padStart(7), 'x base'.padStart(7), 'main µs'.padStart(8), 'other µs'.padStart(9), 'GC µs'.padStart(6), 'KB alloc'.padStart(9)].join(' '));
    const baseCpu = costs.get('minimal undici proxy (baseline)')!.cpuUs;
    for (const [name, c] of costs) {
      if (name === 'backend directly') continue;
      const main = c.mainUs === undefined ? '-' : c.mainUs.toFixed(0);
      const other = c.mainUs === undefined ? '-' : (c.cpuUs - c.mainUs).toFixed(0);
      console.log([name.padEnd(36), c.cpuUs.toFixed(0).padStart(7), (c.cpuUs / baseCpu).toFixed(2).padStart(7), main.padStart(8), other.padStart(9), c.gcUs.toFixed(1).padStart(6), c.allocKb.toFixed(1).padStart(9)].join(' '));
    }

    // Added latency of a warm Python authorizer, measured without queueing (one connection).
    const single = (url: string) => runLoad({ url, connections: 1, durationMs: Math.min(durationMs, 3000), headers: { 'x-user': 'bench' } });
    const latencyRows: Row[] = [
      { name: 'gateway, no auth (1 conn)', result: await single(`${gw}/noauth`) },
      { name: 'gateway, JS authorizer (1 conn)', result: await single(`${gw}/js`) },
      { name: 'gateway, Python authorizer (1 conn)', result: await single(`${gw}/py`) },
    ];
    printTable('Authorizer latency without queueing', latencyRows, 'gateway, no auth (1 conn)');
    const added = (i: number) => (latencyRows[i].result.p50Ms - latencyRows[0].result.p50Ms).toFixed(2);
    console.log(`\nadded p50: JS authorizer ${added(1)} ms, Python authorizer ${added(2)} ms`);
    const get = (name: string) => rows.find((r) => r.name === name)!.result;
    const base = get('minimal undici proxy (baseline)').rps;
    const noAuth = get('gateway, no auth').rps;
    const cachedRatio = get('gateway, JS authorizer cached').rps / noAuth;
    // The aims, judged round by round: each round's targets ran within seconds of each other, so a
    // round's ratio compares code, and the median of the rounds is not moved by one slow stretch.
    // The whole run's ratio (all rounds pooled) is printed beside it.
    const rpsOf = (r: TargetRound) => r.result.rps;
    const cpuOf = (r: TargetRound) => r.cpuUs / r.served;
    const aimRatios = [
      { label: 'no-auth / proxy req/s', aim: '≥ 0.80', key: 'no auth ÷ proxy: req/s', rounds: perRound('gateway, no auth', 'minimal undici proxy (baseline)', rpsOf), whole: noAuth / base, better: 'higher' as const },
      { label: 'cached / no-auth req/s', aim: 'within 5%: ≥ 0.95', key: 'JS authorizer cached ÷ no auth: req/s', rounds: perRound('gateway, JS authorizer cached', 'gateway, no auth', rpsOf), whole: cachedRatio, better: 'higher' as const },
      { label: 'JS uncached / proxy req/s', aim: '≥ 0.60', key: 'JS authorizer uncached ÷ proxy: req/s', rounds: perRound('gateway, JS authorizer uncached', 'minimal undici proxy (baseline)', rpsOf), whole: get('gateway, JS authorizer uncached').rps / base, better: 'higher' as const },
      { label: 'no-auth / proxy CPU per request', aim: '≤ 1.40', key: 'no auth ÷ proxy: CPU/request', rounds: perRound('gateway, no auth', 'minimal undici proxy (baseline)', cpuOf), whole: costs.get('gateway, no auth')!.cpuUs / baseCpu, better: 'lower' as const },
    ];
    console.log(`\naims (median of the ${rounds} rounds' ratios; their range; the whole run's ratio):`);
    for (const a of aimRatios) {
      console.log(`  ${a.label.padEnd(32)} ${roundRatios(a.rounds)}, whole run ${a.whole.toFixed(2)}  aim ${a.aim}`);
    }
    const lean = get('undici proxy via dispatch()').rps;
    const leanCpu = costs.get('undici proxy via dispatch()')!.cpuUs;
    console.log(
      `against the leanest undici proxy (dispatch()): no-auth req/s ${(noAuth / lean).toFixed(2)}, CPU per request ${(costs.get('gateway, no auth')!.cpuUs / leanCpu).toFixed(2)}`,
    );

    const metrics: Metric[] = [];
    const proxyRow = get('minimal undici proxy (baseline)');
    const proxyCost = costs.get('minimal undici proxy (baseline)')!;
    for (const { name, result } of rows) {
      metrics.push(figure(`${name}: req/s`, result.rps, 'req/s', 'higher'), figure(`${name}: p50 ms`, result.p50Ms, 'ms', 'lower'), figure(`${name}: p99 ms`, result.p99Ms, 'ms', 'lower'));
      if (name === 'backend directly') continue; // the backend runs in its own process
      const cost = costs.get(name)!;
      metrics.push(figure(`${name}: CPU µs/request`, cost.cpuUs, 'µs', 'lower'), figure(`${name}: GC µs/request`, cost.gcUs, 'µs', 'lower'), figure(`${name}: KB allocated/request`, cost.allocKb, 'KB', 'lower'));
      if (!name.startsWith('gateway')) continue;
      metrics.push(
        ratio(`${name}: req/s ÷ proxy`, result.rps / proxyRow.rps, 'higher'),
        ratio(`${name}: p50 ÷ proxy`, result.p50Ms / proxyRow.p50Ms, 'lower'),
        ratio(`${name}: CPU/request ÷ proxy`, cost.cpuUs / proxyCost.cpuUs, 'lower'),
        ratio(`${name}: KB allocated/request ÷ proxy`, cost.allocKb / proxyCost.allocKb, 'lower'),
      );
    }
    metrics.push(ratio('JS authorizer cached ÷ no auth: req/s', cachedRatio, 'higher'));
    for (const a of aimRatios) metrics.push(ratio(`aim, median of rounds: ${a.key}`, median(a.rounds), a.better));
    metrics.push(
      ratio('gateway, no auth: req/s ÷ proxy via dispatch()', noAuth / lean, 'higher'),
      ratio('gateway, no auth: CPU/request ÷ proxy via dispatch()', costs.get('gateway, no auth')!.cpuUs / leanCpu, 'lower'),
    );
    const noAuthSingle = latencyRows[0].result.p50Ms;
    for (const { name, result } of latencyRows.slice(1)) metrics.push(ratio(`${name}: p50 ÷ no auth (1 conn)`, result.p50Ms / noAuthSingle, 'lower'));
    for (const { name, result } of latencyRows) metrics.push(figure(`${name}: p50 ms`, result.p50Ms, 'ms', 'lower'));
    saveResult('gateway', { seconds, connections, rounds }, metrics);
  } finally {
    await proxy.close();
    await leanProxy.close();
    await workbench.close();
    backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
