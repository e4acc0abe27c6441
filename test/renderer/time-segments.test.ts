/** The trace's time bar adds up to the request's total: the stages, then the time between them. */
import { describe, expect, it } from 'vitest';
import type { TraceStage } from '../../src-shared/trace';
import { timeSegments } from '../../src-renderer/trace/timeSegments';

const stage = (name: TraceStage['name'], durationMs: number) => ({ name, outcome: 'ok', summary: '', durationMs }) as TraceStage;

describe('time bar segments', () => {
  it('a first request: most of its time between stages is shown as such, and the shares add up to the total', () => {
    const segments = timeSegments({ totalMs: 100, stages: [stage('route', 5), stage('protocol', 0), stage('backend', 15)] });
    expect(segments.map((s) => [s.label, s.ms, s.share])).toEqual([
      ['Route matched', 5, 0.05],
      ['Backend call', 15, 0.15],
      ['Between stages', 80, 0.8],
    ]);
    expect(segments[2].color).toBeUndefined();
    expect(segments[0].color).not.toBe(segments[1].color);
  });

  it('a gap of under 2% of the total (rounding) is not drawn, and stages over the total are drawn at their own sum', () => {
    expect(timeSegments({ totalMs: 10.1, stages: [stage('route', 2), stage('backend', 8)] }).map((s) => s.label)).toEqual(['Route matched', 'Backend call']);
    const over = timeSegments({ totalMs: 5, stages: [stage('route', 4), stage('backend', 4)] });
    expect(over.map((s) => s.share)).toEqual([0.5, 0.5]);
  });

  it('nothing to draw for a request that took no measurable time', () => {
    expect(timeSegments({ totalMs: 0, stages: [stage('route', 0)] })).toEqual([]);
  });
});
