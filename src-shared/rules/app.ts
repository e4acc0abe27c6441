/**
 * Credential (app) rules, from the APIG V2 management API (CreateAnAppV2,
 * support.huaweicloud.com/intl/en-us/api-apig/CreateAnAppV2.html, updated 2025-10-29; OTC api-ref
 * `creating_an_appcode.rst` for AppCodes):
 * - name: 3–64 characters, starts with a letter; letters, digits, _ (Huawei also allows Chinese).
 * - app_key: 8–200, starts with a letter or digit; letters, digits, - and _ (older pages: 8–64).
 * - app_secret: 8–128, starts with a letter or digit; letters, digits and _-!@#$% (older pages: 8–64).
 * - app_code: 64–180, starts with a letter, + or /; letters, digits and +_!@#$%/=. (The text lists
 *   "letters and the following special characters" only, but its own example contains digits.)
 * - at most 5 AppCodes per app; remark ≤ 255.
 */
import type { App, IamToken } from '../model';
import { IssueList, type RuleIssue } from './issues';
import { LIMITS } from './limits';
import { checkObjectName } from './names';
import { accountIdProblem, accountNameProblem } from './policies';

export const APP_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{7,199}$/;
export const APP_SECRET_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_\-!@#$%]{7,127}$/;
export const APP_CODE_PATTERN = /^[A-Za-z+/][A-Za-z0-9+_!@#$%/=]{63,179}$/;
export const MAX_APP_CODES = 5;

/** [U] APIG documents no cap on IAM tokens: they are a local stand-in. Keep them sane for headers. */
export const IAM_TOKEN_PATTERN = /^[\x21-\x7e]{8,8192}$/;

/** What create/update take; key and secret are generated when absent. */
export interface AppInput {
  name: string;
  description?: string;
  appKey?: string;
  appSecret?: string;
}

/**
 * [I] The account (IAM domain) a local token belongs to when none is given. Any name works the same;
 * this one is recognisably local and passes the ACL name rules (1–64 chars, not all digits, no commas).
 */
export const LOCAL_ACCOUNT_NAME = 'local_account';

export interface IamTokenInput {
  /** Generated when absent. */
  token?: string;
  userName?: string;
  /** The caller's account (IAM domain) name, what DOMAIN access-control policies list. Default local_account. */
  accountName?: string;
  /** The account's 32-character ID, what DOMAIN_ID policies list. Default: the ID other tokens of the account have, else random hex. */
  accountId?: string;
  expiresAt?: string;
}

export function validateApp(app: Pick<App, 'name' | 'description' | 'appKey' | 'appSecret'>): RuleIssue[] {
  const list = new IssueList();
  checkObjectName(list, 'name', app.name);
  list.maxLength('description', app.description, LIMITS.descriptionLength);
  const key = list.string('appKey', app.appKey, { required: true });
  if (key !== undefined && list.length('appKey', key, 8, 200)) {
    list.pattern('appKey', key, APP_KEY_PATTERN, 'must start with a letter or digit and contain only letters, digits, - and _');
  }
  const secret = list.string('appSecret', app.appSecret, { required: true });
  // The pattern message would echo the secret: name the rule without the value.
  if (secret !== undefined && list.length('appSecret', secret, 8, 128) && !APP_SECRET_PATTERN.test(secret)) {
    list.add('appSecret', 'pattern', 'must start with a letter or digit and contain only letters, digits and _-!@#$%');
  }
  return list.items;
}

export function validateAppCode(code: unknown): RuleIssue[] {
  const list = new IssueList();
  const value = list.string('code', code, { required: true });
  if (value !== undefined && list.length('code', value, 64, 180) && !APP_CODE_PATTERN.test(value)) {
    list.add('code', 'pattern', 'must start with a letter, + or / and contain only letters, digits and +_!@#$%/=');
  }
  return list.items;
}

export function validateIamToken(t: Pick<IamToken, 'token' | 'userName' | 'accountName' | 'accountId' | 'expiresAt'>): RuleIssue[] {
  const list = new IssueList();
  const token = list.string('token', t.token, { required: true });
  if (token !== undefined && !IAM_TOKEN_PATTERN.test(token)) {
    list.add('token', 'pattern', 'must be 8–8192 printable ASCII characters without spaces (it travels in the X-Auth-Token header)');
  }
  const user = list.string('userName', t.userName, { required: true });
  if (user !== undefined) list.length('userName', user, 1, 64);
  // The same rules as account names and IDs in access-control policies (§5.3), so any token's account can be listed.
  const accountName = list.string('accountName', t.accountName, { required: true });
  if (accountName !== undefined) {
    const problem = accountNameProblem(accountName);
    if (problem) list.add('accountName', problem.rule, problem.message);
    // Policy values are trimmed around commas, so surrounding spaces could never match.
    else if (accountName.trim() !== accountName) list.add('accountName', 'pattern', `account name "${accountName}" must not start or end with spaces`);
  }
  const accountId = list.string('accountId', t.accountId, { required: true });
  if (accountId !== undefined) {
    const problem = accountIdProblem(accountId);
    if (problem) list.add('accountId', problem.rule, problem.message);
  }
  if (t.expiresAt !== undefined) {
    const when = list.string('expiresAt', t.expiresAt);
    if (when !== undefined && Number.isNaN(Date.parse(when))) list.add('expiresAt', 'date', `must be an ISO date-time (got "${when}")`);
  }
  return list.items;
}

/** How secrets are shown anywhere outside the credential editor: `ab***yz`, never the whole value. */
export function maskSecret(secret: string): string {
  if (secret.length >= 12) return `${secret.slice(0, 2)}***${secret.slice(-2)}`;
  return `${secret.slice(0, 1)}***`;
}
