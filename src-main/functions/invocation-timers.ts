/**
 * The clock invocation timeouts run on. Real time in the workbench; a test passes its own, so it
 * can hold a breakpoint "longer than the timeout" by moving this clock instead of sleeping.
 */
export interface InvocationTimers {
  /** Epoch ms (it becomes the deadline the function's context reports). */
  now(): number;
  /** Calls `fire` once after `ms`; the returned function cancels it. */
  after(ms: number, fire: () => void): () => void;
}

export const realTimers: InvocationTimers = {
  now: () => Date.now(),
  after(ms, fire) {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};
