/** The bench compare step: ratio of ratios, flagged only past the noise threshold, in the right direction. */
import { describe, expect, it } from 'vitest';
import { compare, figure, ratio, type BenchResult, type Metric } from './results';

const run = (metrics: Metric[]): BenchResult => ({
  bench: 'gateway',
  params: { seconds: 5 },
  metrics,
  machine: { cpus: 2, cpuModel: 'test', memoryGb: 4, platform: 'test', node: 'v20', loadAverage1m: 1 },
  commit: { sha: 'unknown' },
  finishedAt: '2026-01-01T00:00:00.000Z',
});

describe('bench compare', () => {
  it('divides the latest ratio by the baseline ratio, and flags a change for the worse past the threshold only', () => {
    const baseline = run([ratio('no auth: req/s ÷ proxy', 0.8, 'higher'), ratio('no auth: CPU/request ÷ proxy', 1.2, 'lower'), ratio('cached ÷ no auth', 1.0, 'higher')]);
    const latest = run([ratio('no auth: req/s ÷ proxy', 0.6, 'higher'), ratio('no auth: CPU/request ÷ proxy', 1.3, 'lower'), ratio('cached ÷ no auth', 1.5, 'higher')]);
    const rows = compare(baseline, latest, 0.15);
    expect(rows.map((r) => [r.name, Math.round(r.change * 1000) / 1000, r.verdict])).toEqual([
      ['no auth: req/s ÷ proxy', 0.75, 'WORSE'],
      ['no auth: CPU/request ÷ proxy', 1.083, 'same'],
      ['cached ÷ no auth', 1.5, 'better'],
    ]);
  });

  it('a lower-is-better ratio that grew past the threshold is worse', () => {
    const rows = compare(run([ratio('p50 ÷ proxy', 1.0, 'lower')]), run([ratio('p50 ÷ proxy', 1.2, 'lower')]), 0.15);
    expect(rows[0].verdict).toBe('WORSE');
  });

  it('compares ratios only: absolute figures and metrics missing on one side are left out', () => {
    const baseline = run([figure('no auth: req/s', 5000, 'req/s', 'higher'), ratio('only in baseline', 1, 'lower')]);
    const latest = run([figure('no auth: req/s', 100, 'req/s', 'higher'), ratio('only in latest', 1, 'lower')]);
    expect(compare(baseline, latest)).toEqual([]);
  });
});
