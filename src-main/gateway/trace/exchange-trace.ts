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
 * For the same reason a trace is reused from request to request (ExchangeTracePool) and copies
 * what the request made into room of its own, so the request's objects die young.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthorizerTrace, BackendRequestTrace, TraceRecord, TraceSummary } from '../../../src-shared/trace';
import { traceHeadline } from '../../../src-shared/trace-headline';
import { flattenHeaders, round, startedAtIsoOf, type Exchange } from '../exchange';
import type { FinalResponse } from '../response/final-response';
import type { PendingTrace } from './trace-recorder';
import type { TraceMasker } from './trace-secrets';
import { StageLog } from './stage-log';
import { HeldEntries, sameTextOr } from './held-entries';
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

/** The gateway's settings a trace is built with. */
export interface TraceBuildOptions {
  /** Bytes of request and response bodies kept. */
  bodyLimit: number;
  /** Masks credentials when the trace is built; copies are masked, the exchange is left as it is. */
  mask: TraceMasker;
  /** Whether an authorizer's identity sources are credentials (then its cache key is masked too). */
  keyIsSecret: (authorizerId: string) => boolean;
}

/** Finished requests' traces are few thousand at most: more spare ones than that are let go. */
const MAX_SPARE_TRACES = 4096;

/**
 * Reusable ExchangeTraces. Under load thousands of traces wait at once, each for longer than a
 * young-generation collection interval: as fresh objects, every one was copied twice by those
 * collections and promoted, with its stage log and headers objects. A reused trace is already in
 * the old generation; a request only changes its fields (see TraceRecorder: a trace goes back once
 * nothing refers to it). Measured under a no-auth flood (profile-gateway.ts with --trace-gc-nvp,
 * three pairs of runs): 16 % of the bytes allocated were promoted before, 2 % with reused traces;
 * 1.9 MB survived each scavenge before, 0.45 MB after.
 */
export class ExchangeTracePool {
  private readonly spare: ExchangeTrace[] = [];

  /** A trace of this finished request (and its answer), to be recorded. */
  capture(exchange: Exchange, response: FinalResponse, options: TraceBuildOptions, summary?: TraceSummary): ExchangeTrace {
    const trace = this.spare.pop() ?? new ExchangeTrace(this);
    trace.capture(exchange, response, options, summary);
    return trace;
  }

  /** Called by the trace itself once released. */
  giveBack(trace: ExchangeTrace): void {
    if (this.spare.length < MAX_SPARE_TRACES) this.spare.push(trace);
  }
}

/** A released trace keeps a body up to this many characters, to compare with the next request's. */
const KEPT_TEXT = 1024;

const NO_AUTHORIZERS: readonly AuthorizerTrace[] = Object.freeze([]);
const NO_NOTES: readonly string[] = Object.freeze([]);

/** A finished request's trace, waiting; see the file's comment. Made by an ExchangeTracePool. */
export class ExchangeTrace implements PendingTrace {
  /** Given, or built on first read: only a live-log listener needs it before the trace is read. */
  private summaryValue: TraceSummary | undefined;
  private options!: TraceBuildOptions;
  private requestId = '';
  /** performance.now() at arrival, and the ISO time when the caller already had it. */
  private startedAt = 0;
  private startedAtIso?: string;
  private totalMs = 0;
  private method = '';
  private url = '';
  private host = '';
  /** Node's parsed request headers; masked when built. */
  private readonly headers = new HeldEntries<IncomingHttpHeaders>();
  private body = '';
  private bodyLength = 0;
  private sourceIp = '';
  private groupId?: string;
  private groupName?: string;
  private env?: string;
  private apiId?: string;
  private apiName?: string;
  /** A copy of the request's stages, in room this trace keeps from one request to the next. */
  private readonly stages = new StageLog();
  /**
   * The authorizers' traces as JSON text: an uncached call's trace holds the event and the raw
   * result, some thirty objects made per request; as text they are one string. Undefined when no
   * authorizer ran. Functions answer in JSON, so a trace is JSON; should one not be (a BigInt or a
   * cycle), the objects themselves are held, in `authorizerObjects`.
   */
  private authorizersJson: string | undefined;
  private authorizerObjects: readonly AuthorizerTrace[] = NO_AUTHORIZERS;
  private readonly backend = new HeldEntries<BackendRequestTrace>({ headers: new HeldEntries() });
  private fidelityNotes: readonly string[] = NO_NOTES;
  private status = 0;
  private readonly responseHeaders = new HeldEntries<Record<string, string | string[]>>();
  private responseBody = '';
  private responseBodyLength = 0;
  private errorType?: string;
  private errorCode?: string;
  /** Set while the trace is in use; reading a released trace is a bug, and throws. */
  private inUse = false;

  constructor(private readonly pool: ExchangeTracePool) {}

  capture(exchange: Exchange, response: FinalResponse, options: TraceBuildOptions, summary: TraceSummary | undefined): void {
    this.inUse = true;
    this.options = options;
    this.summaryValue = summary;
    this.requestId = summary?.requestId ?? exchange.requestId;
    this.startedAt = exchange.startedAt;
    this.startedAtIso = summary?.startedAt ?? exchange.startedAtIso;
    // Now, when the request is done (a streamed answer is recorded after its last byte).
    this.totalMs = summary?.totalMs ?? round(performance.now() - exchange.startedAt);
    this.method = sameTextOr(this.method, exchange.method);
    this.url = sameTextOr(this.url, exchange.rawUrl);
    this.host = sameTextOr(this.host, exchange.host);
    this.headers.copy(exchange.headers);
    this.body = sameTextOr(this.body, heldBytes(exchange.body, options.bodyLimit));
    this.bodyLength = exchange.body.length;
    this.sourceIp = sameTextOr(this.sourceIp, exchange.sourceIp);
    this.groupId = exchange.group?.group.id;
    this.groupName = exchange.group?.group.name;
    this.env = exchange.env;
    this.apiId = exchange.api?.id;
    this.apiName = exchange.api?.name;
    this.stages.copyFrom(exchange.stages);
    this.holdAuthorizers(exchange.authorizers);
    this.backend.copy(exchange.backend);
    // The request's empty list is not kept: one shared empty list stands for it.
    this.fidelityNotes = exchange.fidelityNotes.length ? exchange.fidelityNotes : NO_NOTES;
    this.status = response.status;
    this.responseHeaders.copy(response.headers);
    this.responseBody = sameTextOr(this.responseBody, heldBytes(response.body, options.bodyLimit));
    this.responseBodyLength = response.body.length;
    this.errorType = response.error?.type;
    this.errorCode = response.error?.code;
  }

  /**
   * Nothing refers to this trace any more (the recorder let it go): it is reused for a later request.
   * Until then it keeps its short text, which is in the old generation by now and costs the young
   * collections nothing: the next request compares its text with it (see held-entries.ts). What
   * is large or unlikely to repeat (the authorizers' JSON, long bodies, objects) is let go now: a
   * spare trace must not hold a flood's bodies for as long as it waits.
   */
  release(): void {
    if (!this.inUse) return;
    this.inUse = false;
    this.summaryValue = undefined;
    this.authorizersJson = undefined;
    this.authorizerObjects = NO_AUTHORIZERS;
    this.fidelityNotes = NO_NOTES;
    if (this.body.length > KEPT_TEXT) this.body = '';
    if (this.responseBody.length > KEPT_TEXT) this.responseBody = '';
    this.headers.letGoOfObjects();
    this.responseHeaders.letGoOfObjects();
    this.backend.letGoOfObjects();
    this.stages.letGoOfObjects();
    this.pool.giveBack(this);
  }

  private holdAuthorizers(traces: readonly AuthorizerTrace[]): void {
    this.authorizersJson = undefined;
    this.authorizerObjects = NO_AUTHORIZERS;
    if (traces.length === 0) return;
    try {
      this.authorizersJson = JSON.stringify(traces);
    } catch {
      this.authorizerObjects = traces;
    }
  }

  /** Fresh objects each call when held as text (the caller may change them, as masking does). */
  private authorizers(): readonly AuthorizerTrace[] {
    return this.authorizersJson === undefined ? this.authorizerObjects : (JSON.parse(this.authorizersJson) as AuthorizerTrace[]);
  }

  private assertInUse(): void {
    if (!this.inUse) throw new Error(`the trace of ${this.requestId} was read after it was released`);
  }

  get summary(): TraceSummary {
    if (this.summaryValue) return this.summaryValue;
    this.assertInUse();
    this.summaryValue = {
      id: this.requestId,
      requestId: this.requestId,
      startedAt: this.startedAtIsoText(),
      method: this.method,
      url: this.options.mask.url(this.url),
      status: this.status,
      totalMs: this.totalMs,
      apiName: this.apiName,
      env: this.env,
      errorType: this.errorType,
      headline: traceHeadline({ authorizers: this.authorizers(), backend: this.backend.toObject(), response: { status: this.status, errorType: this.errorType } }),
    };
    return this.summaryValue;
  }

  private startedAtIsoText(): string {
    return startedAtIsoOf({ startedAt: this.startedAt, startedAtIso: this.startedAtIso });
  }

  /** Builds the record from state that no longer changes (the recorder keeps what a read built). */
  build(): TraceRecord {
    this.assertInUse();
    const { bodyLimit: limit, mask, keyIsSecret } = this.options;
    const backend = this.backend.toObject();
    if (backend?.headers) backend.headers = mask.headers(backend.headers);
    if (backend?.url) backend.url = mask.url(backend.url);
    if (backend?.event) backend.event = mask.event(backend.event);
    return {
      id: this.requestId,
      requestId: this.requestId,
      startedAt: this.startedAtIsoText(),
      totalMs: this.totalMs,
      request: {
        method: this.method,
        url: mask.url(this.url),
        host: this.host,
        headers: mask.headers(flattenHeaders(this.headers.toObject() ?? {})),
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
      authorizers: this.authorizers().map((a) => ({
        ...a,
        ...(a.event ? { event: mask.event(a.event) } : {}),
        // The cache key is the identity values themselves: a token when an identity is a credential.
        ...(a.cache.key && keyIsSecret(a.authorizerId) ? { cache: { ...a.cache, key: maskSecret(a.cache.key) } } : {}),
      })),
      backend,
      response: {
        status: this.status,
        headers: mask.responseHeaders(this.responseHeaders.toObject() ?? {}),
        body: this.responseBodyLength ? textOf(this.responseBody) : undefined,
        bodyTruncated: this.responseBodyLength > limit || undefined,
        errorType: this.errorType,
        errorCode: this.errorCode,
      },
      fidelityNotes: [...this.fidelityNotes],
    };
  }
}
