/** The tester's form model and its conversions (URL ⇄ query rows, form ⇄ curl, form ⇄ saved request). */
import type { TesterRequest } from '../../src-shared/contract';
import type { Api } from '../../src-shared/model';
import { recordToRows, rowsToRecord, type KeyValueRow } from '../lib/keyValueRows';
import type { CurlRequest } from './curl';
import { substituteTesterVariables } from '../../src-shared/tester-variables';

export interface RequestForm {
  method: string;
  /** Path or full URL, without the query (that lives in `query`). */
  url: string;
  query: KeyValueRow[];
  headers: KeyValueRow[];
  body: string;
  /** Environment name for X-Stage; '' = RELEASE. */
  env: string;
  /**
   * Identity override: a JSON object of context values sent in AS_CONTEXT_HEADER, so the local
   * gateway skips the frontend authorizer and uses this context. Absent = off.
   */
  asContext?: string;
}

export const EMPTY_FORM: RequestForm = { method: 'GET', url: '/', query: [], headers: [], body: '', env: '' };

/** The local gateway's identity-override header (src-main/lab/identity-override.ts). */
export const AS_CONTEXT_HEADER = 'X-Apig-Workbench-As-Context';
const isAsContext = (name: string) => name.toLowerCase() === AS_CONTEXT_HEADER.toLowerCase();

/**
 * The override's context, checked before sending: a JSON object of strings, numbers and booleans
 * (the gateway checks the rest, as it checks a function's context).
 */
export function asContextProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `As context: not valid JSON (${(e as Error).message})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'As context: must be a JSON object of context keys, e.g. {"user": "alice"}';
  const bad = Object.entries(value).find(([, v]) => !['string', 'number', 'boolean'].includes(typeof v));
  return bad ? `As context: ${bad[0]} must be a string, number or boolean` : undefined;
}

/** The headers a form sends: the enabled rows, and the identity override when it is on. */
export function formHeaders(form: RequestForm): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const row of form.headers) if (row.enabled && row.key.trim() && !isAsContext(row.key.trim())) headers[row.key.trim()] = row.value;
  if (form.asContext !== undefined) headers[AS_CONTEXT_HEADER] = JSON.stringify(JSON.parse(form.asContext));
  return headers;
}

/** Header rows with the identity-override header taken out into the form's own field. */
function splitAsContext(rows: KeyValueRow[]): { headers: KeyValueRow[]; asContext?: string } {
  const found = rows.find((r) => r.enabled && isAsContext(r.key));
  if (!found) return { headers: rows };
  let pretty = found.value;
  try {
    pretty = JSON.stringify(JSON.parse(found.value), null, 2);
  } catch {
    // kept as sent: the field shows what is wrong with it
  }
  return { headers: rows.filter((r) => r !== found), asContext: pretty };
}

export function splitUrl(url: string): { url: string; query: KeyValueRow[] } {
  const q = url.indexOf('?');
  if (q < 0) return { url, query: [] };
  const query: KeyValueRow[] = [];
  for (const part of url.slice(q + 1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s; // a stray % is kept as typed
      }
    };
    query.push({ key: decode(eq < 0 ? part : part.slice(0, eq)), value: eq < 0 ? '' : decode(part.slice(eq + 1)), enabled: true });
  }
  return { url: url.slice(0, q), query };
}

export function fullUrl(form: Pick<RequestForm, 'url' | 'query'>): string {
  const pairs = form.query.filter((r) => r.enabled && r.key).map((r) => `${encodeURIComponent(r.key)}=${encodeURIComponent(r.value)}`);
  if (pairs.length === 0) return form.url;
  return form.url + (form.url.includes('?') ? '&' : '?') + pairs.join('&');
}

/** The gateway only takes concrete methods; an ANY API is tried with GET. */
export function formForApi(api: Api, authorizerIdentities: { name: string; location: 'HEADER' | 'QUERY' }[], env: string): RequestForm {
  const headers: KeyValueRow[] = [];
  const query: KeyValueRow[] = [];
  for (const id of authorizerIdentities) (id.location === 'HEADER' ? headers : query).push({ key: id.name, value: '', enabled: true });
  for (const p of api.requestParams) {
    if (p.location === 'HEADER' && !headers.some((h) => h.key.toLowerCase() === p.name.toLowerCase())) headers.push({ key: p.name, value: p.sampleValue ?? p.defaultValue ?? '', enabled: p.required });
    if (p.location === 'QUERY') query.push({ key: p.name, value: p.sampleValue ?? p.defaultValue ?? '', enabled: p.required });
  }
  const method = api.method === 'ANY' ? 'GET' : api.method;
  return { method, url: api.path, query, headers, body: ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : '', env };
}

export function formToCurl(form: RequestForm, gatewayUrl: string): CurlRequest {
  const url = fullUrl(form);
  const absolute = /^https?:\/\//i.test(url) ? url : gatewayUrl.replace(/\/$/, '') + (url.startsWith('/') ? url : `/${url}`);
  const headers = Object.entries(formHeaders(form));
  if (form.env && form.env !== 'RELEASE' && !headers.some(([k]) => k.toLowerCase() === 'x-stage')) headers.push(['X-Stage', form.env]);
  return { method: form.method, url: absolute, headers, body: form.body || undefined };
}

export function formFromCurl(curl: CurlRequest): RequestForm {
  const { url, query } = splitUrl(curl.url);
  // X-Stage becomes the environment picker's value rather than a raw header.
  const stage = curl.headers.find(([k]) => k.toLowerCase() === 'x-stage');
  const rows = curl.headers.filter(([k]) => k.toLowerCase() !== 'x-stage').map(([key, value]) => ({ key, value, enabled: true }));
  return { method: curl.method, url, query, ...splitAsContext(rows), body: curl.body ?? '', env: stage?.[1] ?? '' };
}

export function formToSaved(form: RequestForm, name: string): Omit<TesterRequest, 'id' | 'createdAt'> {
  const headers = rowsToRecord(form.headers.filter((r) => !isAsContext(r.key)));
  // Saved as the header it is sent as, so history, curl and traces agree; reopened into the field.
  if (form.asContext !== undefined) headers[AS_CONTEXT_HEADER] = form.asContext;
  return { name, method: form.method, url: fullUrl(form), headers, body: form.body, env: form.env };
}

export function formFromSaved(saved: TesterRequest): RequestForm {
  const { url, query } = splitUrl(saved.url);
  return { method: saved.method, url, query, ...splitAsContext(recordToRows(saved.headers)), body: saved.body, env: saved.env };
}

/**
 * The form with its `{{name}}` variables filled in (URL, query and header names and values, body),
 * and the names that have no value in the environment's set.
 */
export function withVariables(form: RequestForm, variables: Record<string, string>): { form: RequestForm; missing: string[]; used: boolean } {
  const missing = new Set<string>();
  let used = false;
  const fill = (text: string) => {
    const result = substituteTesterVariables(text, variables);
    for (const name of result.missing) missing.add(name);
    if (result.text !== text) used = true;
    return result.text;
  };
  const rows = (list: KeyValueRow[]) => list.map((r) => (r.enabled ? { ...r, key: fill(r.key), value: fill(r.value) } : r));
  const filled: RequestForm = { ...form, url: fill(form.url), query: rows(form.query), headers: rows(form.headers), body: fill(form.body) };
  return { form: filled, missing: [...missing], used };
}
