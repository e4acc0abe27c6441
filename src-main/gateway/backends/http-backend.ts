/**
 * HTTP backends through undici (pooled keep-alive connections), with the API's timeout and
 * APIG's retry rule (runtime.md §3.4, §6.2).
 */
import { Agent, type Dispatcher } from 'undici';
import type { HttpBackend } from '../../../src-shared/model';
import { Errors, type GatewayError } from '../../../src-shared/apig/errors';
import { HOP_BY_HOP, type BackendResponse } from './backend-response';
import type { DeadlineSweeper } from './deadlines';
import { AnswerReader } from './answer-reader';

export interface HttpCall {
  method: string;
  /** scheme://host[:port] */
  origin: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export type HttpCallResult =
  | { ok: true; response: BackendResponse; attempts: number; headersAt: number }
  | { ok: false; error: GatewayError; detail: string; attempts: number };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'OPTIONS', 'DELETE']);

/** retry_count −1: idempotent methods retry once, POST/PATCH never; 0: none; N: N retries. */
export function retriesFor(backend: HttpBackend, method: string): number {
  if (backend.retryCount < 0) return IDEMPOTENT.has(method) ? 1 : 0;
  return backend.retryCount;
}

export function createBackendAgent(): Agent {
  return new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: 256, pipelining: 1 });
}

/**
 * Bodies larger than this are streamed to the client instead of being read whole. Below it the
 * gateway holds the complete answer, so a backend failure mid-body is still a clean 502/504.
 */
export const STREAM_THRESHOLD = 1024 * 1024;

/** Connection-level failures that are safe to retry: nothing reached the application. */
function isRetryable(code: string | undefined): boolean {
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED';
}

function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export async function callHttpBackend(
  dispatcher: Dispatcher,
  call: HttpCall,
  timeoutMs: number,
  retries: number,
  deadlines: DeadlineSweeper,
): Promise<HttpCallResult> {
  let attempts = 0;
  for (;;) {
    attempts++;
    const reader = new AnswerReader(STREAM_THRESHOLD, timeoutMs);
    // APIG's timeout covers the whole answer (connect, headers and body): the shared sweep
    // enforces it, so undici's per-phase timers are off (0 below). They were two timers per call
    // (the headers' one, then the body's) for a limit the sweep reaches first anyway.
    const deadline = deadlines.start(timeoutMs, reader);
    let streaming = false;
    try {
      // The dispatcher's own dispatch() with origin + path: no URL parsing, no stream per answer.
      // It never throws for a handler object: a call it refuses reaches the reader as an error.
      dispatcher.dispatch(
        {
          origin: call.origin,
          path: call.path,
          method: call.method as Dispatcher.HttpMethod,
          headers: call.headers,
          body: call.body && call.body.length > 0 ? call.body : undefined,
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        reader,
      );
      const answer = await reader.answer;
      const headers: Record<string, string | string[]> = {};
      const given = answer.headers;
      for (const name in given) {
        const value = given[name];
        if (value === undefined || HOP_BY_HOP.has(name) || name === 'content-length') continue;
        headers[name] = value;
      }
      const response: BackendResponse = { status: answer.status, headers, body: answer.body, upstream: true };
      if (answer.rest) {
        // A large answer keeps its deadline while it streams to the client: past the API's timeout
        // the rest is cut with an error saying so.
        streaming = true;
        response.rest = answer.rest;
        const declaredLength = Number(answer.headers['content-length']);
        if (Number.isSafeInteger(declaredLength) && declaredLength >= 0) response.streamedLength = declaredLength;
        answer.rest.once('close', () => deadline.done());
      }
      return { ok: true, response, attempts, headersAt: answer.headersAt };
    } catch (error) {
      const code = errorCode(error);
      const timedOut =
        deadline.expired || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
      const detail = `${code ?? 'error'}: ${error instanceof Error ? error.message : String(error)}`;
      if (timedOut) return { ok: false, error: Errors.backendTimeout(), detail: `no complete answer within ${timeoutMs} ms`, attempts };
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { ok: false, error: Errors.dnsFailure(), detail, attempts };
      if (attempts <= retries && isRetryable(code)) continue;
      return { ok: false, error: Errors.backendUnavailable(), detail, attempts };
    } finally {
      if (!streaming) deadline.done();
    }
  }
}
