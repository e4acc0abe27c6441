/**
 * Turning a failed call into what the form shows: each issue at its field, and what no field on
 * screen claims in a note above the form (so no message is ever swallowed).
 */
import { WorkbenchError, type RuleIssue } from '../../src-shared/contract';

export interface FormErrors {
  /** Message per field path, e.g. `name`, `backend.address`, `requestParams[1].name`. */
  fields: Record<string, string>;
  issues: RuleIssue[];
  message?: string;
}

export const NO_ERRORS: FormErrors = { fields: {}, issues: [] };

export function toFormErrors(error: unknown): FormErrors {
  if (error instanceof WorkbenchError) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) {
      // Several issues on one field: show them all, joined.
      fields[issue.field] = fields[issue.field] ? `${fields[issue.field]}; ${issue.message}` : issue.message;
    }
    return { fields, issues: error.issues, message: error.issues.length ? undefined : error.message };
  }
  return { fields: {}, issues: [], message: error instanceof Error ? error.message : String(error) };
}

export function errorMessage(error: unknown): string {
  if (error instanceof WorkbenchError && error.issues.length) {
    return error.issues.map((i) => `${i.field || 'input'}: ${i.message}`).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Messages of every field under `prefix` (e.g. `specials[2]`: the field itself, or followed by `.`
 * or `[`), joined for one table row; undefined when there are none. `labelled` names each field
 * relative to the prefix (`name: …`), for rows whose cells do not show their own errors.
 */
export function messagesUnder(fields: Record<string, string>, prefix: string, opts: { labelled?: boolean } = {}): string | undefined {
  const messages = Object.entries(fields)
    .filter(([k]) => k === prefix || k.startsWith(prefix + '.') || k.startsWith(prefix + '['))
    .map(([k, v]) => (opts.labelled ? `${k.slice(prefix.length + 1) || 'row'}: ${v}` : v));
  return messages.length ? messages.join('; ') : undefined;
}

/** Issues whose field starts with one of `prefixes` (exactly, or followed by `.` / `[`). */
export function issuesUnder(errors: FormErrors, prefix: string): RuleIssue[] {
  return errors.issues.filter((i) => i.field === prefix || i.field.startsWith(prefix + '.') || i.field.startsWith(prefix + '['));
}
