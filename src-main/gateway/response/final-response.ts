/**
 * The response the client gets: the backend's answer or a rendered gateway error, plus the
 * headers APIG always adds (runtime.md §3.5, §2).
 */
import type { Readable } from 'node:stream';
import type { GatewayError } from '../../../src-shared/apig/errors';
import { explainErrorResponse, renderErrorResponse } from '../../../src-shared/apig/gateway-responses';
import type { GatewayResponseDetail } from '../../../src-shared/trace';
import { addStage, type Exchange } from '../exchange';
import type { BackendResponse } from '../backends/backend-response';
import { applyCors } from './cors';

export interface FinalResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** The whole body, or its first part when `rest` follows (a large HTTP backend answer). */
  body: Buffer;
  rest?: Readable;
  /** The backend's Content-Length for a streamed body, when it declared one. */
  streamedLength?: number;
  error?: GatewayError;
}

export function templateValues(exchange: Exchange, error: GatewayError): Map<string, string> {
  const values = new Map<string, string>([
    ['requestId', exchange.requestId],
    ['apiId', exchange.api?.id ?? ''],
    ['apiName', exchange.api?.name ?? ''],
    ['appId', exchange.app?.id ?? ''],
    ['appName', exchange.app?.name ?? ''],
    ['stage', exchange.env ?? ''],
    ['sourceIp', exchange.sourceIp],
    ['reqPath', exchange.rawPath],
    ['reqUri', exchange.rawUrl],
    ['reqMethod', exchange.method],
    ['error.message', error.message],
    ['error.code', error.code],
    ['error.type', error.type],
  ]);
  for (const [k, v] of Object.entries(exchange.frontendContext)) values.set(`authorizer.frontend.${k}`, String(v));
  for (const [k, v] of Object.entries(exchange.backendContext)) values.set(`authorizer.backend.${k}`, String(v));
  return values;
}

export function errorResponse(exchange: Exchange, error: GatewayError): FinalResponse {
  if (error.detail) {
    addStage(exchange, 'response', 'fail', `${error.code} "${error.message}" sent to the client; the reason stays in this trace: ${error.detail}`, performance.now());
  }
  const started = performance.now();
  const group = exchange.group;
  const set = (exchange.api?.responseSetId && group?.responseSets.get(exchange.api.responseSetId)) || group?.defaultResponseSet;
  const values = templateValues(exchange, error);
  const rendered = renderErrorResponse(error, set, values);
  // The explanation is small (a few strings per template variable) and only for error responses.
  const detail = explainErrorResponse(error, set, values);
  addStage(exchange, 'gateway-response', 'ok', gatewayResponseSummary(detail), started, detail);
  return {
    status: rendered.status,
    headers: { 'content-type': 'application/json', ...rendered.headers },
    body: Buffer.from(rendered.body, 'utf8'),
    error,
  };
}

/** "AUTHORIZER_FAILURE 401 from response set "default" (customised); empty: $context.authorizer.frontend.code". */
export function gatewayResponseSummary(d: GatewayResponseDetail): string {
  const from = d.responseSet ? `response set "${d.responseSet}" (${d.customised ? 'customised' : 'APIG default'})` : 'APIG default (no response set)';
  const empty = d.variables.filter((v) => !v.defined).map((v) => v.name);
  const tail = empty.length ? `; rendered empty (no value for this request): ${empty.join(', ')}` : '';
  return `${d.type} ${d.status} from ${from}${tail}`;
}

export function backendToFinal(response: BackendResponse): FinalResponse {
  // Every backend builds its header object afresh for each call (HTTP, MOCK, FUNCTION): no copy needed.
  const final: FinalResponse = { status: response.status, headers: response.headers, body: response.body };
  if (response.rest) {
    final.rest = response.rest;
    final.streamedLength = response.streamedLength;
  }
  return final;
}

/** X-Request-Id always; debug latencies on request; CORS for cors-enabled APIs. */
export function addGatewayHeaders(exchange: Exchange, response: FinalResponse): void {
  const h = response.headers;
  // Backend or plug-in headers never override the gateway's own (runtime.md §3.5). Only a name
  // starting with x or X can be one of them: the others are not lower-cased at all.
  for (const name in h) {
    const first = name.charCodeAt(0);
    if (first !== 120 && first !== 88) continue;
    const lower = name.toLowerCase();
    if (lower.startsWith('x-apig-') || lower === 'x-request-id') delete h[name];
  }
  h['x-request-id'] = exchange.requestId;
  h['server'] = 'api-gateway';
  applyCors(exchange, response.headers);
  if (exchange.debug) {
    const until = exchange.backendHeadersAt ?? performance.now();
    h['x-apig-latency'] = String(Math.round(until - exchange.startedAt));
    if (exchange.upstreamMs !== undefined && (exchange.selectedBackend ?? exchange.api?.backend)?.type !== 'MOCK')
      h['x-apig-upstream-latency'] = String(Math.round(exchange.upstreamMs));
    if (exchange.rateLimitHeaders) Object.assign(h, exchange.rateLimitHeaders);
  }
}
