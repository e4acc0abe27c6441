/**
 * What callers pass to create/update an entity: the entity without id and timestamps,
 * with the fields APIG itself defaults made optional. `with…Defaults` fill them in.
 * Pure, so the UI and the importer build the same objects the store does.
 */
import type {
  Api,
  ApiGroup,
  ApiMethod,
  Authorizer,
  Backend,
  BackendPolicy,
  Environment,
  FunctionBackend,
  GatewayResponseSet,
  HttpBackend,
  LocalFunction,
  MockBackend,
} from '../model';

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type Draft<T> = Omit<T, 'id' | 'createdAt' | 'updatedAt'>;

export type GroupInput = Optional<Draft<ApiGroup>, 'description' | 'domains' | 'isDefault' | 'subdomain'>;
export type EnvironmentInput = Optional<Draft<Environment>, 'description'>;

export type HttpBackendInput = Optional<HttpBackend, 'protocol' | 'method' | 'timeoutMs' | 'retryCount' | 'params'>;
export type MockBackendInput = Optional<MockBackend, 'statusCode' | 'body' | 'headers' | 'params'>;
export type FunctionBackendInput = Optional<FunctionBackend, 'invocationType' | 'networkType' | 'timeoutMs' | 'params'>;
export type BackendInput = HttpBackendInput | MockBackendInput | FunctionBackendInput;

export type ApiInput = Optional<
  Omit<Draft<Api>, 'backend' | 'backendPolicies'>,
  'description' | 'matchMode' | 'protocol' | 'requestType' | 'authType' | 'appCodeAuth' | 'cors' | 'bodyBase64' | 'requestParams'
> & { backend: BackendInput; backendPolicies?: BackendPolicyInput[] };

/** A backend policy as callers write it: its backend gets the same defaults as the API's. */
export type BackendPolicyInput = Omit<BackendPolicy, 'backend'> & { backend: BackendInput };

export type FunctionInput = Optional<Omit<LocalFunction, 'id' | 'updatedAt'>, 'handler' | 'timeoutMs' | 'memoryMb' | 'description'>;

export type AuthorizerInput = Optional<
  Draft<Authorizer>,
  'ttl' | 'identities' | 'userData' | 'needBody' | 'relaxed' | 'retryAttempts' | 'timeoutMs' | 'networkType' | 'authorizerType'
>;

export type ResponseSetInput = Optional<Omit<GatewayResponseSet, 'id' | 'isDefault'>, 'responses'>;

/** One saved request of the tester panel (not an APIG object). */
export interface TesterRequest {
  id: string;
  createdAt: string;
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Environment name sent as X-Stage; '' = RELEASE. */
  env: string;
}

/** The defaults x-apigateway-* / TF use: 5000 ms timeouts, retry -1 (APIG default policy). */
export const DEFAULT_TIMEOUT_MS = 5000;

export function withBackendDefaults(backend: BackendInput, apiMethod: ApiMethod): Backend {
  // Unknown `type` values pass through untouched so the validator can name them.
  switch (backend.type) {
    case 'HTTP':
      return {
        ...backend,
        protocol: backend.protocol ?? 'HTTP',
        method: backend.method ?? apiMethod,
        timeoutMs: backend.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        retryCount: backend.retryCount ?? -1,
        params: backend.params ?? [],
      };
    case 'MOCK':
      return { ...backend, statusCode: backend.statusCode ?? 200, body: backend.body ?? '', headers: backend.headers ?? [], params: backend.params ?? [] };
    case 'FUNCTION':
      return {
        ...backend,
        invocationType: backend.invocationType ?? 'sync',
        networkType: backend.networkType ?? 'V1',
        timeoutMs: backend.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        params: backend.params ?? [],
      };
    default:
      return { ...(backend as Backend), params: (backend as Backend).params ?? [] };
  }
}

export function withApiDefaults(input: ApiInput): Draft<Api> {
  const { backendPolicies, ...rest } = input;
  return {
    ...rest,
    description: input.description ?? '',
    matchMode: input.matchMode ?? 'NORMAL',
    protocol: input.protocol ?? 'BOTH',
    requestType: input.requestType ?? 'public',
    authType: input.authType ?? 'NONE',
    appCodeAuth: input.appCodeAuth ?? false,
    cors: input.cors ?? false,
    bodyBase64: input.bodyBase64 ?? true,
    requestParams: input.requestParams ?? [],
    backend: withBackendDefaults(input.backend, input.method),
    ...(backendPolicies === undefined ? {} : { backendPolicies: withBackendPolicyDefaults(backendPolicies, input.method) }),
  };
}

export function withBackendPolicyDefaults(policies: BackendPolicyInput[], apiMethod: ApiMethod): BackendPolicy[] {
  // Not a list: left as is so the validator can name the problem.
  if (!Array.isArray(policies)) return policies;
  return policies.map((p) => (p && typeof p === 'object' && p.backend ? { ...p, backend: withBackendDefaults(p.backend, apiMethod) } : (p as BackendPolicy)));
}

export function withGroupDefaults(input: GroupInput): Draft<ApiGroup> {
  return { ...input, description: input.description ?? '', domains: input.domains ?? [], isDefault: input.isDefault ?? false, subdomain: input.subdomain ?? '' };
}

export function withEnvironmentDefaults(input: EnvironmentInput): Draft<Environment> {
  return { ...input, description: input.description ?? '' };
}

export function withFunctionDefaults(input: FunctionInput): Omit<LocalFunction, 'id' | 'updatedAt'> {
  return {
    ...input,
    handler: input.handler ?? 'index.handler',
    timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    memoryMb: input.memoryMb ?? 128,
    description: input.description ?? '',
  };
}

export function withAuthorizerDefaults(input: AuthorizerInput): Draft<Authorizer> {
  return {
    ...input,
    authorizerType: input.authorizerType ?? 'FUNC',
    networkType: input.networkType ?? 'V1',
    identities: input.identities ?? [],
    ttl: input.ttl ?? 0,
    userData: input.userData ?? '',
    needBody: input.needBody ?? false,
    relaxed: input.relaxed ?? false,
    retryAttempts: input.retryAttempts ?? 0,
    timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

export function withResponseSetDefaults(input: ResponseSetInput): Omit<GatewayResponseSet, 'id' | 'isDefault'> {
  return { ...input, responses: input.responses ?? {} };
}
