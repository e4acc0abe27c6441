/**
 * The documented APIG pipeline (runtime.md §7), one stage per module, each adding its step to
 * the request's trace: group → environment → route → protocol → IP access control →
 * authentication → frontend authorizer → account access control → throttling → parameters →
 * orchestration → backend policy → backend authorizer → backend request → backend call →
 * response plug-ins → response.
 */
import type { Dispatcher } from 'undici';
import { Errors } from '../../src-shared/apig/errors';
import type { CompiledView } from './view/compiled-view';
import { GatewayFailure, addStage, needBody, type Exchange } from './exchange';
import { resolveGroupStage } from './stages/01-group';
import { resolveEnvironmentStage } from './stages/02-environment';
import { routeStage } from './stages/03-route';
import { protocolStage } from './stages/04-protocol';
import { authenticationStage, type AuthenticationOptions } from './stages/06-authentication';
import { frontendAuthorizerStage, type AuthorizerStageDeps } from './stages/07-frontend-authorizer';
import { requestParamsStage } from './stages/10-request-params';
import { backendStage, type BackendDeps } from './stages/14-backend';
import type { ApiEnvPolicies } from './view/compiled-policies';
import { accessControlStage } from './stages/05-ip-access-control';
import { accountAccessControlStage } from './stages/08-account-access-control';
import { throttlingStage, type ThrottlingDeps } from './stages/09-throttling';
import { orchestrationStage } from './stages/11-orchestration';
import { backendPolicyStage } from './stages/12-backend-policy';
import { backendAuthorizerStage, type BackendAuthorizerDeps } from './stages/13-backend-authorizer';
import { applyResponsePlugins } from './stages/15-response-plugins';
import { addGatewayHeaders, backendToFinal, errorResponse, type FinalResponse } from './response/final-response';
import type { AuthorizerCache } from './authorizers/authorizer-cache';
import type { AuthorizerRunOptions } from './authorizers/authorizer-runner';
import type { FunctionHost } from '../functions/function-host';
import type { GatewayIdentity } from './backends/backend-params';
import type { DeadlineSweeper } from './backends/deadlines';
import type { FaultInjector } from '../lab/fault-injector';
import { errorWithStack, type Logger } from '../logger';

export interface PipelineDeps {
  view: () => CompiledView;
  functions: FunctionHost;
  cache: AuthorizerCache;
  dispatcher: Dispatcher;
  deadlines: DeadlineSweeper;
  identity: GatewayIdentity;
  /** What both authorizer legs run with (built with the deps, not per request). */
  authorizerOptions: AuthorizerRunOptions;
  /** Gateway parameter backend_timeout (ms). */
  maxBackendTimeoutMs: number;
  traceBodyLimit: number;
  authentication: AuthenticationOptions;
  throttling: ThrottlingDeps;
  /** The lab's failure-injection rules, applied where the gateway calls a function. */
  faults: FaultInjector;
}

/** What the authorizer and backend stages are given: the same for every request that sees one view. */
interface StageDeps {
  frontendAuthorizer: AuthorizerStageDeps;
  backendAuthorizer: BackendAuthorizerDeps;
  backend: BackendDeps;
}

/** Each gateway's stage deps for the view it saw last: made again when the workspace changes, not per request. */
const stageDepsByGateway = new WeakMap<PipelineDeps, { view: CompiledView; stages: StageDeps }>();

function stageDepsFor(deps: PipelineDeps, view: CompiledView): StageDeps {
  const last = stageDepsByGateway.get(deps);
  if (last?.view === view) return last.stages;
  const stages: StageDeps = {
    frontendAuthorizer: { view, functions: deps.functions, cache: deps.cache, options: deps.authorizerOptions },
    backendAuthorizer: { view, functions: deps.functions, options: deps.authorizerOptions },
    backend: {
      dispatcher: deps.dispatcher,
      deadlines: deps.deadlines,
      functions: deps.functions,
      functionsByName: view.functionsByName,
      faults: deps.faults,
      gateway: deps.identity,
      traceBodyLimit: deps.traceBodyLimit,
      maxBackendTimeoutMs: deps.maxBackendTimeoutMs,
    },
  };
  stageDepsByGateway.set(deps, { view, stages });
  return stages;
}

/** `log` is the request's own logger (its lines carry the request id). */
export async function runPipeline(exchange: Exchange, deps: PipelineDeps, log: Logger): Promise<FinalResponse> {
  // One snapshot for the whole request, even if the workspace changes meanwhile.
  const view = deps.view();
  const stageDeps = stageDepsFor(deps, view);
  let response: FinalResponse;
  // Policies bound to the matched API in the selected environment, looked up once.
  let policies: ApiEnvPolicies | undefined;
  try {
    resolveGroupStage(exchange, view);
    resolveEnvironmentStage(exchange, view);
    routeStage(exchange);
    policies = view.policies.forApi(exchange.api!.id, exchange.env!);
    protocolStage(exchange);
    accessControlStage(exchange, policies);
    // A deferred body (Expect: 100-continue) is read at the first stage that needs it: a signature
    // (Authorization header) covers the body, an authorizer may be given it, every backend gets it.
    if (exchange.api!.authType !== 'NONE' && exchange.api!.authType !== 'AUTHORIZER' && exchange.headers.authorization) await needBody(exchange);
    authenticationStage(exchange, view, deps.authentication);
    if (exchange.api!.authorizerId && view.authorizers.get(exchange.api!.authorizerId)?.needBody) await needBody(exchange);
    // The authorizer stages hand back a promise only when a function runs: a request without one
    // (or with a cached decision) does not wait a turn of the event loop for nothing.
    const frontendAuthorizer = frontendAuthorizerStage(exchange, stageDeps.frontendAuthorizer);
    if (frontendAuthorizer) await frontendAuthorizer;
    accountAccessControlStage(exchange, policies);
    throttlingStage(exchange, policies, deps.throttling);
    if (exchange.readDeferredBody) await needBody(exchange);
    const values = requestParamsStage(exchange);
    orchestrationStage(exchange, values, view.policies.orchestrations);
    backendPolicyStage(exchange, values);
    const backendAuthorizer = backendAuthorizerStage(exchange, stageDeps.backendAuthorizer);
    if (backendAuthorizer) await backendAuthorizer;
    const backend = await backendStage(exchange, values, stageDeps.backend);
    response = backendToFinal(backend);
  } catch (error) {
    if (error instanceof GatewayFailure) response = errorResponse(exchange, error.error);
    else {
      // A bug in the workbench must not take the gateway down: answer 500 and show it in the trace.
      const message = error instanceof Error ? error.message : String(error);
      addStage(exchange, 'response', 'fail', `unexpected gateway error: ${message}`, performance.now());
      log.error('unexpected gateway error', errorWithStack(error));
      response = errorResponse(exchange, Errors.internal(message));
    }
  }
  if (policies) applyResponsePlugins(exchange, response, policies);
  addGatewayHeaders(exchange, response);
  return response;
}
