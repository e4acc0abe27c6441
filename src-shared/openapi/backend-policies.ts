/**
 * `x-apigateway-backend-policies` (openapi.md §5.13) <-> Api.backendPolicies.
 *
 * Conditions come in two vocabularies: the reference's table (`equal`, `request`, `parameter_name`)
 * and APIG's exports (`exact`, `param`, `parameter`). Both are read into the model's (REST) terms;
 * a condition read in the doc vocabulary is written back as it was read for as long as it is
 * unchanged (kept in Api.extra), new or edited conditions are written in the export vocabulary.
 */
import type { BackendConditionOrigin, BackendConditionType, BackendPolicy, BackendPolicyCondition } from '../model';
import { joinPointer, type DiagnosticSink } from './diagnostics';
import type { BackendPolicyExtra, FunctionRef } from './plan';
import { readBackend } from './read-backend';
import { writeBackend } from './write-backend';
import { cloneJson, FieldReader, isRecord, type Json } from './values';
import { lookup } from '../lookup';

export const BACKEND_POLICIES_KEY = 'x-apigateway-backend-policies';

const ORIGINS: Record<string, BackendConditionOrigin> = {
  param: 'param',
  request: 'param',
  source: 'source',
  system: 'system',
  cookie: 'cookie',
  frontend_authorizer: 'frontend_authorizer',
  orchestration: 'orchestration',
};
const TYPES: Record<string, BackendConditionType | undefined> = { exact: 'exact', equal: 'exact', enum: 'enum', pattern: 'pattern', '': undefined };
const CONDITION_KEYS = new Set(['type', 'origin', 'parameter', 'parameter_name', 'value']);
const POLICY_KEYS = new Set(['name', 'effectMode', 'conditions']);

export interface ReadPoliciesResult {
  policies: BackendPolicy[];
  extras: Record<string, BackendPolicyExtra>;
}

/**
 * undefined when the value is not a list. A policy that cannot be read is left out (its errors are
 * reported, so the import stops), the others are kept so the pre-flight can still check them.
 */
export function readBackendPolicies(raw: unknown, pointer: string, sink: DiagnosticSink, functionRefs: FunctionRef[]): ReadPoliciesResult | undefined {
  if (!Array.isArray(raw)) {
    sink.error(pointer, `${BACKEND_POLICIES_KEY} must be a list of policy backends`);
    return undefined;
  }
  const result: ReadPoliciesResult = { policies: [], extras: {} };
  raw.forEach((item, i) => {
    const at = joinPointer(pointer, i);
    if (!isRecord(item)) {
      sink.error(at, 'a backend policy must be an object with type, name, conditions and an endpoint');
      return;
    }
    const f = new FieldReader(item, at, sink);
    const name = f.string('name');
    if (!name) sink.error(f.at('name'), 'a backend policy needs a name');
    const effectMode = f.oneOf('effectMode', ['ALL', 'ANY'] as const) ?? 'ANY';
    const conditions = readConditions(f);
    const backend = readBackend(item, at, sink, functionRefs, 'backend-policy');
    if (!name || !conditions || !backend) return;
    result.policies.push({ name, effectMode, conditions: conditions.map((c) => c.read), backend: backend.backend });
    const extra: BackendPolicyExtra = {};
    const rest = backend.backendExtra && Object.fromEntries(Object.entries(backend.backendExtra).filter(([k]) => !POLICY_KEYS.has(k)));
    if (rest && Object.keys(rest).length) extra.backend = cloneJson(rest);
    if (backend.endpointExtra) extra.endpoint = cloneJson(backend.endpointExtra);
    conditions.forEach((c, j) => {
      // Kept only when writing the model would change what was read.
      if (!sameJson(c.raw, writeCondition(c.read))) (extra.conditions ??= {})[j] = { read: c.read, raw: cloneJson(c.raw) };
    });
    if (Object.keys(extra).length) result.extras[name] = extra;
  });
  return result;
}

function readConditions(f: FieldReader): { read: BackendPolicyCondition; raw: Json }[] | undefined {
  const list = f.array('conditions');
  if (!list) {
    if (!f.has('conditions')) f.sink.error(f.at('conditions'), 'a backend policy needs conditions');
    return undefined;
  }
  const out: { read: BackendPolicyCondition; raw: Json }[] = [];
  let ok = true;
  list.forEach((raw, j) => {
    const at = joinPointer(f.at('conditions'), j);
    if (!isRecord(raw)) {
      f.sink.error(at, 'a condition must be an object {type, origin, parameter, value}');
      ok = false;
      return;
    }
    const read = readCondition(new FieldReader(raw, at, f.sink));
    // Only the condition's own fields are kept (unknown ones were reported as dropped).
    if (read) out.push({ read, raw: Object.fromEntries(Object.entries(raw).filter(([k]) => CONDITION_KEYS.has(k))) });
    else ok = false;
  });
  return ok ? out : undefined;
}

function readCondition(c: FieldReader): BackendPolicyCondition | undefined {
  const rawOrigin = c.string('origin');
  const origin = rawOrigin === undefined ? undefined : lookup(ORIGINS, rawOrigin);
  if (!origin) {
    c.sink.error(c.at('origin'), `condition origin '${rawOrigin ?? ''}' is not one of param (or request), source, system, cookie, frontend_authorizer, orchestration`);
    return undefined;
  }
  const rawType = c.string('type') ?? '';
  // An empty type is allowed (TYPES maps it to undefined), so own-key presence is the test.
  if (!Object.prototype.hasOwnProperty.call(TYPES, rawType)) {
    c.sink.error(c.at('type'), `condition type '${rawType}' is not one of exact (or equal), enum, pattern`);
    return undefined;
  }
  const value = c.string('value');
  if (value === undefined) {
    c.sink.error(c.at('value'), 'a condition needs a value');
    return undefined;
  }
  const paramKey = c.has('parameter') ? 'parameter' : 'parameter_name';
  const paramName = c.string(paramKey);
  for (const key of Object.keys(c.rest(CONDITION_KEYS) ?? {})) c.sink.warning(c.at(key), `condition field '${key}' is not used by APIG and is not kept`);
  const condition: BackendPolicyCondition = { origin, value };
  const type = TYPES[rawType];
  if (type) condition.type = type;
  // A source condition lists IPs; whatever `parameter` says is meaningless there.
  if (origin !== 'source' && paramName) condition.paramName = paramName;
  return condition;
}

/** The export vocabulary: `exact`/`param`/`parameter`, `type: ''` for source conditions. */
export function writeCondition(c: BackendPolicyCondition): Json {
  const out: Json = { origin: c.origin };
  if (c.paramName !== undefined) out.parameter = c.paramName;
  out.type = c.type ?? '';
  out.value = c.value;
  return out;
}

export function writeBackendPolicies(policies: BackendPolicy[], extras: Record<string, BackendPolicyExtra> | undefined): Json[] {
  return policies.map((p) => {
    const extra = extras?.[p.name] ?? {};
    const conditions = p.conditions.map((c, j) => {
      const kept = extra.conditions?.[j];
      return kept && sameJson(kept.read, c) ? cloneJson(kept.raw) : writeCondition(c);
    });
    const out: Json = { ...writeBackend(p.backend, extra), conditions, effectMode: p.effectMode, name: p.name };
    return sortKeys(out);
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDeep(value[k])]));
}

function sortKeys(obj: Json): Json {
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
}
