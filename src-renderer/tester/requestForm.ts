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
}

export const EMPTY_FORM: RequestForm = { method: 'GET', url: '/', query: [], headers: [], body: '', env: '' };

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
  const headers = Object.entries(rowsToRecord(form.headers));
  if (form.env && form.env !== 'RELEASE' && !headers.some(([k]) => k.toLowerCase() === 'x-stage')) headers.push(['X-Stage', form.env]);
  return { method: form.method, url: absolute, headers, body: form.body || undefined };
}

export function formFromCurl(curl: CurlRequest): RequestForm {
  const { url, query } = splitUrl(curl.url);
  // X-Stage becomes the environment picker's value rather than a raw header.
  const stage = curl.headers.find(([k]) => k.toLowerCase() === 'x-stage');
  const headers = curl.headers.filter(([k]) => k.toLowerCase() !== 'x-stage').map(([key, value]) => ({ key, value, enabled: true }));
  return { method: curl.method, url, query, headers, body: curl.body ?? '', env: stage?.[1] ?? '' };
}

export function formToSaved(form: RequestForm, name: string): Omit<TesterRequest, 'id' | 'createdAt'> {
  return { name, method: form.method, url: fullUrl(form), headers: rowsToRecord(form.headers), body: form.body, env: form.env };
}

export function formFromSaved(saved: TesterRequest): RequestForm {
  const { url, query } = splitUrl(saved.url);
  return { method: saved.method, url, query, headers: recordToRows(saved.headers), body: saved.body, env: saved.env };
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
