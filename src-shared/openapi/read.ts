/** A whole definition file -> ImportPlan (group, APIs, authorizers, gateway responses, function refs). */
import type { ApiMethod, GatewayResponseRule } from '../model';
import { DiagnosticSink, joinPointer, pointerOf, type PositionLocator } from './diagnostics';
import { parseText, type ParseLimits, type SourceFormat } from './parse';
import type { ApiDraft, ImportPlan, OasVersion, ResponseSetDraft } from './plan';
import { readOperation, type DocContext, type PolicyMapKind } from './read-operation';
import { readAccessControlDefs, readOrchestrationDefs, readPluginDefs, readThrottleDefs } from './read-policy-defs';
import { readSecuritySchemes } from './read-security';
import { checkDocumentRefs, deref } from './refs';
import { oas3Layout, oas3Reader } from './oas3';
import { swagger2Layout, swagger2Reader } from './swagger2';
import { FieldReader, isRecord, scalarText, type Json } from './values';
import { DEFAULT_STATUS, ERROR_TYPES, type ErrorType } from '../apig/errors';
import { HOST_AND_PORT } from '../rules/group';
import { PLACEHOLDER_DOMAIN } from './write';

export interface ReadOptions {
  format?: SourceFormat;
  limits?: Partial<ParseLimits>;
}

const METHOD_KEYS: [string, ApiMethod][] = [
  ['get', 'GET'], ['post', 'POST'], ['put', 'PUT'], ['delete', 'DELETE'], ['head', 'HEAD'], ['patch', 'PATCH'],
  ['options', 'OPTIONS'], ['x-apigateway-any-method', 'ANY'],
];
const PATH_ITEM_KEYS = new Set([...METHOD_KEYS.map(([k]) => k), 'parameters', 'summary', 'description', 'servers', '$ref']);

export function readDefinition(text: string, options: ReadOptions = {}): ImportPlan {
  return readWithLocator(text, options).plan;
}

/** Also returns the position locator, so later diagnostics (pre-flight, the store) get line:column. */
export function readWithLocator(text: string, options: ReadOptions = {}): { plan: ImportPlan; locator: PositionLocator } {
  const parsed = parseText(text, options);
  const done = (plan: ImportPlan) => ({ plan, locator: parsed.locator });
  const sink = new DiagnosticSink(parsed.locator);
  sink.items.push(...parsed.diagnostics);
  const plan: ImportPlan = {
    version: '2.0',
    format: parsed.format,
    group: { name: '', description: '' },
    operationCount: 0,
    apis: [],
    authorizers: [],
    responseSets: [],
    throttles: [],
    accessControls: [],
    plugins: [],
    orchestrations: [],
    functionRefs: [],
    diagnostics: sink.items,
  };
  if (sink.hasErrors) return done(plan);
  const root = parsed.value;
  if (!isRecord(root)) {
    sink.error('', 'a definition file must be an object with swagger: "2.0" or openapi: 3.0.x');
    return done(plan);
  }
  plan.operationCount = countOperations(root);
  const version = detectVersion(root, sink);
  if (!version) return done(plan);
  plan.version = version;
  // Bad references and recursive aliases stop the reading: later walks could not be trusted.
  checkDocumentRefs(root, sink);
  if (sink.hasErrors) return done(plan);

  const layout = version === '2.0' ? swagger2Layout : oas3Layout;
  const info = new FieldReader(isRecord(root.info) ? root.info : {}, '/info', sink);
  if (!isRecord(root.info)) sink.error('/info', 'info is required (info.title names the API group)');
  plan.group = { name: info.string('title') ?? '', description: info.string('description') ?? '' };
  if (isRecord(root.info) && !plan.group.name) sink.error('/info/title', 'info.title is required: it names the API group');
  const subdomain = readGroupHost(layout.groupHost(root), sink);
  if (subdomain) plan.group.subdomain = subdomain;

  const security = readSecuritySchemes(layout.schemes(root), layout.schemesPointer, sink, plan.functionRefs);
  plan.authorizers = security.authorizers;
  const maps = {
    throttle: policyMap(root, 'x-apigateway-ratelimits', sink, readThrottleDefs),
    acl: policyMap(root, 'x-apigateway-access-controls', sink, readAccessControlDefs),
    plugin: policyMap(root, 'x-apigateway-plugins', sink, readPluginDefs),
    orchestration: policyMap(root, 'x-apigateway-orchestrations', sink, readOrchestrationDefs),
  };
  const names = (list: { name: string }[]) => new Set(list.map((d) => d.name));
  const ctx: DocContext = {
    root,
    sink,
    reader: version === '2.0' ? swagger2Reader : oas3Reader,
    schemes: security.schemes,
    unreadableSchemes: security.unreadable,
    functionRefs: plan.functionRefs,
    defined: { throttle: names(maps.throttle), acl: names(maps.acl), plugin: names(maps.plugin), orchestration: names(maps.orchestration) },
    used: { throttle: new Set(), acl: new Set(), plugin: new Set(), orchestration: new Set() },
  };
  plan.apis = dedupe(readPaths(root, layout.basePath(root), ctx), sink);
  plan.responseSets = readGatewayResponses(layout.gatewayResponses(root), layout.responsesPointer, sink);
  plan.throttles = keepUsed(ctx, 'throttle', maps.throttle);
  plan.accessControls = keepUsed(ctx, 'acl', maps.acl);
  plan.plugins = keepUsed(ctx, 'plugin', maps.plugin);
  plan.orchestrations = keepUsed(ctx, 'orchestration', maps.orchestration);
  for (const key of Object.keys(root)) {
    if (!layout.knownRootKeys.has(key)) sink.warning(pointerOf(key), `top-level field '${key}' is not used by APIG and is not kept`);
  }
  return done(plan);
}

/**
 * The file's host / servers URL becomes the group's subdomain, so an export gives it back. APIG
 * ignores it on import, so a value that is no host name is a warning, never a refusal.
 */
function readGroupHost(found: { host: string; pointer: string } | undefined, sink: DiagnosticSink): string | undefined {
  if (!found || found.host.toLowerCase() === PLACEHOLDER_DOMAIN) return undefined;
  if (found.host.length > 255 || !HOST_AND_PORT.test(found.host)) {
    sink.warning(found.pointer, `'${found.host}' is not a host name; the group keeps no subdomain from this file (APIG ignores it on import)`);
    return undefined;
  }
  return found.host;
}

/** Operations under paths, counted before any reading (a path item behind a $ref counts once it resolves). */
function countOperations(root: Json): number {
  if (!isRecord(root.paths)) return 0;
  let count = 0;
  for (const rawItem of Object.values(root.paths)) {
    const item = deref(root, rawItem, '').value;
    if (isRecord(item)) count += METHOD_KEYS.filter(([key]) => item[key] !== undefined).length;
  }
  return count;
}

function detectVersion(root: Json, sink: DiagnosticSink): OasVersion | undefined {
  if (root.swagger !== undefined) {
    const v = scalarText(root.swagger);
    if (v === '2.0') return '2.0';
    sink.error('/swagger', v === undefined ? "swagger must be the string '2.0'" : `swagger '${v}' is not supported (only 2.0)`);
    return undefined;
  }
  if (root.openapi !== undefined) {
    const v = scalarText(root.openapi);
    if (v !== undefined && /^3\.0(\.\d+)?$/.test(v)) return '3.0';
    sink.error('/openapi', `openapi '${v ?? typeof root.openapi}' is not supported: APIG reads Swagger 2.0 and OpenAPI 3.0`);
    return undefined;
  }
  sink.error('', 'not an API definition: neither swagger: "2.0" nor openapi: 3.0.x is present');
  return undefined;
}

function readPaths(root: Json, basePath: string, ctx: DocContext): ApiDraft[] {
  const { sink } = ctx;
  const apis: ApiDraft[] = [];
  if (!isRecord(root.paths)) {
    if (root.paths !== undefined) sink.error('/paths', 'paths must be an object');
    else sink.warning('/paths', 'the file defines no paths, so no APIs');
    return apis;
  }
  for (const [rawPath, rawItem] of Object.entries(root.paths)) {
    const itemPointer = pointerOf('paths', rawPath);
    if (!rawPath.startsWith('/')) {
      sink.error(itemPointer, `path '${rawPath}' must start with '/'`);
      continue;
    }
    const { value: item, pointer: resolvedAt } = deref(root, rawItem, itemPointer);
    if (!isRecord(item)) {
      sink.error(itemPointer, `path item '${rawPath}' must be an object`);
      continue;
    }
    const path = basePath + rawPath;
    const itemParams = Array.isArray(item.parameters) ? { list: item.parameters, pointer: joinPointer(resolvedAt, 'parameters') } : undefined;
    for (const [key, method] of METHOD_KEYS) {
      const op = item[key];
      if (op === undefined) continue;
      const opPointer = joinPointer(resolvedAt, key);
      if (!isRecord(op)) {
        sink.error(opPointer, `${key} must be an operation object`);
        continue;
      }
      const draft = readOperation(ctx, path, method, op, opPointer, itemParams);
      if (draft) apis.push(draft);
    }
    for (const key of Object.keys(item)) {
      if (!PATH_ITEM_KEYS.has(key)) {
        sink.warning(joinPointer(resolvedAt, key), key === 'trace' ? 'APIG has no TRACE method; not imported' : `'${key}' is not used by APIG`);
      }
    }
  }
  return apis;
}

/** Within one file the first API wins; a later one with the same name or method + path + match mode is not imported. */
function dedupe(apis: ApiDraft[], sink: DiagnosticSink): ApiDraft[] {
  const byName = new Map<string, ApiDraft>();
  const byRoute = new Map<string, ApiDraft>();
  const kept: ApiDraft[] = [];
  for (const api of apis) {
    const route = `${api.method} ${api.path} ${api.matchMode}`;
    const first = byName.get(api.name) ?? byRoute.get(route);
    if (first) {
      const why = byName.has(api.name) ? `the same name '${api.name}'` : `the same method, path and match mode (${route})`;
      sink.warning(api.pointer, `not imported: an earlier API (${first.pointer}) has ${why}; APIG keeps the first (APIG.3301)`);
      continue;
    }
    byName.set(api.name, api);
    byRoute.set(route, api);
    kept.push(api);
  }
  return kept;
}

/** A root policy map (Swagger root; in OAS3 the root or components, position [U]) read by `read`. */
function policyMap<T>(root: Json, key: string, sink: DiagnosticSink, read: (map: Json, pointer: string, sink: DiagnosticSink) => T[]): T[] {
  const inComponents = root[key] === undefined && isRecord(root.components) && root.components[key] !== undefined;
  const value = inComponents ? (root.components as Json)[key] : root[key];
  const pointer = inComponents ? pointerOf('components', key) : pointerOf(key);
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) {
    sink.error(pointer, `${key} must map names to definitions`);
    return [];
  }
  return read(value, pointer, sink);
}

/** Definitions no API refers to are not imported (APIG would create them; the export could not give them back). */
function keepUsed<T extends { name: string; pointer: string }>(ctx: DocContext, kind: PolicyMapKind, defs: T[]): T[] {
  return defs.filter((d) => {
    if (ctx.used[kind].has(d.name)) return true;
    ctx.sink.warning(d.pointer, `'${d.name}' is used by no API and is not imported`);
    return false;
  });
}

function readGatewayResponses(raw: unknown, pointer: string, sink: DiagnosticSink): ResponseSetDraft[] {
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) {
    sink.error(pointer, 'x-apigateway-responses must map response names to error types');
    return [];
  }
  const sets: ResponseSetDraft[] = [];
  for (const [name, types] of Object.entries(raw)) {
    const setPointer = joinPointer(pointer, name);
    if (!isRecord(types)) {
      sink.error(setPointer, `gateway response '${name}' must map error types to responses`);
      continue;
    }
    const responses: ResponseSetDraft['responses'] = {};
    for (const [errorType, rule] of Object.entries(types)) {
      const at = joinPointer(setPointer, errorType);
      if (!isRecord(rule)) {
        sink.error(at, `${errorType} must be an object with status and body`);
        continue;
      }
      const read = readResponseRule(new FieldReader(rule, at, sink), errorType);
      if (read) responses[errorType] = read;
    }
    sets.push({ name, isDefault: name === 'default', responses, pointer: setPointer });
  }
  return sets;
}

function readResponseRule(f: FieldReader, errorType: string): GatewayResponseRule | undefined {
  const status = f.number('status');
  // DEFAULT_4XX/5XX may omit it: they keep the underlying error's status.
  const statusOptional = DEFAULT_STATUS[errorType as ErrorType] === undefined && (ERROR_TYPES as readonly string[]).includes(errorType);
  if (status === undefined && !statusOptional) {
    f.sink.error(f.at('status'), 'status is required');
    return undefined;
  }
  let body = '';
  const rawBody = f.obj.body;
  if (typeof rawBody === 'string') body = rawBody;
  else if (isRecord(rawBody)) {
    const types = Object.keys(rawBody);
    const chosen = types.includes('application/json') ? 'application/json' : types[0];
    const template = chosen === undefined ? '' : rawBody[chosen] ?? '';
    const text = scalarText(template);
    if (text === undefined) f.sink.error(joinPointer(f.at('body'), chosen ?? ''), 'a body template must be a string');
    else body = text;
    if (types.length > 1 || (chosen !== undefined && chosen !== 'application/json')) {
      f.sink.warning(f.at('body'), `only one body template is kept, written back as application/json (was: ${types.join(', ')})`);
    }
  } else if (rawBody !== undefined) f.sink.error(f.at('body'), 'body must map a media type to a template');
  const headers: GatewayResponseRule['headers'] = [];
  const rawHeaders = f.obj.headers;
  if (Array.isArray(rawHeaders)) {
    rawHeaders.forEach((h, index) => {
      if (!isRecord(h) || typeof h.key !== 'string') return;
      const value = scalarText(h.value ?? '');
      if (value === undefined) f.sink.error(joinPointer(f.at('headers'), index, 'value'), `header ${h.key}: value must be a string`);
      else headers.push({ key: h.key, value });
    });
  } else if (isRecord(rawHeaders)) {
    for (const [key, raw] of Object.entries(rawHeaders)) {
      const value = scalarText(raw);
      if (value === undefined) f.sink.error(joinPointer(f.at('headers'), key), `header ${key}: value must be a string`);
      else headers.push({ key, value });
    }
  }
  return { ...(status === undefined ? {} : { status }), body, headers };
}
