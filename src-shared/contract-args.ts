/**
 * The contract's arguments, written once: one valibot schema per method. The TypeScript argument
 * types are inferred from these schemas (`ArgsOf`), and every host checks a call's arguments with the
 * same schemas before a handler sees them (`validateArgs`), so a field cannot be typed in one place
 * and refused (or let through) in another.
 *
 * What the schemas check is the call's shape: which fields, of which type, no unknown ones (a typo is
 * an error, not ignored). The fields of an entity input (`input`, `patch`) are the store's rules' job;
 * here they only need to be objects, typed as the store's input types.
 *
 * Issues come back as `RuleIssue`s whose `field` is the argument's path (`filter.method`, `ids[2]`,
 * `headers.x-a`), with the rule ids and messages the UI and the CLI show.
 *
 * Pure TypeScript (no node:*, no DOM).
 */
import * as v from 'valibot';
import { API_METHODS, HTTP_METHODS, type AuthType, type PolicyKind } from './model';
import type { TraceRecord } from './trace';
import type { RuleIssue } from './rules/issues';
import type { AppInput, IamTokenInput } from './rules/app';
import type { AccessControlInput, OrchestrationInput, PluginInput, ThrottleInput } from './rules/policies';
import type {
  ApiInput,
  AuthorizerInput,
  EnvironmentInput,
  FunctionInput,
  GroupInput,
  ResponseSetInput,
  TesterRequest,
} from './rules/inputs';
import type { EnvVariable } from './model';
import { faultRuleProblems, FAULT_KINDS, MAX_LATENCY_MS, type FaultRuleInput } from './lab/faults';

// ---------------------------------------------------------------------------------------------
// Messages: every check names its rule id and says what is wrong, without the path (valibot adds
// the path as the issue travels up; `toRuleIssue` puts both together).
// ---------------------------------------------------------------------------------------------

const ARG_RULES = ['type', 'required', 'length', 'integer', 'range', 'number', 'enum', 'unknown', 'fault-rule', 'requires', 'one-of'] as const;
type ArgRule = (typeof ARG_RULES)[number];

/** valibot keeps only a message string per issue, so the rule id travels at its head. */
const RULE_SEPARATOR = '|';

function say(rule: ArgRule, text: string | ((issue: v.BaseIssue<unknown>) => string)): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => `${rule}${RULE_SEPARATOR}${typeof text === 'string' ? text : text(issue)}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"` : typeof value;
}

/** "must be …" followed by what arrived. */
const got = (expectation: string) => (issue: v.BaseIssue<unknown>) => `${expectation} (got ${describe(issue.input)})`;

// ---------------------------------------------------------------------------------------------
// Field schemas
// ---------------------------------------------------------------------------------------------

const MAX_ID_LENGTH = 200;
/** Definition files and function bodies travel as text; bound them so one call cannot exhaust memory. */
const MAX_TEXT_LENGTH = 20 * 1024 * 1024;

const id = v.pipe(
  v.string(say('type', got('must be a non-empty string'))),
  v.minLength(1, say('type', got('must be a non-empty string'))),
  v.maxLength(MAX_ID_LENGTH, say('length', `must be at most ${MAX_ID_LENGTH} characters`)),
);

const text = v.pipe(
  v.string(say('type', got('must be a string'))),
  v.maxLength(MAX_TEXT_LENGTH, say('length', `is larger than ${MAX_TEXT_LENGTH} characters`)),
);

const nonEmptyText = v.pipe(
  v.string(say('type', got('must be a string'))),
  v.nonEmpty(say('required', 'must not be empty')),
  v.maxLength(MAX_TEXT_LENGTH, say('length', `is larger than ${MAX_TEXT_LENGTH} characters`)),
);

const bool = v.boolean(say('type', got('must be true or false')));

function integer(min: number, max: number) {
  const range = say('range', (issue) => `must be between ${min} and ${max} (got ${String(issue.input)})`);
  return v.pipe(
    v.number(say('integer', got('must be an integer'))),
    v.integer(say('integer', got('must be an integer'))),
    v.minValue(min, range),
    v.maxValue(max, range),
  );
}

function number(min: number, max: number) {
  const range = say('range', (issue) => `must be between ${min} and ${max} (got ${String(issue.input)})`);
  return v.pipe(v.number(say('number', got('must be a number'))), v.finite(say('number', got('must be a number'))), v.minValue(min, range), v.maxValue(max, range));
}

function oneOf<const T extends readonly string[]>(allowed: T) {
  return v.picklist(allowed, say('enum', got(`must be one of ${allowed.join(', ')}`)));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any JSON object, typed as `T`: the store's rules check its fields. */
function entity<T extends object>() {
  return v.pipe(v.custom<T>(isPlainObject, say('type', got('must be an object'))), v.description('object'));
}

/** Present, whatever it is (an event the handler reads itself). */
const anything = v.pipe(v.custom<unknown>((value) => value !== undefined, say('required', 'is required')), v.description('any value'));

const stringMap = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, say('type', got('must be an object'))),
  v.record(v.string(), v.string(say('type', got('must be a string')))),
);

/** Where an issue found by a whole-object check points: a field of the object (`key`, `trigger`, `percent`). */
function pathTo(input: Record<string, unknown>, first: string, ...rest: string[]): [v.ObjectPathItem, ...v.ObjectPathItem[]] {
  let parent: unknown = input;
  const step = (key: string): v.ObjectPathItem => {
    const container = isPlainObject(parent) ? parent : {};
    parent = container[key];
    return { type: 'object', origin: 'value', input: container, key, value: parent };
  };
  return [step(first), ...rest.map(step)];
}

/**
 * An object with exactly these fields: unknown fields are refused so a typo does not pass silently
 * (every one of them is named, also those called like an Object.prototype member), lists are not
 * objects, and a missing field is named as required.
 */
function args<const E extends v.ObjectEntries>(entries: E) {
  const expected = Object.keys(entries).join(', ') || 'none';
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, say('type', got('must be an object'))),
    v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const key of Object.keys(dataset.value)) {
        // Own keys only: `'toString' in entries` is true through the prototype.
        if (!Object.prototype.hasOwnProperty.call(entries, key)) {
          addIssue({ message: say('unknown', `(expected ${expected})`), path: pathTo(dataset.value, key) });
        }
      }
    }),
    v.object(entries, say('required', 'is required')),
  );
}

const optional = v.optional;

// ---------------------------------------------------------------------------------------------
// Shapes used by more than one method, and by the rest of the code under their own names
// ---------------------------------------------------------------------------------------------

const NONE = args({});
const BY_ID = args({ id });
const PORT = integer(0, 65535);

/** The tester sends concrete methods only (APIG's ANY is a route, not a request). */
const HTTP_METHOD = oneOf(HTTP_METHODS);

const AUTH_TYPES = ['NONE', 'APP', 'IAM', 'AUTHORIZER'] as const satisfies readonly AuthType[];
const POLICY_KINDS = ['throttle', 'acl', 'plugin'] as const satisfies readonly PolicyKind[];
const POLICY_KIND = oneOf(POLICY_KINDS);
export const EXPORT_SCOPES = ['spec', 'proxy', 'all', 'dev'] as const;
const MERGE_MODE = oneOf(['merge', 'override']);

/** Patch of an entity: only the fields to change; the store's rules check the result. */
const patchOf = <T extends object>() => args({ id, patch: entity<Partial<T>>() });

const API_FILTER = args({
  groupId: optional(id),
  /** Case-insensitive substring of name or path. */
  text: optional(text),
  method: optional(oneOf(API_METHODS)),
  authType: optional(oneOf(AUTH_TYPES)),
  authorizerId: optional(id),
});

const TRACE_QUERY = args({
  /** Default 100, max 1000. */
  limit: optional(integer(1, 1000)),
  apiId: optional(id),
});

const SEND_REQUEST = args({
  method: HTTP_METHOD,
  /**
   * A path (`/users/1?x=y`) or a full URL. The request always goes to the LOCAL gateway; a full URL's
   * host becomes the Host header so group-domain routing behaves as it would on APIG.
   */
  url: nonEmptyText,
  headers: optional(stringMap),
  body: optional(text),
  /** 'base64' when `body` holds Base64 of binary content. Default 'text'. */
  bodyEncoding: optional(oneOf(['text', 'base64'])),
  /** Environment name sent as X-Stage; '' or RELEASE sends none. */
  env: optional(text),
});

/** Cloud access keys typed into the Deploy screen: used for one call, never stored by the core. */
const CLOUD_KEYS = args({ ak: nonEmptyText, sk: nonEmptyText, securityToken: optional(text) });

const DEPLOY = args({
  groupId: id,
  envId: id,
  projectId: nonEmptyText,
  instanceId: nonEmptyText,
  /** A region of the endpoint table, or `endpoint` (+ `functionGraphEndpoint`) for other clouds. */
  region: optional(nonEmptyText),
  endpoint: optional(nonEmptyText),
  functionGraphEndpoint: optional(nonEmptyText),
  /** Absent: the keys of the core's environment (HUAWEICLOUD_SDK_AK / _SK), or the Electron keychain. */
  keys: optional(CLOUD_KEYS),
  /** Electron only: keep `keys` in the OS keychain (safeStorage) for the next deploy. */
  rememberKeys: optional(bool),
});

/** Which app may call which API in which environment (per environment, as APIG authorizes). */
const APP_AUTHORIZATION = args({ appId: id, apiId: id, envId: id });

/** A throttling, access-control or plug-in policy bound to an API in one environment. */
const POLICY_BINDING = args({ kind: POLICY_KIND, policyId: id, apiId: id, envId: id });

const POLICY_BINDING_FILTER = args({ kind: optional(POLICY_KIND), policyId: optional(id), apiId: optional(id), envId: optional(id) });

const IAM_TOKEN_INPUT = args({
  token: optional(text),
  userName: optional(text),
  accountName: optional(text),
  accountId: optional(text),
  expiresAt: optional(text),
});

function isFaultRule(rule: unknown): rule is FaultRuleInput {
  return faultRuleProblems(rule as FaultRuleInput).length === 0;
}

/** A failure-injection rule's fields; `FaultRuleFieldsMatch` below keeps them those of `FaultRuleInput`. */
const FAULT_RULE_FIELDS = args({
  target: args({ authorizerId: optional(id), functionName: optional(id) }),
  kind: oneOf(FAULT_KINDS),
  statusCode: optional(integer(400, 599)),
  latencyMs: optional(integer(1, MAX_LATENCY_MS)),
  trigger: args({ nextCalls: optional(integer(1, 1_000_000)), percent: optional(number(0, 100)) }),
});

/** A failure-injection rule: its fields' shapes, then the rule's own consistency checks. */
const FAULT_RULE = v.pipe(
  FAULT_RULE_FIELDS,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const problem of faultRuleProblems(dataset.value as FaultRuleInput)) {
      const field = problem.slice(0, problem.indexOf(':'));
      const [first, ...rest] = field.split('.');
      addIssue({ message: say('fault-rule', problem.slice(field.length + 2)), path: pathTo(dataset.value, first!, ...rest) });
    }
  }),
  // The checks above proved it; this narrows the type to the lab's (a target and a trigger of one kind).
  v.guard(isFaultRule),
  v.description('the lab\'s rule checks (faultRuleProblems)'),
);

/** The result of a sent request: returned by sendRequest, and handed back to saveTesterRequest. */
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

// ---------------------------------------------------------------------------------------------
// The contract's methods and their arguments, in the order the UI lists them
// ---------------------------------------------------------------------------------------------

export const CONTRACT_ARGS = {
  // workspace
  workspaceInfo: NONE,
  openWorkspace: args({ file: nonEmptyText }),
  createWorkspace: args({ file: nonEmptyText, fromSample: optional(bool) }),

  // API groups
  listGroups: NONE,
  getGroup: BY_ID,
  createGroup: args({ input: entity<GroupInput>() }),
  updateGroup: patchOf<GroupInput>(),
  removeGroup: BY_ID,

  // environments
  listEnvironments: NONE,
  createEnvironment: args({ input: entity<EnvironmentInput>() }),
  updateEnvironment: patchOf<EnvironmentInput>(),
  removeEnvironment: BY_ID,

  // environment variables (#name# in backend address/path)
  listVariables: args({ groupId: optional(id), envId: optional(id) }),
  createVariable: args({ input: entity<Omit<EnvVariable, 'id'>>() }),
  updateVariable: patchOf<Omit<EnvVariable, 'id'>>(),
  removeVariable: BY_ID,

  // APIs
  listApis: args({ filter: optional(API_FILTER) }),
  getApi: BY_ID,
  createApi: args({ input: entity<ApiInput>() }),
  updateApi: patchOf<ApiInput>(),
  cloneApi: args({ id, name: optional(nonEmptyText) }),
  removeApi: BY_ID,

  // local functions (FunctionGraph stand-ins)
  listFunctions: NONE,
  getFunction: BY_ID,
  createFunction: args({ input: entity<FunctionInput>() }),
  updateFunction: patchOf<FunctionInput>(),
  removeFunction: BY_ID,
  functionDebug: BY_ID,
  setFunctionDebug: args({ id, enabled: bool }),

  // custom authorizers
  listAuthorizers: NONE,
  getAuthorizer: BY_ID,
  createAuthorizer: args({ input: entity<AuthorizerInput>() }),
  updateAuthorizer: patchOf<AuthorizerInput>(),
  removeAuthorizer: BY_ID,

  // gateway response sets
  listResponseSets: args({ groupId: optional(id) }),
  getResponseSet: BY_ID,
  createResponseSet: args({ input: entity<ResponseSetInput>() }),
  updateResponseSet: patchOf<ResponseSetInput>(),
  removeResponseSet: BY_ID,

  // publishing
  publishApi: args({ apiId: id, envId: id, remark: optional(text) }),
  takeApiOffline: args({ apiId: id, envId: id }),
  publicationHistory: args({ apiId: optional(id), envId: optional(id) }),

  // local gateway
  gatewayStatus: NONE,
  startGateway: args({ port: optional(PORT) }),
  stopGateway: NONE,
  setGatewayPort: args({ port: PORT }),
  gatewayConfig: NONE,
  testerVariables: NONE,
  setTesterVariables: args({ env: nonEmptyText, variables: entity<Record<string, string>>() }),
  updateGatewayConfig: args({ changes: entity<Record<string, unknown>>() }),

  // traces
  listTraces: TRACE_QUERY,
  getTrace: BY_ID,
  clearTraces: NONE,
  exportTracesHar: args({
    ids: v.pipe(
      v.array(id, say('type', 'must be a list of 1–1000 trace ids')),
      v.minLength(1, say('type', 'must be a list of 1–1000 trace ids')),
      v.maxLength(1000, say('type', 'must be a list of 1–1000 trace ids')),
    ),
    includeOverrides: optional(bool),
  }),
  traceRequest: BY_ID,

  // authorizer result cache
  authorizerCache: NONE,
  flushAuthorizerCache: v.pipe(
    args({ authorizerId: optional(id), key: optional(text) }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (dataset.typed && dataset.value.key !== undefined && dataset.value.authorizerId === undefined) {
        addIssue({ message: say('requires', "argument 'key' needs 'authorizerId' (identity keys are per authorizer)"), path: pathTo(dataset.value, 'key') });
      }
    }),
    v.description("'key' needs 'authorizerId'"),
  ),
  workbenchClock: NONE,
  advanceWorkbenchClock: args({ seconds: integer(1, 24 * 60 * 60) }),
  resetWorkbenchClock: NONE,
  // failure injection (the lab)
  listFaultRules: NONE,
  addFaultRule: args({ rule: FAULT_RULE }),
  removeFaultRules: args({ id: optional(id) }),

  // authorizer test suites
  runTestSuite: args({ text, name: optional(nonEmptyText) }),
  listTestSuites: NONE,
  saveTestSuite: args({ id: optional(id), name: nonEmptyText, text }),
  removeTestSuite: BY_ID,

  // named test events per function
  listTestEvents: args({ functionId: id }),
  saveTestEvent: args({ functionId: id, name: nonEmptyText, event: anything }),
  removeTestEvent: BY_ID,
  /** Runs a function (saved, or the editor's draft) on an event, without the gateway: the editor's Test. */
  invokeFunction: v.pipe(
    args({ functionId: optional(id), function: optional(entity<FunctionInput>()), event: anything }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const given = dataset.value;
      if ((given.functionId === undefined) === (given.function === undefined)) {
        addIssue({ message: say('one-of', "give exactly one of argument 'functionId' or 'function'"), path: pathTo(given, 'functionId') });
      }
    }),
    v.description("exactly one of 'functionId' or 'function'"),
  ),
  sendEventThroughGateway: args({ event: anything, env: optional(text) }),
  /**
   * Test an authorizer without sending a request through the gateway. Give either stored ids or drafts
   * (what the editor holds, unsaved). When neither function nor functionId is given, the function is
   * the workspace function named by the authorizer's URN.
   */
  testAuthorizer: v.pipe(
    args({
      authorizerId: optional(id),
      authorizer: optional(entity<AuthorizerInput>()),
      functionId: optional(id),
      function: optional(entity<FunctionInput>()),
      /** The APIG authorizer event to send (see apig/runtime.md §5). */
      event: anything,
    }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const given = dataset.value;
      if ((given.authorizerId === undefined) === (given.authorizer === undefined)) {
        addIssue({ message: say('one-of', "give exactly one of argument 'authorizerId' or 'authorizer'"), path: pathTo(given, 'authorizerId') });
      }
      if (given.functionId !== undefined && given.function !== undefined) {
        addIssue({ message: say('one-of', "give at most one of argument 'functionId' or 'function'"), path: pathTo(given, 'functionId') });
      }
    }),
    v.description("exactly one of 'authorizerId' or 'authorizer'; at most one of 'functionId' or 'function'"),
  ),

  // request tester
  sendRequest: SEND_REQUEST,
  testerHistory: NONE,
  saveTesterRequest: args({ request: entity<Omit<TesterRequest, 'id' | 'createdAt'>>(), result: optional(entity<SendRequestResult>()) }),
  testerResult: BY_ID,
  removeTesterRequest: BY_ID,

  // definitions (Swagger 2.0 / OpenAPI 3.0 with x-apigateway-*)
  checkDefinition: args({
    text,
    /** Used to pick JSON or YAML and to name the file in messages. */
    filename: nonEmptyText,
  }),
  importDefinition: args({
    text,
    filename: nonEmptyText,
    /** Import into this existing group; absent = a new group named after the file's info.title. */
    groupId: optional(id),
    /** An API with the same name or route exists: 'merge' (default) keeps it, 'override' replaces it (APIG's api-mode). */
    mode: optional(MERGE_MODE),
    /** Same for authorizers, gateway response sets and policies of the same name (APIG's extend-mode). Default 'merge'. */
    extendMode: optional(MERGE_MODE),
    /** Publish every created or updated API to this environment. */
    publishEnvId: optional(id),
  }),
  exportDefinition: args({
    groupId: id,
    /** Export what is published in this environment (default RELEASE); scope 'dev' exports the drafts. */
    envId: optional(id),
    /** APIG's export types: spec = basic definition, proxy = full, all = extended, dev = drafts. Default 'spec'. */
    scope: optional(oneOf(EXPORT_SCOPES)),
    /** OpenAPI version: '2.0' (Swagger, default) or '3.0'. */
    version: optional(oneOf(['2.0', '3.0'])),
    format: optional(oneOf(['json', 'yaml'])),
    /** info.version; default the export time, as APIG writes it. */
    infoVersion: optional(nonEmptyText),
  }),

  systemParameters: NONE,

  // credentials (APIG apps)
  listApps: NONE,
  createApp: args({ input: entity<AppInput>() }),
  updateApp: patchOf<AppInput>(),
  removeApp: BY_ID,
  addAppCode: args({ appId: id, code: optional(nonEmptyText) }),
  removeAppCode: args({ appId: id, codeId: id }),
  listAppAuthorizations: args({ appId: optional(id), apiId: optional(id), envId: optional(id) }),
  authorizeApp: APP_AUTHORIZATION,
  unauthorizeApp: APP_AUTHORIZATION,

  // the local IAM token table (X-Auth-Token)
  listIamTokens: NONE,
  createIamToken: args({ input: optional(IAM_TOKEN_INPUT) }),
  removeIamToken: BY_ID,

  // policies (runtime.md §5)
  listThrottles: NONE,
  createThrottle: args({ input: entity<ThrottleInput>() }),
  updateThrottle: patchOf<ThrottleInput>(),
  removeThrottle: BY_ID,
  listAccessControls: NONE,
  createAccessControl: args({ input: entity<AccessControlInput>() }),
  updateAccessControl: patchOf<AccessControlInput>(),
  removeAccessControl: BY_ID,
  listPlugins: NONE,
  createPlugin: args({ input: entity<PluginInput>() }),
  updatePlugin: patchOf<PluginInput>(),
  removePlugin: BY_ID,
  listOrchestrations: NONE,
  createOrchestration: args({ input: entity<OrchestrationInput>() }),
  updateOrchestration: patchOf<OrchestrationInput>(),
  removeOrchestration: BY_ID,
  listPolicyBindings: POLICY_BINDING_FILTER,
  bindPolicy: POLICY_BINDING,
  unbindPolicy: POLICY_BINDING,

  // function bindings and deploy to a real APIG (src-main/cloud)
  listFunctionBindings: args({ functionId: optional(id), envId: optional(id) }),
  bindFunction: args({ functionId: id, envId: id, urn: nonEmptyText }),
  unbindFunction: args({ functionId: id, envId: id }),
  cloudKeysStatus: NONE,
  planDeploy: DEPLOY,
  applyDeploy: DEPLOY,
} as const;

export type MethodName = keyof typeof CONTRACT_ARGS;
/** The argument object of a method, as its handler receives it. */
export type ArgsOf<M extends MethodName> = v.InferOutput<(typeof CONTRACT_ARGS)[M]>;

export type ApiFilter = v.InferOutput<typeof API_FILTER>;
export type TraceQuery = v.InferOutput<typeof TRACE_QUERY>;
export type SendRequestArgs = v.InferOutput<typeof SEND_REQUEST>;
export type CloudKeysInput = v.InferOutput<typeof CLOUD_KEYS>;
export type DeployArgs = v.InferOutput<typeof DEPLOY>;
export type AppAuthorizationArgs = v.InferOutput<typeof APP_AUTHORIZATION>;
export type PolicyBindingArgs = v.InferOutput<typeof POLICY_BINDING>;
export type PolicyBindingFilter = v.InferOutput<typeof POLICY_BINDING_FILTER>;
export type TestAuthorizerArgs = ArgsOf<'testAuthorizer'>;
export type CheckDefinitionArgs = ArgsOf<'checkDefinition'>;
export type ImportDefinitionArgs = ArgsOf<'importDefinition'>;
export type ExportDefinitionArgs = ArgsOf<'exportDefinition'>;
export type ExportScope = (typeof EXPORT_SCOPES)[number];

/**
 * Compile-time: the IAM token shape the boundary lets through is the store's `IamTokenInput`, field
 * for field (a field added to one and not the other fails `tsc` here, not a user at run time).
 */
export type IamTokenInputMatches = Expect<Same<v.InferOutput<typeof IAM_TOKEN_INPUT>, IamTokenInput>>;
/**
 * Compile-time: the fault rule fields the boundary lets through are `FaultRuleInput`'s, at the top
 * and in `target` and `trigger` (which the schema flattens: "exactly one of" is the lab's check).
 */
type FaultRuleFields = v.InferOutput<typeof FAULT_RULE_FIELDS>;
export type FaultRuleFieldsMatch = [
  Expect<Same<keyof FaultRuleFields, keyof FaultRuleInput>>,
  Expect<Same<keyof FaultRuleFields['target'], KeysOfEach<FaultRuleInput['target']>>>,
  Expect<Same<keyof FaultRuleFields['trigger'], KeysOfEach<FaultRuleInput['trigger']>>>,
];
/** Every key of every member of a union (`keyof` alone gives only the shared ones). */
type KeysOfEach<T> = T extends unknown ? keyof T : never;
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

// ---------------------------------------------------------------------------------------------
// The check every host runs before a handler sees the args
// ---------------------------------------------------------------------------------------------

/** Every method of the contract, in declaration order. Hosts expose exactly these and nothing else. */
export const METHOD_NAMES = Object.freeze(Object.keys(CONTRACT_ARGS) as MethodName[]);

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(CONTRACT_ARGS, name);
}

/** Report every field's problem, but within one field stop at the first (no "not an integer" and "out of range" for 80000.5). */
const PARSE_CONFIG: v.Config<v.BaseIssue<unknown>> = { abortEarly: false, abortPipeEarly: true };

/**
 * Checks a call's arguments (`undefined` is read as `{}`). Returns the issues; empty means valid.
 * Deep checks of entity inputs (names, limits) are the store's rules — this only guards the shape.
 */
export function validateArgs(method: MethodName, input: unknown): RuleIssue[] {
  const result = v.safeParse(CONTRACT_ARGS[method], input === undefined ? {} : input, PARSE_CONFIG);
  return result.success ? [] : result.issues.map(toRuleIssue);
}

/** `filter.method`, `ids[2]`, `headers.x-a`: the path as `RuleIssue.field` writes it. */
function fieldOf(path: readonly { key: unknown }[] | undefined): string {
  let field = '';
  for (const item of path ?? []) {
    if (typeof item.key === 'number') field += `[${item.key}]`;
    else field += field ? `.${String(item.key)}` : String(item.key);
  }
  return field;
}

function toRuleIssue(issue: v.BaseIssue<unknown>): RuleIssue {
  const field = fieldOf(issue.path);
  // A field that is absent, or present as undefined (IPC can carry it), is missing whatever its type.
  if (field && issue.kind === 'schema' && issue.input === undefined) return { field, rule: 'required', message: wording('required', field, 'is required') };
  const [rule, said] = ruleAndText(issue.message);
  return { field, rule, message: wording(rule, field, said) };
}

/** Splits what `say` wrote; valibot's own wording (from a schema that forgot `say`) counts as a type issue. */
function ruleAndText(message: string): [ArgRule, string] {
  const separator = message.indexOf(RULE_SEPARATOR);
  const rule = ARG_RULES.find((r) => separator > 0 && r === message.slice(0, separator));
  return rule ? [rule, message.slice(separator + 1)] : ['type', message];
}

function wording(rule: ArgRule, field: string, said: string): string {
  if (rule === 'one-of' || rule === 'requires') return said;
  if (!field) return `arguments ${said}`;
  if (rule === 'unknown') return `unknown argument '${field}' ${said}`;
  if (rule === 'fault-rule') return `argument '${field}': ${said}`;
  return `argument '${field}' ${said}`;
}
