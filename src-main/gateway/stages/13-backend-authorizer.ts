/**
 * Pipeline stage: the backend custom authorizer (runtime.md §1.7), after the backend is chosen
 * (default or backend policy) and before it is called. The function gets `{ user_data }`; an allow
 * puts its context at `$context.authorizer.backend.<key>` for backend parameters. Same result
 * contract and relaxed mode as the frontend leg; shown in the same trace with leg 'backend'.
 */
import { Errors } from '../../../src-shared/apig/errors';
import type { AuthorizerTrace } from '../../../src-shared/trace';
import { authorizerFunctionName, authorizerSaid, recordRun, runAuthorizer, type AuthorizerRunOptions } from '../authorizers/authorizer-runner';
import { addStage, GatewayFailure, round, type Exchange } from '../exchange';
import type { CompiledView } from '../view/compiled-view';
import type { FunctionHost } from '../../functions/function-host';

export interface BackendAuthorizerDeps {
  view: CompiledView;
  functions: FunctionHost;
  options: AuthorizerRunOptions;
}

/** Settles at once without a backend authorizer; returns a promise only when one runs. */
export function backendAuthorizerStage(exchange: Exchange, deps: BackendAuthorizerDeps): Promise<void> | undefined {
  const started = performance.now();
  const backend = exchange.selectedBackend ?? exchange.api!.backend;
  if (!backend.authorizerId) {
    addStage(exchange, 'backend-authorizer', 'skip', 'no backend custom authorizer on the chosen backend', started);
    return undefined;
  }
  return runBackendAuthorizer(exchange, deps, backend.authorizerId, started);
}

async function runBackendAuthorizer(exchange: Exchange, deps: BackendAuthorizerDeps, authorizerId: string, started: number): Promise<void> {
  const authorizer = deps.view.authorizers.get(authorizerId);
  if (!authorizer) {
    addStage(exchange, 'backend-authorizer', 'fail', `authorizer ${authorizerId} no longer exists → AUTHORIZER_CONF_FAILURE`, started);
    throw new GatewayFailure(Errors.authorizerConfFailure('backend custom authorizer not found'));
  }
  const functionName = authorizerFunctionName(authorizer);
  // [U] Only user_data is documented as input ("event["user_data"]"); nothing else is sent.
  const event = { user_data: authorizer.userData };
  const trace: AuthorizerTrace = {
    authorizerId: authorizer.id,
    authorizerName: authorizer.name,
    leg: 'backend',
    functionName,
    event,
    decision: 'error',
    reason: '',
    context: {},
    // [U] Backend authorizers have no identity sources, so there is no cache key: never cached.
    cache: { enabled: false, hit: false },
    durationMs: 0,
  };
  exchange.authorizers.push(trace);
  const run = await runAuthorizer(deps.functions, authorizer, deps.view.functionsByName.get(functionName), event, exchange.requestId, deps.options);
  recordRun(trace, run);
  trace.durationMs = round(performance.now() - started);
  // Available to backend parameters and to gateway-response templates, even on deny.
  exchange.backendContext = run.context;
  const ok = run.decision === 'allow' || run.decision === 'relaxed';
  addStage(exchange, 'backend-authorizer', ok ? 'ok' : 'fail', authorizerSaid, started, { decision: run.decision }, authorizer.name, run.reason);
  if (run.decision === 'deny') throw new GatewayFailure(Errors.authorizerDenied());
  if (!ok) throw new GatewayFailure(Errors.authorizerConfFailure());
}
