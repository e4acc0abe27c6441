/**
 * Two versions of the gateway side by side: this checkout against a base commit (or source tree),
 * each serving the same target in a process of its own, beside the minimal undici proxy. The load
 * takes turns round by round (the order rotating), so every version samples the same stretches of
 * a machine whose speed drifts; each round gives a ratio, and the medians of those are reported.
 * For a change whose effect is smaller than the machine's drift over a whole gateway bench run.
 *   npm run bench:ab -- --base 8f78e90 [--target noauth|js|jscached] [--rounds 12] [--seconds 1.5]
 * CPU per request is read from /proc (Linux): the whole server process, its Node workers included.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, roundRatios, runLoad, startChild, startChildServer } from './harness';
import { targetNamed } from './bench-targets';
import { processCpuMicros } from './proc-cpu';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const base = option('base');
const target = targetNamed(option('target') ?? 'noauth');
const rounds = Number(option('rounds') ?? 12);
const seconds = Number(option('seconds') ?? 1.5);
/** The load generator's warm-up in every round, before it counts. */
const WARMUP_SECONDS = 0.3;
if (!base) throw new Error('ab-gateway: --base COMMIT (or a source tree) is required');
if (!(rounds >= 1) || !(seconds > 0)) throw new Error('ab-gateway: --rounds and --seconds must be positive');

const checkout = resolve(import.meta.dirname, '../..');

/** The base as a source tree: a directory as given, or a commit checked out in a temporary worktree. */
function baseTree(ref: string): { root: string; remove: () => void } {
  if (existsSync(join(ref, 'src-main'))) return { root: resolve(ref), remove: () => {} };
  const root = mkdtempSync(join(tmpdir(), 'apigw-ab-base-'));
  execFileSync('git', ['worktree', 'add', '--detach', '--force', root, ref], { cwd: checkout, stdio: 'ignore' });
  // Same dependencies: the comparison is of the gateway's code, not of two installs.
  symlinkSync(join(checkout, 'node_modules'), join(root, 'node_modules'));
  return { root, remove: () => execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: checkout, stdio: 'ignore' }) };
}

interface Side {
  name: string;
  child: ChildProcess;
  url: string;
}

async function serve(name: string, what: string, backendPort: number, root: string): Promise<Side> {
  const { firstLine, child } = await startChild('serve-target.ts', [what, String(backendPort), '--root', root]);
  return { name, child, url: firstLine };
}

/** CPU time (µs) the side's process has used so far, its threads included. */
function cpuMicros(side: Side): number {
  if (side.child.exitCode !== null || side.child.signalCode !== null) {
    throw new Error(`ab-gateway: ${side.name} stopped while measured (exit code ${side.child.exitCode ?? side.child.signalCode}); its output is above`);
  }
  const micros = processCpuMicros(side.child.pid!);
  if (micros === undefined) throw new Error('ab-gateway: CPU per request is read from /proc, which this system does not have (Linux only)');
  return micros;
}

const tree = baseTree(base);
const backend = await startChildServer('bench-backend.ts');
const sides: Side[] = [];
try {
  sides.push(await serve('proxy', 'proxy', backend.port, checkout));
  sides.push(await serve(`base (${base})`, target, backend.port, tree.root));
  sides.push(await serve('this checkout', target, backend.port, checkout));
  const load = (url: string, ms: number, warmupMs: number) => runLoad({ url, connections: 32, durationMs: ms, warmupMs, headers: { 'x-user': 'bench' } });
  // Compiled and optimised before anything counts.
  for (const side of sides) await load(side.url, 1500, 0);
  const runs = new Map(sides.map((s) => [s.name, [] as { rps: number; cpuUs: number; p99Ms: number }[]]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(round + k) % sides.length];
      const before = cpuMicros(side);
      const result = await load(side.url, seconds * 1000, WARMUP_SECONDS * 1000);
      // The warm-up's requests are served too: CPU over the whole run, requests at the measured rate.
      const served = result.rps * (seconds + WARMUP_SECONDS);
      runs.get(side.name)!.push({ rps: result.rps, cpuUs: (cpuMicros(side) - before) / served, p99Ms: result.p99Ms });
    }
  }
  console.log(`\n${target}, ${rounds} rounds of ${seconds} s each, 32 connections (medians over the rounds)`);
  console.log(['', 'req/s', 'CPU µs/req', 'p99 ms'].map((h, i) => (i ? h.padStart(11) : h.padEnd(28))).join(''));
  for (const [name, list] of runs) {
    console.log([name.padEnd(28), ...[median(list.map((r) => r.rps)), median(list.map((r) => r.cpuUs)), median(list.map((r) => r.p99Ms))].map((v) => v.toFixed(v > 100 ? 0 : 1).padStart(11))].join(''));
  }
  const [proxy, old, current] = sides.map((s) => runs.get(s.name)!);
  const perRound = (a: typeof current, b: typeof current, key: 'rps' | 'cpuUs') => a.map((r, i) => r[key] / b[i][key]);
  console.log(`\nthis ÷ base: req/s ${roundRatios(perRound(current, old, 'rps'))}, CPU per request ${roundRatios(perRound(current, old, 'cpuUs'))}`);
  console.log(`÷ proxy req/s: base ${median(perRound(old, proxy, 'rps')).toFixed(2)}, this ${median(perRound(current, proxy, 'rps')).toFixed(2)}`);
} finally {
  for (const side of sides) side.child.kill('SIGTERM');
  backend.stop();
  tree.remove();
}
