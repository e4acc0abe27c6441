/**
 * Credentials never reach stored traces or logs in the clear (DESIGN.md, security stance). Wherever
 * a trace copies a request (headers, URL, the APIG event a function got, the backend request), the
 * values of sensitive headers and query parameters are masked (`ab***yz`).
 *
 *  - `Authorization` / `Proxy-Authorization`: the scheme stays, the credentials are masked
 *    (`Bearer ey***J9`, `Basic dX***Q=`). A request signature (`SDK-HMAC-SHA256 …`, any `*-HMAC-*`
 *    scheme) is not a secret (it is bound to one request) and stays readable for debugging.
 *  - `Cookie`: each cookie's value is masked, its name stays. `Set-Cookie` in an answer: the cookie's
 *    value is masked, its name and attributes (Path, Expires, HttpOnly…) stay.
 *  - The other names below, and those the user adds in the workspace setting
 *    `trace.sensitive_names` (comma- or space-separated), have their whole value masked, as a
 *    header or as a query parameter.
 */
import { maskSecret } from '../../../src-shared/rules/app';

/** Workspace setting: more header and query parameter names whose values traces mask. */
export const SENSITIVE_NAMES_SETTING = 'trace.sensitive_names';

export const DEFAULT_SENSITIVE_NAMES: readonly string[] = [
  'x-apig-appcode',
  'x-auth-token',
  'x-subject-token',
  'x-security-token',
  'x-api-key',
  'api-key',
  'apikey',
  'api_key',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'password',
];
const AUTHORIZATION_HEADERS = new Set(['authorization', 'proxy-authorization']);
const SIGNATURE_SCHEME = /^[A-Za-z0-9]+-HMAC-/i;

/** The names the user listed in the setting, lower-cased; blanks dropped. */
export function parseSensitiveNames(setting: string | undefined): string[] {
  return (setting ?? '')
    .split(/[\s,]+/)
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n.length > 0);
}

export class TraceMasker {
  private readonly names: ReadonlySet<string>;

  constructor(extraNames: readonly string[] = []) {
    this.names = new Set([...DEFAULT_SENSITIVE_NAMES, ...extraNames.map((n) => n.toLowerCase())]);
  }

  isSensitive(name: string): boolean {
    return this.names.has(name.toLowerCase());
  }

  /** A header's value as a trace may keep it. */
  headerValue(name: string, value: string): string {
    const lower = name.toLowerCase();
    if (AUTHORIZATION_HEADERS.has(lower)) return maskAuthorization(value);
    if (lower === 'cookie') return maskCookies(value);
    return this.names.has(lower) ? maskSecret(value) : value;
  }

  /**
   * An answer's headers as Node holds them (Set-Cookie as a list), masked, one string per name.
   * Each Set-Cookie is masked before the list is joined: a joined one cannot be split again
   * (its Expires dates hold commas).
   */
  responseHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined) continue;
      const mask = name.toLowerCase() === 'set-cookie' ? maskSetCookie : (v: string) => this.headerValue(name, v);
      out[name] = Array.isArray(value) ? value.map(mask).join(', ') : mask(String(value));
    }
    return out;
  }

  headers(headers: Record<string, string>): Record<string, string> {
    let masked: Record<string, string> | undefined;
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string') continue;
      const kept = this.headerValue(name, value);
      if (kept === value) continue;
      masked ??= { ...headers };
      masked[name] = kept;
    }
    return masked ?? headers;
  }

  /** A URL or path with a query: sensitive parameters keep their name, their value is masked. */
  url(url: string): string {
    const q = url.indexOf('?');
    if (q < 0) return url;
    let changed = false;
    const query = url
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        const rawName = pair.slice(0, eq);
        let name = rawName;
        try {
          name = decodeURIComponent(rawName.replace(/\+/g, ' '));
        } catch {
          // A malformed escape: judge the name as written.
        }
        if (!this.isSensitive(name)) return pair;
        changed = true;
        return `${rawName}=${maskSecret(pair.slice(eq + 1))}`;
      })
      .join('&');
    return changed ? `${url.slice(0, q)}?${query}` : url;
  }

  /** Free text (a stage summary) with URLs in it: each URL's sensitive query values masked. */
  textWithUrls(text: string): string {
    return text.indexOf('?') < 0 ? text : text.replace(/\S*\?\S+/g, (url) => this.url(url));
  }

  /** An APIG event copied into a trace (the function itself received the real values). */
  event<T>(event: T): T {
    if (!event || typeof event !== 'object') return event;
    const e = event as { headers?: unknown; queryStringParameters?: unknown };
    const headers = isStringRecord(e.headers) ? this.headers(e.headers) : e.headers;
    const query = this.query(e.queryStringParameters);
    if (headers === e.headers && query === e.queryStringParameters) return event;
    return { ...event, headers, queryStringParameters: query };
  }

  private query(query: unknown): unknown {
    if (!query || typeof query !== 'object') return query;
    let masked: Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
      if (!this.isSensitive(name)) continue;
      masked ??= { ...(query as Record<string, unknown>) };
      masked[name] = Array.isArray(value) ? value.map((v) => maskSecret(String(v))) : maskSecret(String(value));
    }
    return masked ?? query;
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function maskAuthorization(value: string): string {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return maskSecret(trimmed);
  const scheme = trimmed.slice(0, space);
  if (SIGNATURE_SCHEME.test(scheme)) return value;
  return `${scheme} ${maskSecret(trimmed.slice(space + 1).trim())}`;
}

function maskCookies(value: string): string {
  return value
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? part : `${part.slice(0, eq)}=${maskSecret(part.slice(eq + 1).trim())}`;
    })
    .join(';');
}

/** `sid=abc; Path=/; HttpOnly` → `sid=a***; Path=/; HttpOnly`: only the first pair is the cookie. */
function maskSetCookie(value: string): string {
  const end = value.indexOf(';');
  const pair = end < 0 ? value : value.slice(0, end);
  const eq = pair.indexOf('=');
  if (eq < 0) return value;
  return `${pair.slice(0, eq)}=${maskSecret(pair.slice(eq + 1).trim())}${end < 0 ? '' : value.slice(end)}`;
}
