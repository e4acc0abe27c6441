/**
 * The one typed contract between the UI and the core.
 *
 * Every host forwards the same named methods to the same core:
 *  - Electron: the preload exposes `window.apigWorkbench` (see `WorkbenchBridge`): one named function per
 *    method, each returning a `ContractResponse` envelope; `onEvent` delivers live events.
 *  - Browser host: `POST /api/<method>` with the JSON args as body and the launch token in the
 *    `X-Workbench-Token` header; the reply is a `ContractResponse` envelope. Live events arrive over
 *    Server-Sent Events at `GET /api/events?token=…` (EventSource cannot send headers).
 *
 * The renderer builds a `WorkbenchApi` from either with `createWorkbenchClient(call)`, which unwraps
 * envelopes and throws `WorkbenchError` (kind + field issues) on failure.
 *
 * Every method takes at most ONE argument, an object, so the wire format is uniform: the body of the
 * POST (or the IPC payload) is that object, `{}` when the method takes none. The arguments are
 * declared once, as valibot schemas in `contract-args.ts`: their types are inferred from them and
 * every host checks calls against them (`validateArgs`).
 *
 * Pure TypeScript (no node:*, no DOM): shared by preload, main, the browser host and the renderer.
 */
import type {
  Api,
  ApiGroup,
  Authorizer,
  EnvVariable,
  Environment,
  GatewayResponseSet,
  FunctionBinding,
  Id,
  LocalFunction,
  Publication,
} from './model';
import type { DeployReport } from './deploy';
import type {
  AccessControlPolicy,
  App,
  AppAuthorization,
  AppCode,
  IamToken,
  OrchestrationRule,
  Plugin,
  PolicyBinding,
  ThrottlePolicy,
} from './model';
import type { AuthorizerTrace, TraceHeadline, TraceRecord, TraceSummary } from './trace';
import type { EntityName } from './entity-names';
import type { GatewayConfig } from './apig/gateway-config';
import type { TesterVariables } from './tester-variables';
import type { RuleIssue } from './rules/issues';
import type { TesterRequest } from './rules/inputs';
import type { Diagnostic } from './openapi/diagnostics';
import type { FaultRule } from './lab/faults';
import type { FunctionTestRun, NamedTestEvent } from './lab/test-events';
import type { Har } from './lab/har-format';
import type { SuiteResult } from './lab/suite-result';
import type { SavedSuite } from './lab/saved-suites';

import { METHOD_NAMES, type ArgsOf, type MethodName, type SendRequestArgs, type SendRequestResult } from './contract-args';

export type { RuleIssue, Diagnostic, TesterRequest, DeployReport };
export { METHOD_NAMES, isMethodName, validateArgs, EXPORT_SCOPES } from './contract-args';
export type {
  MethodName,
  ArgsOf,
  ApiFilter,
  TraceQuery,
  SendRequestArgs,
  SendRequestResult,
  CloudKeysInput,
  DeployArgs,
  AppAuthorizationArgs,
  PolicyBindingArgs,
  PolicyBindingFilter,
  TestAuthorizerArgs,
  CheckDefinitionArgs,
  ImportDefinitionArgs,
  ExportDefinitionArgs,
  ExportScope,
} from './contract-args';

// ---------------------------------------------------------------------------------------------
// Result shapes
// ---------------------------------------------------------------------------------------------

export interface FunctionDebugInfo {
  enabled: boolean;
  /** False for runtimes without a debugger here. */
  supported: boolean;
  /**
   * Where a debugger attaches, while the switch is on and the instance runs: the inspector's
   * `ws://` URL (Node.js, Chrome DevTools Protocol) or debugpy's `tcp://host:port` (Python, DAP).
   */
  inspectorUrl?: string;
  /** Node.js: paste into Chrome's address bar to open DevTools on it. */
  devtoolsUrl?: string;
  /** Python: where debugpy listens, and the file the instance runs (set breakpoints there). */
  debugpy?: { host: string; port: number; codeFile?: string };
  /** A VS Code launch.json configuration that attaches to it. */
  vscodeLaunch?: string;
  /** Why the debugger did not start (e.g. debugpy not installed for the python in use). */
  problem?: string;
  /** A debugger holds the function at a breakpoint now (its request waits without timing out). */
  paused?: boolean;
}

export interface GatewayConfigView {
  /** Stored in the workspace (APIG's defaults where not set). */
  workspace: GatewayConfig;
  /** In force now: differs from `workspace` where this run was started with --gateway-config. */
  effective: GatewayConfig;
}

/** Where the keys of a deploy would come from when the Deploy screen sends none. */
export interface CloudKeysStatus {
  /** HUAWEICLOUD_SDK_AK and _SK are set where the core runs; the AK's first characters. */
  environment?: { accessKeyHint: string };
  /** Electron: keys remembered in the OS keychain; the AK's first characters. */
  remembered?: { accessKeyHint: string };
  /** Whether this host can remember keys (Electron with safeStorage available). */
  canRemember: boolean;
}

export interface GatewayStatus {
  running: boolean;
  host?: string;
  port?: number;
  /** e.g. http://127.0.0.1:8787 — where the tester and curl should send requests. */
  url?: string;
  /** The port the gateway starts on next time (persisted per workspace); 0 = any free port. */
  configuredPort: number;
  /** Why the last start failed (e.g. port in use), shown next to the start button. */
  lastError?: string;
}

export interface WorkspaceInfo {
  /** Absolute path of the SQLite workspace file. */
  file: string;
  /** File name without directory, for the title bar. */
  name: string;
  /** True when this workspace was created from the bundled sample. */
  fromSample: boolean;
  /** Recently opened workspace files, most recent first (includes `file`). */
  recent: string[];
  host: 'electron' | 'browser';
  gateway: GatewayStatus;
}

export type VariableInput = Omit<EnvVariable, 'id'>;

export interface ApiPublicationState {
  envId: Id;
  envName: string;
  publishedAt: string;
  /** True when the draft changed after this publication (the gateway still serves the old one). */
  stale: boolean;
}

export interface ApiListItem {
  api: Api;
  /** Active publications only. */
  publications: ApiPublicationState[];
}

export interface AuthorizerCacheEntry {
  authorizerId: Id;
  /** The identity key: the identity-source values, URI-encoded, joined with &. */
  key: string;
  ttlLeftSec: number;
  decision: string;
  context: Record<string, string | number | boolean>;
  /** Seconds since the result was stored, on the workbench clock. */
  ageSec: number;
  ttlSec: number;
}

/** The workbench clock the authorizer cache runs on. */
export interface WorkbenchClockState {
  /** How far the user moved it ahead of real time. */
  offsetMs: number;
  /** How long it stood still while a debugger held a function at a breakpoint (it runs behind by that). */
  pausedMs: number;
  /** A function is paused at a breakpoint now: the clock stands still. */
  paused: boolean;
  /** The workbench time now, ISO 8601. */
  now: string;
}

/** How a tester history entry's run ended, for its row (the full result is fetched on demand). */
export interface TesterOutcome {
  status: number;
  durationMs: number;
  requestId?: string;
  headline?: TraceHeadline;
}

/** A saved tester request, with the outcome of the run that saved it (absent for older entries). */
export type TesterRun = TesterRequest & { outcome?: TesterOutcome };

export interface CheckDefinitionResult {
  diagnostics: Diagnostic[];
  /** What an import would create, when the file can be read. */
  summary?: { groupName: string; apis: number; authorizers: number; responseSets: number; version: string };
}

export interface ImportDefinitionResult {
  /** false when nothing was written: see the error diagnostics. The import is all or nothing. */
  applied: boolean;
  group?: { id: Id; name: string; created: boolean };
  /** The group imported into (= group.id). */
  groupId?: Id;
  /** Number of APIs created / updated (details in `apis`). */
  created: number;
  updated: number;
  apis: { id: Id; name: string; method: string; path: string; action: 'create' | 'update' }[];
  /** APIs left out because one with the same name or route exists and mode is 'merge'. */
  ignored: { name: string; method: string; path: string }[];
  /** Names of the environments the APIs were published to. */
  published: string[];
  diagnostics: Diagnostic[];
  /** Function names the file refers to that the workspace has no local function for. */
  missingFunctions: string[];
}

export interface ExportDefinitionResult {
  text: string;
  /** APIG's pattern: <group>-<env>-<scope>-<version>.<json|yaml>. */
  filename: string;
  /** Problems APIG would reject or change in the file (the export still happens); positions point into `text`. */
  preflight: Diagnostic[];
}

export interface SystemParameterInfo {
  name: string;
  /** The `$context.*` expression. */
  value: string;
  description: string;
}

export interface SystemParametersResult {
  parameters: SystemParameterInfo[];
  /** `$context.authorizer.frontend.` — followed by a key of the frontend authorizer's context. */
  frontendAuthorizerPrefix: string;
  backendAuthorizerPrefix: string;
}

// ---------------------------------------------------------------------------------------------
// The contract
// ---------------------------------------------------------------------------------------------

/**
 * What each method of the contract returns. Its arguments are the valibot schemas of
 * `contract-args.ts` (`CONTRACT_ARGS`); `WorkbenchApi` joins the two, and the compiler fails when a
 * method has a schema and no result here, or the other way round.
 */
interface ContractResults {
  // workspace
  workspaceInfo: WorkspaceInfo;
  /** Opens an existing workspace file; the gateway restarts on it. */
  openWorkspace: WorkspaceInfo;
  /** Creates a new workspace file (empty, or a copy of the sample) and opens it. Fails if the file exists. */
  createWorkspace: WorkspaceInfo;

  // API groups
  listGroups: ApiGroup[];
  getGroup: ApiGroup;
  createGroup: ApiGroup;
  updateGroup: ApiGroup;
  removeGroup: void;

  // environments
  listEnvironments: Environment[];
  createEnvironment: Environment;
  updateEnvironment: Environment;
  removeEnvironment: void;

  // environment variables (#name# in backend address/path)
  listVariables: EnvVariable[];
  createVariable: EnvVariable;
  updateVariable: EnvVariable;
  removeVariable: void;

  // APIs
  listApis: ApiListItem[];
  getApi: Api;
  createApi: Api;
  updateApi: Api;
  /** Copies an API (unpublished); `name` defaults to "<name>_copy". */
  cloneApi: Api;
  removeApi: void;

  // local functions (FunctionGraph stand-ins)
  listFunctions: LocalFunction[];
  getFunction: LocalFunction;
  createFunction: LocalFunction;
  updateFunction: LocalFunction;
  removeFunction: void;
  /** The function's Debug switch and where a debugger attaches (Node.js functions). */
  functionDebug: FunctionDebugInfo;
  /** Turns the Debug switch on or off; on, the instance starts at once and its inspector URL is returned. */
  setFunctionDebug: FunctionDebugInfo;

  // custom authorizers
  listAuthorizers: Authorizer[];
  getAuthorizer: Authorizer;
  createAuthorizer: Authorizer;
  updateAuthorizer: Authorizer;
  removeAuthorizer: void;

  // gateway response sets
  listResponseSets: GatewayResponseSet[];
  getResponseSet: GatewayResponseSet;
  createResponseSet: GatewayResponseSet;
  updateResponseSet: GatewayResponseSet;
  removeResponseSet: void;

  // publishing
  publishApi: Publication;
  takeApiOffline: void;
  /** Publication history, newest first. */
  publicationHistory: Publication[];

  // local gateway
  gatewayStatus: GatewayStatus;
  startGateway: GatewayStatus;
  stopGateway: GatewayStatus;
  /** Saves the port for this workspace; restarts the gateway on it when it is running. */
  setGatewayPort: GatewayStatus;
  /** The request tester's {{variables}}, per environment name. */
  testerVariables: TesterVariables;
  /** Replaces the tester variables of one environment. */
  setTesterVariables: TesterVariables;
  /** The gateway configuration parameters: the workspace's, and those in force (this run's flags over them). */
  gatewayConfig: GatewayConfigView;
  /** Sets parameters of the workspace (a default value clears the override); the gateway applies them at once. */
  updateGatewayConfig: GatewayConfigView;

  // traces
  listTraces: TraceSummary[];
  /** By trace id or by X-Request-Id. */
  getTrace: TraceRecord;
  clearTraces: { removed: number };
  /** Stored traces as a HAR 1.2 file (oldest first); traces with an identity override only with includeOverrides. */
  exportTracesHar: Har;
  /** A stored trace's request, ready for the tester to send again, with what cannot be replayed as it was. */
  traceRequest: { request: SendRequestArgs; warnings: string[] };

  // authorizer result cache
  authorizerCache: AuthorizerCacheEntry[];
  /** Every entry, one authorizer's, or one identity's (`key` needs `authorizerId`). */
  flushAuthorizerCache: { flushed: number };
  workbenchClock: WorkbenchClockState;
  /** Moves the workbench clock forward (1 s to 24 h), so cached results expire without waiting. */
  advanceWorkbenchClock: WorkbenchClockState;
  resetWorkbenchClock: WorkbenchClockState;
  testAuthorizer: AuthorizerTrace;

  // failure injection (the lab): rules of the running gateway, not saved in the workspace
  listFaultRules: FaultRule[];
  /** Makes the next N calls (or a percentage) of an authorizer or function fail as the rule says. */
  addFaultRule: FaultRule;
  /** One rule by id, or every rule. */
  removeFaultRules: { removed: number };

  // authorizer test suites
  /** Reads a suite (YAML or JSON text) and, when it has no errors, runs it through the local gateway. */
  runTestSuite: { diagnostics: Diagnostic[]; result?: SuiteResult };
  /** The suites kept in the workspace, by name. */
  listTestSuites: SavedSuite[];
  /** Creates a suite (no id), or replaces the name and text of suite `id`. */
  saveTestSuite: SavedSuite;
  removeTestSuite: void;

  // named test events per function (saved in the workspace)
  listTestEvents: NamedTestEvent[];
  /** Creates, or replaces the function's event of that name. */
  saveTestEvent: NamedTestEvent;
  removeTestEvent: void;
  /** Runs a function (saved, or the editor's draft) on an event, without the gateway: the editor's Test. */
  invokeFunction: FunctionTestRun;
  /** Sends the HTTP request an APIG event describes (method, path, headers, query, body) through the local gateway. */
  sendEventThroughGateway: SendRequestResult;

  // request tester
  sendRequest: SendRequestResult;
  testerHistory: TesterRun[];
  /** Saves a sent request with the result it got (response and trace), so the run can be reopened and compared. */
  saveTesterRequest: TesterRun;
  /** The response and trace saved with a history entry; null when it was saved without one. */
  testerResult: SendRequestResult | null;
  removeTesterRequest: void;

  // definitions (Swagger 2.0 / OpenAPI 3.0 with x-apigateway-*)
  checkDefinition: CheckDefinitionResult;
  importDefinition: ImportDefinitionResult;
  exportDefinition: ExportDefinitionResult;

  systemParameters: SystemParametersResult;

  // credentials (APIG apps): AppKey/AppSecret, up to 5 AppCodes, authorizations per environment
  listApps: App[];
  /** AppKey and AppSecret are generated when not given. */
  createApp: App;
  updateApp: App;
  /** Its AppCodes and authorizations go with it. */
  removeApp: void;
  /** A generated AppCode when `code` is absent; at most 5 per app. */
  addAppCode: AppCode;
  removeAppCode: void;
  listAppAuthorizations: AppAuthorization[];
  /** The API must be published in the environment. Idempotent. */
  authorizeApp: AppAuthorization;
  unauthorizeApp: void;

  // the local IAM token table (X-Auth-Token)
  listIamTokens: IamToken[];
  /**
   * The token is generated when not given; the user defaults to "local-user", the account to
   * "local_account", the account ID to the account's existing ID (else random 32 hex).
   */
  createIamToken: IamToken;
  removeIamToken: void;

  // policies (runtime.md §5)
  listThrottles: ThrottlePolicy[];
  createThrottle: ThrottlePolicy;
  updateThrottle: ThrottlePolicy;
  removeThrottle: void;
  listAccessControls: AccessControlPolicy[];
  createAccessControl: AccessControlPolicy;
  updateAccessControl: AccessControlPolicy;
  removeAccessControl: void;
  listPlugins: Plugin[];
  createPlugin: Plugin;
  updatePlugin: Plugin;
  removePlugin: void;
  listOrchestrations: OrchestrationRule[];
  createOrchestration: OrchestrationRule;
  updateOrchestration: OrchestrationRule;
  removeOrchestration: void;
  /** Bindings of throttling, access-control and plug-in policies (every kind when `kind` is absent). */
  listPolicyBindings: PolicyBinding[];
  /** One policy of a kind per API per environment (one ACL per restriction type, one plug-in per type). */
  bindPolicy: PolicyBinding;
  unbindPolicy: void;

  // function bindings and deploy to a real APIG (src-main/cloud)
  /** Per environment, the FunctionGraph URN a local function stands for. */
  listFunctionBindings: FunctionBinding[];
  /** Creates or replaces the binding; the URN must name a version or an alias. */
  bindFunction: FunctionBinding;
  unbindFunction: void;
  cloudKeysStatus: CloudKeysStatus;
  /** Reads the instance and lists what a deploy would create, change or leave alone; changes nothing. */
  planDeploy: DeployReport;
  /** Plans again and applies; the report marks each step done, failed or not done. */
  applyDeploy: DeployReport;
}

/** A method takes no argument, an optional one (every field optional) or a required one. */
type ContractMethod<M extends MethodName> = keyof ArgsOf<M> extends never
  ? () => Promise<ContractResults[M]>
  : object extends ArgsOf<M>
    ? (args?: ArgsOf<M>) => Promise<ContractResults[M]>
    : (args: ArgsOf<M>) => Promise<ContractResults[M]>;

/** The typed API the UI calls and the core implements (see `createContractHandlers`). */
export type WorkbenchApi = { [M in keyof ContractResults]: ContractMethod<M> };

export type ResultOf<M extends MethodName> = ContractResults[M];

// ---------------------------------------------------------------------------------------------
// Live events (SSE in the browser host, an IPC event in Electron)
// ---------------------------------------------------------------------------------------------

export type WorkbenchEvent =
  | { type: 'trace'; trace: TraceSummary }
  | { type: 'gateway'; status: GatewayStatus }
  /** Another workspace was opened: the UI should reload everything. */
  | { type: 'workspace'; info: WorkspaceInfo }
  /**
   * A committed write to the open workspace, from any client (another window, the tester, an import,
   * the core itself). One event per changed entity; a bulk import sends many, so listeners should
   * batch their refreshes.
   */
  | { type: 'workspace-changed'; entity: EntityName; id?: Id };

// ---------------------------------------------------------------------------------------------
// Errors and envelopes
// ---------------------------------------------------------------------------------------------

export type ErrorKind =
  /** The store's rules rejected the input; `issues` name the fields (e.g. `backend.params[2].name`). */
  | 'validation'
  /** The call's arguments are malformed (wrong type, missing id); `issues` name the argument. */
  | 'invalid-argument'
  | 'not-found'
  /** Clashes with existing data (duplicate name, entity still referenced, file exists). */
  | 'conflict'
  /** The feature or resource is not available right now (e.g. gateway not running). */
  | 'unavailable'
  | 'unauthorized'
  | 'forbidden'
  | 'internal';

export interface ContractError {
  kind: ErrorKind;
  message: string;
  issues?: RuleIssue[];
}

export type ContractResponse<T> = { result: T } | { error: ContractError };

/** What `createWorkbenchClient` throws: the envelope's error as an Error. */
export class WorkbenchError extends Error {
  readonly kind: ErrorKind;
  readonly issues: RuleIssue[];
  constructor(error: ContractError) {
    super(error.message);
    this.name = 'WorkbenchError';
    this.kind = error.kind;
    this.issues = error.issues ?? [];
  }
}

export function isErrorResponse(response: ContractResponse<unknown>): response is { error: ContractError } {
  return typeof response === 'object' && response !== null && 'error' in response;
}

// ---------------------------------------------------------------------------------------------
// Transport constants
// ---------------------------------------------------------------------------------------------

/** Browser host: POST `${API_PATH_PREFIX}<method>`. */
export const API_PATH_PREFIX = '/api/';
/** Browser host: Server-Sent Events of `WorkbenchEvent` (each `data:` line is one JSON event). */
export const EVENTS_PATH = '/api/events';
/** Request header carrying the per-launch token. */
export const TOKEN_HEADER = 'X-Workbench-Token';
/** Query parameter carrying the token in the URL the host prints (and on EVENTS_PATH). */
export const TOKEN_QUERY_PARAM = 'token';
/**
 * Browser host: `GET ${LAUNCH_PATH}?code=…` trades a one-time launch code for the token in an
 * HttpOnly cookie, so the URL handed to the browser-opening command (whose command line every local
 * user can read) carries no secret.
 */
export const LAUNCH_PATH = '/launch';
export const LAUNCH_CODE_PARAM = 'code';
/** HttpOnly, SameSite=Strict cookie holding the token after a launch-code exchange. */
export const TOKEN_COOKIE = 'apig_workbench_token';
/** Readable companion cookie: tells the renderer the HttpOnly token cookie is set (it cannot see that one). */
export const COOKIE_SESSION_MARKER = 'apig_workbench_session';
/** Where the renderer keeps the token for the tab's life (sessionStorage). */
export const TOKEN_STORAGE_KEY = 'apig-workbench-token';
/** Electron: the global the preload exposes via contextBridge. */
export const BRIDGE_GLOBAL = 'apigWorkbench';
/** Electron: IPC channel of a method is `${IPC_CHANNEL_PREFIX}<method>`. */
export const IPC_CHANNEL_PREFIX = 'apig:';
/** Electron: channel main uses to push `WorkbenchEvent`s to the window. */
export const IPC_EVENT_CHANNEL = 'apig:event';

/** What the Electron preload exposes as `window.apigWorkbench`. */
export type WorkbenchBridge = {
  readonly [M in MethodName]: (args?: ArgsOf<M>) => Promise<ContractResponse<ResultOf<M>>>;
} & {
  readonly host: 'electron';
  /** Returns a function that unsubscribes. */
  onEvent(listener: (event: WorkbenchEvent) => void): () => void;
};

// ---------------------------------------------------------------------------------------------
// Client side: one WorkbenchApi over any transport
// ---------------------------------------------------------------------------------------------

export type ContractCall = (method: MethodName, args: unknown) => Promise<ContractResponse<unknown>>;

/** Builds the typed API the UI uses from a transport (`bridge[method](args)` or an HTTP POST). */
export function createWorkbenchClient(call: ContractCall): WorkbenchApi {
  const client: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const method of METHOD_NAMES) {
    client[method] = async (args?: unknown) => {
      const response = await call(method, args ?? {});
      if (isErrorResponse(response)) throw new WorkbenchError(response.error);
      // void methods come back as null over JSON; give the caller undefined.
      return response.result ?? undefined;
    };
  }
  return client as unknown as WorkbenchApi;
}

/** The minimum of `fetch` the HTTP transport needs (so this file stays free of DOM types). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; credentials?: 'same-origin' },
) => Promise<{ status: number; json(): Promise<unknown> }>;

/** Browser-host transport: POST /api/<method> with the token header (none when the token travels in the HttpOnly cookie). */
export function createHttpCall(options: { fetch: FetchLike; token: string | undefined; baseUrl?: string }): ContractCall {
  const base = options.baseUrl ?? '';
  return async (method, args) => {
    let reply: { status: number; json(): Promise<unknown> };
    try {
      reply = await options.fetch(`${base}${API_PATH_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(options.token ? { [TOKEN_HEADER]: options.token } : {}) },
        body: JSON.stringify(args ?? {}),
        credentials: 'same-origin',
      });
    } catch (error) {
      return { error: { kind: 'unavailable', message: `cannot reach the workbench core: ${String(error)}` } };
    }
    const body = await reply.json().catch(() => undefined);
    if (body && typeof body === 'object' && ('result' in body || 'error' in body)) return body as ContractResponse<unknown>;
    return { error: { kind: 'internal', message: `unexpected reply from the workbench core (HTTP ${reply.status})` } };
  };
}

/** URL of the SSE stream (EventSource cannot send headers, so the token goes in the query unless the cookie carries it). */
export function eventsUrl(token: string | undefined, baseUrl = ''): string {
  return token ? `${baseUrl}${EVENTS_PATH}?${TOKEN_QUERY_PARAM}=${encodeURIComponent(token)}` : `${baseUrl}${EVENTS_PATH}`;
}

/** The `invalid-argument` error for issues found by `validateArgs`. */
export function invalidArgumentError(method: MethodName, issues: RuleIssue[]): ContractError {
  return { kind: 'invalid-argument', message: `${method}: ${issues.map((i) => i.message).join('; ')}`, issues };
}
