/**
 * Pipeline stages: build the backend request (parameters, #vars#, SWA remainder) and call the
 * backend (HTTP, MOCK or FUNCTION).
 */
import type { Dispatcher } from 'undici';
import type { Api, FunctionBackend, HttpBackend, LocalFunction } from '../../../src-shared/model';
import { functionNameFromUrn } from '../../../src-shared/model';
import { Errors } from '../../../src-shared/apig/errors';
import { substituteVariables } from '../../../src-shared/apig/env-vars';
import { appendRemainder } from '../../../src-shared/apig/router';
import type { BackendRequestTrace } from '../../../src-shared/trace';
import { buildApigEvent, noteEventShape } from '../authorizers/apig-event';
import { addStage, GatewayFailure, headerValue, round, type Exchange } from '../exchange';
import { mapBackendParams, type GatewayIdentity, type MappedParams } from '../backends/backend-params';
import type { ParamValues } from './10-request-params';
import { addOrchestratedParams } from './11-orchestration';
import { callHttpBackend, retriesFor } from '../backends/http-backend';
import type { DeadlineSweeper } from '../backends/deadlines';
import { mockResponse } from '../backends/mock-backend';
import { functionResultToResponse } from '../backends/function-backend';
import { connectionTokens, staysAtGateway, type BackendResponse } from '../backends/backend-response';
import type { FunctionHost } from '../../functions/function-host';
import type { FaultInjector } from '../../lab/fault-injector';
import { JsonText } from '../trace/value-codec';

export interface BackendDeps {
  dispatcher: Dispatcher;
  deadlines: DeadlineSweeper;
  functions: FunctionHost;
  functionsByName: Map<string, LocalFunction>;
  faults: FaultInjector;
  gateway: GatewayIdentity;
  traceBodyLimit: number;
  /** Gateway parameter backend_timeout: no backend waits longer, whatever its API asks. */
  maxBackendTimeoutMs: number;
}

/** The API's backend timeout, capped by backend_timeout (and the trace told when it is). */
function effectiveTimeout(exchange: Exchange, requested: number, deps: BackendDeps): number {
  if (requested <= deps.maxBackendTimeoutMs) return requested;
  exchange.fidelityNotes.push(`The backend timeout ${requested} ms is over the gateway parameter backend_timeout (${deps.maxBackendTimeoutMs} ms): the gateway waits ${deps.maxBackendTimeoutMs} ms, as APIG does.`);
  return deps.maxBackendTimeoutMs;
}

/** The backend stage's sentence for an HTTP answer, written when the trace is read (see StageLog). */
const answered = (method: string, url: string, status: number) => `${method} ${url} answered ${status}`;

/**
 * Not `async`: it hands back the call's own promise, so the answer does not pass through one more
 * promise (and its extra turns) on every request. Throws at once for a request refused here.
 */
export function backendStage(exchange: Exchange, values: ParamValues, deps: BackendDeps): Promise<BackendResponse> {
  // A matched backend policy supplies its own backend and parameters (runtime.md §5.4).
  const backend = exchange.selectedBackend ?? exchange.api!.backend;
  const buildStarted = performance.now();
  const mapped = mapBackendParams(backend.params, exchange, values, deps.gateway);
  addOrchestratedParams(mapped, exchange);
  const trace: BackendRequestTrace = { type: backend.type, params: mapped.trace };
  exchange.backend = trace;
  const mappedNote = mapped.trace.length
    ? mapped.trace.map((p) => `${p.source} → ${p.location.toLowerCase()} ${p.name}${p.value === undefined ? ' (no value, omitted)' : ''}`).join('; ')
    : 'no backend parameters';
  addStage(exchange, 'backend-request', 'ok', mappedNote, buildStarted);

  const started = performance.now();
  switch (backend.type) {
    case 'MOCK': {
      const response = mockResponse(backend);
      trace.status = response.status;
      trace.durationMs = round(performance.now() - started);
      addStage(exchange, 'backend', 'ok', `MOCK answered ${response.status}`, started);
      return Promise.resolve(response);
    }
    case 'HTTP':
      return callHttp(exchange, backend, mapped, deps, trace, started);
    case 'FUNCTION':
      return callFunction(exchange, backend, mapped, deps, trace, started);
  }
}

function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%3A/gi, ':').replace(/%40/g, '@');
}

interface DeclaredNames {
  query: ReadonlySet<string>;
  /** Lower-cased, as Node gives header names. */
  headers: ReadonlySet<string>;
}

/**
 * The query and header names an API declares, which reach the backend only through its mapping.
 * Derived once per published API object (the compiled view replaces those on every change), not
 * on every request.
 */
const declaredByApi = new WeakMap<Api, DeclaredNames>();
function declaredNames(api: Api): DeclaredNames {
  let names = declaredByApi.get(api);
  if (!names) {
    names = {
      query: new Set(api.requestParams.filter((p) => p.location === 'QUERY').map((p) => p.name)),
      headers: new Set(api.requestParams.filter((p) => p.location === 'HEADER').map((p) => p.name.toLowerCase())),
    };
    declaredByApi.set(api, names);
  }
  return names;
}

const NO_VARIABLES: ReadonlyMap<string, string> = new Map();

/** The backend target as origin (scheme://host:port) and path with query. */
function buildTarget(exchange: Exchange, backend: HttpBackend, mapped: MappedParams): { origin: string; path: string } {
  const vars = exchange.group!.variables.get(exchange.env!) ?? NO_VARIABLES;
  const address = substituteVariables(backend.address, vars);
  const path = substituteVariables(backend.path, vars);
  if (address.unresolved.length > 0 || path.unresolved.length > 0) {
    const unresolved = [...address.unresolved, ...path.unresolved];
    throw new GatewayFailure(
      Errors.backendConfigMissing(`environment ${exchange.env} does not define ${unresolved.map((v) => `#${v}#`).join(', ')}`),
    );
  }
  const filledPath = path.text.includes('{')
    ? path.text.replace(/\{([^{}+]+)\+?\}/g, (_w, name: string) => {
        const value = mapped.path[name];
        return value === undefined ? '' : value.split('/').map(encodePathSegment).join('/');
      })
    : path.text;
  const fullPath = exchange.remainder.length > 0 ? appendRemainder(filledPath, exchange.remainder.map(encodePathSegment)) : filledPath;
  const qs = exchange.query.size > 0 || mapped.query.length > 0 ? backendQuery(exchange, mapped) : '';
  return { origin: `${backend.protocol.toLowerCase()}://${address.text}`, path: qs ? `${fullPath}?${qs}` : fullPath };
}

/** The client's query minus declared (mapped) parameters, plus the mapped ones. */
function backendQuery(exchange: Exchange, mapped: MappedParams): string {
  const query = new URLSearchParams();
  const { query: declaredQuery } = declaredNames(exchange.api!);
  for (const [name, list] of exchange.query) if (!declaredQuery.has(name)) for (const v of list) query.append(name, v);
  for (const [name, value] of mapped.query) query.append(name, value);
  return query.toString();
}

/** Client headers minus hop-by-hop and declared (mapped) ones, plus forwarding headers and the mapping. */
function buildHeaders(exchange: Exchange, mapped: MappedParams): Record<string, string> {
  const { headers: declared } = declaredNames(exchange.api!);
  const hopByHop = connectionTokens(exchange.headers.connection);
  const headers: Record<string, string> = {};
  const given = exchange.headers;
  for (const name in given) {
    const value = given[name];
    if (value === undefined || staysAtGateway(name, hopByHop) || name === 'content-length' || declared.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const xff = headerValue(exchange.headers, 'x-forwarded-for');
  headers['x-forwarded-for'] = xff ? `${xff}, ${exchange.peerIp}` : exchange.peerIp;
  headers['x-real-ip'] = exchange.sourceIp;
  headers['x-forwarded-proto'] = 'http';
  Object.assign(headers, mapped.headers);
  return headers;
}

function truncate(body: Buffer, limit: number): { body: string; truncated?: boolean } {
  const slice = body.length > limit ? body.subarray(0, limit) : body;
  return { body: slice.toString('utf8'), truncated: body.length > limit || undefined };
}

async function callHttp(
  exchange: Exchange,
  backend: HttpBackend,
  mapped: MappedParams,
  deps: BackendDeps,
  trace: BackendRequestTrace,
  started: number,
): Promise<BackendResponse> {
  if (backend.vpcChannel && !backend.address) {
    addStage(exchange, 'backend', 'fail', `VPC channel "${backend.vpcChannel.name}" cannot be reached locally`, started);
    throw new GatewayFailure(Errors.backendConfigMissing(`VPC channel ${backend.vpcChannel.name} is not available locally`));
  }
  const method = backend.method === 'ANY' ? exchange.method : backend.method;
  const target = buildTarget(exchange, backend, mapped);
  const url = target.origin + target.path;
  const headers = buildHeaders(exchange, mapped);
  const body = method === 'GET' || method === 'HEAD' ? undefined : exchange.body;
  trace.method = method;
  trace.url = url;
  trace.headers = headers;
  if (body && body.length) Object.assign(trace, truncateInto(body, deps.traceBodyLimit));

  const call = { method, origin: target.origin, path: target.path, headers, body };
  const result = await callHttpBackend(deps.dispatcher, call, effectiveTimeout(exchange, backend.timeoutMs, deps), retriesFor(backend, method), deps.deadlines);
  trace.attempts = result.attempts;
  trace.durationMs = round(performance.now() - started);
  exchange.upstreamMs = trace.durationMs;
  if (!result.ok) {
    trace.error = result.detail;
    addStage(exchange, 'backend', 'fail', `${method} ${url} failed after ${result.attempts} attempt(s): ${result.detail} → ${result.error.type}`, started);
    throw new GatewayFailure(result.error);
  }
  exchange.backendHeadersAt = result.headersAt;
  trace.status = result.response.status;
  addStage(exchange, 'backend', 'ok', answered, started, { attempts: result.attempts }, method, url, result.response.status);
  return result.response;
}

function truncateInto(body: Buffer, limit: number): { body: string; bodyTruncated?: boolean } {
  const t = truncate(body, limit);
  return { body: t.body, bodyTruncated: t.truncated };
}

async function callFunction(
  exchange: Exchange,
  backend: FunctionBackend,
  mapped: MappedParams,
  deps: BackendDeps,
  trace: BackendRequestTrace,
  started: number,
): Promise<BackendResponse> {
  const name = functionNameFromUrn(backend.functionUrn);
  trace.functionName = name;
  const fn = deps.functionsByName.get(name);
  if (!fn) {
    addStage(exchange, 'backend', 'fail', `function "${name}" has no local code bound → APIG.0103`, started);
    throw new GatewayFailure(Errors.backendMissing(`function ${name} has no local code`));
  }
  const event = buildApigEvent(exchange, { includeBody: true, base64Body: exchange.api!.bodyBase64 });
  noteEventShape(exchange, event, `function ${name}`);
  // [U] Mapped backend parameters are merged into the event's headers and query strings.
  Object.assign(event.headers, mapped.headers);
  for (const [k, v] of mapped.query) event.queryStringParameters[k] = v;
  Object.assign(event.pathParameters, mapped.path);
  trace.event = event;

  if (backend.invocationType === 'async') {
    // [U] FunctionGraph's async API answers 202 {"request_id"}; the function runs in the background.
    void deps.functions.invoke(fn, event, { requestId: exchange.requestId, timeoutMs: effectiveTimeout(exchange, backend.timeoutMs, deps) });
    trace.status = 202;
    addStage(exchange, 'backend', 'ok', `async invocation of ${name} queued → 202`, started);
    return {
      status: 202,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ request_id: exchange.requestId })),
      upstream: true,
    };
  }

  const outcome = await deps.faults.invoke(deps.functions, fn, event, { requestId: exchange.requestId, timeoutMs: effectiveTimeout(exchange, backend.timeoutMs, deps) }, {});
  trace.injectedFault = outcome.injected;
  trace.logs = outcome.logs;
  trace.rawResult = outcome.result;
  // As the host sent it, as text (see the frontend authorizer's stage).
  if (outcome.eventJson !== undefined) trace.event = new JsonText(outcome.eventJson);
  trace.durationMs = round(performance.now() - started);
  exchange.upstreamMs = trace.durationMs;
  if (!outcome.ok) {
    const { failure } = outcome;
    trace.error = `${failure.kind}: ${failure.message}`;
    const error = failure.kind === 'timeout' ? Errors.backendTimeout() : Errors.backendUnavailable();
    addStage(exchange, 'backend', 'fail', `function ${name} failed (${trace.error}) → ${error.type}`, started);
    throw new GatewayFailure(error);
  }
  const checked = functionResultToResponse(outcome.result);
  if (!checked.ok) {
    trace.error = checked.problem;
    addStage(exchange, 'backend', 'fail', `function ${name}: ${checked.problem} → 500`, started);
    throw new GatewayFailure(checked.error);
  }
  exchange.backendHeadersAt = performance.now();
  trace.status = checked.response.status;
  addStage(exchange, 'backend', 'ok', `function ${name} answered ${checked.response.status}`, started);
  return checked.response;
}
