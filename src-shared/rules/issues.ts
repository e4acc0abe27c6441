/**
 * The shape every rule check reports in, and the error a rejected write throws.
 * Pure: shared by the store, the importer and the UI (which shows issues next to fields).
 */

export interface RuleIssue {
  /** Path of the offending field, e.g. `backend.params[2].name`; '' for the whole object. */
  field: string;
  /** Short, stable rule id, e.g. `length`, `pattern`, `unique`, `max-count`. */
  rule: string;
  message: string;
}

export class ValidationError extends Error {
  readonly issues: RuleIssue[];
  constructor(issues: RuleIssue[], what = 'invalid input') {
    super(`${what}: ${issues.map((i) => `${i.field || '(object)'}: ${i.message}`).join('; ')}`);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Throws a ValidationError when there is at least one issue. */
export function throwIfIssues(issues: RuleIssue[], what?: string): void {
  if (issues.length > 0) throw new ValidationError(issues, what);
}

/** Prefixes every issue's field with `prefix` (joins with '.', or directly before `[`). */
export function nestIssues(prefix: string, issues: RuleIssue[]): RuleIssue[] {
  return issues.map((i) => ({
    ...i,
    field: !i.field ? prefix : i.field.startsWith('[') ? prefix + i.field : `${prefix}.${i.field}`,
  }));
}

/** Collects issues with small helpers so each rule reads as one line. */
export class IssueList {
  readonly items: RuleIssue[] = [];

  add(field: string, rule: string, message: string): void {
    this.items.push({ field, rule, message });
  }

  /** A required non-empty string. Returns the string when it is one, so callers can go on checking it. */
  string(field: string, value: unknown, opts: { required?: boolean } = {}): string | undefined {
    if (value === undefined || value === null || value === '') {
      if (opts.required) this.add(field, 'required', 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(field, 'type', `must be a string (got ${typeof value})`);
      return undefined;
    }
    return value;
  }

  length(field: string, value: string, min: number, max: number): boolean {
    const n = [...value].length;
    if (n < min || n > max) {
      this.add(field, 'length', min === 0 ? `must be at most ${max} characters (got ${n})` : `must be ${min}–${max} characters (got ${n})`);
      return false;
    }
    return true;
  }

  maxLength(field: string, value: unknown, max: number): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') this.add(field, 'type', `must be a string (got ${typeof value})`);
    else this.length(field, value, 0, max);
  }

  pattern(field: string, value: string, re: RegExp, description: string): boolean {
    if (!re.test(value)) {
      this.add(field, 'pattern', `${description} (got "${value}")`);
      return false;
    }
    return true;
  }

  oneOf<T>(field: string, value: unknown, allowed: readonly T[]): boolean {
    if (!allowed.includes(value as T)) {
      this.add(field, 'enum', `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
      return false;
    }
    return true;
  }

  integer(field: string, value: unknown, min: number, max: number): boolean {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(field, 'integer', `must be an integer (got ${JSON.stringify(value)})`);
      return false;
    }
    if (value < min || value > max) {
      this.add(field, 'range', `must be between ${min} and ${max} (got ${value})`);
      return false;
    }
    return true;
  }

  boolean(field: string, value: unknown): void {
    if (typeof value !== 'boolean') this.add(field, 'type', `must be true or false (got ${JSON.stringify(value)})`);
  }

  array(field: string, value: unknown, max?: number): unknown[] {
    if (!Array.isArray(value)) {
      this.add(field, 'type', 'must be a list');
      return [];
    }
    if (max !== undefined && value.length > max) this.add(field, 'max-count', `must have at most ${max} entries (got ${value.length})`);
    return value;
  }

  nested(prefix: string, issues: RuleIssue[]): void {
    this.items.push(...nestIssues(prefix, issues));
  }
}
