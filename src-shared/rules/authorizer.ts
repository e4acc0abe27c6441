/** Custom authorizer rules (runtime.md §1.1). */
import type { Authorizer } from '../model';
import { linearRegExpProblem } from '../apig/linear-regexp';
import { IssueList, type RuleIssue } from './issues';
import { LIMITS } from './limits';
import { checkObjectName } from './names';

/** ROMA's identity rule (same data model): digits, letters, _, -, .; starts with a digit or letter. */
const IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function validateAuthorizer(a: Omit<Authorizer, 'id' | 'createdAt' | 'updatedAt'>): RuleIssue[] {
  const list = new IssueList();
  checkObjectName(list, 'name', a.name);
  list.oneOf('type', a.type, ['FRONTEND', 'BACKEND']);
  list.oneOf('authorizerType', a.authorizerType, ['FUNC']);
  const urn = list.string('functionUrn', a.functionUrn, { required: true });
  if (urn !== undefined) list.length('functionUrn', urn, 1, 255);
  list.oneOf('networkType', a.networkType, ['V1', 'V2']);
  list.maxLength('authorizerVersion', a.authorizerVersion, 64);
  list.maxLength('authorizerAliasUri', a.authorizerAliasUri, 255);
  list.integer('ttl', a.ttl, 0, LIMITS.authorizerTtlSec);
  list.maxLength('userData', a.userData, LIMITS.authorizerUserData);
  list.boolean('needBody', a.needBody);
  list.boolean('relaxed', a.relaxed);
  if (a.eventIdentitySourcesOnly !== undefined) list.boolean('eventIdentitySourcesOnly', a.eventIdentitySourcesOnly);
  list.integer('retryAttempts', a.retryAttempts, 0, LIMITS.authorizerRetryAttempts);
  list.integer('timeoutMs', a.timeoutMs, 1, LIMITS.authorizerTimeoutMs);

  const identities = list.array('identities', a.identities);
  if (a.type === 'BACKEND' && identities.length > 0) {
    list.add('identities', 'frontend-only', "can only be set when the type is 'FRONTEND'");
  }
  if (a.type === 'FRONTEND' && typeof a.ttl === 'number' && a.ttl > 0 && identities.length === 0) {
    list.add('identities', 'required-with-cache', 'a FRONTEND authorizer with ttl > 0 needs at least one identity source (the cache is keyed by them)');
  }
  const seen = new Set<string>();
  identities.forEach((raw, i) => {
    const field = `identities[${i}]`;
    const id = (raw ?? {}) as Record<string, unknown>;
    const name = list.string(`${field}.name`, id.name, { required: true });
    if (name !== undefined && list.length(`${field}.name`, name, 1, 32)) {
      list.pattern(`${field}.name`, name, IDENTITY_NAME, 'must start with a letter or digit and contain only letters, digits, _, - and .');
    }
    list.oneOf(`${field}.location`, id.location, ['HEADER', 'QUERY']);
    const key = `${String(id.location)}:${String(id.name).toLowerCase()}`;
    if (seen.has(key)) list.add(`${field}.name`, 'unique', `identity ${String(id.name)} in ${String(id.location)} is listed twice`);
    seen.add(key);
    const validation = list.string(`${field}.validation`, id.validation);
    if (validation !== undefined && list.length(`${field}.validation`, validation, 1, LIMITS.identityValidationLength)) {
      const problem = linearRegExpProblem(validation);
      if (problem) list.add(`${field}.validation`, 'regexp', problem);
    }
  });
  return list.items;
}
