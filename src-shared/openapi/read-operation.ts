/** One operation (one APIG API) -> ApiDraft, shared by both OAS versions through a VersionAdapter. */
import type { ApiMethod, AuthType, FrontendProtocol, MatchMode } from '../model';
import { joinPointer, type DiagnosticSink } from './diagnostics';
import { BACKEND_POLICIES_KEY, readBackendPolicies } from './backend-policies';
import type { ApiDraft, ApiExtra, ApiPolicyRefs, FunctionRef, OasVersion, PolicyRef } from './plan';
import { readBackend } from './read-backend';
import { readRequestParams } from './read-params';
import type { SchemeInfo } from './read-security';
import { cloneJson, FieldReader, isRecord, type Json } from './values';

/** What differs between Swagger 2.0 and OAS 3.0 when reading an operation. */
export interface OperationVersionReader {
  version: OasVersion;
  /** Operation keys this version consumes besides the common ones. */
  ownKeys: ReadonlySet<string>;
  protocol(op: FieldReader, root: Json): FrontendProtocol;
  contentType(op: FieldReader): string | undefined;
  /** Removes from the kept fields what the writer generates itself (so a round trip adds nothing). */
  dropGenerated?(rest: Json, contentType: string | undefined): void;
}

export interface DocContext {
  root: Json;
  sink: DiagnosticSink;
  reader: OperationVersionReader;
  schemes: Map<string, SchemeInfo>;
  /** Schemes defined but not readable (reported where they are defined). */
  unreadableSchemes: ReadonlySet<string>;
  functionRefs: FunctionRef[];
  /** Names defined by the root policy maps, and the names some operation refers to. */
  defined: Record<PolicyMapKind, ReadonlySet<string>>;
  used: Record<PolicyMapKind, Set<string>>;
}

export type PolicyMapKind = 'throttle' | 'acl' | 'plugin' | 'orchestration';

/** Operation key -> the root map its names refer to. */
const REF_KEYS = {
  throttle: { key: 'x-apigateway-ratelimit', map: 'x-apigateway-ratelimits' },
  acl: { key: 'x-apigateway-access-control', map: 'x-apigateway-access-controls' },
  plugin: { key: 'x-apigateway-plugins', map: 'x-apigateway-plugins' },
  orchestration: { key: 'x-apigateway-orchestrations', map: 'x-apigateway-orchestrations' },
} as const;

const COMMON_KEYS = new Set([
  'operationId', 'description', 'parameters', 'responses', 'security',
  'x-apigateway-request-type', 'x-apigateway-match-mode', 'x-apigateway-cors', 'x-apigateway-is-send-fg-body-base64',
  'x-apigateway-backend', 'x-apigateway-content-type', 'x-apigateway-response',
  'x-apigateway-ratelimit', 'x-apigateway-access-control', 'x-apigateway-plugins', BACKEND_POLICIES_KEY,
]);

const SAMPLE_NORMAL = 'x-apigateway-result-normal-sample';
const SAMPLE_FAILURE = 'x-apigateway-result-failure-sample';

export function readOperation(
  ctx: DocContext,
  path: string,
  method: ApiMethod,
  op: Json,
  pointer: string,
  pathItemParams: { list: unknown[]; pointer: string } | undefined,
): ApiDraft | undefined {
  const { sink } = ctx;
  const f = new FieldReader(op, pointer, sink);
  const name = f.string('operationId');
  if (!name) {
    sink.error(f.at('operationId'), `${method} ${path}: operationId is required, it is the API name`);
    return undefined;
  }
  const opParams = f.array('parameters');
  const { params, extras: paramExtras, orchestrationRefs } = readRequestParams(
    ctx.root,
    pathItemParams,
    opParams ? { list: opParams, pointer: f.at('parameters') } : undefined,
    sink,
  );
  const auth = readAuth(ctx, f);
  const extra: ApiExtra = {};
  let backend: ApiDraft['backend'];
  const rawBackend = f.record('x-apigateway-backend');
  if (rawBackend) {
    const read = readBackend(rawBackend, f.at('x-apigateway-backend'), sink, ctx.functionRefs);
    if (!read) return undefined;
    backend = read.backend;
    if (read.backendExtra) extra.backend = cloneJson(read.backendExtra);
    if (read.endpointExtra) extra.endpoint = cloneJson(read.endpointExtra);
  } else {
    // Basic ("spec") exports carry no backend; the model needs one.
    sink.warning(pointer, `API '${name}' has no x-apigateway-backend; a MOCK backend answering 200 with an empty body stands in`);
    backend = { type: 'MOCK', statusCode: 200, body: '', headers: [], params: [] };
  }
  let backendPolicies: ApiDraft['backendPolicies'];
  if (f.has(BACKEND_POLICIES_KEY)) {
    const read = readBackendPolicies(op[BACKEND_POLICIES_KEY], f.at(BACKEND_POLICIES_KEY), sink, ctx.functionRefs);
    if (read?.policies.length) backendPolicies = read.policies;
    if (read && Object.keys(read.extras).length) extra.backendPolicies = read.extras;
  }
  const policyRefs = readPolicyRefs(ctx, f, orchestrationRefs);
  const samples = readSamples(f);
  const draft: ApiDraft = {
    name,
    description: f.string('description') ?? '',
    method,
    path,
    matchMode: f.oneOf<MatchMode>('x-apigateway-match-mode', ['NORMAL', 'SWA']) ?? 'NORMAL',
    protocol: ctx.reader.protocol(f, ctx.root),
    requestType: f.oneOf('x-apigateway-request-type', ['public', 'private'] as const) ?? 'public',
    authType: auth.authType,
    appCodeAuth: auth.appCodeAuth,
    cors: f.boolean('x-apigateway-cors') ?? false,
    bodyBase64: f.boolean('x-apigateway-is-send-fg-body-base64') ?? true,
    requestParams: params,
    backend,
    pointer,
  };
  if (backendPolicies) draft.backendPolicies = backendPolicies;
  if (policyRefs) draft.policyRefs = policyRefs;
  if (auth.authorizerName) draft.authorizerName = auth.authorizerName;
  const contentType = ctx.reader.contentType(f);
  if (contentType) draft.contentType = contentType;
  const responseSet = f.string('x-apigateway-response');
  if (responseSet) draft.responseSetName = responseSet;
  if (samples.normal) draft.resultNormalSample = samples.normal;
  if (samples.failure) draft.resultFailureSample = samples.failure;

  const rest = f.rest(new Set([...COMMON_KEYS, ...ctx.reader.ownKeys]));
  if (rest) ctx.reader.dropGenerated?.(rest, contentType);
  if (rest && Object.keys(rest).length) extra.operation = cloneJson(rest);
  if (Object.keys(paramExtras).length) extra.params = cloneJson(paramExtras);
  if (Object.keys(extra).length) draft.extra = extra as Record<string, unknown>;
  return draft;
}

/**
 * The policy names the operation (and its parameters' orchestrations) refer to. A name the file
 * does not define is only a warning here: it may exist in the workspace, which applying the plan checks.
 */
function readPolicyRefs(ctx: DocContext, f: FieldReader, orchestrationRefs: PolicyRef[]): ApiPolicyRefs | undefined {
  const refs: ApiPolicyRefs = {};
  const note = (kind: PolicyMapKind, ref: PolicyRef) => {
    ctx.used[kind].add(ref.name);
    if (!ctx.defined[kind].has(ref.name)) {
      ctx.sink.warning(ref.pointer, `${REF_KEYS[kind].key} '${ref.name}' is not defined in this file (${REF_KEYS[kind].map}); it must exist in the workspace`);
    }
    return ref;
  };
  for (const kind of ['throttle', 'acl'] as const) {
    const key = REF_KEYS[kind].key;
    if (!f.has(key)) continue;
    const name = f.obj[key];
    if (typeof name !== 'string' || !name) ctx.sink.error(f.at(key), `${key} must be a policy name`);
    else refs[kind] = note(kind, { name, pointer: f.at(key) });
  }
  const plugins = f.array(REF_KEYS.plugin.key);
  plugins?.forEach((name, i) => {
    const pointer = joinPointer(f.at(REF_KEYS.plugin.key), i);
    if (typeof name !== 'string' || !name) return ctx.sink.error(pointer, 'x-apigateway-plugins must list plug-in names');
    if (refs.plugins?.some((p) => p.name === name)) return ctx.sink.warning(pointer, `plug-in '${name}' is listed twice; bound once`);
    (refs.plugins ??= []).push(note('plugin', { name, pointer }));
  });
  for (const ref of orchestrationRefs) (refs.orchestrations ??= []).push(note('orchestration', ref));
  return Object.keys(refs).length ? refs : undefined;
}

function readAuth(ctx: DocContext, f: FieldReader): { authType: AuthType; appCodeAuth: boolean; authorizerName?: string } {
  const none = { authType: 'NONE' as const, appCodeAuth: false };
  const own = f.has('security');
  const security = own ? f.array('security') : ctx.root.security;
  const at = own ? f.at('security') : '/security';
  if (!Array.isArray(security) || security.length === 0) return none;
  if (security.length > 1) {
    ctx.sink.warning(at, 'APIG takes one authentication mode per API; only the first security requirement is used');
  }
  const requirement = security[0];
  if (!isRecord(requirement)) {
    ctx.sink.error(joinPointer(at, 0), 'a security requirement must be an object');
    return none;
  }
  let standard: SchemeInfo | undefined;
  let authorizer: SchemeInfo | undefined;
  for (const key of Object.keys(requirement)) {
    const scheme = ctx.schemes.get(key);
    const keyAt = joinPointer(at, 0, key);
    if (!scheme) {
      if (!ctx.unreadableSchemes.has(key)) ctx.sink.error(keyAt, `security scheme '${key}' is not defined in this file as an APIG scheme (x-apigateway-auth-type)`);
      continue;
    }
    if (scheme.authType === 'AUTHORIZER') {
      if (authorizer) ctx.sink.error(keyAt, 'only one custom authorizer can protect an API');
      authorizer = scheme;
    } else {
      if (standard) ctx.sink.error(keyAt, 'only one of App and IAM authentication can be used');
      standard = scheme;
    }
  }
  if (standard) {
    // App/IAM plus a custom authorizer in one requirement = two-factor authentication.
    return { authType: standard.authType, appCodeAuth: standard.appCodeAuth, authorizerName: authorizer?.authorizerName };
  }
  if (authorizer) return { authType: 'AUTHORIZER', appCodeAuth: false, authorizerName: authorizer.authorizerName };
  return none;
}

/** Samples sit beside `default` (Swagger exports), or inside a response object (docs, OAS3 exports). */
function readSamples(f: FieldReader): { normal?: string; failure?: string } {
  const responses = f.has('responses') ? f.record('responses') : undefined;
  if (!responses) return {};
  const pick = (key: string): string | undefined => {
    const direct = responses[key];
    if (typeof direct === 'string' && direct) return direct;
    for (const value of Object.values(responses)) {
      if (isRecord(value) && typeof value[key] === 'string' && value[key]) return value[key] as string;
    }
    return undefined;
  };
  return { normal: pick(SAMPLE_NORMAL), failure: pick(SAMPLE_FAILURE) };
}
