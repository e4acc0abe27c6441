/**
 * Local functions, standing in for FunctionGraph functions. APIs and authorizers reference them by
 * URN (last segment = name); that reference is checked when an API is published, not on every edit,
 * so an imported API may point at a function the user has yet to write.
 */
import type { FunctionSource, LocalFunction } from '../../../src-shared/model';
import { throwIfIssues } from '../../../src-shared/rules/issues';
import { withFunctionDefaults, type FunctionInput } from '../../../src-shared/rules/inputs';
import { validateFunction } from '../../../src-shared/rules/function';
import { fromJson, newId, NotFoundError, nowIso, toJson, type Repo, type StoreContext } from '../context';

export type FunctionsRepo = Repo<LocalFunction, FunctionInput> & { getByName(name: string): LocalFunction | undefined };

interface FnRow {
  id: string;
  name: string;
  runtime: string;
  handler: string;
  source: string;
  timeout_ms: number;
  memory_mb: number;
  description: string;
  updated_at: string;
}
const toFn = (r: FnRow): LocalFunction => ({
  id: r.id,
  name: r.name,
  runtime: r.runtime as LocalFunction['runtime'],
  handler: r.handler,
  source: fromJson<FunctionSource>(r.source)!,
  timeoutMs: r.timeout_ms,
  memoryMb: r.memory_mb,
  description: r.description,
  updatedAt: r.updated_at,
});

export function createFunctionsRepo(ctx: StoreContext): FunctionsRepo {
  const get = (id: string) => {
    const row = ctx.stmt('SELECT * FROM functions WHERE id = ?').get(id) as FnRow | undefined;
    return row && toFn(row);
  };
  function write(fn: LocalFunction, isNew: boolean): LocalFunction {
    const issues = validateFunction(fn);
    if (!issues.length && ctx.stmt('SELECT 1 FROM functions WHERE name = ? AND id <> ?').get(fn.name, fn.id)) {
      issues.push({ field: 'name', rule: 'unique', message: `a function named ${fn.name} already exists` });
    }
    throwIfIssues(issues, `invalid function ${fn.name}`);
    const values = [fn.name, fn.runtime, fn.handler, toJson(fn.source), fn.timeoutMs, fn.memoryMb, fn.description, fn.updatedAt, fn.id];
    ctx
      .stmt(
        isNew
          ? 'INSERT INTO functions (name, runtime, handler, source, timeout_ms, memory_mb, description, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
          : 'UPDATE functions SET name = ?, runtime = ?, handler = ?, source = ?, timeout_ms = ?, memory_mb = ?, description = ?, updated_at = ? WHERE id = ?',
      )
      .run(...values);
    ctx.emit('function', fn.id);
    return get(fn.id)!;
  }
  return {
    list: () => (ctx.stmt('SELECT * FROM functions ORDER BY name').all() as FnRow[]).map(toFn),
    get,
    getByName(name) {
      const row = ctx.stmt('SELECT * FROM functions WHERE name = ?').get(name) as FnRow | undefined;
      return row && toFn(row);
    },
    create: (input) => ctx.transaction(() => write({ ...withFunctionDefaults(input), id: newId(), updatedAt: nowIso() }, true)),
    update: (id, patch) =>
      ctx.transaction(() => {
        const existing = get(id);
        if (!existing) throw new NotFoundError('function', id);
        return write({ ...existing, ...patch, id, updatedAt: nowIso() }, false);
      }),
    remove: (id) =>
      ctx.transaction(() => {
        if (ctx.stmt('DELETE FROM functions WHERE id = ?').run(id).changes === 0) throw new NotFoundError('function', id);
        ctx.emit('function', id);
      }),
  };
}
