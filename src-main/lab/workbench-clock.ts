/**
 * The workbench clock: real time plus an offset the user moves forward ("+5 min"), so cached
 * authorizer results can be seen to expire without waiting. Only the authorizer cache reads it;
 * signatures (X-Sdk-Date), token expiry and throttling windows keep real time, because a client
 * outside the workbench signs and counts with the real clock.
 */
export interface ClockState {
  /** How far the workbench clock runs ahead of real time. */
  offsetMs: number;
  /** The workbench time now, ISO 8601. */
  now: string;
}

/** Advancing further than a day is a typo, not a test: the cache's longest ttl is an hour. */
export const MAX_ADVANCE_MS = 24 * 60 * 60 * 1000;

export class WorkbenchClock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  advance(ms: number): ClockState {
    if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_ADVANCE_MS) throw new RangeError(`the clock moves forward by 1 ms to 24 h, got ${ms} ms`);
    this.offsetMs += ms;
    return this.state();
  }

  /** Back to real time. Entries stored while ahead keep their (later) expiry. */
  reset(): ClockState {
    this.offsetMs = 0;
    return this.state();
  }

  state(): ClockState {
    return { offsetMs: this.offsetMs, now: new Date(this.now()).toISOString() };
  }
}
