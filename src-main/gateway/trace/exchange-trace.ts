/**
 * A finished request's trace, waiting to be read or written: the few values the trace shows,
 * taken from the exchange and the response when the request ends, and built into a TraceRecord
 * (masked) only when someone reads it or it is written.
 *
 * Why a class and not a closure: a closure made inside the gateway's request handler shares that
 * handler's scope in V8, so every queued trace would keep the whole request alive (the Node request
 * and response objects, the exchange with its query map, compiled group and contexts, the full
 * bodies). Under load thousands of traces wait for the background write, most of them to be let go
 * unwritten, and holding all that promoted it to the old heap: GC time that grew with the load.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthorizerTrace, BackendRequestTrace, TraceRecord, TraceSummary } from '../../../src-shared/trace';
import { traceHeadline } from '../../../src-shared/trace-headline';
import { flattenHeaders, round, startedAtIsoOf, type Exchange } from '../exchange';
import type { FinalResponse } from '../response/final-response';
import type { PendingTrace } from './trace-recorder';
import type { TraceMasker } from './trace-secrets';
import type { StageLog } from './stage-log';
import { maskSecret } from '../../../src-shared/rules/app';

/**
 * The first `limit` bytes as a latin1 string: one byte per character, so no byte is lost, and the
 * UTF-8 text is decoded from it only when the trace is built. A string is one object to hold where
 * a Buffer is three (view, ArrayBuffer, backing store), and a waiting trace's objects are what each
 * young-generation collection copies; it also lets a larger body go.
 */
function heldBytes(body: Buffer, limit: number): string {
  return body.length === 0 ? '' : body.toString('latin1', 0, Math.min(body.length, limit));
}

function textOf(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * What a trace holds for a request that ran no authorizer or had no fidelity note (most): one empty
 * list for all of them, not the request's own two.
 */
const NONE: readonly never[] = Object.freeze([]);

export class ExchangeTrace implements PendingTrace {
  /** Given, or built on first read: only a live-log listener needs it before the trace is read. */
  private summaryValue: TraceSummary | undefined;
  readonly requestId: string;
  /** performance.now() at arrival, and the ISO time when the caller already had it. */
  private readonly startedAt: number;
  private readonly startedAtIso?: string;
  private readonly totalMs: number;
  private readonly method: string;
  private readonly url: string;
  private readonly host: string;
  /** Node's parsed request headers (already built for routing, not copied); masked when built. */
  private readonly headers: IncomingHttpHeaders;
  private readonly body: string;
  private readonly bodyLength: number;
  private readonly sourceIp: string;
  private readonly groupId?: string;
  private readonly groupName?: string;
  private readonly env?: string;
  private readonly apiId?: string;
  private readonly apiName?: string;
  /** The exchange's own stage log: a streamed answer still adds its last stage after the request is recorded. */
  private readonly stages: StageLog;
  private readonly authorizers: readonly AuthorizerTrace[];
  private readonly backend?: BackendRequestTrace;
  private readonly fidelityNotes: readonly string[];
  private readonly status: number;
  private readonly responseHeaders: Record<string, string | string[]>;
  private readonly responseBody: string;
  private readonly responseBodyLength: number;
  private readonly errorType?: string;
  private readonly errorCode?: string;

  constructor(
    /** The live log's line for this request; undefined to derive it from the request when first read. */
    summary: TraceSummary | undefined,
    exchange: Exchange,
    response: FinalResponse,
    private readonly bodyLimit: number,
    /** Masks credentials when the trace is built; copies are masked, the exchange is left as it is. */
    private readonly mask: TraceMasker,
    /** Whether an authorizer's identity sources are credentials (then its cache key is masked too). */
    private readonly keyIsSecret: (authorizerId: string) => boolean,
  ) {
    this.summaryValue = summary;
    this.requestId = summary?.requestId ?? exchange.requestId;
    this.startedAt = exchange.startedAt;
    this.startedAtIso = summary?.startedAt ?? exchange.startedAtIso;
    // Now, when the request is done (a streamed answer is recorded after its last byte).
    this.totalMs = summary?.totalMs ?? round(performance.now() - exchange.startedAt);
    this.method = exchange.method;
    this.url = exchange.rawUrl;
    this.host = exchange.host;
    this.headers = exchange.headers;
    this.body = heldBytes(exchange.body, bodyLimit);
    this.bodyLength = exchange.body.length;
    this.sourceIp = exchange.sourceIp;
    this.groupId = exchange.group?.group.id;
    this.groupName = exchange.group?.group.name;
    this.env = exchange.env;
    this.apiId = exchange.api?.id;
    this.apiName = exchange.api?.name;
    this.stages = exchange.stages;
    this.stages.trim();
    // Only stages are added once a request is recorded (a streamed answer's last one), so the lists
    // as they are now are final.
    this.authorizers = exchange.authorizers.length ? exchange.authorizers : NONE;
    this.backend = exchange.backend;
    this.fidelityNotes = exchange.fidelityNotes.length ? exchange.fidelityNotes : NONE;
    this.status = response.status;
    this.responseHeaders = response.headers;
    this.responseBody = heldBytes(response.body, bodyLimit);
    this.responseBodyLength = response.body.length;
    this.errorType = response.error?.type;
    this.errorCode = response.error?.code;
  }

  get summary(): TraceSummary {
    this.summaryValue ??= {
      id: this.requestId,
      requestId: this.requestId,
      startedAt: this.startedAtIsoText(),
      method: this.method,
      url: this.mask.url(this.url),
      status: this.status,
      totalMs: this.totalMs,
      apiName: this.apiName,
      env: this.env,
      errorType: this.errorType,
      headline: traceHeadline({ authorizers: this.authorizers, backend: this.backend, response: { status: this.status, errorType: this.errorType } }),
    };
    return this.summaryValue;
  }

  private startedAtIsoText(): string {
    return startedAtIsoOf({ startedAt: this.startedAt, startedAtIso: this.startedAtIso });
  }

  /** Builds the record from state that no longer changes (the recorder keeps what a read built). */
  build(): TraceRecord {
    const limit = this.bodyLimit;
    const mask = this.mask;
    const backend = this.backend && {
      ...this.backend,
      ...(this.backend.headers ? { headers: mask.headers(this.backend.headers) } : {}),
      ...(this.backend.url ? { url: mask.url(this.backend.url) } : {}),
      ...(this.backend.event ? { event: mask.event(this.backend.event) } : {}),
    };
    return {
      id: this.requestId,
      requestId: this.requestId,
      startedAt: this.startedAtIsoText(),
      totalMs: this.totalMs,
      request: {
        method: this.method,
        url: mask.url(this.url),
        host: this.host,
        headers: mask.headers(flattenHeaders(this.headers)),
        body: this.bodyLength ? textOf(this.body) : undefined,
        bodyTruncated: this.bodyLength > limit || undefined,
        sourceIp: this.sourceIp,
      },
      groupId: this.groupId,
      groupName: this.groupName,
      env: this.env,
      apiId: this.apiId,
      apiName: this.apiName,
      // Stage summaries quote URLs ("GET http://…?access_token=… answered 200").
      stages: this.stages.toStages().map((stage) => {
        stage.summary = mask.textWithUrls(stage.summary);
        return stage;
      }),
      authorizers: this.authorizers.map((a) => ({
        ...a,
        ...(a.event ? { event: mask.event(a.event) } : {}),
        // The cache key is the identity values themselves: a token when an identity is a credential.
        ...(a.cache.key && this.keyIsSecret(a.authorizerId) ? { cache: { ...a.cache, key: maskSecret(a.cache.key) } } : {}),
      })),
      backend,
      response: {
        status: this.status,
        headers: mask.responseHeaders(this.responseHeaders),
        body: this.responseBodyLength ? textOf(this.responseBody) : undefined,
        bodyTruncated: this.responseBodyLength > limit || undefined,
        errorType: this.errorType,
        errorCode: this.errorCode,
      },
      fidelityNotes: [...this.fidelityNotes],
    };
  }
}
