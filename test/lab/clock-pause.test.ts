/**
 * The authorizer cache's clock stands still while a debugger holds a function at a breakpoint
 * (issue 13): paused time does not count toward an entry's ttl. Real time here is a number the test
 * moves, so "paused for longer than the ttl" is exact. The Node and Python debugger tests
 * (test/functions/debugger*.test.ts) show the pause reaching this clock from a real breakpoint.
 */
import { describe, expect, it } from 'vitest';
import { WorkbenchClock } from '../../src-main/lab/workbench-clock';
import { AuthorizerCache } from '../../src-main/gateway/authorizers/authorizer-cache';

function setup() {
  let real = Date.UTC(2026, 0, 1);
  const clock = new WorkbenchClock(() => real);
  const cache = new AuthorizerCache(() => clock.now());
  return { clock, cache, pass: (ms: number) => (real += ms) };
}

describe('workbench clock held by breakpoints', () => {
  it('a cached decision outlives a pause longer than its ttl, and expires after its ttl of running time', () => {
    const { clock, cache, pass } = setup();
    cache.set('auth', 'alice', 'allow', { user: 'alice' }, 60);
    pass(10_000);
    clock.setPaused(true);
    pass(10 * 60_000); // ten minutes at a breakpoint, the ttl is one
    expect(cache.get('auth', 'alice')?.decision).toBe('allow');
    expect(cache.list()[0]).toMatchObject({ ageSec: 10, ttlLeftSec: 50 });
    clock.setPaused(false);
    pass(49_000);
    expect(cache.get('auth', 'alice')?.decision).toBe('allow');
    pass(1_000);
    expect(cache.get('auth', 'alice')).toBeUndefined();
    expect(cache.missNote('auth', 'alice')).toMatch(/expired at .* \(workbench clock\)/);
  });

  it('stands still while paused, reports the time held, and adds up several pauses', () => {
    const { clock, pass } = setup();
    const start = clock.now();
    clock.setPaused(true);
    clock.setPaused(true); // a second report of the same pause changes nothing
    pass(5_000);
    expect(clock.now()).toBe(start);
    expect(clock.state()).toMatchObject({ paused: true, pausedMs: 5_000, offsetMs: 0 });
    clock.setPaused(false);
    clock.setPaused(false);
    pass(1_000);
    clock.setPaused(true);
    pass(2_000);
    clock.setPaused(false);
    expect(clock.now()).toBe(start + 1_000);
    expect(clock.state()).toMatchObject({ paused: false, pausedMs: 7_000 });
  });

  it('the user can still move a paused clock forward, and "real time" forgets the time held', () => {
    const { clock, pass } = setup();
    const start = clock.now();
    clock.setPaused(true);
    pass(3_000);
    clock.advance(60_000);
    expect(clock.now()).toBe(start + 60_000);
    pass(3_000);
    expect(clock.reset()).toMatchObject({ offsetMs: 0, pausedMs: 0, paused: true });
    // Reset during a pause: back to real time now, and held from here on.
    expect(clock.now()).toBe(start + 6_000);
    pass(1_000);
    expect(clock.now()).toBe(start + 6_000);
    clock.setPaused(false);
    pass(1_000);
    expect(clock.now()).toBe(start + 7_000);
  });
});
