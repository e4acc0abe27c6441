/**
 * The workbench clock: real time plus an offset the user moves forward ("+5 min"), so cached
 * authorizer results can be seen to expire without waiting, minus the time a debugger held a
 * function at a breakpoint: while any function is paused the clock stands still, so a breakpoint
 * never turns a cached decision into an expired one. Only the authorizer cache reads it;
 * signatures (X-Sdk-Date), token expiry and throttling windows keep real time, because a client
 * outside the workbench signs and counts with the real clock.
 */
import type { WorkbenchClockState } from '../../src-shared/contract';

export type ClockState = WorkbenchClockState;

/** Advancing further than a day is a typo, not a test: the cache's longest ttl is an hour. */
export const MAX_ADVANCE_MS = 24 * 60 * 60 * 1000;

export class WorkbenchClock {
  private offsetMs = 0;
  /** Time the clock stood still for breakpoints, pauses that ended. */
  private heldMs = 0;
  /** Real time the current pause began, while a debugger holds a function. */
  private heldSince: number | undefined;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.realNow() + this.offsetMs - this.pausedMs();
  }

  /** A debugger paused a function (true) or no function is paused any more (false). */
  setPaused(paused: boolean): void {
    if (paused && this.heldSince === undefined) this.heldSince = this.realNow();
    if (!paused && this.heldSince !== undefined) {
      this.heldMs += this.realNow() - this.heldSince;
      this.heldSince = undefined;
    }
  }

  advance(ms: number): ClockState {
    if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_ADVANCE_MS) throw new RangeError(`the clock moves forward by 1 ms to 24 h, got ${ms} ms`);
    this.offsetMs += ms;
    return this.state();
  }

  /**
   * Back to real time: the user's offset and the time held for breakpoints are forgotten (a pause
   * still going on holds the clock from now). Entries stored while ahead keep their (later) expiry.
   */
  reset(): ClockState {
    this.offsetMs = 0;
    this.heldMs = 0;
    if (this.heldSince !== undefined) this.heldSince = this.realNow();
    return this.state();
  }

  state(): ClockState {
    return { offsetMs: this.offsetMs, pausedMs: this.pausedMs(), paused: this.heldSince !== undefined, now: new Date(this.now()).toISOString() };
  }

  private pausedMs(): number {
    return this.heldMs + (this.heldSince === undefined ? 0 : this.realNow() - this.heldSince);
  }
}
