/**
 * Function bindings: per environment, the FunctionGraph URN (with version or alias) a local
 * function stands for. One binding per function per environment; deleting either removes it.
 */
import type { FunctionBinding } from '../../../src-shared/model';
import { bindableUrnProblem } from '../../../src-shared/apig/function-urn';
import { ValidationError } from '../../../src-shared/rules/issues';
import { newId, NotFoundError, nowIso, type StoreContext } from '../context';

export interface FunctionBindingsRepo {
  list(filter?: { envId?: string; functionId?: string }): FunctionBinding[];
  /** Creates or replaces the binding of `functionId` in `envId`. */
  bind(functionId: string, envId: string, urn: string): FunctionBinding;
  /** Removes the binding; NotFoundError when there is none. */
  unbind(functionId: string, envId: string): void;
}

interface BindingRow {
  id: string;
  function_id: string;
  env_id: string;
  urn: string;
  updated_at: string;
}
const toBinding = (r: BindingRow): FunctionBinding => ({ id: r.id, functionId: r.function_id, envId: r.env_id, urn: r.urn, updatedAt: r.updated_at });

export function createFunctionBindingsRepo(ctx: StoreContext): FunctionBindingsRepo {
  return {
    list(filter = {}) {
      const rows = ctx
        .stmt('SELECT * FROM function_bindings WHERE (@env IS NULL OR env_id = @env) AND (@fn IS NULL OR function_id = @fn) ORDER BY function_id, env_id')
        .all({ env: filter.envId ?? null, fn: filter.functionId ?? null }) as BindingRow[];
      return rows.map(toBinding);
    },
    bind: (functionId, envId, urn) =>
      ctx.transaction(() => {
        const trimmed = urn.trim();
        const problem = bindableUrnProblem(trimmed);
        if (problem) throw new ValidationError([{ field: 'urn', rule: 'urn', message: problem }], 'invalid function binding');
        if (!ctx.stmt('SELECT 1 FROM functions WHERE id = ?').get(functionId)) throw new NotFoundError('function', functionId);
        if (!ctx.stmt('SELECT 1 FROM environments WHERE id = ?').get(envId)) throw new NotFoundError('environment', envId);
        const now = nowIso();
        ctx
          .stmt(
            `INSERT INTO function_bindings (id, function_id, env_id, urn, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (function_id, env_id) DO UPDATE SET urn = excluded.urn, updated_at = excluded.updated_at`,
          )
          .run(newId(), functionId, envId, trimmed, now);
        ctx.emit('functionBinding', functionId);
        const row = ctx.stmt('SELECT * FROM function_bindings WHERE function_id = ? AND env_id = ?').get(functionId, envId) as BindingRow;
        return toBinding(row);
      }),
    unbind: (functionId, envId) =>
      ctx.transaction(() => {
        const gone = ctx.stmt('DELETE FROM function_bindings WHERE function_id = ? AND env_id = ?').run(functionId, envId).changes;
        if (gone === 0) throw new NotFoundError('function binding', `${functionId}@${envId}`);
        ctx.emit('functionBinding', functionId);
      }),
  };
}
