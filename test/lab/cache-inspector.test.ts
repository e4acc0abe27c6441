/**
 * The cache inspector's core: entries with identity key, decision, context, age and TTL left; flush
 * one or all; the workbench clock moved forward; the trace saying why an identity missed. Real
 * gateway, real Node authorizer, real HTTP host for the contract methods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { startHostFixture, type HostFixture } from '../hosts/helpers';
import type { Authorizer } from '../../src-shared/model';

const BY_TOKEN = `exports.handler = async (event) => {
  const token = event.headers['x-token'];
  const status = token.startsWith('good') ? 'allow' : 'deny';
  return { statusCode: 200, body: JSON.stringify({ status, context: { user: token } }) };
};`;

describe('cache inspector and workbench clock', () => {
  let f: Fixture;
  let auth: Authorizer;
  const gw = () => f.workbench.gateway;
  const trace = async (requestId: string) => (await gw().getTrace(requestId))!.authorizers[0];
  const call = (token: string) => f.send('/cached', { headers: { 'x-token': token } });

  beforeAll(async () => {
    f = await createFixture();
    f.fn({ name: 'token_fn', code: BY_TOKEN });
    auth = f.authorizer({ name: 'token_auth', functionName: 'token_fn', identities: [{ name: 'x-token', location: 'HEADER' }], ttl: 60 });
    f.api({ name: 'cached_api', path: '/cached', authType: 'AUTHORIZER', authorizerId: auth.id, backend: f.echoWithContextHeader('x-user', 'user') });
  });
  afterAll(() => f.close());

  it('lists entries with key, decision, context, age and TTL left; advancing the clock ages and then expires them', async () => {
    gw().flushAuthorizerCache();
    expect((await call('good-1')).status).toBe(200);
    expect((await call('bad 2')).status).toBe(500);
    const entries = gw().authorizerCacheEntries();
    expect(entries.map((e) => [e.key, e.decision, e.context, e.ttlSec])).toEqual([
      ['good-1', 'allow', { user: 'good-1' }, 60],
      ['bad%202', 'deny', { user: 'bad 2' }, 60],
    ]);
    for (const e of entries) expect(Math.abs(e.ageSec + e.ttlLeftSec - e.ttlSec)).toBeLessThanOrEqual(1);

    gw().clock.advance(30_000);
    const aged = gw().authorizerCacheEntries()[0];
    expect(aged.ageSec).toBeGreaterThanOrEqual(30);
    expect(aged.ttlLeftSec).toBeLessThanOrEqual(30);
    const hit = await call('good-1');
    expect(await trace(hit.requestId)).toMatchObject({ cache: { hit: true }, decision: 'allow' });

    gw().clock.advance(31_000);
    expect(gw().authorizerCacheEntries()).toEqual([]);
    const miss = await call('good-1');
    const missed = await trace(miss.requestId);
    expect(missed.cache.hit).toBe(false);
    expect(missed.cache.note).toMatch(/^the cached allow expired at \S+ \(workbench clock\)$/);
    gw().clock.reset();
  });

  it('flushing one identity keeps the others; its next miss says it was flushed', async () => {
    gw().flushAuthorizerCache();
    await call('good-a');
    await call('good-b');
    expect(gw().flushAuthorizerCache(auth.id, 'good-a')).toBe(1);
    expect(gw().authorizerCacheEntries().map((e) => e.key)).toEqual(['good-b']);
    const again = await trace((await call('good-a')).requestId);
    expect(again.cache).toMatchObject({ hit: false, note: expect.stringMatching(/^the cached allow was flushed at .*: flushed from the cache inspector$/) });
    const other = await trace((await call('good-b')).requestId);
    expect(other.cache.hit).toBe(true);
    // A fresh result replaces the note: the miss after it is explained by nothing.
    expect((await trace((await call('good-a')).requestId)).cache).toMatchObject({ hit: true });
  });

  it('an edit of the authorizer flushes its entries, and the next trace says so', async () => {
    await call('good-e');
    f.workbench.store.authorizers.update(auth.id, { userData: 'edited' });
    expect(gw().authorizerCacheEntries()).toEqual([]);
    const t = await trace((await call('good-e')).requestId);
    expect(t.cache).toMatchObject({ hit: false, note: expect.stringContaining(': the authorizer was edited') });
  });

  it('an entry stored while the clock ran ahead keeps at most its ttl after the clock goes back', async () => {
    gw().flushAuthorizerCache();
    gw().clock.advance(120_000);
    await call('good-ahead');
    gw().clock.reset();
    const [entry] = gw().authorizerCacheEntries();
    expect(entry.ageSec).toBe(0);
    expect(entry.ttlLeftSec).toBeLessThanOrEqual(60);
  });

  it('the clock refuses to go backwards or jump more than a day', () => {
    expect(() => gw().clock.advance(-1)).toThrow(RangeError);
    expect(() => gw().clock.advance(25 * 3600 * 1000)).toThrow('the clock moves forward by 1 ms to 24 h');
  });
});

describe('cache and clock over the contract', () => {
  let fx: HostFixture;
  beforeAll(async () => {
    fx = await startHostFixture();
  });
  afterAll(async () => fx?.close());

  it('advances and resets the workbench clock', async () => {
    expect((await fx.client.workbenchClock()).offsetMs).toBe(0);
    expect((await fx.client.advanceWorkbenchClock({ seconds: 300 })).offsetMs).toBe(300_000);
    expect((await fx.client.advanceWorkbenchClock({ seconds: 60 })).offsetMs).toBe(360_000);
    expect((await fx.client.resetWorkbenchClock()).offsetMs).toBe(0);
  });

  it('refuses bad arguments naming them', async () => {
    await expect(fx.client.advanceWorkbenchClock({ seconds: 0 })).rejects.toMatchObject({ message: expect.stringContaining("argument 'seconds' must be between 1 and 86400") });
    await expect(fx.client.flushAuthorizerCache({ key: 'abc' })).rejects.toMatchObject({ message: expect.stringContaining("argument 'key' needs 'authorizerId'") });
    expect(await fx.client.flushAuthorizerCache({ authorizerId: 'none', key: 'abc' })).toEqual({ flushed: 0 });
  });
});
