/**
 * Time boxes for the fuzz tests. FUZZ_SECONDS (default 3) is the budget of each fuzz FILE, shared
 * by its properties; CI sets it to 60. Every property runs until its share of the budget is
 * spent (numRuns is only a ceiling), so a longer budget means more generated cases, not a
 * different test.
 */
import fc from 'fast-check';

const raw = Number(process.env.FUZZ_SECONDS ?? 3);
export const FUZZ_SECONDS = Number.isFinite(raw) && raw > 0 ? raw : 3;

/** fast-check options for a property that gets `share` (0–1) of the file's budget. */
export function fuzz(share: number): fc.Parameters<unknown> {
  return { interruptAfterTimeLimit: Math.max(100, Math.round(FUZZ_SECONDS * 1000 * share)), numRuns: 10_000_000 };
}

/** vitest timeout for such a property: its time box plus room to shrink a failure. */
export function fuzzTimeout(share: number): number {
  return Math.round(FUZZ_SECONDS * 1000 * share) + 30_000;
}

/**
 * vitest timeout for a sweep that does a fixed amount of work (every node, every value) rather
 * than running for a time box: its duration grows with the machine's slowness and load, not with
 * FUZZ_SECONDS. Measured at about 10 s on the reference 2-core machine; this leaves room for a
 * machine half as fast under a second CPU-heavy process (about 4x).
 */
export const FIXED_WORK_TIMEOUT = 120_000;
