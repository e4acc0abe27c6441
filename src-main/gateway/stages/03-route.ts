/**
 * Pipeline stage 3: the API, matched by method and path among those published in the environment
 * (runtime.md §3.2).
 */
import { Errors } from '../../../src-shared/apig/errors';
import { resolveDotSegments, type RouteMatch } from '../../../src-shared/apig/router';
import type { Api } from '../../../src-shared/model';
import type { TraceStageDetails } from '../../../src-shared/trace';
import { addStage, GatewayFailure, type Exchange } from '../exchange';

/**
 * The stage's sentence, written when the trace is read (see StageLog): the router's match already
 * holds the API, the path parameters and the remainder, so nothing is copied for it.
 */
function routed(method: string, path: string, match: RouteMatch<Api>): string {
  const { value: api, pathParams, remainder, matchMode } = match;
  const params = Object.keys(pathParams).length ? ` with ${JSON.stringify(pathParams)}` : '';
  const rest = matchMode === 'SWA' ? ` (prefix match, remainder "/${remainder.join('/')}")` : '';
  return `${method} ${path} → API ${api.name} (${api.method} ${api.path})${params}${rest}`;
}

/** Each API's stage detail, made once: it is the same for every request routed to that API. */
const detailByApi = new WeakMap<Api, TraceStageDetails['route']>();
function routeDetail(api: Api): TraceStageDetails['route'] {
  let detail = detailByApi.get(api);
  if (!detail) detailByApi.set(api, (detail = Object.freeze({ apiId: api.id })));
  return detail;
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
  const { value: api, pathParams, remainder } = result.match;
  exchange.api = api;
  exchange.pathParams = pathParams;
  exchange.remainder = remainder;
  addStage(exchange, 'route', 'ok', routed, started, routeDetail(api), exchange.method, exchange.path, result.match);
}
