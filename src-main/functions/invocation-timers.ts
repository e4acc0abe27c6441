import { Sweep, type Due } from '../platform/sweep';

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

/** How often invocation timeouts are looked at: a timeout ends its invocation within this many ms. */
const SWEEP_INTERVAL_MS = 10;

/** A timeout waiting in the sweep. */
class Timeout implements Due {
  sweepSlot = -1;

  constructor(
    readonly at: number,
    private readonly fire: () => void,
  ) {}

  due(): void {
    this.fire();
  }
}

// Two timeouts per invocation (waiting for an instance, then running) share one timer. Waiting
// invocations keep the process alive, as timers of their own did: nothing else holds it for them.
const sweep = new Sweep<Timeout>({ intervalMs: SWEEP_INTERVAL_MS, now: () => Date.now(), keepsAlive: true });

export const realTimers: InvocationTimers = {
  now: () => Date.now(),
  after(ms, fire) {
    const timeout = new Timeout(Date.now() + ms, fire);
    sweep.add(timeout);
    return () => sweep.delete(timeout);
  },
};
