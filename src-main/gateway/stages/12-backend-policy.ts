/**
 * Pipeline stage: backend policies (runtime.md §5.4). Policies are tried in their listed order;
 * the first whose conditions hold (ALL: every one, ANY: at least one) supplies the backend, with
 * its own backend parameters and backend authorizer. None matching → the API's default backend.
 */
import type { BackendPolicyCondition } from '../../../src-shared/model';
import type { BackendPolicyConditionTrace, BackendPolicyDetail } from '../../../src-shared/trace';
import { findIpRange, parseIpList } from '../../../src-shared/apig/ip-ranges';
import { FRONTEND_AUTHORIZER_PREFIX } from '../../../src-shared/apig/system-parameters';
import { addStage, headerValue, type Exchange } from '../exchange';
import type { ParamValues } from './10-request-params';
import { cachedRegExp } from '../view/regexp-cache';
import { lookup } from '../../../src-shared/lookup';

/** [U] A pattern must match the whole value (PCRE-style anchoring). An invalid one (the store refuses them) never matches. */
function fullMatch(pattern: string, input: string): boolean {
  const re = cachedRegExp(pattern);
  return re !== null && re.fullMatch(input);
}

export function readCookie(exchange: Exchange, name: string): string | undefined {
  const header = headerValue(exchange.headers, 'cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function conditionInput(c: BackendPolicyCondition, exchange: Exchange, values: ParamValues): string | undefined {
  const name = c.paramName ?? '';
  switch (c.origin) {
    case 'param': {
      // Parameter names are case-insensitive in APIG.
      const declared = exchange.api!.requestParams.find((p) => p.name.toLowerCase() === name.toLowerCase());
      return declared && values.get(declared.name);
    }
    case 'source':
      return exchange.sourceIp;
    case 'system':
      if (name === 'req_path' || name === 'reqPath') return exchange.path;
      if (name === 'req_method' || name === 'reqMethod') return exchange.method;
      return undefined;
    case 'cookie':
      return readCookie(exchange, name);
    case 'frontend_authorizer': {
      const key = name.startsWith(FRONTEND_AUTHORIZER_PREFIX) ? name.slice(FRONTEND_AUTHORIZER_PREFIX.length) : name;
      const v = lookup(exchange.frontendContext, key);
      // Booleans compare as lower-case text ("true"), as APIG requires of condition values.
      return v === undefined ? undefined : String(v);
    }
    case 'orchestration':
      return exchange.orchestrated?.find((o) => o.name === name)?.value;
  }
}

function describeCondition(c: BackendPolicyCondition): string {
  if (c.origin === 'source') return `source IP in ${c.value}`;
  const op = c.type === 'exact' ? '=' : c.type === 'enum' ? 'in' : '~';
  return `${c.origin} ${c.paramName} ${op} ${c.value}`;
}

export function evaluateCondition(c: BackendPolicyCondition, exchange: Exchange, values: ParamValues): BackendPolicyConditionTrace {
  const input = conditionInput(c, exchange, values);
  let matched = false;
  if (input !== undefined) {
    if (c.origin === 'source') {
      const parsed = parseIpList(c.value);
      matched = parsed.ok && findIpRange(parsed.ranges, input) !== undefined;
    } else if (c.type === 'exact') matched = input === c.value;
    else if (c.type === 'enum') matched = c.value.split(',').map((v) => v.trim()).includes(input);
    else if (c.type === 'pattern') matched = fullMatch(c.value, input);
  }
  return { condition: describeCondition(c), input, matched };
}

export function backendPolicyStage(exchange: Exchange, values: ParamValues): void {
  const started = performance.now();
  const api = exchange.api!;
  const policies = api.backendPolicies ?? [];
  exchange.selectedBackend = api.backend;
  if (policies.length === 0) {
    addStage(exchange, 'backend-policy', 'skip', 'no backend policies → default backend', started);
    return;
  }
  const tried: BackendPolicyDetail['tried'] = [];
  for (const policy of policies) {
    const conditions = policy.conditions.map((c) => evaluateCondition(c, exchange, values));
    const matched = policy.effectMode === 'ALL' ? conditions.every((r) => r.matched) : conditions.some((r) => r.matched);
    tried.push({ policy: policy.name, effectMode: policy.effectMode, conditions, matched });
    if (matched) {
      exchange.selectedBackend = policy.backend;
      const which = conditions.filter((r) => r.matched).map((r) => `${r.condition} (got "${r.input}")`).join(policy.effectMode === 'ALL' ? ' and ' : ', ');
      addStage(exchange, 'backend-policy', 'ok', `backend policy ${policy.name} matched (${policy.effectMode}): ${which} → its ${policy.backend.type} backend`, started, {
        policy: policy.name,
        tried,
      });
      return;
    }
  }
  addStage(exchange, 'backend-policy', 'ok', `none of ${policies.map((p) => p.name).join(', ')} matched → default backend`, started, { policy: null, tried });
}
