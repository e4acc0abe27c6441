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
import type { WorkspaceStore } from '../store/workspace-store';
import { GATEWAY_CONFIG_SETTING } from '../store/repos/gateway-config';
import { TraceWriterThread } from '../store/trace-writer/trace-writer-thread';
import type { GatewayConfig } from '../../src-shared/apig/gateway-config';
import type { FunctionHost } from '../functions/function-host';
import { compileView, type CompiledView } from './view/compiled-view';
import { AuthorizerCache, type CacheEntryView } from './authorizers/authorizer-cache';
import { STREAM_THRESHOLD, createBackendAgent } from './backends/http-backend';
import { DeadlineSweeper } from './backends/deadlines';
import { GatewayFailure, addStage, clientIp, useForwardedClientIp, headerValue, hostnameOf, parseQuery, type Exchange } from './exchange';
import { sendableHeaders } from './response/sendable-headers';
import { runPipeline, type PipelineDeps } from './pipeline';
import { ThrottleCounters } from './stages/09-throttling';
import { addGatewayHeaders, errorResponse, type FinalResponse } from './response/final-response';
import { APIG_LIMITS, NODE_MAX_HEADER_SIZE, checkHeadLimits, readBody, type RequestLimits } from './limits';
import { TraceRecorder } from './trace/trace-recorder';
import { FaultInjector } from '../lab/fault-injector';
import { WorkbenchClock } from '../lab/workbench-clock';
import { newRequestId } from './request-id';
import { parseSensitiveNames, SENSITIVE_NAMES_SETTING, TraceMasker } from './trace/trace-secrets';
import { exchangeFacts, GatewayTraceBuilder, type HeldTrace } from './trace/exchange-trace';
import { StageLog } from './trace/stage-log';
import { errorWithStack, stderrLogger, type Logger } from '../logger';

export interface GatewayOptions {
  host?: string;
  port?: number;
  /** Overrides of the request limits (tests); the body limit defaults to request_body_size. */
  limits?: Partial<RequestLimits>;
  /**
   * Gateway configuration parameters for this run (`serve --gateway-config`), over the workspace's
   * stored ones (the Gateway settings screen), over APIG's defaults.
   */
  config?: Partial<GatewayConfig>;
  /** Bytes of request/response bodies kept in a trace. */
  traceBodyLimit?: number;
  /** Slow clients: time allowed for the request head (slowloris protection). */
  headersTimeoutMs?: number;
  /**
   * false switches off the default per-API throttle (ratelimit_api_limits) altogether: benchmarks,
   * whose load it would answer with 429. Not an APIG setting.
   */
  defaultApiRateLimit?: false;
  /**
   * Accept X-Apig-AppCode over plain HTTP (default false). APIG accepts AppCodes over HTTPS only and
   * the local gateway speaks HTTP, so AppCode calls are refused unless this is turned on.
   */
  appCodeOverHttp?: boolean;
  /** Where the gateway says what went wrong outside a trace (default stderr); a child per request. */
  logger?: Logger;
}

export interface GatewayStatus {
  running: boolean;
  host?: string;
  port?: number;
  url?: string;
}

/** The limits stage's sentence for a request read whole, written when the trace is read. */
const withinLimits = (bodyBytes: number) => `URI, headers and body (${bodyBytes} bytes) within APIG limits`;

export class LocalGateway {
  private server: http.Server | undefined;
  private view: CompiledView;
  private viewDirty = false;
  /** The workbench clock the authorizer cache runs on; the cache inspector moves it forward. */
  readonly clock = new WorkbenchClock();
  private readonly cache = new AuthorizerCache(() => this.clock.now());
  /** Failure-injection rules of this gateway session (the lab); not part of the workspace. */
  readonly faults = new FaultInjector();
  private readonly throttleCounters = new ThrottleCounters();
  private readonly agent: Agent = createBackendAgent();
  private readonly deadlines = new DeadlineSweeper();
  private readonly recorder: TraceRecorder<HeldTrace>;
  /** Stores the recorder's traces from a thread of its own. */
  private readonly traceWriter: TraceWriterThread;
  private readonly sockets = new Set<Socket>();
  private limits: RequestLimits;
  private config: GatewayConfig;
  private readonly unsubscribe: () => void;
  private readonly unsubscribePauses: () => void;
  private listening: { host: string; port: number } | undefined;
  private deps: PipelineDeps | undefined;
  private masker: TraceMasker;
  private readonly log: Logger;

  constructor(
    private readonly store: WorkspaceStore,
    private readonly functions: FunctionHost,
    private readonly options: GatewayOptions = {},
  ) {
    this.config = this.loadConfig();
    this.limits = this.limitsFor(this.config);
    this.view = compileView(store.loadPublishedView());
    this.masker = this.loadMasker();
    this.log = options.logger ?? stderrLogger;
    const traceStoreFailed = (error: unknown) => this.log.error('could not store traces', { error });
    this.traceWriter = new TraceWriterThread({ file: store.file, inThread: store.traces, onError: traceStoreFailed });
    this.recorder = new TraceRecorder(this.traceWriter, new GatewayTraceBuilder(() => this.masker, this.cacheKeyIsSecret), undefined, traceStoreFailed);
    this.unsubscribe = store.onChange((change) => {
      this.viewDirty = true;
      if (change.entity === 'function' && change.id) functions.invalidate(change.id);
      if (change.entity === 'authorizer') this.cache.flush(change.id, { cause: 'edit' });
      // An edited throttling policy starts counting afresh under its new limits.
      if (change.entity === 'throttle') this.throttleCounters.reset(change.id);
      if (change.entity === 'settings' && change.id === GATEWAY_CONFIG_SETTING) {
        this.config = this.loadConfig();
        this.limits = this.limitsFor(this.config);
        this.deps = undefined;
      }
      if (change.entity === 'settings' && change.id === SENSITIVE_NAMES_SETTING) this.masker = this.loadMasker();
    });
    // A breakpoint holding a function must not expire the cached decisions meanwhile.
    this.unsubscribePauses = functions.onPauseChanged((paused) => this.clock.setPaused(paused));
  }

  /** The configuration parameters in force: this run's, over the workspace's, over APIG's defaults. */
  gatewayConfig(): GatewayConfig {
    return this.config;
  }

  private loadConfig(): GatewayConfig {
    return { ...this.store.gatewayConfig.get(), ...this.options.config };
  }

  private limitsFor(config: GatewayConfig): RequestLimits {
    return { ...APIG_LIMITS, maxBodyBytes: config.request_body_size * 1024 * 1024, ...this.options.limits };
  }

  /** An authorizer whose identity sources are credentials: its cache key (their values) is masked in traces. */
  private readonly cacheKeyIsSecret = (authorizerId: string): boolean =>
    (this.view.authorizers.get(authorizerId)?.identities ?? []).some((i) => this.masker.isSensitive(i.name) || i.name.toLowerCase() === 'authorization');

  private loadMasker(): TraceMasker {
    return new TraceMasker(parseSensitiveNames(this.store.settings.get(SENSITIVE_NAMES_SETTING)));
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
    this.unsubscribePauses();
    this.recorder.close();
    await this.traceWriter.close();
    await this.agent.close();
  }

  onTrace(listener: (summary: TraceSummary) => void): () => void {
    return this.recorder.onTrace(listener);
  }

  async getTrace(requestId: string): Promise<TraceRecord | undefined> {
    return this.recorder.get(requestId) ?? this.store.traces.get(requestId);
  }

  /** Every entry, one authorizer's, or one identity's (`key`, with the authorizer). */
  flushAuthorizerCache(authorizerId?: string, key?: string): number {
    return this.cache.flush(authorizerId, { key, cause: 'user' });
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
    const peerIp = clientIp(req.socket);
    return {
      requestId: newRequestId(),
      startedAt: performance.now(),
      method: req.method ?? 'GET',
      rawUrl,
      rawPath,
      rawQuery,
      path: decodeRequestPath(rawPath),
      query: parseQuery(rawQuery),
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.alloc(0),
      peerIp,
      sourceIp: peerIp,
      host: headerValue(req.headers, 'host') ?? '',
      debug: headerValue(req.headers, 'x-apig-mode')?.toLowerCase() === 'debug',
      pathParams: {},
      remainder: [],
      frontendContext: {},
      backendContext: {},
      stages: new StageLog(),
      authorizers: [],
      fidelityNotes: [],
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    const exchange = this.newExchange(req);
    // Every line about this request carries its id, as its trace and X-Request-Id header do.
    const log = this.log.child({ requestId: exchange.requestId });
    if (this.config.real_ip_from_xff) useForwardedClientIp(exchange, this.config.xff_index);
    let response: FinalResponse;
    let closeAfter = false;
    try {
      const limitsStarted = performance.now();
      const head = checkHeadLimits(req, this.limits);
      const reading = head || expectsContinue ? undefined : readBody(req, this.limits);
      const body = reading instanceof Promise ? await reading : reading;
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
        response = await runPipeline(exchange, this.pipelineDeps(), log);
        // Refused before its body was asked for (or cut off while reading it): the client may still
        // send the body, which must not be read as the next request on this connection.
        closeAfter = bodyIncomplete;
      } else {
        exchange.body = (body as { ok: true; body: Buffer }).body;
        addStage(exchange, 'limits', 'ok', withinLimits, limitsStarted, undefined, exchange.body.length);
        response = await runPipeline(exchange, this.pipelineDeps(), log);
      }
    } catch (error) {
      // A bug in the gateway, not the user's API: the client gets APIG's internal error, the log the stack.
      log.error('request failed inside the gateway', errorWithStack(error));
      response = errorResponse(exchange, Errors.internal(error instanceof Error ? error.message : String(error)));
      addGatewayHeaders(exchange, response);
    }
    const streamed = this.write(exchange, res, response, closeAfter);
    // A streamed answer is recorded once its last byte is out (or it failed): the trace then has
    // the final stage and the total time.
    if (streamed) void streamed.then(() => this.recordTrace(exchange, response));
    else this.recordTrace(exchange, response);
  }

  private recordTrace(exchange: Exchange, response: FinalResponse): void {
    this.recorder.record(exchangeFacts(exchange, response, this.traceBodyLimit()), exchange.requestId);
  }

  /** What every request's pipeline needs; built once per listening address, not per request. */
  private pipelineDeps(): PipelineDeps {
    const serverAddr = this.listening?.host ?? '127.0.0.1';
    if (this.deps?.identity.serverAddr === serverAddr) return this.deps;
    const config = this.config;
    this.deps = {
      view: () => this.currentView(),
      functions: this.functions,
      cache: this.cache,
      dispatcher: this.agent,
      deadlines: this.deadlines,
      identity: { serverAddr, serverName: 'apig-workbench' },
      authorizerOptions: { allowNumberAndBooleanContext: config.authorizer_context_support_num_bool, faults: this.faults },
      maxBackendTimeoutMs: config.backend_timeout,
      traceBodyLimit: this.traceBodyLimit(),
      authentication: {
        appCodeOverHttp: this.options.appCodeOverHttp ?? false,
        appModes: { apiKey: config.app_api_key, basic: config.app_basic, secret: config.app_secret },
      },
      faults: this.faults,
      throttling: { counters: this.throttleCounters, defaultApiRateLimit: this.options.defaultApiRateLimit ?? config.ratelimit_api_limits },
    };
    return this.deps;
  }

  private traceBodyLimit(): number {
    return this.options.traceBodyLimit ?? 8 * 1024;
  }

  /** Sends the answer; for a streamed one, returns a promise settled once the stream has ended. */
  private write(exchange: Exchange, res: ServerResponse, response: FinalResponse, closeAfter: boolean): Promise<void> | undefined {
    if (res.destroyed) {
      // The client has gone: release the backend connection a streamed answer still holds.
      response.rest?.destroy();
      return undefined;
    }
    const length = response.rest ? response.streamedLength : response.body.length;
    const sendable = sendableHeaders(response.headers);
    if (sendable.dropped.length) {
      // The trace shows what the client really got.
      response.headers = sendable.headers;
      const list = sendable.dropped.map((d) => `${d.name} (${d.reason})`).join('; ');
      addStage(exchange, 'response', 'ok', `header${sendable.dropped.length > 1 ? 's' : ''} not sent: ${list}; the rest of the answer was`, performance.now());
    }
    // One flat [name, value, …] list, as Node writes it: no per-request header object copies.
    const headers: string[] = [];
    for (const name in sendable.headers) {
      if ((length !== undefined && name === 'content-length') || (closeAfter && name === 'connection')) continue;
      const value = sendable.headers[name];
      if (Array.isArray(value)) for (const v of value) headers.push(name, v);
      else if (value !== undefined) headers.push(name, String(value));
    }
    if (length !== undefined) headers.push('content-length', String(length));
    if (closeAfter) headers.push('connection', 'close');
    res.writeHead(response.status, headers);
    if (response.rest) return this.stream(exchange, res, response.body, response.rest);
    res.end(response.body);
    if (closeAfter) res.once('finish', () => res.socket?.destroySoon?.());
    return undefined;
  }

  /**
   * A large backend answer: what was read so far, then the rest as it arrives. Once the status
   * line is out, a backend failure can no longer become a 502, so the client's connection is cut
   * (as any streaming proxy does) and the trace says so.
   */
  private stream(exchange: Exchange, res: ServerResponse, first: Buffer, rest: Readable): Promise<void> {
    const started = performance.now();
    let bytes = first.length;
    rest.on('data', (chunk: Buffer) => (bytes += chunk.length));
    res.write(first);
    return new Promise((resolve) => {
      pipeline(rest, res, (error) => {
        if (error) addStage(exchange, 'response', 'fail', `streaming the backend's answer failed after ${bytes} bytes (${error.message}); the client connection was closed`, started);
        else addStage(exchange, 'response', 'ok', `streamed ${bytes} bytes from the backend (answers over ${STREAM_THRESHOLD} bytes are not held in memory)`, started);
        resolve();
      });
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
    this.recorder.record({ record: trace }, requestId);
  }
}
