import { describe, expect, it } from 'vitest';
import { Router, appendRemainder, decodeRequestPath, type RouteDef } from '../../src-shared/apig/router';
import type { ApiMethod, MatchMode } from '../../src-shared/model';

function route(method: ApiMethod, path: string, matchMode: MatchMode = 'NORMAL'): RouteDef<string> {
  return { method, path, matchMode, value: `${method} ${path} ${matchMode}` };
}

function matched(router: Router<string>, method: string, path: string) {
  const r = router.match(method, path);
  return r.kind === 'match' ? r.match : r.kind;
}

describe('router', () => {
  it('matches a literal path exactly and treats the trailing slash as significant', () => {
    const router = new Router([route('GET', '/test'), route('GET', '/test/')]);
    expect(matched(router, 'GET', '/test')).toMatchObject({ value: 'GET /test NORMAL' });
    expect(matched(router, 'GET', '/test/')).toMatchObject({ value: 'GET /test/ NORMAL' });
    expect(matched(new Router([route('GET', '/test')]), 'GET', '/test/')).toBe('no-route');
  });

  it('a literal route hands every request the same read-only match, and a route with parameters one of its own', () => {
    const router = new Router([route('GET', '/test'), route('GET', '/users/{id}')]);
    const first = matched(router, 'GET', '/test');
    expect(matched(router, 'GET', '/test')).toBe(first);
    expect(first).toEqual({ value: 'GET /test NORMAL', pathParams: {}, remainder: [], matchMode: 'NORMAL' });
    expect(Object.isFrozen(first) && typeof first === 'object' && Object.isFrozen(first.pathParams) && Object.isFrozen(first.remainder)).toBe(true);
    expect(matched(router, 'GET', '/users/1')).not.toBe(matched(router, 'GET', '/users/1'));
  });

  it('paths are case-sensitive', () => {
    expect(matched(new Router([route('GET', '/Users')]), 'GET', '/users')).toBe('no-route');
  });

  it('{p} matches exactly one whole non-empty segment', () => {
    const router = new Router([route('GET', '/users/{id}')]);
    expect(matched(router, 'GET', '/users/42')).toMatchObject({ pathParams: { id: '42' } });
    expect(matched(router, 'GET', '/users/42/x')).toBe('no-route');
    expect(matched(router, 'GET', '/users/')).toBe('no-route');
  });

  it('{p+} matches one or more trailing segments', () => {
    const router = new Router([route('GET', '/files/{path+}')]);
    expect(matched(router, 'GET', '/files/a/b/c')).toMatchObject({ pathParams: { path: 'a/b/c' } });
    expect(matched(router, 'GET', '/files/a')).toMatchObject({ pathParams: { path: 'a' } });
    expect(matched(router, 'GET', '/files')).toBe('no-route');
  });

  it('ANY accepts every method but a concrete method on the same path wins', () => {
    const router = new Router([route('ANY', '/x'), route('GET', '/x')]);
    expect(matched(router, 'GET', '/x')).toMatchObject({ value: 'GET /x NORMAL' });
    expect(matched(router, 'DELETE', '/x')).toMatchObject({ value: 'ANY /x NORMAL' });
  });

  it('an existing path with a wrong method is a method mismatch, not a missing route', () => {
    const router = new Router([route('GET', '/orders/{id}')]);
    expect(router.match('POST', '/orders/1')).toEqual({ kind: 'method-mismatch', allowed: ['GET'] });
  });

  it('a literal segment beats a parameter segment', () => {
    const router = new Router([route('GET', '/users/{id}'), route('GET', '/users/me')]);
    expect(matched(router, 'GET', '/users/me')).toMatchObject({ value: 'GET /users/me NORMAL' });
    expect(matched(router, 'GET', '/users/7')).toMatchObject({ value: 'GET /users/{id} NORMAL' });
  });

  it('SWA matches on segment boundaries only', () => {
    const router = new Router([route('GET', '/test/AA', 'SWA')]);
    expect(matched(router, 'GET', '/test/AA/BB')).toMatchObject({ remainder: ['BB'], matchMode: 'SWA' });
    expect(matched(router, 'GET', '/test/AA')).toMatchObject({ remainder: [] });
    expect(matched(router, 'GET', '/test/AACC')).toBe('no-route');
  });

  it('SWA: the longest prefix wins and exact beats prefix', () => {
    const router = new Router([route('GET', '/a', 'SWA'), route('GET', '/a/b', 'SWA'), route('GET', '/a/b/c')]);
    expect(matched(router, 'GET', '/a/b/x')).toMatchObject({ value: 'GET /a/b SWA', remainder: ['x'] });
    expect(matched(router, 'GET', '/a/x')).toMatchObject({ value: 'GET /a SWA' });
    expect(matched(router, 'GET', '/a/b/c')).toMatchObject({ value: 'GET /a/b/c NORMAL' });
  });

  it('SWA prefix with a trailing slash needs something after it, and "/" prefixes everything', () => {
    const router = new Router([route('GET', '/test/', 'SWA')]);
    expect(matched(router, 'GET', '/test/AA/CC')).toMatchObject({ remainder: ['AA', 'CC'] });
    expect(matched(router, 'GET', '/test')).toBe('no-route');
    expect(matched(new Router([route('GET', '/', 'SWA')]), 'GET', '/any/thing')).toMatchObject({ remainder: ['any', 'thing'] });
  });

  it('the SWA remainder is appended to the backend path', () => {
    expect(appendRemainder('/test2/', ['AA', 'CC'])).toBe('/test2/AA/CC');
    expect(appendRemainder('/b', ['x'])).toBe('/b/x');
    expect(appendRemainder('/b', [])).toBe('/b');
    expect(appendRemainder('/b', [''])).toBe('/b/');
  });

  it('the path is percent-decoded before routing, malformed escapes are kept', () => {
    expect(decodeRequestPath('/aa%2Faa')).toBe('/aa/aa');
    expect(decodeRequestPath('/bad%zz')).toBe('/bad%zz');
  });
});
