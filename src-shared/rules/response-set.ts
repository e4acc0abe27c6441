/** Gateway response set rules (runtime.md §2.3). */
import { DEFAULT_STATUS, ERROR_TYPES, type ErrorType } from '../apig/errors';
import type { GatewayResponseSet } from '../model';
import { IssueList, type RuleIssue } from './issues';
import { LIMITS } from './limits';

const SET_NAME = /^[A-Za-z0-9_-]+$/;
/** The API reference allows letters, digits, -; the console doc allows _. Both are accepted (conflict). */
const HEADER_KEY = /^[A-Za-z0-9_-]+$/;

export function validateResponseSet(set: Pick<GatewayResponseSet, 'name' | 'responses'>): RuleIssue[] {
  const list = new IssueList();
  const name = list.string('name', set.name, { required: true });
  if (name !== undefined && list.length('name', name, 1, 64)) {
    list.pattern('name', name, SET_NAME, 'may contain only letters, digits, - and _');
  }
  if (!set.responses || typeof set.responses !== 'object' || Array.isArray(set.responses)) {
    list.add('responses', 'type', 'must be an object keyed by response type');
    return list.items;
  }
  for (const [type, rule] of Object.entries(set.responses)) {
    const field = `responses.${type}`;
    if (!(ERROR_TYPES as readonly string[]).includes(type)) {
      list.add(field, 'enum', `${type} is not an APIG response type (types cannot be added, only customised)`);
      continue;
    }
    if (!rule || typeof rule !== 'object') {
      list.add(field, 'type', 'must be an object with status, body and headers');
      continue;
    }
    // DEFAULT_4XX/5XX have no status of their own: without one they keep the underlying error's.
    const statusOptional = DEFAULT_STATUS[type as ErrorType] === undefined && rule.status === undefined;
    if (!statusOptional && list.integer(`${field}.status`, rule.status, 200, 599) && rule.status === 444) {
      list.add(`${field}.status`, 'range', 'must not be 444');
    }
    if (typeof rule.body !== 'string') list.add(`${field}.body`, 'type', 'must be a string');
    const headers = list.array(`${field}.headers`, rule.headers, LIMITS.responseHeaders);
    headers.forEach((raw, i) => {
      const h = (raw ?? {}) as Record<string, unknown>;
      const hf = `${field}.headers[${i}]`;
      const key = list.string(`${hf}.key`, h.key, { required: true });
      if (key !== undefined && list.length(`${hf}.key`, key, 1, 128)) {
        list.pattern(`${hf}.key`, key, HEADER_KEY, 'may contain only letters, digits, - and _');
      }
      const value = list.string(`${hf}.value`, h.value, { required: true });
      if (value !== undefined && list.length(`${hf}.value`, value, 1, 1024) && (value.includes('[[') || value.includes(']]'))) {
        list.add(`${hf}.value`, 'pattern', 'must not contain [[ or ]]');
      }
    });
  }
  return list.items;
}
