/**
 * What the gateway records about one request: enough for a person to read, top to bottom,
 * why the request ended the way it did. Stored by the workspace, shown by the UI.
 */
import type { InjectedFault } from './lab/faults';
import type { EventLint } from './lab/event-lint';
import type { AccessControlPolicy, AuthType, BackendPolicy } from './model';

/**
 * What each pipeline stage records as its `detail`, one type per stage, in the pipeline's order.
 * `never`: the stage records none (its summary says it all). The gateway's `addStage` is checked
 * against this table and the UI narrows on `stage.name`, so a renamed field fails to compile on
 * both sides. Traces are stored as JSON as they are; a shape change here must stay readable for
 * traces recorded before it (the UI treats a missing field as "not recorded").
 */
export interface TraceStageDetails {
  limits: never;
  group: never;
  environment: never;
  route: RouteDetail;
  protocol: never;
  authentication: AuthenticationDetail;
  authorizer: AuthorizerStageDetail;
  'access-control': AccessControlDetail;
  'account-access-control': AccountAccessControlDetail;
  throttling: ThrottlingDetail;
  parameters: never;
  orchestration: OrchestrationDetail;
  'backend-policy': BackendPolicyDetail;
  'backend-authorizer': AuthorizerStageDetail;
  'backend-request': never;
  backend: BackendStageDetail;
  response: never;
  'response-plugins': never;
  'gateway-response': GatewayResponseDetail;
}

export type TraceStageName = keyof TraceStageDetails;

/** Each stage by its name: what a stage of that name looks like in a trace. */
type StagesByName = {
  [N in TraceStageName]: {
    name: N;
    /** ok: passed; fail: ended the request with an error; skip: not applicable. */
    outcome: 'ok' | 'fail' | 'skip';
    /** One plain sentence, e.g. "statusCode 201 is not 200 → AUTHORIZER_CONF_FAILURE". */
    summary: string;
    durationMs: number;
    /** Stage-specific facts (matched API, cache key, …). */
    detail?: TraceStageDetails[N];
  };
};

/** One stage of a request's way through the gateway, its detail typed by its name. */
export type TraceStageOf<N extends TraceStageName> = StagesByName[N];

/** Any stage: a union discriminated by `name`. */
export type TraceStage = TraceStageOf<TraceStageName>;

/** The stage of that name in a trace's list (the first, when a stage ran twice), typed by its name. */
export function findStage<N extends TraceStageName>(stages: readonly TraceStage[], name: N, outcome?: TraceStage['outcome']): TraceStageOf<N> | undefined {
  return stages.find((s): s is TraceStageOf<N> => s.name === name && (outcome === undefined || s.outcome === outcome));
}

/** The 'route' stage: the API the request matched. */
export interface RouteDetail {
  apiId: string;
}

/**
 * The 'authentication' stage (runtime.md §4): how the credentials were presented and what the
 * gateway made of them. Secrets (AppSecret, AppCode, token) appear masked only.
 */
export interface AuthenticationDetail {
  /** signature: SDK-HMAC-SHA256; appcode: X-Apig-AppCode; app_*: the gateway parameters; token/aksk: IAM. */
  method: 'signature' | 'appcode' | 'app_basic' | 'app_secret' | 'app_api_key' | 'token' | 'aksk';
  appKey?: string;
  appName?: string;
  appId?: string;
  appSecret?: string;
  appCode?: string;
  /** SDK-HMAC-SHA256: the SignedHeaders list, ";"-separated. */
  signedHeaders?: string;
  clientSignature?: string;
  canonicalRequest?: string;
  stringToSign?: string;
  /** The signature the gateway computed, recorded only when it differs from the client's. */
  expectedSignature?: string;
  /** IAM: the masked X-Auth-Token and whose it is. */
  token?: string;
  user?: string;
  accountName?: string;
  accountId?: string;
}

/** The 'authorizer' and 'backend-authorizer' stages (the run itself is in TraceRecord.authorizers). */
export interface AuthorizerStageDetail {
  decision: AuthorizerDecision;
}

/** The 'access-control' stage when an IP policy refused the request. */
export interface AccessControlDetail {
  policy: string;
  aclType: AccessControlPolicy['aclType'];
  sourceIp: string;
  /** The range of the policy the source IP fell in. */
  matched?: string;
}

/** The 'account-access-control' stage: skipped (not an IAM call: the policies bound) or checked. */
export type AccountAccessControlDetail = { authType: AuthType; policies: string[] } | AccountChecksDetail;

/** The caller's account checked against each account policy. */
export interface AccountChecksDetail {
  user?: string;
  accountName: string;
  accountId: string;
  policies: { policy: string; aclType: AccessControlPolicy['aclType']; entityType: AccessControlPolicy['entityType']; listed: boolean; passed: boolean }[];
  /** Deny lists not checked because an allow list is bound too. */
  ignored?: string[];
}

export type ThrottleCounterKind = 'api' | 'user' | 'app' | 'ip' | 'api-allenv';

/** One throttling counter as the request found it. */
export interface ThrottleCounterTrace {
  kind: ThrottleCounterKind;
  /** The policy name, or "default" for the gateway-wide per-API limit. */
  source: string;
  limit: number;
  /** As APIG writes it in messages and headers, e.g. "1 minute". */
  time: string;
  /** Set when a special threshold replaced the policy's limit. */
  special?: string;
  /** Calls in the current window before this one. */
  used: number;
  /** Calls left after this one (0 when it trips). */
  remain: number;
  tripped: boolean;
}

/** The 'throttling' stage: every counter that applies, and which one tripped. */
export interface ThrottlingDetail {
  counters: ThrottleCounterTrace[];
  tripped?: ThrottleCounterKind;
}

/** A parameter made by orchestration, passed to the backend. */
export interface OrchestratedParam {
  name: string;
  location: 'header' | 'query';
  value: string;
}

/** The 'orchestration' stage: each step in words, and the parameters it made. */
export interface OrchestrationDetail {
  steps: string[];
  outputs?: OrchestratedParam[];
}

/** One condition of a backend policy with the request's value for it. */
export interface BackendPolicyConditionTrace {
  condition: string;
  input?: string;
  matched: boolean;
}

/** The 'backend-policy' stage: the policy chosen (null: the default backend) and each one tried. */
export interface BackendPolicyDetail {
  policy: string | null;
  tried: { policy: string; effectMode: BackendPolicy['effectMode']; conditions: BackendPolicyConditionTrace[]; matched: boolean }[];
}

/** The 'backend' stage of an HTTP backend that answered. */
export interface BackendStageDetail {
  attempts: number;
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
  params: readonly BackendParamTrace[];
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
