/** Request parameters: Swagger 2.0 keeps type and limits on the parameter, OAS 3.0 in `schema`. */
import type { ParamLocation, ParamType, RequestParam } from '../model';
import { joinPointer, type DiagnosticSink } from './diagnostics';
import { paramKey, type PolicyRef } from './plan';
import { deref } from './refs';
import { FieldReader, isRecord, type Json } from './values';
import { lookup } from '../lookup';

const NUMBER_TYPES = new Set(['integer', 'long', 'float', 'double', 'number']);
const LOCATIONS: Record<string, ParamLocation> = { path: 'PATH', query: 'QUERY', header: 'HEADER' };

const KNOWN_PARAM_KEYS = new Set([
  'name', 'in', 'description', 'required', 'type', 'schema', 'default', 'enum', 'maximum', 'minimum',
  'maxLength', 'minLength', 'example', 'x-apigateway-pass-through', 'x-apigateway-sample', 'x-apigateway-orchestrations',
]);
const KNOWN_SCHEMA_KEYS = new Set(['type', 'default', 'enum', 'maximum', 'minimum', 'maxLength', 'minLength', 'example']);

export interface ReadParamsResult {
  params: RequestParam[];
  /** Unmodelled fields per parameter, keyed by paramKey(). */
  extras: Record<string, Json>;
  /** Orchestration rule names the parameters use, where each is written. */
  orchestrationRefs: PolicyRef[];
}

/** Reads path-item and operation parameters; the operation's win on the same name + location (OAS rule). */
export function readRequestParams(
  root: unknown,
  pathItemParams: { list: unknown[]; pointer: string } | undefined,
  opParams: { list: unknown[]; pointer: string } | undefined,
  sink: DiagnosticSink,
): ReadParamsResult {
  const byKey = new Map<string, { param: RequestParam; extra?: Json; refs: PolicyRef[] }>();
  for (const source of [pathItemParams, opParams]) {
    if (!source) continue;
    source.list.forEach((raw, index) => {
      const { value, pointer } = deref(root, raw, joinPointer(source.pointer, index));
      if (!isRecord(value)) {
        sink.error(pointer, 'a parameter must be an object');
        return;
      }
      const read = readParam(new FieldReader(value, pointer, sink));
      if (read) byKey.set(paramKey(read.param.location, read.param.name), read);
    });
  }
  const params: RequestParam[] = [];
  const extras: Record<string, Json> = {};
  const orchestrationRefs: PolicyRef[] = [];
  for (const [key, { param, extra, refs }] of byKey) {
    params.push(param);
    if (extra) extras[key] = extra;
    orchestrationRefs.push(...refs);
  }
  return { params, extras, orchestrationRefs };
}

/** Locations OpenAPI defines and APIG does not take: dropped with a warning, not refused. */
const OPENAPI_ONLY_LOCATIONS = new Set(['body', 'formdata', 'cookie']);

function readParam(f: FieldReader): { param: RequestParam; extra?: Json; refs: PolicyRef[] } | undefined {
  const name = f.string('name');
  const where = f.string('in');
  if (!name) {
    f.sink.error(f.at('name'), 'parameter name is required');
    return undefined;
  }
  if (where === undefined) {
    f.sink.error(f.at('in'), `parameter '${name}' needs 'in'`);
    return undefined;
  }
  const location = lookup(LOCATIONS, where.toLowerCase());
  if (!location && !OPENAPI_ONLY_LOCATIONS.has(where.toLowerCase())) {
    // Not a location in Swagger 2.0 or OpenAPI 3.0 either: a typo ('heder') the user must fix.
    f.sink.error(f.at('in'), `parameter '${name}': 'in: ${where}' is not a parameter location (APIG takes path, query and header)`);
    return undefined;
  }
  if (!location) {
    f.sink.warning(
      f.at('in'),
      `parameter '${name}' in '${where}' is not supported by APIG (only path, query and header) and is not imported`,
    );
    return undefined;
  }
  const schema = f.has('schema') ? f.record('schema') : undefined;
  const s = schema ? new FieldReader(schema, f.at('schema'), f.sink) : f;
  const type = readType(s, name);
  const nonZero = (n: number | undefined) => (n === undefined || n === 0 ? undefined : n);
  const enumValues = s.stringList('enum');
  const defaultValue = s.has('default') ? s.string('default') : undefined;
  let required = f.boolean('required') ?? false;
  if (location === 'PATH' && !required) {
    f.sink.warning(f.at('required'), `path parameter '${name}' must be required; APIG imports it as required`);
    required = true;
  }
  const sample = f.string('x-apigateway-sample') ?? f.string('example') ?? s.string('example');
  const passThrough = f.string('x-apigateway-pass-through');
  if (passThrough !== undefined && passThrough !== 'always' && passThrough !== 'never') {
    f.sink.error(f.at('x-apigateway-pass-through'), `x-apigateway-pass-through '${passThrough}' is not one of always, never`);
  }
  const orchestrations = f.array('x-apigateway-orchestrations');
  const param: RequestParam = {
    name,
    location,
    type,
    required,
    validEnable: false,
    passThrough: passThrough !== 'never',
  };
  if (defaultValue !== undefined) param.defaultValue = defaultValue;
  if (enumValues && enumValues.length) param.enumerations = enumValues.join(',');
  if (type === 'NUMBER') {
    const min = nonZero(s.number('minimum'));
    const max = nonZero(s.number('maximum'));
    if (min !== undefined) param.minNum = min;
    if (max !== undefined) param.maxNum = max;
  } else {
    const min = nonZero(s.number('minLength'));
    const max = nonZero(s.number('maxLength'));
    if (min !== undefined) param.minSize = min;
    if (max !== undefined) param.maxSize = max;
  }
  param.validEnable = [param.enumerations, param.minNum, param.maxNum, param.minSize, param.maxSize].some((v) => v !== undefined);
  if (sample) param.sampleValue = sample;
  const description = f.string('description');
  if (description) param.description = description;
  const refs: PolicyRef[] = [];
  if (orchestrations) {
    param.orchestrations = [];
    orchestrations.forEach((v, i) => {
      if (typeof v !== 'string' || !v) return f.sink.error(joinPointer(f.at('x-apigateway-orchestrations'), i), `parameter '${name}': orchestration rule names must be non-empty strings`);
      param.orchestrations!.push(v);
      refs.push({ name: v, pointer: joinPointer(f.at('x-apigateway-orchestrations'), i) });
    });
  }

  let extra = f.rest(KNOWN_PARAM_KEYS);
  if (schema) {
    const schemaRest = s.rest(KNOWN_SCHEMA_KEYS);
    if (schemaRest) (extra ??= {}).schema = schemaRest;
  }
  return { param, extra, refs };
}

function readType(s: FieldReader, name: string): ParamType {
  const type = s.string('type');
  if (type === undefined || type === 'string') return 'STRING';
  if (NUMBER_TYPES.has(type)) return 'NUMBER';
  s.sink.warning(s.at('type'), `parameter '${name}' has type '${type}', which APIG does not support; imported as string`);
  return 'STRING';
}
