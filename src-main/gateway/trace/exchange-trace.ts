/**
 * A finished request's trace: the few values the trace shows, taken from the exchange and the
 * response when the request ends (ExchangeFacts, plain values that wait as bytes off the heap, see
 * held-traces.ts), and built into a TraceRecord, masked, only when someone reads it or it is written.
 *
 * Facts, not the exchange: a waiting trace must not keep the request alive (the Node request and
 * response objects, the exchange with its query map, compiled group and contexts, the full bodies).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthorizerTrace, TraceRecord, TraceSummary } from '../../../src-shared/trace';
import { traceHeadline } from '../../../src-shared/trace-headline';
import { maskSecret } from '../../../src-shared/rules/app';
import { flattenHeaders, round, startedAtIsoOf, type Exchange } from '../exchange';
import type { FinalResponse } from '../response/final-response';
import type { TraceBuilder } from './trace-recorder';
import type { TraceMasker } from './trace-secrets';
import { stagesOf } from './stage-log';
import { JsonText } from './value-codec';

/**
 * What a finished request leaves for its trace: the record's own fields where the trace shows them
 * as they are, and the raw forms the rest is built from.
 */
export type ExchangeFacts = Pick<TraceRecord, 'requestId' | 'totalMs' | 'groupId' | 'groupName' | 'env' | 'apiId' | 'apiName' | 'backend'> &
  Pick<TraceRecord['request'], 'method' | 'url' | 'host' | 'sourceIp'> &
  Pick<TraceRecord['response'], 'status' | 'errorType' | 'errorCode'> & {
    /** performance.now() at arrival, and the ISO time when the caller already had it. */
    startedAt: number;
    startedAtIso?: string;
    /** Node's parsed request headers; masked when built. */
    headers: IncomingHttpHeaders;
    /** The body's first `traceBodyLimit` bytes, decoded as UTF-8 only when built. */
    body: Uint8Array;
    bodyTruncated: boolean;
    /** The stage log's entries (StageLog.entries()). */
    stages: unknown[];
    authorizers: readonly AuthorizerTrace[];
    fidelityNotes: readonly string[];
    responseHeaders: Record<string, string | string[]>;
    responseBody: Uint8Array;
    responseBodyTruncated: boolean;
  };

/** A trace the gateway built itself (a request its HTTP parser refused), or a request's facts. */
export type HeldTrace = ExchangeFacts | { record: TraceRecord };

/** Takes what the trace shows, now that the request is done (a streamed answer: after its last byte). */
export function exchangeFacts(exchange: Exchange, response: FinalResponse, bodyLimit: number): ExchangeFacts {
  return {
    requestId: exchange.requestId,
    startedAt: exchange.startedAt,
    startedAtIso: exchange.startedAtIso,
    totalMs: round(performance.now() - exchange.startedAt),
    method: exchange.method,
    url: exchange.rawUrl,
    host: exchange.host,
    headers: exchange.headers,
    body: exchange.body.subarray(0, bodyLimit),
    bodyTruncated: exchange.body.length > bodyLimit,
    sourceIp: exchange.sourceIp,
    groupId: exchange.group?.group.id,
    groupName: exchange.group?.group.name,
    env: exchange.env,
    apiId: exchange.api?.id,
    apiName: exchange.api?.name,
    stages: exchange.stages.entries(),
    authorizers: exchange.authorizers,
    backend: exchange.backend,
    fidelityNotes: exchange.fidelityNotes,
    status: response.status,
    responseHeaders: response.headers,
    responseBody: response.body.subarray(0, bodyLimit),
    responseBodyTruncated: response.body.length > bodyLimit,
    errorType: response.error?.type,
    errorCode: response.error?.code,
  };
}

/**
 * An event as a trace shows it. Read back from bytes, JSON text is already the value it stands for;
 * built from the live facts (a trace kept as objects, see HeldTraces), it is parsed here.
 */
function eventOf(event: unknown): unknown {
  return event instanceof JsonText ? JSON.parse(event.text) : event;
}

function textOf(bytes: Uint8Array): string | undefined {
  return bytes.length ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') : undefined;
}

/** Builds the gateway's traces with its current masking (credentials are masked in everything built). */
export class GatewayTraceBuilder implements TraceBuilder<HeldTrace> {
  constructor(
    /** Masks credentials in copies; what the request used is left as it was. */
    private readonly mask: () => TraceMasker,
    /** Whether an authorizer's identity sources are credentials (then its cache key is masked too). */
    private readonly keyIsSecret: (authorizerId: string) => boolean,
  ) {}

  summarize(held: HeldTrace): TraceSummary {
    if ('record' in held) {
      const r = held.record;
      return { id: r.id, requestId: r.requestId, startedAt: r.startedAt, method: r.request.method, url: r.request.url, status: r.response.status, totalMs: r.totalMs, apiName: r.apiName, env: r.env, errorType: r.response.errorType, headline: traceHeadline(r) };
    }
    return {
      id: held.requestId,
      requestId: held.requestId,
      startedAt: startedAtIsoOf(held),
      method: held.method,
      url: this.mask().url(held.url),
      status: held.status,
      totalMs: held.totalMs,
      apiName: held.apiName,
      env: held.env,
      errorType: held.errorType,
      headline: traceHeadline({ authorizers: held.authorizers, backend: held.backend, response: { status: held.status, errorType: held.errorType } }),
    };
  }

  build(held: HeldTrace): TraceRecord {
    if ('record' in held) return held.record;
    const mask = this.mask();
    const backend = held.backend && {
      ...held.backend,
      ...(held.backend.headers ? { headers: mask.headers(held.backend.headers) } : {}),
      ...(held.backend.url ? { url: mask.url(held.backend.url) } : {}),
      ...(held.backend.event ? { event: mask.event(eventOf(held.backend.event)) } : {}),
    };
    return {
      id: held.requestId,
      requestId: held.requestId,
      startedAt: startedAtIsoOf(held),
      totalMs: held.totalMs,
      request: {
        method: held.method,
        url: mask.url(held.url),
        host: held.host,
        headers: mask.headers(flattenHeaders(held.headers)),
        body: textOf(held.body),
        bodyTruncated: held.bodyTruncated || undefined,
        sourceIp: held.sourceIp,
      },
      groupId: held.groupId,
      groupName: held.groupName,
      env: held.env,
      apiId: held.apiId,
      apiName: held.apiName,
      // Stage summaries quote URLs ("GET http://…?access_token=… answered 200").
      stages: stagesOf(held.stages).map((stage) => {
        stage.summary = mask.textWithUrls(stage.summary);
        return stage;
      }),
      authorizers: held.authorizers.map((a) => ({
        ...a,
        ...(a.event ? { event: mask.event(eventOf(a.event)) } : {}),
        // The cache key is the identity values themselves: a token when an identity is a credential.
        ...(a.cache.key && this.keyIsSecret(a.authorizerId) ? { cache: { ...a.cache, key: maskSecret(a.cache.key) } } : {}),
      })),
      backend,
      response: {
        status: held.status,
        headers: mask.responseHeaders(held.responseHeaders),
        body: textOf(held.responseBody),
        bodyTruncated: held.responseBodyTruncated || undefined,
        errorType: held.errorType,
        errorCode: held.errorCode,
      },
      fidelityNotes: [...held.fidelityNotes],
    };
  }
}
