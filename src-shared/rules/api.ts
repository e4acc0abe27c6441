/** API rules (runtime.md §1.2, §3.2–3.4, §6). Group+method+path uniqueness is checked by the store. */
import { API_METHODS, type Api, type Authorizer, type BackendParam, type RequestParam } from '../model';
import { IssueList, type RuleIssue } from './issues';
import { LIMITS } from './limits';
import { checkGroupOrApiName, checkParamName, VARIABLE_NAME } from './names';
import { findVariableRefs, parsePathTemplate } from './paths';
import { validateBackendPolicies } from './policies';

export interface ApiRuleContext {
  /**
   * The workspace's authorizers. When given, authorizer ids are checked to exist and to be of the
   * right type (FRONTEND on the API, BACKEND on the backend); when absent those checks are skipped.
   */
  authorizers?: ReadonlyArray<Pick<Authorizer, 'id' | 'name' | 'type'>>;
}

/** System parameter values for backend parameters with origin SYSTEM (runtime.md §3.4). */
export const SYSTEM_PARAMS = [
  '$context.sourceIp',
  '$context.stage',
  '$context.apiId',
  '$context.appId',
  '$context.requestId',
  '$context.serverAddr',
  '$context.serverName',
  '$context.handleTime',
  '$context.providerAppId',
  '$context.apiName',
  '$context.appName',
] as const;
const AUTHORIZER_CONTEXT = /^\$context\.authorizer\.(frontend|backend)\.(.*)$/;
const AUTHORIZER_CONTEXT_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

type ApiDraft = Omit<Api, 'id' | 'createdAt' | 'updatedAt'>;

export function validateApi(api: ApiDraft, ctx: ApiRuleContext = {}): RuleIssue[] {
  const list = new IssueList();
  checkGroupOrApiName(list, 'name', api.name);
  list.string('groupId', api.groupId, { required: true });
  list.maxLength('description', api.description, LIMITS.descriptionLength);
  list.oneOf('method', api.method, API_METHODS);
  list.oneOf('matchMode', api.matchMode, ['NORMAL', 'SWA']);
  list.oneOf('protocol', api.protocol, ['HTTP', 'HTTPS', 'BOTH']);
  list.oneOf('requestType', api.requestType, ['public', 'private']);
  list.boolean('appCodeAuth', api.appCodeAuth);
  list.boolean('cors', api.cors);
  list.boolean('bodyBase64', api.bodyBase64);
  const pathParams = checkFrontendPath(list, api);
  checkAuth(list, api, ctx);
  const requestParams = checkRequestParams(list, api, pathParams);
  checkBackend(list, api, requestParams, ctx);
  // Each policy backend is checked exactly as the default one (same request parameters, same authorizer rules).
  list.items.push(
    ...validateBackendPolicies(api, {
      authorizers: ctx.authorizers,
      checkBackend: (backend) =>
        validateApi({ ...api, backend, backendPolicies: undefined }, ctx).filter((i) => i.field === 'backend' || i.field.startsWith('backend.')),
    }),
  );
  return list.items;
}

function checkFrontendPath(list: IssueList, api: ApiDraft): Set<string> {
  const names = new Set<string>();
  const path = list.string('path', api.path, { required: true });
  if (path === undefined) return names;
  if (!list.length('path', path, 1, LIMITS.apiPathLength)) return names;
  const parsed = parsePathTemplate(path);
  for (const p of parsed.problems) list.add('path', p.rule, p.message);
  parsed.params.forEach((p, i) => {
    names.add(p.name);
    if (!p.greedy) return;
    if (i !== parsed.params.length - 1 || p.segment !== path.slice(1).split('/').length - 1) {
      list.add('path', 'greedy-last', `{${p.name}+} may only be the last segment of the path`);
    }
    if (api.matchMode === 'SWA') list.add('path', 'greedy-normal-only', `{${p.name}+} is only allowed with matchMode NORMAL (exact match)`);
  });
  return names;
}

function checkAuth(list: IssueList, api: ApiDraft, ctx: ApiRuleContext): void {
  if (!list.oneOf('authType', api.authType, ['NONE', 'APP', 'IAM', 'AUTHORIZER'])) return;
  if (api.authType === 'AUTHORIZER' && !api.authorizerId) {
    list.add('authorizerId', 'required', 'is required when authType is AUTHORIZER');
  }
  if (api.authorizerId && api.authType === 'NONE') {
    list.add('authorizerId', 'auth-type', 'a frontend authorizer needs authType AUTHORIZER (or APP/IAM for two-factor authentication)');
  }
  if (api.authorizerId) checkAuthorizerRef(list, 'authorizerId', api.authorizerId, 'FRONTEND', ctx);
  if (api.appCodeAuth === true && api.authType !== 'APP') {
    list.add('appCodeAuth', 'auth-type', 'AppCode authentication is only available with authType APP');
  }
}

function checkAuthorizerRef(list: IssueList, field: string, id: string, type: 'FRONTEND' | 'BACKEND', ctx: ApiRuleContext): void {
  if (!ctx.authorizers) return;
  const found = ctx.authorizers.find((a) => a.id === id);
  if (!found) list.add(field, 'exists', `authorizer ${id} does not exist`);
  else if (found.type !== type) {
    list.add(field, 'authorizer-type', `authorizer ${found.name} is a ${found.type} authorizer; a ${type} authorizer is required here`);
  }
}

function checkRequestParams(list: IssueList, api: ApiDraft, pathParams: Set<string>): RequestParam[] {
  const params = list.array('requestParams', api.requestParams, LIMITS.requestParams) as RequestParam[];
  const seen = new Set<string>();
  params.forEach((raw, i) => {
    const f = `requestParams[${i}]`;
    const p = (raw ?? {}) as RequestParam;
    list.oneOf(`${f}.location`, p.location, ['PATH', 'QUERY', 'HEADER']);
    list.oneOf(`${f}.type`, p.type, ['STRING', 'NUMBER']);
    checkParamName(list, `${f}.name`, p.name, p.location);
    list.boolean(`${f}.required`, p.required);
    // Names are case-insensitive in APIG, so Id and id in the same location collide.
    const key = `${p.location}:${String(p.name).toLowerCase()}`;
    if (seen.has(key)) list.add(`${f}.name`, 'unique', `${p.location} parameter ${p.name} is declared twice (names are case-insensitive)`);
    seen.add(key);
    if (p.location === 'PATH') {
      if (typeof p.name === 'string' && !pathParams.has(p.name)) {
        list.add(`${f}.name`, 'path-param-in-path', `PATH parameter ${p.name} does not appear as {${p.name}} in the path ${api.path}`);
      }
      if (p.required !== true) list.add(`${f}.required`, 'path-required', 'a PATH parameter is always required');
    }
    if (p.minNum !== undefined && p.maxNum !== undefined && p.minNum > p.maxNum) {
      list.add(`${f}.minNum`, 'range', `minNum ${p.minNum} is greater than maxNum ${p.maxNum}`);
    }
    if (p.minSize !== undefined && p.minSize < 0) list.add(`${f}.minSize`, 'range', 'must not be negative');
    if (p.minSize !== undefined && p.maxSize !== undefined && p.minSize > p.maxSize) {
      list.add(`${f}.minSize`, 'range', `minSize ${p.minSize} is greater than maxSize ${p.maxSize}`);
    }
  });
  return params;
}

function checkBackend(list: IssueList, api: ApiDraft, requestParams: RequestParam[], ctx: ApiRuleContext): void {
  const b = api.backend;
  if (!b || typeof b !== 'object') {
    list.add('backend', 'required', 'is required');
    return;
  }
  if (!list.oneOf('backend.type', b.type, ['HTTP', 'MOCK', 'FUNCTION'])) return;
  let backendPathParams: Set<string> | undefined;
  if (b.type === 'HTTP') {
    list.oneOf('backend.protocol', b.protocol, ['HTTP', 'HTTPS']);
    list.oneOf('backend.method', b.method, API_METHODS);
    checkBackendAddress(list, b.address, !!b.vpcChannel);
    backendPathParams = checkBackendPath(list, b.path);
    list.integer('backend.timeoutMs', b.timeoutMs, 1, LIMITS.backendTimeoutMs);
    list.integer('backend.retryCount', b.retryCount, -1, 10);
  } else if (b.type === 'MOCK') {
    list.integer('backend.statusCode', b.statusCode, 200, 599);
    list.maxLength('backend.body', b.body, LIMITS.mockBodyLength);
    list.array('backend.headers', b.headers).forEach((raw, i) => {
      const h = (raw ?? {}) as Record<string, unknown>;
      list.string(`backend.headers[${i}].key`, h.key, { required: true });
      if (typeof h.value !== 'string') list.add(`backend.headers[${i}].value`, 'type', 'must be a string');
    });
  } else {
    const urn = list.string('backend.functionUrn', b.functionUrn, { required: true });
    if (urn !== undefined) list.length('backend.functionUrn', urn, 1, 255);
    list.oneOf('backend.invocationType', b.invocationType, ['sync', 'async']);
    list.oneOf('backend.networkType', b.networkType, ['V1', 'V2']);
    list.integer('backend.timeoutMs', b.timeoutMs, 1, LIMITS.functionBackendTimeoutMs);
  }
  if (b.authorizerId) checkAuthorizerRef(list, 'backend.authorizerId', b.authorizerId, 'BACKEND', ctx);
  checkBackendParams(list, b.params, b.type, backendPathParams, requestParams);
}

function checkBackendAddress(list: IssueList, value: unknown, hasChannel: boolean): void {
  const field = 'backend.address';
  const address = list.string(field, value, { required: !hasChannel });
  if (address === undefined) return;
  if (!list.length(field, address, 1, LIMITS.backendAddressLength)) return;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) {
    list.add(field, 'no-scheme', `must be host[:port] without a scheme; set backend.protocol instead (got "${address}")`);
    return;
  }
  if (/[/\s?]/.test(address)) list.add(field, 'pattern', `must be host[:port] only, with no path, query or spaces (got "${address}")`);
  checkVariableRefs(list, field, address);
}

function checkBackendPath(list: IssueList, value: unknown): Set<string> {
  const field = 'backend.path';
  const names = new Set<string>();
  const path = list.string(field, value, { required: true });
  if (path === undefined) return names;
  if (!list.length(field, path, 1, LIMITS.backendPathLength)) return names;
  const parsed = parsePathTemplate(path, true);
  for (const p of parsed.problems) list.add(field, p.rule, p.message);
  for (const p of parsed.params) names.add(p.name);
  checkVariableRefs(list, field, path);
  return names;
}

function checkVariableRefs(list: IssueList, field: string, text: string): void {
  const { refs, unpaired } = findVariableRefs(text);
  if (unpaired) list.add(field, 'variable-syntax', 'has an unpaired #; environment variables are written #name#');
  for (const ref of refs) {
    if (!VARIABLE_NAME.test(ref.name)) {
      list.add(field, 'variable-name', `#${ref.name}# is not a valid variable name (3–32 characters, letter first; letters, digits, - and _)`);
    }
  }
}

function checkBackendParams(
  list: IssueList,
  value: unknown,
  backendType: string,
  backendPathParams: Set<string> | undefined,
  requestParams: RequestParam[],
): void {
  const params = list.array('backend.params', value, LIMITS.backendParams) as BackendParam[];
  const seen = new Set<string>();
  params.forEach((raw, i) => {
    const f = `backend.params[${i}]`;
    const p = (raw ?? {}) as BackendParam;
    list.oneOf(`${f}.location`, p.location, ['PATH', 'QUERY', 'HEADER']);
    checkParamName(list, `${f}.name`, p.name, p.location);
    const key = `${p.location}:${String(p.name).toLowerCase()}`;
    if (seen.has(key)) list.add(`${f}.name`, 'unique', `${p.location} backend parameter ${p.name} is declared twice`);
    seen.add(key);
    if (p.location === 'PATH') {
      if (!backendPathParams) list.add(`${f}.location`, 'path-backend', `a ${backendType} backend has no path, so a PATH backend parameter cannot be used`);
      else if (typeof p.name === 'string' && !backendPathParams.has(p.name)) {
        list.add(`${f}.name`, 'path-param-in-path', `PATH backend parameter ${p.name} does not appear as {${p.name}} in backend.path`);
      }
    }
    if (!list.oneOf(`${f}.origin`, p.origin, ['REQUEST', 'CONSTANT', 'SYSTEM'])) return;
    const v = list.string(`${f}.value`, p.value, { required: p.origin !== 'CONSTANT' });
    if (v === undefined) {
      if (p.origin === 'CONSTANT' && typeof p.value !== 'string') list.add(`${f}.value`, 'type', 'must be a string');
      return;
    }
    if (!list.length(`${f}.value`, v, 0, LIMITS.backendParamValueLength)) return;
    if (p.origin === 'REQUEST' && !requestParams.some((r) => typeof r?.name === 'string' && r.name.toLowerCase() === v.toLowerCase())) {
      list.add(`${f}.value`, 'request-param-exists', `names request parameter ${v}, which the API does not declare`);
    }
    if (p.origin === 'SYSTEM') checkSystemParam(list, `${f}.value`, v);
  });
}

function checkSystemParam(list: IssueList, field: string, value: string): void {
  if ((SYSTEM_PARAMS as readonly string[]).includes(value)) return;
  const m = AUTHORIZER_CONTEXT.exec(value);
  if (m) {
    if (!AUTHORIZER_CONTEXT_KEY.test(m[2])) {
      list.add(field, 'system-param', `authorizer context key "${m[2]}" must start with a letter and be 1–32 letters, digits, _ or -`);
    }
    return;
  }
  list.add(field, 'system-param', `${value} is not an APIG system parameter (one of ${SYSTEM_PARAMS.join(', ')}, $context.authorizer.frontend.<key> or $context.authorizer.backend.<key>)`);
}
