/**
 * Local function rules. A local function stands in for a FunctionGraph function; its name is the
 * last segment of the URN APIs and authorizers reference (FunctionGraph: 1–60 chars, starts with a letter).
 */
import type { LocalFunction } from '../model';
import { IssueList, type RuleIssue } from './issues';
import { LIMITS } from './limits';

const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** module.function, where the module may be a relative path (src/index.handler). */
const HANDLER = /^[A-Za-z0-9_][A-Za-z0-9_./-]*\.[A-Za-z_$][A-Za-z0-9_$]*$/;

export function validateFunction(fn: Omit<LocalFunction, 'id' | 'updatedAt'>): RuleIssue[] {
  const list = new IssueList();
  const name = list.string('name', fn.name, { required: true });
  if (name !== undefined && list.length('name', name, 1, 60)) {
    list.pattern('name', name, FUNCTION_NAME, 'must start with a letter and contain only letters, digits, _ and -');
  }
  list.oneOf('runtime', fn.runtime, ['nodejs', 'python']);
  const handler = list.string('handler', fn.handler, { required: true });
  if (handler !== undefined && list.length('handler', handler, 1, 128)) {
    list.pattern('handler', handler, HANDLER, 'must be module.function, e.g. index.handler');
  }
  const source = fn.source as unknown as Record<string, unknown> | undefined;
  if (!source || typeof source !== 'object') list.add('source', 'required', 'is required');
  else if (source.kind === 'inline') {
    if (typeof source.code !== 'string') list.add('source.code', 'type', 'must be a string');
  } else if (source.kind === 'path') {
    list.string('source.path', source.path, { required: true });
  } else list.add('source.kind', 'enum', `must be inline or path (got ${JSON.stringify(source.kind)})`);
  list.integer('timeoutMs', fn.timeoutMs, 1, LIMITS.functionTimeoutMs);
  list.integer('memoryMb', fn.memoryMb, LIMITS.functionMemoryMb.min, LIMITS.functionMemoryMb.max);
  list.maxLength('description', fn.description, LIMITS.descriptionLength);
  return list.items;
}
