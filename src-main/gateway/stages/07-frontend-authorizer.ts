/**
 * Pipeline stage: the frontend custom authorizer (runtime.md §1.3–1.6, §4.5).
 * Identity sources are checked first (missing or invalid → AUTHORIZER_IDENTITIES_FAILURE, the
 * function is not called); then the cache; then the function.
 */
import type { Authorizer, AuthorizerIdentity } from '../../../src-shared/model';
import { Errors } from '../../../src-shared/apig/errors';
import type { AuthorizerTrace } from '../../../src-shared/trace';
import { AuthorizerCache } from '../authorizers/authorizer-cache';
import { authorizerFunctionName, authorizerSaid, recordRun, runAuthorizer, type AuthorizerRunOptions } from '../authorizers/authorizer-runner';
import { buildApigEvent, noteEventShape } from '../authorizers/apig-event';
import { addStage, GatewayFailure, headerValue, round, type Exchange } from '../exchange';
import type { CompiledView } from '../view/compiled-view';
import type { FunctionHost } from '../../functions/function-host';
import { cachedRegExp } from '../view/regexp-cache';
import { takeIdentityOverride, type IdentityOverride } from '../../lab/identity-override';
import { JsonText } from '../trace/value-codec';

export interface AuthorizerStageDeps {
  view: CompiledView;
  functions: FunctionHost;
  cache: AuthorizerCache;
  options: AuthorizerRunOptions;
}

type IdentityCheck = { ok: true; values: string[] } | { ok: false; problem: string };

function identityValue(exchange: Exchange, identity: AuthorizerIdentity): string | undefined {
  if (identity.location === 'HEADER') return headerValue(exchange.headers, identity.name);
  return exchange.query.get(identity.name)?.[0];
}

/** [U] The validation expression must match somewhere in the value (anchor it with ^…$ to match all of it). */
function checkIdentities(exchange: Exchange, authorizer: Authorizer): IdentityCheck {
  const values: string[] = [];
  for (const identity of authorizer.identities) {
    const value = identityValue(exchange, identity);
    if (value === undefined || value === '') return { ok: false, problem: `identity source ${where(identity)} is missing` };
    if (identity.validation) {
      const pattern = cachedRegExp(identity.validation);
      if (!pattern) return { ok: false, problem: `identity source ${where(identity)}: validation /${identity.validation}/ is not an expression the linear-time (RE2) engine accepts` };
      if (!pattern.search(value))
        return { ok: false, problem: `identity source ${where(identity)} value does not match /${identity.validation}/` };
    }
    values.push(value);
  }
  return { ok: true, values };
}

/** `header "x-user"`: where an identity source is read, for the trace. */
function where(identity: AuthorizerIdentity): string {
  return `${identity.location.toLowerCase()} "${identity.name}"`;
}

/** Ends the stage: the authorizer's time and the stage's line ("name: reason"). */
function finish(exchange: Exchange, trace: AuthorizerTrace, started: number, outcome: 'ok' | 'fail'): void {
  trace.durationMs = round(performance.now() - started);
  addStage(exchange, 'authorizer', outcome, authorizerSaid, started, { decision: trace.decision }, trace.authorizerName, trace.reason);
}

/**
 * Settles the stage at once when it can (no authorizer, a cache hit, an identity failure, an
 * override); returns a promise only when the function runs, so most requests await nothing here.
 */
export function frontendAuthorizerStage(exchange: Exchange, deps: AuthorizerStageDeps): Promise<void> | undefined {
  const api = exchange.api!;
  const started = performance.now();
  // Taken out of the headers whatever happens next: no backend ever receives it.
  const override = takeIdentityOverride(exchange.headers, deps.options);
  if (!api.authorizerId) {
    if (override) exchange.fidelityNotes.push('Identity override ignored: this API has no frontend custom authorizer.');
    addStage(exchange, 'authorizer', 'skip', 'no frontend custom authorizer on this API', started);
    return undefined;
  }
  const authorizer = deps.view.authorizers.get(api.authorizerId);
  if (!authorizer) {
    addStage(exchange, 'authorizer', 'fail', `authorizer ${api.authorizerId} no longer exists → AUTHORIZER_CONF_FAILURE`, started);
    throw new GatewayFailure(Errors.authorizerConfFailure('custom authorizer not found'));
  }
  const functionName = authorizerFunctionName(authorizer);
  const trace: AuthorizerTrace = {
    authorizerId: authorizer.id,
    authorizerName: authorizer.name,
    leg: 'frontend',
    functionName,
    decision: 'error',
    reason: '',
    context: {},
    cache: { enabled: authorizer.ttl > 0 && authorizer.identities.length > 0, hit: false },
    durationMs: 0,
  };
  exchange.authorizers.push(trace);

  if (override) return applyIdentityOverride(exchange, trace, override, started);

  const identities = checkIdentities(exchange, authorizer);
  if (!identities.ok) {
    trace.decision = 'identities-failure';
    trace.reason = `${identities.problem} → AUTHORIZER_IDENTITIES_FAILURE (function not called)`;
    finish(exchange, trace, started, 'fail');
    throw new GatewayFailure(Errors.identitiesFailure());
  }

  if (trace.cache.enabled) {
    trace.cache.key = AuthorizerCache.keyOf(identities.values);
    const cached = deps.cache.get(authorizer.id, trace.cache.key);
    if (cached) {
      trace.cache.hit = true;
      trace.cache.ttlLeftSec = deps.cache.ttlLeftSec(cached);
      trace.decision = cached.decision;
      trace.context = cached.context;
      trace.reason = `cache hit (${trace.cache.ttlLeftSec}s left): ${cached.decision}`;
      return concludeDecision(exchange, trace, started);
    }
    trace.cache.note = deps.cache.missNote(authorizer.id, trace.cache.key);
  }
  return runFunction(exchange, deps, authorizer, trace, started);
}

async function runFunction(exchange: Exchange, deps: AuthorizerStageDeps, authorizer: Authorizer, trace: AuthorizerTrace, started: number): Promise<void> {
  const api = exchange.api!;

  const event = buildApigEvent(exchange, {
    includeBody: authorizer.needBody,
    base64Body: api.bodyBase64,
    onlyIdentities: authorizer.eventIdentitySourcesOnly ? authorizer.identities : undefined,
    userData: authorizer.userData,
  });
  noteEventShape(exchange, event, `authorizer ${authorizer.name}`);
  trace.event = event;
  const run = await runAuthorizer(
    deps.functions,
    authorizer,
    deps.view.functionsByName.get(trace.functionName),
    event,
    exchange.requestId,
    deps.options,
  );
  recordRun(trace, run);
  // The trace keeps the event as the host sent it, as text: it is read back only if someone looks.
  if (run.eventJson !== undefined) trace.event = new JsonText(run.eventJson);
  if (trace.cache.enabled && trace.cache.key !== undefined && (run.decision === 'allow' || run.decision === 'deny')) {
    deps.cache.set(authorizer.id, trace.cache.key, run.decision, run.context, authorizer.ttl);
    trace.cache.ttlLeftSec = authorizer.ttl;
  }
  return concludeDecision(exchange, trace, started);
}

/** The lab's identity override: the request's own context instead of the function (never on APIG). */
function applyIdentityOverride(exchange: Exchange, trace: AuthorizerTrace, override: IdentityOverride, started: number): undefined {
  trace.identityOverride = true;
  exchange.fidelityNotes.push('Identity override: the request set its own authorizer context; APIG has no such thing.');
  if (!override.ok) {
    trace.reason = `identity override refused: ${override.problem} → AUTHORIZER_CONF_FAILURE`;
    finish(exchange, trace, started, 'fail');
    throw new GatewayFailure(Errors.authorizerConfFailure('invalid identity override'));
  }
  trace.decision = 'allow';
  trace.context = override.context;
  trace.reason = 'identity override: the function was not run; the context came with the request (workbench only)';
  return concludeDecision(exchange, trace, started);
}

function concludeDecision(exchange: Exchange, trace: AuthorizerTrace, started: number): undefined {
  // The context is available to templates even on deny (runtime.md §1.5).
  exchange.frontendContext = trace.context;
  switch (trace.decision) {
    case 'allow':
    case 'relaxed':
      finish(exchange, trace, started, 'ok');
      return undefined;
    case 'deny':
      finish(exchange, trace, started, 'fail');
      throw new GatewayFailure(Errors.authorizerDenied());
    default:
      finish(exchange, trace, started, 'fail');
      throw new GatewayFailure(Errors.authorizerConfFailure());
  }
}
