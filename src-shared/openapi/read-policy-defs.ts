/**
 * Root-level policy maps -> drafts of the workspace's policy entities:
 * `x-apigateway-ratelimits` (throttling), `x-apigateway-access-controls` (ACL) — APIG's own — and
 * `x-apigateway-plugins` / `x-apigateway-orchestrations` maps, which only the workbench writes
 * (APIG files name plug-ins and rules without defining them; see docs/fidelity.md).
 * Shapes are read leniently (numbers as strings, lower-case units) and written back in one form.
 */
import {
  ORCHESTRATION_STRATEGIES,
  PLUGIN_TYPES,
  THROTTLE_TIME_UNITS,
  type OrchestrationMapEntry,
  type OrchestrationRule,
  type ThrottleSpecial,
  type ThrottleTimeUnit,
} from '../model';
import { joinPointer, type DiagnosticSink } from './diagnostics';
import type { AccessControlDraft, OrchestrationDraft, PluginDraft, ThrottleDraft } from './plan';
import { FieldReader, isRecord, type Json } from './values';

/** Field names of each map entry as the file spells them (also used to place pre-flight issues). */
export const THROTTLE_KEYS = {
  apiCallLimits: 'api-limit',
  userCallLimits: 'user-limit',
  appCallLimits: 'app-limit',
  ipCallLimits: 'ip-limit',
  timeInterval: 'interval',
  timeUnit: 'unit',
  type: 'shared',
  specials: 'special',
  objectType: 'type',
  objectId: 'instance',
  callLimits: 'limit',
} as const;
export const ACL_KEYS = { aclType: 'acl-type', entityType: 'entity-type', value: 'value' } as const;
export const PLUGIN_KEYS = { type: 'plugin_type', content: 'plugin_content', remark: 'remark' } as const;
export const ORCHESTRATION_KEYS = {
  strategy: 'orchestration_strategy',
  isPreprocessing: 'is_preprocessing',
  mappedParam: 'orchestration_mapped_param',
  name: 'mapped_param_name',
  type: 'mapped_param_type',
  location: 'mapped_param_location',
  map: 'orchestration_map',
  mapParamList: 'map_param_list',
  mapParamRange: 'map_param_range',
  rangeStart: 'range_start',
  rangeEnd: 'range_end',
  mappedParamValue: 'mapped_param_value',
  interceptLength: 'intercept_length',
} as const;

/** Each entry of a root map, checked to be an object; reports the ones that are not. */
function entries(map: Json, pointer: string, sink: DiagnosticSink, what: string): [string, FieldReader][] {
  const out: [string, FieldReader][] = [];
  for (const [name, def] of Object.entries(map)) {
    const at = joinPointer(pointer, name);
    if (!isRecord(def)) {
      sink.error(at, `${what} '${name}' must be an object`);
      continue;
    }
    out.push([name, new FieldReader(def, at, sink)]);
  }
  return out;
}

function warnUnknown(f: FieldReader, known: readonly string[], what: string): void {
  for (const key of Object.keys(f.rest(new Set(known)) ?? {})) {
    f.sink.warning(f.at(key), `${what}: '${key}' is not an APIG field and is not kept`);
  }
}

function required<T>(f: FieldReader, key: string, value: T | undefined, what: string): T | undefined {
  if (value === undefined && !f.has(key)) f.sink.error(f.at(key), `${what}: ${key} is required`);
  return value;
}

/** A call limit; 0 means "not set" (as for parameter limits, openapi.md §2). */
function optionalLimit(f: FieldReader, key: string): number | undefined {
  const n = f.number(key);
  return n === 0 ? undefined : n;
}

export function readThrottleDefs(map: Json, pointer: string, sink: DiagnosticSink): ThrottleDraft[] {
  const K = THROTTLE_KEYS;
  const drafts: ThrottleDraft[] = [];
  for (const [name, f] of entries(map, pointer, sink, 'throttling policy')) {
    const what = `throttling policy '${name}'`;
    const api = required(f, K.apiCallLimits, f.number(K.apiCallLimits), what);
    const interval = required(f, K.timeInterval, f.number(K.timeInterval), what);
    const unit = readUnit(f, what);
    const shared = f.boolean(K.type) ?? false;
    const specials = readSpecials(f, what);
    warnUnknown(f, [K.apiCallLimits, K.userCallLimits, K.appCallLimits, K.ipCallLimits, K.timeInterval, K.timeUnit, K.type, K.specials], what);
    if (api === undefined || interval === undefined || unit === undefined || !specials) continue;
    const draft: ThrottleDraft = {
      name,
      apiCallLimits: api,
      timeInterval: interval,
      timeUnit: unit,
      type: shared ? 2 : 1,
      specials,
      remark: '',
      pointer: f.pointer,
    };
    const user = optionalLimit(f, K.userCallLimits);
    const app = optionalLimit(f, K.appCallLimits);
    const ip = optionalLimit(f, K.ipCallLimits);
    if (user !== undefined) draft.userCallLimits = user;
    if (app !== undefined) draft.appCallLimits = app;
    if (ip !== undefined) draft.ipCallLimits = ip;
    drafts.push(draft);
  }
  return drafts;
}

function readUnit(f: FieldReader, what: string): ThrottleTimeUnit | undefined {
  const raw = required(f, 'unit', f.string('unit'), what);
  if (raw === undefined) return undefined;
  const upper = raw.toUpperCase() as ThrottleTimeUnit;
  if (!THROTTLE_TIME_UNITS.includes(upper)) {
    f.sink.error(f.at('unit'), `${what}: unit '${raw}' is not one of ${THROTTLE_TIME_UNITS.join(', ')}`);
    return undefined;
  }
  if (raw !== upper) f.sink.warning(f.at('unit'), `${what}: unit '${raw}' read as '${upper}' (APIG writes units in upper case)`);
  return upper;
}

function readSpecials(f: FieldReader, what: string): ThrottleSpecial[] | undefined {
  const list = f.array('special') ?? [];
  const out: ThrottleSpecial[] = [];
  let ok = true;
  list.forEach((raw, i) => {
    const at = joinPointer(f.at('special'), i);
    if (!isRecord(raw)) {
      f.sink.error(at, `${what}: a special threshold must be an object {type, limit, instance}`);
      ok = false;
      return;
    }
    const s = new FieldReader(raw, at, f.sink);
    const type = required(s, 'type', s.oneOf('type', ['APP', 'USER'] as const), what);
    const limit = required(s, 'limit', s.number('limit'), what);
    const instance = required(s, 'instance', s.string('instance'), what);
    if (type === undefined || limit === undefined || instance === undefined) ok = false;
    else out.push({ objectType: type, objectId: instance, callLimits: limit });
  });
  return ok ? out : undefined;
}

export function readAccessControlDefs(map: Json, pointer: string, sink: DiagnosticSink): AccessControlDraft[] {
  const drafts: AccessControlDraft[] = [];
  for (const [name, f] of entries(map, pointer, sink, 'access-control policy')) {
    const what = `access-control policy '${name}'`;
    const aclType = required(f, ACL_KEYS.aclType, f.oneOf(ACL_KEYS.aclType, ['PERMIT', 'DENY'] as const), what);
    const entityType = required(f, ACL_KEYS.entityType, f.oneOf(ACL_KEYS.entityType, ['IP', 'DOMAIN', 'DOMAIN_ID'] as const), what);
    let value = f.has('value') && Array.isArray(f.obj.value) ? f.stringList('value')?.join(',') : f.string('value');
    value = required(f, 'value', value, what);
    warnUnknown(f, Object.values(ACL_KEYS), what);
    if (aclType === undefined || entityType === undefined || value === undefined) continue;
    drafts.push({ name, aclType, entityType, value, remark: '', pointer: f.pointer });
  }
  return drafts;
}

export function readPluginDefs(map: Json, pointer: string, sink: DiagnosticSink): PluginDraft[] {
  const drafts: PluginDraft[] = [];
  for (const [name, f] of entries(map, pointer, sink, 'plug-in')) {
    const what = `plug-in '${name}'`;
    const type = required(f, PLUGIN_KEYS.type, f.oneOf(PLUGIN_KEYS.type, PLUGIN_TYPES), what);
    // plugin_content is a JSON string in APIG; an object is accepted and stored as its JSON text.
    const rawContent = f.obj[PLUGIN_KEYS.content];
    const content = isRecord(rawContent) ? JSON.stringify(rawContent) : required(f, PLUGIN_KEYS.content, f.string(PLUGIN_KEYS.content), what);
    const scope = f.string('plugin_scope');
    if (scope !== undefined && scope !== 'global') f.sink.warning(f.at('plugin_scope'), `${what}: plugin_scope '${scope}' is not 'global' (the only scope APIG has); ignored`);
    warnUnknown(f, [...Object.values(PLUGIN_KEYS), 'plugin_scope'], what);
    if (type === undefined || content === undefined) continue;
    drafts.push({ name, type, content, remark: f.string(PLUGIN_KEYS.remark) ?? '', pointer: f.pointer });
  }
  return drafts;
}

export function readOrchestrationDefs(map: Json, pointer: string, sink: DiagnosticSink): OrchestrationDraft[] {
  const K = ORCHESTRATION_KEYS;
  const drafts: OrchestrationDraft[] = [];
  for (const [name, f] of entries(map, pointer, sink, 'orchestration rule')) {
    const what = `orchestration rule '${name}'`;
    const strategy = required(f, K.strategy, f.oneOf(K.strategy, ORCHESTRATION_STRATEGIES), what);
    const isPreprocessing = f.boolean(K.isPreprocessing) ?? false;
    const mapped = f.record(K.mappedParam);
    let mappedParam: OrchestrationRule['mappedParam'];
    if (mapped) {
      const m = new FieldReader(mapped, f.at(K.mappedParam), sink);
      const pName = required(m, K.name, m.string(K.name), what);
      const pType = m.oneOf(K.type, ['string', 'number'] as const) ?? 'string';
      const pLocation = required(m, K.location, m.oneOf(K.location, ['header', 'query'] as const), what);
      if (pName !== undefined && pLocation !== undefined) mappedParam = { name: pName, type: pType, location: pLocation };
    }
    const map: OrchestrationMapEntry[] = [];
    (f.array(K.map) ?? []).forEach((raw, i) => {
      const at = joinPointer(f.at(K.map), i);
      if (!isRecord(raw)) return sink.error(at, `${what}: a map entry must be an object`);
      map.push(readMapEntry(new FieldReader(raw, at, sink)));
    });
    warnUnknown(f, [K.strategy, K.isPreprocessing, K.mappedParam, K.map], what);
    if (strategy === undefined) continue;
    const draft: OrchestrationDraft = { name, strategy, isPreprocessing, map, pointer: f.pointer };
    if (mappedParam) draft.mappedParam = mappedParam;
    drafts.push(draft);
  }
  return drafts;
}

function readMapEntry(e: FieldReader): OrchestrationMapEntry {
  const K = ORCHESTRATION_KEYS;
  const entry: OrchestrationMapEntry = {};
  const list = e.stringList(K.mapParamList);
  if (list) entry.mapParamList = list;
  const range = e.record(K.mapParamRange);
  if (range) {
    const r = new FieldReader(range, e.at(K.mapParamRange), e.sink);
    const start = r.number(K.rangeStart);
    const end = r.number(K.rangeEnd);
    if (start === undefined || end === undefined) e.sink.error(e.at(K.mapParamRange), `${K.mapParamRange} needs ${K.rangeStart} and ${K.rangeEnd}`);
    else entry.mapParamRange = { rangeStart: start, rangeEnd: end };
  }
  const value = e.string(K.mappedParamValue);
  if (value !== undefined) entry.mappedParamValue = value;
  const length = e.number(K.interceptLength);
  if (length !== undefined) entry.interceptLength = length;
  return entry;
}
