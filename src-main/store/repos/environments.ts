/** Environments (RELEASE always exists and is fixed) and their per-group variables (runtime.md §3.1, §3.4). */
import { RELEASE_ENV, type Environment, type EnvVariable } from '../../../src-shared/model';
import { ValidationError, throwIfIssues, type RuleIssue } from '../../../src-shared/rules/issues';
import { withEnvironmentDefaults, type EnvironmentInput } from '../../../src-shared/rules/inputs';
import { validateEnvironment, validateVariable } from '../../../src-shared/rules/environment';
import { LIMITS } from '../../../src-shared/rules/limits';
import { nameList, newId, NotFoundError, nowIso, type Repo, type StoreContext } from '../context';

export type EnvironmentsRepo = Repo<Environment, EnvironmentInput> & { getByName(name: string): Environment | undefined };

export interface VariablesRepo {
  list(filter?: { groupId?: string; envId?: string }): EnvVariable[];
  set(groupId: string, envId: string, name: string, value: string): EnvVariable;
  remove(id: string): void;
}

interface EnvRow {
  id: string;
  name: string;
  description: string;
  created_at: string;
}
const toEnv = (r: EnvRow): Environment => ({ id: r.id, name: r.name, description: r.description, createdAt: r.created_at });

interface VarRow {
  id: string;
  group_id: string;
  env_id: string;
  name: string;
  value: string;
}
const toVar = (r: VarRow): EnvVariable => ({ id: r.id, groupId: r.group_id, envId: r.env_id, name: r.name, value: r.value });

const refuse = (what: string, issue: RuleIssue): never => {
  throw new ValidationError([issue], what);
};

export function createEnvironmentsRepo(ctx: StoreContext): EnvironmentsRepo {
  const get = (id: string) => {
    const row = ctx.stmt('SELECT * FROM environments WHERE id = ?').get(id) as EnvRow | undefined;
    return row && toEnv(row);
  };
  const mustGet = (id: string) => get(id) ?? refuseNotFound(id);

  function check(env: Omit<Environment, 'id' | 'createdAt'>, selfId?: string): void {
    const issues = validateEnvironment(env);
    if (!issues.length && ctx.stmt('SELECT 1 FROM environments WHERE name = ? AND id IS NOT ?').get(env.name, selfId ?? null)) {
      issues.push({ field: 'name', rule: 'unique', message: `an environment named ${env.name} already exists` });
    }
    throwIfIssues(issues, `invalid environment ${env.name}`);
  }

  return {
    // RELEASE first, then the others by name: the order the UI shows them in.
    list: () => (ctx.stmt(`SELECT * FROM environments ORDER BY name <> '${RELEASE_ENV}', name`).all() as EnvRow[]).map(toEnv),
    get,
    getByName(name) {
      const row = ctx.stmt('SELECT * FROM environments WHERE name = ?').get(name) as EnvRow | undefined;
      return row && toEnv(row);
    },
    create: (input) =>
      ctx.transaction(() => {
        const env: Environment = { ...withEnvironmentDefaults(input), id: newId(), createdAt: nowIso() };
        check(env);
        const count = (ctx.stmt('SELECT COUNT(*) AS n FROM environments').get() as { n: number }).n;
        if (count >= LIMITS.environments) {
          refuse(`cannot create environment ${env.name}`, { field: '', rule: 'max-count', message: `APIG allows at most ${LIMITS.environments} environments` });
        }
        ctx.stmt('INSERT INTO environments (id, name, description, created_at) VALUES (?, ?, ?, ?)').run(env.id, env.name, env.description, env.createdAt);
        ctx.emit('environment', env.id);
        return env;
      }),
    update: (id, patch) =>
      ctx.transaction(() => {
        const existing = mustGet(id);
        const env: Environment = { ...existing, ...patch, id, createdAt: existing.createdAt };
        if (existing.name === RELEASE_ENV && env.name !== RELEASE_ENV) {
          refuse('cannot rename RELEASE', { field: 'name', rule: 'release-fixed', message: 'the RELEASE environment cannot be renamed' });
        }
        check(env, id);
        ctx.stmt('UPDATE environments SET name = ?, description = ? WHERE id = ?').run(env.name, env.description, id);
        ctx.emit('environment', id);
        return get(id)!;
      }),
    remove: (id) =>
      ctx.transaction(() => {
        const env = mustGet(id);
        if (env.name === RELEASE_ENV) {
          refuse('cannot delete RELEASE', { field: '', rule: 'release-fixed', message: 'the RELEASE environment cannot be deleted' });
        }
        const published = (
          ctx.stmt('SELECT a.name FROM publications p JOIN apis a ON a.id = p.api_id WHERE p.env_id = ? AND p.active = 1 ORDER BY a.name').all(id) as { name: string }[]
        ).map((r) => r.name);
        if (published.length) {
          refuse(`cannot delete environment ${env.name}`, {
            field: '',
            rule: 'in-use',
            message: `environment ${env.name} has published APIs (${nameList(published)}); take them offline first`,
          });
        }
        ctx.stmt('DELETE FROM environments WHERE id = ?').run(id);
        ctx.emit('environment', id);
      }),
  };
}

function refuseNotFound(id: string): never {
  throw new NotFoundError('environment', id);
}

export function createVariablesRepo(ctx: StoreContext): VariablesRepo {
  return {
    list(filter = {}) {
      const rows = ctx
        .stmt('SELECT * FROM env_variables WHERE (@groupId IS NULL OR group_id = @groupId) AND (@envId IS NULL OR env_id = @envId) ORDER BY name')
        .all({ groupId: filter.groupId ?? null, envId: filter.envId ?? null }) as VarRow[];
      return rows.map(toVar);
    },
    set: (groupId, envId, name, value) =>
      ctx.transaction(() => {
        if (!ctx.stmt('SELECT 1 FROM groups WHERE id = ?').get(groupId)) throw new NotFoundError('group', groupId);
        if (!ctx.stmt('SELECT 1 FROM environments WHERE id = ?').get(envId)) throw new NotFoundError('environment', envId);
        throwIfIssues(validateVariable({ name, value }), `invalid variable ${name}`);
        const existing = ctx.stmt('SELECT * FROM env_variables WHERE group_id = ? AND env_id = ? AND name = ?').get(groupId, envId, name) as VarRow | undefined;
        if (existing) {
          ctx.stmt('UPDATE env_variables SET value = ? WHERE id = ?').run(value, existing.id);
          ctx.emit('variable', existing.id);
          return { ...toVar(existing), value };
        }
        const count = (ctx.stmt('SELECT COUNT(*) AS n FROM env_variables WHERE group_id = ? AND env_id = ?').get(groupId, envId) as { n: number }).n;
        if (count >= LIMITS.variablesPerGroupEnv) {
          refuse(`cannot add variable ${name}`, {
            field: 'name',
            rule: 'max-count',
            message: `APIG allows at most ${LIMITS.variablesPerGroupEnv} variables per group per environment`,
          });
        }
        const id = newId();
        ctx.stmt('INSERT INTO env_variables (id, group_id, env_id, name, value) VALUES (?, ?, ?, ?, ?)').run(id, groupId, envId, name, value);
        ctx.emit('variable', id);
        return { id, groupId, envId, name, value };
      }),
    remove: (id) =>
      ctx.transaction(() => {
        if (ctx.stmt('DELETE FROM env_variables WHERE id = ?').run(id).changes === 0) throw new NotFoundError('variable', id);
        ctx.emit('variable', id);
      }),
  };
}
