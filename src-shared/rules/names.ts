/**
 * Name rules APIG applies to its objects (runtime.md §1.1, §2.3, §3.3, §3.4).
 * Each check appends to an IssueList so a rejection names the field and the rule.
 */
import type { IssueList } from './issues';

/** Han ideographs: the SDK texts allow Chinese characters in group, API and authorizer names. */
const HAN = '\\u4e00-\\u9fa5';

/**
 * Authorizer, app and policy names: 3–64, starts with a letter (or Chinese), then letters, digits, `_`.
 * The V2 API reference keeps this rule for these objects (CreateCustomAuthorizerV2, CreateAnAppV2).
 */
const OBJECT_NAME = new RegExp(`^[A-Za-z${HAN}][A-Za-z0-9_${HAN}]*$`);

export function checkObjectName(list: IssueList, field: string, value: unknown): void {
  const name = list.string(field, value, { required: true });
  if (name === undefined) return;
  if (!list.length(field, name, 3, 64)) return;
  list.pattern(field, name, OBJECT_NAME, 'must start with a letter and contain only letters, digits and _ (Chinese characters allowed)');
}

/**
 * API group and API names, as the current V2 API reference states them (CreateApiGroupV2,
 * CreateApiV2): "3 to 255 characters, including letters, digits, and special characters (-_./():).
 * It must start with a letter or digit." (Chinese characters allowed, per the same pages' note.)
 */
const GROUP_OR_API_NAME = new RegExp(`^[A-Za-z0-9${HAN}][A-Za-z0-9_\\-./():${HAN}]*$`);

export function checkGroupOrApiName(list: IssueList, field: string, value: unknown): void {
  const name = list.string(field, value, { required: true });
  if (name === undefined) return;
  if (!list.length(field, name, 3, 255)) return;
  list.pattern(field, name, GROUP_OR_API_NAME, 'must start with a letter or digit and contain only letters, digits and -_./(): (Chinese characters allowed)');
}

/** Environment names: 3–64, starts with a letter, then letters, digits, `_`. */
const ENV_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function checkEnvironmentName(list: IssueList, field: string, value: unknown): void {
  const name = list.string(field, value, { required: true });
  if (name === undefined) return;
  if (!list.length(field, name, 3, 64)) return;
  list.pattern(field, name, ENV_NAME, 'must start with a letter and contain only letters, digits and _');
}

/** Environment variable names (the part between #…#): 3–32, starts with a letter; letters, digits, `-`, `_`. */
export const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{2,31}$/;

export function checkVariableName(list: IssueList, field: string, value: unknown): void {
  const name = list.string(field, value, { required: true });
  if (name === undefined) return;
  if (!list.length(field, name, 3, 32)) return;
  list.pattern(field, name, VARIABLE_NAME, 'must start with a letter and contain only letters, digits, - and _');
}

const PARAM_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;
const RESERVED_PARAM_PREFIXES = ['x-apig-', 'x-sdk-'];
/**
 * Request and backend parameter names: 1–32, starts with a letter; letters, digits, `-`, `_`, `.`.
 * Not prefixed x-apig- or x-sdk-, not x-stage; in a HEADER no `_`.
 * The console also refuses HEADER parameters named Authorization / X-Auth-Token, but APIG's own
 * import examples declare them (openapi.md §9: handle leniently), so the store accepts them and the
 * pre-flight report warns instead (src-shared/openapi/preflight.ts).
 */
export function checkParamName(list: IssueList, field: string, value: unknown, location: unknown): void {
  const name = list.string(field, value, { required: true });
  if (name === undefined) return;
  if (!list.length(field, name, 1, 32)) return;
  if (!list.pattern(field, name, PARAM_NAME, 'must start with a letter and contain only letters, digits, -, _ and .')) return;
  const lower = name.toLowerCase();
  const prefix = RESERVED_PARAM_PREFIXES.find((p) => lower.startsWith(p));
  if (prefix) list.add(field, 'reserved-prefix', `must not start with ${prefix} (reserved by APIG)`);
  if (lower === 'x-stage') list.add(field, 'reserved-name', 'must not be x-stage (APIG uses it to select the environment)');
  if (location === 'HEADER') {
    if (name.includes('_')) list.add(field, 'header-underscore', 'a HEADER parameter name must not contain _');
  }
}
