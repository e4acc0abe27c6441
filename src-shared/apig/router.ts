/**
 * APIG route matching (runtime.md §3.2), pure and host-free so the gateway, the UI and the
 * fuzz tests share one implementation.
 *
 * - NORMAL: exact match; `{p}` matches one whole non-empty segment; `{p+}` (last only) one or more.
 * - SWA: prefix match on segment boundaries, longest prefix first; exact beats prefix.
 * - Trailing slash is significant: `/a/` and `/a` are different paths.
 * - A path that matches with another method only → "The API does not exist." (APIG.0101).
 * - [U] Precedence between a concrete method and ANY, and between a literal and a `{param}`
 *   segment, is undocumented: concrete method and literal segments win (docs/fidelity.md).
 */
import type { ApiMethod, MatchMode } from '../model';

export interface RouteDef<T> {
  method: ApiMethod;
  path: string;
  matchMode: MatchMode;
  value: T;
}

/** Read only: a route without parameters hands every request the same match (see Router.match). */
export interface RouteMatch<T> {
  readonly value: T;
  readonly pathParams: Readonly<Record<string, string>>;
  /** SWA only: the request path segments after the prefix (appended to the backend path). */
  readonly remainder: readonly string[];
  readonly matchMode: MatchMode;
}

export type RouteResult<T> =
  | { kind: 'match'; match: RouteMatch<T> }
  | { kind: 'method-mismatch'; allowed: ApiMethod[] }
  | { kind: 'no-route' };

type Segment = { kind: 'literal'; text: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

interface CompiledRoute<T> {
  def: RouteDef<T>;
  segments: Segment[];
  /** Higher wins among routes matching the same request. */
  specificity: number[];
  /** A literal route's match, the same for every request it matches: made once, not per request. */
  literalMatch?: RouteMatch<T>;
}

const NO_PATH_PARAMS: Readonly<Record<string, string>> = Object.freeze({});
const NO_REMAINDER: readonly string[] = Object.freeze([]);

const PARAM = /^\{([^{}+]+)\}$/;
const GREEDY = /^\{([^{}+]+)\+\}$/;

/** "/a/b/" → ["a", "b", ""]; "/" → [""]. The empty last segment carries the trailing slash. */
export function splitPath(path: string): string[] {
  return path.slice(1).split('/');
}

function parseSegment(text: string): Segment {
  const greedy = GREEDY.exec(text);
  if (greedy) return { kind: 'greedy', name: greedy[1] };
  const param = PARAM.exec(text);
  if (param) return { kind: 'param', name: param[1] };
  return { kind: 'literal', text };
}

function specificityOf(segments: Segment[], method: ApiMethod): number[] {
  // Per segment: literal 2, param 1, greedy 0; then concrete method over ANY.
  return [...segments.map((s) => (s.kind === 'literal' ? 2 : s.kind === 'param' ? 1 : 0)), method === 'ANY' ? 0 : 1];
}

function compareSpecificity(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Matches `segments` against the start of `request`. Returns the consumed count, or -1. */
function matchSegments(
  segments: Segment[],
  request: string[],
  params: Record<string, string>,
  wholePath: boolean,
): number {
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.kind === 'greedy') {
      const rest = request.slice(i);
      if (rest.length === 0 || rest[0] === '') return -1;
      params[seg.name] = rest.join('/');
      return request.length;
    }
    const actual = request[i];
    if (actual === undefined) return -1;
    if (seg.kind === 'literal') {
      if (actual !== seg.text) return -1;
    } else {
      if (actual === '') return -1;
      params[seg.name] = actual;
    }
  }
  if (wholePath && segments.length !== request.length) return -1;
  return segments.length;
}

export class Router<T> {
  private readonly exactLiteral = new Map<string, CompiledRoute<T>[]>();
  private readonly normalWithParams: CompiledRoute<T>[] = [];
  private readonly prefixRoutes: CompiledRoute<T>[] = [];

  constructor(routes: Iterable<RouteDef<T>>) {
    for (const def of routes) {
      const segments = splitPath(def.path).map(parseSegment);
      const compiled: CompiledRoute<T> = { def, segments, specificity: specificityOf(segments, def.method) };
      if (def.matchMode === 'SWA') {
        // A trailing slash on a prefix means "something follows": "/test/" is the prefix "/test" plus one more segment.
        this.prefixRoutes.push(compiled);
      } else if (segments.every((s) => s.kind === 'literal')) {
        const list = this.exactLiteral.get(def.path) ?? [];
        list.push(compiled);
        this.exactLiteral.set(def.path, list);
      } else {
        this.normalWithParams.push(compiled);
      }
    }
    this.normalWithParams.sort((a, b) => compareSpecificity(b.specificity, a.specificity));
    // Longest prefix first; then the usual specificity order.
    this.prefixRoutes.sort(
      (a, b) => prefixLength(b) - prefixLength(a) || compareSpecificity(b.specificity, a.specificity),
    );
  }

  match(method: string, path: string): RouteResult<T> {
    const request = splitPath(path);
    const allowed = new Set<ApiMethod>();

    const exact = this.matchNormal(method, path, request, allowed);
    if (exact) return { kind: 'match', match: exact };
    const prefix = this.matchPrefix(method, request, allowed);
    if (prefix) return { kind: 'match', match: prefix };
    if (allowed.size > 0) return { kind: 'method-mismatch', allowed: [...allowed] };
    return { kind: 'no-route' };
  }

  private matchNormal(method: string, path: string, request: string[], allowed: Set<ApiMethod>): RouteMatch<T> | undefined {
    const literal = this.exactLiteral.get(path);
    if (literal) {
      const hit = pickMethod(literal, method);
      if (hit) return (hit.literalMatch ??= Object.freeze({ value: hit.def.value, pathParams: NO_PATH_PARAMS, remainder: NO_REMAINDER, matchMode: 'NORMAL' }));
      for (const r of literal) allowed.add(r.def.method);
    }
    for (const route of this.normalWithParams) {
      const params: Record<string, string> = {};
      if (matchSegments(route.segments, request, params, true) < 0) continue;
      if (methodAccepts(route.def.method, method)) {
        return { value: route.def.value, pathParams: params, remainder: NO_REMAINDER, matchMode: 'NORMAL' };
      }
      allowed.add(route.def.method);
    }
    return undefined;
  }

  private matchPrefix(method: string, request: string[], allowed: Set<ApiMethod>): RouteMatch<T> | undefined {
    for (const route of this.prefixRoutes) {
      const segments = route.segments;
      const trailingSlash = isEmptyLiteral(segments[segments.length - 1]);
      const prefix = trailingSlash ? segments.slice(0, -1) : segments;
      const params: Record<string, string> = {};
      const consumed = matchSegments(prefix, request, params, false);
      if (consumed < 0) continue;
      if (trailingSlash && request.length <= consumed) continue;
      if (!methodAccepts(route.def.method, method)) {
        allowed.add(route.def.method);
        continue;
      }
      return { value: route.def.value, pathParams: params, remainder: request.slice(consumed), matchMode: 'SWA' };
    }
    return undefined;
  }
}

function isEmptyLiteral(segment: Segment): boolean {
  return segment.kind === 'literal' && segment.text === '';
}

function prefixLength<T>(route: CompiledRoute<T>): number {
  return route.segments.filter((s) => !isEmptyLiteral(s)).length;
}

function methodAccepts(routeMethod: ApiMethod, requestMethod: string): boolean {
  return routeMethod === 'ANY' || routeMethod === requestMethod;
}

function pickMethod<T>(routes: CompiledRoute<T>[], method: string): CompiledRoute<T> | undefined {
  return routes.find((r) => r.def.method === method) ?? routes.find((r) => r.def.method === 'ANY');
}

/**
 * APIG percent-decodes the path before routing (`/aa%2Faa` routes as `/aa/aa`). A malformed
 * escape is left as it is rather than failing the request.
 */
export function decodeRequestPath(rawPath: string): string {
  if (!rawPath.includes('%')) return rawPath;
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

/**
 * Resolves `.` and `..` segments of a decoded path (RFC 3986 §5.2.4), as an nginx-based gateway does
 * before routing, so `/pfx/%2e%2e/admin` is routed (and forwarded) as `/admin` and no dot segment can
 * reach a backend path. Returns undefined when the path climbs above the root (nginx answers 400).
 * Empty segments (`//`) are kept as they are.
 */
export function resolveDotSegments(path: string): string | undefined {
  // Only origin-form targets ("/…"); anything else is left for routing to refuse.
  if (!path.startsWith('/') || !path.includes('.')) return path;
  const segments = path.split('/');
  const out: string[] = [];
  // segments[0] is the empty string before the leading slash.
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..') {
        if (out.length === 0) return undefined;
        out.pop();
      }
      // "/a/b/.." ends in a directory: keep the trailing slash.
      if (last) out.push('');
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** Joins the SWA remainder to the backend path: /test2/ + [AA, CC] → /test2/AA/CC. */
export function appendRemainder(backendPath: string, remainder: readonly string[]): string {
  if (remainder.length === 0) return backendPath;
  const base = backendPath.endsWith('/') ? backendPath.slice(0, -1) : backendPath;
  return `${base}/${remainder.join('/')}`;
}
