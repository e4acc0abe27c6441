/**
 * The workspace model: the entities a user authors, named and shaped after the
 * APIG management objects they stand for (see ../shared/apig/runtime.md and openapi.md).
 *
 * Pure types and constants only: this file is shared by the store, the gateway,
 * the import/export code and the renderer.
 */

export type Id = string;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** APIG's API method: a concrete method or ANY (x-apigateway-any-method). */
export type ApiMethod = HttpMethod | 'ANY';
export const API_METHODS: readonly ApiMethod[] = [...HTTP_METHODS, 'ANY'];

export type MatchMode = 'NORMAL' | 'SWA';
export type FrontendProtocol = 'HTTP' | 'HTTPS' | 'BOTH';
export type AuthType = 'NONE' | 'APP' | 'IAM' | 'AUTHORIZER';
export type ParamLocation = 'PATH' | 'QUERY' | 'HEADER';
export type ParamType = 'STRING' | 'NUMBER';
export type BackendParamOrigin = 'REQUEST' | 'CONSTANT' | 'SYSTEM';

export interface ApiGroup {
  id: Id;
  name: string;
  description: string;
  /** Independent domains bound to the group (max 5); requests are routed by Host. */
  domains: string[];
  /**
   * The subdomain APIG gave the group (sl_domain, e.g. 0f3c….apic.cn-north-4.huaweicloudapis.com),
   * as an imported file's `host` / `servers` carried it; '' when unknown. Exports write it back.
   */
  subdomain: string;
  /** The group a request goes to when its Host matches no group's domain. */
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Environment {
  id: Id;
  /** RELEASE always exists and cannot be deleted. */
  name: string;
  description: string;
  createdAt: string;
}

export const RELEASE_ENV = 'RELEASE';

export interface EnvVariable {
  id: Id;
  groupId: Id;
  envId: Id;
  /** Used as #name# in backend address and path. */
  name: string;
  value: string;
}

export interface RequestParam {
  name: string;
  location: ParamLocation;
  type: ParamType;
  required: boolean;
  defaultValue?: string;
  /** Comma-separated allowed values, as APIG stores them. */
  enumerations?: string;
  minNum?: number;
  maxNum?: number;
  minSize?: number;
  maxSize?: number;
  /** valid_enable: whether the checks above are applied. */
  validEnable: boolean;
  passThrough: boolean;
  sampleValue?: string;
  description?: string;
  /** Names of orchestration rules, in priority order (kept for export). */
  orchestrations?: string[];
}

export interface BackendParam {
  name: string;
  location: ParamLocation;
  origin: BackendParamOrigin;
  /** REQUEST: the frontend parameter's name; CONSTANT: the literal; SYSTEM: a $context.* name. */
  value: string;
  description?: string;
}

export interface HttpBackend {
  type: 'HTTP';
  protocol: 'HTTP' | 'HTTPS';
  /** Backend method; ANY passes the client's method through. */
  method: ApiMethod;
  /** url_domain: host[:port], may contain #vars#. Empty when a VPC channel is used. */
  address: string;
  /** req_uri: may contain {params} and #vars#. */
  path: string;
  timeoutMs: number;
  /** -1 = APIG default (idempotent methods retry once), 0 = none, N = N retries. */
  retryCount: number;
  /** VPC channel configuration (HTTP-VPC), kept for export; not served locally. */
  vpcChannel?: { name: string; proxyHost?: string; [key: string]: unknown };
  enableClientSsl?: boolean;
  authorizerId?: Id;
  params: BackendParam[];
}

export interface MockBackend {
  type: 'MOCK';
  statusCode: number;
  body: string;
  headers: { key: string; value: string }[];
  authorizerId?: Id;
  params: BackendParam[];
}

export interface FunctionBackend {
  type: 'FUNCTION';
  /** The FunctionGraph URN; its last segment names the local function. */
  functionUrn: string;
  invocationType: 'sync' | 'async';
  networkType: 'V1' | 'V2';
  version?: string;
  aliasUrn?: string;
  timeoutMs: number;
  authorizerId?: Id;
  params: BackendParam[];
}

export type Backend = HttpBackend | MockBackend | FunctionBackend;
export type BackendType = Backend['type'];

export interface Api {
  id: Id;
  groupId: Id;
  name: string;
  description: string;
  method: ApiMethod;
  /** Frontend path, e.g. /users/{id} or /files/{path+}. Case-sensitive; trailing slash significant. */
  path: string;
  matchMode: MatchMode;
  protocol: FrontendProtocol;
  /** APIG "request type": public or private. */
  requestType: 'public' | 'private';
  authType: AuthType;
  /** Frontend custom authorizer: required for AUTHORIZER, optional (two-factor) for APP/IAM. */
  authorizerId?: Id;
  /** AppCode simple authentication (auth_opt.app_code_auth_type = HEADER). */
  appCodeAuth: boolean;
  cors: boolean;
  /** is_send_fg_body_base64: body Base64-encoded in function/authorizer events (default true). */
  bodyBase64: boolean;
  contentType?: string;
  requestParams: RequestParam[];
  backend: Backend;
  /** Conditional backends, in match order (runtime.md §5.4). Absent = only the default backend. */
  backendPolicies?: BackendPolicy[];
  /** The group's gateway response set used for errors; undefined = the group default. */
  responseSetId?: Id;
  resultNormalSample?: string;
  resultFailureSample?: string;
  /** Extensions and fields the workbench does not interpret, kept verbatim for export. */
  extra?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type FunctionRuntime = 'nodejs' | 'python';

export type FunctionSource =
  | { kind: 'inline'; code: string }
  /** A file (name.js / name.py) or a folder holding index.js / index.py. */
  | { kind: 'path'; path: string };

export interface LocalFunction {
  id: Id;
  /** Matches the last segment of a FunctionGraph URN. */
  name: string;
  runtime: FunctionRuntime;
  /** module.export, e.g. index.handler. */
  handler: string;
  source: FunctionSource;
  timeoutMs: number;
  memoryMb: number;
  description: string;
  updatedAt: string;
}

/**
 * Where a local function runs on the cloud in one environment: a FunctionGraph URN with a version
 * (`…:function:default:NAME:1`, `…:latest`) or an alias (`…:function:default:NAME:!prod`). Exports
 * for that environment write it in place of the local placeholder URN.
 */
export interface FunctionBinding {
  id: Id;
  functionId: Id;
  envId: Id;
  urn: string;
  updatedAt: string;
}

export interface AuthorizerIdentity {
  name: string;
  location: 'HEADER' | 'QUERY';
  /** Optional regular expression the value must match. */
  validation?: string;
}

export interface Authorizer {
  id: Id;
  name: string;
  type: 'FRONTEND' | 'BACKEND';
  authorizerType: 'FUNC';
  /** FunctionGraph URN; the last segment names the local function. */
  functionUrn: string;
  networkType: 'V1' | 'V2';
  authorizerVersion?: string;
  authorizerAliasUri?: string;
  identities: AuthorizerIdentity[];
  /** Result cache TTL in seconds, 0–3600; 0 = no cache. */
  ttl: number;
  userData: string;
  needBody: boolean;
  /** auth_downgrade_enabled: tolerate an unreachable or 5xx function. */
  relaxed: boolean;
  retryAttempts: number;
  timeoutMs: number;
  /**
   * Workbench-only (not an APIG field, never exported): the event carries only the identity-source
   * headers and query parameters, the strict reading of APIG's guide (runtime.md §1.3 [U]).
   */
  eventIdentitySourcesOnly?: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Publication {
  id: Id;
  apiId: Id;
  envId: Id;
  /** The API exactly as published; the gateway serves this, not the draft. */
  snapshot: Api;
  remark: string;
  publishedAt: string;
  /** false once taken offline (the history row stays). */
  active: boolean;
}

export interface GatewayResponseRule {
  /** Absent only for DEFAULT_4XX / DEFAULT_5XX, which keep the underlying error's status (as in APIG). */
  status?: number;
  body: string;
  headers: { key: string; value: string }[];
}

export interface GatewayResponseSet {
  id: Id;
  groupId: Id;
  name: string;
  isDefault: boolean;
  /** Only customised types; the rest use APIG's defaults. */
  responses: Partial<Record<string, GatewayResponseRule>>;
}

/** A credential (APIG "app"): AppKey/AppSecret for signed calls, up to 5 AppCodes for simple calls. */
export interface App {
  id: Id;
  /** 3–64 characters, starts with a letter; letters, digits, _ (Chinese allowed). */
  name: string;
  description: string;
  /** Access=… of the Authorization header. Unique across apps. */
  appKey: string;
  /** The raw HMAC-SHA256 key. Never written to traces or logs (see maskSecret). */
  appSecret: string;
  appCodes: AppCode[];
  createdAt: string;
  updatedAt: string;
}

export interface AppCode {
  id: Id;
  appId: Id;
  /** Sent as X-Apig-AppCode (AppCode simple authentication, HTTPS only on APIG). */
  code: string;
  createdAt: string;
}

/** An app may call an API in one environment (APIG authorizes per environment). */
export interface AppAuthorization {
  id: Id;
  appId: Id;
  apiId: Id;
  envId: Id;
  createdAt: string;
}

/** A row of the local IAM token table that stands in for IAM (X-Auth-Token). */
export interface IamToken {
  id: Id;
  token: string;
  /** The IAM user the token belongs to (shown in traces). */
  userName: string;
  /**
   * The account (IAM domain) of that user: DOMAIN access-control policies list account names, not
   * user names (runtime.md §5.3).
   */
  accountName: string;
  /** The account's ID (32 characters), what DOMAIN_ID access-control policies list. */
  accountId: string;
  /** ISO time after which the token is refused as expired; undefined = never. */
  expiresAt?: string;
  createdAt: string;
}

/**
 * A function URN names the local function: urn:fss:region:project:function:package:NAME[:version].
 * `…:function:default:custom-auth` and `…:function:default:custom-auth:latest` both give custom-auth;
 * a bare name is its own name.
 */
export function functionNameFromUrn(urn: string): string {
  const parts = urn.trim().split(':');
  const at = parts.indexOf('function');
  if (at >= 0 && parts.length > at + 2) return parts[at + 2];
  return parts[parts.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Policies, plug-ins and parameter orchestration (runtime.md §5). Throttling, access-control and
// plug-in policies are bound per API per environment (PolicyBinding); backend policies are part of
// the API (published with it); orchestration rules are referenced by request parameters.
// ---------------------------------------------------------------------------------------------

export type ThrottleTimeUnit = 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY';
export const THROTTLE_TIME_UNITS: readonly ThrottleTimeUnit[] = ['SECOND', 'MINUTE', 'HOUR', 'DAY'];

/** An excluded app or tenant whose threshold replaces app_call_limits / user_call_limits. */
export interface ThrottleSpecial {
  objectType: 'APP' | 'USER';
  /** App ID for APP; tenant (account/project) ID for USER. */
  objectId: string;
  callLimits: number;
}

/** Traditional request throttling policy (runtime.md §5.1). */
export interface ThrottlePolicy {
  id: Id;
  name: string;
  apiCallLimits: number;
  userCallLimits?: number;
  appCallLimits?: number;
  ipCallLimits?: number;
  timeInterval: number;
  timeUnit: ThrottleTimeUnit;
  /** 1 = API-based (each bound API counted separately); 2 = API-shared (all bound APIs share counters). */
  type: 1 | 2;
  specials: ThrottleSpecial[];
  remark: string;
  createdAt: string;
  updatedAt: string;
}

/** Access-control (ACL) policy (runtime.md §5.3). */
export interface AccessControlPolicy {
  id: Id;
  name: string;
  /** PERMIT = allow list, DENY = deny list. */
  aclType: 'PERMIT' | 'DENY';
  /** IP addresses, account names (DOMAIN) or account IDs (DOMAIN_ID). Fixed after creation. */
  entityType: 'IP' | 'DOMAIN' | 'DOMAIN_ID';
  /** Comma-separated, as APIG stores acl_value: for IP single addresses, CIDRs and a-b ranges. */
  value: string;
  remark: string;
  createdAt: string;
  updatedAt: string;
}

export const PLUGIN_TYPES = [
  'cors',
  'set_resp_headers',
  'kafka_log',
  'breaker',
  'rate_limit',
  'third_auth',
  'proxy_cache',
  'proxy_mirror',
  'oidc_auth',
  'jwt_auth',
] as const;
export type PluginType = (typeof PLUGIN_TYPES)[number];

/** A plug-in (runtime.md §5.6). Content is the JSON string APIG stores as plugin_content. */
export interface Plugin {
  id: Id;
  name: string;
  /** Fixed after creation. */
  type: PluginType;
  content: string;
  remark: string;
  createdAt: string;
  updatedAt: string;
}

export type PolicyKind = 'throttle' | 'acl' | 'plugin';

/** A throttling, access-control or plug-in policy bound to an API in one environment. */
export interface PolicyBinding {
  id: Id;
  kind: PolicyKind;
  policyId: Id;
  apiId: Id;
  envId: Id;
  createdAt: string;
}

export type BackendConditionOrigin = 'param' | 'source' | 'system' | 'cookie' | 'frontend_authorizer' | 'orchestration';
export type BackendConditionType = 'exact' | 'enum' | 'pattern';

/** One condition of a backend policy (ApiConditionBase, runtime.md §5.4). */
export interface BackendPolicyCondition {
  origin: BackendConditionOrigin;
  /** Required for every origin except source (which always lists IPs/CIDRs). */
  type?: BackendConditionType;
  /**
   * What the condition reads: param → a declared request parameter's name; system → req_path or
   * req_method; cookie → the cookie name; frontend_authorizer → `$context.authorizer.frontend.<key>`;
   * orchestration → the mapped parameter name of a bound orchestration rule; source → unused.
   */
  paramName?: string;
  /** exact: one value; enum: comma-separated; pattern: a regular expression; source: IPs/CIDRs. */
  value: string;
}

/** A conditional backend (runtime.md §5.4): up to 5 per API, matched in order, first match wins. */
export interface BackendPolicy {
  name: string;
  effectMode: 'ALL' | 'ANY';
  conditions: BackendPolicyCondition[];
  /** Its own backend, with its own backend parameters and backend authorizer. */
  backend: Backend;
}

export type OrchestrationStrategy = 'list' | 'range' | 'hash' | 'hash_range' | 'none_value' | 'default' | 'head_n' | 'tail_n';
export const ORCHESTRATION_STRATEGIES: readonly OrchestrationStrategy[] = [
  'list',
  'range',
  'hash',
  'hash_range',
  'none_value',
  'default',
  'head_n',
  'tail_n',
];

export interface OrchestrationMapEntry {
  /** list: the input values this entry maps. */
  mapParamList?: string[];
  /** range / hash_range: inclusive numeric bounds. */
  mapParamRange?: { rangeStart: number; rangeEnd: number };
  /** The output value (list, range, hash_range, none_value, default). */
  mappedParamValue?: string;
  /** head_n / tail_n: how many characters to keep. */
  interceptLength?: number;
}

/** A parameter orchestration rule (runtime.md §5.7), referenced by RequestParam.orchestrations. */
export interface OrchestrationRule {
  id: Id;
  name: string;
  strategy: OrchestrationStrategy;
  /** The output is a temporary value fed to the next rule instead of a new parameter. */
  isPreprocessing: boolean;
  /** The new parameter (required unless preprocessing); passed to the backend. */
  mappedParam?: { name: string; type: 'string' | 'number'; location: 'header' | 'query' };
  map: OrchestrationMapEntry[];
  createdAt: string;
  updatedAt: string;
}
