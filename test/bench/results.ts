/**
 * Benchmark results as files, and the compare step (DESIGN.md: "benchmarks as code with a stored
 * baseline and a compare step").
 *
 * A bench run writes bench-results/latest/<bench>.json (not committed): every figure it printed,
 * the run's parameters, the machine and the commit. bench-results/baseline.json (committed) holds
 * one such result per bench, taken with `npm run bench -- <bench> --save-baseline`.
 * `npm run bench -- compare` (or `--compare` after a run) prints the latest run beside the baseline.
 *
 * Only ratios are compared: each is measured against a baseline target in the same run (the
 * gateway against a minimal undici proxy, the importer against a plain parse), so a slower or
 * busier machine moves both sides. The compare prints each ratio's change as a ratio of ratios
 * (latest ÷ baseline) and flags a change for the worse beyond the noise threshold. Absolute
 * figures (req/s, ms, µs) are kept in the files for the reader, never compared.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = join(root, 'bench-results');
const LATEST_DIR = join(RESULTS_DIR, 'latest');
export const BASELINE_FILE = join(RESULTS_DIR, 'baseline.json');
/** A ratio that moved less than this (either way) is noise on a shared 2-core machine. */
export const DEFAULT_THRESHOLD = 0.15;

export interface Metric {
  /** Stable key: the compare step pairs metrics by it. */
  name: string;
  value: number;
  /** 'ratio' metrics are compared; the others are kept for the reader. */
  unit: 'ratio' | 'req/s' | 'ms' | 'µs' | 'KB' | 'MB';
  /** Which way is better, for flagging. */
  better: 'higher' | 'lower';
}

export interface BenchResult {
  bench: string;
  /** What the run was asked for (seconds, connections…): results of different parameters are not comparable. */
  params: Record<string, number | string>;
  metrics: Metric[];
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string; node: string; loadAverage1m: number };
  commit: { sha: string; dirty: boolean } | { sha: 'unknown' };
  finishedAt: string;
}

function commit(): BenchResult['commit'] {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { sha, dirty };
  } catch {
    return { sha: 'unknown' };
  }
}

function machine(): BenchResult['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage1m: os.loadavg()[0],
  };
}

/** Writes the run's result to bench-results/latest/<bench>.json and says where. */
export function saveResult(bench: string, params: BenchResult['params'], metrics: Metric[]): void {
  const result: BenchResult = { bench, params, metrics, machine: machine(), commit: commit(), finishedAt: new Date().toISOString() };
  mkdirSync(LATEST_DIR, { recursive: true });
  const file = join(LATEST_DIR, `${bench}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nresults: ${file.slice(root.length + 1)}`);
}

export function readLatest(): BenchResult[] {
  if (!existsSync(LATEST_DIR)) return [];
  return readdirSync(LATEST_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(LATEST_DIR, f), 'utf8')) as BenchResult);
}

export function readBaseline(): Record<string, BenchResult> {
  return existsSync(BASELINE_FILE) ? (JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Record<string, BenchResult>) : {};
}

/** Puts the latest result of each named bench into the committed baseline file. */
export function saveBaseline(benches: string[]): void {
  const baseline = readBaseline();
  for (const result of readLatest()) if (benches.includes(result.bench)) baseline[result.bench] = result;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(BASELINE_FILE, JSON.stringify(baseline, null, 2) + '\n');
  console.log(`baseline updated for ${benches.join(', ')}: ${BASELINE_FILE.slice(root.length + 1)}`);
}

export interface Comparison {
  name: string;
  baseline: number;
  latest: number;
  /** latest ÷ baseline. */
  change: number;
  verdict: 'same' | 'better' | 'WORSE';
}

/** Pairs the ratio metrics of two results of one bench; a metric only one side has is left out. */
export function compare(baseline: BenchResult, latest: BenchResult, threshold = DEFAULT_THRESHOLD): Comparison[] {
  const before = new Map(baseline.metrics.filter((m) => m.unit === 'ratio').map((m) => [m.name, m]));
  const out: Comparison[] = [];
  for (const m of latest.metrics) {
    const b = before.get(m.name);
    if (m.unit !== 'ratio' || !b || !(b.value > 0) || !Number.isFinite(m.value)) continue;
    const change = m.value / b.value;
    const improved = m.better === 'higher' ? change > 1 : change < 1;
    const beyond = Math.abs(Math.log(change)) > Math.log(1 + threshold);
    out.push({ name: m.name, baseline: b.value, latest: m.value, change, verdict: !beyond ? 'same' : improved ? 'better' : 'WORSE' });
  }
  return out;
}

/** Prints every bench that has both a latest run and a baseline; returns how many ratios got worse. */
export function printComparison(threshold = DEFAULT_THRESHOLD, only: string[] = []): number {
  const baseline = readBaseline();
  const latest = readLatest().filter((r) => only.length === 0 || only.some((o) => r.bench.includes(o)));
  if (latest.length === 0) {
    console.log('compare: no results in bench-results/latest/ yet: run `npm run bench -- gateway` first.');
    return 0;
  }
  let worse = 0;
  for (const run of latest) {
    const base = baseline[run.bench];
    console.log(`\n=== compare ${run.bench}: latest (${run.finishedAt}, ${shortCommit(run)}) vs baseline`);
    if (!base) {
      console.log(`no baseline for ${run.bench}: save one with \`npm run bench -- ${run.bench} --save-baseline\``);
      continue;
    }
    console.log(`baseline: ${base.finishedAt}, ${shortCommit(base)}, ${base.machine.cpus} × ${base.machine.cpuModel}, load ${base.machine.loadAverage1m.toFixed(1)}`);
    console.log(`latest:   ${run.finishedAt}, ${shortCommit(run)}, ${run.machine.cpus} × ${run.machine.cpuModel}, load ${run.machine.loadAverage1m.toFixed(1)}`);
    const differing = Object.keys({ ...base.params, ...run.params }).filter((k) => base.params[k] !== run.params[k]);
    if (differing.length) {
      console.log(`note: parameters differ (${differing.map((k) => `${k} ${base.params[k]} → ${run.params[k]}`).join(', ')}); ratios are still comparable, less precisely`);
    }
    const rows = compare(base, run, threshold);
    const width = Math.max(6, ...rows.map((r) => r.name.length));
    console.log(['ratio'.padEnd(width), 'baseline'.padStart(9), 'latest'.padStart(9), 'change'.padStart(8), ''].join('  '));
    for (const r of rows) {
      console.log([r.name.padEnd(width), r.baseline.toFixed(3).padStart(9), r.latest.toFixed(3).padStart(9), `×${r.change.toFixed(2)}`.padStart(8), r.verdict === 'same' ? '' : r.verdict].join('  '));
    }
    const bad = rows.filter((r) => r.verdict === 'WORSE');
    worse += bad.length;
    console.log(
      bad.length
        ? `${bad.length} ratio(s) worse than the baseline by more than ${Math.round(threshold * 100)}%: ${bad.map((r) => r.name).join('; ')}`
        : `no ratio worse than the baseline by more than ${Math.round(threshold * 100)}% (the noise threshold; --threshold 0.1 for 10%)`,
    );
  }
  return worse;
}

function shortCommit(r: BenchResult): string {
  return r.commit.sha === 'unknown' ? 'commit unknown' : `commit ${r.commit.sha.slice(0, 8)}${'dirty' in r.commit && r.commit.dirty ? '+changes' : ''}`;
}

/** Shorthand for the benches: a ratio metric. */
export const ratio = (name: string, value: number, better: Metric['better']): Metric => ({ name, value: round(value), unit: 'ratio', better });
/** Shorthand: a figure kept for the reader, not compared. */
export const figure = (name: string, value: number, unit: Exclude<Metric['unit'], 'ratio'>, better: Metric['better']): Metric => ({ name, value: round(value), unit, better });
const round = (n: number) => Math.round(n * 10_000) / 10_000;
