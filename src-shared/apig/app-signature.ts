/**
 * APIG app authentication signature, SDK-HMAC-SHA256 (runtime.md §4.2): canonical request,
 * string-to-sign, signature and Authorization header.
 *
 * One implementation serves both sides: the local gateway verifies requests with it and the
 * request tester signs requests with it, so when a signature is rejected the two canonical
 * requests can be shown side by side and compared (firstDifference).
 */
import { pureCrypto, type SignerCrypto } from './sha256';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
export const SDK_DATE_HEADER = 'x-sdk-date';
export const CONTENT_SHA256_HEADER = 'x-sdk-content-sha256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** APIG rejects an X-Sdk-Date more than 15 minutes away from its clock, in either direction. */
export const SDK_DATE_TOLERANCE_MS = 15 * 60 * 1000;

export type HeaderBag = Record<string, string | string[] | undefined>;

/** What the canonical request is built from; every value as the gateway sees it. */
export interface CanonicalInput {
  method: string;
  /** Request path as sent (percent-encoded or not), without the query. */
  path: string;
  /** Decoded query parameters in any order; a repeated name appears once per value. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Header names in any case. */
  headers: HeaderBag;
  /** Lower-case names, in the order they are signed. */
  signedHeaders: readonly string[];
  /** Hex SHA-256 of the body, or the X-Sdk-Content-Sha256 value that replaces it. */
  payloadHash: string;
}

/** RFC 3986 encoding: everything but A–Z a–z 0–9 - _ . ~ as %XY with upper-case hex. */
export function rfc3986Encode(text: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    // A lone surrogate: encode what survives rather than fail the whole request.
    encoded = encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
  return encoded.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // malformed %-escapes are signed as sent
  }
}

/** Decoded path, split on '/', each segment RFC 3986-encoded, rejoined, always ending with '/'. */
export function canonicalUri(path: string): string {
  const uri = decode(path || '/')
    .split('/')
    .map(rfc3986Encode)
    .join('/');
  return uri.endsWith('/') ? uri : uri + '/';
}

/** Names and values re-encoded, sorted by name and then by value (repeated names), joined k=v with &. */
export function canonicalQueryString(query: ReadonlyArray<readonly [string, string]>): string {
  return query
    .map(([name, value]) => [rfc3986Encode(name), rfc3986Encode(value)] as const)
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A header's value by case-insensitive name; repeated values joined with ", " (as Node does). */
export function headerOf(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return undefined;
}

/** One `name:value\n` line per signed header; a signed header the request lacks signs as empty. */
export function canonicalHeaders(headers: HeaderBag, signedHeaders: readonly string[]): string {
  return signedHeaders.map((name) => `${name}:${(headerOf(headers, name) ?? '').trim()}\n`).join('');
}

/** Lower-case, de-duplicated, sorted header names: the SignedHeaders a client declares. */
export function signedHeaderList(names: Iterable<string>): string[] {
  return [...new Set([...names].map((n) => n.toLowerCase()))].sort(compare);
}

/** The body hash to sign: X-Sdk-Content-Sha256 when the request carries it, else SHA-256 of the body. */
export function payloadHashFor(headers: HeaderBag, body: string | Uint8Array, crypto: SignerCrypto = pureCrypto): string {
  const declared = headerOf(headers, CONTENT_SHA256_HEADER);
  if (declared !== undefined && declared !== '') return declared.trim();
  return body.length === 0 ? EMPTY_BODY_SHA256 : crypto.sha256Hex(body);
}

export function canonicalRequest(input: CanonicalInput): string {
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQueryString(input.query),
    canonicalHeaders(input.headers, input.signedHeaders),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function stringToSign(sdkDate: string, canonical: string, crypto: SignerCrypto = pureCrypto): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${crypto.sha256Hex(canonical)}`;
}

/** The AppSecret is the HMAC key as is: no derivation, no region or service scope. */
export function signature(appSecret: string, toSign: string, crypto: SignerCrypto = pureCrypto): string {
  return crypto.hmacSha256Hex(appSecret, toSign);
}

export function authorizationHeader(appKey: string, signedHeaders: readonly string[], sig: string): string {
  return `${SIGNING_ALGORITHM} Access=${appKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`;
}

export type ParsedAuthorization =
  | { ok: true; access: string; signedHeaders: string[]; signature: string }
  | { ok: false; problem: string };

/** Parses `SDK-HMAC-SHA256 Access=…, SignedHeaders=a;b, Signature=…` (parts in any order). */
export function parseAuthorization(value: string): ParsedAuthorization {
  const trimmed = value.trim();
  if (!trimmed.startsWith(SIGNING_ALGORITHM + ' ')) {
    return { ok: false, problem: `the Authorization header does not start with "${SIGNING_ALGORITHM} "` };
  }
  const parts = new Map<string, string>();
  for (const part of trimmed.slice(SIGNING_ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Access', 'SignedHeaders', 'Signature'].filter((k) => !parts.get(k));
  if (missing.length) return { ok: false, problem: `the Authorization header has no ${missing.join(', ')}` };
  return {
    ok: true,
    access: parts.get('Access')!,
    signedHeaders: parts.get('SignedHeaders')!.split(';').map((h) => h.trim()).filter(Boolean),
    signature: parts.get('Signature')!,
  };
}

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Epoch milliseconds of an X-Sdk-Date value, or undefined when it is not `YYYYMMDDTHHMMSSZ`. */
export function parseSdkDate(value: string): number | undefined {
  const m = SDK_DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 20230231 over to March; a real date formats back to itself.
  return formatSdkDate(new Date(ms)) === value ? ms : undefined;
}

/** The canonical request as APIG prints it in an error message: newlines replaced by '|'. */
export function flattenCanonicalRequest(canonical: string): string {
  return canonical.replace(/\n/g, '|');
}

/** Constant-time comparison of two hex signatures (no early exit on the first differing character). */
export function signaturesEqual(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x.charCodeAt(i) || 0) ^ (y.charCodeAt(i) || 0);
  return diff === 0;
}

/** Where two texts (e.g. the client's and the gateway's canonical request) first differ; undefined when equal. */
export function firstDifference(a: string, b: string): { index: number; line: number; column: number } | undefined {
  if (a === b) return undefined;
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index++;
  const before = a.slice(0, index);
  const line = before.split('\n').length;
  return { index, line, column: index - before.lastIndexOf('\n') };
}

// ---------------------------------------------------------------------------------------------
// Client side: sign a request the way the APIG SDKs do.

export interface RequestToSign {
  method: string;
  /** Absolute (http://host:port/path?query) or origin-relative (/path?query) URL. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  appKey: string;
  appSecret: string;
  /** Signing time; default now. */
  date?: Date;
  /** Header names to sign (host and x-sdk-date are always added); default every header given. */
  signedHeaders?: string[];
  crypto?: SignerCrypto;
}

export interface SignedRequest {
  /** The caller's headers plus Host (when taken from the URL), X-Sdk-Date and Authorization. */
  headers: Record<string, string>;
  signedHeaders: string[];
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** Splits a URL into host, path and decoded query pairs (`+` is a space, as form decoding has it). */
export function splitUrl(url: string): { host?: string; path: string; query: [string, string][] } {
  const m = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?/.exec(url)!;
  const query: [string, string][] = [];
  for (const pair of (m[3] ?? '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const raw = (s: string) => decode(s.replace(/\+/g, ' '));
    query.push(eq < 0 ? [raw(pair), ''] : [raw(pair.slice(0, eq)), raw(pair.slice(eq + 1))]);
  }
  const host = m[1] ? m[1].replace(/^[^@]*@/, '') : undefined;
  return { host, path: m[2] || '/', query };
}

export function signRequest(req: RequestToSign): SignedRequest {
  const crypto = req.crypto ?? pureCrypto;
  const { host, path, query } = splitUrl(req.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    // A stale signature or date from an earlier attempt must not be signed again.
    if (name.toLowerCase() === 'authorization' || name.toLowerCase() === SDK_DATE_HEADER) continue;
    headers[name] = value;
  }
  if (headerOf(headers, 'host') === undefined) {
    if (!host) throw new Error('cannot sign: the request has no Host header and the URL is not absolute');
    headers['Host'] = host;
  }
  const sdkDate = formatSdkDate(req.date ?? new Date());
  headers['X-Sdk-Date'] = sdkDate;
  const signed = signedHeaderList([...(req.signedHeaders ?? Object.keys(headers)), 'host', SDK_DATE_HEADER]);
  const canonical = canonicalRequest({
    method: req.method,
    path,
    query,
    headers,
    signedHeaders: signed,
    payloadHash: payloadHashFor(headers, req.body ?? '', crypto),
  });
  const toSign = stringToSign(sdkDate, canonical, crypto);
  const sig = signature(req.appSecret, toSign, crypto);
  headers['Authorization'] = authorizationHeader(req.appKey, signed, sig);
  return { headers, signedHeaders: signed, canonicalRequest: canonical, stringToSign: toSign, signature: sig };
}
