import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lockPathFor } from '../../src-main/store/lock';
import { WorkspaceInUseError, WorkspaceStore } from '../../src-main/store/workspace-store';
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
});
