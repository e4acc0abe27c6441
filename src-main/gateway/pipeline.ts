/**
 * The documented APIG pipeline (runtime.md §7), one stage per module, each adding its step to
 * the request's trace: group → environment → route → protocol → authentication → frontend
 * authorizer → parameters → backend request → backend call → response.
 */
import type { Dispatcher } from 'undici';
import { Errors } from '../../src-shared/apig/errors';
import type { CompiledView } from './compiled-view';
import { GatewayFailure, addStage, type Exchange } from './exchange';
import { authenticationStage, protocolStage, resolveEnvironmentStage, resolveGroupStage, routeStage } from './route-stage';
import { frontendAuthorizerStage } from './frontend-authorizer';
import { requestParamsStage } from './request-params';
import { backendStage } from './backend-stage';
import { addGatewayHeaders, backendToFinal, errorResponse, type FinalResponse } from './final-response';
import type { AuthorizerCache } from './authorizer-cache';
import type { FunctionHost } from '../functions/function-host';
import type { GatewayIdentity } from './backend-params';

export interface PipelineDeps {
  view: () => CompiledView;
  functions: FunctionHost;
  cache: AuthorizerCache;
  dispatcher: Dispatcher;
  identity: GatewayIdentity;
  allowNumberAndBooleanContext: boolean;
  traceBodyLimit: number;
}

export async function runPipeline(exchange: Exchange, deps: PipelineDeps): Promise<FinalResponse> {
  // One snapshot for the whole request, even if the workspace changes meanwhile.
  const view = deps.view();
  let response: FinalResponse;
  try {
    resolveGroupStage(exchange, view);
    resolveEnvironmentStage(exchange, view);
    routeStage(exchange);
    protocolStage(exchange);
    authenticationStage(exchange);
    await frontendAuthorizerStage(exchange, {
      view,
      functions: deps.functions,
      cache: deps.cache,
      options: { allowNumberAndBooleanContext: deps.allowNumberAndBooleanContext },
    });
    const values = requestParamsStage(exchange);
    const backend = await backendStage(exchange, values, {
      dispatcher: deps.dispatcher,
      functions: deps.functions,
      functionsByName: view.functionsByName,
      gateway: deps.identity,
      traceBodyLimit: deps.traceBodyLimit,
    });
    response = backendToFinal(backend);
  } catch (error) {
    if (error instanceof GatewayFailure) response = errorResponse(exchange, error.error);
    else {
      // A bug in the workbench must not take the gateway down: answer 500 and show it in the trace.
      const message = error instanceof Error ? error.message : String(error);
      addStage(exchange, 'response', 'fail', `unexpected gateway error: ${message}`, performance.now());
      response = errorResponse(exchange, Errors.internal(message));
    }
  }
  addGatewayHeaders(exchange, response);
  return response;
}
