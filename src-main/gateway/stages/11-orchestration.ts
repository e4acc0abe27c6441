/**
 * Pipeline stage: parameter orchestration (runtime.md §5.7), after the request parameters are
 * read and checked. A parameter's rules run in their listed order: none_value first when the input
 * is absent or empty; then list / range / hash / hash_range / head_n / tail_n, where a
 * preprocessing rule's output becomes the input of the next rule and the first other rule that
 * matches produces the new parameter; default last. The new parameter goes to the backend.
 */
import { createHash } from 'node:crypto';
import type { OrchestrationRule, RequestParam } from '../../../src-shared/model';
import { Errors, type GatewayError } from '../../../src-shared/apig/errors';
import { addStage, GatewayFailure, type Exchange } from '../exchange';
import type { ParamValues } from './10-request-params';
import type { MappedParams } from '../backends/backend-params';

/** A failure with the sentence the trace shows for it. */
class OrchestrationStop extends GatewayFailure {
  constructor(
    error: GatewayError,
    readonly problem: string,
  ) {
    super(error);
  }
}

/** [U] APIG does not document its hash: the first 32 bits of SHA-256 of the value, as 8 hex digits. */
export function orchestrationHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 8);
}

/** [U] hash_range buckets: the 32-bit hash modulo 100, so ranges such as 0–49 / 50–99 split callers by share. */
export function hashRangeBucket(value: string): number {
  return parseInt(orchestrationHash(value), 16) % 100;
}

/** The rule's result for `input`, or undefined when the rule does not match it. */
function applyRule(rule: OrchestrationRule, input: string): string | undefined {
  const inRange = (n: number) => rule.map.find((e) => e.mapParamRange && n >= e.mapParamRange.rangeStart && n <= e.mapParamRange.rangeEnd);
  switch (rule.strategy) {
    case 'list':
      return rule.map.find((e) => e.mapParamList?.includes(input))?.mappedParamValue;
    case 'range': {
      const n = input.trim() === '' ? NaN : Number(input);
      return Number.isFinite(n) ? inRange(n)?.mappedParamValue : undefined;
    }
    case 'hash':
      return orchestrationHash(input);
    case 'hash_range':
      return inRange(hashRangeBucket(input))?.mappedParamValue;
    case 'head_n':
      return [...input].slice(0, rule.map[0]?.interceptLength ?? 0).join('');
    case 'tail_n': {
      const n = rule.map[0]?.interceptLength ?? 0;
      const chars = [...input];
      return chars.slice(Math.max(0, chars.length - n)).join('');
    }
    default:
      return undefined;
  }
}

function output(exchange: Exchange, rule: OrchestrationRule, value: string, steps: string[]): void {
  const m = rule.mappedParam!;
  (exchange.orchestrated ??= []).push({ name: m.name, location: m.location, value });
  steps.push(`${rule.name} (${rule.strategy}) → ${m.location} ${m.name}: "${value}"`);
}

function orchestrateParam(exchange: Exchange, param: RequestParam, rules: OrchestrationRule[], input: string | undefined, steps: string[]): void {
  const where = `${param.location.toLowerCase()} parameter ${param.name}`;
  if (input === undefined || input === '') {
    const none = rules.find((r) => r.strategy === 'none_value');
    if (none) return output(exchange, none, none.map[0]?.mappedParamValue ?? '', steps);
    throw new OrchestrationStop(
      Errors.orchestrationParameterNotFound(`${where} is absent and no none_value rule applies`),
      `${where} is absent and has no none_value rule → ORCHESTRATION_PARAMETER_NOT_FOUND`,
    );
  }
  let current = input;
  for (const rule of rules) {
    if (rule.strategy === 'none_value' || rule.strategy === 'default') continue;
    const result = applyRule(rule, current);
    if (result === undefined) {
      steps.push(`${rule.name} (${rule.strategy}) does not match "${current}"`);
      continue;
    }
    if (rule.isPreprocessing) {
      steps.push(`${rule.name} (${rule.strategy}, preprocessing) "${current}" → "${result}"`);
      current = result;
      continue;
    }
    return output(exchange, rule, result, steps);
  }
  const fallback = rules.find((r) => r.strategy === 'default');
  if (fallback) return output(exchange, fallback, fallback.map[0]?.mappedParamValue ?? '', steps);
  throw new OrchestrationStop(
    Errors.orchestrationFailure(`no orchestration rule matches ${where}`),
    `no rule matches "${current}" from ${where} and there is no default rule → ORCHESTRATION_FAILURE`,
  );
}

export function orchestrationStage(exchange: Exchange, values: ParamValues, rulesByName: Map<string, OrchestrationRule>): void {
  const started = performance.now();
  const orchestrated = exchange.api!.requestParams.filter((p) => p.orchestrations?.length);
  if (orchestrated.length === 0) {
    addStage(exchange, 'orchestration', 'skip', 'no request parameter has orchestration rules', started);
    return;
  }
  const steps: string[] = [];
  try {
    for (const param of orchestrated) {
      const rules: OrchestrationRule[] = [];
      for (const ref of param.orchestrations!) {
        const rule = rulesByName.get(ref);
        if (!rule) {
          throw new OrchestrationStop(
            Errors.internal(`orchestration rule ${ref} does not exist`),
            `orchestration rule ${ref} (named by parameter ${param.name}) does not exist in the workspace → 500`,
          );
        }
        rules.push(rule);
      }
      orchestrateParam(exchange, param, rules, values.get(param.name), steps);
    }
  } catch (error) {
    if (error instanceof OrchestrationStop) addStage(exchange, 'orchestration', 'fail', [...steps, error.problem].join('; '), started, { steps });
    throw error;
  }
  addStage(exchange, 'orchestration', 'ok', steps.join('; '), started, { steps, outputs: exchange.orchestrated });
}

/** Orchestrated parameters are passed to the backend by default (runtime.md §5.7), after the mapping. */
export function addOrchestratedParams(mapped: MappedParams, exchange: Exchange): void {
  for (const o of exchange.orchestrated ?? []) {
    const location = o.location === 'header' ? 'HEADER' : 'QUERY';
    mapped.trace.push({ name: o.name, location, origin: 'ORCHESTRATION', source: 'parameter orchestration', value: o.value });
    if (location === 'HEADER') {
      if (/[\r\n\0]/.test(o.value)) continue; // never split a header
      mapped.headers[o.name.toLowerCase()] = o.value;
    } else mapped.query.push([o.name, o.value]);
  }
}
