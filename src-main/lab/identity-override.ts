/**
 * Identity override (issue 13, item 7): a request can ask the local gateway to skip the frontend
 * custom authorizer and use a given context instead ("send as context X"), to try an API as a
 * given user without building a token for it. The request carries the context as JSON in
 * IDENTITY_OVERRIDE_HEADER; the gateway removes the header (a backend never sees it), checks the
 * context against the authorizer result contract, and marks the trace. APIG has no such thing, so
 * test suites refuse it unless a case asks for it, and trace exports refuse it unless told.
 */
import { checkAuthorizerResult, type AuthorizerContext } from '../../src-shared/apig/authorizer-result';
import type { IncomingHttpHeaders } from 'node:http';

export const IDENTITY_OVERRIDE_HEADER = 'x-apig-workbench-as-context';

export type IdentityOverride = { ok: true; context: AuthorizerContext } | { ok: false; problem: string };

/** Takes the override out of the request's headers; undefined when the request has none. */
export function takeIdentityOverride(headers: IncomingHttpHeaders, options: { allowNumberAndBooleanContext: boolean }): IdentityOverride | undefined {
  const raw = headers[IDENTITY_OVERRIDE_HEADER];
  if (raw === undefined) return undefined;
  delete headers[IDENTITY_OVERRIDE_HEADER];
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  let context: unknown;
  try {
    context = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${IDENTITY_OVERRIDE_HEADER} must be a JSON object of context values, got ${JSON.stringify(text.slice(0, 80))}` };
  }
  // The same rules as a function's context, so an override cannot produce what APIG would refuse.
  const verdict = checkAuthorizerResult({ statusCode: 200, body: JSON.stringify({ status: 'allow', context }) }, options);
  if (verdict.decision !== 'allow') return { ok: false, problem: `${IDENTITY_OVERRIDE_HEADER}: ${verdict.violations.join('; ') || verdict.reason}` };
  return { ok: true, context: verdict.context };
}

/** True when the trace of a request shows an identity override (for suites and exports). */
export function usedIdentityOverride(trace: { authorizers: { identityOverride?: boolean }[] } | undefined): boolean {
  return trace?.authorizers.some((a) => a.identityOverride === true) ?? false;
}
