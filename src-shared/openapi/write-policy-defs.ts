/**
 * Policy entities -> the root-map entries the reader understands (read-policy-defs.ts). Keys are
 * written in alphabetical order and optional fields only when set, so a re-import gives the same
 * entity and a re-export the same bytes.
 */
import type { AccessControlPolicy, OrchestrationRule, Plugin, ThrottlePolicy } from '../model';
import { ACL_KEYS, ORCHESTRATION_KEYS as O, PLUGIN_KEYS, THROTTLE_KEYS as T } from './read-policy-defs';
import type { Json } from './values';

export function writeThrottle(t: ThrottlePolicy): Json {
  const out: Json = { [T.apiCallLimits]: t.apiCallLimits };
  if (t.appCallLimits !== undefined) out[T.appCallLimits] = t.appCallLimits;
  out[T.timeInterval] = t.timeInterval;
  if (t.ipCallLimits !== undefined) out[T.ipCallLimits] = t.ipCallLimits;
  out[T.type] = t.type === 2;
  if (t.specials.length) {
    out[T.specials] = t.specials.map((s) => ({ [T.objectId]: s.objectId, [T.callLimits]: s.callLimits, [T.objectType]: s.objectType }));
  }
  out[T.timeUnit] = t.timeUnit;
  if (t.userCallLimits !== undefined) out[T.userCallLimits] = t.userCallLimits;
  return out;
}

export function writeAccessControl(a: AccessControlPolicy): Json {
  return { [ACL_KEYS.aclType]: a.aclType, [ACL_KEYS.entityType]: a.entityType, [ACL_KEYS.value]: a.value };
}

export function writePlugin(p: Plugin): Json {
  const out: Json = { [PLUGIN_KEYS.content]: p.content, plugin_scope: 'global', [PLUGIN_KEYS.type]: p.type };
  if (p.remark) out[PLUGIN_KEYS.remark] = p.remark;
  return out;
}

export function writeOrchestration(o: OrchestrationRule): Json {
  const out: Json = { [O.isPreprocessing]: o.isPreprocessing };
  out[O.map] = o.map.map((e) => {
    const entry: Json = {};
    if (e.interceptLength !== undefined) entry[O.interceptLength] = e.interceptLength;
    if (e.mapParamList !== undefined) entry[O.mapParamList] = [...e.mapParamList];
    if (e.mapParamRange !== undefined) entry[O.mapParamRange] = { [O.rangeEnd]: e.mapParamRange.rangeEnd, [O.rangeStart]: e.mapParamRange.rangeStart };
    if (e.mappedParamValue !== undefined) entry[O.mappedParamValue] = e.mappedParamValue;
    return entry;
  });
  if (o.mappedParam) {
    out[O.mappedParam] = { [O.location]: o.mappedParam.location, [O.name]: o.mappedParam.name, [O.type]: o.mappedParam.type };
  }
  out[O.strategy] = o.strategy;
  return out;
}
