/**
 * The result of reading a definition file: plain data the Node side applies to the workspace
 * store in one transaction. Nothing here has an id yet; cross references are by name, as in the file.
 */
import type {
  AccessControlPolicy,
  Api,
  Authorizer,
  BackendPolicyCondition,
  GatewayResponseSet,
  OrchestrationRule,
  Plugin,
  ThrottlePolicy,
} from '../model';
import type { Diagnostic } from './diagnostics';
import type { SourceFormat } from './parse';

export type OasVersion = '2.0' | '3.0';

/** An API as read from the file. Authorizer and gateway response set are named, not referenced by id. */
export type ApiDraft = Omit<Api, 'id' | 'groupId' | 'authorizerId' | 'responseSetId' | 'createdAt' | 'updatedAt'> & {
  authorizerName?: string;
  responseSetName?: string;
  /** JSON pointer of the operation, for diagnostics raised later (e.g. by the store). */
  pointer: string;
  /** Policies the operation names; bound per environment when the plan is applied. */
  policyRefs?: ApiPolicyRefs;
};

/** A name in the file that must resolve to a definition (in the file or in the workspace). */
export interface PolicyRef {
  name: string;
  pointer: string;
}

export interface ApiPolicyRefs {
  /** x-apigateway-ratelimit */
  throttle?: PolicyRef;
  /** x-apigateway-access-control */
  acl?: PolicyRef;
  /** x-apigateway-plugins */
  plugins?: PolicyRef[];
  /** x-apigateway-orchestrations of the request parameters (the rules must exist; not bindings). */
  orchestrations?: PolicyRef[];
}

type NamedDraft<T> = Omit<T, 'id' | 'createdAt' | 'updatedAt'> & { pointer: string };
export type ThrottleDraft = NamedDraft<ThrottlePolicy>;
export type AccessControlDraft = NamedDraft<AccessControlPolicy>;
export type PluginDraft = NamedDraft<Plugin>;
export type OrchestrationDraft = NamedDraft<OrchestrationRule>;

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
  group: { name: string; description: string; subdomain?: string };
  /** Operations (method + path) the file holds, whether or not they could be read: what `check` counts. */
  operationCount: number;
  apis: ApiDraft[];
  authorizers: AuthorizerDraft[];
  responseSets: ResponseSetDraft[];
  /** Root x-apigateway-ratelimits entries some API binds. */
  throttles: ThrottleDraft[];
  /** Root x-apigateway-access-controls entries some API binds. */
  accessControls: AccessControlDraft[];
  /** Root x-apigateway-plugins map (workbench extension, see docs/fidelity.md). */
  plugins: PluginDraft[];
  /** Root x-apigateway-orchestrations map (workbench extension). */
  orchestrations: OrchestrationDraft[];
  functionRefs: FunctionRef[];
  diagnostics: Diagnostic[];
}

/**
 * Layout of `Api.extra`: what the workbench keeps without interpreting, to write it back unchanged.
 * Keys are stable because exported files depend on them.
 */
export interface ApiExtra {
  /** Operation fields not mapped to the model (tags, summary, …). */
  operation?: Record<string, unknown>;
  /**
   * Legacy (imports before policies became entities): root `x-apigateway-ratelimits` entries this
   * API bound. Still written by exports so older workspaces keep their policies; new imports bind
   * store.throttles instead.
   */
  ratelimits?: Record<string, unknown>;
  /** Legacy: root `x-apigateway-access-controls` entries this API bound (see ratelimits). */
  accessControls?: Record<string, unknown>;
  /** Per backend policy (by name): what the model has no place for, written back unchanged. */
  backendPolicies?: Record<string, BackendPolicyExtra>;
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

export interface BackendPolicyExtra {
  /** Policy fields besides type/name/effectMode/conditions/parameters/endpoint. */
  backend?: Record<string, unknown>;
  /** Endpoint fields the model has no place for. */
  endpoint?: Record<string, unknown>;
  /**
   * Conditions written in another vocabulary than the export's (doc `equal`/`request`/
   * `parameter_name`), by index: the raw object is written back while the condition still reads
   * as `read`; an edited condition is written in the export vocabulary.
   */
  conditions?: Record<string, { read: BackendPolicyCondition; raw: Record<string, unknown> }>;
}
