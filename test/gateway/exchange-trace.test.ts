/**
 * A finished request's pending trace: it keeps only what the trace shows (not the request), and
 * masks credentials when it is built without changing what the request used.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ExchangeTracePool, type ExchangeTrace, type TraceBuildOptions } from '../../src-main/gateway/trace/exchange-trace';
import { TraceMasker } from '../../src-main/gateway/trace/trace-secrets';
import { addStage, type Exchange } from '../../src-main/gateway/exchange';
import { StageLog } from '../../src-main/gateway/trace/stage-log';
import type { FinalResponse } from '../../src-main/gateway/response/final-response';
import type { TraceSummary } from '../../src-shared/trace';

const MASKER = new TraceMasker([]);
const NO_SECRET_KEYS = () => false;
const options = (bodyLimit: number): TraceBuildOptions => ({ bodyLimit, mask: MASKER, keyIsSecret: NO_SECRET_KEYS });

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const APPCODE = 'AbCdEfGhIjKlMn0123456789';
const TOKEN = 'MIIT-a-long-iam-token-value';

/** A stage log with one route stage. */
function stagesOf(routeSummary: string): StageLog {
  const log = new StageLog();
  log.add('route', 'ok', 0.1, routeSummary, { apiId: 'api-1' }, undefined, undefined, undefined);
  return log;
}

function makeExchange(bodyBytes: number): Exchange {
  return {
    requestId: 'req-1',
    startedAt: performance.now(),
    startedAtIso: '2026-01-01T00:00:00.000Z',
    method: 'POST',
    rawUrl: '/orders?x=1',
    rawPath: '/orders',
    rawQuery: 'x=1',
    path: '/orders',
    query: new Map([['x', ['1']]]),
    headers: { host: 'api.example.com', 'x-apig-appcode': APPCODE, 'set-cookie': ['a=1', 'b=2'] },
    rawHeaders: ['Host', 'api.example.com', 'X-Apig-AppCode', APPCODE],
    body: Buffer.alloc(bodyBytes, 'a'),
    peerIp: '127.0.0.1',
    sourceIp: '127.0.0.1',
    host: 'api.example.com',
    debug: false,
    pathParams: {},
    remainder: [],
    frontendContext: {},
    backendContext: {},
    stages: stagesOf('matched POST /orders'),
    authorizers: [
      {
        authorizerId: 'a1', authorizerName: 'auth', leg: 'frontend', functionName: 'fn', event: { headers: { 'x-apig-appcode': APPCODE } },
        decision: 'allow', reason: 'allowed', context: {}, cache: { enabled: false, hit: false }, durationMs: 0.3,
      },
    ],
    backend: { type: 'HTTP', method: 'POST', url: 'http://127.0.0.1:1/orders', headers: { 'x-auth-token': TOKEN }, params: [] },
    fidelityNotes: [],
  };
}

const summary: TraceSummary = { id: 'req-1', requestId: 'req-1', startedAt: '2026-01-01T00:00:00.000Z', method: 'POST', url: '/orders?x=1', status: 200, totalMs: 1.5 };
const response = (): FinalResponse => ({ status: 200, headers: { 'content-type': 'text/plain', 'x-request-id': 'req-1' }, body: Buffer.from('ok') });

/** A pending trace of a request nothing else refers to, and a weak reference to that request. */
function traceOfDroppedRequest(bodyBytes: number, limit: number): { trace: ExchangeTrace; request: WeakRef<Exchange> } {
  const exchange = makeExchange(bodyBytes);
  return { trace: new ExchangeTracePool().capture(exchange, response(), options(limit), summary), request: new WeakRef(exchange) };
}

describe('pending trace of a finished request', () => {
  it('does not keep the request alive while it waits, and still builds the complete trace', async () => {
    const { trace, request } = traceOfDroppedRequest(64 * 1024, 16);
    // A weak reference holds its target until the current job ends.
    await nextTurn();
    gc();
    expect(request.deref()).toBeUndefined();
    const record = trace.build();
    expect(record.request).toMatchObject({ method: 'POST', url: '/orders?x=1', host: 'api.example.com', body: 'a'.repeat(16), bodyTruncated: true, sourceIp: '127.0.0.1' });
    expect(record.request.headers['set-cookie']).toBe('a=1, b=2');
    expect(record.stages.map((s) => s.summary)).toEqual(['matched POST /orders']);
    expect(record.response).toMatchObject({ status: 200, body: 'ok', headers: { 'content-type': 'text/plain', 'x-request-id': 'req-1' } });
    expect(record.totalMs).toBe(1.5);
  });

  it('masks credentials in the request, backend and authorizer event, leaving the exchange as the request used it', () => {
    const exchange = makeExchange(0);
    const record = new ExchangeTracePool().capture(exchange, response(), options(1024), summary).build();
    expect(record.request.headers['x-apig-appcode']).toBe('Ab***89');
    expect(record.backend?.headers?.['x-auth-token']).toBe('MI***ue');
    expect((record.authorizers[0].event as { headers: Record<string, string> }).headers['x-apig-appcode']).toBe('Ab***89');
    expect(record.request.body).toBeUndefined();
    expect(exchange.headers['x-apig-appcode']).toBe(APPCODE);
    expect(exchange.backend?.headers?.['x-auth-token']).toBe(TOKEN);
    expect((exchange.authorizers[0].event as { headers: Record<string, string> }).headers['x-apig-appcode']).toBe(APPCODE);
  });

  it('is reused for a later request once released, holding nothing of the earlier one', () => {
    const pool = new ExchangeTracePool();
    const first = pool.capture(makeExchange(8), response(), options(1024), summary);
    expect(first.build().stages).toHaveLength(1);
    first.release();
    const later = { ...makeExchange(0), requestId: 'req-2', stages: new StageLog(), authorizers: [], backend: undefined };
    addStage(later, 'limits', 'ok', 'within limits', performance.now());
    addStage(later, 'group', 'ok', 'default group', performance.now());
    const second = pool.capture(later, { status: 404, headers: {}, body: Buffer.alloc(0) }, options(1024));
    expect(second).toBe(first);
    const record = second.build();
    expect(record.requestId).toBe('req-2');
    expect(record.stages.map((s) => s.name)).toEqual(['limits', 'group']);
    expect(record).toMatchObject({ authorizers: [], backend: undefined, response: { status: 404, headers: {}, body: undefined } });
    expect(record.request.body).toBeUndefined();
    expect(second.summary).toMatchObject({ requestId: 'req-2', status: 404 });
  });

  it('refuses to be read once released, instead of showing whichever request reuses it', () => {
    const trace = new ExchangeTracePool().capture(makeExchange(0), response(), options(1024));
    trace.release();
    expect(() => trace.build()).toThrow(/req-1 was read after it was released/);
    expect(() => trace.summary).toThrow(/after it was released/);
  });

  it('holds the authorizers as they were when recorded, and a raw result that is not JSON as it is', () => {
    const exchange = makeExchange(0);
    const trace = new ExchangeTracePool().capture(exchange, response(), options(1024), summary);
    exchange.authorizers[0].reason = 'changed after the request was recorded';
    const [authorizer] = trace.build().authorizers;
    expect(authorizer).toMatchObject({ authorizerId: 'a1', decision: 'allow', reason: 'allowed', cache: { enabled: false, hit: false } });
    expect(trace.build().authorizers[0]).not.toBe(authorizer);

    const odd = makeExchange(0);
    odd.authorizers[0].rawResult = { statusCode: 200, big: 10n };
    const held = new ExchangeTracePool().capture(odd, response(), options(1024), summary);
    expect(held.build().authorizers[0].rawResult).toEqual({ statusCode: 200, big: 10n });
  });

  it('holds a copy of the stages the request had when it was recorded', () => {
    const exchange = makeExchange(0);
    const trace = new ExchangeTracePool().capture(exchange, response(), options(1024), summary);
    addStage(exchange, 'response', 'ok', 'added afterwards', performance.now());
    expect(trace.build().stages.map((s) => s.summary)).toEqual(['matched POST /orders']);
  });
});
