/**
 * Durability of the workspace file: kill -9 of a process in the middle of heavy writes never
 * corrupts it nor loses a committed change; a failing migration leaves the previous schema; a
 * workspace held by another process is refused with a clear error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkspaceStore, openWithMigrations, MigrationError, WorkspaceInUseError } from '../../src-main/store/workspace-store';
import { migrations } from '../../src-main/store/migrations';

const here = dirname(fileURLToPath(import.meta.url));
const KILLS = 20;

interface Writer {
  child: ChildProcess;
  lines: string[];
  ready: Promise<void>;
  exited: Promise<void>;
}

function startWriter(file: string, tag: string): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'durability-writer.ts'), file, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  let onReady!: () => void;
  let onFail!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString('utf8')).split('\n');
    partial = parts.pop()!; // a line cut by the kill was never promised
    for (const line of parts) {
      if (line === 'ready') onReady();
      else lines.push(line);
    }
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') onFail(new Error(`writer exited early (code ${code}, signal ${signal}): ${stderr}`));
      resolve();
    }),
  );
  return { child, lines, ready, exited };
}

/** Every id the writers promised, by table, and the newest revision promised per API. */
class Promised {
  readonly ids = { groups: new Set<string>(), functions: new Set<string>(), apis: new Set<string>(), publications: new Set<string>(), traces: new Set<string>() };
  readonly revisions = new Map<string, number>();

  add(lines: string[]): void {
    const tables = { group: this.ids.groups, fn: this.ids.functions, api: this.ids.apis, pub: this.ids.publications, trace: this.ids.traces } as const;
    for (const line of lines) {
      const [kind, id, rev] = line.split(' ');
      if (kind === 'upd') this.revisions.set(id, Math.max(this.revisions.get(id) ?? 0, Number(rev)));
      else if (kind in tables) tables[kind as keyof typeof tables].add(id);
      else throw new Error(`unexpected writer line: ${line}`);
    }
  }

  /** What is promised but missing from the file, as readable lines (empty when all is there). */
  missingFrom(db: Database.Database): string[] {
    const missing: string[] = [];
    for (const [table, ids] of Object.entries(this.ids)) {
      const present = new Set((db.prepare(`SELECT id FROM ${table}`).all() as { id: string }[]).map((r) => r.id));
      for (const id of ids) if (!present.has(id)) missing.push(`${table} ${id}`);
    }
    const descriptions = new Map((db.prepare('SELECT id, description FROM apis').all() as { id: string; description: string }[]).map((r) => [r.id, r.description]));
    for (const [id, rev] of this.revisions) {
      const stored = Number(/^rev (\d+)$/.exec(descriptions.get(id) ?? '')?.[1] ?? 0);
      if (stored < rev) missing.push(`api ${id} description rev ${rev} (file has "${descriptions.get(id)}")`);
    }
    return missing;
  }
}

describe('workspace durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-durability-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`kill -9 during heavy writes, ${KILLS} times: integrity_check is ok and no committed change is lost`, async () => {
    const file = join(dir, 'killed.db');
    const promised = new Promised();
    const history: string[] = [];
    for (let round = 1; round <= KILLS; round++) {
      const writer = startWriter(file, `r${round}`);
      await writer.ready;
      const delayMs = 20 + Math.floor(Math.random() * 300);
      await new Promise((r) => setTimeout(r, delayMs));
      writer.child.kill('SIGKILL');
      await writer.exited;
      promised.add(writer.lines);
      history.push(`round ${round}: killed after ${delayMs} ms, ${writer.lines.length} commits promised`);

      const db = new Database(file);
      try {
        expect(db.pragma('integrity_check', { simple: true }), history.join('\n')).toBe('ok');
        expect(promised.missingFrom(db), history.join('\n')).toEqual([]);
      } finally {
        db.close();
      }
    }
    // The rounds did write: a test that kills before any commit would prove nothing.
    expect(promised.ids.traces.size).toBeGreaterThan(KILLS);
    // And the store itself opens the file afterwards (stale lock taken over, schema intact).
    const store = WorkspaceStore.open(file);
    try {
      expect(store.apis.get([...promised.ids.apis][0])).toBeDefined();
    } finally {
      store.close();
    }
  }, 120_000);

  it('a failing migration is rolled back: previous schema and data stay, and the error names the migration', () => {
    const file = join(dir, 'migrate.db');
    const first = WorkspaceStore.open(file);
    const group = first.groups.create({ name: 'kept_group' });
    first.close();

    const broken = [
      ...migrations,
      {
        version: migrations[migrations.length - 1].version + 1,
        name: 'add audit table',
        up(db: Database.Database) {
          db.exec('CREATE TABLE audit (id TEXT PRIMARY KEY)');
          db.exec('ALTER TABLE groups ADD COLUMN audited INTEGER');
          db.exec('INSERT INTO no_such_table VALUES (1)');
        },
      },
    ];
    let error: unknown;
    try {
      openWithMigrations(file, broken).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/migration \d+ "add audit table" failed and was rolled back: no such table: no_such_table/);

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations[migrations.length - 1].version);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'audit'").get()).toBeUndefined();
      expect((db.prepare('PRAGMA table_info(groups)').all() as { name: string }[]).map((c) => c.name)).not.toContain('audited');
    } finally {
      db.close();
    }
    // The failed open released its lock, and the workspace opens as before.
    const again = WorkspaceStore.open(file);
    try {
      expect(again.groups.get(group.id)?.name).toBe('kept_group');
    } finally {
      again.close();
    }
  });

  it('a workspace in use by another process is refused with an error naming that process; once it dies the workspace opens', async () => {
    const file = join(dir, 'shared.db');
    const writer = startWriter(file, 'holder');
    await writer.ready;
    try {
      let error: unknown;
      try {
        WorkspaceStore.open(file).close();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WorkspaceInUseError);
      expect((error as Error).message).toBe(`workspace ${file} is in use by another process (pid ${writer.child.pid})`);
    } finally {
      writer.child.kill('SIGKILL');
      await writer.exited;
    }
    const store = WorkspaceStore.open(file);
    store.close();
  });
});
