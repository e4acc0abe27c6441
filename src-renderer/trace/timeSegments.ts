/**
 * The trace's time bar as segments: one per stage that took time, and one for the time the request
 * spent between stages (the total minus the stages), so the bar adds up to the request's total and
 * a gap is not hidden. Between stages the gateway waits for the event loop, for the client's body
 * or for the answer to be written; on the first request after a start it also compiles its code,
 * which can be most of that request's time.
 */
import type { TraceRecord } from '../../src-shared/trace';
import { STAGE_COLORS, STAGE_TITLES } from './stageTitles';

export interface TimeSegment {
  label: string;
  ms: number;
  /** Of the bar's whole length, 0–1. */
  share: number;
  /** A stage's colour; undefined for the time between stages (drawn as a gap). */
  color?: string;
}

/** Time between stages under this share of the total is not drawn (rounding, a few microseconds). */
const SMALLEST_GAP_SHARE = 0.02;

export function timeSegments(trace: Pick<TraceRecord, 'stages' | 'totalMs'>): TimeSegment[] {
  const stages = trace.stages.filter((s) => s.durationMs > 0);
  const inStages = stages.reduce((sum, s) => sum + s.durationMs, 0);
  const between = Math.max(0, trace.totalMs - inStages);
  const whole = inStages + between;
  if (whole <= 0) return [];
  const segments: TimeSegment[] = stages.map((s, i) => ({
    label: STAGE_TITLES[s.name] ?? s.name,
    ms: s.durationMs,
    share: s.durationMs / whole,
    color: STAGE_COLORS[i % STAGE_COLORS.length],
  }));
  if (between / whole >= SMALLEST_GAP_SHARE) segments.push({ label: 'Between stages', ms: between, share: between / whole });
  return segments;
}
