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
  status: number;
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
