/** Gateway response sets per group: the 'default' one (made with the group) plus up to 3 more (runtime.md §2.3). */
import type { GatewayResponseSet } from '../../../src-shared/model';
import { ValidationError, throwIfIssues } from '../../../src-shared/rules/issues';
import { withResponseSetDefaults, type ResponseSetInput } from '../../../src-shared/rules/inputs';
import { validateResponseSet } from '../../../src-shared/rules/response-set';
import { LIMITS } from '../../../src-shared/rules/limits';
import { bool, fromJson, newId, NotFoundError, toJson, type StoreContext } from '../context';

export interface ResponseSetsRepo {
  list(groupId: string): GatewayResponseSet[];
  /** Every group's sets (for the published view). */
  listAll(): GatewayResponseSet[];
  get(id: string): GatewayResponseSet | undefined;
  create(input: ResponseSetInput): GatewayResponseSet;
  update(id: string, patch: Partial<ResponseSetInput>): GatewayResponseSet;
  remove(id: string): void;
}

interface SetRow {
  id: string;
  group_id: string;
  name: string;
  is_default: number;
  responses: string;
}
const toSet = (r: SetRow): GatewayResponseSet => ({
  id: r.id,
  groupId: r.group_id,
  name: r.name,
  isDefault: bool(r.is_default),
  responses: fromJson<GatewayResponseSet['responses']>(r.responses) ?? {},
});

const refuse = (what: string, field: string, rule: string, message: string): never => {
  throw new ValidationError([{ field, rule, message }], what);
};

export function createResponseSetsRepo(ctx: StoreContext): ResponseSetsRepo {
  const get = (id: string) => {
    const row = ctx.stmt('SELECT * FROM response_sets WHERE id = ?').get(id) as SetRow | undefined;
    return row && toSet(row);
  };
  const mustGet = (id: string) => {
    const set = get(id);
    if (!set) throw new NotFoundError('gateway response set', id);
    return set;
  };
  function check(set: GatewayResponseSet): void {
    const issues = validateResponseSet(set);
    if (!issues.length && ctx.stmt('SELECT 1 FROM response_sets WHERE group_id = ? AND name = ? AND id <> ?').get(set.groupId, set.name, set.id)) {
      issues.push({ field: 'name', rule: 'unique', message: `the group already has a gateway response set named ${set.name}` });
    }
    throwIfIssues(issues, `invalid gateway response set ${set.name}`);
  }

  return {
    list: (groupId) => (ctx.stmt('SELECT * FROM response_sets WHERE group_id = ? ORDER BY is_default DESC, name').all(groupId) as SetRow[]).map(toSet),
    listAll: () => (ctx.stmt('SELECT * FROM response_sets ORDER BY group_id, is_default DESC, name').all() as SetRow[]).map(toSet),
    get,
    create: (input) =>
      ctx.transaction(() => {
        if (!ctx.stmt('SELECT 1 FROM groups WHERE id = ?').get(input.groupId)) throw new NotFoundError('group', input.groupId);
        const set: GatewayResponseSet = { ...withResponseSetDefaults(input), id: newId(), isDefault: false };
        check(set);
        const count = (ctx.stmt('SELECT COUNT(*) AS n FROM response_sets WHERE group_id = ?').get(set.groupId) as { n: number }).n;
        if (count >= LIMITS.responseSetsPerGroup) {
          refuse(`cannot create gateway response set ${set.name}`, '', 'max-count', `APIG allows at most ${LIMITS.responseSetsPerGroup} gateway response sets per group (default included)`);
        }
        ctx.stmt('INSERT INTO response_sets (id, group_id, name, is_default, responses) VALUES (?, ?, ?, 0, ?)').run(set.id, set.groupId, set.name, toJson(set.responses));
        ctx.emit('responseSet', set.id);
        return set;
      }),
    update: (id, patch) =>
      ctx.transaction(() => {
        const existing = mustGet(id);
        const set: GatewayResponseSet = { ...existing, ...patch, id, isDefault: existing.isDefault };
        if (set.groupId !== existing.groupId) refuse('cannot move a gateway response set', 'groupId', 'immutable', 'a gateway response set cannot move to another group');
        if (existing.isDefault && set.name !== existing.name) refuse('cannot rename the default set', 'name', 'immutable', 'the default gateway response set cannot be renamed');
        check(set);
        ctx.stmt('UPDATE response_sets SET name = ?, responses = ? WHERE id = ?').run(set.name, toJson(set.responses), id);
        ctx.emit('responseSet', id);
        return get(id)!;
      }),
    remove: (id) =>
      ctx.transaction(() => {
        const set = mustGet(id);
        if (set.isDefault) refuse('cannot delete the default set', '', 'default-fixed', "a group's default gateway response set cannot be deleted");
        // APIs that used it fall back to the group default (ON DELETE SET NULL).
        const users = ctx.stmt('SELECT id FROM apis WHERE response_set_id = ?').all(id) as { id: string }[];
        ctx.stmt('DELETE FROM response_sets WHERE id = ?').run(id);
        for (const u of users) ctx.emit('api', u.id);
        ctx.emit('responseSet', id);
      }),
  };
}
