/**
 * Traces out and back in (issue 13, item 8): a HAR 1.2 file of stored traces, for any HAR viewer
 * (browser devtools, Insomnia, Charles), and a stored trace's request loaded back into the tester.
 * Secrets are already masked in stored traces; identity overrides (workbench-only) are refused in
 * exports unless asked for, so a HAR never passes off an override as a real authorization.
 */
import type { SendRequestArgs } from '../contract';
import type { TraceRecord } from '../trace';
import { splitUrl } from '../apig/app-signature';
import type { HarEntry, HarExport, HarNameValue } from './har-format';
import { HTTP_METHODS, type HttpMethod } from '../model';


const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 413: 'Payload Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

const usesOverride = (t: TraceRecord) => t.authorizers.some((a) => a.identityOverride === true);
const pairs = (headers: Record<string, string>): HarNameValue[] => Object.entries(headers).map(([name, value]) => ({ name, value }));
const headerOf = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
/** UTF-8 length without TextEncoder (src-shared has neither DOM nor Node types). */
function byteLength(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export function tracesToHar(traces: TraceRecord[], options: { includeOverrides?: boolean; creatorVersion: string }): HarExport {
  const overridden = traces.filter(usesOverride).map((t) => t.requestId);
  if (overridden.length && !options.includeOverrides)
    return { ok: false, problem: `${overridden.length} trace(s) used an identity override, which APIG does not have (${overridden.join(', ')}); leave them out or export with includeOverrides` };
  return { ok: true, har: { log: { version: '1.2', creator: { name: 'APIG Workbench', version: options.creatorVersion }, entries: traces.map(toEntry) } } };
}

function toEntry(t: TraceRecord): HarEntry {
  const { path, query } = splitUrl(t.request.url);
  const host = t.request.host || '127.0.0.1';
  const requestBody = t.request.body;
  const responseBody = t.response.body;
  const truncated = (what: string) => `${what} body cut to what the trace keeps`;
  const comments = [
    t.request.bodyTruncated ? truncated('request') : undefined,
    usesOverride(t) ? 'identity override: the frontend authorizer did not run (workbench only)' : undefined,
  ].filter((c): c is string => c !== undefined);
  return {
    startedDateTime: t.startedAt,
    time: t.totalMs,
    request: {
      method: t.request.method,
      url: `http://${host}${path}${t.request.url.includes('?') ? t.request.url.slice(t.request.url.indexOf('?')) : ''}`,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(t.request.headers),
      queryString: query.map(([name, value]) => ({ name, value })),
      postData: requestBody === undefined ? undefined : { mimeType: headerOf(t.request.headers, 'content-type') ?? '', text: requestBody },
      headersSize: -1,
      bodySize: requestBody === undefined ? 0 : byteLength(requestBody),
    },
    response: {
      status: t.response.status,
      statusText: STATUS_TEXT[t.response.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(t.response.headers),
      content: {
        size: responseBody === undefined ? 0 : byteLength(responseBody),
        mimeType: headerOf(t.response.headers, 'content-type') ?? '',
        text: responseBody,
        comment: t.response.bodyTruncated ? truncated('response') : undefined,
      },
      redirectURL: headerOf(t.response.headers, 'location') ?? '',
      headersSize: -1,
      bodySize: responseBody === undefined ? 0 : byteLength(responseBody),
    },
    cache: {},
    timings: { send: 0, wait: t.totalMs, receive: 0 },
    comment: comments.length ? comments.join('; ') : undefined,
    _apigWorkbench: {
      requestId: t.requestId,
      apiName: t.apiName,
      env: t.env,
      errorType: t.response.errorType,
      errorCode: t.response.errorCode,
      authorizers: t.authorizers.map((a) => ({ name: a.authorizerName, decision: a.decision, cacheHit: a.cache.hit, identityOverride: a.identityOverride })),
    },
  };
}

/** Headers the gateway or the client connection sets: a replay gets fresh ones. */
const NOT_REPLAYED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'expect', 'keep-alive']);
/** Credential headers the trace keeps masked: a replay cannot resend them. */
const MASKED = new Set(['x-auth-token', 'x-apig-appcode']);

/**
 * A stored trace's request as the tester sends it, with a warning for each thing that cannot be
 * replayed as it was (a masked credential, a cut body, a signature that has expired).
 */
export function requestFromTrace(t: TraceRecord): { request: SendRequestArgs; warnings: string[] } {
  const warnings: string[] = [];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(t.request.headers)) {
    const lower = name.toLowerCase();
    if (NOT_REPLAYED.has(lower)) continue;
    if (MASKED.has(lower)) {
      warnings.push(`${name} is masked in the trace: set the credential again before sending`);
      continue;
    }
    headers[name] = value;
  }
  if (headerOf(t.request.headers, 'authorization')?.startsWith('SDK-HMAC-SHA256'))
    warnings.push('the request was signed: the old signature and X-Sdk-Date are kept, so APIG rules refuse it after 15 minutes; sign it again with the app');
  if (t.request.bodyTruncated) warnings.push('the trace kept only the start of the body: the replay sends that part');
  const override = t.authorizers.find((a) => a.identityOverride && a.decision === 'allow');
  if (override) {
    headers['X-Apig-Workbench-As-Context'] = JSON.stringify(override.context);
    warnings.push('the request used an identity override; the replay uses the same context');
  }
  // The gateway records any method it received; the tester sends only the standard ones.
  const method = HTTP_METHODS.find((m) => m === t.request.method.toUpperCase());
  if (!method) warnings.push(`the tester cannot send ${t.request.method} (only ${HTTP_METHODS.join(', ')}): the replay uses GET`);
  const host = t.request.host;
  return {
    request: {
      method: method ?? ('GET' satisfies HttpMethod),
      // The original Host picks the same API group (the tester turns a full URL's host into Host).
      url: host ? `http://${host}${t.request.url}` : t.request.url,
      headers,
      body: t.request.body,
      env: t.env,
    },
    warnings,
  };
}
