/**
 * Publishing an API to an environment stores a snapshot of the draft; the gateway serves snapshots.
 * One active publication per API+environment; the newest 10 records are kept (APIG's history limit).
 */
import type { Api, Environment, Publication } from '../../../src-shared/model';
import { throwIfIssues, type RuleIssue } from '../../../src-shared/rules/issues';
import { findVariableRefs } from '../../../src-shared/rules/paths';
import { LIMITS } from '../../../src-shared/rules/limits';
import { bool, fromJson, newId, NotFoundError, nowIso, toJson, type StoreContext } from '../context';
import type { ApisRepo } from './apis';

export interface PublicationsRepo {
  publish(apiId: string, envId: string, remark?: string): Publication;
  takeOffline(apiId: string, envId: string): void;
  active(envId?: string): Publication[];
  /** Newest first. */
  history(apiId: string, envId?: string): Publication[];
}

interface PubRow {
  id: string;
  api_id: string;
  env_id: string;
  snapshot: string;
  remark: string;
  published_at: string;
  active: number;
}
const toPublication = (r: PubRow): Publication => ({
  id: r.id,
  apiId: r.api_id,
  envId: r.env_id,
  snapshot: fromJson<Api>(r.snapshot)!,
  remark: r.remark,
  publishedAt: r.published_at,
  active: bool(r.active),
});

export function createPublicationsRepo(ctx: StoreContext, apis: ApisRepo): PublicationsRepo {
  /** What APIG checks at publish time. */
  function publishIssues(api: Api, env: Environment): RuleIssue[] {
    const issues: RuleIssue[] = [];
    const vars = new Set(
      (ctx.stmt('SELECT name FROM env_variables WHERE group_id = ? AND env_id = ?').all(api.groupId, env.id) as { name: string }[]).map((v) => v.name),
    );
    if (api.backend.type === 'HTTP') {
      for (const [field, text] of [['backend.address', api.backend.address], ['backend.path', api.backend.path]] as const) {
        for (const ref of findVariableRefs(text ?? '').refs) {
          if (!vars.has(ref.name)) {
            issues.push({ field, rule: 'variable-resolved', message: `unresolved variable #${ref.name}# in ${field} for environment ${env.name}` });
          }
        }
      }
    }
    // Functions without local code do not block publishing: the gateway answers such requests with
    // the documented error (AUTHORIZER_CONF_FAILURE or APIG.0103) and the trace says which code is missing,
    // so a user can publish a real export before binding its FunctionGraph code.
    // A draft may have moved off a route another API has since taken: two live APIs must not share one.
    const clash = (ctx.stmt('SELECT snapshot FROM publications WHERE env_id = ? AND active = 1 AND api_id <> ?').all(env.id, api.id) as { snapshot: string }[])
      .map((r) => fromJson<Api>(r.snapshot)!)
      .find((s) => s.groupId === api.groupId && s.method === api.method && s.path === api.path && s.matchMode === api.matchMode);
    if (clash) {
      issues.push({
        field: 'path',
        rule: 'unique-route',
        message: `API ${clash.name} is already published in ${env.name} at ${api.method} ${api.path} (${api.matchMode})`,
      });
    }
    return issues;
  }

  function lookup(apiId: string, envId: string): { api: Api; env: Environment } {
    const api = apis.get(apiId);
    if (!api) throw new NotFoundError('API', apiId);
    const row = ctx.stmt('SELECT id, name, description, created_at AS createdAt FROM environments WHERE id = ?').get(envId) as Environment | undefined;
    if (!row) throw new NotFoundError('environment', envId);
    return { api, env: row };
  }

  return {
    publish: (apiId, envId, remark = '') =>
      ctx.transaction(() => {
        const { api, env } = lookup(apiId, envId);
        throwIfIssues(publishIssues(api, env), `cannot publish API ${api.name} to ${env.name}`);
        ctx.stmt('UPDATE publications SET active = 0 WHERE api_id = ? AND env_id = ? AND active = 1').run(apiId, envId);
        // seq orders records even when two publications share a millisecond.
        const seq = (ctx.stmt('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM publications WHERE api_id = ? AND env_id = ?').get(apiId, envId) as { n: number }).n;
        const pub: Publication = { id: newId(), apiId, envId, snapshot: api, remark, publishedAt: nowIso(), active: true };
        ctx
          .stmt('INSERT INTO publications (id, api_id, env_id, snapshot, remark, published_at, active, seq) VALUES (?, ?, ?, ?, ?, ?, 1, ?)')
          .run(pub.id, apiId, envId, toJson(api), remark, pub.publishedAt, seq);
        ctx.stmt('DELETE FROM publications WHERE api_id = ? AND env_id = ? AND seq <= ?').run(apiId, envId, seq - LIMITS.publicationsPerApiEnv);
        ctx.emit('publication', pub.id);
        return pub;
      }),
    takeOffline: (apiId, envId) =>
      ctx.transaction(() => {
        const { api, env } = lookup(apiId, envId);
        const row = ctx.stmt('SELECT id FROM publications WHERE api_id = ? AND env_id = ? AND active = 1').get(apiId, envId) as { id: string } | undefined;
        if (!row) throw new NotFoundError('publication', `of API ${api.name} in environment ${env.name} (the API is not published there)`);
        ctx.stmt('UPDATE publications SET active = 0 WHERE id = ?').run(row.id);
        ctx.emit('publication', row.id);
      }),
    active(envId) {
      const rows = envId
        ? ctx.stmt('SELECT * FROM publications WHERE active = 1 AND env_id = ?').all(envId)
        : ctx.stmt('SELECT * FROM publications WHERE active = 1').all();
      return (rows as PubRow[]).map(toPublication);
    },
    history(apiId, envId) {
      const rows = envId
        ? ctx.stmt('SELECT * FROM publications WHERE api_id = ? AND env_id = ? ORDER BY seq DESC').all(apiId, envId)
        : ctx.stmt('SELECT * FROM publications WHERE api_id = ? ORDER BY published_at DESC, seq DESC').all(apiId);
      return (rows as PubRow[]).map(toPublication);
    },
  };
}

