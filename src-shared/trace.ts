/**
 * What the gateway records about one request: enough for a person to read, top to bottom,
 * why the request ended the way it did. Stored by the workspace, shown by the UI.
 */
import type { InjectedFault } from './lab/faults';
import type { EventLint } from './lab/event-lint';

export type TraceStageName =
  | 'limits'
  | 'group'
  | 'environment'
  | 'route'
  | 'protocol'
  | 'authentication'
  | 'authorizer'
  | 'access-control'
  | 'account-access-control'
  | 'throttling'
  | 'parameters'
  | 'orchestration'
  | 'backend-policy'
  | 'backend-authorizer'
  | 'backend-request'
  | 'backend'
  | 'response'
  | 'response-plugins'
  | 'gateway-response';

export interface TraceStage {
  name: TraceStageName;
  /** ok: passed; fail: ended the request with an error; skip: not applicable. */
  outcome: 'ok' | 'fail' | 'skip';
  /** One plain sentence, e.g. "statusCode 201 is not 200 → AUTHORIZER_CONF_FAILURE". */
  summary: string;
  durationMs: number;
  /** Stage-specific facts (matched API, cache key, …). */
  detail?: Record<string, unknown>;
}

/**
 * The detail of the 'gateway-response' stage: how an error became the response the client got
 * (runtime.md §2.1–2.3): which type, from which response set, customised or APIG's default, the
 * templates, and every `$context.*` variable they use with the value it rendered.
 */
export interface GatewayResponseDetail {
  type: string;
  code: string;
  /** The response set used (the API's, else the group's default); absent when none applies. */
  responseSet?: string;
  /** The set has its own rule for this type (otherwise APIG's default body and status). */
  customised: boolean;
  status: number;
  statusFrom: 'response set' | 'type default' | 'error';
  bodyTemplate: string;
  headerTemplates: { key: string; value: string }[];
  variables: TemplateVariableTrace[];
}

export interface TemplateVariableTrace {
  /** As written in the template, e.g. "$context.authorizer.frontend.code". */
  name: string;
  value: string;
  /** False when the request had no value for it, so it rendered empty. */
  defined: boolean;
}

export type AuthorizerDecision = 'allow' | 'deny' | 'relaxed' | 'error' | 'identities-failure';

export interface AuthorizerTrace {
  authorizerId: string;
  authorizerName: string;
  leg: 'frontend' | 'backend';
  functionName: string;
  /** The event exactly as sent to the function (absent on a cache hit or identity failure). */
  event?: unknown;
  /** The function's raw return value, before any checks. */
  rawResult?: unknown;
  logs?: string[];
  decision: AuthorizerDecision;
  /** Why, in plain words. */
  reason: string;
  /** Every rule of the result contract the result breaks. */
  violations?: string[];
  context: Record<string, string | number | boolean>;
  /** `note` on a miss: why the identity's earlier entry is gone (flushed by an edit or the user, or expired). */
  cache: { enabled: boolean; hit: boolean; key?: string; ttlLeftSec?: number; note?: string };
  durationMs: number;
  /** Each invocation of the function, in order (absent on a cache hit or identity failure). */
  attempts?: AuthorizerAttempt[];
  /** The lab's failure injection changed this call (never on the cloud). */
  injectedFault?: InjectedFault;
  /** Event reads that may behave differently on APIG (the lab's portable-event lint). */
  eventLint?: EventLint;
  /** The request gave its own context (identity override): the function did not run. Local only. */
  identityOverride?: boolean;
}

/** One invocation of an authorizer's function: more than one when retry_attempts retried a failure. */
export interface AuthorizerAttempt {
  outcome: 'returned' | 'failed';
  /** Why the invocation failed ("timeout: …"). */
  failure?: string;
  durationMs: number;
}

export interface BackendParamTrace {
  name: string;
  location: string;
  origin: string;
  /** The source expression: request parameter name, constant, or $context.* name. */
  source: string;
  /** The value actually sent, or undefined when the source had none (parameter omitted). */
  value?: string;
}

export interface BackendRequestTrace {
  type: 'HTTP' | 'MOCK' | 'FUNCTION';
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  /** Text body (or base64 when binary), truncated for storage. */
  body?: string;
  bodyTruncated?: boolean;
  functionName?: string;
  event?: unknown;
  rawResult?: unknown;
  logs?: string[];
  params: BackendParamTrace[];
  attempts?: number;
  status?: number;
  error?: string;
  durationMs?: number;
  /** The lab's failure injection changed the FUNCTION backend's call. */
  injectedFault?: InjectedFault;
}

export interface TraceRecord {
  id: string;
  /** The X-Request-Id the client received. */
  requestId: string;
  startedAt: string;
  totalMs: number;
  request: {
    method: string;
    url: string;
    host: string;
    headers: Record<string, string>;
    body?: string;
    bodyTruncated?: boolean;
    sourceIp: string;
  };
  groupId?: string;
  groupName?: string;
  env?: string;
  apiId?: string;
  apiName?: string;
  stages: TraceStage[];
  authorizers: AuthorizerTrace[];
  backend?: BackendRequestTrace;
  response: {
    status: number;
    headers: Record<string, string>;
    body?: string;
    bodyTruncated?: boolean;
    errorType?: string;
    errorCode?: string;
  };
  /** Choices the workbench made where APIG's behaviour is unconfirmed, shown to the user. */
  fidelityNotes: string[];
}

/** A request's outcome in one line (see trace-headline.ts); shown on top of traces and in the live log. */
export interface TraceHeadline {
  authorizer?: {
    name: string;
    decision: AuthorizerDecision;
    /** Absent when the authorizer has no cache (TTL 0 or no identity sources). */
    cache?: { hit: boolean; ttlLeftSec?: number };
  };
  /** Each frontend context key a backend parameter took, with the parameter it became. */
  mapped: { key: string; value?: string; to: string }[];
  /** Context keys the authorizer returned that no backend parameter uses. */
  unmappedKeys: string[];
  status: number;
  /** The gateway response type when the gateway answered instead of the backend. */
  errorType?: string;
}

export interface TraceSummary {
  id: string;
  requestId: string;
  startedAt: string;
  method: string;
  url: string;
  status: number;
  totalMs: number;
  apiName?: string;
  env?: string;
  errorType?: string;
  /** Absent on traces recorded before the workbench kept headlines. */
  headline?: TraceHeadline;
}
