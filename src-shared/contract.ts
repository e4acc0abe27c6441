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
 * POST (or the IPC payload) is that object, `{}` when the method takes none.
 *
 * Pure TypeScript (no node:*, no DOM): shared by preload, main, the browser host and the renderer.
 */
import type {
  Api,
  ApiGroup,
  ApiMethod,
  AuthType,
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
  PolicyKind,
  ThrottlePolicy,
} from './model';
import type { AppInput, IamTokenInput } from './rules/app';
import type { AccessControlInput, OrchestrationInput, PluginInput, ThrottleInput } from './rules/policies';
import type { AuthorizerTrace, TraceHeadline, TraceRecord, TraceSummary } from './trace';
import type { GatewayConfig } from './apig/gateway-config';
import type { TesterVariables } from './tester-variables';
import type { RuleIssue } from './rules/issues';
import type {
  ApiInput,
  AuthorizerInput,
  EnvironmentInput,
  FunctionInput,
  GroupInput,
  ResponseSetInput,
  TesterRequest,
} from './rules/inputs';
import type { Diagnostic } from './openapi/diagnostics';
import { faultRuleProblems, FAULT_KINDS, type FaultRule, type FaultRuleInput } from './lab/faults';
import type { FunctionTestRun, NamedTestEvent } from './lab/test-events';
import type { Har } from './lab/har';
import type { SuiteResult } from './lab/suite-result';
import type { SavedSuite } from './lab/saved-suites';

export type { RuleIssue, Diagnostic, TesterRequest, DeployReport };

// ---------------------------------------------------------------------------------------------
// Result shapes
// ---------------------------------------------------------------------------------------------

export interface FunctionDebugInfo {
  enabled: boolean;
  /** False for runtimes without a debugger here yet (Python). */
  supported: boolean;
  /** The instance's inspector (Chrome DevTools Protocol), while the switch is on and it runs. */
  inspectorUrl?: string;
  /** Paste into Chrome's address bar to open DevTools on it. */
  devtoolsUrl?: string;
  /** A VS Code launch.json configuration that attaches to it. */
  vscodeLaunch?: string;
}

export interface GatewayConfigView {
  /** Stored in the workspace (APIG's defaults where not set). */
  workspace: GatewayConfig;
  /** In force now: differs from `workspace` where this run was started with --gateway-config. */
  effective: GatewayConfig;
}

/** Cloud access keys typed into the Deploy screen: used for one call, never stored by the core. */
export interface CloudKeysInput {
  ak: string;
  sk: string;
  securityToken?: string;
}

export interface DeployArgs {
  groupId: Id;
  envId: Id;
  projectId: string;
  instanceId: string;
  /** A region of the endpoint table, or `endpoint` (+ `functionGraphEndpoint`) for other clouds. */
  region?: string;
  endpoint?: string;
  functionGraphEndpoint?: string;
  /** Absent: the keys of the core's environment (HUAWEICLOUD_SDK_AK / _SK), or the Electron keychain. */
  keys?: CloudKeysInput;
  /** Electron only: keep `keys` in the OS keychain (safeStorage) for the next deploy. */
  rememberKeys?: boolean;
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

export interface ApiFilter {
  groupId?: Id;
  /** Case-insensitive substring of name or path. */
  text?: string;
  method?: ApiMethod;
  authType?: AuthType;
  authorizerId?: Id;
}

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
  /** How far it runs ahead of real time. */
  offsetMs: number;
  now: string;
}

export interface TraceQuery {
  /** Default 100, max 1000. */
  limit?: number;
  apiId?: Id;
}

/**
 * Test an authorizer without sending a request through the gateway. Give either stored ids or drafts
 * (what the editor holds, unsaved). When neither function nor functionId is given, the function is
 * the workspace function named by the authorizer's URN.
 */
export interface TestAuthorizerArgs {
  authorizerId?: Id;
  authorizer?: AuthorizerInput;
  functionId?: Id;
  function?: FunctionInput;
  /** The APIG authorizer event to send (see apig/runtime.md §5). */
  event: unknown;
}

export interface SendRequestArgs {
  method: string;
  /**
   * A path (`/users/1?x=y`) or a full URL. The request always goes to the LOCAL gateway; a full URL's
   * host becomes the Host header so group-domain routing behaves as it would on APIG.
   */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** 'base64' when `body` holds Base64 of binary content. Default 'text'. */
  bodyEncoding?: 'text' | 'base64';
  /** Environment name sent as X-Stage; '' or RELEASE sends none. */
  env?: string;
}

export interface SendRequestResult {
  status: number;
  headers: Record<string, string>;
  /** Text, or Base64 when the body is not valid UTF-8 text. */
  body: string;
  /** Set on a result read back from the tester history when its body was too large to keep whole. */
  bodyTruncated?: boolean;
  bodyEncoding: 'text' | 'base64';
  durationMs: number;
  /** X-Request-Id of the response, when the gateway set one. */
  requestId?: string;
  /** The gateway's trace of this request, when it recorded one. */
  trace?: TraceRecord;
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

export interface CheckDefinitionArgs {
  text: string;
  /** Used to pick JSON or YAML and to name the file in messages. */
  filename: string;
}

export interface CheckDefinitionResult {
  diagnostics: Diagnostic[];
  /** What an import would create, when the file can be read. */
  summary?: { groupName: string; apis: number; authorizers: number; responseSets: number; version: string };
}

export interface ImportDefinitionArgs {
  text: string;
  filename: string;
  /** Import into this existing group; absent = a new group named after the file's info.title. */
  groupId?: Id;
  /** An API with the same name or route exists: 'merge' (default) keeps it, 'override' replaces it (APIG's api-mode). */
  mode?: 'merge' | 'override';
  /** Same for authorizers, gateway response sets and policies of the same name (APIG's extend-mode). Default 'merge'. */
  extendMode?: 'merge' | 'override';
  /** Publish every created or updated API to this environment. */
  publishEnvId?: Id;
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

export type ExportScope = 'spec' | 'proxy' | 'all' | 'dev';

export interface ExportDefinitionArgs {
  groupId: Id;
  /** Export what is published in this environment (default RELEASE); scope 'dev' exports the drafts. */
  envId?: Id;
  /** APIG's export types: spec = basic definition, proxy = full, all = extended, dev = drafts. Default 'spec'. */
  scope?: ExportScope;
  /** OpenAPI version: '2.0' (Swagger, default) or '3.0'. */
  version?: '2.0' | '3.0';
  format?: 'json' | 'yaml';
  /** info.version; default the export time, as APIG writes it. */
  infoVersion?: string;
}

export interface ExportDefinitionResult {
  text: string;
  /** APIG's pattern: <group>-<env>-<scope>-<version>.<json|yaml>. */
  filename: string;
  /** Problems APIG would reject or change in the file (the export still happens); positions point into `text`. */
  preflight: Diagnostic[];
}

/** Which app may call which API in which environment (per environment, as APIG authorizes). */
export interface AppAuthorizationArgs {
  appId: Id;
  apiId: Id;
  envId: Id;
}

/** A throttling, access-control or plug-in policy bound to an API in one environment. */
export interface PolicyBindingArgs {
  kind: PolicyKind;
  policyId: Id;
  apiId: Id;
  envId: Id;
}

export interface PolicyBindingFilter {
  kind?: PolicyKind;
  policyId?: Id;
  apiId?: Id;
  envId?: Id;
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

export interface WorkbenchApi {
  // workspace
  workspaceInfo(): Promise<WorkspaceInfo>;
  /** Opens an existing workspace file; the gateway restarts on it. */
  openWorkspace(args: { file: string }): Promise<WorkspaceInfo>;
  /** Creates a new workspace file (empty, or a copy of the sample) and opens it. Fails if the file exists. */
  createWorkspace(args: { file: string; fromSample?: boolean }): Promise<WorkspaceInfo>;

  // API groups
  listGroups(): Promise<ApiGroup[]>;
  getGroup(args: { id: Id }): Promise<ApiGroup>;
  createGroup(args: { input: GroupInput }): Promise<ApiGroup>;
  updateGroup(args: { id: Id; patch: Partial<GroupInput> }): Promise<ApiGroup>;
  removeGroup(args: { id: Id }): Promise<void>;

  // environments
  listEnvironments(): Promise<Environment[]>;
  createEnvironment(args: { input: EnvironmentInput }): Promise<Environment>;
  updateEnvironment(args: { id: Id; patch: Partial<EnvironmentInput> }): Promise<Environment>;
  removeEnvironment(args: { id: Id }): Promise<void>;

  // environment variables (#name# in backend address/path)
  listVariables(args?: { groupId?: Id; envId?: Id }): Promise<EnvVariable[]>;
  createVariable(args: { input: VariableInput }): Promise<EnvVariable>;
  updateVariable(args: { id: Id; patch: Partial<VariableInput> }): Promise<EnvVariable>;
  removeVariable(args: { id: Id }): Promise<void>;

  // APIs
  listApis(args?: { filter?: ApiFilter }): Promise<ApiListItem[]>;
  getApi(args: { id: Id }): Promise<Api>;
  createApi(args: { input: ApiInput }): Promise<Api>;
  updateApi(args: { id: Id; patch: Partial<ApiInput> }): Promise<Api>;
  /** Copies an API (unpublished); `name` defaults to "<name>_copy". */
  cloneApi(args: { id: Id; name?: string }): Promise<Api>;
  removeApi(args: { id: Id }): Promise<void>;

  // local functions (FunctionGraph stand-ins)
  listFunctions(): Promise<LocalFunction[]>;
  getFunction(args: { id: Id }): Promise<LocalFunction>;
  createFunction(args: { input: FunctionInput }): Promise<LocalFunction>;
  updateFunction(args: { id: Id; patch: Partial<FunctionInput> }): Promise<LocalFunction>;
  removeFunction(args: { id: Id }): Promise<void>;
  /** The function's Debug switch and where a debugger attaches (Node.js functions). */
  functionDebug(args: { id: Id }): Promise<FunctionDebugInfo>;
  /** Turns the Debug switch on or off; on, the instance starts at once and its inspector URL is returned. */
  setFunctionDebug(args: { id: Id; enabled: boolean }): Promise<FunctionDebugInfo>;

  // custom authorizers
  listAuthorizers(): Promise<Authorizer[]>;
  getAuthorizer(args: { id: Id }): Promise<Authorizer>;
  createAuthorizer(args: { input: AuthorizerInput }): Promise<Authorizer>;
  updateAuthorizer(args: { id: Id; patch: Partial<AuthorizerInput> }): Promise<Authorizer>;
  removeAuthorizer(args: { id: Id }): Promise<void>;

  // gateway response sets
  listResponseSets(args?: { groupId?: Id }): Promise<GatewayResponseSet[]>;
  getResponseSet(args: { id: Id }): Promise<GatewayResponseSet>;
  createResponseSet(args: { input: ResponseSetInput }): Promise<GatewayResponseSet>;
  updateResponseSet(args: { id: Id; patch: Partial<ResponseSetInput> }): Promise<GatewayResponseSet>;
  removeResponseSet(args: { id: Id }): Promise<void>;

  // publishing
  publishApi(args: { apiId: Id; envId: Id; remark?: string }): Promise<Publication>;
  takeApiOffline(args: { apiId: Id; envId: Id }): Promise<void>;
  /** Publication history, newest first. */
  publicationHistory(args?: { apiId?: Id; envId?: Id }): Promise<Publication[]>;

  // local gateway
  gatewayStatus(): Promise<GatewayStatus>;
  startGateway(args?: { port?: number }): Promise<GatewayStatus>;
  stopGateway(): Promise<GatewayStatus>;
  /** Saves the port for this workspace; restarts the gateway on it when it is running. */
  setGatewayPort(args: { port: number }): Promise<GatewayStatus>;
  /** The request tester's {{variables}}, per environment name. */
  testerVariables(): Promise<TesterVariables>;
  /** Replaces the tester variables of one environment. */
  setTesterVariables(args: { env: string; variables: Record<string, string> }): Promise<TesterVariables>;
  /** The gateway configuration parameters: the workspace's, and those in force (this run's flags over them). */
  gatewayConfig(): Promise<GatewayConfigView>;
  /** Sets parameters of the workspace (a default value clears the override); the gateway applies them at once. */
  updateGatewayConfig(args: { changes: Record<string, unknown> }): Promise<GatewayConfigView>;

  // traces
  listTraces(args?: TraceQuery): Promise<TraceSummary[]>;
  /** By trace id or by X-Request-Id. */
  getTrace(args: { id: string }): Promise<TraceRecord>;
  clearTraces(): Promise<{ removed: number }>;
  /** Stored traces as a HAR 1.2 file (oldest first); traces with an identity override only with includeOverrides. */
  exportTracesHar(args: { ids: string[]; includeOverrides?: boolean }): Promise<Har>;
  /** A stored trace's request, ready for the tester to send again, with what cannot be replayed as it was. */
  traceRequest(args: { id: string }): Promise<{ request: SendRequestArgs; warnings: string[] }>;

  // authorizer result cache
  authorizerCache(): Promise<AuthorizerCacheEntry[]>;
  /** Every entry, one authorizer's, or one identity's (`key` needs `authorizerId`). */
  flushAuthorizerCache(args?: { authorizerId?: Id; key?: string }): Promise<{ flushed: number }>;
  workbenchClock(): Promise<WorkbenchClockState>;
  /** Moves the workbench clock forward (1 s to 24 h), so cached results expire without waiting. */
  advanceWorkbenchClock(args: { seconds: number }): Promise<WorkbenchClockState>;
  resetWorkbenchClock(): Promise<WorkbenchClockState>;
  testAuthorizer(args: TestAuthorizerArgs): Promise<AuthorizerTrace>;

  // failure injection (the lab): rules of the running gateway, not saved in the workspace
  listFaultRules(): Promise<FaultRule[]>;
  /** Makes the next N calls (or a percentage) of an authorizer or function fail as the rule says. */
  addFaultRule(args: { rule: FaultRuleInput }): Promise<FaultRule>;
  /** One rule by id, or every rule. */
  removeFaultRules(args?: { id?: string }): Promise<{ removed: number }>;

  // authorizer test suites
  /** Reads a suite (YAML or JSON text) and, when it has no errors, runs it through the local gateway. */
  runTestSuite(args: { text: string; name?: string }): Promise<{ diagnostics: Diagnostic[]; result?: SuiteResult }>;
  /** The suites kept in the workspace, by name. */
  listTestSuites(): Promise<SavedSuite[]>;
  /** Creates a suite (no id), or replaces the name and text of suite `id`. */
  saveTestSuite(args: { id?: Id; name: string; text: string }): Promise<SavedSuite>;
  removeTestSuite(args: { id: Id }): Promise<void>;

  // named test events per function (saved in the workspace)
  listTestEvents(args: { functionId: Id }): Promise<NamedTestEvent[]>;
  /** Creates, or replaces the function's event of that name. */
  saveTestEvent(args: { functionId: Id; name: string; event: unknown }): Promise<NamedTestEvent>;
  removeTestEvent(args: { id: Id }): Promise<void>;
  /** Runs a function (saved, or the editor's draft) on an event, without the gateway: the editor's Test. */
  invokeFunction(args: { functionId?: Id; function?: FunctionInput; event: unknown }): Promise<FunctionTestRun>;
  /** Sends the HTTP request an APIG event describes (method, path, headers, query, body) through the local gateway. */
  sendEventThroughGateway(args: { event: unknown; env?: string }): Promise<SendRequestResult>;

  // request tester
  sendRequest(args: SendRequestArgs): Promise<SendRequestResult>;
  testerHistory(): Promise<TesterRun[]>;
  /** Saves a sent request with the result it got (response and trace), so the run can be reopened and compared. */
  saveTesterRequest(args: { request: Omit<TesterRequest, 'id' | 'createdAt'>; result?: SendRequestResult }): Promise<TesterRun>;
  /** The response and trace saved with a history entry; null when it was saved without one. */
  testerResult(args: { id: string }): Promise<SendRequestResult | null>;
  removeTesterRequest(args: { id: string }): Promise<void>;

  // definitions (Swagger 2.0 / OpenAPI 3.0 with x-apigateway-*)
  checkDefinition(args: CheckDefinitionArgs): Promise<CheckDefinitionResult>;
  importDefinition(args: ImportDefinitionArgs): Promise<ImportDefinitionResult>;
  exportDefinition(args: ExportDefinitionArgs): Promise<ExportDefinitionResult>;

  systemParameters(): Promise<SystemParametersResult>;

  // credentials (APIG apps): AppKey/AppSecret, up to 5 AppCodes, authorizations per environment
  listApps(): Promise<App[]>;
  /** AppKey and AppSecret are generated when not given. */
  createApp(args: { input: AppInput }): Promise<App>;
  updateApp(args: { id: Id; patch: Partial<AppInput> }): Promise<App>;
  /** Its AppCodes and authorizations go with it. */
  removeApp(args: { id: Id }): Promise<void>;
  /** A generated AppCode when `code` is absent; at most 5 per app. */
  addAppCode(args: { appId: Id; code?: string }): Promise<AppCode>;
  removeAppCode(args: { appId: Id; codeId: Id }): Promise<void>;
  listAppAuthorizations(args?: { appId?: Id; apiId?: Id; envId?: Id }): Promise<AppAuthorization[]>;
  /** The API must be published in the environment. Idempotent. */
  authorizeApp(args: AppAuthorizationArgs): Promise<AppAuthorization>;
  unauthorizeApp(args: AppAuthorizationArgs): Promise<void>;

  // the local IAM token table (X-Auth-Token)
  listIamTokens(): Promise<IamToken[]>;
  /**
   * The token is generated when not given; the user defaults to "local-user", the account to
   * "local_account", the account ID to the account's existing ID (else random 32 hex).
   */
  createIamToken(args: { input?: IamTokenInput }): Promise<IamToken>;
  removeIamToken(args: { id: Id }): Promise<void>;

  // policies (runtime.md §5)
  listThrottles(): Promise<ThrottlePolicy[]>;
  createThrottle(args: { input: ThrottleInput }): Promise<ThrottlePolicy>;
  updateThrottle(args: { id: Id; patch: Partial<ThrottleInput> }): Promise<ThrottlePolicy>;
  removeThrottle(args: { id: Id }): Promise<void>;
  listAccessControls(): Promise<AccessControlPolicy[]>;
  createAccessControl(args: { input: AccessControlInput }): Promise<AccessControlPolicy>;
  updateAccessControl(args: { id: Id; patch: Partial<AccessControlInput> }): Promise<AccessControlPolicy>;
  removeAccessControl(args: { id: Id }): Promise<void>;
  listPlugins(): Promise<Plugin[]>;
  createPlugin(args: { input: PluginInput }): Promise<Plugin>;
  updatePlugin(args: { id: Id; patch: Partial<PluginInput> }): Promise<Plugin>;
  removePlugin(args: { id: Id }): Promise<void>;
  listOrchestrations(): Promise<OrchestrationRule[]>;
  createOrchestration(args: { input: OrchestrationInput }): Promise<OrchestrationRule>;
  updateOrchestration(args: { id: Id; patch: Partial<OrchestrationInput> }): Promise<OrchestrationRule>;
  removeOrchestration(args: { id: Id }): Promise<void>;
  /** Bindings of throttling, access-control and plug-in policies (every kind when `kind` is absent). */
  listPolicyBindings(args?: PolicyBindingFilter): Promise<PolicyBinding[]>;
  /** One policy of a kind per API per environment (one ACL per restriction type, one plug-in per type). */
  bindPolicy(args: PolicyBindingArgs): Promise<PolicyBinding>;
  unbindPolicy(args: PolicyBindingArgs): Promise<void>;

  // function bindings and deploy to a real APIG (src-main/cloud)
  /** Per environment, the FunctionGraph URN a local function stands for. */
  listFunctionBindings(args?: { functionId?: Id; envId?: Id }): Promise<FunctionBinding[]>;
  /** Creates or replaces the binding; the URN must name a version or an alias. */
  bindFunction(args: { functionId: Id; envId: Id; urn: string }): Promise<FunctionBinding>;
  unbindFunction(args: { functionId: Id; envId: Id }): Promise<void>;
  cloudKeysStatus(): Promise<CloudKeysStatus>;
  /** Reads the instance and lists what a deploy would create, change or leave alone; changes nothing. */
  planDeploy(args: DeployArgs): Promise<DeployReport>;
  /** Plans again and applies; the report marks each step done, failed or not done. */
  applyDeploy(args: DeployArgs): Promise<DeployReport>;
}

export type MethodName = keyof WorkbenchApi;
export type ArgsOf<M extends MethodName> = Parameters<WorkbenchApi[M]>[0];
export type ResultOf<M extends MethodName> = Awaited<ReturnType<WorkbenchApi[M]>>;

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
  | { type: 'workspace-changed'; entity: ChangedEntity; id?: Id };

/**
 * The store's entity names (`WorkspaceStore.onChange`): group, environment, variable, api, function,
 * authorizer, publication, responseSet, settings, app, appAuthorization, iamToken, policyBinding,
 * testEvent (id: the function's), testSuite and the policy kinds. Open-ended: a newer core may name entities this UI does not know yet.
 */
export type ChangedEntity = string;

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

// ---------------------------------------------------------------------------------------------
// Argument validators (run by every host before a handler sees the args)
// ---------------------------------------------------------------------------------------------

/** Checks one value at `path`, appending issues. */
type Check = (value: unknown, path: string, out: RuleIssue[]) => void;

function issue(out: RuleIssue[], field: string, rule: string, message: string): void {
  out.push({ field, rule, message });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"` : typeof value;
}

const MAX_ID_LENGTH = 200;
/** Definition files and function bodies travel as text; bound them so one call cannot exhaust memory. */
const MAX_TEXT_LENGTH = 20 * 1024 * 1024;

const id: Check = (value, path, out) => {
  if (typeof value !== 'string' || value.length === 0) issue(out, path, 'type', `argument '${path}' must be a non-empty string (got ${describe(value)})`);
  else if (value.length > MAX_ID_LENGTH) issue(out, path, 'length', `argument '${path}' must be at most ${MAX_ID_LENGTH} characters`);
};

const text = (opts: { nonEmpty?: boolean } = {}): Check => (value, path, out) => {
  if (typeof value !== 'string') issue(out, path, 'type', `argument '${path}' must be a string (got ${describe(value)})`);
  else if (opts.nonEmpty && value.length === 0) issue(out, path, 'required', `argument '${path}' must not be empty`);
  else if (value.length > MAX_TEXT_LENGTH) issue(out, path, 'length', `argument '${path}' is larger than ${MAX_TEXT_LENGTH} characters`);
};

const bool: Check = (value, path, out) => {
  if (typeof value !== 'boolean') issue(out, path, 'type', `argument '${path}' must be true or false (got ${describe(value)})`);
};

const integer = (min: number, max: number): Check => (value, path, out) => {
  if (typeof value !== 'number' || !Number.isInteger(value)) issue(out, path, 'integer', `argument '${path}' must be an integer (got ${describe(value)})`);
  else if (value < min || value > max) issue(out, path, 'range', `argument '${path}' must be between ${min} and ${max} (got ${value})`);
};

const number = (min: number, max: number): Check => (value, path, out) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) issue(out, path, 'number', `argument '${path}' must be a number (got ${describe(value)})`);
  else if (value < min || value > max) issue(out, path, 'range', `argument '${path}' must be between ${min} and ${max} (got ${value})`);
};

const oneOf = (allowed: readonly string[]): Check => (value, path, out) => {
  if (typeof value !== 'string' || !allowed.includes(value)) issue(out, path, 'enum', `argument '${path}' must be one of ${allowed.join(', ')} (got ${describe(value)})`);
};

/** Any JSON object; the store's rules check its fields. */
const anyObject: Check = (value, path, out) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) issue(out, path, 'type', `argument '${path}' must be an object (got ${describe(value)})`);
};

const stringMap: Check = (value, path, out) => {
  anyObject(value, path, out);
  if (typeof value !== 'object' || value === null) return;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') issue(out, `${path}.${key}`, 'type', `argument '${path}.${key}' must be a string (got ${describe(v)})`);
  }
};

const anything: Check = () => {};

interface FieldSpec {
  check: Check;
  optional: boolean;
}
const req = (check: Check): FieldSpec => ({ check, optional: false });
const opt = (check: Check): FieldSpec => ({ check, optional: true });

/** An object with exactly these fields: unknown fields are rejected so a typo does not pass silently. */
function shape(fields: Record<string, FieldSpec>): Check {
  return (value, path, out) => {
    const prefix = path ? `${path}.` : '';
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issue(out, path, 'type', `${path ? `argument '${path}'` : 'arguments'} must be an object (got ${describe(value)})`);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      // Own keys only: `'toString' in fields` is true through the prototype.
      if (!Object.prototype.hasOwnProperty.call(fields, key)) issue(out, prefix + key, 'unknown', `unknown argument '${prefix + key}' (expected ${Object.keys(fields).join(', ') || 'none'})`);
    }
    for (const [key, spec] of Object.entries(fields)) {
      const v = record[key];
      if (v === undefined) {
        if (!spec.optional) issue(out, prefix + key, 'required', `argument '${prefix + key}' is required`);
        continue;
      }
      spec.check(v, prefix + key, out);
    }
  };
}

/** A failure-injection rule: its fields' shapes, then the rule's own consistency checks. */
const faultRule: Check = (value, path, out) => {
  const before = out.length;
  shape({
    target: req(shape({ authorizerId: opt(id), functionName: opt(id) })),
    kind: req(oneOf(FAULT_KINDS)),
    statusCode: opt(integer(400, 599)),
    latencyMs: opt(integer(1, 10 * 60 * 1000)),
    trigger: req(shape({ nextCalls: opt(integer(1, 1_000_000)), percent: opt(number(0, 100)) })),
  })(value, path, out);
  if (out.length > before) return;
  for (const problem of faultRuleProblems(value as FaultRuleInput)) {
    const field = problem.slice(0, problem.indexOf(':'));
    issue(out, `${path}.${field}`, 'fault-rule', `argument '${path}.${field}': ${problem.slice(field.length + 2)}`);
  }
};

const NONE = shape({});
const BY_ID = shape({ id: req(id) });
const PORT = integer(0, 65535);

const HTTP_METHOD_NAMES = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'];
const API_METHOD_NAMES = [...HTTP_METHOD_NAMES, 'ANY'];

const POLICY_KIND_NAMES: PolicyKind[] = ['throttle', 'acl', 'plugin'];
const POLICY_BINDING = shape({ kind: req(oneOf(POLICY_KIND_NAMES)), policyId: req(id), apiId: req(id), envId: req(id) });

const DEPLOY_ARGS = shape({
  groupId: req(id),
  envId: req(id),
  projectId: req(text({ nonEmpty: true })),
  instanceId: req(text({ nonEmpty: true })),
  region: opt(text({ nonEmpty: true })),
  endpoint: opt(text({ nonEmpty: true })),
  functionGraphEndpoint: opt(text({ nonEmpty: true })),
  keys: opt(shape({ ak: req(text({ nonEmpty: true })), sk: req(text({ nonEmpty: true })), securityToken: opt(text()) })),
  rememberKeys: opt(bool),
});

/** Keyed by every method of WorkbenchApi: the compiler fails when a method has no validator. */
const VALIDATORS: { readonly [M in MethodName]: Check } = {
  workspaceInfo: NONE,
  openWorkspace: shape({ file: req(text({ nonEmpty: true })) }),
  createWorkspace: shape({ file: req(text({ nonEmpty: true })), fromSample: opt(bool) }),

  listGroups: NONE,
  getGroup: BY_ID,
  createGroup: shape({ input: req(anyObject) }),
  updateGroup: shape({ id: req(id), patch: req(anyObject) }),
  removeGroup: BY_ID,

  listEnvironments: NONE,
  createEnvironment: shape({ input: req(anyObject) }),
  updateEnvironment: shape({ id: req(id), patch: req(anyObject) }),
  removeEnvironment: BY_ID,

  listVariables: shape({ groupId: opt(id), envId: opt(id) }),
  createVariable: shape({ input: req(anyObject) }),
  updateVariable: shape({ id: req(id), patch: req(anyObject) }),
  removeVariable: BY_ID,

  listApis: shape({
    filter: opt(
      shape({
        groupId: opt(id),
        text: opt(text()),
        method: opt(oneOf(API_METHOD_NAMES)),
        authType: opt(oneOf(['NONE', 'APP', 'IAM', 'AUTHORIZER'])),
        authorizerId: opt(id),
      }),
    ),
  }),
  getApi: BY_ID,
  createApi: shape({ input: req(anyObject) }),
  updateApi: shape({ id: req(id), patch: req(anyObject) }),
  cloneApi: shape({ id: req(id), name: opt(text({ nonEmpty: true })) }),
  removeApi: BY_ID,

  listFunctions: NONE,
  getFunction: BY_ID,
  createFunction: shape({ input: req(anyObject) }),
  updateFunction: shape({ id: req(id), patch: req(anyObject) }),
  removeFunction: BY_ID,
  functionDebug: BY_ID,
  setFunctionDebug: shape({ id: req(id), enabled: req(bool) }),

  listAuthorizers: NONE,
  getAuthorizer: BY_ID,
  createAuthorizer: shape({ input: req(anyObject) }),
  updateAuthorizer: shape({ id: req(id), patch: req(anyObject) }),
  removeAuthorizer: BY_ID,

  listResponseSets: shape({ groupId: opt(id) }),
  getResponseSet: BY_ID,
  createResponseSet: shape({ input: req(anyObject) }),
  updateResponseSet: shape({ id: req(id), patch: req(anyObject) }),
  removeResponseSet: BY_ID,

  publishApi: shape({ apiId: req(id), envId: req(id), remark: opt(text()) }),
  takeApiOffline: shape({ apiId: req(id), envId: req(id) }),
  publicationHistory: shape({ apiId: opt(id), envId: opt(id) }),

  gatewayStatus: NONE,
  startGateway: shape({ port: opt(PORT) }),
  stopGateway: NONE,
  setGatewayPort: shape({ port: req(PORT) }),
  gatewayConfig: NONE,
  testerVariables: NONE,
  setTesterVariables: shape({ env: req(text({ nonEmpty: true })), variables: req(anyObject) }),
  updateGatewayConfig: shape({ changes: req(anyObject) }),

  listTraces: shape({ limit: opt(integer(1, 1000)), apiId: opt(id) }),
  getTrace: BY_ID,
  clearTraces: NONE,
  exportTracesHar: (value, path, out) => {
    shape({ ids: req(anything), includeOverrides: opt(bool) })(value, path, out);
    const ids = (value as { ids?: unknown } | null)?.ids;
    if (ids === undefined) return;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000) issue(out, 'ids', 'type', "argument 'ids' must be a list of 1–1000 trace ids");
    else ids.forEach((v, i) => id(v, `ids[${i}]`, out));
  },
  traceRequest: BY_ID,

  authorizerCache: NONE,
  flushAuthorizerCache: (value, path, out) => {
    shape({ authorizerId: opt(id), key: opt(text()) })(value, path, out);
    const v = value as { authorizerId?: unknown; key?: unknown } | undefined;
    if (v && typeof v === 'object' && v.key !== undefined && v.authorizerId === undefined)
      issue(out, 'key', 'requires', "argument 'key' needs 'authorizerId' (identity keys are per authorizer)");
  },
  workbenchClock: NONE,
  advanceWorkbenchClock: shape({ seconds: req(integer(1, 24 * 60 * 60)) }),
  resetWorkbenchClock: NONE,
  listFaultRules: NONE,
  addFaultRule: shape({ rule: req(faultRule) }),
  removeFaultRules: shape({ id: opt(id) }),
  runTestSuite: shape({ text: req(text()), name: opt(text({ nonEmpty: true })) }),
  listTestSuites: NONE,
  saveTestSuite: shape({ id: opt(id), name: req(text({ nonEmpty: true })), text: req(text()) }),
  removeTestSuite: BY_ID,
  listTestEvents: shape({ functionId: req(id) }),
  saveTestEvent: shape({ functionId: req(id), name: req(text({ nonEmpty: true })), event: req(anything) }),
  removeTestEvent: BY_ID,
  invokeFunction: (value, path, out) => {
    shape({ functionId: opt(id), function: opt(anyObject), event: req(anything) })(value, path, out);
    const v = value as Record<string, unknown> | null;
    if (v && typeof v === 'object' && (v.functionId === undefined) === (v.function === undefined))
      issue(out, 'functionId', 'one-of', "give exactly one of argument 'functionId' or 'function'");
  },
  sendEventThroughGateway: shape({ event: req(anything), env: opt(text()) }),
  testAuthorizer: (value, path, out) => {
    shape({
      authorizerId: opt(id),
      authorizer: opt(anyObject),
      functionId: opt(id),
      function: opt(anyObject),
      event: req(anything),
    })(value, path, out);
    const v = value as Record<string, unknown> | null;
    if (v && typeof v === 'object') {
      if ((v.authorizerId === undefined) === (v.authorizer === undefined)) {
        issue(out, 'authorizerId', 'one-of', "give exactly one of argument 'authorizerId' or 'authorizer'");
      }
      if (v.functionId !== undefined && v.function !== undefined) {
        issue(out, 'functionId', 'one-of', "give at most one of argument 'functionId' or 'function'");
      }
    }
  },

  sendRequest: shape({
    method: req(oneOf(HTTP_METHOD_NAMES)),
    url: req(text({ nonEmpty: true })),
    headers: opt(stringMap),
    body: opt(text()),
    bodyEncoding: opt(oneOf(['text', 'base64'])),
    env: opt(text()),
  }),
  testerHistory: NONE,
  saveTesterRequest: shape({ request: req(anyObject), result: opt(anyObject) }),
  testerResult: BY_ID,
  removeTesterRequest: BY_ID,

  checkDefinition: shape({ text: req(text()), filename: req(text({ nonEmpty: true })) }),
  importDefinition: shape({
    text: req(text()),
    filename: req(text({ nonEmpty: true })),
    groupId: opt(id),
    mode: opt(oneOf(['merge', 'override'])),
    extendMode: opt(oneOf(['merge', 'override'])),
    publishEnvId: opt(id),
  }),
  exportDefinition: shape({
    groupId: req(id),
    envId: opt(id),
    scope: opt(oneOf(['spec', 'proxy', 'all', 'dev'])),
    version: opt(oneOf(['2.0', '3.0'])),
    format: opt(oneOf(['json', 'yaml'])),
    infoVersion: opt(text({ nonEmpty: true })),
  }),

  systemParameters: NONE,

  listApps: NONE,
  createApp: shape({ input: req(anyObject) }),
  updateApp: shape({ id: req(id), patch: req(anyObject) }),
  removeApp: BY_ID,
  addAppCode: shape({ appId: req(id), code: opt(text({ nonEmpty: true })) }),
  removeAppCode: shape({ appId: req(id), codeId: req(id) }),
  listAppAuthorizations: shape({ appId: opt(id), apiId: opt(id), envId: opt(id) }),
  authorizeApp: shape({ appId: req(id), apiId: req(id), envId: req(id) }),
  unauthorizeApp: shape({ appId: req(id), apiId: req(id), envId: req(id) }),

  listIamTokens: NONE,
  createIamToken: shape({
    input: opt(
      shape({ token: opt(text()), userName: opt(text()), accountName: opt(text()), accountId: opt(text()), expiresAt: opt(text()) }),
    ),
  }),
  removeIamToken: BY_ID,

  listThrottles: NONE,
  createThrottle: shape({ input: req(anyObject) }),
  updateThrottle: shape({ id: req(id), patch: req(anyObject) }),
  removeThrottle: BY_ID,
  listAccessControls: NONE,
  createAccessControl: shape({ input: req(anyObject) }),
  updateAccessControl: shape({ id: req(id), patch: req(anyObject) }),
  removeAccessControl: BY_ID,
  listPlugins: NONE,
  createPlugin: shape({ input: req(anyObject) }),
  updatePlugin: shape({ id: req(id), patch: req(anyObject) }),
  removePlugin: BY_ID,
  listOrchestrations: NONE,
  createOrchestration: shape({ input: req(anyObject) }),
  updateOrchestration: shape({ id: req(id), patch: req(anyObject) }),
  removeOrchestration: BY_ID,
  listPolicyBindings: shape({ kind: opt(oneOf(POLICY_KIND_NAMES)), policyId: opt(id), apiId: opt(id), envId: opt(id) }),
  bindPolicy: POLICY_BINDING,
  unbindPolicy: POLICY_BINDING,

  listFunctionBindings: shape({ functionId: opt(id), envId: opt(id) }),
  bindFunction: shape({ functionId: req(id), envId: req(id), urn: req(text({ nonEmpty: true })) }),
  unbindFunction: shape({ functionId: req(id), envId: req(id) }),
  cloudKeysStatus: NONE,
  planDeploy: DEPLOY_ARGS,
  applyDeploy: DEPLOY_ARGS,
};

/** Every method of the contract, in declaration order. Hosts expose exactly these and nothing else. */
export const METHOD_NAMES = Object.freeze(Object.keys(VALIDATORS) as MethodName[]);

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(VALIDATORS, name);
}

/**
 * Checks a call's arguments (`undefined` is read as `{}`). Returns the issues; empty means valid.
 * Deep checks of entity inputs (names, limits) are the store's rules — this only guards the shape.
 */
export function validateArgs(method: MethodName, args: unknown): RuleIssue[] {
  const out: RuleIssue[] = [];
  VALIDATORS[method](args === undefined ? {} : args, '', out);
  return out;
}

/** The `invalid-argument` error for issues found by `validateArgs`. */
export function invalidArgumentError(method: MethodName, issues: RuleIssue[]): ContractError {
  return { kind: 'invalid-argument', message: `${method}: ${issues.map((i) => i.message).join('; ')}`, issues };
}
