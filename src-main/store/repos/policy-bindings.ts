/**
 * Bindings of throttling, access-control and plug-in policies to an API in one environment
 * (runtime.md §5): one policy of each kind per API per environment — one access-control policy per
 * restriction type, one plug-in per plug-in type — kept by the `slot` column's unique key.
 */
import type { PolicyBinding, PolicyKind } from '../../../src-shared/model';
import { ValidationError } from '../../../src-shared/rules/issues';
import { newId, NotFoundError, nowIso, type StoreContext } from '../context';

export interface BindingFilter {
  policyId?: string;
  apiId?: string;
  envId?: string;
}

/** The binding operations every bindable policy repository offers. */
export interface BindableRepo {
  /** Binds the policy to the API in the environment; refused when that slot is taken. */
  bind(policyId: string, apiId: string, envId: string): PolicyBinding;
  unbind(policyId: string, apiId: string, envId: string): void;
  bindings(filter?: BindingFilter): PolicyBinding[];
}

export interface PolicyBindingsRepo {
  /** Every binding of every kind (for the published view). */
  list(): PolicyBinding[];
}

interface BindingRow {
  id: string;
  kind: string;
  policy_id: string;
  slot: string;
  api_id: string;
  env_id: string;
  created_at: string;
}

const toBinding = (r: BindingRow): PolicyBinding => ({
  id: r.id,
  kind: r.kind as PolicyKind,
  policyId: r.policy_id,
  apiId: r.api_id,
  envId: r.env_id,
  createdAt: r.created_at,
});

const KIND_NAMES: Record<PolicyKind, string> = { throttle: 'throttling policy', acl: 'access-control policy', plugin: 'plug-in' };
const TABLES: Record<PolicyKind, string> = { throttle: 'throttles', acl: 'access_controls', plugin: 'plugins' };

export function createPolicyBindingsRepo(ctx: StoreContext): PolicyBindingsRepo {
  return { list: () => (ctx.stmt('SELECT * FROM policy_bindings ORDER BY created_at, id').all() as BindingRow[]).map(toBinding) };
}

/**
 * Binding operations for one kind. `slotOf` names the slot a policy occupies (e.g. 'acl:IP'), so
 * the database's unique key enforces APIG's one-per-API-per-environment rule.
 */
export function bindingsFor(ctx: StoreContext, kind: PolicyKind, slotOf: (policyId: string) => string | undefined): BindableRepo {
  const what = KIND_NAMES[kind];
  const policyName = (id: string) => (ctx.stmt(`SELECT name FROM ${TABLES[kind]} WHERE id = ?`).get(id) as { name: string } | undefined)?.name ?? id;
  return {
    bind: (policyId, apiId, envId) =>
      ctx.transaction(() => {
        const slot = slotOf(policyId);
        if (slot === undefined) throw new NotFoundError(what, policyId);
        const api = ctx.stmt('SELECT name FROM apis WHERE id = ?').get(apiId) as { name: string } | undefined;
        if (!api) throw new NotFoundError('API', apiId);
        const env = ctx.stmt('SELECT name FROM environments WHERE id = ?').get(envId) as { name: string } | undefined;
        if (!env) throw new NotFoundError('environment', envId);
        const taken = ctx.stmt('SELECT policy_id FROM policy_bindings WHERE api_id = ? AND env_id = ? AND slot = ?').get(apiId, envId, slot) as
          | { policy_id: string }
          | undefined;
        if (taken) {
          const message =
            taken.policy_id === policyId
              ? `${what} ${policyName(policyId)} is already bound to API ${api.name} in ${env.name}`
              : `API ${api.name} already has ${what} ${policyName(taken.policy_id)} bound in ${env.name} (${slot}); APIG allows one per API per environment — unbind it first`;
          throw new ValidationError([{ field: '', rule: 'one-per-api-env', message }], `cannot bind ${what} ${policyName(policyId)}`);
        }
        const binding: PolicyBinding = { id: newId(), kind, policyId, apiId, envId, createdAt: nowIso() };
        ctx
          .stmt('INSERT INTO policy_bindings (id, kind, policy_id, slot, api_id, env_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(binding.id, kind, policyId, slot, apiId, envId, binding.createdAt);
        ctx.emit('policyBinding', binding.id);
        return binding;
      }),
    unbind: (policyId, apiId, envId) =>
      ctx.transaction(() => {
        const row = ctx.stmt('SELECT id FROM policy_bindings WHERE kind = ? AND policy_id = ? AND api_id = ? AND env_id = ?').get(kind, policyId, apiId, envId) as
          | { id: string }
          | undefined;
        if (!row) throw new NotFoundError(`binding of ${what}`, `${policyId} to API ${apiId} in environment ${envId}`);
        ctx.stmt('DELETE FROM policy_bindings WHERE id = ?').run(row.id);
        ctx.emit('policyBinding', row.id);
      }),
    bindings(filter = {}) {
      const rows = ctx.stmt('SELECT * FROM policy_bindings WHERE kind = ? ORDER BY created_at, id').all(kind) as BindingRow[];
      return rows
        .filter((r) => (!filter.policyId || r.policy_id === filter.policyId) && (!filter.apiId || r.api_id === filter.apiId) && (!filter.envId || r.env_id === filter.envId))
        .map(toBinding);
    },
  };
}

/** Refuses to delete a bound policy (APIG: "Policies bound to APIs cannot be deleted"), naming where it is bound. */
export function refuseIfBound(ctx: StoreContext, kind: PolicyKind, policyId: string, name: string): void {
  const rows = ctx
    .stmt(
      `SELECT a.name AS api, e.name AS env FROM policy_bindings b JOIN apis a ON a.id = b.api_id JOIN environments e ON e.id = b.env_id
       WHERE b.policy_id = ? ORDER BY a.name, e.name`,
    )
    .all(policyId) as { api: string; env: string }[];
  if (!rows.length) return;
  const where = rows.slice(0, 5).map((r) => `${r.api} (${r.env})`).join(', ') + (rows.length > 5 ? ` and ${rows.length - 5} more` : '');
  throw new ValidationError(
    [{ field: '', rule: 'in-use', message: `${KIND_NAMES[kind]} ${name} is bound to ${where}; unbind it first` }],
    `cannot delete ${KIND_NAMES[kind]} ${name}`,
  );
}
