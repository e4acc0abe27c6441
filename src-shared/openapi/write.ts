/**
 * Model -> document in the shapes APIG itself exports (openapi.md §6.2): the three standard
 * security schemes, upper-case `in` on backend parameters, retryCount as a string, `default-cors`,
 * x-apigateway-responses at the Swagger root / under OAS3 components. Everything is built in a
 * fixed order from the model so that export -> import -> export gives the same bytes.
 */
import type {
  AccessControlPolicy,
  Api,
  ApiGroup,
  Authorizer,
  GatewayResponseSet,
  OrchestrationRule,
  Plugin,
  PolicyBinding,
  RequestParam,
  ThrottlePolicy,
} from '../model';
import { findVariableRefs } from '../rules/paths';
import { BACKEND_POLICIES_KEY, writeBackendPolicies } from './backend-policies';
import { DiagnosticSink, joinPointer, pointerOf, type Diagnostic } from './diagnostics';
import { generatedRequestBody } from './oas3';
import type { ApiExtra, OasVersion } from './plan';
import { paramKey } from './plan';
import { writeBackend } from './write-backend';
import { writeAccessControl, writeOrchestration, writePlugin, writeThrottle } from './write-policy-defs';
import { cloneJson, isRecord, type Json } from './values';

export type ExportScope = 'spec' | 'proxy' | 'all' | 'dev';
export const EXPORT_SCOPES: readonly ExportScope[] = ['spec', 'proxy', 'all', 'dev'];

export interface ExportInput {
  group: Pick<ApiGroup, 'name' | 'description' | 'domains' | 'subdomain'>;
  /** The APIs to write: published snapshots for an environment, or drafts for scope dev. */
  apis: Api[];
  /** Authorizers the APIs may reference (looked up by id). */
  authorizers: Authorizer[];
  responseSets: GatewayResponseSet[];
  scope: ExportScope;
  oas: OasVersion;
  /** info.version; APIG writes the export time when none is given. */
  version: string;
  /** Policies and their bindings in the exported environment (written by scopes all and dev). */
  policies?: ExportPolicies;
  /**
   * The FunctionGraph URN the file gives a function the workspace knows by `urn` (a backend, a
   * backend policy or an authorizer). Default: the URN as stored. The one place exports decide
   * function URNs, so per-environment bindings plug in here.
   */
  functionUrn?: FunctionUrnResolver;
  /** What the workspace holds beside the APIs that no definition file carries; named in the pre-flight. */
  outside?: ExportOutside;
}

export type FunctionUrnResolver = (urn: string, usedBy: 'backend' | 'backend-policy' | 'authorizer') => string;

export interface ExportOutside {
  /** Environment variables of the group, with the environment each value belongs to. */
  variables: { name: string; envName: string }[];
  /** Apps authorized to call each API (by API id) in the exported environment. */
  appsByApi: ReadonlyMap<string, string[]>;
}

export interface ExportPolicies {
  throttles: ThrottlePolicy[];
  accessControls: AccessControlPolicy[];
  plugins: Plugin[];
  orchestrations: OrchestrationRule[];
  /** Bindings of the environment being exported only. */
  bindings: PolicyBinding[];
}

export interface BuiltDocument {
  document: Json;
  /** Pointer of each API's operation, for pre-flight diagnostics. */
  operationPointers: Map<Api, string>;
  diagnostics: Diagnostic[];
}

/** Used when the group has no domain of its own: the file needs a host, APIG ignores it on import. */
export const PLACEHOLDER_DOMAIN = 'localhost';

const METHOD_KEY: Record<Api['method'], string> = {
  GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete', HEAD: 'head', PATCH: 'patch', OPTIONS: 'options',
  ANY: 'x-apigateway-any-method',
};
const METHOD_ORDER = Object.values(METHOD_KEY);

export const STANDARD_SCHEMES: Json = {
  'apig-auth-app': { in: 'header', name: 'Authorization', type: 'apiKey', 'x-apigateway-auth-type': 'AppSigv1' },
  'apig-auth-app-header': {
    in: 'header',
    name: 'Authorization',
    type: 'apiKey',
    'x-apigateway-auth-opt': { 'appcode-auth-type': 'header' },
    'x-apigateway-auth-type': 'AppSigv1',
  },
  'apig-auth-iam': { in: 'header', name: 'unused', type: 'apiKey', 'x-apigateway-auth-type': 'IAM' },
};

/** Keys inside Api.extra that look like credentials are never exported. */
const SECRET_KEY = /secret|passw|token|credential|api[-_]?key|access[-_]?key|private[-_]?key|^sk$|^ak$/i;

export function buildDocument(input: ExportInput): BuiltDocument {
  const sink = new DiagnosticSink();
  const domain = exportedHost(input, sink);
  const resolveUrn = input.functionUrn ?? ((urn: string) => urn);
  const withBackend = input.scope !== 'spec';
  const extended = input.scope === 'all' || input.scope === 'dev';
  const authorizersById = new Map(input.authorizers.map((a) => [a.id, a]));
  const responseSetsById = new Map(input.responseSets.map((s) => [s.id, s]));
  const usedAuthorizers = new Map<string, Authorizer>();
  const ratelimits: Json = {};
  const accessControls: Json = {};
  const plugins: Json = {};
  const orchestrations: Json = {};
  const policies = policyIndex(input.policies);
  const operationPointers = new Map<Api, string>();
  const pathMap = new Map<string, Map<string, Json>>();
  let anyCors = false;
  let anyPlain = false;

  const sorted = [...input.apis].sort((a, b) => cmp(a.path, b.path) || METHOD_ORDER.indexOf(METHOD_KEY[a.method]) - METHOD_ORDER.indexOf(METHOD_KEY[b.method]) || cmp(a.matchMode, b.matchMode));
  for (const api of sorted) {
    const methodKey = METHOD_KEY[api.method];
    const pointer = pointerOf('paths', api.path, methodKey);
    const item = pathMap.get(api.path) ?? new Map<string, Json>();
    if (item.has(methodKey)) {
      sink.warning(pointer, `API '${api.name}' is not written: another API uses ${api.method} ${api.path} (a file holds one operation per method and path)`);
      continue;
    }
    const extra = scrubSecrets((api.extra ?? {}) as ApiExtra, pointer, sink);
    const stored = api.authorizerId ? authorizersById.get(api.authorizerId) : undefined;
    const authorizer = stored && { ...stored, functionUrn: resolveUrn(stored.functionUrn, 'authorizer') };
    if (api.authorizerId && !authorizer) sink.warning(pointer, `API '${api.name}' refers to an authorizer that no longer exists; written without it`);
    if (authorizer) usedAuthorizers.set(authorizer.name, authorizer);
    const responseSet = api.responseSetId ? responseSetsById.get(api.responseSetId) : undefined;
    anyCors ||= api.cors;
    anyPlain ||= !api.cors;
    const bound: BoundPolicies = extended ? policies.boundTo(api.id) : { acls: [], plugins: [] };
    const op = buildOperation(withExportedUrns(api, resolveUrn), extra, {
      oas: input.oas,
      domain,
      withBackend,
      extended,
      authorizerName: authorizer?.name,
      responseSetName: responseSet?.name,
      bound,
    });
    if (extended) {
      // Legacy: policies kept in Api.extra by imports made before policies were entities.
      Object.assign(ratelimits, extra.ratelimits ?? {});
      Object.assign(accessControls, extra.accessControls ?? {});
      if (bound.throttle) ratelimits[bound.throttle.name] = writeThrottle(bound.throttle);
      const [acl, ...others] = bound.acls;
      if (acl) accessControls[acl.name] = writeAccessControl(acl);
      // The file holds one access-control name per API; APIG binds one per restriction type.
      for (const o of others) sink.warning(pointer, `API '${api.name}': access-control policy '${o.name}' (${o.entityType}) is not written: a file binds one access-control policy per API`);
      for (const p of bound.plugins) plugins[p.name] = writePlugin(p);
      api.requestParams.forEach((param, i) => {
        (param.orchestrations ?? []).forEach((name, j) => {
          const rule = policies.orchestration(name);
          if (rule) orchestrations[name] = writeOrchestration(rule);
          else sink.warning(joinPointer(pointer, 'parameters', i, 'x-apigateway-orchestrations', j), `API '${api.name}': orchestration rule '${name}' does not exist; the file refers to it without a definition`);
        });
      });
    }
    item.set(methodKey, op);
    pathMap.set(api.path, item);
    operationPointers.set(api, pointer);
  }

  const paths: Json = {};
  for (const [path, item] of pathMap) {
    const ordered: Json = {};
    for (const key of METHOD_ORDER) if (item.has(key)) ordered[key] = item.get(key);
    paths[path] = ordered;
  }
  const securitySchemes: Json = cloneJson(STANDARD_SCHEMES);
  for (const name of [...usedAuthorizers.keys()].sort(cmp)) {
    securitySchemes[name] = authorizerScheme(usedAuthorizers.get(name)!, extended);
  }
  reportWhatTheFileCannotCarry(input, usedAuthorizers, operationPointers, extended, sink);
  const gatewayResponses = buildGatewayResponses(input.responseSets);
  const info: Json = { title: input.group.name };
  if (input.group.description) info.description = input.group.description;
  info.version = input.version;
  if (input.oas === '2.0') {
    // Swagger exports write each scheme as type, name, in, x-… (EX-8); OAS3 exports sort keys (EX-2, EX-4).
    for (const [name, scheme] of Object.entries(securitySchemes)) securitySchemes[name] = swaggerSchemeOrder(scheme as Json);
  }

  let document: Json;
  if (input.oas === '2.0') {
    document = {
      swagger: '2.0',
      info,
      host: domain,
      paths,
      responses: { default: { description: 'response example' } },
      securityDefinitions: securitySchemes,
      'x-apigateway-responses': gatewayResponses,
    };
  } else {
    const responses: Json = {};
    if (anyPlain) responses.default = { description: 'response example' };
    if (anyCors) {
      responses['default-cors'] = {
        description: 'response example',
        headers: { 'Access-Control-Allow-Origin': { schema: { default: '*', type: 'string' } } },
      };
    }
    document = {
      openapi: '3.0.0',
      info: sortKeys(info),
      servers: [{ url: `http://${domain}` }, { url: `https://${domain}` }],
      paths,
      components: { responses, securitySchemes, 'x-apigateway-responses': gatewayResponses },
    };
  }
  if (extended && Object.keys(ratelimits).length) document['x-apigateway-ratelimits'] = sortKeys(ratelimits);
  if (extended && Object.keys(accessControls).length) document['x-apigateway-access-controls'] = sortKeys(accessControls);
  if (extended && Object.keys(orchestrations).length) document['x-apigateway-orchestrations'] = sortKeys(orchestrations);
  if (extended && Object.keys(plugins).length) document['x-apigateway-plugins'] = sortKeys(plugins);
  return { document, operationPointers, diagnostics: sink.items };
}

interface OperationOptions {
  oas: OasVersion;
  domain: string;
  withBackend: boolean;
  extended: boolean;
  authorizerName?: string;
  responseSetName?: string;
  /** Policies bound to the API in the exported environment (empty unless extended). */
  bound: BoundPolicies;
}

/** Operation extensions that only make sense with a given scope. */
const BACKEND_SCOPED = new Set([BACKEND_POLICIES_KEY]);
const EXTENDED_SCOPED = new Set(['x-apigateway-ratelimit', 'x-apigateway-access-control', 'x-apigateway-plugins']);

function buildOperation(api: Api, extra: ApiExtra, o: OperationOptions): Json {
  const op: Json = {};
  const security = securityRequirement(api, o.authorizerName);
  const schemes = api.protocol === 'BOTH' ? ['http', 'https'] : [api.protocol.toLowerCase()];
  if (security) op.security = [security];
  if (o.oas === '2.0') op.schemes = schemes;
  else op.servers = schemes.map((s) => ({ url: `${s}://${o.domain}` }));
  op.operationId = api.name;
  if (api.description) op.description = api.description;
  if (api.requestParams.length) op.parameters = api.requestParams.map((p) => writeParam(p, extra.params?.[paramKey(p.location, p.name)], o.oas));
  if (o.oas === '3.0' && api.contentType && !(extra.operation && 'requestBody' in extra.operation)) {
    op.requestBody = generatedRequestBody(api.contentType);
  }
  op.responses = writeResponses(api, o.oas);
  if (o.bound.acls.length) op['x-apigateway-access-control'] = o.bound.acls[0].name;
  if (o.withBackend) op['x-apigateway-backend'] = writeBackend(api.backend, extra);
  if (o.withBackend && api.backendPolicies?.length) op[BACKEND_POLICIES_KEY] = writeBackendPolicies(api.backendPolicies, extra.backendPolicies);
  if (o.oas === '2.0' && api.contentType) op['x-apigateway-content-type'] = api.contentType;
  op['x-apigateway-cors'] = api.cors;
  op['x-apigateway-is-send-fg-body-base64'] = api.bodyBase64;
  op['x-apigateway-match-mode'] = api.matchMode;
  if (o.bound.plugins.length) op['x-apigateway-plugins'] = o.bound.plugins.map((p) => p.name);
  if (o.bound.throttle) op['x-apigateway-ratelimit'] = o.bound.throttle.name;
  op['x-apigateway-request-type'] = api.requestType;
  if (o.responseSetName) op['x-apigateway-response'] = o.responseSetName;
  for (const [key, value] of Object.entries(extra.operation ?? {})) {
    if (key in op) continue;
    if (!o.withBackend && BACKEND_SCOPED.has(key)) continue;
    if (!o.extended && EXTENDED_SCOPED.has(key)) continue;
    op[key] = cloneJson(value);
  }
  // OAS3 exports list operation keys in alphabetical order (EX-2: description, operationId, parameters, responses, security, servers, x-…).
  return o.oas === '3.0' ? sortKeys(op) : op;
}

/**
 * The host the file carries: the group's APIG subdomain, else its first independent domain, else a
 * placeholder. APIG ignores host / servers on import, but a file meant for the cloud should name
 * the group's own domain, so the pre-flight says when it does not.
 */
function exportedHost(input: ExportInput, sink: DiagnosticSink): string {
  const at = input.oas === '2.0' ? '/host' : '/servers';
  if (input.group.subdomain) return input.group.subdomain;
  const [domain] = input.group.domains;
  if (domain) {
    sink.warning(at, `group '${input.group.name}' has no APIG subdomain (it comes from an imported file's host / servers): the file carries its independent domain ${domain}`);
    return domain;
  }
  sink.warning(at, `group '${input.group.name}' has no APIG subdomain or domain: the file carries '${PLACEHOLDER_DOMAIN}', which APIG ignores on import (it gives the group its own subdomain)`);
  return PLACEHOLDER_DOMAIN;
}

/** The API with every function URN as the file gives it (default backend and policy backends). */
function withExportedUrns(api: Api, resolve: FunctionUrnResolver): Api {
  const backend = api.backend.type === 'FUNCTION' ? { ...api.backend, functionUrn: resolve(api.backend.functionUrn, 'backend') } : api.backend;
  const backendPolicies = api.backendPolicies?.map((p) =>
    p.backend.type === 'FUNCTION' ? { ...p, backend: { ...p.backend, functionUrn: resolve(p.backend.functionUrn, 'backend-policy') } } : p,
  );
  return { ...api, backend, ...(backendPolicies ? { backendPolicies } : {}) };
}

/**
 * Names what the workspace holds that a definition file cannot carry, so nothing is dropped
 * silently: authorizer user_data (no field in x-apigateway-authorizer), authorizer definitions
 * outside scopes all/dev, app credentials and authorizations, environment variable values.
 */
function reportWhatTheFileCannotCarry(input: ExportInput, authorizers: Map<string, Authorizer>, pointers: Map<Api, string>, extended: boolean, sink: DiagnosticSink): void {
  const schemesAt = input.oas === '2.0' ? '/securityDefinitions' : '/components/securitySchemes';
  for (const [name, a] of [...authorizers].sort(([x], [y]) => cmp(x, y))) {
    const at = joinPointer(schemesAt, name);
    if (!extended) {
      sink.warning(at, `authorizer '${name}': only its name is in the file (scope ${input.scope}); its definition is written by scopes all and dev, or must exist on APIG`);
    } else if (a.userData) {
      sink.warning(joinPointer(at, 'x-apigateway-authorizer'), `authorizer '${name}': user_data (${[...a.userData].length} characters) is not in the file, which has no field for it; set it on the APIG authorizer after import (CreateCustomAuthorizerV2 user_data)`);
    }
  }
  const outside = input.outside;
  if (!outside) return;
  for (const [api, pointer] of pointers) {
    const apps = outside.appsByApi.get(api.id) ?? [];
    if (apps.length) {
      sink.warning(joinPointer(pointer, 'security'), `API '${api.name}': ${apps.length} app authorization(s) (${apps.join(', ')}) and the apps' credentials are not in the file; authorize the apps on APIG`);
    }
  }
  // Variables live in backend addresses and paths, which scope spec does not write.
  if (input.scope === 'spec') return;
  const used = new Set<string>();
  for (const api of pointers.keys()) {
    const backends = [api.backend, ...(api.backendPolicies ?? []).map((p) => p.backend)];
    for (const b of backends) {
      if (b.type !== 'HTTP') continue;
      for (const text of [b.address, b.path]) for (const ref of findVariableRefs(text).refs) used.add(ref.name);
    }
  }
  if (used.size === 0) return;
  const names = [...used].sort(cmp);
  const envsOf = (name: string) => outside.variables.filter((v) => v.name === name).map((v) => v.envName).sort(cmp);
  const detail = names.map((n) => `#${n}# (${envsOf(n).join(', ') || 'defined in no environment'})`).join(', ');
  sink.warning('/paths', `the APIs use environment variables ${detail}; a definition file carries no variable values, for any environment: define them on APIG in each environment the APIs are published to`);
}

function swaggerSchemeOrder(scheme: Json): Json {
  const { type, name, in: where, ...rest } = scheme;
  return { type, name, in: where, ...rest };
}

function securityRequirement(api: Api, authorizerName: string | undefined): Json | undefined {
  const req: Json = {};
  if (api.authType === 'APP') req[api.appCodeAuth ? 'apig-auth-app-header' : 'apig-auth-app'] = [];
  if (api.authType === 'IAM') req['apig-auth-iam'] = [];
  if (authorizerName && api.authType !== 'NONE') req[authorizerName] = [];
  return Object.keys(req).length ? req : undefined;
}

function writeParam(p: RequestParam, extra: Json | undefined, oas: OasVersion): Json {
  const type = p.type === 'NUMBER' ? 'number' : 'string';
  const enumValues = p.enumerations ? p.enumerations.split(',') : undefined;
  const { schema: schemaExtra, ...paramExtra } = extra ?? {};
  const out: Json = {};
  if (p.description) out.description = p.description;
  if (oas === '3.0') {
    out.example = p.sampleValue ?? '';
    out.in = p.location.toLowerCase();
    out.name = p.name;
    out.required = p.required;
    // APIG writes zero limits when none is set.
    const schema: Json = {};
    if (p.defaultValue !== undefined) schema.default = p.defaultValue;
    if (enumValues) schema.enum = enumValues;
    schema.maxLength = p.maxSize ?? 0;
    schema.maximum = p.maxNum ?? 0;
    if (p.minSize !== undefined) schema.minLength = p.minSize;
    schema.minimum = p.minNum ?? 0;
    schema.type = type;
    if (isRecord(schemaExtra)) Object.assign(schema, schemaExtra);
    out.schema = schema;
  } else {
    out.in = p.location.toLowerCase();
    out.name = p.name;
    out.required = p.required;
    out.type = type;
    if (p.defaultValue !== undefined) out.default = p.defaultValue;
    if (enumValues) out.enum = enumValues;
    if (p.maxNum !== undefined) out.maximum = p.maxNum;
    if (p.minNum !== undefined) out.minimum = p.minNum;
    if (p.maxSize !== undefined) out.maxLength = p.maxSize;
    if (p.minSize !== undefined) out.minLength = p.minSize;
    if (isRecord(schemaExtra)) Object.assign(out, schemaExtra);
    if (p.sampleValue !== undefined) out['x-apigateway-sample'] = p.sampleValue;
  }
  if (p.orchestrations) out['x-apigateway-orchestrations'] = [...p.orchestrations];
  out['x-apigateway-pass-through'] = p.passThrough ? 'always' : 'never';
  for (const [k, v] of Object.entries(paramExtra)) if (!(k in out)) out[k] = cloneJson(v);
  return out;
}

function writeResponses(api: Api, oas: OasVersion): Json {
  const normal = api.resultNormalSample ?? '';
  const failure = api.resultFailureSample ?? '';
  if (oas === '2.0') {
    // Swagger exports put the samples beside `default`, which refers to the root response.
    return {
      default: { $ref: '#/responses/default' },
      'x-apigateway-result-failure-sample': failure,
      'x-apigateway-result-normal-sample': normal,
    };
  }
  return {
    [api.cors ? 'default-cors' : 'default']: {
      description: 'response example',
      'x-apigateway-result-failure-sample': failure,
      'x-apigateway-result-normal-sample': normal,
    },
  };
}

function authorizerScheme(a: Authorizer, withDefinition: boolean): Json {
  const scheme: Json = { in: 'header', name: 'unused', type: 'apiKey', 'x-apigateway-auth-type': 'AUTHORIZER' };
  if (!withDefinition) return scheme;
  // user_data is left out on purpose: it often carries secrets, and APIG's format has no field for it.
  const def: Json = {
    auth_downgrade_enabled: a.relaxed,
    authorizer_alias_uri: a.authorizerAliasUri ?? '',
    authorizer_type: 'FUNC',
    authorizer_uri: a.functionUrn,
    authorizer_version: a.authorizerVersion ?? '',
    identities: a.identities.map((i) => ({ location: i.location, name: i.name, validation: i.validation ?? '' })),
    need_body: a.needBody,
    network_type: a.networkType,
    retry_attempts: a.retryAttempts,
    timeout: a.timeoutMs,
    ttl: a.ttl,
    type: a.type,
  };
  scheme['x-apigateway-authorizer'] = def;
  return scheme;
}

function buildGatewayResponses(sets: GatewayResponseSet[]): Json {
  const out: Json = {};
  for (const set of [...sets].sort((a, b) => cmp(a.name, b.name))) {
    const rules: Json = {};
    for (const type of Object.keys(set.responses).sort(cmp)) {
      const rule = set.responses[type]!;
      const r: Json = { body: { 'application/json': rule.body } };
      if (rule.headers.length) r.headers = rule.headers.map((h) => ({ key: h.key, value: h.value }));
      if (rule.status !== undefined) r.status = rule.status;
      rules[type] = r;
    }
    out[set.name] = rules;
  }
  return out;
}

/** Drops extra fields whose names look like credentials, reporting each one. */
function scrubSecrets(extra: ApiExtra, pointer: string, sink: DiagnosticSink): ApiExtra {
  const visit = (value: unknown, where: string): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => visit(v, `${where}/${i}`));
    if (!isRecord(value)) return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k)) {
        sink.warning(pointer, `'${where}/${k}' looks like a secret and is not exported`);
        continue;
      }
      out[k] = visit(v, `${where}/${k}`);
    }
    return out;
  };
  return visit(extra, 'extra') as ApiExtra;
}

interface BoundPolicies {
  throttle?: ThrottlePolicy;
  acls: AccessControlPolicy[];
  plugins: Plugin[];
}

/** Looks policies up by binding and by name; bindings are ordered by name so files are stable. */
function policyIndex(p: ExportPolicies | undefined) {
  const byId = <T extends { id: string }>(list: T[] | undefined) => new Map((list ?? []).map((x) => [x.id, x]));
  const throttles = byId(p?.throttles);
  const acls = byId(p?.accessControls);
  const plugins = byId(p?.plugins);
  const rules = new Map((p?.orchestrations ?? []).map((o) => [o.name, o]));
  const byApi = new Map<string, PolicyBinding[]>();
  for (const b of p?.bindings ?? []) byApi.set(b.apiId, [...(byApi.get(b.apiId) ?? []), b]);
  const byName = (a: { name: string }, b: { name: string }) => cmp(a.name, b.name);
  return {
    boundTo(apiId: string): BoundPolicies {
      const out: BoundPolicies = { acls: [], plugins: [] };
      for (const b of byApi.get(apiId) ?? []) {
        if (b.kind === 'throttle') out.throttle = throttles.get(b.policyId) ?? out.throttle;
        const acl = b.kind === 'acl' ? acls.get(b.policyId) : undefined;
        if (acl) out.acls.push(acl);
        const plugin = b.kind === 'plugin' ? plugins.get(b.policyId) : undefined;
        if (plugin) out.plugins.push(plugin);
      }
      // IP first: the restriction type the gateway enforces locally.
      out.acls.sort((a, b) => (a.entityType === 'IP' ? 0 : 1) - (b.entityType === 'IP' ? 0 : 1) || byName(a, b));
      out.plugins.sort(byName);
      return out;
    },
    orchestration: (name: string) => rules.get(name),
  };
}

function sortKeys(obj: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(obj).sort(cmp)) out[key] = obj[key];
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
