import { describe, expect, it } from 'vitest';
import { createChangeBatcher, listsAffectedBy, listsAffectedByBatch, type ChangeBatch, type Timers } from '../../src-renderer/state/changeBatcher';

/** A manual clock: timers fire only when the test advances time. */
function manualTimers() {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    set: (fn, ms) => {
      due.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clear: (handle) => void due.delete(handle as number),
    now: () => now,
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const next = [...due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      due.delete(next[0]);
      now = next[1].at;
      next[1].fn();
    }
    now = until;
  };
  return { timers, advance };
}

describe('change batcher', () => {
  it('refreshes once for a burst of 2,000 API changes, with every id in the batch', () => {
    const { timers, advance } = manualTimers();
    const batches: ChangeBatch[] = [];
    const batcher = createChangeBatcher({ flush: (b) => batches.push(b), timers, quietMs: 150 });
    for (let i = 0; i < 2000; i++) batcher.add('api', `a${i}`);
    batcher.add('group', 'g1');
    expect(batches).toHaveLength(0);
    advance(150);
    expect(batches).toHaveLength(1);
    expect(batches[0].get('api')!.size).toBe(2000);
    expect([...listsAffectedByBatch(batches[0])].sort()).toEqual(['apis', 'groups', 'responseSets', 'variables']);
  });

  it('waits for the stream to go quiet, but never longer than maxWaitMs', () => {
    const { timers, advance } = manualTimers();
    const batches: ChangeBatch[] = [];
    const batcher = createChangeBatcher({ flush: (b) => batches.push(b), timers, quietMs: 100, maxWaitMs: 500 });
    // One change every 50 ms: never quiet for 100 ms, so only the max wait flushes.
    for (let t = 0; t < 1000; t += 50) {
      batcher.add('api', `a${t}`);
      advance(50);
    }
    expect(batches.length).toBe(2);
    expect(batches[0].get('api')!.size).toBe(10);
  });

  it('flushes nothing after dispose', () => {
    const { timers, advance } = manualTimers();
    const batches: ChangeBatch[] = [];
    const batcher = createChangeBatcher({ flush: (b) => batches.push(b), timers });
    batcher.add('api', 'x');
    batcher.dispose();
    advance(5000);
    expect(batches).toEqual([]);
  });

  it('keeps entity changes without an id', () => {
    const { timers, advance } = manualTimers();
    const batches: ChangeBatch[] = [];
    const batcher = createChangeBatcher({ flush: (b) => batches.push(b), timers });
    batcher.add('settings');
    advance(1000);
    expect(batches[0].get('settings')!.size).toBe(0);
  });
});

describe('lists affected by an entity', () => {
  it('refreshes API list items when publications or environments change (they show both)', () => {
    expect(listsAffectedBy('publication')).toEqual(['apis']);
    expect(listsAffectedBy('environment')).toContain('apis');
  });

  it('refreshes no list for entities the explorer does not show', () => {
    expect(listsAffectedBy('app')).toEqual([]);
    expect(listsAffectedBy('throttle')).toEqual([]);
  });
});
