/**
 * A stand-in for the APIG (dedicated gateway, V2) and FunctionGraph management APIs: a real HTTP
 * server on 127.0.0.1 that checks every request's SDK-HMAC-SHA256 signature against the keys it was
 * given and keeps state, so a deploy can be tested end to end without the cloud.
 *
 * Shapes follow the API reference pages (support.huaweicloud.com/intl/en-us/api-apig/*.html and
 * …/api-functiongraph/*.html):
 * - ListApiGroupsV2 / CreateApiGroupV2 (GET, POST /api-groups): `groups[]`, `total`; `name`, `remark`; answers `sl_domain`.
 * - ListEnvironmentsV2 / CreateEnvironmentV2 (GET, POST /envs): `envs[]`; RELEASE is DEFAULT_ENVIRONMENT_RELEASE_ID.
 * - ListEnvironmentVariablesV2 / CreateEnvironmentVariableV2 / UpdateEnvironmentVariableV2
 *   (GET, POST /env-variables, PUT /env-variables/{id}): `variables[]`, `group_id`, `env_id`, `variable_name`, `variable_value`.
 * - ListCustomAuthorizersV2 / CreateCustomAuthorizerV2 / UpdateCustomAuthorizerV2 (GET, POST /authorizers,
 *   PUT /authorizers/{id}): `authorizer_list[]`; `type` cannot change; `user_data` ≤ 2,048 characters.
 * - ImportApiDefinitionsV2 (POST /openapi/import, multipart: is_create_group, group_id, extend_mode,
 *   api_mode, file_name): `success[] {path, method, action, id}`, `failure[]`, `group_id`; does not publish.
 * - ExportApiDefinitionsV2 (POST /openapi/export?oas_version=2.0; `env_id`, `group_id`, `define`, `type`):
 *   the definition of the APIs published in the environment.
 * - BatchPublishOrOfflineApiV2 (POST /apis/publish?action=online; `env_id`, `apis[]`, `remark`):
 *   `success[] {publish_id, api_id, api_name, …}`, `failure[] {api_id, api_name, error_code, error_msg}`.
 * - FunctionGraph ListFunctions (GET /fgs/functions, marker / maxitems, `functions[]`, `next_marker`),
 *   CreateFunction (POST; func_name, package, runtime, handler, memory_size, timeout, code_type,
 *   func_code.file Base64; answers func_urn …:latest), UpdateFunctionCode (PUT …/{urn}/code),
 *   ListFunctionVersions / CreateFunctionVersion (GET, POST …/{urn}/versions: `versions[]`, `version`, `description`).
 * Errors: `{error_code, error_msg}` with the HTTP status (401 APIG.0301 for a bad signature).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import {
  canonicalRequest,
  headerOf,
  parseAuthorization,
  parseSdkDate,
  payloadHashFor,
  SDK_DATE_TOLERANCE_MS,
  signaturesEqual,
  splitUrl,
  stringToSign,
} from '../../src-shared/apig/app-signature';
import type { SignerCrypto } from '../../src-shared/apig/sha256';

const crypto: SignerCrypto = {
  sha256Hex: (d) => createHash('sha256').update(d).digest('hex'),
  hmacSha256Hex: (k, m) => createHmac('sha256', k).update(m).digest('hex'),
};

// Request bodies of any documented shape, read field by field.
type Json = Record<string, any>;

export interface StandInApi { id: string; group_id: string; name: string; method: string; path: string; operation: Json }
/** `files`: the code package's files by path (inline code is stored as index.js / index.py). */
export interface StandInFunction { func_urn: string; func_name: string; package: string; runtime: string; handler: string; files: Record<string, string>; versions: { version: string; description: string; files: Record<string, string> }[] }

export interface StandInState {
  groups: { id: string; name: string; sl_domain: string; remark: string }[];
  envs: { id: string; name: string; remark: string }[];
  variables: { id: string; group_id: string; env_id: string; variable_name: string; variable_value: string }[];
  authorizers: Json[];
  apis: StandInApi[];
  /** env id -> api id -> the operation as published. */
  published: Map<string, Map<string, Json>>;
  functions: StandInFunction[];
}

export interface LoggedRequest { method: string; path: string; status: number }

const id = () => randomUUID().replaceAll('-', '');
const NAME_3_255 = /^[A-Za-z0-9\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5\-_./():]{2,254}$/;

class Fail extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export class CloudStandIn {
  readonly state: StandInState = {
    groups: [],
    envs: [{ id: 'DEFAULT_ENVIRONMENT_RELEASE_ID', name: 'RELEASE', remark: 'default' }],
    variables: [],
    authorizers: [],
    apis: [],
    published: new Map(),
    functions: [],
  };
  readonly requests: LoggedRequest[] = [];
  /** Temporary keys: the security token every request must carry, signed (X-Security-Token). */
  securityToken?: string;
  /** A test sets this to have the "cloud" refuse one operation (method + path suffix). */
  refuse?: { method: string; pathEndsWith: string; status: number; code: string; message: string };
  private server?: Server;
  origin = '';

  constructor(
    private readonly keys: Record<string, string>,
    readonly projectId: string,
    readonly instanceId: string,
    readonly region = 'cn-north-4',
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** A function that already exists in FunctionGraph, with `versions` published versions (1…n). */
  seedFunction(name: string, runtime: string, versions: number): void {
    const files = { 'index.py': '# deployed elsewhere\n' };
    this.state.functions.push({
      func_urn: `urn:fss:${this.region}:${this.projectId}:function:default:${name}:latest`,
      func_name: name,
      package: 'default',
      runtime,
      handler: 'index.handler',
      files,
      versions: Array.from({ length: versions }, (_, i) => ({ version: String(i + 1), description: '', files })),
    });
  }

  /** Requests that change state (anything but GET and the export). */
  mutations(): LoggedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/openapi/export'));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const { path, query } = splitUrl(req.url ?? '/');
    let status = 200;
    let answer: unknown;
    try {
      this.verifySignature(req, body);
      if (this.refuse && req.method === this.refuse.method && path.endsWith(this.refuse.pathEndsWith)) {
        throw new Fail(this.refuse.status, this.refuse.code, this.refuse.message);
      }
      answer = this.route(req.method ?? 'GET', decodeURIComponent(path), new Map(query), req, body);
      if (req.method === 'POST' && !path.endsWith('/openapi/export') && !path.endsWith('/openapi/import') && !path.endsWith('/apis/publish')) status = 201;
    } catch (error) {
      const fail = error instanceof Fail ? error : new Fail(500, 'APIG.9999', String(error));
      status = fail.status;
      answer = { error_code: fail.code, error_msg: fail.message, request_id: id() };
    }
    this.requests.push({ method: req.method ?? 'GET', path, status });
    const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(text);
  }

  /** IAM AK/SK authentication of the management APIs: the same SDK-HMAC-SHA256 as APP authentication. */
  private verifySignature(req: IncomingMessage, body: Buffer): void {
    const refuse = (why: string) => {
      throw new Fail(401, 'APIG.0301', `Incorrect IAM authentication information: ${why}`);
    };
    const auth = parseAuthorization(headerOf(req.headers, 'authorization') ?? '');
    if (!auth.ok) return refuse(auth.problem);
    const secret = this.keys[auth.access];
    if (!secret) return refuse('ak not found');
    const date = headerOf(req.headers, 'x-sdk-date') ?? '';
    const at = parseSdkDate(date);
    if (at === undefined || Math.abs(Date.now() - at) > SDK_DATE_TOLERANCE_MS) return refuse('x-sdk-date is missing or too far from now');
    if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-sdk-date')) return refuse('host and x-sdk-date must be signed');
    const { path, query } = splitUrl(req.url ?? '/');
    const canonical = canonicalRequest({ method: req.method ?? 'GET', path, query, headers: req.headers, signedHeaders: auth.signedHeaders, payloadHash: payloadHashFor(req.headers, body, crypto) });
    const expected = crypto.hmacSha256Hex(secret, stringToSign(date, canonical, crypto));
    if (!signaturesEqual(expected, auth.signature)) refuse('verify aksk signature fail');
    if (headerOf(req.headers, 'x-project-id') !== this.projectId) refuse('X-Project-Id does not match the keys\' project');
    if (this.securityToken !== undefined) {
      if (headerOf(req.headers, 'x-security-token') !== this.securityToken) refuse('the security token of the temporary keys is missing or wrong');
      if (!auth.signedHeaders.includes('x-security-token')) refuse('x-security-token must be signed');
    }
  }

  private route(method: string, path: string, query: Map<string, string>, req: IncomingMessage, body: Buffer): unknown {
    const apig = `/v2/${this.projectId}/apigw/instances/${this.instanceId}`;
    const fgs = `/v2/${this.projectId}/fgs/functions`;
    const json = () => (body.length ? (JSON.parse(body.toString('utf8')) as Json) : {});
    if (path.startsWith(apig + '/')) return this.apig(method, path.slice(apig.length), query, json, req, body);
    if (path === fgs || path.startsWith(fgs + '/')) return this.functionGraph(method, path.slice(fgs.length), json);
    throw new Fail(404, 'APIG.3002', `no such resource: ${method} ${path}`);
  }

  private apig(method: string, path: string, query: Map<string, string>, json: () => Json, req: IncomingMessage, body: Buffer): unknown {
    const s = this.state;
    const page = <T>(key: string, items: T[]) => {
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 20);
      return { [key]: items.slice(offset, offset + limit), total: items.length, size: Math.min(limit, Math.max(0, items.length - offset)) };
    };
    if (method === 'GET' && path === '/api-groups') return page('groups', s.groups.filter((g) => !query.get('name') || g.name.includes(query.get('name')!)));
    if (method === 'POST' && path === '/api-groups') {
      const { name, remark } = json();
      if (typeof name !== 'string' || !NAME_3_255.test(name)) throw new Fail(400, 'APIG.2012', `Invalid parameter value,parameterName:name`);
      if (s.groups.some((g) => g.name === name)) throw new Fail(409, 'APIG.3201', `The API group name already exists`);
      const group = { id: id(), name, remark: remark ?? '', sl_domain: `${id()}.apic.${this.region}.huaweicloudapis.com` };
      s.groups.push(group);
      return group;
    }
    if (method === 'GET' && path === '/envs') return page('envs', s.envs.filter((e) => !query.get('name') || e.name.includes(query.get('name')!)));
    if (method === 'POST' && path === '/envs') {
      const { name, remark } = json();
      if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{2,63}$/.test(name)) throw new Fail(400, 'APIG.2012', 'Invalid parameter value,parameterName:name');
      if (s.envs.some((e) => e.name === name)) throw new Fail(409, 'APIG.3301', 'The environment name already exists');
      const env = { id: id(), name, remark: remark ?? '' };
      s.envs.push(env);
      return env;
    }
    if (method === 'GET' && path === '/env-variables') {
      return page('variables', s.variables.filter((v) => v.group_id === query.get('group_id') && (!query.get('env_id') || v.env_id === query.get('env_id'))));
    }
    if (method === 'POST' && path === '/env-variables') {
      const b = json();
      if (!s.groups.some((g) => g.id === b.group_id)) throw new Fail(404, 'APIG.3001', 'The API group does not exist');
      if (!s.envs.some((e) => e.id === b.env_id)) throw new Fail(404, 'APIG.3003', 'The environment does not exist');
      if (s.variables.some((v) => v.group_id === b.group_id && v.env_id === b.env_id && v.variable_name === b.variable_name)) throw new Fail(409, 'APIG.3401', 'The variable name already exists');
      const v = { id: id(), group_id: b.group_id, env_id: b.env_id, variable_name: b.variable_name, variable_value: b.variable_value };
      s.variables.push(v);
      return v;
    }
    const variable = /^\/env-variables\/([^/]+)$/.exec(path);
    if (method === 'PUT' && variable) {
      const v = s.variables.find((x) => x.id === variable[1]);
      if (!v) throw new Fail(404, 'APIG.3011', 'The variable does not exist');
      v.variable_value = json().variable_value;
      return v;
    }
    if (method === 'GET' && path === '/authorizers') return page('authorizer_list', s.authorizers);
    if (method === 'POST' && path === '/authorizers') return this.saveAuthorizer(undefined, json());
    const authorizer = /^\/authorizers\/([^/]+)$/.exec(path);
    if (method === 'PUT' && authorizer) return this.saveAuthorizer(authorizer[1], json());
    if (method === 'POST' && path === '/openapi/import') return this.importDefinition(req, body);
    if (method === 'POST' && path === '/openapi/export') return this.exportDefinition(json());
    if (method === 'POST' && path === '/apis/publish') {
      if (query.get('action') !== 'online') throw new Fail(400, 'APIG.2012', 'Invalid parameter value,parameterName:action');
      const b = json();
      if (!s.envs.some((e) => e.id === b.env_id)) throw new Fail(404, 'APIG.3003', 'The environment does not exist');
      const ids: string[] = b.apis ?? s.apis.filter((a) => a.group_id === b.group_id).map((a) => a.id);
      const published = s.published.get(b.env_id) ?? new Map<string, Json>();
      s.published.set(b.env_id, published);
      const success = [];
      const failure = [];
      for (const apiId of ids) {
        const api = s.apis.find((a) => a.id === apiId);
        if (!api) {
          failure.push({ api_id: apiId, api_name: '', error_code: 'APIG.3002', error_msg: 'The API does not exist' });
          continue;
        }
        published.set(api.id, structuredClone(api.operation));
        success.push({ publish_id: id(), api_id: api.id, api_name: api.name, env_id: b.env_id, remark: b.remark ?? '', publish_time: new Date().toISOString(), version_id: id() });
      }
      return { success, failure };
    }
    throw new Fail(404, 'APIG.3002', `no such resource: ${method} ${path}`);
  }

  /**
   * Why APIG would refuse a function reference, or undefined: the function must exist in FunctionGraph
   * and the version, when one is named, must have been published [I: APIG resolves the function when
   * an API or authorizer is saved].
   */
  private functionProblem(urn: unknown, version: unknown): string | undefined {
    if (typeof urn !== 'string' || !urn.startsWith('urn:fss:')) return `not a function URN: ${String(urn)}`;
    const base = urn.replace(/:(latest|\d+|![^:]+)$/, '');
    const fn = this.state.functions.find((f) => f.func_urn.replace(/:latest$/, '') === base);
    if (!fn) return `The function does not exist: ${base}`;
    if (typeof version === 'string' && version && version !== 'latest' && !fn.versions.some((v) => v.version === version)) return `The function version does not exist: ${base}:${version}`;
    return undefined;
  }

  private saveAuthorizer(existingId: string | undefined, b: Json): Json {
    const s = this.state;
    if (typeof b.name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{2,63}$/.test(b.name)) throw new Fail(400, 'APIG.2012', 'Invalid parameter value,parameterName:name');
    if (!['FRONTEND', 'BACKEND'].includes(b.type)) throw new Fail(400, 'APIG.2012', 'Invalid parameter value,parameterName:type');
    if (typeof b.authorizer_uri !== 'string' || !b.authorizer_uri.startsWith('urn:fss:')) throw new Fail(400, 'APIG.2012', 'Invalid parameter value,parameterName:authorizer_uri');
    if (typeof b.user_data === 'string' && b.user_data.length > 2048) throw new Fail(400, 'APIG.2012', 'Invalid parameter value,parameterName:user_data');
    const fnProblem = this.functionProblem(b.authorizer_alias_uri || b.authorizer_uri, b.authorizer_alias_uri ? undefined : b.authorizer_version);
    if (fnProblem) throw new Fail(400, 'APIG.2012', `Invalid parameter value,parameterName:authorizer_uri. ${fnProblem}`);
    const existing = existingId ? s.authorizers.find((a) => a.id === existingId) : undefined;
    if (existingId && !existing) throw new Fail(404, 'APIG.3081', 'The custom authorizer does not exist');
    if (s.authorizers.some((a) => a.name === b.name && a.id !== existingId)) throw new Fail(409, 'APIG.3081', 'The custom authorizer name already exists');
    if (existing && existing.type !== b.type) throw new Fail(400, 'APIG.2012', 'The authorizer type cannot be modified');
    const saved = { ...b, id: existingId ?? id(), create_time: existing?.create_time ?? new Date().toISOString() };
    if (existing) Object.assign(existing, saved);
    else s.authorizers.push(saved);
    return saved;
  }

  private importDefinition(req: IncomingMessage, body: Buffer): Json {
    const s = this.state;
    const form = parseMultipart(headerOf(req.headers, 'content-type') ?? '', body);
    const file = form.get('file_name');
    if (!file) throw new Fail(400, 'APIG.2001', 'The request parameters must be specified,parameterName:file_name');
    for (const mode of ['extend_mode', 'api_mode']) {
      if (form.has(mode) && !['merge', 'override'].includes(form.get(mode)!)) throw new Fail(400, 'APIG.2012', `Invalid parameter value,parameterName:${mode}`);
    }
    if (form.get('is_create_group') !== 'false') throw new Fail(400, 'APIG.2012', 'this stand-in imports into existing groups only (is_create_group=false)');
    const group = s.groups.find((g) => g.id === form.get('group_id'));
    if (!group) throw new Fail(404, 'APIG.3001', 'The API group does not exist');
    let doc: Json;
    try {
      doc = JSON.parse(file) as Json;
    } catch {
      throw new Fail(400, 'APIG.2012', 'Invalid parameter value,parameterName:file_name (not JSON)');
    }
    const override = form.get('api_mode') === 'override';
    const success: Json[] = [];
    const failure: Json[] = [];
    for (const [name, scheme] of Object.entries((doc.securityDefinitions ?? {}) as Json)) {
      const def = (scheme as Json)['x-apigateway-authorizer'] as Json | undefined;
      if (!def) continue;
      const existing = s.authorizers.find((a) => a.name === name);
      // The file has no user_data: an existing authorizer keeps its own, a new one starts empty.
      this.saveAuthorizer(existing?.id, { ...def, name, identities: (def.identities ?? []).map((i: Json) => (i.validation ? i : { name: i.name, location: i.location })), user_data: existing?.user_data ?? '', authorizer_version: def.authorizer_version || undefined, authorizer_alias_uri: def.authorizer_alias_uri || undefined });
    }
    for (const [path, item] of Object.entries((doc.paths ?? {}) as Json)) {
      for (const [m, operation] of Object.entries(item as Json)) {
        const method = m === 'x-apigateway-any-method' ? 'ANY' : m.toUpperCase();
        const backend = (operation as Json)['x-apigateway-backend'] as Json | undefined;
        if (backend?.type === 'FUNCTION') {
          const f = backend.functionEndpoints ?? {};
          const problem = this.functionProblem(f['alias-urn'] || f['function-urn'], f['alias-urn'] ? undefined : f.version);
          if (problem) {
            failure.push({ path, method, error_code: 'APIG.2012', error_msg: `Invalid parameter value,parameterName:function_urn. ${problem}` });
            continue;
          }
        }
        const existing = s.apis.find((a) => a.group_id === group.id && a.method === method && a.path === path);
        if (existing && !override) {
          success.push({ path, method, action: 'ignore', id: existing.id });
          continue;
        }
        if (existing) {
          existing.operation = structuredClone(operation as Json);
          existing.name = (operation as Json).operationId ?? existing.name;
          success.push({ path, method, action: 'update', id: existing.id });
        } else {
          const api = { id: id(), group_id: group.id, name: (operation as Json).operationId ?? `${method}_${path}`, method, path, operation: structuredClone(operation as Json) };
          s.apis.push(api);
          success.push({ path, method, action: 'create', id: api.id });
        }
      }
    }
    return { success, failure, group_id: group.id };
  }

  private exportDefinition(b: Json): string {
    const s = this.state;
    const group = s.groups.find((g) => g.id === b.group_id);
    if (!group) throw new Fail(404, 'APIG.3001', 'The API group does not exist');
    if (!s.envs.some((e) => e.id === b.env_id)) throw new Fail(404, 'APIG.3003', 'The environment does not exist');
    const published = s.published.get(b.env_id) ?? new Map<string, Json>();
    const paths: Json = {};
    const used = new Set<string>();
    for (const api of s.apis.filter((a) => a.group_id === group.id && published.has(a.id))) {
      const op = published.get(api.id)!;
      paths[api.path] ??= {};
      paths[api.path][api.method === 'ANY' ? 'x-apigateway-any-method' : api.method.toLowerCase()] = op;
      for (const req of (op.security ?? []) as Json[]) for (const name of Object.keys(req)) used.add(name);
    }
    const securityDefinitions: Json = {};
    for (const a of s.authorizers.filter((x) => used.has(x.name))) {
      securityDefinitions[a.name] = { in: 'header', name: 'unused', type: 'apiKey', 'x-apigateway-auth-type': 'AUTHORIZER', 'x-apigateway-authorizer': { ...a, user_data: undefined } };
    }
    return JSON.stringify({ swagger: '2.0', info: { title: group.name, version: new Date().toISOString() }, host: group.sl_domain, paths, securityDefinitions });
  }

  private functionGraph(method: string, path: string, json: () => Json): unknown {
    const s = this.state;
    if (method === 'GET' && path === '') return { functions: s.functions.map(({ files: _files, versions: _versions, ...f }) => f), next_marker: 0, count: s.functions.length };
    if (method === 'POST' && path === '') {
      const b = json();
      for (const field of ['func_name', 'package', 'runtime', 'handler', 'memory_size', 'timeout', 'code_type']) {
        if (b[field] === undefined || b[field] === '') throw new Fail(400, 'FSS.0201', `${field} is required`);
      }
      const files = codeFiles(b);
      if (s.functions.some((f) => f.func_name === b.func_name && f.package === b.package)) throw new Fail(409, 'FSS.0409', 'function already exists');
      const fn: StandInFunction = {
        func_urn: `urn:fss:${this.region}:${this.projectId}:function:${b.package}:${b.func_name}:latest`,
        func_name: b.func_name,
        package: b.package,
        runtime: b.runtime,
        handler: b.handler,
        files,
        versions: [],
      };
      s.functions.push(fn);
      return { func_urn: fn.func_urn, func_name: fn.func_name, package: fn.package, runtime: fn.runtime, handler: fn.handler };
    }
    const m = /^\/([^/]+)\/(code|versions)$/.exec(path);
    if (!m) throw new Fail(404, 'FSS.1051', `no such resource: ${method} ${path}`);
    const base = m[1].replace(/:(latest|\d+|![^:]+)$/, '');
    const fn = s.functions.find((f) => f.func_urn.replace(/:latest$/, '') === base);
    if (!fn) throw new Fail(404, 'FSS.1051', `function ${m[1]} not found`);
    if (m[2] === 'code' && method === 'PUT') {
      fn.files = codeFiles(json(), fn.runtime);
      return { func_urn: fn.func_urn, func_name: fn.func_name };
    }
    if (m[2] === 'versions' && method === 'GET') {
      return { versions: [{ func_urn: fn.func_urn, version: 'latest', description: '' }, ...fn.versions.map((v) => ({ func_urn: `${base}:${v.version}`, version: v.version, description: v.description }))] };
    }
    if (m[2] === 'versions' && method === 'POST') {
      const version = { version: String(fn.versions.length + 1), description: json().description ?? '', files: { ...fn.files } };
      fn.versions.push(version);
      return { func_urn: `${base}:${version.version}`, version: version.version, description: version.description };
    }
    throw new Fail(404, 'FSS.1051', `no such resource: ${method} ${path}`);
  }
}

/**
 * The files of a code upload: `code_type` inline (func_code.file is the Base64 source) or zip
 * (func_code.file is a Base64 ZIP, code_filename required); CreateFunction / UpdateFunctionCode.
 */
function codeFiles(b: Json, runtime: string = b.runtime): Record<string, string> {
  if (typeof b.func_code?.file !== 'string' || !b.func_code.file) throw new Fail(400, 'FSS.0201', 'func_code.file is required');
  const bytes = Buffer.from(b.func_code.file, 'base64');
  if (b.code_type === 'inline') return { [String(runtime).startsWith('Python') ? 'index.py' : 'index.js']: bytes.toString('utf8') };
  if (b.code_type !== 'zip') throw new Fail(400, 'FSS.0201', `code_type ${b.code_type} is not supported by this stand-in`);
  if (!b.code_filename) throw new Fail(400, 'FSS.0201', 'code_filename is required for code_type zip');
  return unzip(bytes);
}

/** Reads a ZIP through its central directory (stored and deflated entries). */
function unzip(data: Buffer): Record<string, string> {
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Fail(400, 'FSS.0201', 'func_code.file is not a ZIP archive');
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(at) !== 0x02014b50) throw new Fail(400, 'FSS.0201', 'the ZIP central directory is damaged');
    const method = data.readUInt16LE(at + 10);
    const size = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extra = data.readUInt16LE(at + 30);
    const comment = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + size);
    files[name] = (method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

/** multipart/form-data fields by name (values as UTF-8 text). */
function parseMultipart(contentType: string, body: Buffer): Map<string, string> {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Fail(400, 'APIG.2012', 'the request is not multipart/form-data');
  const fields = new Map<string, string>();
  for (const part of body.toString('utf8').split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]+)"/.exec(part.slice(0, split))?.[1];
    if (name) fields.set(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}
