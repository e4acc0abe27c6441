/**
 * The request tester's `{{name}}` variables, one set per environment (as Postman's and Insomnia's
 * environments): tokens, user ids, app keys a developer reuses across requests. They are the
 * tester's own, not APIG's `#name#` environment variables, which only the gateway substitutes.
 */
import type { RuleIssue } from './rules/issues';

/** Environment name → variable name → value. The RELEASE set is under "RELEASE". */
export type TesterVariables = Record<string, Record<string, string>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const MAX_VALUE_LENGTH = 64 * 1024;
const REFERENCE = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** `text` with each `{{name}}` replaced; names with no value are listed in `missing` (and left as typed). */
export function substituteTesterVariables(text: string, variables: Record<string, string>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(REFERENCE, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(variables, name)) return variables[name];
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
  return { text: out, missing };
}

export function checkTesterVariables(variables: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (!NAME.test(name)) issues.push({ field: name, rule: 'pattern', message: 'a variable name is a letter or _ then letters, digits, _ . or - (at most 64)' });
    else if (typeof value !== 'string') issues.push({ field: name, rule: 'type', message: 'must be text' });
    else if (value.length > MAX_VALUE_LENGTH) issues.push({ field: name, rule: 'length', message: `must be at most ${MAX_VALUE_LENGTH} characters` });
  }
  return issues;
}
