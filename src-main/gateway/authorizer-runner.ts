/**
 * Runs a custom authorizer's function once and turns its outcome into a decision, applying the
 * result contract and relaxed mode. Shared by the gateway and the editor's "Test" button, so a
 * test in the editor judges exactly as a request through the gateway does.
 */
import type { Authorizer, LocalFunction } from '../../src-shared/model';
import { functionNameFromUrn } from '../../src-shared/model';
import { checkAuthorizerResult, type AuthorizerContext } from '../../src-shared/apig/authorizer-result';
import type { AuthorizerDecision } from '../../src-shared/trace';
import type { FunctionHost } from '../functions/function-host';
import type { InjectedFault } from '../../src-shared/lab/faults';
import { lintEventReads, type EventLint } from '../../src-shared/lab/event-lint';
import type { FaultInjector, InjectedOutcome } from '../lab/fault-injector';

export interface AuthorizerRun {
  decision: Exclude<AuthorizerDecision, 'identities-failure'>;
  reason: string;
  violations: string[];
  context: AuthorizerContext;
  rawResult?: unknown;
  logs: string[];
  durationMs: number;
  /** Set when a failure-injection rule changed this call (the lab). */
  injected?: InjectedFault;
  /** Event fields the function read that may not work the same on APIG (the lab's lint). */
  eventLint?: EventLint;
}

export interface AuthorizerRunOptions {
  /** Gateway feature authorizer_context_support_num_bool. */
  allowNumberAndBooleanContext: boolean;
  /** The gateway's failure-injection rules (absent for the editor's Test button). */
  faults?: FaultInjector;
}

export async function runAuthorizer(
  host: FunctionHost,
  authorizer: Authorizer,
  fn: LocalFunction | undefined,
  event: unknown,
  requestId: string,
  options: AuthorizerRunOptions,
): Promise<AuthorizerRun> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
  if (!fn) {
    const name = functionNameFromUrn(authorizer.functionUrn);
    return {
      decision: 'error',
      reason: `function "${name}" (from ${authorizer.functionUrn}) has no local code bound → AUTHORIZER_CONF_FAILURE`,
      violations: [],
      context: {},
      logs: [],
      durationMs: elapsed(),
    };
  }

  const invokeOptions = { requestId, timeoutMs: authorizer.timeoutMs };
  const outcome: InjectedOutcome = options.faults
    ? await options.faults.invoke(host, fn, event, invokeOptions, { authorizerId: authorizer.id })
    : await host.invoke(fn, event, invokeOptions);
  const injected = outcome.injected;
  // Backend authorizers get no identity sources: every header or query read is then flagged.
  const eventLint = lintEventReads(outcome.eventReads, authorizer);
  if (!outcome.ok) {
    const failure = outcome.failure!;
    const what = `the function failed (${failure.kind}: ${failure.message})`;
    // A failed invocation is what FunctionGraph reports as a 5xx: relaxed mode lets it through.
    const tolerated = authorizer.relaxed && failure.kind !== 'result-too-large';
    return {
      decision: tolerated ? 'relaxed' : 'error',
      reason: tolerated
        ? `${what}; relaxed mode is on → request passes with an empty context`
        : `${what} → AUTHORIZER_CONF_FAILURE`,
      violations: failure.kind === 'result-too-large' ? ['the function response must be at most 1 MB'] : [],
      context: {},
      logs: outcome.logs,
      durationMs: elapsed(),
      injected,
      eventLint,
    };
  }

  const verdict = checkAuthorizerResult(outcome.result, options);
  const base = { rawResult: outcome.result, logs: outcome.logs, durationMs: elapsed(), violations: verdict.violations, injected, eventLint };
  if (verdict.decision === 'error' && verdict.serverError && authorizer.relaxed) {
    return {
      ...base,
      decision: 'relaxed',
      reason: `statusCode ${verdict.statusCode} is a 5xx and relaxed mode is on → request passes with an empty context`,
      context: {},
    };
  }
  const reason =
    verdict.decision === 'error' && authorizer.relaxed && !verdict.serverError
      ? `${verdict.reason} (relaxed mode tolerates only an unreachable or 5xx function)`
      : verdict.reason;
  return { ...base, decision: verdict.decision, reason, context: verdict.context };
}
