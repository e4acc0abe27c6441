/**
 * Traces waiting off the heap: the values that go in come back out (value-codec.ts), the ring
 * keeps every trace not yet let go however it wraps and grows, and a value the codec refuses is
 * kept as it is rather than lost.
 */
import { describe, expect, it } from 'vitest';
import { HeldTraces } from '../../src-main/gateway/trace/held-traces';
import { JsonText, ValueReader, ValueWriter } from '../../src-main/gateway/trace/value-codec';

function roundTrip(value: unknown): unknown {
  const writer = new ValueWriter();
  writer.write(value);
  const bytes = Buffer.alloc(writer.length);
  writer.copyTo(bytes, 0);
  return new ValueReader(bytes, 0).read();
}

const template = (a: string, n: number) => `${a} took ${n} ms`;

describe('value codec', () => {
  it('gives back what JSON would keep, and undefined, numbers as they are, bytes and registered functions', () => {
    const value = {
      s: 'plain', empty: '', utf8: 'é✓ 𝄞 日本', long: 'x'.repeat(70) + 'é',
      ints: [0, -1, 2 ** 31 - 1, -(2 ** 31)], floats: [0.5, 2 ** 31, -0, NaN, Infinity, 1e-7],
      flags: [true, false, null, undefined], nested: { a: { b: [{ c: 'd' }] } },
      bytes: Buffer.from([0, 255, 10]), template,
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual({ ...value, bytes: Buffer.from([0, 255, 10]) });
    expect(Object.is(back.floats[2], -0)).toBe(true);
    expect(back.template).toBe(template);
    expect(Object.keys(back)).toEqual(Object.keys(value));
  });

  it('reads JSON text back as the value it stands for, and writes an object through its toJSON() as JSON does', () => {
    expect(roundTrip({ event: new JsonText('{"headers":{"a":"1"},"n":[1,2]}') })).toEqual({ event: { headers: { a: '1' }, n: [1, 2] } });
    expect(roundTrip({ at: new Date('2026-01-01T00:00:00Z') })).toEqual({ at: '2026-01-01T00:00:00.000Z' });
  });

  it('refuses what it cannot hold, naming it', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => roundTrip({ n: 1n })).toThrow(/bigint/);
    expect(() => roundTrip(cyclic)).toThrow(/deeper than 64 levels/);
  });
});

describe('held traces', () => {
  it('keeps every trace until it is let go, through wraps of the ring and its growth, and finds the newest by id', () => {
    const held = new HeldTraces();
    const body = (i: number) => Buffer.alloc(1000 + (i % 7) * 3000, i % 256);
    // ~40 MB through a ring that starts at 1 MB: it wraps many times and grows while 300 are kept.
    for (let i = 0; i < 6000; i++) {
      held.put(`id-${i % 5000}`, { i, body: body(i) });
      held.dropBefore(i - 300);
      if (i % 997 === 0) {
        for (let k = Math.max(0, i - 299); k <= i; k += 37) expect(held.get(k)).toEqual({ i: k, body: body(k) });
      }
    }
    expect(held.get(5698)).toBeUndefined();
    expect(held.get(5699)).toEqual({ i: 5699, body: body(5699) });
    // id-700 was put as 700 and 5700; only the newer is still held.
    expect(held.find('id-700')).toBe(5700);
    expect(held.find('id-698')).toBe(-1);
  });

  it('shrinks back after a burst of large traces, keeping what it still holds', () => {
    const held = new HeldTraces();
    const big = Buffer.alloc(100 * 1024, 7);
    for (let i = 0; i < 100; i++) held.put(`big-${i}`, { body: big });
    expect(held.ringBytes).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    for (let i = 100; i < 400; i++) {
      held.put(`small-${i}`, { i });
      held.dropBefore(i - 50);
    }
    expect(held.ringBytes).toBe(1024 * 1024);
    expect(held.get(399)).toEqual({ i: 399 });
    expect(held.get(348)).toBeUndefined();
    expect(held.find('small-349')).toBe(349);
  });

  it('grows to hold more traces than it started with when none are let go', () => {
    const held = new HeldTraces();
    for (let i = 0; i < 5000; i++) held.put(`r${i}`, { i });
    expect(held.get(0)).toEqual({ i: 0 });
    expect(held.get(4999)).toEqual({ i: 4999 });
    expect(held.find('r1')).toBe(1);
  });

  it('keeps a value the codec refuses as it is, until it is let go', () => {
    const held = new HeldTraces();
    const odd = { count: 2n };
    const seq = held.put('odd', odd);
    held.put('next', { fine: true });
    expect(held.get(seq)).toBe(odd);
    expect(held.find('odd')).toBe(seq);
    held.dropBefore(seq + 1);
    expect(held.get(seq)).toBeUndefined();
    expect(held.get(seq + 1)).toEqual({ fine: true });
  });
});
