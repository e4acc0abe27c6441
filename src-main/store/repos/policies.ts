/**
 * Policies (runtime.md §5): throttling, access control, plug-ins (bound per API per environment)
 * and parameter orchestration rules (referenced by name from request parameters). Every write is
 * validated by src-shared/rules/policies; names are unique per kind; bound or referenced policies
 * cannot be deleted.
 */
import type { AccessControlPolicy, OrchestrationRule, Plugin, PolicyKind, ThrottlePolicy } from '../../../src-shared/model';
import type { EntityName } from '../../../src-shared/entity-names';
import { ValidationError, throwIfIssues, type RuleIssue } from '../../../src-shared/rules/issues';
import {
  validateAccessControl,
  validateOrchestration,
  validatePlugin,
  validateThrottle,
  withAccessControlDefaults,
  withOrchestrationDefaults,
  withPluginDefaults,
  withThrottleDefaults,
  type AccessControlInput,
  type OrchestrationInput,
  type PluginInput,
  type ThrottleInput,
} from '../../../src-shared/rules/policies';
import { bool, fromJson, int, nameList, newId, NotFoundError, nowIso, toJson, type Repo, type StoreContext } from '../context';
import { bindingsFor, refuseIfBound, type BindableRepo } from './policy-bindings';

type Named<T> = { getByName(name: string): T | undefined };
export type ThrottlesRepo = Repo<ThrottlePolicy, ThrottleInput> & BindableRepo & Named<ThrottlePolicy>;
export type AccessControlsRepo = Repo<AccessControlPolicy, AccessControlInput> & BindableRepo & Named<AccessControlPolicy>;
export type PluginsRepo = Repo<Plugin, PluginInput> & BindableRepo & Named<Plugin>;
export type OrchestrationsRepo = Repo<OrchestrationRule, OrchestrationInput> & Named<OrchestrationRule>;

type Row = Record<string, unknown> & { id: string; name: string; created_at: string; updated_at: string };
type Entity = { id: string; name: string; createdAt: string; updatedAt: string };

interface TableSpec<T extends Entity, I> {
  table: string;
  /** Display name in messages, and the change-event entity. */
  what: string;
  entity: EntityName;
  fromRow(r: Row): T;
  /** Columns other than id, name, created_at, updated_at. */
  columns(t: T): Record<string, unknown>;
  withDefaults(input: I): Omit<T, 'id' | 'createdAt' | 'updatedAt'>;
  validate(t: Omit<T, 'id' | 'createdAt' | 'updatedAt'>): RuleIssue[];
  /** Fields that cannot change after creation (with the reason shown to the user). */
  immutable?: { field: keyof T & string; reason: string }[];
  /** Throws when the entity may not be deleted (bound, referenced). */
  beforeRemove?(t: T): void;
  /** Throws when the update may not happen (e.g. renaming a referenced rule). */
  beforeUpdate?(existing: T, next: T): void;
}

function createTableRepo<T extends Entity, I>(ctx: StoreContext, spec: TableSpec<T, I>): Repo<T, I> & { getByName(name: string): T | undefined } {
  const get = (id: string) => {
    const row = ctx.stmt(`SELECT * FROM ${spec.table} WHERE id = ?`).get(id) as Row | undefined;
    return row && spec.fromRow(row);
  };
  const write = (t: T, isNew: boolean): T => {
    const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = t;
    const issues = spec.validate(draft as Omit<T, 'id' | 'createdAt' | 'updatedAt'>);
    if (!issues.length && ctx.stmt(`SELECT 1 FROM ${spec.table} WHERE name = ? AND id <> ?`).get(t.name, t.id)) {
      issues.push({ field: 'name', rule: 'unique', message: `a ${spec.what} named ${t.name} already exists` });
    }
    throwIfIssues(issues, `invalid ${spec.what} ${t.name}`);
    const cols = { name: t.name, ...spec.columns(t), updated_at: t.updatedAt };
    const names = Object.keys(cols);
    if (isNew) {
      ctx
        .stmt(`INSERT INTO ${spec.table} (id, created_at, ${names.join(', ')}) VALUES (?, ?, ${names.map(() => '?').join(', ')})`)
        .run(t.id, t.createdAt, ...Object.values(cols));
    } else {
      ctx.stmt(`UPDATE ${spec.table} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(...Object.values(cols), t.id);
    }
    ctx.emit(spec.entity, t.id);
    return get(t.id)!;
  };
  return {
    list: () => (ctx.stmt(`SELECT * FROM ${spec.table} ORDER BY name`).all() as Row[]).map(spec.fromRow),
    get,
    getByName(name) {
      const row = ctx.stmt(`SELECT * FROM ${spec.table} WHERE name = ?`).get(name) as Row | undefined;
      return row && spec.fromRow(row);
    },
    create: (input) =>
      ctx.transaction(() => {
        const now = nowIso();
        return write({ ...spec.withDefaults(input), id: newId(), createdAt: now, updatedAt: now } as unknown as T, true);
      }),
    update: (id, patch) =>
      ctx.transaction(() => {
        const existing = get(id);
        if (!existing) throw new NotFoundError(spec.what, id);
        const next = { ...existing, ...patch, id, createdAt: existing.createdAt, updatedAt: nowIso() } as T;
        for (const { field, reason } of spec.immutable ?? []) {
          if (next[field] !== existing[field]) {
            throw new ValidationError([{ field, rule: 'immutable', message: reason }], `cannot change ${spec.what} ${existing.name}`);
          }
        }
        spec.beforeUpdate?.(existing, next);
        return write(next, false);
      }),
    remove: (id) =>
      ctx.transaction(() => {
        const existing = get(id);
        if (!existing) throw new NotFoundError(spec.what, id);
        spec.beforeRemove?.(existing);
        ctx.stmt(`DELETE FROM ${spec.table} WHERE id = ?`).run(id);
        ctx.emit(spec.entity, id);
      }),
  };
}

const optInt = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : (v as number));

function withoutUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function withBindings<R extends Repo<Entity, unknown>>(ctx: StoreContext, repo: R, kind: PolicyKind, slotOf: (policyId: string) => string | undefined): R & BindableRepo {
  return Object.assign(repo, bindingsFor(ctx, kind, slotOf));
}

export function createThrottlesRepo(ctx: StoreContext): ThrottlesRepo {
  const repo = createTableRepo<ThrottlePolicy, ThrottleInput>(ctx, {
    table: 'throttles',
    what: 'throttling policy',
    entity: 'throttle',
    fromRow: (r) =>
      withoutUndefined<ThrottlePolicy>({
        id: r.id,
        name: r.name,
        apiCallLimits: r.api_call_limits as number,
        userCallLimits: optInt(r.user_call_limits),
        appCallLimits: optInt(r.app_call_limits),
        ipCallLimits: optInt(r.ip_call_limits),
        timeInterval: r.time_interval as number,
        timeUnit: r.time_unit as ThrottlePolicy['timeUnit'],
        type: r.type as 1 | 2,
        specials: fromJson<ThrottlePolicy['specials']>(r.specials as string) ?? [],
        remark: r.remark as string,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }),
    columns: (t) => ({
      api_call_limits: t.apiCallLimits,
      user_call_limits: t.userCallLimits ?? null,
      app_call_limits: t.appCallLimits ?? null,
      ip_call_limits: t.ipCallLimits ?? null,
      time_interval: t.timeInterval,
      time_unit: t.timeUnit,
      type: t.type,
      specials: toJson(t.specials),
      remark: t.remark,
    }),
    withDefaults: withThrottleDefaults,
    validate: validateThrottle,
    beforeRemove: (t) => refuseIfBound(ctx, 'throttle', t.id, t.name),
  });
  return withBindings(ctx, repo, 'throttle', (id) => (repo.get(id) ? 'throttle' : undefined));
}

export function createAccessControlsRepo(ctx: StoreContext): AccessControlsRepo {
  const repo = createTableRepo<AccessControlPolicy, AccessControlInput>(ctx, {
    table: 'access_controls',
    what: 'access-control policy',
    entity: 'accessControl',
    fromRow: (r) => ({
      id: r.id,
      name: r.name,
      aclType: r.acl_type as AccessControlPolicy['aclType'],
      entityType: r.entity_type as AccessControlPolicy['entityType'],
      value: r.value as string,
      remark: r.remark as string,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
    columns: (a) => ({ acl_type: a.aclType, entity_type: a.entityType, value: a.value, remark: a.remark }),
    withDefaults: withAccessControlDefaults,
    validate: validateAccessControl,
    // The binding slot is per restriction type, so the type cannot change under a binding.
    immutable: [{ field: 'entityType', reason: 'the restriction type (IP, DOMAIN, DOMAIN_ID) of an access-control policy cannot be modified' }],
    beforeRemove: (a) => refuseIfBound(ctx, 'acl', a.id, a.name),
  });
  return withBindings(ctx, repo, 'acl', (id) => {
    const a = repo.get(id);
    return a && `acl:${a.entityType}`;
  });
}

export function createPluginsRepo(ctx: StoreContext): PluginsRepo {
  const repo = createTableRepo<Plugin, PluginInput>(ctx, {
    table: 'plugins',
    what: 'plug-in',
    entity: 'plugin',
    fromRow: (r) => ({
      id: r.id,
      name: r.name,
      type: r.type as Plugin['type'],
      content: r.content as string,
      remark: r.remark as string,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
    columns: (p) => ({ type: p.type, content: p.content, remark: p.remark }),
    withDefaults: withPluginDefaults,
    validate: validatePlugin,
    immutable: [{ field: 'type', reason: 'the type of a plug-in cannot be modified' }],
    beforeRemove: (p) => refuseIfBound(ctx, 'plugin', p.id, p.name),
  });
  return withBindings(ctx, repo, 'plugin', (id) => {
    const p = repo.get(id);
    return p && `plugin:${p.type}`;
  });
}

export function createOrchestrationsRepo(ctx: StoreContext): OrchestrationsRepo {
  /** APIs (drafts and active publications) whose request parameters name the rule. */
  const users = (name: string): string[] => {
    const drafts = ctx
      .stmt(
        `SELECT DISTINCT a.name AS name FROM apis a, json_each(a.request_params) p, json_each(p.value, '$.orchestrations') o
         WHERE o.value = ? ORDER BY 1`,
      )
      .all(name) as { name: string }[];
    const published = ctx
      .stmt(
        `SELECT DISTINCT json_extract(pub.snapshot, '$.name') AS name, e.name AS env FROM publications pub JOIN environments e ON e.id = pub.env_id,
           json_each(pub.snapshot, '$.requestParams') p, json_each(p.value, '$.orchestrations') o
         WHERE pub.active = 1 AND o.value = ? ORDER BY 1`,
      )
      .all(name) as { name: string; env: string }[];
    const all = drafts.map((d) => d.name);
    for (const p of published) if (!all.includes(p.name)) all.push(`${p.name} (published in ${p.env})`);
    return all;
  };
  const refuseIfUsed = (rule: OrchestrationRule, action: string) => {
    const list = users(rule.name);
    if (list.length) {
      throw new ValidationError(
        [{ field: '', rule: 'in-use', message: `orchestration rule ${rule.name} is used by request parameters of API(s) ${nameList(list)}; detach it first` }],
        `cannot ${action} orchestration rule ${rule.name}`,
      );
    }
  };
  return createTableRepo<OrchestrationRule, OrchestrationInput>(ctx, {
    table: 'orchestrations',
    what: 'orchestration rule',
    entity: 'orchestration',
    fromRow: (r) =>
      withoutUndefined<OrchestrationRule>({
        id: r.id,
        name: r.name,
        strategy: r.strategy as OrchestrationRule['strategy'],
        isPreprocessing: bool(r.is_preprocessing),
        mappedParam: fromJson<OrchestrationRule['mappedParam']>(r.mapped_param as string | null),
        map: fromJson<OrchestrationRule['map']>(r.map as string) ?? [],
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }),
    columns: (o) => ({
      strategy: o.strategy,
      is_preprocessing: int(o.isPreprocessing),
      mapped_param: o.mappedParam === undefined ? null : toJson(o.mappedParam),
      map: toJson(o.map),
    }),
    withDefaults: withOrchestrationDefaults,
    validate: validateOrchestration,
    // Request parameters name their rules, so a referenced rule keeps its name.
    beforeUpdate: (existing, next) => {
      if (next.name !== existing.name) refuseIfUsed(existing, 'rename');
    },
    beforeRemove: (o) => refuseIfUsed(o, 'delete'),
  });
}
