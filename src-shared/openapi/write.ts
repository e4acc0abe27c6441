/**
 * Model -> document in the shapes APIG itself exports (openapi.md §6.2): the three standard
 * security schemes, upper-case `in` on backend parameters, retryCount as a string, `default-cors`,
 * x-apigateway-responses at the Swagger root / under OAS3 components. Everything is built in a
 * fixed order from the model so that export -> import -> export gives the same bytes.
 */
import type { Api, ApiGroup, Authorizer, Backend, GatewayResponseSet, RequestParam } from '../model';
import { DiagnosticSink, pointerOf, type Diagnostic } from './diagnostics';
import { generatedRequestBody } from './oas3';
import type { ApiExtra, OasVersion } from './plan';
import { paramKey } from './plan';
import { ENDPOINT_KEY } from './read-backend';
import { cloneJson, isRecord, type Json } from './values';

export type ExportScope = 'spec' | 'proxy' | 'all' | 'dev';
export const EXPORT_SCOPES: readonly ExportScope[] = ['spec', 'proxy', 'all', 'dev'];

export interface ExportInput {
  group: Pick<ApiGroup, 'name' | 'description' | 'domains'>;
  /** The APIs to write: published snapshots for an environment, or drafts for scope dev. */
  apis: Api[];
  /** Authorizers the APIs may reference (looked up by id). */
  authorizers: Authorizer[];
  responseSets: GatewayResponseSet[];
  scope: ExportScope;
  oas: OasVersion;
  /** info.version; APIG writes the export time when none is given. */
  version: string;
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
  const domain = input.group.domains[0] ?? PLACEHOLDER_DOMAIN;
  const withBackend = input.scope !== 'spec';
  const extended = input.scope === 'all' || input.scope === 'dev';
  const authorizersById = new Map(input.authorizers.map((a) => [a.id, a]));
  const responseSetsById = new Map(input.responseSets.map((s) => [s.id, s]));
  const usedAuthorizers = new Map<string, Authorizer>();
  const ratelimits: Json = {};
  const accessControls: Json = {};
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
    const authorizer = api.authorizerId ? authorizersById.get(api.authorizerId) : undefined;
    if (api.authorizerId && !authorizer) sink.warning(pointer, `API '${api.name}' refers to an authorizer that no longer exists; written without it`);
    if (authorizer) usedAuthorizers.set(authorizer.name, authorizer);
    const responseSet = api.responseSetId ? responseSetsById.get(api.responseSetId) : undefined;
    anyCors ||= api.cors;
    anyPlain ||= !api.cors;
    const op = buildOperation(api, extra, {
      oas: input.oas,
      domain,
      withBackend,
      extended,
      authorizerName: authorizer?.name,
      responseSetName: responseSet?.name,
    });
    if (extended) {
      Object.assign(ratelimits, extra.ratelimits ?? {});
      Object.assign(accessControls, extra.accessControls ?? {});
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
  const gatewayResponses = buildGatewayResponses(input.responseSets);
  const info: Json = { title: input.group.name };
  if (input.group.description) info.description = input.group.description;
  info.version = input.version;

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
      info,
      servers: [{ url: `http://${domain}` }, { url: `https://${domain}` }],
      paths,
      components: { responses, securitySchemes, 'x-apigateway-responses': gatewayResponses },
    };
  }
  if (extended && Object.keys(ratelimits).length) document['x-apigateway-ratelimits'] = sortKeys(ratelimits);
  if (extended && Object.keys(accessControls).length) document['x-apigateway-access-controls'] = sortKeys(accessControls);
  return { document, operationPointers, diagnostics: sink.items };
}

interface OperationOptions {
  oas: OasVersion;
  domain: string;
  withBackend: boolean;
  extended: boolean;
  authorizerName?: string;
  responseSetName?: string;
}

/** Operation extensions that only make sense with a given scope. */
const BACKEND_SCOPED = new Set(['x-apigateway-backend-policies']);
const EXTENDED_SCOPED = new Set(['x-apigateway-ratelimit', 'x-apigateway-access-control']);

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
  if (o.withBackend) op['x-apigateway-backend'] = writeBackend(api.backend, extra);
  if (o.oas === '2.0' && api.contentType) op['x-apigateway-content-type'] = api.contentType;
  op['x-apigateway-cors'] = api.cors;
  op['x-apigateway-is-send-fg-body-base64'] = api.bodyBase64;
  op['x-apigateway-match-mode'] = api.matchMode;
  op['x-apigateway-request-type'] = api.requestType;
  if (o.responseSetName) op['x-apigateway-response'] = o.responseSetName;
  for (const [key, value] of Object.entries(extra.operation ?? {})) {
    if (key in op) continue;
    if (!o.withBackend && BACKEND_SCOPED.has(key)) continue;
    if (!o.extended && EXTENDED_SCOPED.has(key)) continue;
    op[key] = cloneJson(value);
  }
  return op;
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

function writeBackend(backend: Backend, extra: ApiExtra): Json {
  const out: Json = {};
  let type: keyof typeof ENDPOINT_KEY;
  let endpoint: Json;
  switch (backend.type) {
    case 'HTTP': {
      type = backend.vpcChannel ? 'HTTP-VPC' : 'HTTP';
      endpoint = {};
      if (!backend.vpcChannel) endpoint.address = backend.address;
      endpoint.description = '';
      endpoint.enableClientSsl = backend.enableClientSsl ?? false;
      if (backend.vpcChannel?.proxyHost !== undefined) endpoint.host = backend.vpcChannel.proxyHost;
      endpoint.method = backend.method;
      if (backend.vpcChannel) endpoint.name = backend.vpcChannel.name;
      endpoint.path = backend.path;
      endpoint.retryCount = String(backend.retryCount);
      endpoint.scheme = backend.protocol.toLowerCase();
      endpoint.timeout = backend.timeoutMs;
      break;
    }
    case 'FUNCTION':
      type = 'FUNCTION';
      endpoint = {
        'alias-urn': backend.aliasUrn ?? '',
        description: '',
        'function-urn': backend.functionUrn,
        'invocation-type': backend.invocationType,
        'network-type': backend.networkType,
        timeout: backend.timeoutMs,
        version: backend.version ?? '',
      };
      break;
    case 'MOCK':
      type = 'MOCK';
      endpoint = { description: '', 'result-content': backend.body };
      break;
  }
  Object.assign(endpoint, cloneJson(extra.endpoint ?? {}));
  out[ENDPOINT_KEY[type]] = endpoint;
  if (backend.params.length) {
    out.parameters = backend.params.map((p) => ({
      description: p.description ?? '',
      in: p.location,
      name: p.name,
      origin: p.origin,
      value: p.value,
    }));
  }
  out.type = type;
  for (const [k, v] of Object.entries(extra.backend ?? {})) if (!(k in out)) out[k] = cloneJson(v);
  return out;
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
      r.status = rule.status;
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

function sortKeys(obj: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(obj).sort(cmp)) out[key] = obj[key];
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
