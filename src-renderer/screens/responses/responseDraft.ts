/**
 * The gateway-response editor's model: every APIG response type with its default or customised
 * rule, the edits as a draft (status kept as typed text so "abc" can be shown at the field), the
 * field checks (the store's own rules plus the status text), and the preview with sample values.
 * Pure: no React, no DOM.
 */
import { DEFAULT_ERROR_BODY, DEFAULT_STATUS, ERROR_TYPES, Errors, type ErrorType, type GatewayError } from '../../../src-shared/apig/errors';
import { renderErrorResponse, type RenderedErrorResponse } from '../../../src-shared/apig/gateway-responses';
import type { GatewayResponseRule, GatewayResponseSet } from '../../../src-shared/model';
import { validateResponseSet } from '../../../src-shared/rules/response-set';
import { LIMITS } from '../../../src-shared/rules/limits';
import type { RuleIssue } from '../../../src-shared/rules/issues';

export { ERROR_TYPES, DEFAULT_ERROR_BODY, DEFAULT_STATUS, type ErrorType };
export const MAX_HEADERS = LIMITS.responseHeaders;

/** What each type answers (runtime.md §2.2), shown beside the type name. */
export const TYPE_MEANING: Record<ErrorType, string> = {
  ACCESS_DENIED: 'Access denied, e.g. an access control policy matched',
  AUTHORIZER_CONF_FAILURE: 'The custom authorizer failed or answered with an error',
  AUTHORIZER_FAILURE: 'The custom authorizer denied the request',
  AUTHORIZER_IDENTITIES_FAILURE: 'An identity source of the frontend custom authorizer is missing or invalid',
  AUTH_FAILURE: 'IAM or app authentication failed',
  AUTH_HEADER_MISSING: 'The identity source (credentials) is missing',
  BACKEND_TIMEOUT: 'The backend did not answer within the timeout',
  BACKEND_UNAVAILABLE: 'The backend could not be reached',
  NOT_FOUND: 'No API matched the request',
  REQUEST_PARAMETERS_FAILURE: 'A request parameter failed validation, or the method is not supported',
  THROTTLED: 'A throttling limit was exceeded',
  UNAUTHORIZED: 'The credential is not authorized to call the API',
  DEFAULT_4XX: 'Any other 4xx error',
  DEFAULT_5XX: 'Any other 5xx error',
  THIRD_AUTH_CONF_FAILURE: 'The third-party authorizer failed',
  THIRD_AUTH_FAILURE: 'The third-party authorizer denied the request',
  THIRD_AUTH_IDENTITIES_FAILURE: 'An identity source of the third-party authorizer is missing or invalid',
  ORCHESTRATION_PARAMETER_NOT_FOUND: 'No parameter matched a parameter orchestration rule',
  ORCHESTRATION_FAILURE: 'The parameters matched no orchestration rule',
};

/**
 * A typical error of each type, to fill `$context.error.*` in the preview: the local gateway's own
 * errors where it raises that type. Third-party authorizers are not emulated; their samples reuse
 * the custom-authorizer codes (illustration only).
 */
export function sampleError(type: ErrorType): GatewayError {
  switch (type) {
    case 'ACCESS_DENIED':
      return Errors.ipDenied();
    case 'AUTHORIZER_CONF_FAILURE':
      return Errors.authorizerConfFailure();
    case 'AUTHORIZER_FAILURE':
      return Errors.authorizerDenied();
    case 'AUTHORIZER_IDENTITIES_FAILURE':
      return Errors.identitiesFailure();
    case 'AUTH_FAILURE':
      return Errors.appAuthFailure('signature not matched');
    case 'AUTH_HEADER_MISSING':
      return Errors.appCredentialsMissing();
    case 'BACKEND_TIMEOUT':
      return Errors.backendTimeout();
    case 'BACKEND_UNAVAILABLE':
      return Errors.backendUnavailable();
    case 'NOT_FOUND':
      return Errors.apiNotPublished();
    case 'REQUEST_PARAMETERS_FAILURE':
      return Errors.requestParameters();
    case 'THROTTLED':
      return Errors.throttled('api', 100, '1 minute');
    case 'UNAUTHORIZED':
      return Errors.appNotAuthorized();
    case 'DEFAULT_4XX':
      return Errors.bodyTooLarge();
    case 'DEFAULT_5XX':
      return Errors.internal();
    case 'THIRD_AUTH_CONF_FAILURE':
      return { ...Errors.authorizerConfFailure(), type };
    case 'THIRD_AUTH_FAILURE':
      return { ...Errors.authorizerDenied(), type, status: 401 };
    case 'THIRD_AUTH_IDENTITIES_FAILURE':
      return { ...Errors.identitiesFailure(), type };
    case 'ORCHESTRATION_PARAMETER_NOT_FOUND':
      return Errors.orchestrationParameterNotFound('no parameter matched the rule');
    case 'ORCHESTRATION_FAILURE':
      return Errors.orchestrationFailure('no rule matched');
  }
}

/** Sample request values for `$context.*` (the part after `$context.`), as the gateway fills them. */
export function sampleContext(error: GatewayError): Record<string, string> {
  return {
    requestId: '9d2c0a7e41b84f0c8f1e6a5b3c2d1e0f',
    apiId: '6f1a2b3c4d5e4f60a1b2c3d4e5f60718',
    apiName: 'get_profile',
    appId: '',
    appName: '',
    stage: 'RELEASE',
    sourceIp: '192.168.0.10',
    reqPath: '/profile',
    reqUri: '/profile?verbose=true',
    reqMethod: 'GET',
    'error.message': error.message,
    'error.code': error.code,
    'error.type': error.type,
  };
}

const VARIABLE = /\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)/g;

/** The `$context.*` names a template uses, in order of first use. */
export function templateVariables(...templates: string[]): string[] {
  const names: string[] = [];
  for (const t of templates) for (const m of t.matchAll(VARIABLE)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/** Whether the gateway knows a variable (authorizer context keys are whatever the function returns). */
export function isKnownVariable(name: string): boolean {
  return name in sampleContext(Errors.internal()) || /^authorizer\.(frontend|backend)\.[A-Za-z0-9_-]+$/.test(name);
}

// ---- the draft ------------------------------------------------------------------------------

export interface RuleDraft {
  /** As typed; checked and converted on save. */
  status: string;
  body: string;
  headers: { key: string; value: string }[];
}

/** Customised types only: a type absent here uses APIG's default. */
export type ResponsesDraft = Partial<Record<string, RuleDraft>>;

export function draftFromSet(set: GatewayResponseSet): ResponsesDraft {
  const out: ResponsesDraft = {};
  for (const [type, rule] of Object.entries(set.responses)) {
    if (rule) out[type] = { status: rule.status === undefined ? '' : String(rule.status), body: rule.body, headers: rule.headers.map((h) => ({ ...h })) };
  }
  return out;
}

/**
 * The rule a type starts from when the user first edits it: APIG's default. DEFAULT_4XX/5XX have no
 * default status: left empty, the underlying error's status is kept, as in APIG.
 */
export function defaultRule(type: ErrorType): RuleDraft {
  const status = DEFAULT_STATUS[type];
  return { status: status === undefined ? '' : String(status), body: DEFAULT_ERROR_BODY, headers: [] };
}

/** DEFAULT_4XX/5XX may leave the status empty (keep the underlying error's status). */
function statusMayBeEmpty(type: string): boolean {
  return DEFAULT_STATUS[type as ErrorType] === undefined;
}

/** What a type shows in the table: its customised rule, or the default. */
export function effectiveRule(draft: ResponsesDraft, type: ErrorType): RuleDraft & { customised: boolean; defaultStatusText: string } {
  const custom = draft[type];
  const defaultStatusText = DEFAULT_STATUS[type] === undefined ? 'error\'s own' : String(DEFAULT_STATUS[type]);
  if (custom) return { ...custom, customised: true, defaultStatusText };
  return { status: DEFAULT_STATUS[type] === undefined ? '' : String(DEFAULT_STATUS[type]), body: DEFAULT_ERROR_BODY, headers: [], customised: false, defaultStatusText };
}

const STATUS_TEXT = /^\d{1,3}$/;

/** The draft as the contract takes it; a status that is not a number becomes NaN (and an issue). */
export function draftToResponses(draft: ResponsesDraft): Partial<Record<string, GatewayResponseRule>> {
  const out: Partial<Record<string, GatewayResponseRule>> = {};
  for (const [type, rule] of Object.entries(draft)) {
    if (!rule) continue;
    const text = rule.status.trim();
    const status = text === '' && statusMayBeEmpty(type) ? undefined : STATUS_TEXT.test(text) ? Number(text) : NaN;
    out[type] = { ...(status === undefined ? {} : { status }), body: rule.body, headers: rule.headers };
  }
  return out;
}

/**
 * Field issues of the draft, named as the store names them (`responses.THROTTLED.status`,
 * `responses.THROTTLED.headers[0].key`), so the editor shows the same messages before and after save.
 */
export function checkDraft(name: string, draft: ResponsesDraft): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [type, rule] of Object.entries(draft)) {
    if (!rule) continue;
    const text = rule.status.trim();
    if (text === '' && statusMayBeEmpty(type)) continue;
    if (text === '') issues.push({ field: `responses.${type}.status`, rule: 'required', message: 'is required: an HTTP status from 200 to 599, except 444' });
    else if (!STATUS_TEXT.test(text)) issues.push({ field: `responses.${type}.status`, rule: 'integer', message: `must be a whole number from 200 to 599, except 444 (got "${text}")` });
  }
  const flagged = new Set(issues.map((i) => i.field));
  for (const issue of validateResponseSet({ name, responses: draftToResponses(draft) })) {
    if (!flagged.has(issue.field)) issues.push(issue);
  }
  return issues;
}

/** Messages per field, joined when a field has several. */
export function issuesByField(issues: RuleIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.field] = out[i.field] ? `${out[i.field]}; ${i.message}` : i.message;
  return out;
}

export function typesWithIssues(issues: RuleIssue[]): Set<string> {
  const out = new Set<string>();
  for (const i of issues) {
    const m = /^responses\.([A-Z0-9_]+)/.exec(i.field);
    if (m) out.add(m[1]);
  }
  return out;
}

export interface PreviewResult extends RenderedErrorResponse {
  /** The console requires a JSON body; set when the rendered body does not parse. */
  jsonProblem?: string;
}

/** Renders a type exactly as the gateway would, with sample values (user-overridable). */
export function preview(draft: ResponsesDraft, type: ErrorType, overrides: Record<string, string>): PreviewResult {
  const error = sampleError(type);
  const responses = draftToResponses(draft);
  const rule = responses[type];
  // A status still being typed previews as the default rather than NaN.
  if (rule && !Number.isInteger(rule.status)) responses[type] = { ...rule, status: DEFAULT_STATUS[type] ?? error.status };
  const set: GatewayResponseSet = { id: 'preview', groupId: 'preview', name: 'preview', isDefault: false, responses };
  const rendered = renderErrorResponse(error, set, { ...sampleContext(error), ...overrides });
  let jsonProblem: string | undefined;
  try {
    JSON.parse(rendered.body);
  } catch (e) {
    jsonProblem = (e as Error).message;
  }
  return { ...rendered, jsonProblem };
}
