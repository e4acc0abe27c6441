/**
 * The result of reading a definition file: plain data the Node side applies to the workspace
 * store in one transaction. Nothing here has an id yet; cross references are by name, as in the file.
 */
import type { Api, Authorizer, GatewayResponseSet } from '../model';
import type { Diagnostic } from './diagnostics';
import type { SourceFormat } from './parse';

export type OasVersion = '2.0' | '3.0';

/** An API as read from the file. Authorizer and gateway response set are named, not referenced by id. */
export type ApiDraft = Omit<Api, 'id' | 'groupId' | 'authorizerId' | 'responseSetId' | 'createdAt' | 'updatedAt'> & {
  authorizerName?: string;
  responseSetName?: string;
  /** JSON pointer of the operation, for diagnostics raised later (e.g. by the store). */
  pointer: string;
};

export type AuthorizerDraft = Omit<Authorizer, 'id' | 'createdAt' | 'updatedAt'> & { pointer: string };

export type ResponseSetDraft = Pick<GatewayResponseSet, 'name' | 'isDefault' | 'responses'> & { pointer: string };

/** A FunctionGraph function the file refers to; its local counterpart is found by name. */
export interface FunctionRef {
  name: string;
  urn: string;
  pointer: string;
  usedBy: 'backend' | 'authorizer' | 'backend-policy';
}

export interface ImportPlan {
  version: OasVersion;
  format: SourceFormat;
  group: { name: string; description: string };
  apis: ApiDraft[];
  authorizers: AuthorizerDraft[];
  responseSets: ResponseSetDraft[];
  functionRefs: FunctionRef[];
  diagnostics: Diagnostic[];
}

/**
 * Layout of `Api.extra`: what the workbench keeps without interpreting, to write it back unchanged.
 * Keys are stable because exported files depend on them.
 */
export interface ApiExtra {
  /** Operation fields not mapped to the model (x-apigateway-plugins, -ratelimit, -backend-policies, tags, …). */
  operation?: Record<string, unknown>;
  /** Root `x-apigateway-ratelimits` entries this API binds (by x-apigateway-ratelimit). */
  ratelimits?: Record<string, unknown>;
  /** Root `x-apigateway-access-controls` entries this API binds. */
  accessControls?: Record<string, unknown>;
  /** Fields of x-apigateway-backend besides type/parameters/endpoint. */
  backend?: Record<string, unknown>;
  /** Endpoint fields the model has no place for (description, cascade_flag, req_protocol, …). */
  endpoint?: Record<string, unknown>;
  /** Per request parameter ('LOCATION:name'): fields the model has no place for (pattern, …). */
  params?: Record<string, Record<string, unknown>>;
}

export function paramKey(location: string, name: string): string {
  return `${location}:${name}`;
}
