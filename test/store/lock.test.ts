import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { lockPathFor } from '../../src-main/store/lock';
import { NotAWorkspaceError, WorkspaceInUseError, WorkspaceStore } from '../../src-main/store/workspace-store';
import { runCli as cli } from '../cli/run-cli';
import { tempDbFile, tempDir, track } from './helpers';

const storeModule = fileURLToPath(new URL('../../src-main/store/workspace-store.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A second, real process that opens the workspace and holds it until killed. */
function holdInChild(file: string): Promise<ChildProcess> {
  const script = path.join(tempDir(), 'hold.ts');
  fs.writeFileSync(
    script,
    `import { WorkspaceStore } from ${JSON.stringify(storeModule)};
     WorkspaceStore.open(${JSON.stringify(file)});
     process.stdout.write('ready\\n');
     setInterval(() => {}, 1000);`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before opening the workspace: ${err}`)));
  });
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));

describe('workspace lock', () => {
  it('a second process gets "workspace X is in use by another process (pid N)"', async () => {
    const file = tempDbFile();
    const child = await holdInChild(file);
    let error: unknown;
    try {
      track(WorkspaceStore.open(file));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkspaceInUseError);
    expect((error as Error).message).toBe(`workspace ${file} is in use by another process (pid ${child.pid})`);
  });

  it('a lock left by a process that died is stale and taken over', async () => {
    const file = tempDbFile();
    const child = await holdInChild(file);
    child.kill('SIGKILL');
    await exited(child);
    expect(fs.readFileSync(lockPathFor(file), 'utf8')).toBe(String(child.pid));
    const store = track(WorkspaceStore.open(file));
    expect(fs.readFileSync(lockPathFor(file), 'utf8')).toBe(String(process.pid));
    expect(store.environments.getByName('RELEASE')).toBeDefined();
  });

  it('the same process cannot open a workspace twice', () => {
    const file = tempDbFile();
    track(WorkspaceStore.open(file));
    expect(() => WorkspaceStore.open(file)).toThrow(/is already open in this process/);
  });

  it('close releases the lock and is idempotent', () => {
    const file = tempDbFile();
    const store = WorkspaceStore.open(file);
    store.close();
    store.close();
    expect(fs.existsSync(lockPathFor(file))).toBe(false);
    track(WorkspaceStore.open(file));
  });

  it('a symlink to an open workspace names the same workspace: refused in this process and in another', async () => {
    const file = tempDbFile();
    const link = path.join(tempDir(), 'link.db');
    fs.symlinkSync(file, link);
    const store = WorkspaceStore.open(file);
    try {
      expect(() => WorkspaceStore.open(link)).toThrow(/is already open in this process/);
    } finally {
      store.close();
    }
    const child = await holdInChild(link);
    expect(() => track(WorkspaceStore.open(file))).toThrow(`workspace ${file} is in use by another process (pid ${child.pid})`);
  });
});

describe('files that are not workspaces', () => {
  it("the CLI refuses another program's SQLite database as --db and leaves it untouched (no tables, no WAL)", async () => {
    const file = path.join(tempDir(), 'other-app.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'keep me\')');
    other.close();
    const before = fs.readFileSync(file);
    for (const command of [['export', '--db', file, '--group', 'g'], ['serve', '--db', file]]) {
      const r = await cli(...command);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain(`${file} is a SQLite database but not an APIG Workbench workspace (it has no workbench schema)`);
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(lockPathFor(file))).toBe(false);
  });

  it('the store refuses a text file and a directory, and still creates a missing or empty file as a new workspace', () => {
    const dir = tempDir();
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'these are notes, not a workspace; '.repeat(10));
    expect(() => WorkspaceStore.open(notes)).toThrow(NotAWorkspaceError);
    expect(() => WorkspaceStore.open(notes)).toThrow(`${notes} is not a workspace: it is not a SQLite database`);
    expect(() => WorkspaceStore.open(dir)).toThrow(/is a directory/);
    const empty = path.join(dir, 'empty.db');
    fs.writeFileSync(empty, '');
    track(WorkspaceStore.open(empty));
    track(WorkspaceStore.open(path.join(dir, 'new.db')));
  });
});
