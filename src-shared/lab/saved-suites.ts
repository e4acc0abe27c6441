/**
 * Test suites kept in the workspace (issue 13, item 1): the Lab's suite editor works on these, and
 * "Save as test case" appends to one. The text is the suite's YAML exactly as the user wrote it
 * (comments and layout kept), so "Download" gives a file the CLI runs unchanged. A draft may hold
 * errors: the editor shows them, and a suite with errors does not run.
 */
import type { RuleIssue } from '../rules/issues';

export interface SavedSuite {
  id: string;
  /** 1–100 characters, unique in the workspace; also the suite's file name on download. */
  name: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}

/** As readSuite reads at most: a suite larger than this could not be run anyway. */
export const MAX_SUITE_CHARS = 4 * 1024 * 1024;
export const MAX_SAVED_SUITES = 200;

const NAME = /^[^\s/\\][^/\\]{0,99}$/;

export function savedSuiteIssues(input: { name: unknown; text: unknown }): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (typeof input.name !== 'string' || !NAME.test(input.name) || input.name.trimEnd() !== input.name)
    issues.push({ field: 'name', rule: 'pattern', message: 'name: 1–100 characters, no / or \\, not starting or ending with a space' });
  if (typeof input.text !== 'string') issues.push({ field: 'text', rule: 'type', message: 'text must be a text' });
  else if (input.text.length > MAX_SUITE_CHARS) issues.push({ field: 'text', rule: 'length', message: `text is larger than ${MAX_SUITE_CHARS} characters` });
  return issues;
}
