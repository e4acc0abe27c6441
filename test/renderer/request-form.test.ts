import { describe, expect, it } from 'vitest';
import { filterApis } from '../../src-renderer/explorer/filterApis';
import { asContextProblem, EMPTY_FORM, formFromCurl, formFromSaved, formHeaders, formToCurl, formToSaved, fullUrl, splitUrl, formForApi } from '../../src-renderer/tester/requestForm';
import type { ApiListItem } from '../../src-shared/contract';
import type { Api } from '../../src-shared/model';

const api = (over: Partial<Api>): Api =>
  ({
    id: over.name ?? 'a',
    groupId: 'g1',
    name: 'a',
    description: '',
    method: 'GET',
    path: '/a',
    matchMode: 'NORMAL',
    protocol: 'BOTH',
    requestType: 'public',
    authType: 'NONE',
    appCodeAuth: false,
    cors: false,
    bodyBase64: true,
    requestParams: [],
    backend: { type: 'MOCK', statusCode: 200, body: '', headers: [], params: [] },
    createdAt: '',
    updatedAt: '',
    ...over,
  }) as Api;

describe('tester form', () => {
  it('splits the query string into decoded rows and joins it back encoded', () => {
    const { url, query } = splitUrl('/users/1?name=J%C3%B6rg&flag&x=a+b');
    expect(url).toBe('/users/1');
    expect(query.map((q) => [q.key, q.value])).toEqual([
      ['name', 'Jörg'],
      ['flag', ''],
      ['x', 'a b'],
    ]);
    expect(fullUrl({ url, query })).toBe('/users/1?name=J%C3%B6rg&flag=&x=a%20b');
  });

  it('disabled query rows are not sent', () => {
    expect(fullUrl({ url: '/a', query: [{ key: 'x', value: '1', enabled: false }] })).toBe('/a');
  });

  it('X-Stage from a pasted curl becomes the environment, and goes back out as a header', () => {
    const form = formFromCurl({ method: 'GET', url: 'http://127.0.0.1:8787/p?q=1', headers: [['X-Stage', 'DEV'], ['A', 'b']] });
    expect(form.env).toBe('DEV');
    expect(form.headers.map((h) => h.key)).toEqual(['A']);
    const curl = formToCurl(form, 'http://127.0.0.1:9999');
    expect(curl.url).toBe('http://127.0.0.1:8787/p?q=1');
    expect(curl.headers).toContainEqual(['X-Stage', 'DEV']);
  });

  it('a relative URL is sent to the gateway address in "copy as curl"', () => {
    const curl = formToCurl({ method: 'GET', url: '/status', query: [], headers: [], body: '', env: '' }, 'http://127.0.0.1:8787/');
    expect(curl.url).toBe('http://127.0.0.1:8787/status');
    expect(curl.headers).toEqual([]);
  });

  it('picking an API pre-fills its path, a concrete method and the authorizer identity headers', () => {
    const form = formForApi(api({ method: 'ANY', path: '/files/' }), [{ name: 'Authorization', location: 'HEADER' }, { name: 'key', location: 'QUERY' }], 'DEV');
    expect(form.method).toBe('GET');
    expect(form.url).toBe('/files/');
    expect(form.headers.map((h) => h.key)).toEqual(['Authorization']);
    expect(form.query.map((q) => q.key)).toEqual(['key']);
    expect(form.env).toBe('DEV');
  });
});

describe('explorer API filter', () => {
  const items: ApiListItem[] = Array.from({ length: 5000 }, (_, i) => ({
    api: api({ id: `id${i}`, name: `api_${i}`, path: `/items/${i}`, groupId: i % 2 ? 'g1' : 'g2', method: i % 3 ? 'GET' : 'POST' }),
    publications: [],
  }));

  it('matches name or path case-insensitively, within a group', () => {
    expect(filterApis(items, 'API_4999', '').map((i) => i.api.name)).toEqual(['api_4999']);
    expect(filterApis(items, '/items/12', '').length).toBe(111); // 12, 120-129, 1200-1299
    expect(filterApis(items, '', 'g2').length).toBe(2500);
    expect(filterApis(items, 'post', '').length).toBe(1667);
  });
});

describe('the identity override ("As context")', () => {
  const base = { ...EMPTY_FORM, url: '/profile', headers: [{ key: 'x-a', value: '1', enabled: true }] };

  it('is sent and saved as its header, and reopened into its own field', () => {
    const form = { ...base, asContext: '{\n  "user": "carol"\n}' };
    expect(formHeaders(form)).toEqual({ 'x-a': '1', 'X-Apig-Workbench-As-Context': '{"user":"carol"}' });
    const saved = formToSaved(form, 'n');
    expect(saved.headers['X-Apig-Workbench-As-Context']).toBe('{\n  "user": "carol"\n}');
    const reopened = formFromSaved({ ...saved, id: 'i', createdAt: '' });
    expect(reopened.asContext).toBe('{\n  "user": "carol"\n}');
    expect(reopened.headers.map((h) => h.key)).toEqual(['x-a']);
  });

  it('a header row of that name is the field, not a second header; off means no header', () => {
    const fromCurl = formFromCurl({ method: 'GET', url: '/p', headers: [['x-apig-workbench-as-context', '{"user":"dan"}']] });
    expect(fromCurl.asContext).toBe('{\n  "user": "dan"\n}');
    expect(fromCurl.headers).toEqual([]);
    expect(formHeaders({ ...base, headers: [...base.headers, { key: 'X-Apig-Workbench-As-Context', value: '{}', enabled: true }] })).toEqual({ 'x-a': '1' });
  });

  it('refuses what APIG would refuse, naming the key', () => {
    expect(asContextProblem('{"user":"a","n":1,"ok":true}')).toBeUndefined();
    expect(asContextProblem('nope')).toContain('not valid JSON');
    expect(asContextProblem('[1]')).toContain('must be a JSON object');
    expect(asContextProblem('{"user":{"x":1}}')).toBe('As context: user must be a string, number or boolean');
  });
});
