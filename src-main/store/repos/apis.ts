/** APIs (drafts). What the gateway serves is the publication snapshot, not these rows. */
import type { Api, Authorizer, Backend, BackendPolicy, RequestParam } from '../../../src-shared/model';
import { throwIfIssues, type RuleIssue } from '../../../src-shared/rules/issues';
import { withApiDefaults, withBackendDefaults, withBackendPolicyDefaults, type ApiInput } from '../../../src-shared/rules/inputs';
import { validateApi } from '../../../src-shared/rules/api';
import { bool, fromJson, int, newId, NotFoundError, nowIso, toJson, type Repo, type StoreContext } from '../context';

export type ApisRepo = Omit<Repo<Api, ApiInput>, 'list'> & {
  list(filter?: { groupId?: string }): Api[];
  getByName(groupId: string, name: string): Api | undefined;
  /** Copies an API under a new name and a new path (the route must stay unique): `/copy` is prefixed. */
  clone(id: string, newName?: string): Api;
};

interface ApiRow {
  id: string;
  group_id: string;
  name: string;
  description: string;
  method: string;
  path: string;
  match_mode: string;
  protocol: string;
  request_type: string;
  auth_type: string;
  authorizer_id: string | null;
  app_code_auth: number;
  cors: number;
  body_base64: number;
  content_type: string | null;
  request_params: string;
  backend_type: string;
  backend: string;
  backend_authorizer_id: string | null;
  backend_policies: string;
  response_set_id: string | null;
  result_normal_sample: string | null;
  result_failure_sample: string | null;
  extra: string | null;
  created_at: string;
  updated_at: string;
}

export function toApi(r: ApiRow): Api {
  const api: Api = {
    id: r.id,
    groupId: r.group_id,
    name: r.name,
    description: r.description,
    method: r.method as Api['method'],
    path: r.path,
    matchMode: r.match_mode as Api['matchMode'],
    protocol: r.protocol as Api['protocol'],
    requestType: r.request_type as Api['requestType'],
    authType: r.auth_type as Api['authType'],
    appCodeAuth: bool(r.app_code_auth),
    cors: bool(r.cors),
    bodyBase64: bool(r.body_base64),
    requestParams: r.request_params === '[]' ? [] : (fromJson<RequestParam[]>(r.request_params) ?? []),
    backend: fromJson<Backend>(r.backend)!,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  // Absent optional fields stay absent (no `undefined` keys), so snapshots and objects compare cleanly.
  if (r.authorizer_id !== null) api.authorizerId = r.authorizer_id;
  if (r.content_type !== null) api.contentType = r.content_type;
  if (r.response_set_id !== null) api.responseSetId = r.response_set_id;
  if (r.result_normal_sample !== null) api.resultNormalSample = r.result_normal_sample;
  if (r.result_failure_sample !== null) api.resultFailureSample = r.result_failure_sample;
  if (r.backend_policies && r.backend_policies !== '[]') api.backendPolicies = fromJson<BackendPolicy[]>(r.backend_policies);
  if (r.extra !== null) api.extra = fromJson<Record<string, unknown>>(r.extra);
  return api;
}

function toRowValues(a: Api) {
  return {
    id: a.id,
    group_id: a.groupId,
    name: a.name,
    description: a.description,
    method: a.method,
    path: a.path,
    match_mode: a.matchMode,
    protocol: a.protocol,
    request_type: a.requestType,
    auth_type: a.authType,
    authorizer_id: a.authorizerId ?? null,
    app_code_auth: int(a.appCodeAuth),
    cors: int(a.cors),
    body_base64: int(a.bodyBase64),
    content_type: a.contentType ?? null,
    request_params: toJson(a.requestParams),
    backend_type: a.backend.type,
    backend: toJson(a.backend),
    backend_authorizer_id: a.backend.authorizerId ?? null,
    backend_policies: toJson(a.backendPolicies ?? []),
    response_set_id: a.responseSetId ?? null,
    result_normal_sample: a.resultNormalSample ?? null,
    result_failure_sample: a.resultFailureSample ?? null,
    extra: a.extra === undefined ? null : toJson(a.extra),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

const COLUMNS = Object.keys(toRowValues({ backend: {} } as Api));
const INSERT_SQL = `INSERT INTO apis (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => '@' + c).join(', ')})`;
const UPDATE_SQL = `UPDATE apis SET ${COLUMNS.filter((c) => c !== 'id' && c !== 'created_at').map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`;

export function createApisRepo(ctx: StoreContext): ApisRepo {
  const get = (id: string) => {
    const row = ctx.stmt('SELECT * FROM apis WHERE id = ?').get(id) as ApiRow | undefined;
    return row && toApi(row);
  };
  const mustGet = (id: string) => {
    const api = get(id);
    if (!api) throw new NotFoundError('API', id);
    return api;
  };

  /** Rules that need the rest of the workspace: the group, the response set, uniqueness. */
  function storeIssues(api: Api): RuleIssue[] {
    const issues: RuleIssue[] = [];
    if (!ctx.stmt('SELECT 1 FROM groups WHERE id = ?').get(api.groupId)) {
      issues.push({ field: 'groupId', rule: 'exists', message: `group ${api.groupId} does not exist` });
      return issues;
    }
    if (api.responseSetId && !ctx.stmt('SELECT 1 FROM response_sets WHERE id = ? AND group_id = ?').get(api.responseSetId, api.groupId)) {
      issues.push({ field: 'responseSetId', rule: 'exists', message: `gateway response set ${api.responseSetId} does not exist in the API's group` });
    }
    if (ctx.stmt('SELECT 1 FROM apis WHERE group_id = ? AND name = ? AND id <> ?').get(api.groupId, api.name, api.id)) {
      issues.push({ field: 'name', rule: 'unique', message: `the group already has an API named ${api.name}` });
    }
    const route = ctx
      .stmt('SELECT name FROM apis WHERE group_id = ? AND method = ? AND path = ? AND match_mode = ? AND id <> ?')
      .get(api.groupId, api.method, api.path, api.matchMode, api.id) as { name: string } | undefined;
    if (route) {
      issues.push({
        field: 'path',
        rule: 'unique-route',
        message: `API ${route.name} already uses ${api.method} ${api.path} (${api.matchMode}); group + method + path + match mode must be unique`,
      });
    }
    return issues;
  }

  function check(api: Api): void {
    const authorizers = ctx.stmt('SELECT id, name, type FROM authorizers').all() as Pick<Authorizer, 'id' | 'name' | 'type'>[];
    const issues = validateApi(api, { authorizers });
    issues.push(...storeIssues(api));
    throwIfIssues(issues, `invalid API ${api.name}`);
  }

  function insert(api: Api): Api {
    check(api);
    ctx.stmt(INSERT_SQL).run(toRowValues(api));
    ctx.emit('api', api.id);
    // Re-read: the caller gets exactly what is stored (no stray keys from the input).
    return get(api.id)!;
  }

  return {
    list(filter = {}) {
      const rows = filter.groupId
        ? (ctx.stmt('SELECT * FROM apis WHERE group_id = ? ORDER BY name').all(filter.groupId) as ApiRow[])
        : (ctx.stmt('SELECT * FROM apis ORDER BY name').all() as ApiRow[]);
      return rows.map(toApi);
    },
    get,
    getByName(groupId, name) {
      const row = ctx.stmt('SELECT * FROM apis WHERE group_id = ? AND name = ?').get(groupId, name) as ApiRow | undefined;
      return row && toApi(row);
    },
    create: (input) =>
      ctx.transaction(() => {
        const now = nowIso();
        return insert({ ...withApiDefaults(input), id: newId(), createdAt: now, updatedAt: now });
      }),
    update: (id, patch) =>
      ctx.transaction(() => {
        const existing = mustGet(id);
        const api: Api = { ...existing, ...patch, id, createdAt: existing.createdAt, updatedAt: nowIso() } as Api;
        if (patch.backend) api.backend = withBackendDefaults(patch.backend, api.method);
        if (patch.backendPolicies) api.backendPolicies = withBackendPolicyDefaults(patch.backendPolicies, api.method);
        // An empty list is stored as none, so the API reads back without the key.
        if (api.backendPolicies?.length === 0) delete api.backendPolicies;
        check(api);
        ctx.stmt(UPDATE_SQL).run(toRowValues(api));
        ctx.emit('api', id);
        return get(id)!;
      }),
    remove: (id) =>
      ctx.transaction(() => {
        mustGet(id);
        // Publications go with it (ON DELETE CASCADE): the API is offline everywhere afterwards.
        ctx.stmt('DELETE FROM apis WHERE id = ?').run(id);
        ctx.emit('api', id);
      }),
    clone: (id, newName) =>
      ctx.transaction(() => {
        const source = mustGet(id);
        const taken = (sql: string, v: string) => !!ctx.stmt(sql).get(source.groupId, v);
        let name = newName;
        if (!name) {
          const base = `${source.name.slice(0, 59)}_copy`;
          name = base;
          for (let n = 2; taken('SELECT 1 FROM apis WHERE group_id = ? AND name = ?', name); n++) name = `${base}${n}`;
        }
        let path = `/copy${source.path}`;
        for (let n = 2; ctx.stmt('SELECT 1 FROM apis WHERE group_id = ? AND method = ? AND path = ? AND match_mode = ?').get(source.groupId, source.method, path, source.matchMode); n++) {
          path = `/copy${n}${source.path}`;
        }
        const now = nowIso();
        return insert({ ...structuredClone(source), id: newId(), name, path, createdAt: now, updatedAt: now });
      }),
  };
}
