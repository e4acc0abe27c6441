/**
 * Pipeline stages: group by Host, environment by X-Stage, API by route (runtime.md §3.1–3.2).
 */
import { RELEASE_ENV } from '../../src-shared/model';
import { Errors } from '../../src-shared/apig/errors';
import { resolveDotSegments } from '../../src-shared/apig/router';
import { addStage, GatewayFailure, headerValue, hostnameOf, type Exchange } from './exchange';
import type { CompiledView } from './compiled-view';

export function resolveGroupStage(exchange: Exchange, view: CompiledView): void {
  const started = performance.now();
  const hostname = hostnameOf(exchange.host);
  const byDomain = view.groupsByDomain.get(hostname);
  const group = byDomain ?? view.defaultGroup;
  if (!group) {
    addStage(exchange, 'group', 'fail', `Host "${hostname}" matches no group's domain and there is no default group`, started);
    throw new GatewayFailure(Errors.apiNotPublished());
  }
  exchange.group = group;
  addStage(
    exchange,
    'group',
    'ok',
    byDomain ? `Host "${hostname}" is a domain of group ${group.group.name}` : `Host "${hostname}" matches no domain → default group ${group.group.name}`,
    started,
  );
}

export function resolveEnvironmentStage(exchange: Exchange, view: CompiledView): void {
  const started = performance.now();
  const requested = headerValue(exchange.headers, 'x-stage');
  const env = requested || RELEASE_ENV;
  exchange.env = env;
  if (!view.environments.has(env)) {
    addStage(exchange, 'environment', 'fail', `X-Stage names environment "${env}", which does not exist`, started);
    throw new GatewayFailure(Errors.apiNotPublished());
  }
  addStage(exchange, 'environment', 'ok', requested ? `X-Stage: ${env}` : `no X-Stage header → ${RELEASE_ENV}`, started);
}

export function routeStage(exchange: Exchange): void {
  const started = performance.now();
  const group = exchange.group!;
  const router = group.routers.get(exchange.env!);
  if (!router) {
    addStage(exchange, 'route', 'fail', `group ${group.group.name} has no API published in ${exchange.env}`, started);
    throw new GatewayFailure(Errors.apiNotPublished());
  }
  // [I] Dot segments are resolved before routing, as nginx does; a path that climbs above the root
  // is refused. Routing, path parameters and the prefix-match remainder never see `.` or `..`.
  const resolved = resolveDotSegments(exchange.path);
  if (resolved === undefined) {
    addStage(exchange, 'route', 'fail', `${exchange.path} climbs above the root once its dot segments are resolved → 400 APIG.0602`, started);
    throw new GatewayFailure(Errors.badRequest());
  }
  if (resolved !== exchange.path) {
    exchange.fidelityNotes.push(`The path ${exchange.path} was routed as ${resolved}: dot segments (also when percent-encoded) are resolved before routing, as nginx-based gateways do [I].`);
    exchange.path = resolved;
  }
  const result = router.match(exchange.method, exchange.path);
  if (result.kind === 'no-route') {
    addStage(exchange, 'route', 'fail', `no API published in ${exchange.env} matches ${exchange.path}`, started);
    throw new GatewayFailure(Errors.apiNotPublished());
  }
  if (result.kind === 'method-mismatch') {
    addStage(
      exchange,
      'route',
      'fail',
      `${exchange.path} exists for ${result.allowed.join(', ')} but not ${exchange.method} → APIG.0101 "The API does not exist."`,
      started,
    );
    throw new GatewayFailure(Errors.methodNotFound());
  }
  const { value: api, pathParams, remainder, matchMode } = result.match;
  exchange.api = api;
  exchange.pathParams = pathParams;
  exchange.remainder = remainder;
  const params = Object.keys(pathParams).length ? ` with ${JSON.stringify(pathParams)}` : '';
  const rest = matchMode === 'SWA' ? ` (prefix match, remainder "/${remainder.join('/')}")` : '';
  addStage(exchange, 'route', 'ok', `${exchange.method} ${exchange.path} → API ${api.name} (${api.method} ${api.path})${params}${rest}`, started, {
    apiId: api.id,
  });
}

/**
 * The local gateway speaks plain HTTP only. [U]/choice: an HTTPS-only API is served anyway and
 * the trace says that APIG would answer APIG.0607 to a plain-HTTP call.
 */
export function protocolStage(exchange: Exchange): void {
  const started = performance.now();
  const api = exchange.api!;
  if (api.protocol === 'HTTPS') {
    exchange.fidelityNotes.push('This API accepts HTTPS only: APIG answers APIG.0607 to plain HTTP. The local gateway serves it over HTTP.');
    addStage(exchange, 'protocol', 'ok', 'HTTPS-only API served over local HTTP (APIG would require HTTPS)', started);
  } else addStage(exchange, 'protocol', 'skip', `API accepts ${api.protocol}`, started);
}
