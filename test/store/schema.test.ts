import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MigrationError, migrations, type Migration } from '../../src-main/store/migrations';
import { openWithMigrations, ValidationError, WorkspaceStore } from '../../src-main/store/workspace-store';
import { openTemp, tempDbFile, track } from './helpers';

const tables = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};
const userVersion = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true });
  } finally {
    db.close();
  }
};

/** The newest schema version, and the one a test migration appended after it gets. */
const LATEST = migrations[migrations.length - 1].version;
const NEXT = LATEST + 1;

describe('workspace schema', () => {
  it('migrations create every table and record the schema version', () => {
    const file = tempDbFile();
    WorkspaceStore.open(file).close();
    expect(tables(file)).toEqual(
      [
        ...['apis', 'authorizers', 'env_variables', 'environments', 'functions', 'groups', 'publications', 'response_sets', 'settings', 'tester_history', 'traces'],
        // 2: credentials and the local IAM token table
        ...['apps', 'app_codes', 'app_authorizations', 'iam_tokens'],
        // 3: policies
        ...['throttles', 'access_controls', 'plugins', 'orchestrations', 'policy_bindings'],
        // 5: function bindings per environment
        'function_bindings',
        // 7: the authorizer lab's named test events
        'function_test_events',
        // 9: the authorizer lab's test suites
        'test_suites',
      ].sort(),
    );
    expect(userVersion(file)).toBe(migrations[migrations.length - 1].version);
  });

  it('reopening a migrated workspace keeps its data and seeds RELEASE only once', () => {
    const file = tempDbFile();
    const first = WorkspaceStore.open(file);
    first.groups.create({ name: 'shop' });
    first.close();
    const second = track(WorkspaceStore.open(file));
    expect(second.groups.list().map((g) => g.name)).toEqual(['shop']);
    expect(second.environments.list().filter((e) => e.name === 'RELEASE')).toHaveLength(1);
  });

  it('runs in WAL mode with foreign keys enforced', () => {
    const store = openTemp();
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.prepare("INSERT INTO env_variables (id, group_id, env_id, name, value) VALUES ('v', 'nogroup', 'noenv', 'abc', 'x')").run()).toThrow(/FOREIGN KEY/);
  });

  it('a failing migration leaves the previous schema and version and names the migration', () => {
    const file = tempDbFile();
    WorkspaceStore.open(file).close();
    const broken: Migration = {
      version: NEXT,
      name: 'add colour to apis',
      up(db) {
        db.exec('ALTER TABLE apis ADD COLUMN colour TEXT');
        db.exec('CREATE TABLE half_done (x)');
        db.exec('THIS IS NOT SQL');
      },
    };
    expect(() => openWithMigrations(file, [...migrations, broken])).toThrow(MigrationError);
    expect(() => openWithMigrations(file, [...migrations, broken])).toThrow(new RegExp(`migration ${NEXT} "add colour to apis" failed`));
    expect(userVersion(file)).toBe(LATEST);
    expect(tables(file)).not.toContain('half_done');
    const db = new Database(file, { readonly: true });
    const columns = (db.prepare('PRAGMA table_info(apis)').all() as { name: string }[]).map((c) => c.name);
    db.close();
    expect(columns).not.toContain('colour');
    // The failed open released its lock: the workspace opens normally afterwards.
    track(WorkspaceStore.open(file));
  });

  it('a later migration runs on an existing workspace, each in its own transaction', () => {
    const file = tempDbFile();
    WorkspaceStore.open(file).close();
    const added: Migration = { version: NEXT, name: 'api colour', up: (db) => db.exec('ALTER TABLE apis ADD COLUMN colour TEXT') };
    track(openWithMigrations(file, [...migrations, added])).close();
    expect(userVersion(file)).toBe(NEXT);
  });

  it('refuses a workspace written by a newer schema version', () => {
    const file = tempDbFile();
    const added: Migration = { version: NEXT, name: 'future', up: () => {} };
    openWithMigrations(file, [...migrations, added]).close();
    expect(() => WorkspaceStore.open(file)).toThrow(`schema version ${NEXT} is newer than this workbench understands (${LATEST})`);
  });
});

describe('RELEASE environment', () => {
  it('exists in a new workspace', () => {
    const store = openTemp();
    expect(store.environments.getByName('RELEASE')).toBeDefined();
  });

  it('cannot be deleted', () => {
    const store = openTemp();
    const release = store.environments.getByName('RELEASE')!;
    expect(() => store.environments.remove(release.id)).toThrow(ValidationError);
    expect(() => store.environments.remove(release.id)).toThrow(/RELEASE environment cannot be deleted/);
    expect(store.environments.get(release.id)).toBeDefined();
  });

  it('cannot be renamed, but its description can change', () => {
    const store = openTemp();
    const release = store.environments.getByName('RELEASE')!;
    expect(() => store.environments.update(release.id, { name: 'PROD' })).toThrow(/cannot be renamed/);
    expect(store.environments.update(release.id, { description: 'live' }).description).toBe('live');
  });
});

describe('function bindings (migration 5)', () => {
  it('one binding per function per environment; rebinding replaces it; deleting the function or environment removes it', () => {
    const store = track(WorkspaceStore.open(tempDbFile()));
    const fn = store.functions.create({ name: 'auth_fn', runtime: 'nodejs', source: { kind: 'inline', code: 'exports.handler = async () => ({})' } });
    const dev = store.environments.create({ name: 'DEV' });
    const urn = 'urn:fss:cn-north-4:0123456789abcdef:function:default:auth_fn:1';
    store.functionBindings.bind(fn.id, dev.id, urn);
    store.functionBindings.bind(fn.id, dev.id, urn.replace(/:1$/, ':!prod'));
    expect(store.functionBindings.list().map((b) => b.urn)).toEqual([urn.replace(/:1$/, ':!prod')]);
    expect(() => store.functionBindings.bind(fn.id, dev.id, 'urn:fss:local:project:function:default:auth_fn:1')).toThrow(/local placeholder/);
    store.environments.remove(dev.id);
    expect(store.functionBindings.list()).toEqual([]);
  });
});
