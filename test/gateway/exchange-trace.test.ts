/**
 * A finished request's trace: its facts keep only what the trace shows (not the request), wait as
 * bytes, and are built into the same trace as the live facts would give, with credentials masked
 * and without changing what the request used.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exchangeFacts, GatewayTraceBuilder } from '../../src-main/gateway/trace/exchange-trace';
import { HeldTraces } from '../../src-main/gateway/trace/held-traces';
import { JsonText } from '../../src-main/gateway/trace/value-codec';
import { TraceMasker } from '../../src-main/gateway/trace/trace-secrets';
import { addStage, type Exchange } from '../../src-main/gateway/exchange';
import { StageLog } from '../../src-main/gateway/trace/stage-log';
import type { FinalResponse } from '../../src-main/gateway/response/final-response';

const MASKER = new TraceMasker([]);
const BUILDER = new GatewayTraceBuilder(() => MASKER, () => false);

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

const response = (): FinalResponse => ({ status: 200, headers: { 'content-type': 'text/plain', 'x-request-id': 'req-1' }, body: Buffer.from('ok') });

/** A request's trace held as bytes, nothing else referring to the request, and a weak reference to that request. */
function heldTraceOfDroppedRequest(bodyBytes: number, limit: number): { held: HeldTraces; seq: number; request: WeakRef<Exchange> } {
  const exchange = makeExchange(bodyBytes);
  const held = new HeldTraces();
  const seq = held.put(exchange.requestId, exchangeFacts(exchange, response(), limit));
  return { held, seq, request: new WeakRef(exchange) };
}

describe('trace of a finished request', () => {
  it('does not keep the request alive while it waits, and still builds the complete trace', async () => {
    const { held, seq, request } = heldTraceOfDroppedRequest(64 * 1024, 16);
    // A weak reference holds its target until the current job ends.
    await nextTurn();
    gc();
    expect(request.deref()).toBeUndefined();
    const record = BUILDER.build(held.get(seq) as never);
    expect(record.request).toMatchObject({ method: 'POST', url: '/orders?x=1', host: 'api.example.com', body: 'a'.repeat(16), bodyTruncated: true, sourceIp: '127.0.0.1' });
    expect(record.request.headers['set-cookie']).toBe('a=1, b=2');
    expect(record.stages.map((s) => s.summary)).toEqual(['matched POST /orders']);
    expect(record.response).toMatchObject({ status: 200, body: 'ok', headers: { 'content-type': 'text/plain', 'x-request-id': 'req-1' } });
    expect(record.startedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('masks credentials in the request, backend and authorizer event, leaving the exchange as the request used it', () => {
    const exchange = makeExchange(0);
    const record = BUILDER.build(exchangeFacts(exchange, response(), 1024));
    expect(record.request.headers['x-apig-appcode']).toBe('Ab***89');
    expect(record.backend?.headers?.['x-auth-token']).toBe('MI***ue');
    expect((record.authorizers[0].event as { headers: Record<string, string> }).headers['x-apig-appcode']).toBe('Ab***89');
    expect(record.request.body).toBeUndefined();
    expect(exchange.headers['x-apig-appcode']).toBe(APPCODE);
    expect(exchange.backend?.headers?.['x-auth-token']).toBe(TOKEN);
    expect((exchange.authorizers[0].event as { headers: Record<string, string> }).headers['x-apig-appcode']).toBe(APPCODE);
  });

  it('read back from its bytes, builds the same trace as from the live request, templates and events as sent included', () => {
    const exchange = makeExchange(40);
    // As the function host sent it: JSON text, read back (and masked) as the event it stands for.
    exchange.authorizers[0].event = new JsonText(JSON.stringify({ headers: { 'x-apig-appcode': APPCODE } }));
    addStage(exchange, 'response', 'ok', (bytes: number, from: string) => `streamed ${bytes} bytes from ${from}`, performance.now(), undefined, 2, 'the backend');
    const facts = exchangeFacts(exchange, { ...response(), body: Buffer.from('é✓ ok') }, 1024);
    const held = new HeldTraces();
    const seq = held.put(exchange.requestId, facts);
    const fromBytes = BUILDER.build(held.get(seq) as never);
    expect(fromBytes).toEqual(BUILDER.build(facts));
    expect(fromBytes.stages.map((s) => s.summary)).toEqual(['matched POST /orders', 'streamed 2 bytes from the backend']);
    expect(fromBytes.response.body).toBe('é✓ ok');
    expect(fromBytes.authorizers[0].event).toEqual({ headers: { 'x-apig-appcode': 'Ab***89' } });
    expect(BUILDER.summarize(held.get(seq) as never)).toEqual(BUILDER.summarize(facts));
  });
});
