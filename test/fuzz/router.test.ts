/**
 * Fuzzing the router and request-path decoding: nothing throws; a route built from a generated
 * path matches a request made from it, with its path parameters (and SWA remainder) round-tripping;
 * whatever a many-route router picks is a route that really matches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Router, decodeRequestPath, resolveDotSegments, type RouteDef } from '../../src-shared/apig/router';
import type { ApiMethod } from '../../src-shared/model';
import { fuzz, fuzzTimeout } from './budget';

const METHODS: ApiMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY'];

/** Characters a path segment may carry once decoded: anything but '/'. */
const segmentValue = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/'));
const literal = fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}$/);
const paramName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/);

type Part = { kind: 'literal'; text: string } | { kind: 'param'; name: string };

/** A route path template and a concrete request path made from it, with the expected parameters. */
const routeAndRequest = fc
  .record({
    parts: fc.array(fc.oneof(literal.map((text): Part => ({ kind: 'literal', text })), paramName.map((name): Part => ({ kind: 'param', name }))), { maxLength: 6 }),
    greedy: fc.option(fc.record({ name: paramName, values: fc.array(segmentValue, { minLength: 1, maxLength: 4 }) }), { nil: undefined }),
    trailingSlash: fc.boolean(),
    values: fc.array(segmentValue, { minLength: 6, maxLength: 6 }),
  })
  .filter(({ parts, greedy }) => {
    // Parameter names are unique within a route (APIG refuses duplicates).
    const names = parts.flatMap((p) => (p.kind === 'param' ? [p.name] : []));
    if (greedy) names.push(greedy.name);
    return new Set(names).size === names.length;
  })
  .map(({ parts, greedy, trailingSlash, values }) => {
    const template: string[] = [];
    const concrete: string[] = [];
    const params: Record<string, string> = {};
    parts.forEach((p, i) => {
      if (p.kind === 'literal') {
        template.push(p.text);
        concrete.push(p.text);
      } else {
        template.push(`{${p.name}}`);
        concrete.push(values[i]);
        params[p.name] = values[i];
      }
    });
    if (greedy) {
      template.push(`{${greedy.name}+}`);
      concrete.push(...greedy.values);
      params[greedy.name] = greedy.values.join('/');
    }
    // A trailing slash is part of the path (it cannot follow a greedy parameter).
    const slash = trailingSlash && !greedy && parts.length > 0 ? '/' : '';
    return { template: `/${template.join('/')}${slash}`, path: `/${concrete.join('/')}${slash}`, params };
  });

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

describe('router and path decoding (fuzz)', () => {
  it('decodeRequestPath never throws, and no dot segment survives resolveDotSegments, whatever the bytes', () => {
    const percentHeavy = fc
      .array(fc.oneof(fc.constantFrom('%', '%2', '%2F', '%zz', '%C3', '%A9', '%E2%82', '/', '%00', '.', '..', '%2e', '%2E%2e', '/./', '/../'), fc.string({ maxLength: 3 })), { maxLength: 12 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), percentHeavy, percentHeavy.map((p) => `/${p}`)), (raw) => {
        const decoded = decodeRequestPath(raw);
        expect(typeof decoded).toBe('string');
        const resolved = resolveDotSegments(decoded);
        if (resolved === undefined || !decoded.startsWith('/')) return;
        expect(resolved.split('/').filter((s) => s === '.' || s === '..')).toEqual([]);
        expect(resolveDotSegments(resolved)).toBe(resolved);
      }),
      fuzz(0.15),
    );
  }, fuzzTimeout(0.15));

  it('percent-encoding each segment and decoding gives the path back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 10 }), { maxLength: 6 }), (segments) => {
        const path = `/${segments.join('/')}`;
        expect(decodeRequestPath(encodePath(path))).toBe(path);
      }),
      fuzz(0.15),
    );
  }, fuzzTimeout(0.15));

  it('a route built from a generated path matches that path, and its parameters round-trip', () => {
    fc.assert(
      fc.property(routeAndRequest, fc.constantFrom(...METHODS), ({ template, path, params }, method) => {
        const router = new Router([{ method, path: template, matchMode: 'NORMAL', value: 'the-route' }]);
        const requestMethod = method === 'ANY' ? 'GET' : method;
        // Through the wire: the client encodes, the gateway decodes, then routes.
        const result = router.match(requestMethod, decodeRequestPath(encodePath(path)));
        expect(result.kind).toBe('match');
        if (result.kind !== 'match') return;
        expect(result.match.value).toBe('the-route');
        expect(result.match.pathParams).toEqual(params);
      }),
      fuzz(0.2),
    );
  }, fuzzTimeout(0.2));

  it('an SWA (prefix) route matches any longer path and hands back the rest as the remainder', () => {
    fc.assert(
      fc.property(
        routeAndRequest.filter((r) => !r.template.includes('+}') && !r.template.endsWith('/')),
        fc.array(segmentValue, { minLength: 1, maxLength: 4 }),
        ({ template, path, params }, rest) => {
          const router = new Router([{ method: 'ANY', path: template, matchMode: 'SWA', value: 'prefix' }]);
          const requestPath = path === '/' ? `/${rest.join('/')}` : `${path}/${rest.join('/')}`;
          const result = router.match('GET', requestPath);
          expect(result.kind).toBe('match');
          if (result.kind !== 'match') return;
          expect(result.match.pathParams).toEqual(params);
          // "/" as a prefix consumes its (empty) segment; anything else leaves exactly `rest`.
          if (template !== '/') expect(result.match.remainder).toEqual(rest);
        },
      ),
      fuzz(0.15),
    );
  }, fuzzTimeout(0.15));

  it('with many routes, matching never throws and whatever it picks matches on its own', () => {
    const routeDef = fc.record({
      method: fc.constantFrom(...METHODS),
      path: routeAndRequest.map((r) => r.template),
      matchMode: fc.constantFrom('NORMAL' as const, 'SWA' as const),
    });
    const request = fc.oneof(routeAndRequest.map((r) => r.path), fc.string({ unit: 'binary' }).map((s) => `/${s}`));
    fc.assert(
      fc.property(fc.array(routeDef, { maxLength: 12 }), request, fc.constantFrom('GET', 'POST', 'DELETE', 'BREW'), (defs, path, method) => {
        const routes: RouteDef<number>[] = defs.map((d, i) => ({ ...d, value: i }));
        const result = new Router(routes).match(method, path);
        if (result.kind === 'match') {
          const alone = new Router([routes[result.match.value]]).match(method, path);
          expect(alone.kind).toBe('match');
        } else if (result.kind === 'method-mismatch') {
          expect(result.allowed.length).toBeGreaterThan(0);
          expect(result.allowed).not.toContain('ANY');
        }
      }),
      fuzz(0.35),
    );
  }, fuzzTimeout(0.35));
});
