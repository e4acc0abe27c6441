/**
 * `npm run bench`: every *.bench.ts in this folder, one after the other (never in parallel).
 *
 *   npm run bench -- gateway                 one bench (any part of its file name)
 *   npm run bench -- gateway --seconds 1     flags are passed on to the benches
 *   npm run bench -- gateway --compare       run, then print it beside bench-results/baseline.json
 *   npm run bench -- compare                 only compare the latest results with the baseline
 *   npm run bench -- gateway --save-baseline run, then make the result the committed baseline
 *   --threshold 0.1                          the compare's noise threshold (default 0.15 = 15 %)
 *
 * The compare exits with 1 when a ratio got worse than the threshold allows.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_THRESHOLD, printComparison, readLatest, saveBaseline } from './results';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const OWN_FLAGS = new Set(['--compare', '--save-baseline', '--threshold']);
const thresholdAt = args.indexOf('--threshold');
const threshold = thresholdAt >= 0 ? Number(args[thresholdAt + 1]) : DEFAULT_THRESHOLD;
if (!(threshold > 0)) throw new Error(`--threshold wants a positive fraction (0.15 for 15 %), got ${args[thresholdAt + 1]}`);
// Flags (and their numeric values) go to the benches, except the ones this script handles.
const passed: string[] = [];
const names: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (OWN_FLAGS.has(a)) {
    if (a === '--threshold') i++;
  } else if (a.startsWith('--') || !isNaN(Number(a))) passed.push(a);
  else names.push(a);
}
const compareOnly = names.includes('compare');
const only = names.filter((n) => n !== 'compare');
const compareAfter = compareOnly || args.includes('--compare');

let failed = 0;
if (!compareOnly || only.length > 0) {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  if (files.length === 0) throw new Error(`no benchmark matches ${only.join(', ')} (the *.bench.ts files in test/bench)`);
  const startedAt = Date.now();
  for (const file of files) {
    console.log(`\n=== ${file} ===`);
    // --expose-gc: the gateway bench ends each run with a collection counted in that run (see there).
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, file), ...passed], { stdio: 'inherit' });
    if (r.status !== 0) failed++;
  }
  if (args.includes('--save-baseline')) {
    // Only results this invocation wrote: an older latest file must not slip into the baseline.
    const fresh = readLatest().filter((r) => Date.parse(r.finishedAt) >= startedAt).map((r) => r.bench);
    if (failed) console.log('baseline not saved: a bench failed');
    else saveBaseline(fresh);
  }
}
if (compareAfter) {
  const worse = printComparison(threshold, only);
  if (worse > 0) failed++;
}
process.exit(failed ? 1 : 0);
