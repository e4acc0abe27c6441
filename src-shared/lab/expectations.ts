/**
 * Judges one test-suite case: what the gateway did (the response and its trace) against what the
 * case expects. Every mismatch names the field, the expected and the actual value, so a red case
 * says what to fix without opening the trace.
 */
import { splitUrl } from '../apig/app-signature';
import type { AuthorizerTrace, TraceRecord } from '../trace';
import type { ExpectedDecision, SuiteExpect } from './suite';

export interface Mismatch {
  /** Dotted path of the expectation, e.g. `backendHeaders.test` or `body.items[0].id`. */
  field: string;
  expected: unknown;
  actual: unknown;
  /** Extra words when the values alone do not explain it (e.g. the authorizer's reason). */
  note?: string;
}

export interface Observed {
  status: number;
  /** Response body as text (Base64 when binary). */
  body: string;
  trace?: TraceRecord;
}

/** The trace's decision in the suite's words; not_called when no frontend authorizer ran. */
export function observedDecision(trace: TraceRecord | undefined): ExpectedDecision {
  const auth = frontendAuthorizer(trace);
  if (!auth) return 'not_called';
  switch (auth.decision) {
    case 'identities-failure':
      return 'identities_failure';
    case 'error':
      return 'conf_failure';
    default:
      return auth.decision;
  }
}

function frontendAuthorizer(trace: TraceRecord | undefined): AuthorizerTrace | undefined {
  return trace?.authorizers.find((a) => a.leg === 'frontend');
}

export function checkExpectations(expect: SuiteExpect, observed: Observed): Mismatch[] {
  const out: Mismatch[] = [];
  const trace = observed.trace;
  const auth = frontendAuthorizer(trace);
  if (expect.status !== undefined && expect.status !== observed.status) out.push({ field: 'status', expected: expect.status, actual: observed.status });
  if (expect.decision !== undefined) {
    const actual = observedDecision(trace);
    if (actual !== expect.decision) out.push({ field: 'decision', expected: expect.decision, actual, note: auth?.reason });
  }
  if (expect.errorType !== undefined && expect.errorType !== trace?.response.errorType)
    out.push({ field: 'errorType', expected: expect.errorType, actual: trace?.response.errorType ?? null });
  if (expect.errorCode !== undefined && expect.errorCode !== trace?.response.errorCode)
    out.push({ field: 'errorCode', expected: expect.errorCode, actual: trace?.response.errorCode ?? null });
  if (expect.cache !== undefined) {
    const actual = !auth ? 'not_called' : !auth.cache.enabled ? 'off' : auth.cache.hit ? 'hit' : 'miss';
    if (actual !== expect.cache)
      out.push({ field: 'cache', expected: expect.cache, actual, note: actual === 'off' ? 'the authorizer caches nothing (ttl 0 or no identity sources)' : undefined });
  }
  if (expect.context) {
    const context = auth?.context ?? {};
    for (const [key, want] of Object.entries(expect.context)) {
      const got = Object.hasOwn(context, key) ? context[key] : null;
      if (got !== want) out.push({ field: `context.${key}`, expected: want, actual: got });
    }
  }
  if (expect.backendHeaders) {
    const headers = lowerKeys(trace?.backend?.headers ?? {});
    const noBackend = !trace?.backend || trace.backend.type === 'MOCK';
    for (const [name, want] of Object.entries(expect.backendHeaders)) {
      const got = headers[name.toLowerCase()] ?? null;
      if (got !== want)
        out.push({ field: `backendHeaders.${name}`, expected: want, actual: got, note: noBackend ? 'no HTTP or FUNCTION backend was called' : undefined });
    }
  }
  if (expect.backendQuery) {
    const query = backendQuery(trace);
    for (const [name, want] of Object.entries(expect.backendQuery)) {
      const values = query.get(name);
      const got = values === undefined ? null : values.length === 1 ? values[0] : values.join(',');
      if (got !== want) out.push({ field: `backendQuery.${name}`, expected: want, actual: got, note: trace?.backend ? undefined : 'no backend was called' });
    }
  }
  if (expect.body !== undefined) checkBody(expect.body, observed.body, out);
  return out;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * The query string the backend received: from the URL of an HTTP backend, from the event's
 * queryStringParameters for a FUNCTION backend.
 */
function backendQuery(trace: TraceRecord | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const backend = trace?.backend;
  if (!backend) return out;
  if (backend.url) {
    for (const [k, v] of splitUrl(backend.url).query) out.set(k, [...(out.get(k) ?? []), v]);
    return out;
  }
  const params = (backend.event as { queryStringParameters?: Record<string, unknown> } | undefined)?.queryStringParameters;
  if (params && typeof params === 'object')
    for (const [k, v] of Object.entries(params)) out.set(k, Array.isArray(v) ? v.map(String) : [String(v)]);
  return out;
}

function checkBody(want: unknown, text: string, out: Mismatch[]): void {
  if (typeof want === 'string') {
    if (!text.includes(want)) out.push({ field: 'body', expected: `text containing ${JSON.stringify(want)}`, actual: clip(text) });
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    out.push({ field: 'body', expected: 'a JSON body', actual: clip(text) });
    return;
  }
  subset('body', want, json, out);
}

/** Every key of `want` must be in `got` with a matching value; lists match item by item. */
function subset(field: string, want: unknown, got: unknown, out: Mismatch[]): void {
  if (want !== null && typeof want === 'object') {
    if (Array.isArray(want)) {
      if (!Array.isArray(got) || got.length !== want.length) {
        out.push({ field, expected: want, actual: got ?? null, note: Array.isArray(got) ? `a list of ${got.length}, expected ${want.length}` : undefined });
        return;
      }
      want.forEach((w, i) => subset(`${field}[${i}]`, w, got[i], out));
      return;
    }
    if (got === null || typeof got !== 'object' || Array.isArray(got)) {
      out.push({ field, expected: want, actual: got ?? null });
      return;
    }
    for (const [k, w] of Object.entries(want)) {
      const g = (got as Record<string, unknown>)[k];
      if (w === null && g === undefined) continue;
      subset(`${field}.${k}`, w, g, out);
    }
    return;
  }
  if (want !== got) out.push({ field, expected: want, actual: got === undefined ? null : got });
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** One line per mismatch: `backendHeaders.test: expected "abcd", actual "abc"`. */
export function formatMismatch(m: Mismatch): string {
  return `${m.field}: expected ${show(m.expected)}, actual ${show(m.actual)}${m.note ? ` (${m.note})` : ''}`;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '(absent)';
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
}
