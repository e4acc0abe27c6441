/**
 * Named test events per function (issue 13, item 6), as the FunctionGraph console keeps them:
 * saved in the workspace, picked in the editor's Test, and sendable through the gateway as the
 * HTTP request an APIG event describes.
 */
import type { RuleIssue } from '../rules/issues';

export interface NamedTestEvent {
  id: string;
  functionId: string;
  /** 1–64 characters: letters, digits, spaces, - _ . */
  name: string;
  /** The event as the function receives it (any JSON value; usually an APIG event object). */
  event: unknown;
  createdAt: string;
  updatedAt: string;
}

/** A function run on an event without the gateway (the editor's Test, as the FunctionGraph console's). */
export interface FunctionTestRun {
  /** The handler returned (or called back) a value. */
  ok: boolean;
  /** What the handler returned, as it gave it. */
  result?: unknown;
  /** Why it did not return: an exception, a timeout, a crash, … */
  failure?: { kind: string; message: string };
  logs: string[];
  durationMs: number;
}

/** A bound per function, so the list stays a list (the console keeps a handful per function). */
export const MAX_TEST_EVENTS_PER_FUNCTION = 50;
/** Like an invocation's event: large enough for any request APIG accepts (12 MB body, Base64). */
export const MAX_TEST_EVENT_CHARS = 17 * 1024 * 1024;

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

export function testEventIssues(input: { name: unknown; event: unknown }): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (typeof input.name !== 'string' || !NAME.test(input.name))
    issues.push({ field: 'name', rule: 'pattern', message: 'name: 1–64 characters, starting with a letter or digit; letters, digits, spaces, - _ .' });
  if (input.event === undefined) issues.push({ field: 'event', rule: 'required', message: 'event is required' });
  else if (JSON.stringify(input.event).length > MAX_TEST_EVENT_CHARS) issues.push({ field: 'event', rule: 'length', message: `event is larger than ${MAX_TEST_EVENT_CHARS} characters of JSON` });
  return issues;
}

/** The HTTP request an APIG event describes ("send this event through the gateway"). */
export interface EventRequest {
  method: string;
  /** Path with the event's query string. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  bodyEncoding: 'text' | 'base64';
}

/**
 * Reads the APIG event fields a request is made of (httpMethod, path, headers,
 * queryStringParameters, body, isBase64Encoded). Problems name the field.
 */
export function requestFromEvent(event: unknown): { ok: true; request: EventRequest } | { ok: false; problem: string } {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return { ok: false, problem: 'the event must be an object (an APIG event)' };
  const e = event as Record<string, unknown>;
  const method = e.httpMethod ?? 'GET';
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) return { ok: false, problem: 'httpMethod must be an HTTP method name' };
  const path = e.path ?? '/';
  if (typeof path !== 'string' || !path.startsWith('/')) return { ok: false, problem: 'path must be a text starting with /' };
  const headers: Record<string, string> = {};
  if (e.headers !== undefined && e.headers !== null) {
    if (typeof e.headers !== 'object' || Array.isArray(e.headers)) return { ok: false, problem: 'headers must be an object of name to text' };
    for (const [name, value] of Object.entries(e.headers)) {
      if (typeof value !== 'string') return { ok: false, problem: `headers.${name} must be a text` };
      // The gateway sets these itself; the event's values describe another connection.
      if (['host', 'content-length', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto', 'x-real-ip'].includes(name.toLowerCase())) continue;
      headers[name] = value;
    }
  }
  const query: string[] = [];
  if (e.queryStringParameters !== undefined && e.queryStringParameters !== null) {
    if (typeof e.queryStringParameters !== 'object' || Array.isArray(e.queryStringParameters)) return { ok: false, problem: 'queryStringParameters must be an object' };
    for (const [name, value] of Object.entries(e.queryStringParameters)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v !== 'string') return { ok: false, problem: `queryStringParameters.${name} must be a text or a list of texts` };
        query.push(`${encodeURIComponent(name)}=${encodeURIComponent(v)}`);
      }
    }
  }
  let body: string | undefined;
  if (e.body !== undefined && e.body !== null) {
    if (typeof e.body !== 'string') return { ok: false, problem: 'body must be a text (Base64 when isBase64Encoded is true)' };
    body = e.body;
  }
  return {
    ok: true,
    request: {
      method: method.toUpperCase(),
      url: query.length ? `${path}?${query.join('&')}` : path,
      headers,
      body,
      bodyEncoding: e.isBase64Encoded === true && body !== undefined ? 'base64' : 'text',
    },
  };
}
