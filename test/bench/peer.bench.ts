/**
 * The workbench against its nearest peer, serverless-offline 13 (on serverless 3), in one run:
 * the same REQUEST authorizer logic (allow when x-user is present, context.user = its value,
 * result cached 300 s) in front of the same function backend, each started as its user would
 * start it (`serverless offline start`; for the workbench what `apig-workbench serve` does, with
 * APIG's default 200 calls/s per-API throttle off, see peer/workbench-server.ts), one after the
 * other, measured by the same load generator.
 *
 * Reports: throughput and p50/p99 (ratio workbench / peer); start-up time from spawn to the first
 * 200; RSS of the server's process tree after 10,000 requests; authorizer invocations for 1,000
 * sequential requests with one identity inside the TTL (APIG caches: expect 1).
 *
 * The peer is installed on first run with `npm install --prefix test/bench/peer` (never part of
 * the app's dependencies); if that fails the bench says so and skips.
 *
 * Run: npx tsx test/bench/peer.bench.ts [--seconds N] [--connections N]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkspaceStore } from '../../src-main/store/workspace-store';
import { printTable, runLoad, type Row } from './harness';
import type { LoadResult } from './load-generator';
import { freePort, sendRequests, stopChild, timeToFirst200, treeRssMb } from './peer/processes';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const peerDir = join(here, 'peer');
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = flag('seconds', 10);
const connections = flag('connections', 32);
const IDENTITY = { 'x-user': 'bench' };

function ensurePeerInstalled(): boolean {
  const marker = join(peerDir, 'node_modules', 'serverless-offline', 'package.json');
  if (existsSync(marker) && existsSync(join(peerDir, 'node_modules', 'serverless', 'bin', 'serverless.js'))) return true;
  console.log('peer.bench: installing serverless 3 + serverless-offline 13 into test/bench/peer (first run only)…');
  const r = spawnSync('npm', ['install', '--prefix', peerDir, '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: root });
  if (r.status === 0 && existsSync(marker)) return true;
  console.log(
    `peer.bench: SKIPPED — could not install the peer (npm install --prefix test/bench/peer exited ${r.status ?? r.error?.message}). ` +
      'The comparison needs the npm registry once; nothing else was measured.',
  );
  return false;
}

const WB_AUTHORIZER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  if (process.env.AUTHZ_COUNT_FILE) fs.appendFileSync(process.env.AUTHZ_COUNT_FILE, 'x');
  const user = event.headers['x-user'] || '';
  return { statusCode: 200, body: JSON.stringify({ status: user ? 'allow' : 'deny', context: { user } }) };
};`;

const WB_BACKEND = `
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ hello: 'world', user: event.headers['x-auth-user'] }),
  isBase64Encoded: false,
});`;

/** A workspace with the workbench side of the comparison published to RELEASE. */
function prepareWorkspace(file: string): void {
  const store = WorkspaceStore.open(file);
  try {
    store.functions.create({ name: 'bench_auth', runtime: 'nodejs', source: { kind: 'inline', code: WB_AUTHORIZER } });
    store.functions.create({ name: 'bench_backend', runtime: 'nodejs', source: { kind: 'inline', code: WB_BACKEND } });
    const auth = store.authorizers.create({
      name: 'bench_authorizer',
      type: 'FRONTEND',
      functionUrn: 'bench_auth',
      identities: [{ name: 'x-user', location: 'HEADER' }],
      ttl: 300,
    });
    const group = store.groups.create({ name: 'bench_group' });
    const api = store.apis.create({
      groupId: group.id,
      name: 'bench_fn',
      method: 'GET',
      path: '/fn',
      authType: 'AUTHORIZER',
      authorizerId: auth.id,
      backend: {
        type: 'FUNCTION',
        functionUrn: 'bench_backend',
        params: [{ name: 'x-auth-user', location: 'HEADER', origin: 'SYSTEM', value: '$context.authorizer.frontend.user' }],
      },
    });
    store.publications.publish(api.id, store.environments.getByName('RELEASE')!.id);
  } finally {
    store.close();
  }
}

interface Contender {
  name: string;
  start(port: number, countFile: string, sparePort: number): ChildProcess;
}

interface Measured {
  startupMs: number;
  rssMb: number;
  authorizerCalls: number;
  ttlStatuses: Record<string, number>;
  tenKStatuses: Record<string, number>;
  load: LoadResult;
}

async function measure(c: Contender, countFile: string): Promise<Measured> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/fn`;
  writeFileSync(countFile, '');
  const started = performance.now();
  const sparePort = await freePort();
  const child = c.start(port, countFile, sparePort);
  let stderrTail = '';
  child.stderr?.on('data', (d: Buffer) => (stderrTail = (stderrTail + d.toString()).slice(-4000)));
  try {
    const startupMs = await timeToFirst200(url, IDENTITY, started, child);
    // 1,000 sequential requests, one identity never seen before, well inside the 300 s TTL.
    writeFileSync(countFile, '');
    const ttlStatuses = await sendRequests(url, 1000, 1, { 'x-user': 'ttl-probe' });
    const authorizerCalls = readFileSync(countFile, 'utf8').length;
    const tenKStatuses = await sendRequests(url, 10_000, connections, IDENTITY);
    const rssMb = treeRssMb(child.pid!);
    const load = await runLoad({ url, connections, durationMs: seconds * 1000, headers: IDENTITY });
    return { startupMs, rssMb, authorizerCalls, ttlStatuses, tenKStatuses, load };
  } catch (error) {
    throw new Error(`${c.name}: ${error instanceof Error ? error.message : error}\n${stderrTail}`);
  } finally {
    await stopChild(child);
  }
}

async function main(): Promise<number> {
  if (!ensurePeerInstalled()) return 0;
  const dir = mkdtempSync(join(tmpdir(), 'apigw-peer-'));
  try {
    const dbFile = join(dir, 'peer-bench.db');
    prepareWorkspace(dbFile);
    const workbench: Contender = {
      name: 'APIG Workbench',
      start: (port, countFile) =>
        spawn(process.execPath, ['--import', 'tsx', join(peerDir, 'workbench-server.ts'), dbFile, String(port)], {
          cwd: root,
          env: { ...process.env, AUTHZ_COUNT_FILE: countFile },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
    };
    const peer: Contender = {
      name: 'serverless-offline 13',
      start: (port, countFile, lambdaPort) =>
        spawn(process.execPath, [join(peerDir, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', 'start'], {
          cwd: join(peerDir, 'service'),
          env: {
            ...process.env,
            AUTHZ_COUNT_FILE: countFile,
            PEER_HTTP_PORT: String(port),
            PEER_LAMBDA_PORT: String(lambdaPort),
            SLS_TELEMETRY_DISABLED: '1',
            SLS_NOTIFICATIONS_MODE: 'off',
          },
          // It logs every invocation (to stderr), as it does for its users; /dev/null keeps that cheap.
          stdio: ['ignore', 'ignore', 'pipe'],
        }),
    };
    const versions = ['serverless', 'serverless-offline'].map((p) => `${p} ${JSON.parse(readFileSync(join(peerDir, 'node_modules', p, 'package.json'), 'utf8')).version}`);
    console.log(`peer: ${versions.join(', ')}; node ${process.version}; ${connections} connections, ${seconds}s load per contender`);

    const results = new Map<string, Measured>();
    for (const c of [workbench, peer]) {
      results.set(c.name, await measure(c, join(dir, `${c.name.replace(/\W+/g, '_')}.count`)));
    }
    const wb = results.get(workbench.name)!;
    const pr = results.get(peer.name)!;
    const rows: Row[] = [
      { name: peer.name, result: pr.load },
      { name: workbench.name, result: wb.load },
    ];
    printTable(`REQUEST authorizer (TTL 300 s, one identity) + function backend, ${connections} connections, ${seconds}s`, rows, peer.name);

    const line = (label: string, a: number | string, b: number | string, ratio?: number) =>
      console.log(`${label.padEnd(44)} ${String(a).padStart(12)} ${String(b).padStart(22)} ${ratio === undefined ? '' : ratio.toFixed(2).padStart(8)}`);
    console.log('');
    line('', workbench.name, peer.name, undefined);
    line('throughput, req/s (ratio wb/peer)', wb.load.rps, pr.load.rps, wb.load.rps / pr.load.rps);
    line('p50 latency, ms (ratio wb/peer)', wb.load.p50Ms, pr.load.p50Ms, wb.load.p50Ms / pr.load.p50Ms);
    line('p99 latency, ms (ratio wb/peer)', wb.load.p99Ms, pr.load.p99Ms, wb.load.p99Ms / pr.load.p99Ms);
    line('start-up, spawn to first 200, ms', Math.round(wb.startupMs), Math.round(pr.startupMs), wb.startupMs / pr.startupMs);
    line('RSS of the process tree after 10,000 req, MB', wb.rssMb, pr.rssMb, wb.rssMb / pr.rssMb);
    line('authorizer invocations, 1,000 req, 1 identity', wb.authorizerCalls, pr.authorizerCalls);
    console.log(`\nstatuses: workbench 1,000=${JSON.stringify(wb.ttlStatuses)} 10,000=${JSON.stringify(wb.tenKStatuses)}; ` +
      `peer 1,000=${JSON.stringify(pr.ttlStatuses)} 10,000=${JSON.stringify(pr.tenKStatuses)}`);
    console.log('APIG caches an authorizer result per identity for the TTL, so 1 invocation is the expected figure.');
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
