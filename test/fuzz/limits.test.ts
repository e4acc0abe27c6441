/**
 * Fuzzing the request-head limits (runtime.md §3.6): checkHeadLimits never throws, and each limit
 * is exact: a URI, header, header total or declared body of exactly the limit passes, one byte
 * more is refused with its documented status (414, 494, 494, 413).
 */
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APIG_LIMITS, checkHeadLimits, type RequestLimits } from '../../src-main/gateway/limits';
import { fuzz, fuzzTimeout } from './budget';

/** checkHeadLimits reads only the request line and head, exactly as node:http parsed them. */
function head(url: string, rawHeaders: string[]): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i].toLowerCase()] ??= rawHeaders[i + 1];
  return { url, rawHeaders, headers } as unknown as IncomingMessage;
}

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/);
/** Header values as node hands them over: any text without CR/LF/NUL. */
const value = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !/[\r\n\0]/.test(s));
const headerList = fc.array(fc.tuple(token, value), { maxLength: 8 });
const sizeOf = ([name, v]: [string, string]) => name.length + 2 + Buffer.byteLength(v);
const limits = (over: Partial<RequestLimits>): RequestLimits => ({ ...APIG_LIMITS, ...over });
const statusOf = (r: ReturnType<typeof checkHeadLimits>) => (r ? r.error.status : 'ok');

describe('request head limits (fuzz)', () => {
  it('never throws, whatever the head looks like', () => {
    const anyLimit = fc.integer({ min: 0, max: 1 << 20 });
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 10 }).map((a) => (a.length % 2 ? [...a, ''] : a)),
        fc.option(fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('1e99', '-1', 'NaN', 'Infinity', '0x10', ' 5 ')), { nil: undefined }),
        fc.record({ maxUriBytes: anyLimit, maxHeaderBytes: anyLimit, maxHeadersTotalBytes: anyLimit, maxBodyBytes: anyLimit, bodyTimeoutMs: fc.constant(1000) }),
        (url, raw, contentLength, lim) => {
          const req = head(url, raw);
          if (contentLength !== undefined) (req.headers as Record<string, string>)['content-length'] = contentLength;
          const r = checkHeadLimits(req, lim);
          if (r) expect([413, 414, 494]).toContain(r.error.status);
        },
      ),
      fuzz(0.2),
    );
  }, fuzzTimeout(0.2));

  it('a URI of exactly the limit passes; one byte over is 414', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), (rest) => {
        const url = `/${rest}`;
        const bytes = Buffer.byteLength(url);
        expect(statusOf(checkHeadLimits(head(url, []), limits({ maxUriBytes: bytes })))).toBe('ok');
        expect(statusOf(checkHeadLimits(head(url, []), limits({ maxUriBytes: bytes - 1 })))).toBe(414);
      }),
      fuzz(0.2),
    );
  }, fuzzTimeout(0.2));

  it('a header of exactly the per-header limit passes; one byte over is 494', () => {
    fc.assert(
      fc.property(headerList.filter((h) => h.length > 0), (headers) => {
        const largest = Math.max(...headers.map(sizeOf));
        const raw = headers.flat();
        const roomy = { maxHeadersTotalBytes: Number.MAX_SAFE_INTEGER };
        expect(statusOf(checkHeadLimits(head('/', raw), limits({ ...roomy, maxHeaderBytes: largest })))).toBe('ok');
        expect(statusOf(checkHeadLimits(head('/', raw), limits({ ...roomy, maxHeaderBytes: largest - 1 })))).toBe(494);
      }),
      fuzz(0.2),
    );
  }, fuzzTimeout(0.2));

  it('headers totalling exactly the limit pass; one byte over is 494', () => {
    fc.assert(
      fc.property(headerList.filter((h) => h.length > 0), (headers) => {
        const total = headers.map(sizeOf).reduce((a, b) => a + b, 0);
        const raw = headers.flat();
        const roomy = { maxHeaderBytes: Number.MAX_SAFE_INTEGER };
        expect(statusOf(checkHeadLimits(head('/', raw), limits({ ...roomy, maxHeadersTotalBytes: total })))).toBe('ok');
        expect(statusOf(checkHeadLimits(head('/', raw), limits({ ...roomy, maxHeadersTotalBytes: total - 1 })))).toBe(494);
      }),
      fuzz(0.2),
    );
  }, fuzzTimeout(0.2));

  it('a declared Content-Length of exactly the body limit passes; one more is 413', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 * 1024 * 1024 }), (max) => {
        const at = head('/', ['Content-Length', String(max)]);
        const over = head('/', ['Content-Length', String(max + 1)]);
        expect(statusOf(checkHeadLimits(at, limits({ maxBodyBytes: max })))).toBe('ok');
        expect(statusOf(checkHeadLimits(over, limits({ maxBodyBytes: max })))).toBe(413);
      }),
      fuzz(0.2),
    );
  }, fuzzTimeout(0.2));
});
