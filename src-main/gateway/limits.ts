/**
 * Request size limits (runtime.md §3.6): URI 32 KB → 414; one header 32 KB or all headers
 * 128 KB → 494; body 12 MB → 413, refused before reading past the limit.
 */
import type { IncomingMessage } from 'node:http';
import { Errors, type GatewayError } from '../../src-shared/apig/errors';

export interface RequestLimits {
  maxUriBytes: number;
  maxHeaderBytes: number;
  maxHeadersTotalBytes: number;
  maxBodyBytes: number;
  /** request_custom_config.request_body_timeout (default 8 s). */
  bodyTimeoutMs: number;
}

export const APIG_LIMITS: RequestLimits = {
  maxUriBytes: 32 * 1024,
  maxHeaderBytes: 32 * 1024,
  maxHeadersTotalBytes: 128 * 1024,
  maxBodyBytes: 12 * 1024 * 1024,
  bodyTimeoutMs: 8000,
};

/** Node's parser cap: above APIG's so that APIG's own limits answer first (494, not Node's 431). */
export const NODE_MAX_HEADER_SIZE = 256 * 1024;

export function checkHeadLimits(req: IncomingMessage, limits: RequestLimits): { error: GatewayError; detail: string } | undefined {
  const uriBytes = Buffer.byteLength(req.url ?? '');
  if (uriBytes > limits.maxUriBytes)
    return { error: Errors.uriTooLarge(), detail: `request URI is ${uriBytes} bytes, over the ${limits.maxUriBytes}-byte limit` };
  let total = 0;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const size = raw[i].length + 2 + Buffer.byteLength(raw[i + 1]);
    if (size > limits.maxHeaderBytes)
      return { error: Errors.headersTooLarge(), detail: `header ${raw[i]} is ${size} bytes, over the ${limits.maxHeaderBytes}-byte limit` };
    total += size;
  }
  if (total > limits.maxHeadersTotalBytes)
    return { error: Errors.headersTooLarge(), detail: `headers total ${total} bytes, over the ${limits.maxHeadersTotalBytes}-byte limit` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes)
    return { error: Errors.bodyTooLarge(), detail: `Content-Length ${declared} is over the ${limits.maxBodyBytes}-byte limit` };
  return undefined;
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; error: GatewayError; detail: string };

const NO_BODY: BodyResult = Object.freeze({ ok: true, body: Buffer.alloc(0) });

/**
 * Reads the body up to the limit; stops reading (and later closes the connection) once over it.
 * A request that declares no body is answered at once, not with a promise: most requests have none,
 * and awaiting would cost each of them a turn of the event loop.
 */
export function readBody(req: IncomingMessage, limits: RequestLimits): BodyResult | Promise<BodyResult> {
  if (req.headers['content-length'] === '0' || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined))
    return NO_BODY;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: Errors.bodyReadTimeout(), detail: `body not complete after ${limits.bodyTimeoutMs} ms` }),
      limits.bodyTimeoutMs,
    );
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBodyBytes) {
        req.pause();
        finish({ ok: false, error: Errors.bodyTooLarge(), detail: `body passed the ${limits.maxBodyBytes}-byte limit` });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) });
    const onError = (error: Error) => finish({ ok: false, error: Errors.badRequest(), detail: `body could not be read: ${error.message}` });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
