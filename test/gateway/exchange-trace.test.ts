/**
 * A finished request's pending trace: it keeps only what the trace shows (not the request), and
 * masks credentials when it is built without changing what the request used.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ExchangeTrace } from '../../src-main/gateway/trace/exchange-trace';
import { TraceMasker } from '../../src-main/gateway/trace/trace-secrets';
import { addStage, type Exchange } from '../../src-main/gateway/exchange';
import { StageLog } from '../../src-main/gateway/trace/stage-log';
import type { FinalResponse } from '../../src-main/gateway/response/final-response';
import type { TraceSummary } from '../../src-shared/trace';

const MASKER = new TraceMasker([]);
const NO_SECRET_KEYS = () => false;

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
  return { trace: new ExchangeTrace(summary, exchange, response(), limit, MASKER, NO_SECRET_KEYS), request: new WeakRef(exchange) };
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
    const record = new ExchangeTrace(summary, exchange, response(), 1024, MASKER, NO_SECRET_KEYS).build();
    expect(record.request.headers['x-apig-appcode']).toBe('Ab***89');
    expect(record.backend?.headers?.['x-auth-token']).toBe('MI***ue');
    expect((record.authorizers[0].event as { headers: Record<string, string> }).headers['x-apig-appcode']).toBe('Ab***89');
    expect(record.request.body).toBeUndefined();
    expect(exchange.headers['x-apig-appcode']).toBe(APPCODE);
    expect(exchange.backend?.headers?.['x-auth-token']).toBe(TOKEN);
    expect((exchange.authorizers[0].event as { headers: Record<string, string> }).headers['x-apig-appcode']).toBe(APPCODE);
  });

  it('shows a stage added after the request was recorded (the end of a streamed answer)', () => {
    const exchange = makeExchange(0);
    const trace = new ExchangeTrace(summary, exchange, response(), 1024, MASKER, NO_SECRET_KEYS);
    addStage(exchange, 'response', 'ok', (bytes: number) => `streamed ${bytes} bytes from the backend`, performance.now(), undefined, 2);
    expect(trace.build().stages.map((s) => [s.name, s.summary])).toEqual([
      ['route', 'matched POST /orders'],
      ['response', 'streamed 2 bytes from the backend'],
    ]);
  });
});
