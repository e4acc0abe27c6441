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
 * The stage's sentence, written when the trace is read (see StageLog). Its arguments are strings:
 * a waiting trace holds them as bytes (held-traces.ts), and the router's match, which holds the
 * whole API definition, would be encoded with every request.
 */
const routed = (method: string, path: string, matched: string) => `${method} ${path} → ${matched}`;

/** What the stage records for each API, made once: the same for every request routed to it. */
interface RouteFacts {
  readonly detail: TraceStageDetails['route'];
  /** "API name (GET /path)", the end of the stage's sentence. */
  readonly apiText: string;
}
const factsByApi = new WeakMap<Api, RouteFacts>();
function routeFacts(api: Api): RouteFacts {
  let facts = factsByApi.get(api);
  if (!facts) factsByApi.set(api, (facts = { detail: Object.freeze({ apiId: api.id }), apiText: `API ${api.name} (${api.method} ${api.path})` }));
  return facts;
}

/** The API matched, and the path parameters and prefix-match remainder when there are any. */
function matchedText(match: RouteMatch<Api>, apiText: string): string {
  const { pathParams, remainder, matchMode } = match;
  const params = Object.keys(pathParams).length ? ` with ${JSON.stringify(pathParams)}` : '';
  const rest = matchMode === 'SWA' ? ` (prefix match, remainder "/${remainder.join('/')}")` : '';
  return apiText + params + rest;
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
  const facts = routeFacts(api);
  addStage(exchange, 'route', 'ok', routed, started, facts.detail, exchange.method, exchange.path, matchedText(result.match, facts.apiText));
}
