/**
 * Policy rules (runtime.md §5): throttling, access control, plug-ins, parameter orchestration and
 * backend policies. Pure, shared by the store, the importer and the UI; the gateway reuses the
 * plug-in content parsers so what the store accepts is exactly what the gateway applies.
 */
import {
  ORCHESTRATION_STRATEGIES,
  PLUGIN_TYPES,
  THROTTLE_TIME_UNITS,
  type AccessControlPolicy,
  type Api,
  type Authorizer,
  type BackendPolicy,
  type BackendPolicyCondition,
  type OrchestrationRule,
  type Plugin,
  type ThrottlePolicy,
} from '../model';
import { parseIpList } from '../apig/ip-ranges';
import { linearRegExpProblem } from '../apig/linear-regexp';
import { IssueList, type RuleIssue } from './issues';
import { checkObjectName } from './names';

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type Draft<T> = Omit<T, 'id' | 'createdAt' | 'updatedAt'>;

export const POLICY_LIMITS = {
  /** api_call_limits ≤ 2,147,483,647. */
  maxCallLimit: 2_147_483_647,
  specialsPerType: 30,
  remarkLength: 255,
  aclEntries: 100,
  aclAccountValueLength: 1024,
  pluginContentLength: 65_535,
  respHeaders: 10,
  orchestrationMapEntries: 300,
  orchestrationListValues: 3000,
  backendPolicies: 5,
  /** TF: up to 5 conditions per backend policy. */
  backendPolicyConditions: 5,
} as const;

export type ThrottleInput = Optional<Draft<ThrottlePolicy>, 'type' | 'specials' | 'remark'>;
export type AccessControlInput = Optional<Draft<AccessControlPolicy>, 'remark'>;
export type PluginInput = Optional<Draft<Plugin>, 'remark'>;
export type OrchestrationInput = Optional<Draft<OrchestrationRule>, 'isPreprocessing'>;

export function withThrottleDefaults(input: ThrottleInput): Draft<ThrottlePolicy> {
  return { ...input, type: input.type ?? 1, specials: input.specials ?? [], remark: input.remark ?? '' };
}
export function withAccessControlDefaults(input: AccessControlInput): Draft<AccessControlPolicy> {
  return { ...input, remark: input.remark ?? '' };
}
export function withPluginDefaults(input: PluginInput): Draft<Plugin> {
  return { ...input, remark: input.remark ?? '' };
}
export function withOrchestrationDefaults(input: OrchestrationInput): Draft<OrchestrationRule> {
  return { ...input, isPreprocessing: input.isPreprocessing ?? false };
}

// ---------------------------------------------------------------- throttling (§5.1)

export function validateThrottle(t: Draft<ThrottlePolicy>): RuleIssue[] {
  const list = new IssueList();
  checkObjectName(list, 'name', t.name);
  const max = POLICY_LIMITS.maxCallLimit;
  const api = list.integer('apiCallLimits', t.apiCallLimits, 1, max) ? t.apiCallLimits : undefined;
  const limit = (field: 'userCallLimits' | 'appCallLimits' | 'ipCallLimits', ceiling: number | undefined, ceilingName: string) => {
    const v = t[field];
    if (v === undefined || v === null) return undefined;
    if (!list.integer(field, v, 1, max)) return undefined;
    if (ceiling !== undefined && v > ceiling) list.add(field, 'range', `must not exceed ${ceilingName} (${ceiling}); got ${v}`);
    return v;
  };
  const user = limit('userCallLimits', api, 'apiCallLimits');
  limit('appCallLimits', user ?? api, user !== undefined ? 'userCallLimits' : 'apiCallLimits');
  limit('ipCallLimits', api, 'apiCallLimits');
  list.integer('timeInterval', t.timeInterval, 1, max);
  list.oneOf('timeUnit', t.timeUnit, THROTTLE_TIME_UNITS);
  list.oneOf('type', t.type, [1, 2]);
  list.maxLength('remark', t.remark, POLICY_LIMITS.remarkLength);
  const specials = list.array('specials', t.specials);
  const seen = new Set<string>();
  const counts = { APP: 0, USER: 0 };
  specials.forEach((raw, i) => {
    const f = `specials[${i}]`;
    const s = (raw ?? {}) as ThrottlePolicy['specials'][number];
    if (!list.oneOf(`${f}.objectType`, s.objectType, ['APP', 'USER'])) return;
    counts[s.objectType]++;
    const id = list.string(`${f}.objectId`, s.objectId, { required: true });
    if (id !== undefined) {
      list.length(`${f}.objectId`, id, 1, 64);
      if (seen.has(`${s.objectType}:${id}`)) list.add(`${f}.objectId`, 'unique', `${s.objectType} ${id} has two special thresholds`);
      seen.add(`${s.objectType}:${id}`);
    }
    if (list.integer(`${f}.callLimits`, s.callLimits, 1, max) && api !== undefined && s.callLimits > api) {
      list.add(`${f}.callLimits`, 'range', `must not exceed apiCallLimits (${api}); got ${s.callLimits}`);
    }
  });
  for (const type of ['APP', 'USER'] as const) {
    if (counts[type] > POLICY_LIMITS.specialsPerType) {
      list.add('specials', 'max-count', `APIG allows at most ${POLICY_LIMITS.specialsPerType} excluded ${type === 'APP' ? 'apps' : 'tenants'} per policy (got ${counts[type]})`);
    }
  }
  return list.items;
}

// ---------------------------------------------------------------- access control (§5.3)

export function validateAccessControl(a: Draft<AccessControlPolicy>): RuleIssue[] {
  const list = new IssueList();
  checkObjectName(list, 'name', a.name);
  list.oneOf('aclType', a.aclType, ['PERMIT', 'DENY']);
  list.maxLength('remark', a.remark, POLICY_LIMITS.remarkLength);
  if (!list.oneOf('entityType', a.entityType, ['IP', 'DOMAIN', 'DOMAIN_ID'])) return list.items;
  const value = list.string('value', a.value, { required: true });
  if (value === undefined) return list.items;
  const entries = value.split(',').map((s) => s.trim());
  if (a.entityType === 'IP') {
    if (entries.length > POLICY_LIMITS.aclEntries) list.add('value', 'max-count', `at most ${POLICY_LIMITS.aclEntries} addresses, CIDRs or ranges (got ${entries.length})`);
    const parsed = parseIpList(value);
    if (!parsed.ok) for (const p of parsed.problems) list.add('value', 'ip', p);
    return list.items;
  }
  if (value.length > POLICY_LIMITS.aclAccountValueLength) list.add('value', 'length', `must be at most ${POLICY_LIMITS.aclAccountValueLength} characters in total (got ${value.length})`);
  for (const entry of entries) {
    const problem = a.entityType === 'DOMAIN' ? accountNameProblem(entry) : accountIdProblem(entry);
    if (problem) list.add('value', problem.rule, problem.message);
  }
  return list.items;
}

/** Why `name` cannot be an account (IAM domain) name in an ACL value (§5.3), or undefined when it can. */
export function accountNameProblem(name: string): Pick<RuleIssue, 'rule' | 'message'> | undefined {
  if (name.length < 1 || name.length > 64) return { rule: 'length', message: `account name "${name}" must be 1–64 characters` };
  if (/^\d+$/.test(name)) return { rule: 'pattern', message: `account name "${name}" must not be all digits` };
  // ACL values are comma-separated lists: a name holding a comma could never be listed.
  if (name.includes(',')) return { rule: 'pattern', message: `account name "${name}" must not contain commas` };
  return undefined;
}

/** Why `id` cannot be an account (IAM domain) ID in an ACL value (§5.3), or undefined when it can. */
export function accountIdProblem(id: string): Pick<RuleIssue, 'rule' | 'message'> | undefined {
  return /^[A-Za-z0-9]{32}$/.test(id) ? undefined : { rule: 'pattern', message: `account ID "${id}" must be 32 letters or digits` };
}

// ---------------------------------------------------------------- plug-ins (§5.5, §5.6)

export type RespHeaderAction = 'override' | 'append' | 'delete' | 'skip' | 'add';
export const RESP_HEADER_ACTIONS: readonly RespHeaderAction[] = ['override', 'append', 'delete', 'skip', 'add'];

export interface RespHeaderRule {
  name: string;
  value: string;
  action: RespHeaderAction;
}

/** Headers the response-header plug-in may not touch (runtime.md §3.5, §5.6). */
export function isProtectedResponseHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('x-apig-') || lower === 'x-request-id' || lower.startsWith('access-control-');
}

function parseJsonObject(list: IssueList, content: unknown): Record<string, unknown> | undefined {
  const text = list.string('content', content, { required: true });
  if (text === undefined) return undefined;
  if (text.length > POLICY_LIMITS.pluginContentLength) {
    list.add('content', 'length', `must be at most ${POLICY_LIMITS.pluginContentLength} characters (got ${text.length})`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    list.add('content', 'json', `is not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    list.add('content', 'json', 'must be a JSON object');
    return undefined;
  }
  return parsed as Record<string, unknown>;
}

/** set_resp_headers content: `{"response_headers":[{name, value, action}]}`. */
export function parseSetRespHeaders(content: string): { rules: RespHeaderRule[]; issues: RuleIssue[] } {
  const list = new IssueList();
  const rules: RespHeaderRule[] = [];
  const obj = parseJsonObject(list, content);
  if (!obj) return { rules, issues: list.items };
  const headers = list.array('content.response_headers', obj.response_headers, POLICY_LIMITS.respHeaders);
  const seen = new Set<string>();
  headers.forEach((raw, i) => {
    const f = `content.response_headers[${i}]`;
    const h = (raw ?? {}) as Record<string, unknown>;
    const name = list.string(`${f}.name`, h.name, { required: true });
    const okAction = list.oneOf(`${f}.action`, h.action, RESP_HEADER_ACTIONS);
    if (h.action !== 'delete' && typeof h.value !== 'string') list.add(`${f}.value`, 'type', 'must be a string');
    if (typeof h.value === 'string' && h.value.length > 1024) list.add(`${f}.value`, 'length', 'must be at most 1024 characters');
    if (name === undefined) return;
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}$/.test(name)) list.add(`${f}.name`, 'pattern', `"${name}" is not a valid header name`);
    if (isProtectedResponseHeader(name)) list.add(`${f}.name`, 'protected', `${name} cannot be changed by the plug-in (x-apig-*, x-request-id and CORS headers are reserved)`);
    if (seen.has(name.toLowerCase())) list.add(`${f}.name`, 'unique', `${name} appears twice (header names are case-insensitive)`);
    seen.add(name.toLowerCase());
    if (okAction) rules.push({ name, value: typeof h.value === 'string' ? h.value : '', action: h.action as RespHeaderAction });
  });
  return { rules, issues: list.items };
}

export function validatePlugin(p: Draft<Plugin>): RuleIssue[] {
  const list = new IssueList();
  checkObjectName(list, 'name', p.name);
  list.maxLength('remark', p.remark, POLICY_LIMITS.remarkLength);
  if (!list.oneOf('type', p.type, PLUGIN_TYPES)) return list.items;
  if (p.type === 'set_resp_headers') {
    list.items.push(...parseSetRespHeaders(p.content as string).issues);
    return list.items;
  }
  const obj = parseJsonObject(list, p.content);
  if (obj && p.type === 'cors') {
    for (const key of ['allow_origin', 'allow_methods', 'allow_headers', 'expose_headers']) {
      if (obj[key] !== undefined && typeof obj[key] !== 'string') list.add(`content.${key}`, 'type', 'must be a comma-separated string');
    }
    if (obj.max_age !== undefined && (typeof obj.max_age !== 'number' || !Number.isInteger(obj.max_age) || obj.max_age < 0)) {
      list.add('content.max_age', 'integer', 'must be a non-negative integer (seconds)');
    }
    if (obj.allow_credentials !== undefined && typeof obj.allow_credentials !== 'boolean') list.add('content.allow_credentials', 'type', 'must be true or false');
  }
  return list.items;
}

// ---------------------------------------------------------------- orchestration (§5.7)

const ORCHESTRATION_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const MAPPED_PARAM_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

export function validateOrchestration(o: Draft<OrchestrationRule>): RuleIssue[] {
  const list = new IssueList();
  const name = list.string('name', o.name, { required: true });
  if (name !== undefined && list.length('name', name, 3, 64)) list.pattern('name', name, ORCHESTRATION_NAME, 'must start with a letter and contain only letters, digits and _');
  if (!list.oneOf('strategy', o.strategy, ORCHESTRATION_STRATEGIES)) return list.items;
  list.boolean('isPreprocessing', o.isPreprocessing);
  const terminal = o.strategy === 'none_value' || o.strategy === 'default';
  if (terminal && o.isPreprocessing) list.add('isPreprocessing', 'strategy', `a ${o.strategy} rule cannot be a preprocessing rule`);
  if (!o.isPreprocessing || terminal) {
    const m = o.mappedParam;
    if (!m || typeof m !== 'object') list.add('mappedParam', 'required', 'is required unless the rule is a preprocessing rule');
    else {
      const n = list.string('mappedParam.name', m.name, { required: true });
      if (n !== undefined && list.length('mappedParam.name', n, 1, 128)) {
        list.pattern('mappedParam.name', n, MAPPED_PARAM_NAME, 'must start with a letter and contain only letters, digits and -');
      }
      list.oneOf('mappedParam.type', m.type, ['string', 'number']);
      list.oneOf('mappedParam.location', m.location, ['header', 'query']);
    }
  }
  const map = list.array('map', o.map, POLICY_LIMITS.orchestrationMapEntries) as OrchestrationRule['map'];
  const single = terminal || o.strategy === 'head_n' || o.strategy === 'tail_n';
  if (single && map.length !== 1) list.add('map', 'count', `a ${o.strategy} rule has exactly one map entry (got ${map.length})`);
  if (!single && o.strategy !== 'hash' && map.length === 0) list.add('map', 'count', `a ${o.strategy} rule needs at least one map entry`);
  let listValues = 0;
  const seenValues = new Set<string>();
  map.forEach((raw, i) => {
    const f = `map[${i}]`;
    const e = (raw ?? {}) as OrchestrationRule['map'][number];
    const needsValue = o.strategy !== 'hash' && o.strategy !== 'head_n' && o.strategy !== 'tail_n';
    if (needsValue) {
      const v = list.string(`${f}.mappedParamValue`, e.mappedParamValue, { required: true });
      if (v !== undefined) list.length(`${f}.mappedParamValue`, v, 1, 128);
    }
    if (o.strategy === 'list') {
      const values = list.array(`${f}.mapParamList`, e.mapParamList);
      if (values.length === 0) list.add(`${f}.mapParamList`, 'required', 'needs at least one input value');
      values.forEach((v, j) => {
        if (typeof v !== 'string' || v.length < 1 || v.length > 128) list.add(`${f}.mapParamList[${j}]`, 'length', 'must be a string of 1–128 characters');
        else if (seenValues.has(v)) list.add(`${f}.mapParamList[${j}]`, 'unique', `input value "${v}" is mapped twice`);
        seenValues.add(String(v));
      });
      listValues += values.length;
    }
    if (o.strategy === 'range' || o.strategy === 'hash_range') {
      const r = e.mapParamRange;
      if (!r || typeof r !== 'object') list.add(`${f}.mapParamRange`, 'required', `is required for ${o.strategy}`);
      else if (typeof r.rangeStart !== 'number' || typeof r.rangeEnd !== 'number' || !Number.isFinite(r.rangeStart) || !Number.isFinite(r.rangeEnd)) {
        list.add(`${f}.mapParamRange`, 'type', 'rangeStart and rangeEnd must be numbers');
      } else if (r.rangeStart > r.rangeEnd) list.add(`${f}.mapParamRange`, 'range', `rangeStart ${r.rangeStart} is greater than rangeEnd ${r.rangeEnd}`);
    }
    if (o.strategy === 'head_n' || o.strategy === 'tail_n') list.integer(`${f}.interceptLength`, e.interceptLength, 1, 65_535);
  });
  if (listValues > POLICY_LIMITS.orchestrationListValues) {
    list.add('map', 'max-count', `a list rule maps at most ${POLICY_LIMITS.orchestrationListValues} input values (got ${listValues})`);
  }
  return list.items;
}

// ---------------------------------------------------------------- backend policies (§5.4)

export const SYSTEM_CONDITION_PARAMS = ['req_path', 'req_method', 'reqPath', 'reqMethod'] as const;
const FRONTEND_CONTEXT_PARAM = /^\$context\.authorizer\.frontend\.[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export interface BackendPolicyRuleContext {
  authorizers?: ReadonlyArray<Pick<Authorizer, 'id' | 'name' | 'type'>>;
  /** Checks one policy backend exactly as the API's default backend is checked; fields start with `backend`. */
  checkBackend: (backend: BackendPolicy['backend']) => RuleIssue[];
}

function checkCondition(list: IssueList, f: string, c: BackendPolicyCondition, api: Pick<Api, 'requestParams' | 'authorizerId'>): void {
  if (!list.oneOf(`${f}.origin`, c.origin, ['param', 'source', 'system', 'cookie', 'frontend_authorizer', 'orchestration'])) return;
  const value = list.string(`${f}.value`, c.value, { required: true });
  if (value !== undefined) list.length(`${f}.value`, value, 1, 1024);
  if (c.origin === 'source') {
    if (value !== undefined) {
      const parsed = parseIpList(value, false);
      if (!parsed.ok) for (const p of parsed.problems) list.add(`${f}.value`, 'ip', p);
    }
    return;
  }
  const typeOk = list.oneOf(`${f}.type`, c.type, ['exact', 'enum', 'pattern']);
  const name = list.string(`${f}.paramName`, c.paramName, { required: true });
  if (typeOk && c.type === 'pattern' && value !== undefined) {
    const problem = linearRegExpProblem(value);
    if (problem) list.add(`${f}.value`, 'pattern', problem);
  }
  if (name === undefined) return;
  switch (c.origin) {
    case 'param':
      if (!api.requestParams.some((p) => typeof p?.name === 'string' && p.name.toLowerCase() === name.toLowerCase())) {
        list.add(`${f}.paramName`, 'request-param-exists', `names request parameter ${name}, which the API does not declare`);
      }
      break;
    case 'system':
      if (!(SYSTEM_CONDITION_PARAMS as readonly string[]).includes(name)) {
        list.add(`${f}.paramName`, 'system-param', `must be req_path or req_method (got "${name}")`);
      } else if ((name === 'req_method' || name === 'reqMethod') && c.type === 'pattern') {
        list.add(`${f}.type`, 'system-param', 'req_method conditions allow only exact or enum');
      }
      break;
    case 'cookie':
      list.length(`${f}.paramName`, name, 1, 255);
      break;
    case 'frontend_authorizer':
      if (!FRONTEND_CONTEXT_PARAM.test(name)) {
        list.add(`${f}.paramName`, 'pattern', `must be $context.authorizer.frontend.<key> with a key of 1–32 letters, digits, _ or - starting with a letter (got "${name}")`);
      }
      if (!api.authorizerId) list.add(`${f}.origin`, 'authorizer', 'a frontend_authorizer condition needs a frontend custom authorizer on the API');
      break;
    case 'orchestration':
      list.length(`${f}.paramName`, name, 1, 128);
      break;
  }
}

export function validateBackendPolicies(api: Pick<Api, 'requestParams' | 'authorizerId' | 'backendPolicies'>, ctx: BackendPolicyRuleContext): RuleIssue[] {
  const list = new IssueList();
  if (api.backendPolicies === undefined) return list.items;
  const policies = list.array('backendPolicies', api.backendPolicies, POLICY_LIMITS.backendPolicies) as BackendPolicy[];
  const names = new Set<string>();
  policies.forEach((raw, i) => {
    const f = `backendPolicies[${i}]`;
    const p = (raw ?? {}) as BackendPolicy;
    checkObjectName(list, `${f}.name`, p.name);
    if (typeof p.name === 'string') {
      if (names.has(p.name)) list.add(`${f}.name`, 'unique', `two backend policies are named ${p.name}`);
      names.add(p.name);
    }
    list.oneOf(`${f}.effectMode`, p.effectMode, ['ALL', 'ANY']);
    const conditions = list.array(`${f}.conditions`, p.conditions, POLICY_LIMITS.backendPolicyConditions) as BackendPolicyCondition[];
    if (Array.isArray(p.conditions) && conditions.length === 0) list.add(`${f}.conditions`, 'required', 'a backend policy needs at least one condition');
    conditions.forEach((c, j) => checkCondition(list, `${f}.conditions[${j}]`, (c ?? {}) as BackendPolicyCondition, api));
    if (!p.backend || typeof p.backend !== 'object') list.add(`${f}.backend`, 'required', 'is required');
    else list.nested(f, ctx.checkBackend(p.backend));
  });
  return list.items;
}
