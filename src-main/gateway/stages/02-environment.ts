/**
 * Pipeline stage 2: the environment, named by X-Stage, else RELEASE (runtime.md §3.1).
 */
import { RELEASE_ENV } from '../../../src-shared/model';
import { Errors } from '../../../src-shared/apig/errors';
import { addStage, GatewayFailure, headerValue, type Exchange } from '../exchange';
import type { CompiledView } from '../view/compiled-view';

const NO_X_STAGE = `no X-Stage header → ${RELEASE_ENV}`;
const xStage = (env: string) => `X-Stage: ${env}`;

export function resolveEnvironmentStage(exchange: Exchange, view: CompiledView): void {
  const started = performance.now();
  const requested = headerValue(exchange.headers, 'x-stage');
  const env = requested || RELEASE_ENV;
  exchange.env = env;
  if (!view.environments.has(env)) {
    addStage(exchange, 'environment', 'fail', `X-Stage names environment "${env}", which does not exist`, started);
    throw new GatewayFailure(Errors.apiNotPublished());
  }
  if (requested) addStage(exchange, 'environment', 'ok', xStage, started, undefined, env);
  else addStage(exchange, 'environment', 'ok', NO_X_STAGE, started);
}
