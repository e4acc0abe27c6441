/**
 * The local APIG gateway: an HTTP server on loopback serving what is published in the
 * workspace, through the documented pipeline, leaving a trace of every request.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import type { Agent } from 'undici';
import type { TraceRecord, TraceSummary } from '../../src-shared/trace';
import { decodeRequestPath } from '../../src-shared/apig/router';
import { Errors, type GatewayError } from '../../src-shared/apig/errors';
import { renderErrorResponse } from '../../src-shared/apig/gateway-responses';
import { traceHeadline } from '../../src-shared/trace-headline';
import type { WorkspaceStore } from '../store/workspace-store';
import type { FunctionHost } from '../functions/function-host';
import { compileView, type CompiledView } from './compiled-view';
import { AuthorizerCache, type CacheEntryView } from './authorizer-cache';
import { STREAM_THRESHOLD, createBackendAgent } from './backends/http-backend';
import { DeadlineSweeper } from './backends/deadlines';
import { GatewayFailure, addStage, clientIp, flattenHeaders, headerValue, hostnameOf, parseQuery, round, type Exchange } from './exchange';
import { runPipeline, type PipelineDeps } from './pipeline';
import { DEFAULT_API_RATE_LIMIT, ThrottleCounters } from './throttling';
import { addGatewayHeaders, errorResponse, type FinalResponse } from './final-response';
import { APIG_LIMITS, NODE_MAX_HEADER_SIZE, checkHeadLimits, readBody, type RequestLimits } from './limits';
import { TraceRecorder } from './trace-recorder';
import { newRequestId } from './request-id';
import { maskEventSecrets, maskSecretHeaders } from './trace-secrets';

export interface GatewayOptions {
  host?: string;
  port?: number;
  limits?: Partial<RequestLimits>;
  /** Gateway feature authorizer_context_support_num_bool. */
  allowNumberAndBooleanContext?: boolean;
  /** Bytes of request/response bodies kept in a trace. */
  traceBodyLimit?: number;
  /** Slow clients: time allowed for the request head (slowloris protection). */
  headersTimeoutMs?: number;
  /**
   * APIG's default per-API throttle (`ratelimit_api_limits`), in calls per second per API across
   * environments; it applies even to APIs with no throttling policy. Default 200 as in APIG;
   * false turns it off (benchmarks).
   */
  defaultApiRateLimit?: number | false;
  /**
   * Accept X-Apig-AppCode over plain HTTP (default false). APIG accepts AppCodes over HTTPS only and
   * the local gateway speaks HTTP, so AppCode calls are refused unless this is turned on.
   */
  appCodeOverHttp?: boolean;
}

export interface GatewayStatus {
  running: boolean;
  host?: string;
  port?: number;
  url?: string;
}

export class LocalGateway {
  private server: http.Server | undefined;
  private view: CompiledView;
  private viewDirty = false;
  private readonly cache = new AuthorizerCache();
  private readonly throttleCounters = new ThrottleCounters();
  private readonly agent: Agent = createBackendAgent();
  private readonly deadlines = new DeadlineSweeper();
  private readonly recorder: TraceRecorder;
  private readonly sockets = new Set<Socket>();
  private readonly limits: RequestLimits;
  private readonly unsubscribe: () => void;
  private listening: { host: string; port: number } | undefined;
  private deps: PipelineDeps | undefined;

  constructor(
    private readonly store: WorkspaceStore,
    private readonly functions: FunctionHost,
    private readonly options: GatewayOptions = {},
  ) {
    this.limits = { ...APIG_LIMITS, ...options.limits };
    this.view = compileView(store.loadPublishedView());
    this.recorder = new TraceRecorder(store.traces, undefined, (error) =>
      process.stderr.write(`apig-workbench: could not store traces: ${error instanceof Error ? error.message : error}\n`),
    );
    this.unsubscribe = store.onChange((change) => {
      this.viewDirty = true;
      if (change.entity === 'function' && change.id) functions.invalidate(change.id);
      if (change.entity === 'authorizer') this.cache.flush(change.id);
      // An edited throttling policy starts counting afresh under its new limits.
      if (change.entity === 'throttle') this.throttleCounters.reset(change.id);
    });
  }

  /** The compiled view, rebuilt lazily after a workspace change so bursts of edits compile once. */
  private currentView(): CompiledView {
    if (this.viewDirty) {
      this.viewDirty = false;
      this.view = compileView(this.store.loadPublishedView());
    }
    return this.view;
  }

  async start(opts: { host?: string; port?: number } = {}): Promise<{ host: string; port: number; url: string }> {
    if (this.server) return this.address()!;
    const host = opts.host ?? this.options.host ?? '127.0.0.1';
    const port = opts.port ?? this.options.port ?? 0;
    const headersTimeout = this.options.headersTimeoutMs ?? 10_000;
    const server = http.createServer({
      maxHeaderSize: NODE_MAX_HEADER_SIZE,
      headersTimeout,
      // Node checks headersTimeout only every connectionsCheckingInterval (default 30 s), so a
      // slowloris client would keep its socket for up to 30 s past the timeout: check often enough
      // that the timeout is what actually cuts it off.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
      requestTimeout: 0,
      keepAliveTimeout: 5_000,
    });
    server.on('request', (req, res) => void this.handle(req, res, false));
    // Without this listener Node would answer 100 Continue at once, before the gateway could
    // refuse the request (size, authentication, authorizer) without its body.
    server.on('checkContinue', (req, res) => void this.handle(req, res, true));
    server.on('clientError', (error, socket) => this.onClientError(error as NodeJS.ErrnoException, socket as Socket));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.listening = { host, port: address.port };
    return this.address()!;
  }

  address(): { host: string; port: number; url: string } | undefined {
    if (!this.listening) return undefined;
    const { host, port } = this.listening;
    return { host, port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
  }

  status(): GatewayStatus {
    const a = this.address();
    return a ? { running: true, ...a } : { running: false };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.listening = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Give in-flight requests a moment, then cut what is left (slow clients, long polls).
    const cut = setTimeout(() => {
      for (const s of this.sockets) s.destroy();
    }, 1000);
    await closed;
    clearTimeout(cut);
    this.recorder.flush();
  }

  async close(): Promise<void> {
    await this.stop();
    this.unsubscribe();
    this.recorder.close();
    await this.agent.close();
  }

  onTrace(listener: (summary: TraceSummary) => void): () => void {
    return this.recorder.onTrace(listener);
  }

  async getTrace(requestId: string): Promise<TraceRecord | undefined> {
    return this.recorder.get(requestId) ?? this.store.traces.get(requestId);
  }

  flushAuthorizerCache(authorizerId?: string): number {
    return this.cache.flush(authorizerId);
  }

  authorizerCacheEntries(): CacheEntryView[] {
    return this.cache.list();
  }

  /** Writes pending traces to the workspace now (tests, shutdown). */
  flushTraces(): void {
    this.recorder.flush();
  }

  private newExchange(req: IncomingMessage): Exchange {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const rawQuery = q >= 0 ? rawUrl.slice(q + 1) : '';
    return {
      requestId: newRequestId(),
      startedAt: performance.now(),
      startedAtIso: new Date().toISOString(),
      method: req.method ?? 'GET',
      rawUrl,
      rawPath,
      rawQuery,
      path: decodeRequestPath(rawPath),
      query: parseQuery(rawQuery),
      headers: req.headers,
      body: Buffer.alloc(0),
      sourceIp: clientIp(req.socket),
      host: headerValue(req.headers, 'host') ?? '',
      debug: headerValue(req.headers, 'x-apig-mode')?.toLowerCase() === 'debug',
      pathParams: {},
      remainder: [],
      frontendContext: {},
      backendContext: {},
      stages: [],
      authorizers: [],
      fidelityNotes: [],
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    const exchange = this.newExchange(req);
    let response: FinalResponse;
    let closeAfter = false;
    try {
      const limitsStarted = performance.now();
      const head = checkHeadLimits(req, this.limits);
      const body = head || expectsContinue ? undefined : await readBody(req, this.limits);
      const failure: { error: GatewayError; detail: string } | undefined = head ?? (body && !body.ok ? body : undefined);
      if (failure) {
        addStage(exchange, 'limits', 'fail', `${failure.detail} → ${failure.error.code} ${failure.error.message}`, limitsStarted);
        // Group-level gateway responses still apply when the group can be told from the Host.
        exchange.group = this.currentView().groupsByDomain.get(hostnameOf(exchange.host));
        response = errorResponse(exchange, failure.error);
        addGatewayHeaders(exchange, response);
        closeAfter = true;
      } else if (expectsContinue) {
        addStage(exchange, 'limits', 'ok', 'URI and headers within APIG limits; Expect: 100-continue, so the body is asked for only when a stage needs it', limitsStarted);
        let bodyIncomplete = true;
        exchange.readDeferredBody = async () => {
          exchange.readDeferredBody = undefined;
          const started = performance.now();
          res.writeContinue();
          const read = await readBody(req, this.limits);
          if (!read.ok) {
            addStage(exchange, 'limits', 'fail', `100 Continue sent; ${read.detail} → ${read.error.code} ${read.error.message}`, started);
            throw new GatewayFailure(read.error);
          }
          bodyIncomplete = false;
          exchange.body = read.body;
          addStage(exchange, 'limits', 'ok', `100 Continue sent; body (${read.body.length} bytes) within APIG limits`, started);
        };
        response = await runPipeline(exchange, this.pipelineDeps());
        // Refused before its body was asked for (or cut off while reading it): the client may still
        // send the body, which must not be read as the next request on this connection.
        closeAfter = bodyIncomplete;
      } else {
        exchange.body = (body as { ok: true; body: Buffer }).body;
        addStage(exchange, 'limits', 'ok', `URI, headers and body (${exchange.body.length} bytes) within APIG limits`, limitsStarted);
        response = await runPipeline(exchange, this.pipelineDeps());
      }
    } catch (error) {
      response = errorResponse(exchange, Errors.internal(error instanceof Error ? error.message : String(error)));
      addGatewayHeaders(exchange, response);
    }
    this.write(exchange, res, response, closeAfter);
    const summary = this.summaryOf(exchange, response);
    this.recorder.record({ summary, build: () => this.buildTrace(exchange, response, summary.totalMs) });
  }

  /** What every request's pipeline needs; built once per listening address, not per request. */
  private pipelineDeps(): PipelineDeps {
    const serverAddr = this.listening?.host ?? '127.0.0.1';
    if (this.deps?.identity.serverAddr === serverAddr) return this.deps;
    this.deps = {
      view: () => this.currentView(),
      functions: this.functions,
      cache: this.cache,
      dispatcher: this.agent,
      deadlines: this.deadlines,
      identity: { serverAddr, serverName: 'apig-workbench' },
      allowNumberAndBooleanContext: this.options.allowNumberAndBooleanContext ?? false,
      traceBodyLimit: this.traceBodyLimit(),
      authentication: { appCodeOverHttp: this.options.appCodeOverHttp ?? false },
      throttling: { counters: this.throttleCounters, defaultApiRateLimit: this.options.defaultApiRateLimit ?? DEFAULT_API_RATE_LIMIT },
    };
    return this.deps;
  }

  private traceBodyLimit(): number {
    return this.options.traceBodyLimit ?? 8 * 1024;
  }

  private write(exchange: Exchange, res: ServerResponse, response: FinalResponse, closeAfter: boolean): void {
    if (res.destroyed) {
      // The client has gone: release the backend connection a streamed answer still holds.
      response.rest?.destroy();
      return;
    }
    const length = response.rest ? response.streamedLength : response.body.length;
    const lengthHeader: Record<string, string> = length === undefined ? {} : { 'content-length': String(length) };
    const headers: Record<string, string | string[]> = { ...response.headers, ...lengthHeader };
    if (closeAfter) headers['connection'] = 'close';
    try {
      res.writeHead(response.status, headers);
    } catch {
      // A header value the backend sent that Node refuses: answer without it rather than crash.
      res.writeHead(response.status, { ...lengthHeader, 'x-request-id': String(response.headers['x-request-id']) });
    }
    if (response.rest) {
      this.stream(exchange, res, response.body, response.rest);
      return;
    }
    res.end(response.body);
    if (closeAfter) res.once('finish', () => res.socket?.destroySoon?.());
  }

  /**
   * A large backend answer: what was read so far, then the rest as it arrives. Once the status
   * line is out, a backend failure can no longer become a 502, so the client's connection is cut
   * (as any streaming proxy does) and the trace says so.
   */
  private stream(exchange: Exchange, res: ServerResponse, first: Buffer, rest: Readable): void {
    const started = performance.now();
    let bytes = first.length;
    rest.on('data', (chunk: Buffer) => (bytes += chunk.length));
    res.write(first);
    pipeline(rest, res, (error) => {
      if (error) addStage(exchange, 'response', 'fail', `streaming the backend's answer failed after ${bytes} bytes (${error.message}); the client connection was closed`, started);
      else addStage(exchange, 'response', 'ok', `streamed ${bytes} bytes from the backend (answers over ${STREAM_THRESHOLD} bytes are not held in memory)`, started);
    });
  }

  /** Malformed requests and heads over Node's cap never reach the pipeline: answer as APIG would. */
  private onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const code = (error as { code?: string }).code;
    const gatewayError =
      code === 'HPE_HEADER_OVERFLOW' ? Errors.headersTooLarge() : code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADERS_TIMEOUT' ? undefined : Errors.badRequest();
    if (!gatewayError) {
      socket.destroy();
      return;
    }
    const requestId = newRequestId();
    const values = new Map([
      ['requestId', requestId],
      ['error.code', gatewayError.code],
      ['error.message', gatewayError.message],
      ['error.type', gatewayError.type],
    ]);
    const rendered = renderErrorResponse(gatewayError, undefined, values);
    const body = Buffer.from(rendered.body);
    socket.end(
      `HTTP/1.1 ${rendered.status} ${http.STATUS_CODES[rendered.status] ?? 'Error'}\r\n` +
        `content-type: application/json\r\ncontent-length: ${body.length}\r\nx-request-id: ${requestId}\r\nserver: api-gateway\r\nconnection: close\r\n\r\n` +
        body.toString(),
    );
    this.recordRefusedRequest(requestId, error, socket, rendered.status, rendered.body, gatewayError);
  }

  /** Requests the HTTP parser refused still appear in the live log and traces, with the reason. */
  private recordRefusedRequest(
    requestId: string,
    error: NodeJS.ErrnoException & { rawPacket?: Buffer },
    socket: Socket,
    status: number,
    body: string,
    gatewayError: GatewayError,
  ): void {
    // The request line, when the parser got that far: "GET /path HTTP/1.1".
    const firstLine = error.rawPacket?.subarray(0, 512).toString('latin1').split('\r\n')[0] ?? '';
    const [method = '?', url = '?'] = /^[A-Z]+ \S+/.test(firstLine) ? firstLine.split(' ') : [];
    const startedAt = new Date().toISOString();
    const summary = `the HTTP parser refused the request (${error.code ?? 'error'}: ${error.message}) → ${gatewayError.code} ${gatewayError.message}`;
    const trace: TraceRecord = {
      id: requestId,
      requestId,
      startedAt,
      totalMs: 0,
      request: { method, url, host: '', headers: {}, sourceIp: clientIp(socket) },
      stages: [{ name: 'limits', outcome: 'fail', summary, durationMs: 0 }],
      authorizers: [],
      response: { status, headers: { 'x-request-id': requestId }, body, errorType: gatewayError.type, errorCode: gatewayError.code },
      fidelityNotes: [],
    };
    this.recorder.record({
      summary: { id: requestId, requestId, startedAt, method, url, status, totalMs: 0, errorType: gatewayError.type, headline: traceHeadline(trace) },
      build: () => trace,
    });
  }

  private summaryOf(exchange: Exchange, response: FinalResponse): TraceSummary {
    return {
      id: exchange.requestId,
      requestId: exchange.requestId,
      startedAt: exchange.startedAtIso,
      method: exchange.method,
      url: exchange.rawUrl,
      status: response.status,
      totalMs: round(performance.now() - exchange.startedAt),
      apiName: exchange.api?.name,
      env: exchange.env,
      errorType: response.error?.type,
      headline: traceHeadline({ authorizers: exchange.authorizers, backend: exchange.backend, response: { status: response.status, errorType: response.error?.type } }),
    };
  }

  /** Runs later (on first read or when written), from state that no longer changes. */
  private buildTrace(exchange: Exchange, response: FinalResponse, totalMs: number): TraceRecord {
    const limit = this.traceBodyLimit();
    const headers = flattenHeaders(exchange.headers);
    if (exchange.backend?.headers) exchange.backend.headers = maskSecretHeaders(exchange.backend.headers);
    if (exchange.backend?.event) exchange.backend.event = maskEventSecrets(exchange.backend.event);
    for (const a of exchange.authorizers) if (a.event) a.event = maskEventSecrets(a.event);
    const responseHeaders = flattenHeaders(response.headers);
    return {
      id: exchange.requestId,
      requestId: exchange.requestId,
      startedAt: exchange.startedAtIso,
      totalMs,
      request: {
        method: exchange.method,
        url: exchange.rawUrl,
        host: exchange.host,
        headers: maskSecretHeaders(headers),
        body: exchange.body.length ? exchange.body.subarray(0, limit).toString('utf8') : undefined,
        bodyTruncated: exchange.body.length > limit || undefined,
        sourceIp: exchange.sourceIp,
      },
      groupId: exchange.group?.group.id,
      groupName: exchange.group?.group.name,
      env: exchange.env,
      apiId: exchange.api?.id,
      apiName: exchange.api?.name,
      stages: exchange.stages,
      authorizers: exchange.authorizers,
      backend: exchange.backend,
      response: {
        status: response.status,
        headers: responseHeaders,
        body: response.body.length ? response.body.subarray(0, limit).toString('utf8') : undefined,
        bodyTruncated: response.body.length > limit || undefined,
        errorType: response.error?.type,
        errorCode: response.error?.code,
      },
      fidelityNotes: exchange.fidelityNotes,
    };
  }
}
