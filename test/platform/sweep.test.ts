/**
 * The shared sweep behind backend deadlines and function timeouts: every waiting entry falls due
 * once, at the first look past its time, whatever was added and removed around it. Its clock is
 * vitest's fake one, so "later" is an exact instant.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Sweep, type Due } from '../../src-main/platform/sweep';

class Entry implements Due {
  sweepSlot = -1;
  fired = 0;
  constructor(
    readonly name: string,
    readonly at: number,
    private readonly onDue: (self: Entry) => void = () => {},
  ) {}
  due(): void {
    this.fired++;
    this.onDue(this);
  }
}

describe('sweep', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const newSweep = () => new Sweep<Entry>({ intervalMs: 10, now: () => Date.now(), keepsAlive: false });

  it('fires each waiting entry once at the first look past its time, and none that left before', () => {
    const sweep = newSweep();
    const t0 = Date.now();
    const entries = Array.from({ length: 50 }, (_, i) => new Entry(`e${i}`, t0 + 5 + i));
    for (const e of entries) sweep.add(e);
    // Removed from the front, the middle and the end: the others move into their places.
    for (const i of [0, 17, 49, 30]) sweep.delete(entries[i]);
    sweep.delete(entries[17]);
    vi.advanceTimersByTime(30);
    const firedNames = entries.filter((e) => e.fired > 0).map((e) => e.name);
    expect(firedNames).toEqual(entries.filter((e, i) => e.at <= t0 + 30 && ![0, 17].includes(i)).map((e) => e.name));
    vi.advanceTimersByTime(100);
    expect(entries.map((e) => e.fired)).toEqual(entries.map((_, i) => ([0, 17, 30, 49].includes(i) ? 0 : 1)));
    expect(sweep.size).toBe(0);
  });

  it('an entry that falls due may remove or add others in the same look', () => {
    const sweep = newSweep();
    const t0 = Date.now();
    const later = new Entry('later', t0 + 5);
    const added = new Entry('added', t0 + 1);
    const first = new Entry('first', t0 + 5, () => {
      sweep.delete(later);
      sweep.add(added);
    });
    sweep.add(first);
    sweep.add(later);
    vi.advanceTimersByTime(10);
    expect([first.fired, later.fired]).toEqual([1, 0]);
    // Added during a look, it waits for the next one.
    expect(added.fired).toBe(0);
    vi.advanceTimersByTime(10);
    expect(added.fired).toBe(1);
    // Once fired, an entry can wait again.
    const again = new Entry('again', Date.now() + 5);
    sweep.add(again);
    sweep.add(again);
    vi.advanceTimersByTime(10);
    expect(again.fired).toBe(1);
  });
});
