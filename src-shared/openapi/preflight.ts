/**
 * Pre-flight: APIG's import rules and limits (openapi.md §2, §5, §8), checked before anything is
 * written. Errors are what APIG would reject; warnings are what it would silently change or what
 * only works if something exists in the real gateway.
 */
import { ERROR_TYPES } from '../apig/errors';
import type { Api, BackendParam, RequestParam } from '../model';
import { DiagnosticSink, joinPointer, type PositionLocator, type Diagnostic } from './diagnostics';
import type { ApiExtra, AuthorizerDraft, ResponseSetDraft } from './plan';
import { isRecord } from './values';

export type PreflightApi = Pick<
  Api,
  'name' | 'description' | 'method' | 'path' | 'matchMode' | 'protocol' | 'authType' | 'appCodeAuth' | 'requestParams' | 'backend' | 'extra' | 'resultNormalSample' | 'resultFailureSample'
> & { pointer: string };

export interface PreflightInput {
  apis: PreflightApi[];
  authorizers?: AuthorizerDraft[];
  responseSets?: ResponseSetDraft[];
  /** Checked when the file creates a new group. */
  groupName?: string;
  /** Known environment-variable names; when given, an unknown #var# is reported. */
  variables?: ReadonlySet<string>;
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

const API_NAME = /^[A-Za-z0-9\u4e00-\u9fa5][A-Za-z0-9_\-./:()\u4e00-\u9fa5]{2,254}$/;
const GROUP_NAME = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9_\u4e00-\u9fa5]{2,63}$/;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;
const POLICY_NAME = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9_\u4e00-\u9fa5]{2,63}$/;
const VAR_REF = /#([^#/]*)#/g;
const VAR_NAME = /^[A-Za-z][A-Za-z0-9_-]{2,31}$/;
const PATH_CHARS = /^[A-Za-z0-9\-._~/%*{}+:@!$&'()=,;]*$/;
const RESERVED_HEADERS = ['authorization', 'x-auth-token'];

export function preflight(input: PreflightInput, locator?: PositionLocator): Diagnostic[] {
  const sink = new DiagnosticSink(locator);
  if (input.groupName !== undefined && !GROUP_NAME.test(input.groupName)) {
    sink.error('/info/title', `group name '${input.groupName}' must be 3–64 characters, start with a letter and hold only letters, digits and _`);
  }
  if (input.apis.length > LIMITS.apisPerImport) {
    sink.warning('/paths', `${input.apis.length} APIs: APIG imports at most ${LIMITS.apisPerImport} per file; split the file`);
  }
  for (const api of input.apis) checkApi(api, sink, input.variables);
  for (const a of input.authorizers ?? []) checkAuthorizer(a, sink);
  for (const set of input.responseSets ?? []) checkResponseSet(set, sink);
  return sink.items;
}

function checkApi(api: PreflightApi, sink: DiagnosticSink, variables: ReadonlySet<string> | undefined): void {
  const at = (...t: (string | number)[]) => joinPointer(api.pointer, ...t);
  const label = `API '${api.name}'`;
  if (!API_NAME.test(api.name)) {
    sink.error(at('operationId'), `${label}: the name must be 3–255 characters, start with a letter or digit and hold only letters, digits and -_./:()`);
  }
  if (api.description.length > LIMITS.descriptionLength) sink.error(at('description'), `${label}: description longer than ${LIMITS.descriptionLength} characters`);
  for (const [key, value] of [['x-apigateway-result-normal-sample', api.resultNormalSample], ['x-apigateway-result-failure-sample', api.resultFailureSample]] as const) {
    if (value && value.length > LIMITS.sampleLength) sink.error(at('responses', key), `${label}: ${key} longer than ${LIMITS.sampleLength} characters`);
  }
  checkFrontendPath(api, sink, label);
  checkParams(api, sink, label);
  if (api.appCodeAuth && api.protocol === 'HTTP') {
    sink.warning(at('security'), `${label}: AppCode authentication works only over HTTPS, the API accepts HTTP only`);
  }
  checkBackend(api, sink, label, variables);
  checkPolicies(api, sink, label);
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
  if (p.name.includes('_')) sink.warning(at, `${who}: the APIG console does not allow '_' in header names`);
}

function checkBackend(api: PreflightApi, sink: DiagnosticSink, label: string, variables: ReadonlySet<string> | undefined): void {
  const b = api.backend;
  const at = (...t: (string | number)[]) => joinPointer(api.pointer, 'x-apigateway-backend', ...t);
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
const CONDITION_TYPES = ['exact', 'equal', 'enum', 'pattern', ''];
const CONDITION_ORIGINS = ['param', 'source', 'request', 'system', 'cookie', 'frontend_authorizer'];

function checkPolicies(api: PreflightApi, sink: DiagnosticSink, label: string): void {
  const extra = (api.extra ?? {}) as ApiExtra;
  const policies = extra.operation?.['x-apigateway-backend-policies'];
  if (policies === undefined) return;
  const at = joinPointer(api.pointer, 'x-apigateway-backend-policies');
  if (!Array.isArray(policies)) {
    sink.error(at, `${label}: x-apigateway-backend-policies must be a list`);
    return;
  }
  if (policies.length > LIMITS.backendPolicies) sink.error(at, `${label}: ${policies.length} backend policies, APIG allows at most ${LIMITS.backendPolicies}`);
  const defaultType = api.backend.type === 'HTTP' && api.backend.vpcChannel ? 'HTTP-VPC' : api.backend.type;
  const names = new Set<string>();
  policies.forEach((policy, i) => {
    const pAt = joinPointer(at, i);
    if (!isRecord(policy)) return sink.error(pAt, `${label}: a backend policy must be an object`);
    const name = String(policy.name ?? '');
    if (!POLICY_NAME.test(name)) sink.error(joinPointer(pAt, 'name'), `${label}: backend policy name '${name}' must be 3–64 characters, start with a letter and hold only letters, digits and _`);
    if (names.has(name)) sink.error(joinPointer(pAt, 'name'), `${label}: two backend policies are named '${name}'`);
    names.add(name);
    const type = String(policy.type ?? '');
    if (!COMPATIBLE[defaultType]?.includes(type)) {
      sink.error(joinPointer(pAt, 'type'), `${label}: a ${type || 'typeless'} backend policy cannot go with a ${defaultType} default backend (allowed: ${COMPATIBLE[defaultType]?.join(', ')})`);
    }
    const conditions = policy.conditions;
    if (!Array.isArray(conditions) || conditions.length === 0) {
      sink.error(joinPointer(pAt, 'conditions'), `${label}: backend policy '${name}' needs at least one condition`);
      return;
    }
    conditions.forEach((c, j) => {
      const cAt = joinPointer(pAt, 'conditions', j);
      if (!isRecord(c)) return sink.error(cAt, `${label}: a condition must be an object`);
      // Both vocabularies the reference lists are accepted (doc: equal/request, exports: exact/param).
      if (!CONDITION_TYPES.includes(String(c.type ?? ''))) sink.error(joinPointer(cAt, 'type'), `${label}: condition type '${String(c.type)}' is not one of exact, equal, enum, pattern`);
      if (!CONDITION_ORIGINS.includes(String(c.origin ?? ''))) sink.error(joinPointer(cAt, 'origin'), `${label}: condition origin '${String(c.origin)}' is not one of ${CONDITION_ORIGINS.join(', ')}`);
      if (c.value === undefined || c.value === null || c.value === '') sink.error(joinPointer(cAt, 'value'), `${label}: condition value is required`);
    });
  });
}

const AUTHORIZER_NAME = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9_\u4e00-\u9fa5]{2,63}$/;

function checkAuthorizer(a: AuthorizerDraft, sink: DiagnosticSink): void {
  const label = `authorizer '${a.name}'`;
  if (!AUTHORIZER_NAME.test(a.name)) sink.error(a.pointer, `${label}: names are 3–64 characters, start with a letter and hold only letters, digits and _`);
  if (!(a.ttl >= 0 && a.ttl <= 3600)) sink.error(joinPointer(a.pointer, 'ttl'), `${label}: ttl must be 0–3600 seconds`);
  if (!(a.timeoutMs >= 1 && a.timeoutMs <= LIMITS.timeoutDefaultMaxMs)) sink.error(joinPointer(a.pointer, 'timeout'), `${label}: timeout must be 1–60000 ms`);
  if (a.identities.length === 0 && a.ttl > 0) sink.warning(joinPointer(a.pointer, 'identities'), `${label}: caching (ttl > 0) without identity sources`);
}

function checkResponseSet(set: ResponseSetDraft, sink: DiagnosticSink): void {
  for (const [type, rule] of Object.entries(set.responses)) {
    const at = joinPointer(set.pointer, type);
    if (!(ERROR_TYPES as readonly string[]).includes(type)) sink.warning(at, `gateway response type '${type}' is not one APIG knows`);
    if (rule && (!(rule.status >= 200 && rule.status <= 599) || rule.status === 444)) sink.error(joinPointer(at, 'status'), `status ${rule.status} must be 200–599 and not 444`);
  }
}
