/**
 * What a waiting trace holds of a request's objects (headers, the backend request) in the room it
 * reuses: the same entries, given back as a new object when the trace is read.
 */
import { describe, expect, it } from 'vitest';
import { HeldEntries, sameTextOr } from '../../src-main/gateway/trace/held-entries';

describe('held entries', () => {
  it('gives back the entries in their order, as a new object, and tells an absent object from an empty one', () => {
    const held = new HeldEntries<Record<string, string | string[]>>();
    const headers = { host: 'api.example.com', 'set-cookie': ['a=1', 'b=2'], 'x-user': 'bench' };
    held.copy(headers);
    const back = held.toObject()!;
    expect(back).toEqual(headers);
    expect(Object.keys(back)).toEqual(['host', 'set-cookie', 'x-user']);
    expect(back).not.toBe(headers);
    held.copy({});
    expect(held.toObject()).toEqual({});
    held.copy(undefined);
    expect(held.toObject()).toBeUndefined();
  });

  it('holds entries named like Object.prototype members as plain entries', () => {
    const held = new HeldEntries<Record<string, string>>({ headers: new HeldEntries() } as never);
    const source = JSON.parse('{"constructor":"c","__proto__":"p","toString":"t"}') as Record<string, string>;
    held.copy(source);
    const back = held.toObject()!;
    expect(Object.keys(back)).toEqual(['constructor', '__proto__', 'toString']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(back.constructor).toBe('c');
  });

  it('holds a nested object the same way, and a shorter object leaves nothing of a longer one', () => {
    type Backend = { url?: string; headers?: Record<string, string>; status?: number };
    const held = new HeldEntries<Backend>({ headers: new HeldEntries() });
    const first: Backend = { url: 'http://a/', headers: { host: 'a', 'x-one': '1' }, status: 200 };
    held.copy(first);
    first.headers!['x-two'] = 'added after the copy';
    expect(held.toObject()).toEqual({ url: 'http://a/', headers: { host: 'a', 'x-one': '1' }, status: 200 });
    held.copy({ url: 'http://b/' });
    expect(held.toObject()).toEqual({ url: 'http://b/' });
    held.copy({ url: 'http://c/', headers: { host: 'c' } });
    expect(held.toObject()).toEqual({ url: 'http://c/', headers: { host: 'c' } });
  });

  it('lets go of objects while it waits to be reused, and still takes the next object whole', () => {
    type Backend = { url?: string; event?: object; headers?: Record<string, string | string[]> };
    const held = new HeldEntries<Backend>({ headers: new HeldEntries() });
    const event = { big: 'x'.repeat(100) };
    held.copy({ url: 'http://a/', event, headers: { 'set-cookie': ['a=1'], host: 'a' } });
    held.letGoOfObjects();
    expect(held.toObject()).toEqual({ url: 'http://a/', event: undefined, headers: { 'set-cookie': undefined, host: 'a' } });
    held.copy({ url: 'http://a/', event, headers: { host: 'a' } });
    expect(held.toObject()).toEqual({ url: 'http://a/', event, headers: { host: 'a' } });
  });

  it('keeps the text already held when the new text is the same, and takes anything else as given', () => {
    const built = ['keep', '-alive'].join('');
    expect(sameTextOr('keep-alive', built)).toBe('keep-alive');
    expect(sameTextOr('close', built)).toBe('keep-alive');
    const detail = { attempts: 1 };
    expect(sameTextOr({ attempts: 1 }, detail)).toBe(detail);
    expect(sameTextOr(undefined, 3)).toBe(3);
  });
});
