import { describe, expect, it } from 'vitest';
import { issuesOf, mockApi, openTemp, sampleTrace as trace } from './helpers';

describe('traces', () => {
  it('stores the full record and a summary, newest first', () => {
    const store = openTemp();
    const record = trace(1, { apiId: 'a1', apiName: 'getThing', env: 'RELEASE', response: { status: 404, headers: {}, errorType: 'NOT_FOUND' } });
    store.traces.append([record, trace(2)]);
    expect(store.traces.get('t00001')).toEqual(record);
    expect(store.traces.list().map((t) => t.id)).toEqual(['t00002', 't00001']);
    expect(store.traces.list()[1]).toEqual({
      id: 't00001', requestId: 'req1', startedAt: record.startedAt, method: 'GET', url: '/things?i=1', status: 404, totalMs: 3.5, apiName: 'getThing', env: 'RELEASE', errorType: 'NOT_FOUND',
      // The one-line answer the live log shows, kept with the summary.
      headline: { mapped: [], unmappedKeys: [], status: 404, errorType: 'NOT_FOUND' },
    });
  });

  it('keeps only the newest N records (default 2000)', () => {
    const store = openTemp();
    expect(store.traces.retention()).toBe(2000);
    store.traces.append(Array.from({ length: 2100 }, (_, i) => trace(i)));
    const newest = store.traces.list({ limit: 1 });
    expect(newest[0].id).toBe('t02099');
    expect(store.traces.get('t00099')).toBeUndefined();
    expect(store.traces.get('t00100')).toBeDefined();
  });

  it('lowering the retention prunes at once; later batches stay within it', () => {
    const store = openTemp();
    store.traces.append(Array.from({ length: 30 }, (_, i) => trace(i)));
    store.traces.setRetention(10);
    expect(store.traces.list({ limit: 1000 }).map((t) => t.id)).toEqual(Array.from({ length: 10 }, (_, i) => trace(29 - i).id));
    store.traces.append([trace(30), trace(31)]);
    expect(store.traces.list({ limit: 1000 })).toHaveLength(10);
    expect(store.traces.retention()).toBe(10);
    expect(issuesOf(() => store.traces.setRetention(0))[0]).toMatchObject({ field: 'retention', rule: 'range' });
  });

  it('pages with a trace-id cursor or a startedAt cursor, and filters by API', () => {
    const store = openTemp();
    store.traces.append(Array.from({ length: 10 }, (_, i) => trace(i, { apiId: i % 2 ? 'odd' : 'even' })));
    expect(store.traces.list({ limit: 3, before: 't00005' }).map((t) => t.id)).toEqual(['t00004', 't00003', 't00002']);
    expect(store.traces.list({ limit: 2, before: trace(3).startedAt }).map((t) => t.id)).toEqual(['t00002', 't00001']);
    expect(store.traces.list({ apiId: 'odd' }).map((t) => t.id)).toEqual(['t00009', 't00007', 't00005', 't00003', 't00001']);
  });

  it('re-appending the same batch does not duplicate; clear empties', () => {
    const store = openTemp();
    const batch = [trace(1), trace(2)];
    store.traces.append(batch);
    store.traces.append(batch);
    expect(store.traces.list()).toHaveLength(2);
    store.traces.clear();
    expect(store.traces.list()).toEqual([]);
  });

  it('trace writes fire no change events', () => {
    const store = openTemp();
    const seen: string[] = [];
    store.onChange((c) => seen.push(c.entity));
    store.traces.append([trace(1)]);
    store.history.add({ name: 'x', method: 'GET', url: 'http://localhost/', headers: {}, body: '', env: '' });
    expect(seen).toEqual([]);
  });
});

describe('settings and tester history', () => {
  it('settings round-trip and fire a change event', () => {
    const store = openTemp();
    const seen: (string | undefined)[] = [];
    store.onChange((c) => seen.push(c.id));
    expect(store.settings.get('theme')).toBeUndefined();
    store.settings.set('theme', 'dark');
    store.settings.set('theme', 'light');
    expect(store.settings.get('theme')).toBe('light');
    expect(seen).toEqual(['theme', 'theme']);
  });

  it('tester history lists newest first and removes by id', () => {
    const store = openTemp();
    const a = store.history.add({ name: 'first', method: 'GET', url: 'http://localhost/a', headers: { accept: 'application/json' }, body: '', env: '' });
    const b = store.history.add({ name: 'second', method: 'POST', url: 'http://localhost/b', headers: {}, body: '{"x":1}', env: 'DEV' });
    expect(store.history.list().map((r) => r.name)).toEqual(['second', 'first']);
    expect(store.history.list()[1]).toEqual(a);
    store.history.remove(b.id);
    expect(store.history.list().map((r) => r.id)).toEqual([a.id]);
  });
});

describe('scale', () => {
  it('lists 5,000 APIs in one call with every field intact', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'big' });
    store.transaction(() => {
      for (let i = 0; i < 5000; i++) store.apis.create(mockApi(group.id, { name: `api${i}`, path: `/r/${i}` }));
    });
    const all = store.apis.list();
    expect(all).toHaveLength(5000);
    expect(all.find((a) => a.name === 'api4999')).toMatchObject({ path: '/r/4999', backend: { type: 'MOCK' } });
  });
});
