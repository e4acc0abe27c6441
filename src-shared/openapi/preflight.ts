/**
 * Pre-flight: APIG's import rules and limits (openapi.md §2, §5, §8), checked before anything is
 * written. Errors are what APIG would reject; warnings are what it would silently change or what
 * only works if something exists in the real gateway.
 */
import type { Api, Backend, BackendParam, RequestParam } from '../model';
import { validateApi, type ApiRuleContext } from '../rules/api';
import { validateAuthorizer } from '../rules/authorizer';
import { validateGroup } from '../rules/group';
import type { RuleIssue } from '../rules/issues';
import { validateResponseSet } from '../rules/response-set';
import { validateAccessControl, validateBackendPolicies, validateOrchestration, validatePlugin, validateThrottle } from '../rules/policies';
import { pointerForField } from './api-pointers';
import { BACKEND_POLICIES_KEY } from './backend-policies';
import { DiagnosticSink, joinPointer, type PositionLocator, type Diagnostic } from './diagnostics';
import type { AccessControlDraft, AuthorizerDraft, OrchestrationDraft, PluginDraft, ResponseSetDraft, ThrottleDraft } from './plan';
import { ACL_KEYS, ORCHESTRATION_KEYS, PLUGIN_KEYS, THROTTLE_KEYS } from './read-policy-defs';

/** An API as read from a file (or as exported): everything but the workspace's ids. */
export type PreflightApi = Omit<Api, 'id' | 'groupId' | 'authorizerId' | 'responseSetId' | 'createdAt' | 'updatedAt'> & {
  pointer: string;
  /** The workspace authorizer (export) ... */
  authorizerId?: string;
  /** ... or the authorizer the file names (import). */
  authorizerName?: string;
};

export interface PreflightInput {
  apis: PreflightApi[];
  authorizers?: AuthorizerDraft[];
  responseSets?: ResponseSetDraft[];
  /** Checked when the file creates a new group (info.title and info.description). */
  group?: { name: string; description: string; subdomain?: string };
  /** Known environment-variable names; when given, an unknown #var# is reported. */
  variables?: ReadonlySet<string>;
  throttles?: ThrottleDraft[];
  accessControls?: AccessControlDraft[];
  plugins?: PluginDraft[];
  orchestrations?: OrchestrationDraft[];
}

export const LIMITS = {
  apisPerImport: 300,
  backendPolicies: 5,
  pathLength: 512,
  descriptionLength: 255,
  sampleLength: 20480,
  timeoutMaxMs: 600_000,
  timeoutDefaultMaxMs: 60_000,
};

const PARAM_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;
const VAR_REF = /#([^#/]*)#/g;
const VAR_NAME = /^[A-Za-z][A-Za-z0-9_-]{2,31}$/;
const PATH_CHARS = /^[A-Za-z0-9\-._~/%*{}+:@!$&'()=,;]*$/;
const RESERVED_HEADERS = ['authorization', 'x-auth-token'];

export function preflight(input: PreflightInput, locator?: PositionLocator): Diagnostic[] {
  const sink = new DiagnosticSink(locator);
  if (input.group) checkGroup(input.group, sink);
  if (input.apis.length > LIMITS.apisPerImport) {
    sink.warning('/paths', `${input.apis.length} APIs: APIG imports at most ${LIMITS.apisPerImport} per file; split the file`);
  }
  // The file's authorizers stand in for the workspace's, so an API naming a BACKEND authorizer is caught here.
  const authorizers = input.authorizers?.map((a) => ({ id: a.name, name: a.name, type: a.type }));
  for (const api of input.apis) {
    checkApi(api, sink, input.variables);
    checkApiRules(api, sink, authorizers);
  }
  for (const a of input.authorizers ?? []) checkAuthorizer(a, sink);
  for (const set of input.responseSets ?? []) checkResponseSet(set, sink);
  for (const t of input.throttles ?? []) report(sink, t.pointer, `throttling policy '${t.name}'`, validateThrottle(t), THROTTLE_KEYS);
  for (const a of input.accessControls ?? []) report(sink, a.pointer, `access-control policy '${a.name}'`, validateAccessControl(a), ACL_KEYS);
  for (const p of input.plugins ?? []) report(sink, p.pointer, `plug-in '${p.name}'`, validatePlugin(p), PLUGIN_KEYS);
  for (const o of input.orchestrations ?? []) report(sink, o.pointer, `orchestration rule '${o.name}'`, validateOrchestration(o), ORCHESTRATION_KEYS);
  return sink.items;
}

function checkApi(api: PreflightApi, sink: DiagnosticSink, variables: ReadonlySet<string> | undefined): void {
  const at = (...t: (string | number)[]) => joinPointer(api.pointer, ...t);
  const label = `API '${api.name}'`;
  if (api.description.length > LIMITS.descriptionLength) sink.error(at('description'), `${label}: description longer than ${LIMITS.descriptionLength} characters`);
  for (const [key, value] of [['x-apigateway-result-normal-sample', api.resultNormalSample], ['x-apigateway-result-failure-sample', api.resultFailureSample]] as const) {
    if (value && value.length > LIMITS.sampleLength) sink.error(at('responses', key), `${label}: ${key} longer than ${LIMITS.sampleLength} characters`);
  }
  checkFrontendPath(api, sink, label);
  checkParams(api, sink, label);
  if (api.appCodeAuth && api.protocol === 'HTTP') {
    sink.warning(at('security'), `${label}: AppCode authentication works only over HTTPS, the API accepts HTTP only`);
  }
  checkBackend(api, api.backend, joinPointer(api.pointer, 'x-apigateway-backend'), sink, label, variables);
  checkBackendPolicies(api, sink, label, variables);
}

function checkFrontendPath(api: PreflightApi, sink: DiagnosticSink, label: string): void {
  const where = api.pointer;
  const path = api.path;
  if (path.length > LIMITS.pathLength) sink.error(where, `${label}: path longer than ${LIMITS.pathLength} characters`);
  if (!PATH_CHARS.test(path)) sink.error(where, `${label}: path '${path}' holds characters a URI path cannot`);
  const segments = path.split('/');
  const names = new Set<string>();
  segments.forEach((segment, index) => {
    if (!segment.includes('{') && !segment.includes('}')) return;
    const m = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(segment);
    if (!m) {
      sink.error(where, `${label}: path segment '${segment}' mixes text and a {parameter}; APIG frontends allow only whole-segment parameters`);
      return;
    }
    names.add(m[1]);
    if (m[2] === '+') {
      if (index !== segments.length - 1) sink.error(where, `${label}: {${m[1]}+} must be the last path segment`);
      if (api.matchMode === 'SWA') sink.error(where, `${label}: {${m[1]}+} cannot be used with prefix match (x-apigateway-match-mode: SWA)`);
    }
  });
  const pathParams = new Set(api.requestParams.filter((p) => p.location === 'PATH').map((p) => p.name));
  for (const name of names) {
    if (!pathParams.has(name)) sink.error(joinPointer(where, 'parameters'), `${label}: path parameter {${name}} is not defined as a parameter in: path`);
  }
  for (const name of pathParams) {
    if (!names.has(name)) sink.error(joinPointer(where, 'parameters'), `${label}: path parameter '${name}' does not appear in the path`);
  }
}

function checkParams(api: PreflightApi, sink: DiagnosticSink, label: string): void {
  const at = joinPointer(api.pointer, 'parameters');
  for (const p of api.requestParams) {
    const who = `${label}: ${p.location.toLowerCase()} parameter '${p.name}'`;
    if (!PARAM_NAME.test(p.name)) sink.error(at, `${who}: names are 1–32 characters, start with a letter and hold only letters, digits and ._-`);
    if (p.location === 'HEADER') checkHeaderName(p, sink, at, who);
    if (p.type === 'NUMBER') {
      if (p.defaultValue !== undefined && !Number.isFinite(Number(p.defaultValue))) sink.warning(at, `${who}: default '${p.defaultValue}' is not a number`);
      if (p.minNum !== undefined && p.maxNum !== undefined && p.minNum > p.maxNum) sink.error(at, `${who}: minimum is above maximum`);
    } else if (p.minSize !== undefined && p.maxSize !== undefined && p.minSize > p.maxSize) {
      sink.error(at, `${who}: minLength is above maxLength`);
    }
  }
}

function checkHeaderName(p: RequestParam, sink: DiagnosticSink, at: string, who: string): void {
  const lower = p.name.toLowerCase();
  if (lower.startsWith('x-apig-') || lower.startsWith('x-sdk-') || lower === 'x-stage') {
    sink.error(at, `${who}: header names starting with x-apig- or x-sdk-, and x-stage, are reserved by APIG`);
  }
  if (RESERVED_HEADERS.includes(lower)) sink.warning(at, `${who}: the APIG console refuses this header name (the import FAQ names X-Auth-Token as a cause of failures)`);
}

/** Checks the default backend (at x-apigateway-backend) or a policy backend (at its list item). */
function checkBackend(
  api: PreflightApi,
  b: Backend,
  base: string,
  sink: DiagnosticSink,
  label: string,
  variables: ReadonlySet<string> | undefined,
): void {
  const at = (...t: (string | number)[]) => joinPointer(base, ...t);
  const frontendNames = new Set(api.requestParams.map((p) => p.name));
  if (b.type === 'HTTP') {
    const ep = b.vpcChannel ? 'httpVpcEndpoints' : 'httpEndpoints';
    if (!b.vpcChannel && b.address.length > 255) sink.error(at(ep, 'address'), `${label}: backend address longer than 255 characters`);
    checkVars(b.address, at(ep, 'address'), sink, label, variables);
    checkVars(b.path, at(ep, 'path'), sink, label, variables);
    if (!b.path.startsWith('/')) sink.error(at(ep, 'path'), `${label}: backend path must start with '/'`);
    if (/\{[^}]*\+\}/.test(b.path)) sink.error(at(ep, 'path'), `${label}: {name+} is allowed in frontend paths only, not in the backend path`);
    const backendPathParams = new Set(b.params.filter((p) => p.location === 'PATH').map((p) => p.name));
    for (const m of b.path.matchAll(/\{([^}]+)\}/g)) {
      if (!backendPathParams.has(m[1])) sink.warning(at(ep, 'path'), `${label}: backend path parameter {${m[1]}} has no backend parameter in: path`);
    }
    if (b.retryCount < -1 || b.retryCount > 10 || !Number.isInteger(b.retryCount)) sink.error(at(ep, 'retryCount'), `${label}: retryCount must be -1…10`);
    checkTimeout(b.timeoutMs, at(ep, 'timeout'), sink, label, LIMITS.timeoutMaxMs);
  } else if (b.type === 'FUNCTION') {
    checkTimeout(b.timeoutMs, at('functionEndpoints', 'timeout'), sink, label, b.networkType === 'V1' ? LIMITS.timeoutDefaultMaxMs : LIMITS.timeoutMaxMs);
  }
  b.params.forEach((p, i) => checkBackendParam(p, at('parameters', i), sink, label, frontendNames));
}

function checkTimeout(ms: number, at: string, sink: DiagnosticSink, label: string, max: number): void {
  if (!(ms >= 1 && ms <= max)) sink.error(at, `${label}: backend timeout ${ms} ms is outside 1–${max}`);
  else if (ms > LIMITS.timeoutDefaultMaxMs) sink.warning(at, `${label}: a timeout above ${LIMITS.timeoutDefaultMaxMs} ms needs the gateway's backend_timeout raised`);
}

function checkBackendParam(p: BackendParam, at: string, sink: DiagnosticSink, label: string, frontendNames: Set<string>): void {
  const who = `${label}: backend parameter '${p.name}'`;
  if (!PARAM_NAME.test(p.name)) sink.error(at, `${who}: names are 1–32 characters, start with a letter and hold only letters, digits and ._-`);
  if (p.origin === 'REQUEST' && !frontendNames.has(p.value)) sink.error(at, `${who}: maps request parameter '${p.value}', which the API does not define`);
  if (p.origin === 'CONSTANT' && p.value.length > 255) sink.error(at, `${who}: constant longer than 255 characters`);
  if (p.origin === 'SYSTEM' && !p.value.startsWith('$context.')) {
    sink.warning(at, `${who}: system parameter value '${p.value}' should be a $context.* name (e.g. $context.sourceIp)`);
  }
}

function checkVars(text: string, at: string, sink: DiagnosticSink, label: string, variables: ReadonlySet<string> | undefined): void {
  for (const m of text.matchAll(VAR_REF)) {
    if (!VAR_NAME.test(m[1])) sink.error(at, `${label}: environment variable #${m[1]}# must be 3–32 characters, start with a letter and hold only letters, digits, - and _`);
    else if (variables && !variables.has(m[1])) sink.warning(at, `${label}: #${m[1]}# is defined in no environment of the group; requests fail until it is`);
  }
}

const COMPATIBLE: Record<string, string[]> = { HTTP: ['HTTP', 'HTTP-VPC'], 'HTTP-VPC': ['HTTP', 'HTTP-VPC'], FUNCTION: ['FUNCTION'], MOCK: ['MOCK'] };
const fileType = (b: Backend) => (b.type === 'HTTP' && b.vpcChannel ? 'HTTP-VPC' : b.type);

/** Field names of the model -> keys of x-apigateway-backend-policies items and conditions. */
const BACKEND_POLICY_KEYS = { backendPolicies: BACKEND_POLICIES_KEY, paramName: 'parameter', backend: null } as const;

function checkBackendPolicies(api: PreflightApi, sink: DiagnosticSink, label: string, variables: ReadonlySet<string> | undefined): void {
  const policies = api.backendPolicies;
  if (!policies?.length) return;
  const at = joinPointer(api.pointer, BACKEND_POLICIES_KEY);
  // The shared rules: ≤5 policies, unique names, conditions (origins, types, parameters, patterns, IPs).
  const hasAuthorizer = api.authorizerId ?? api.authorizerName;
  const issues = validateBackendPolicies(
    { requestParams: api.requestParams, authorizerId: hasAuthorizer, backendPolicies: policies },
    { checkBackend: () => [] },
  );
  report(sink, api.pointer, label, issues, BACKEND_POLICY_KEYS, 'backend policies');
  const defaultType = fileType(api.backend);
  policies.forEach((p, i) => {
    if (!p?.backend) return;
    const type = fileType(p.backend);
    if (!COMPATIBLE[defaultType]?.includes(type)) {
      sink.error(joinPointer(at, i, 'type'), `${label}: a ${type} backend policy cannot go with a ${defaultType} default backend (allowed: ${COMPATIBLE[defaultType]?.join(', ')})`);
    }
    checkBackend(api, p.backend, joinPointer(at, i), sink, `${label}: backend policy '${p.name}'`, variables);
  });
}

/**
 * Reports rule issues (src-shared/rules) at the place in the file: `field` tokens are renamed to the
 * file's keys (`null` = the object itself), a leading `name` is the map key of the definition.
 */
function report(sink: DiagnosticSink, base: string, label: string, issues: RuleIssue[], keys: Record<string, string | null>, fieldLabel?: string): void {
  for (const issue of issues) {
    const tokens = issue.field.split(/[.[\]]/).filter(Boolean);
    const path = tokens[0] === 'name' && tokens.length === 1 ? [] : tokens.map((t) => (Object.hasOwn(keys, t) ? keys[t] : t)).filter((t): t is string => t !== null);
    const fileField = path.filter((t) => !/^\d+$/.test(t)).pop() ?? fieldLabel ?? 'name';
    // Messages name other fields by their model names (apiCallLimits); say what the file says.
    let message = issue.message;
    const renames = Object.entries(keys).filter(([model, file]) => file && /[A-Z]/.test(model));
    // Longest first: mappedParamValue before mappedParam.
    for (const [model, file] of renames.sort((a, b) => b[0].length - a[0].length)) message = message.replaceAll(model, file!);
    sink.error(joinPointer(base, ...path), `${label}: ${fileField} ${message}`);
  }
}

/** Model field -> key in x-apigateway-authorizer (null: the scheme itself, whose key is the name). */
const AUTHORIZER_KEYS: Record<string, string | null> = {
  name: null,
  type: 'type',
  authorizerType: 'authorizer_type',
  functionUrn: 'authorizer_uri',
  networkType: 'network_type',
  authorizerVersion: 'authorizer_version',
  authorizerAliasUri: 'authorizer_alias_uri',
  ttl: 'ttl',
  userData: 'user_data',
  needBody: 'need_body',
  relaxed: 'auth_downgrade_enabled',
  retryAttempts: 'retry_attempts',
  timeoutMs: 'timeout',
};

/** The store's authorizer rules (src-shared/rules/authorizer.ts), reported at the file's keys. */
function checkAuthorizer(a: AuthorizerDraft, sink: DiagnosticSink): void {
  const { pointer, ...draft } = a;
  report(sink, pointer, `authorizer '${a.name}'`, validateAuthorizer(draft), AUTHORIZER_KEYS);
}

/** The store's gateway-response rules, at the file's keys (responses.<TYPE>.status -> <set>/<TYPE>/status). */
function checkResponseSet(set: ResponseSetDraft, sink: DiagnosticSink): void {
  for (const issue of validateResponseSet(set)) {
    const tokens = issue.field.split(/[.[\]]/).filter(Boolean);
    const path = tokens[0] === 'responses' ? tokens.slice(1) : [];
    sink.error(joinPointer(set.pointer, ...path), `gateway response '${set.name}': ${tokens.slice(1).join('.') || issue.field} ${issue.message}`);
  }
}

/** A new group's name and description, by the store's group rules. */
function checkGroup(group: NonNullable<PreflightInput['group']>, sink: DiagnosticSink): void {
  for (const issue of validateGroup({ name: group.name, description: group.description, domains: [], isDefault: false, subdomain: group.subdomain ?? '' })) {
    const at = issue.field === 'description' ? '/info/description' : '/info/title';
    sink.error(at, `group ${issue.field === 'description' ? 'description' : 'name (info.title)'} ${issue.message}`);
  }
}

/**
 * The store's API rules (src-shared/rules/api.ts): what the import would refuse when it writes the
 * API. Pre-flight checks above say most of it with the file's words; an issue is reported here only
 * where they have not already put an error, so one problem gives one diagnostic.
 */
function checkApiRules(api: PreflightApi, sink: DiagnosticSink, authorizers: ApiRuleContext['authorizers']): void {
  const { pointer, authorizerName, authorizerId, ...fields } = api;
  const draft = { ...fields, groupId: 'file', authorizerId: authorizerId ?? authorizerName };
  // An authorizer the file only names (no x-apigateway-authorizer) may exist in the workspace: not checked here.
  const ctx: ApiRuleContext = authorizerName && authorizers?.some((a) => a.name === authorizerName) ? { authorizers } : {};
  const flagged = sink.items.filter((d) => d.severity === 'error' && d.pointer.startsWith(pointer));
  for (const issue of validateApi(draft, ctx)) {
    const at = pointerForField(pointer, issue.field);
    // Parameters share one pointer: an earlier error is the same problem only if it names the same parameter.
    const param = /^requestParams\[(\d+)\]/.exec(issue.field);
    const subject = param ? `'${api.requestParams[Number(param[1])]?.name}'` : undefined;
    const said = flagged.some((d) => (d.pointer === at || d.pointer.startsWith(at + '/')) && (!subject || d.message.includes(subject)));
    if (!said) sink.error(at, `API '${api.name}': ${fileLabel(api, issue.field)} ${issue.message}`);
  }
}

/** A store field path in the file's words: requestParams[0].name -> parameter 'x_trace' name. */
function fileLabel(api: PreflightApi, field: string): string {
  const request = /^requestParams\[(\d+)\]\.?(.*)$/.exec(field);
  if (request) return `parameter '${api.requestParams[Number(request[1])]?.name}'${request[2] ? ' ' + request[2] : ''}`;
  const backend = /^backend\.params\[(\d+)\]\.?(.*)$/.exec(field);
  if (backend) return `backend parameter '${api.backend.params[Number(backend[1])]?.name}'${backend[2] ? ' ' + backend[2] : ''}`;
  if (field === 'name') return 'operationId';
  return field || 'API';
}
