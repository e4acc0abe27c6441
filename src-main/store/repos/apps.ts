/**
 * Credentials (APIG apps): AppKey/AppSecret, up to 5 AppCodes each, and their authorization to
 * call APIs per environment (runtime.md §4.2–4.3). Plus the local IAM token table (§4.4).
 */
import { randomBytes } from 'node:crypto';
import type { App, AppAuthorization, AppCode, IamToken } from '../../../src-shared/model';
import { ValidationError, throwIfIssues, type RuleIssue } from '../../../src-shared/rules/issues';
import {
  LOCAL_ACCOUNT_NAME,
  MAX_APP_CODES,
  validateApp,
  validateAppCode,
  validateIamToken,
  type AppInput,
  type IamTokenInput,
} from '../../../src-shared/rules/app';
import { newId, NotFoundError, nowIso, opt, type StoreContext } from '../context';

export interface AppsRepo {
  /** By name, each with its AppCodes. */
  list(): App[];
  get(id: string): App | undefined;
  getByName(name: string): App | undefined;
  getByKey(appKey: string): App | undefined;
  /** AppKey and AppSecret are generated (32 hex characters, as APIG does) when not given. */
  create(input: AppInput): App;
  update(id: string, patch: Partial<AppInput>): App;
  /** Its AppCodes and authorizations go with it. */
  remove(id: string): void;
  /** A generated AppCode when `code` is absent. At most 5 per app. */
  addAppCode(appId: string, code?: string): AppCode;
  removeAppCode(appId: string, codeId: string): void;
  /** Lets the app call the API in the environment, where the API must be published. Idempotent. */
  authorize(appId: string, apiId: string, envId: string): AppAuthorization;
  unauthorize(appId: string, apiId: string, envId: string): void;
  authorizations(filter?: { appId?: string; apiId?: string; envId?: string }): AppAuthorization[];
}

export interface IamTokensRepo {
  list(): IamToken[];
  get(id: string): IamToken | undefined;
  getByToken(token: string): IamToken | undefined;
  /**
   * The token is generated when not given; the user defaults to "local-user", the account to
   * "local_account" and the account ID to the one the account's other tokens have (else random
   * 32 hex). One account name has one ID: a token contradicting the table is refused.
   */
  create(input?: IamTokenInput): IamToken;
  remove(id: string): void;
}

interface AppRow {
  id: string;
  name: string;
  description: string;
  app_key: string;
  app_secret: string;
  created_at: string;
  updated_at: string;
}
interface CodeRow {
  id: string;
  app_id: string;
  code: string;
  created_at: string;
}
interface AuthRow {
  id: string;
  app_id: string;
  api_id: string;
  env_id: string;
  created_at: string;
}
interface TokenRow {
  id: string;
  token: string;
  user_name: string;
  account_name: string;
  account_id: string;
  expires_at: string | null;
  created_at: string;
}

const toCode = (r: CodeRow): AppCode => ({ id: r.id, appId: r.app_id, code: r.code, createdAt: r.created_at });
const toAuthorization = (r: AuthRow): AppAuthorization => ({ id: r.id, appId: r.app_id, apiId: r.api_id, envId: r.env_id, createdAt: r.created_at });
const toToken = (r: TokenRow): IamToken => {
  const t: IamToken = {
    id: r.id,
    token: r.token,
    userName: r.user_name,
    accountName: r.account_name,
    accountId: r.account_id,
    expiresAt: opt(r.expires_at),
    createdAt: r.created_at,
  };
  if (t.expiresAt === undefined) delete t.expiresAt;
  return t;
};

const refuse = (what: string, issue: RuleIssue): never => {
  throw new ValidationError([issue], what);
};

/** 32 lower-case hex characters, the shape of APIG's generated keys and secrets. */
function generatedKey(): string {
  return randomBytes(16).toString('hex');
}

/** 128 Base64 characters; APIG codes start with a letter, + or /, so a leading digit is redrawn. */
function generatedAppCode(): string {
  for (;;) {
    const code = randomBytes(96).toString('base64');
    if (!/^[0-9]/.test(code)) return code;
  }
}

export function createAppsRepo(ctx: StoreContext): AppsRepo {
  const codesOf = (appId: string) => (ctx.stmt('SELECT * FROM app_codes WHERE app_id = ? ORDER BY created_at, rowid').all(appId) as CodeRow[]).map(toCode);
  const toApp = (r: AppRow, codes: AppCode[]): App => ({
    id: r.id,
    name: r.name,
    description: r.description,
    appKey: r.app_key,
    appSecret: r.app_secret,
    appCodes: codes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  const one = (row: AppRow | undefined) => row && toApp(row, codesOf(row.id));
  const get = (id: string) => one(ctx.stmt('SELECT * FROM apps WHERE id = ?').get(id) as AppRow | undefined);
  const mustGet = (id: string) => get(id) ?? notFound('app', id);

  function check(app: App): void {
    const issues = validateApp(app);
    if (!issues.some((i) => i.field === 'name') && ctx.stmt('SELECT 1 FROM apps WHERE name = ? AND id <> ?').get(app.name, app.id)) {
      issues.push({ field: 'name', rule: 'unique', message: `an app named ${app.name} already exists` });
    }
    if (!issues.some((i) => i.field === 'appKey') && ctx.stmt('SELECT 1 FROM apps WHERE app_key = ? AND id <> ?').get(app.appKey, app.id)) {
      issues.push({ field: 'appKey', rule: 'unique', message: `another app already uses the AppKey ${app.appKey}` });
    }
    throwIfIssues(issues, `invalid app ${app.name}`);
  }

  function write(app: App, isNew: boolean): App {
    check(app);
    if (isNew) {
      ctx
        .stmt('INSERT INTO apps (id, name, description, app_key, app_secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(app.id, app.name, app.description, app.appKey, app.appSecret, app.createdAt, app.updatedAt);
    } else {
      ctx
        .stmt('UPDATE apps SET name = ?, description = ?, app_key = ?, app_secret = ?, updated_at = ? WHERE id = ?')
        .run(app.name, app.description, app.appKey, app.appSecret, app.updatedAt, app.id);
    }
    ctx.emit('app', app.id);
    return get(app.id)!;
  }

  return {
    list() {
      const codes = new Map<string, AppCode[]>();
      for (const row of ctx.stmt('SELECT * FROM app_codes ORDER BY created_at, rowid').all() as CodeRow[]) {
        const list = codes.get(row.app_id) ?? [];
        list.push(toCode(row));
        codes.set(row.app_id, list);
      }
      return (ctx.stmt('SELECT * FROM apps ORDER BY name').all() as AppRow[]).map((r) => toApp(r, codes.get(r.id) ?? []));
    },
    get,
    getByName: (name) => one(ctx.stmt('SELECT * FROM apps WHERE name = ?').get(name) as AppRow | undefined),
    getByKey: (appKey) => one(ctx.stmt('SELECT * FROM apps WHERE app_key = ?').get(appKey) as AppRow | undefined),
    create: (input) =>
      ctx.transaction(() => {
        const now = nowIso();
        const app: App = {
          id: newId(),
          name: input.name,
          description: input.description ?? '',
          appKey: input.appKey ?? generatedKey(),
          appSecret: input.appSecret ?? generatedKey(),
          appCodes: [],
          createdAt: now,
          updatedAt: now,
        };
        return write(app, true);
      }),
    update: (id, patch) =>
      ctx.transaction(() => {
        const existing = mustGet(id);
        const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<AppInput>;
        return write({ ...existing, ...defined, id, createdAt: existing.createdAt, updatedAt: nowIso() }, false);
      }),
    remove: (id) =>
      ctx.transaction(() => {
        if (ctx.stmt('DELETE FROM apps WHERE id = ?').run(id).changes === 0) notFound('app', id);
        ctx.emit('app', id);
      }),
    addAppCode: (appId, code) =>
      ctx.transaction(() => {
        const app = mustGet(appId);
        if (app.appCodes.length >= MAX_APP_CODES) {
          refuse(`cannot add an AppCode to app ${app.name}`, {
            field: 'appCodes',
            rule: 'max-count',
            message: `APIG allows at most ${MAX_APP_CODES} AppCodes per app; remove one first`,
          });
        }
        const value = code ?? generatedAppCode();
        throwIfIssues(validateAppCode(value), `invalid AppCode for app ${app.name}`);
        if (ctx.stmt('SELECT 1 FROM app_codes WHERE code = ?').get(value)) {
          refuse(`cannot add an AppCode to app ${app.name}`, { field: 'code', rule: 'unique', message: 'this AppCode is already in use' });
        }
        const row: CodeRow = { id: newId(), app_id: appId, code: value, created_at: nowIso() };
        ctx.stmt('INSERT INTO app_codes (id, app_id, code, created_at) VALUES (?, ?, ?, ?)').run(row.id, row.app_id, row.code, row.created_at);
        ctx.emit('app', appId);
        return toCode(row);
      }),
    removeAppCode: (appId, codeId) =>
      ctx.transaction(() => {
        if (ctx.stmt('DELETE FROM app_codes WHERE id = ? AND app_id = ?').run(codeId, appId).changes === 0) notFound('AppCode', codeId);
        ctx.emit('app', appId);
      }),
    authorize: (appId, apiId, envId) =>
      ctx.transaction(() => {
        const app = mustGet(appId);
        const api = ctx.stmt('SELECT name FROM apis WHERE id = ?').get(apiId) as { name: string } | undefined;
        if (!api) notFound('API', apiId);
        const env = ctx.stmt('SELECT name FROM environments WHERE id = ?').get(envId) as { name: string } | undefined;
        if (!env) notFound('environment', envId);
        const existing = ctx.stmt('SELECT * FROM app_authorizations WHERE app_id = ? AND api_id = ? AND env_id = ?').get(appId, apiId, envId) as
          | AuthRow
          | undefined;
        if (existing) return toAuthorization(existing);
        // APIG offers only APIs published in the environment for authorization (TF apig_application_authorization).
        if (!ctx.stmt('SELECT 1 FROM publications WHERE api_id = ? AND env_id = ? AND active = 1').get(apiId, envId)) {
          refuse(`cannot authorize app ${app.name}`, {
            field: 'apiId',
            rule: 'published',
            message: `API ${api!.name} is not published in ${env!.name}; publish it there first`,
          });
        }
        const row: AuthRow = { id: newId(), app_id: appId, api_id: apiId, env_id: envId, created_at: nowIso() };
        ctx
          .stmt('INSERT INTO app_authorizations (id, app_id, api_id, env_id, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(row.id, row.app_id, row.api_id, row.env_id, row.created_at);
        ctx.emit('appAuthorization', row.id);
        return toAuthorization(row);
      }),
    unauthorize: (appId, apiId, envId) =>
      ctx.transaction(() => {
        const row = ctx.stmt('SELECT id FROM app_authorizations WHERE app_id = ? AND api_id = ? AND env_id = ?').get(appId, apiId, envId) as
          | { id: string }
          | undefined;
        if (!row) notFound('authorization', `of app ${appId} for API ${apiId} in environment ${envId}`);
        ctx.stmt('DELETE FROM app_authorizations WHERE id = ?').run(row!.id);
        ctx.emit('appAuthorization', row!.id);
      }),
    authorizations(filter = {}) {
      const rows = ctx
        .stmt(
          `SELECT * FROM app_authorizations WHERE (@appId IS NULL OR app_id = @appId) AND (@apiId IS NULL OR api_id = @apiId)
           AND (@envId IS NULL OR env_id = @envId) ORDER BY created_at, rowid`,
        )
        .all({ appId: filter.appId ?? null, apiId: filter.apiId ?? null, envId: filter.envId ?? null }) as AuthRow[];
      return rows.map(toAuthorization);
    },
  };
}

export function createIamTokensRepo(ctx: StoreContext): IamTokensRepo {
  const byToken = (token: string) => {
    const row = ctx.stmt('SELECT * FROM iam_tokens WHERE token = ?').get(token) as TokenRow | undefined;
    return row && toToken(row);
  };
  const idOfAccount = (name: string) =>
    (ctx.stmt('SELECT account_id FROM iam_tokens WHERE account_name = ? LIMIT 1').get(name) as { account_id: string } | undefined)?.account_id;
  const accountOfId = (id: string) =>
    (ctx.stmt('SELECT account_name FROM iam_tokens WHERE lower(account_id) = lower(?) LIMIT 1').get(id) as { account_name: string } | undefined)
      ?.account_name;
  return {
    list: () => (ctx.stmt('SELECT * FROM iam_tokens ORDER BY created_at, rowid').all() as TokenRow[]).map(toToken),
    get(id) {
      const row = ctx.stmt('SELECT * FROM iam_tokens WHERE id = ?').get(id) as TokenRow | undefined;
      return row && toToken(row);
    },
    getByToken: byToken,
    create: (input = {}) =>
      ctx.transaction(() => {
        const t: IamToken = {
          id: newId(),
          // Real IAM tokens are long opaque strings starting "MII"; the prefix makes local ones recognisable.
          token: input.token ?? `MIIlocal-${randomBytes(24).toString('base64url')}`,
          userName: input.userName ?? 'local-user',
          accountName: input.accountName ?? LOCAL_ACCOUNT_NAME,
          accountId: input.accountId ?? '',
          createdAt: nowIso(),
        };
        // Like IAM, an account has one ID whichever of its users' tokens is used.
        if (input.accountId === undefined && typeof t.accountName === 'string') t.accountId = idOfAccount(t.accountName) ?? randomBytes(16).toString('hex');
        if (input.expiresAt !== undefined) t.expiresAt = input.expiresAt;
        const issues = validateIamToken(t);
        if (!issues.length && byToken(t.token)) issues.push({ field: 'token', rule: 'unique', message: 'this token is already in the table' });
        if (!issues.length) issues.push(...accountConflicts(t, idOfAccount(t.accountName), accountOfId(t.accountId)));
        throwIfIssues(issues, `invalid IAM token for ${t.userName}`);
        ctx
          .stmt('INSERT INTO iam_tokens (id, token, user_name, account_name, account_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(t.id, t.token, t.userName, t.accountName, t.accountId, t.expiresAt ?? null, t.createdAt);
        ctx.emit('iamToken', t.id);
        return t;
      }),
    remove: (id) =>
      ctx.transaction(() => {
        if (ctx.stmt('DELETE FROM iam_tokens WHERE id = ?').run(id).changes === 0) notFound('IAM token', id);
        ctx.emit('iamToken', id);
      }),
  };
}

/** A token must not give an account a second ID, nor an ID a second account name. */
function accountConflicts(t: IamToken, knownId: string | undefined, knownName: string | undefined): RuleIssue[] {
  if (knownId !== undefined && knownId.toLowerCase() !== t.accountId.toLowerCase()) {
    return [{ field: 'accountId', rule: 'account', message: `account ${t.accountName} already has the ID ${knownId} in the token table (got ${t.accountId})` }];
  }
  if (knownName !== undefined && knownName !== t.accountName) {
    return [{ field: 'accountId', rule: 'account', message: `account ID ${t.accountId} already belongs to account ${knownName} in the token table, not ${t.accountName}` }];
  }
  return [];
}

function notFound(entity: string, key: string): never {
  throw new NotFoundError(entity, key);
}
