/** Custom authorizers (runtime.md §1.1): max 50, type fixed after creation, not deletable while in use. */
import type { Authorizer, AuthorizerIdentity } from '../../../src-shared/model';
import { ValidationError, throwIfIssues } from '../../../src-shared/rules/issues';
import { withAuthorizerDefaults, type AuthorizerInput } from '../../../src-shared/rules/inputs';
import { validateAuthorizer } from '../../../src-shared/rules/authorizer';
import { LIMITS } from '../../../src-shared/rules/limits';
import { bool, fromJson, int, nameList, newId, NotFoundError, nowIso, opt, toJson, type Repo, type StoreContext } from '../context';

export type AuthorizersRepo = Repo<Authorizer, AuthorizerInput> & { getByName(name: string): Authorizer | undefined };

interface AuthRow {
  id: string;
  name: string;
  type: string;
  authorizer_type: string;
  function_urn: string;
  network_type: string;
  authorizer_version: string | null;
  authorizer_alias_uri: string | null;
  identities: string;
  ttl: number;
  user_data: string;
  need_body: number;
  relaxed: number;
  retry_attempts: number;
  timeout_ms: number;
  event_identity_sources_only: number;
  created_at: string;
  updated_at: string;
}

const toAuthorizer = (r: AuthRow): Authorizer => {
  const a: Authorizer = {
    id: r.id,
    name: r.name,
    type: r.type as Authorizer['type'],
    authorizerType: r.authorizer_type as Authorizer['authorizerType'],
    functionUrn: r.function_urn,
    networkType: r.network_type as Authorizer['networkType'],
    authorizerVersion: opt(r.authorizer_version),
    authorizerAliasUri: opt(r.authorizer_alias_uri),
    identities: fromJson<AuthorizerIdentity[]>(r.identities) ?? [],
    ttl: r.ttl,
    userData: r.user_data,
    needBody: bool(r.need_body),
    relaxed: bool(r.relaxed),
    retryAttempts: r.retry_attempts,
    timeoutMs: r.timeout_ms,
    eventIdentitySourcesOnly: bool(r.event_identity_sources_only),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (a.authorizerVersion === undefined) delete a.authorizerVersion;
  if (a.authorizerAliasUri === undefined) delete a.authorizerAliasUri;
  return a;
};

const COLUMNS =
  'name, type, authorizer_type, function_urn, network_type, authorizer_version, authorizer_alias_uri, identities, ttl, user_data, need_body, relaxed, retry_attempts, timeout_ms, event_identity_sources_only, updated_at, id';

export function createAuthorizersRepo(ctx: StoreContext): AuthorizersRepo {
  const get = (id: string) => {
    const row = ctx.stmt('SELECT * FROM authorizers WHERE id = ?').get(id) as AuthRow | undefined;
    return row && toAuthorizer(row);
  };
  const refuse = (what: string, field: string, rule: string, message: string): never => {
    throw new ValidationError([{ field, rule, message }], what);
  };

  function write(a: Authorizer, isNew: boolean): Authorizer {
    const issues = validateAuthorizer(a);
    if (!issues.length && ctx.stmt('SELECT 1 FROM authorizers WHERE name = ? AND id <> ?').get(a.name, a.id)) {
      issues.push({ field: 'name', rule: 'unique', message: `an authorizer named ${a.name} already exists` });
    }
    throwIfIssues(issues, `invalid authorizer ${a.name}`);
    const values = [
      a.name, a.type, a.authorizerType, a.functionUrn, a.networkType, a.authorizerVersion ?? null, a.authorizerAliasUri ?? null,
      toJson(a.identities), a.ttl, a.userData, int(a.needBody), int(a.relaxed), a.retryAttempts, a.timeoutMs, int(a.eventIdentitySourcesOnly ?? false), a.updatedAt, a.id,
    ];
    if (isNew) {
      ctx.stmt(`INSERT INTO authorizers (${COLUMNS}, created_at) VALUES (${'?, '.repeat(17)}?)`).run(...values, a.createdAt);
    } else {
      const sets = COLUMNS.split(', ').filter((c) => c !== 'id').map((c) => `${c} = ?`).join(', ');
      ctx.stmt(`UPDATE authorizers SET ${sets} WHERE id = ?`).run(...values);
    }
    ctx.emit('authorizer', a.id);
    return get(a.id)!;
  }

  return {
    list: () => (ctx.stmt('SELECT * FROM authorizers ORDER BY name').all() as AuthRow[]).map(toAuthorizer),
    get,
    getByName(name) {
      const row = ctx.stmt('SELECT * FROM authorizers WHERE name = ?').get(name) as AuthRow | undefined;
      return row && toAuthorizer(row);
    },
    create: (input) =>
      ctx.transaction(() => {
        const count = (ctx.stmt('SELECT COUNT(*) AS n FROM authorizers').get() as { n: number }).n;
        if (count >= LIMITS.authorizers) {
          refuse(`cannot create authorizer ${input.name}`, '', 'max-count', `APIG allows at most ${LIMITS.authorizers} custom authorizers per gateway`);
        }
        const now = nowIso();
        return write({ ...withAuthorizerDefaults(input), id: newId(), createdAt: now, updatedAt: now }, true);
      }),
    update: (id, patch) =>
      ctx.transaction(() => {
        const existing = get(id);
        if (!existing) throw new NotFoundError('authorizer', id);
        if (patch.type !== undefined && patch.type !== existing.type) {
          refuse(`cannot change authorizer ${existing.name}`, 'type', 'immutable', 'the type of an authorizer (FRONTEND/BACKEND) cannot be modified');
        }
        return write({ ...existing, ...patch, id, createdAt: existing.createdAt, updatedAt: nowIso() }, false);
      }),
    remove: (id) =>
      ctx.transaction(() => {
        const existing = get(id);
        if (!existing) throw new NotFoundError('authorizer', id);
        const users = (
          ctx.stmt('SELECT name FROM apis WHERE authorizer_id = ? OR backend_authorizer_id = ? ORDER BY name').all(id, id) as { name: string }[]
        ).map((r) => r.name);
        // A published snapshot keeps serving after its draft is detached, so it counts as a user too.
        const published = (
          ctx
            .stmt(
              `SELECT DISTINCT json_extract(p.snapshot, '$.name') AS name, e.name AS env FROM publications p JOIN environments e ON e.id = p.env_id
               WHERE p.active = 1 AND (json_extract(p.snapshot, '$.authorizerId') = ? OR json_extract(p.snapshot, '$.backend.authorizerId') = ?) ORDER BY 1`,
            )
            .all(id, id) as { name: string; env: string }[]
        );
        for (const p of published) if (!users.includes(p.name)) users.push(`${p.name} (published in ${p.env})`);
        if (users.length) {
          refuse(`cannot delete authorizer ${existing.name}`, '', 'in-use', `authorizer ${existing.name} is used by API(s) ${nameList(users)}; detach it first`);
        }
        ctx.stmt('DELETE FROM authorizers WHERE id = ?').run(id);
        ctx.emit('authorizer', id);
      }),
  };
}
