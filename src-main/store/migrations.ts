/**
 * Numbered schema migrations. The schema version lives in SQLite's `user_version` pragma, which is
 * written inside the same transaction as the migration, so a failing migration leaves the previous
 * schema and version exactly as they were.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export class MigrationError extends Error {
  constructor(
    readonly migration: Pick<Migration, 'version' | 'name'>,
    override readonly cause: unknown,
  ) {
    super(`workspace migration ${migration.version} "${migration.name}" failed and was rolled back: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'MigrationError';
  }
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up(db) {
      db.exec(`
        CREATE TABLE groups (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          description TEXT NOT NULL DEFAULT '',
          domains TEXT NOT NULL DEFAULT '[]',
          is_default INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE environments (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          description TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL
        );
        CREATE TABLE env_variables (
          id TEXT PRIMARY KEY,
          group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
          env_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          value TEXT NOT NULL,
          UNIQUE (group_id, env_id, name)
        );
        CREATE TABLE functions (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          runtime TEXT NOT NULL,
          handler TEXT NOT NULL,
          source TEXT NOT NULL,
          timeout_ms INTEGER NOT NULL,
          memory_mb INTEGER NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          updated_at TEXT NOT NULL
        );
        CREATE TABLE authorizers (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          type TEXT NOT NULL,
          authorizer_type TEXT NOT NULL,
          function_urn TEXT NOT NULL,
          network_type TEXT NOT NULL,
          authorizer_version TEXT,
          authorizer_alias_uri TEXT,
          identities TEXT NOT NULL DEFAULT '[]',
          ttl INTEGER NOT NULL,
          user_data TEXT NOT NULL DEFAULT '',
          need_body INTEGER NOT NULL,
          relaxed INTEGER NOT NULL,
          retry_attempts INTEGER NOT NULL,
          timeout_ms INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE response_sets (
          id TEXT PRIMARY KEY,
          group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          is_default INTEGER NOT NULL DEFAULT 0,
          responses TEXT NOT NULL DEFAULT '{}',
          UNIQUE (group_id, name)
        );
        CREATE TABLE apis (
          id TEXT PRIMARY KEY,
          group_id TEXT NOT NULL REFERENCES groups(id),
          name TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          method TEXT NOT NULL,
          path TEXT NOT NULL,
          match_mode TEXT NOT NULL,
          protocol TEXT NOT NULL,
          request_type TEXT NOT NULL,
          auth_type TEXT NOT NULL,
          -- No ON DELETE: deleting an authorizer in use is refused (the store names the APIs first).
          authorizer_id TEXT REFERENCES authorizers(id),
          app_code_auth INTEGER NOT NULL,
          cors INTEGER NOT NULL,
          body_base64 INTEGER NOT NULL,
          content_type TEXT,
          request_params TEXT NOT NULL DEFAULT '[]',
          backend_type TEXT NOT NULL,
          backend TEXT NOT NULL,
          -- Copied out of the backend JSON so the foreign key protects it too.
          backend_authorizer_id TEXT REFERENCES authorizers(id),
          response_set_id TEXT REFERENCES response_sets(id) ON DELETE SET NULL,
          result_normal_sample TEXT,
          result_failure_sample TEXT,
          extra TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          UNIQUE (group_id, name),
          UNIQUE (group_id, method, path, match_mode)
        );
        CREATE INDEX apis_authorizer ON apis(authorizer_id);
        CREATE INDEX apis_backend_authorizer ON apis(backend_authorizer_id);
        CREATE TABLE publications (
          id TEXT PRIMARY KEY,
          api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
          env_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
          snapshot TEXT NOT NULL,
          remark TEXT NOT NULL DEFAULT '',
          published_at TEXT NOT NULL,
          active INTEGER NOT NULL,
          seq INTEGER NOT NULL
        );
        CREATE INDEX publications_api_env ON publications(api_id, env_id, seq);
        CREATE UNIQUE INDEX publications_one_active ON publications(api_id, env_id) WHERE active = 1;
        CREATE INDEX publications_active_env ON publications(env_id) WHERE active = 1;
        -- seq (the rowid) orders traces and makes count-bounded pruning a range delete on the primary key.
        CREATE TABLE traces (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          request_id TEXT NOT NULL,
          started_at TEXT NOT NULL,
          method TEXT NOT NULL,
          url TEXT NOT NULL,
          status INTEGER NOT NULL,
          total_ms REAL NOT NULL,
          api_id TEXT,
          api_name TEXT,
          env TEXT,
          error_type TEXT,
          record TEXT NOT NULL
        );
        CREATE INDEX traces_api ON traces(api_id, seq);
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
        CREATE TABLE tester_history (
          id TEXT PRIMARY KEY,
          created_at TEXT NOT NULL,
          name TEXT NOT NULL DEFAULT '',
          method TEXT NOT NULL,
          url TEXT NOT NULL,
          headers TEXT NOT NULL DEFAULT '{}',
          body TEXT NOT NULL DEFAULT '',
          env TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX tester_history_created ON tester_history(created_at);
      `);
    },
  },
  {
    version: 2,
    name: 'credentials (apps, AppCodes, authorizations) and the local IAM token table',
    up(db) {
      db.exec(`
        CREATE TABLE apps (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          description TEXT NOT NULL DEFAULT '',
          app_key TEXT NOT NULL UNIQUE,
          app_secret TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE app_codes (
          id TEXT PRIMARY KEY,
          app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
          -- Unique across apps: the gateway finds the app from the code alone.
          code TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL
        );
        CREATE INDEX app_codes_app ON app_codes(app_id);
        CREATE TABLE app_authorizations (
          id TEXT PRIMARY KEY,
          app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
          api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
          env_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
          created_at TEXT NOT NULL,
          UNIQUE (app_id, api_id, env_id)
        );
        CREATE INDEX app_authorizations_api ON app_authorizations(api_id);
        CREATE TABLE iam_tokens (
          id TEXT PRIMARY KEY,
          token TEXT NOT NULL UNIQUE,
          user_name TEXT NOT NULL,
          expires_at TEXT,
          created_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    name: 'policies: throttling, access control, plug-ins, orchestration rules, bindings, backend policies',
    up(db) {
      db.exec(`
        CREATE TABLE throttles (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          api_call_limits INTEGER NOT NULL,
          user_call_limits INTEGER,
          app_call_limits INTEGER,
          ip_call_limits INTEGER,
          time_interval INTEGER NOT NULL,
          time_unit TEXT NOT NULL,
          type INTEGER NOT NULL,
          specials TEXT NOT NULL DEFAULT '[]',
          remark TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE access_controls (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          acl_type TEXT NOT NULL,
          entity_type TEXT NOT NULL,
          value TEXT NOT NULL,
          remark TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE plugins (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          type TEXT NOT NULL,
          content TEXT NOT NULL,
          remark TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE orchestrations (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          strategy TEXT NOT NULL,
          is_preprocessing INTEGER NOT NULL,
          mapped_param TEXT,
          map TEXT NOT NULL DEFAULT '[]',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        -- slot is what APIG allows one of per API per environment: 'throttle', 'acl:IP',
        -- 'acl:DOMAIN', 'acl:DOMAIN_ID' or 'plugin:<type>'. policy_id points into the table named by kind;
        -- the repositories refuse to delete a policy that is still bound.
        CREATE TABLE policy_bindings (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          policy_id TEXT NOT NULL,
          slot TEXT NOT NULL,
          api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
          env_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
          created_at TEXT NOT NULL,
          UNIQUE (api_id, env_id, slot),
          UNIQUE (policy_id, api_id, env_id)
        );
        CREATE INDEX policy_bindings_policy ON policy_bindings(policy_id);
        ALTER TABLE apis ADD COLUMN backend_policies TEXT NOT NULL DEFAULT '[]';
      `);
    },
  },
  {
    version: 4,
    name: 'the account (name and ID) of each local IAM token, for account access control',
    up(db) {
      // The literal, not the shared constant: a migration must do the same thing forever.
      db.exec(`
        ALTER TABLE iam_tokens ADD COLUMN account_name TEXT NOT NULL DEFAULT 'local_account';
        ALTER TABLE iam_tokens ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
      `);
      // Existing tokens all land in the one default account, so they share one random 32-hex ID
      // (as the repository gives new tokens of an account the ID its other tokens have).
      const { id } = db.prepare('SELECT lower(hex(randomblob(16))) AS id').get() as { id: string };
      db.prepare("UPDATE iam_tokens SET account_id = ? WHERE account_id = ''").run(id);
    },
  },
  {
    version: 5,
    name: "each group's APIG subdomain (an imported file's host / servers), written back by exports",
    up(db) {
      db.exec(`ALTER TABLE groups ADD COLUMN subdomain TEXT NOT NULL DEFAULT '';`);
    },
  },
  {
    version: 6,
    name: 'function bindings: the FunctionGraph URN each local function has per environment',
    up(db) {
      db.exec(`
        CREATE TABLE function_bindings (
          id TEXT PRIMARY KEY,
          function_id TEXT NOT NULL REFERENCES functions(id) ON DELETE CASCADE,
          env_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
          urn TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          UNIQUE (function_id, env_id)
        );
      `);
    },
  },
  {
    version: 7,
    name: "the authorizer lab: an authorizer option to send only its identity sources, and named test events per function",
    up(db) {
      db.exec(`
        ALTER TABLE authorizers ADD COLUMN event_identity_sources_only INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE function_test_events (
          id TEXT PRIMARY KEY,
          function_id TEXT NOT NULL REFERENCES functions(id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          event TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          UNIQUE (function_id, name)
        );
      `);
    },
  },
  {
    version: 8,
    name: 'traces keep their one-line headline; tester history keeps each run\'s outcome and result',
    up(db) {
      // JSON, NULL for rows from before: their headline or saved result is simply not shown.
      db.exec(`
        ALTER TABLE traces ADD COLUMN headline TEXT;
        ALTER TABLE tester_history ADD COLUMN outcome TEXT;
        ALTER TABLE tester_history ADD COLUMN result TEXT;
      `);
    },
  },
  {
    version: 9,
    name: 'the authorizer lab keeps its test suites in the workspace (YAML text as written)',
    up(db) {
      db.exec(`
        CREATE TABLE test_suites (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          text TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
];

/** Applies, in order, every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database, list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version < 1 || (i > 0 && m.version <= list[i - 1].version)) {
      throw new Error(`migration list is malformed: versions must be positive integers in increasing order (at "${m.name}", version ${m.version})`);
    }
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = list.length ? list[list.length - 1].version : 0;
  if (current > newest) {
    throw new Error(`workspace schema version ${current} is newer than this workbench understands (${newest}); upgrade the workbench`);
  }
  for (const m of list) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } catch (e) {
      throw new MigrationError(m, e);
    }
  }
}
