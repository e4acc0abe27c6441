/** API groups. Each group gets its 'default' gateway response set when created (runtime.md §2.3). */
import type { ApiGroup } from '../../../src-shared/model';
import { ValidationError, throwIfIssues, type RuleIssue } from '../../../src-shared/rules/issues';
import { withGroupDefaults, type GroupInput } from '../../../src-shared/rules/inputs';
import { validateGroup } from '../../../src-shared/rules/group';
import { bool, fromJson, int, nameList, newId, NotFoundError, nowIso, toJson, type Repo, type StoreContext } from '../context';

export type GroupsRepo = Repo<ApiGroup, GroupInput> & { getByName(name: string): ApiGroup | undefined };

interface GroupRow {
  id: string;
  name: string;
  description: string;
  domains: string;
  is_default: number;
  subdomain: string;
  created_at: string;
  updated_at: string;
}

const toGroup = (r: GroupRow): ApiGroup => ({
  id: r.id,
  name: r.name,
  description: r.description,
  domains: fromJson<string[]>(r.domains) ?? [],
  isDefault: bool(r.is_default),
  subdomain: r.subdomain,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createGroupsRepo(ctx: StoreContext): GroupsRepo {
  const get = (id: string) => {
    const row = ctx.stmt('SELECT * FROM groups WHERE id = ?').get(id) as GroupRow | undefined;
    return row && toGroup(row);
  };
  const mustGet = (id: string) => get(id) ?? throwNotFound(id);

  function storeIssues(group: Omit<ApiGroup, 'id' | 'createdAt' | 'updatedAt'>, selfId?: string): RuleIssue[] {
    const issues: RuleIssue[] = [];
    const clash = ctx.stmt('SELECT id FROM groups WHERE name = ? AND id IS NOT ?').get(group.name, selfId ?? null);
    if (clash) issues.push({ field: 'name', rule: 'unique', message: `a group named ${group.name} already exists` });
    // A domain routes requests to exactly one group, so it may be bound to only one.
    const others = (ctx.stmt('SELECT name, domains FROM groups WHERE id IS NOT ?').all(selfId ?? null) as GroupRow[]);
    group.domains.forEach((d, i) => {
      const owner = others.find((g) => (fromJson<string[]>(g.domains) ?? []).some((x) => x.toLowerCase() === d.toLowerCase()));
      if (owner) issues.push({ field: `domains[${i}]`, rule: 'unique', message: `domain ${d} is already bound to group ${owner.name}` });
    });
    return issues;
  }

  function write(group: ApiGroup, isNew: boolean): ApiGroup {
    const issues = validateGroup(group);
    throwIfIssues(issues.length ? issues : storeIssues(group, isNew ? undefined : group.id), `invalid group ${group.name}`);
    const values = [group.name, group.description, toJson(group.domains), int(group.isDefault), group.subdomain, group.updatedAt, group.id];
    if (isNew) {
      ctx.stmt('INSERT INTO groups (name, description, domains, is_default, subdomain, updated_at, id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(...values, group.createdAt);
      const setId = newId();
      ctx.stmt("INSERT INTO response_sets (id, group_id, name, is_default, responses) VALUES (?, ?, 'default', 1, '{}')").run(setId, group.id);
      ctx.emit('responseSet', setId);
    } else {
      ctx.stmt('UPDATE groups SET name = ?, description = ?, domains = ?, is_default = ?, subdomain = ?, updated_at = ? WHERE id = ?').run(...values);
    }
    // Only one group receives requests whose Host matches no domain.
    if (group.isDefault) {
      const demoted = ctx.stmt('SELECT id FROM groups WHERE is_default = 1 AND id <> ?').all(group.id) as { id: string }[];
      ctx.stmt('UPDATE groups SET is_default = 0, updated_at = ? WHERE is_default = 1 AND id <> ?').run(group.updatedAt, group.id);
      for (const d of demoted) ctx.emit('group', d.id);
    }
    ctx.emit('group', group.id);
    return get(group.id)!;
  }

  return {
    list: () => (ctx.stmt('SELECT * FROM groups ORDER BY name').all() as GroupRow[]).map(toGroup),
    get,
    getByName(name) {
      const row = ctx.stmt('SELECT * FROM groups WHERE name = ?').get(name) as GroupRow | undefined;
      return row && toGroup(row);
    },
    create: (input) =>
      ctx.transaction(() => {
        const now = nowIso();
        const draft = withGroupDefaults(input);
        // The first group becomes the default one unless the caller says otherwise.
        if (input.isDefault === undefined) draft.isDefault = !ctx.stmt('SELECT 1 FROM groups WHERE is_default = 1').get();
        return write({ ...draft, id: newId(), createdAt: now, updatedAt: now }, true);
      }),
    update: (id, patch) =>
      ctx.transaction(() => {
        const existing = mustGet(id);
        return write({ ...existing, ...patch, id, createdAt: existing.createdAt, updatedAt: nowIso() }, false);
      }),
    remove: (id) =>
      ctx.transaction(() => {
        const group = mustGet(id);
        const apis = (ctx.stmt('SELECT name FROM apis WHERE group_id = ? ORDER BY name').all(id) as { name: string }[]).map((r) => r.name);
        if (apis.length) {
          throw new ValidationError(
            [{ field: '', rule: 'in-use', message: `group ${group.name} still holds ${apis.length} API(s) (${nameList(apis)}); delete them first` }],
            `cannot delete group ${group.name}`,
          );
        }
        ctx.stmt('DELETE FROM groups WHERE id = ?').run(id);
        ctx.emit('group', id);
      }),
  };
}

function throwNotFound(id: string): never {
  throw new NotFoundError('group', id);
}
