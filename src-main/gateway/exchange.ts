/**
 * One request's state as it moves through the pipeline, and the trace it leaves.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Api, Backend } from '../../src-shared/model';
import type { GatewayError } from '../../src-shared/apig/errors';
import type { AuthorizerContext } from '../../src-shared/apig/authorizer-result';
import type { AuthorizerTrace, BackendRequestTrace, OrchestratedParam, TraceStage, TraceStageDetails, TraceStageName } from '../../src-shared/trace';
import type { CompiledGroup } from './view/compiled-view';
import type { StageLog, StageSummary } from './trace/stage-log';

export interface Exchange {
  requestId: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** The same moment as an ISO time, when already known; see startedAtIsoOf (built only when a trace is read). */
  startedAtIso?: string;
  method: string;
  /** The request target as received (path + query). */
  rawUrl: string;
  rawPath: string;
  rawQuery: string;
  /** Percent-decoded path used for routing. */
  path: string;
  /** Query parameters, all values per name, in order (read only: one empty map serves every request without a query). */
  query: ReadonlyMap<string, string[]>;
  /** Lower-case names, as node parses them. */
  headers: IncomingHttpHeaders;
  /** The head as received: [name, value, name, value, …] (Node's rawHeaders, not copied). */
  rawHeaders: readonly string[];
  body: Buffer;
  /**
   * Set while the body of an `Expect: 100-continue` request is unread. The gateway answers
   * 100 Continue only when a stage needs the body (see needBody), so a request refused before
   * that (route, access control, authorizer deny, throttling) gets its final status at once and
   * the client never sends the body.
   */
  readDeferredBody?: () => Promise<void>;
  /** The address of the connection's other end. */
  peerIp: string;
  /**
   * The client IP the gateway decides on ($context.sourceIp, access control, throttling): the peer,
   * or an X-Forwarded-For address with the gateway parameter real_ip_from_xff.
   */
  sourceIp: string;
  host: string;
  debug: boolean;

  group?: CompiledGroup;
  env?: string;
  api?: Api;
  pathParams: Readonly<Record<string, string>>;
  remainder: readonly string[];
  /** The credential that authenticated the request (APP auth): $context.appId / $context.appName. */
  app?: { id: string; name: string };
  /** The IAM user of the token that authenticated the request (IAM auth). */
  iamUser?: string;
  /** That user's account (IAM domain): what account access-control policies check (IAM auth). */
  iamAccount?: { name: string; id: string };
  frontendContext: AuthorizerContext;
  backendContext: AuthorizerContext;

  /** Its stages so far; a streamed answer adds its last after the request is recorded. */
  stages: StageLog;
  authorizers: AuthorizerTrace[];
  backend?: BackendRequestTrace;
  fidelityNotes: string[];
  /** When the backend's response headers arrived (for X-Apig-Latency). */
  backendHeadersAt?: number;
  upstreamMs?: number;

  // Policies (runtime.md §5), set by their stages.
  /** The backend to call: a matched backend policy's, or the API's default (backend-policy stage). */
  selectedBackend?: Backend;
  /** New parameters produced by parameter orchestration; passed to the backend. */
  orchestrated?: OrchestratedParam[];
  /** X-Apig-RateLimit-* headers for debug mode (throttling stage). */
  rateLimitHeaders?: Record<string, string>;
}

/** Raised by a stage to end the request with an APIG gateway response. */
export class GatewayFailure extends Error {
  constructor(readonly error: GatewayError) {
    super(`${error.type} ${error.code}: ${error.message}`);
  }
}

/**
 * Records a stage; `detail` must be the stage's own detail type (TraceStageDetails). A summary that
 * quotes the request is best given as a template and its arguments (`a`, `b`, `c`): it is then
 * written only if someone reads the trace (see StageLog).
 */
export function addStage<N extends TraceStageName, A = undefined, B = undefined, C = undefined>(
  exchange: Exchange,
  name: N,
  outcome: TraceStage['outcome'],
  summary: StageSummary<A, B, C>,
  startedAt: number,
  detail?: TraceStageDetails[N],
  a?: A,
  b?: B,
  c?: C,
): void {
  exchange.stages.add(name, outcome, round(performance.now() - startedAt), summary, detail, a as A, b as B, c as C);
}

/** When the request arrived, as an ISO time: derived from `startedAt` on first use, not per request. */
export function startedAtIsoOf(exchange: Pick<Exchange, 'startedAt' | 'startedAtIso'>): string {
  return exchange.startedAtIso ?? new Date(Math.round(performance.timeOrigin + exchange.startedAt)).toISOString();
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The Host header without its port, lower-cased: what group domains are matched against. */
export function hostnameOf(host: string): string {
  return host.replace(/:\d+$/, '').toLowerCase();
}

/** The caller's address as APIG reports it ($context.sourceIp): IPv4-mapped IPv6 shown as IPv4. */
export function clientIp(socket: { remoteAddress?: string }): string {
  return (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

/**
 * Gateway parameter real_ip_from_xff (runtime.md §3.7): the client IP is the X-Forwarded-For address
 * at xff_index (0 and up from the left, −1 and down from the right). Without such an address the
 * peer's stays, and the trace says why.
 */
export function useForwardedClientIp(exchange: Exchange, xffIndex: number): void {
  const list = (headerValue(exchange.headers, 'x-forwarded-for') ?? '').split(',').map((ip) => ip.trim()).filter(Boolean);
  const picked = list[xffIndex >= 0 ? xffIndex : list.length + xffIndex];
  if (picked) {
    exchange.sourceIp = picked;
    exchange.fidelityNotes.push(`Client IP ${picked} taken from X-Forwarded-For position ${xffIndex} (gateway parameter real_ip_from_xff is on); the connection came from ${exchange.peerIp}.`);
  } else {
    exchange.fidelityNotes.push(`real_ip_from_xff is on, but X-Forwarded-For has no address at position ${xffIndex}: the client IP stays ${exchange.peerIp}.`);
  }
}

/**
 * Header values as one string each (repeated headers joined), for traces. Headers that are already
 * one string each come back as they are (a trace copies only what it changes).
 */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  let flat = true;
  for (const name in headers) {
    if (typeof headers[name] !== 'string') {
      flat = false;
      break;
    }
  }
  if (flat) return headers as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** First value of a header, as a string. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const key = name.toLowerCase();
  // Own keys only: Node's header object has a prototype, and "constructor" is a valid header name.
  if (!Object.prototype.hasOwnProperty.call(headers, key)) return undefined;
  const value = headers[key];
  return Array.isArray(value) ? value[0] : value;
}

const NO_QUERY: ReadonlyMap<string, string[]> = new Map();

export function parseQuery(rawQuery: string): ReadonlyMap<string, string[]> {
  if (!rawQuery) return NO_QUERY;
  const query = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    const list = query.get(name);
    if (list) list.push(value);
    else query.set(name, [value]);
  }
  return query;
}

/** Reads a deferred (`Expect: 100-continue`) body now, if it is still unread; a no-op otherwise. */
export async function needBody(exchange: Exchange): Promise<void> {
  if (exchange.readDeferredBody) await exchange.readDeferredBody();
}
