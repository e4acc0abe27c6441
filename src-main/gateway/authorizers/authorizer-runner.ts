/**
 * Runs a custom authorizer's function (with its retries) and turns the outcome into a decision,
 * applying the result contract and relaxed mode. Shared by the gateway and the editor's "Test" button, so a
 * test in the editor judges exactly as a request through the gateway does.
 */
import type { Authorizer, LocalFunction } from '../../../src-shared/model';
import { functionNameFromUrn } from '../../../src-shared/model';
import { checkAuthorizerResult, type AuthorizerContext } from '../../../src-shared/apig/authorizer-result';
import type { AuthorizerAttempt, AuthorizerDecision, AuthorizerTrace } from '../../../src-shared/trace';
import type { FunctionHost } from '../../functions/function-host';
import type { InjectedFault } from '../../../src-shared/lab/faults';
import { lintEventReads, type EventLint } from '../../../src-shared/lab/event-lint';
import type { FaultInjector, InjectedOutcome } from '../../lab/fault-injector';

export interface AuthorizerRun {
  decision: Exclude<AuthorizerDecision, 'identities-failure'>;
  reason: string;
  violations: string[];
  context: AuthorizerContext;
  rawResult?: unknown;
  logs: string[];
  durationMs: number;
  /** Every invocation made, in order; more than one only when retry_attempts retried a failure. */
  attempts: AuthorizerAttempt[];
  /** Set when a failure-injection rule changed this call (the lab). */
  injected?: InjectedFault;
  /** Event fields the function read that may not work the same on APIG (the lab's lint). */
  eventLint?: EventLint;
  /** The event exactly as the function got it, as JSON text (absent when no call was made). */
  eventJson?: string;
}

export interface AuthorizerRunOptions {
  /** Gateway feature authorizer_context_support_num_bool. */
  allowNumberAndBooleanContext: boolean;
  /** The gateway's failure-injection rules (absent for the editor's Test button). */
  faults?: FaultInjector;
}

/**
 * The local function an authorizer names (its URN's function segment), worked out once per
 * authorizer object of the compiled view (a workspace change brings new objects), not per request.
 */
const functionNames = new WeakMap<Authorizer, string>();
export function authorizerFunctionName(authorizer: Authorizer): string {
  let name = functionNames.get(authorizer);
  if (name === undefined) {
    name = functionNameFromUrn(authorizer.functionUrn);
    functionNames.set(authorizer, name);
  }
  return name;
}

/** Milliseconds since `started` (performance.now()), to the microsecond. */
function msSince(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

/** An authorizer stage's sentence, "name: reason", written when the trace is read (see StageLog). */
export const authorizerSaid = (authorizer: string, reason: string) => `${authorizer}: ${reason}`;

export async function runAuthorizer(
  host: FunctionHost,
  authorizer: Authorizer,
  fn: LocalFunction | undefined,
  event: unknown,
  requestId: string,
  options: AuthorizerRunOptions,
): Promise<AuthorizerRun> {
  const started = performance.now();
  if (!fn) {
    const name = authorizerFunctionName(authorizer);
    return {
      decision: 'error',
      reason: `function "${name}" (from ${authorizer.functionUrn}) has no local code bound → AUTHORIZER_CONF_FAILURE`,
      violations: [],
      context: {},
      logs: [],
      durationMs: msSince(started),
      attempts: [],
    };
  }

  // [U] "If there is a retry request, the last returned result is used" (APIG, creating a custom
  // authorizer): a failed invocation (error, timeout, crash) is retried up to retry_attempts times;
  // a returned result, whatever it says, ends the retries. The last outcome is what counts.
  // (In line, not a helper of its own: every async layer costs allocations on each uncached call.)
  const attempts: AuthorizerAttempt[] = [];
  const invokeOptions = { requestId, timeoutMs: authorizer.timeoutMs };
  const faults = options.faults;
  let outcome: InjectedOutcome;
  do {
    outcome = await (faults ? faults.invoke(host, fn, event, invokeOptions, { authorizerId: authorizer.id }) : host.invoke(fn, event, invokeOptions));
    attempts.push(
      outcome.ok
        ? { outcome: 'returned', durationMs: outcome.durationMs }
        : { outcome: 'failed', failure: `${outcome.failure.kind}: ${outcome.failure.message}`, durationMs: outcome.durationMs },
    );
  } while (!outcome.ok && attempts.length <= authorizer.retryAttempts);
  const retried = attempts.length > 1 ? ` (attempt ${attempts.length} of ${attempts.length}, retry_attempts ${authorizer.retryAttempts}: the last result is used)` : '';
  const injected = outcome.injected;
  // Backend authorizers get no identity sources: every header or query read is then flagged.
  const eventLint = lintFor(authorizer, outcome.eventReads);
  if (!outcome.ok) {
    const { failure } = outcome;
    const what = `the function failed (${failure.kind}: ${failure.message})${retried}`;
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
      durationMs: msSince(started),
      attempts,
      injected,
      eventLint,
      eventJson: outcome.eventJson,
    };
  }

  const verdict = checkAuthorizerResult(outcome.result, options);
  const relaxedPass = verdict.decision === 'error' && verdict.serverError && authorizer.relaxed;
  let reason: string;
  if (relaxedPass) reason = `statusCode ${verdict.statusCode} is a 5xx and relaxed mode is on → request passes with an empty context`;
  else if (verdict.decision === 'error' && authorizer.relaxed) reason = `${verdict.reason} (relaxed mode tolerates only an unreachable or 5xx function)`;
  else reason = verdict.reason;
  // One literal, no spread: on this path (every uncached call) V8's object spread allocated ten
  // times what the object itself takes (measured: 1.3 KB per call).
  return {
    decision: relaxedPass ? 'relaxed' : verdict.decision,
    reason: reason + retried,
    violations: verdict.violations,
    context: relaxedPass ? {} : verdict.context,
    rawResult: outcome.result,
    logs: outcome.logs,
    durationMs: msSince(started),
    attempts,
    injected,
    eventLint,
    eventJson: outcome.eventJson,
  };
}

/** Distinct read lists remembered per authorizer; a function whose reads vary more is linted each time past this. */
const LINTS_PER_AUTHORIZER = 32;
/**
 * The lint of each read list an authorizer's function made, per authorizer object (the compiled
 * view replaces it on every edit): a function reads the same fields call after call, and linting
 * (two sorts, sets, messages) cost more allocation than anything else of an uncached JS
 * authorizer's own. A lint is never changed once made, so calls share it.
 */
const lintsByAuthorizer = new WeakMap<Authorizer, Map<string, EventLint | undefined>>();
function lintFor(authorizer: Authorizer, reads: string[] | undefined): EventLint | undefined {
  if (!reads || reads.length === 0) return undefined;
  let lints = lintsByAuthorizer.get(authorizer);
  if (!lints) lintsByAuthorizer.set(authorizer, (lints = new Map()));
  // JSON, not a join: a handler may read a property whose name holds any character.
  const key = JSON.stringify(reads);
  if (lints.has(key)) return lints.get(key);
  const lint = lintEventReads(reads, authorizer);
  if (lints.size < LINTS_PER_AUTHORIZER) lints.set(key, lint);
  return lint;
}

/**
 * Writes a run's outcome into an authorizer's trace: one mapping for the gateway's legs and the
 * editor's Test. Field by field: Object.assign with a fresh object allocated twice as much per call.
 */
export function recordRun(trace: AuthorizerTrace, run: AuthorizerRun): void {
  trace.rawResult = run.rawResult;
  trace.logs = run.logs;
  trace.decision = run.decision;
  trace.reason = run.reason;
  trace.violations = run.violations.length > 0 ? run.violations : undefined;
  trace.context = run.context;
  trace.attempts = run.attempts;
  trace.injectedFault = run.injected;
  trace.eventLint = run.eventLint;
}
