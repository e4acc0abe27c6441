/**
 * Failure injection (issue 13, item 3): rules that make the gateway see a failing authorizer or
 * function without changing its code, so every documented failure path (AUTHORIZER_CONF_FAILURE,
 * relaxed mode, BACKEND_TIMEOUT, …) can be walked through locally. Rules live in the running
 * gateway, not in the workspace: they are a debugging session's state, never exported or deployed.
 */

export const FAULT_KINDS = ['timeout', 'exception', 'crash', 'status', 'malformed', 'latency'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which invocations a rule applies to: one authorizer's calls, or every call of one function. */
export type FaultTarget = { authorizerId: string } | { functionName: string };

/** When a rule fires: on the next N matching calls (then it is spent), or on a share of them. */
export type FaultTrigger = { nextCalls: number } | { percent: number };

export interface FaultRuleInput {
  target: FaultTarget;
  kind: FaultKind;
  /** kind 'status': the statusCode the function "returns" (400–599). */
  statusCode?: number;
  /** kind 'latency': added before the real function runs; it counts against the function's timeout. */
  latencyMs?: number;
  trigger: FaultTrigger;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** For nextCalls: how many calls are still to fail. */
  remaining?: number;
  /** How many calls this rule has changed so far. */
  fired: number;
}

/** What the trace records when a call was changed by a rule. */
export interface InjectedFault {
  ruleId: string;
  kind: FaultKind;
  /** Plain words: "injected timeout (rule 2, 1 of 3 calls left)". */
  summary: string;
}

export const MAX_LATENCY_MS = 10 * 60 * 1000;

/** Checks a rule from a host or a file; returns the problems, each naming the field. */
export function faultRuleProblems(input: FaultRuleInput): string[] {
  const problems: string[] = [];
  const target = input.target as Partial<{ authorizerId: unknown; functionName: unknown }> | undefined;
  const hasAuthorizer = typeof target?.authorizerId === 'string' && target.authorizerId !== '';
  const hasFunction = typeof target?.functionName === 'string' && target.functionName !== '';
  if (hasAuthorizer === hasFunction) problems.push('target: give exactly one of authorizerId or functionName');
  if (!(FAULT_KINDS as readonly string[]).includes(input.kind)) problems.push(`kind: must be one of ${FAULT_KINDS.join(', ')}`);
  if (input.kind === 'status') {
    if (!Number.isInteger(input.statusCode) || input.statusCode! < 400 || input.statusCode! > 599) problems.push('statusCode: a status fault needs a 4xx or 5xx statusCode (400–599)');
  } else if (input.statusCode !== undefined) problems.push(`statusCode: only a status fault takes a statusCode (this is ${input.kind})`);
  if (input.kind === 'latency') {
    if (!Number.isInteger(input.latencyMs) || input.latencyMs! < 1 || input.latencyMs! > MAX_LATENCY_MS) problems.push(`latencyMs: a latency fault needs 1–${MAX_LATENCY_MS} ms`);
  } else if (input.latencyMs !== undefined) problems.push(`latencyMs: only a latency fault takes latencyMs (this is ${input.kind})`);
  const trigger = input.trigger as Partial<{ nextCalls: unknown; percent: unknown }> | undefined;
  if (trigger?.nextCalls !== undefined && trigger?.percent !== undefined) problems.push('trigger: give nextCalls or percent, not both');
  else if (trigger?.nextCalls !== undefined) {
    if (!Number.isInteger(trigger.nextCalls) || (trigger.nextCalls as number) < 1 || (trigger.nextCalls as number) > 1_000_000) problems.push('trigger.nextCalls: must be a whole number 1–1000000');
  } else if (trigger?.percent !== undefined) {
    if (typeof trigger.percent !== 'number' || !(trigger.percent > 0 && trigger.percent <= 100)) problems.push('trigger.percent: must be more than 0 and at most 100');
  } else problems.push('trigger: give nextCalls (the next N calls) or percent (a share of calls)');
  return problems;
}

export function describeFault(rule: Pick<FaultRuleInput, 'kind' | 'statusCode' | 'latencyMs'>): string {
  switch (rule.kind) {
    case 'status':
      return `statusCode ${rule.statusCode}`;
    case 'latency':
      return `${rule.latencyMs} ms added latency`;
    case 'malformed':
      return 'malformed result';
    default:
      return rule.kind;
  }
}
