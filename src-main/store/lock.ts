/**
 * One process per workspace: a lock file next to the database holds the owner's pid. SQLite itself
 * would let two processes write, but two gateways/UIs editing one workspace would fight over it.
 * A lock whose pid is no longer alive is stale (the owner crashed) and is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export class WorkspaceInUseError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(
      pid === process.pid
        ? `workspace ${file} is already open in this process (pid ${pid})`
        : `workspace ${file} is in use by another process (pid ${pid})`,
    );
    this.name = 'WorkspaceInUseError';
  }
}

/** Locks held by this process, so a second open() in the same process is refused too. */
const held = new Set<string>();
let exitHookInstalled = false;

export function lockPathFor(dbFile: string): string {
  return `${dbFile}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The file's real path (symlinks and `..` resolved), so every name of one workspace file shares one
 * lock. A file not created yet: the real path of its folder plus its name.
 */
export function canonicalWorkspacePath(dbFile: string): string {
  const abs = path.resolve(dbFile);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/** Takes the lock for `dbFile` or throws WorkspaceInUseError naming the owner's pid. */
export function acquireLock(dbFile: string): string {
  const lockFile = lockPathFor(canonicalWorkspacePath(dbFile));
  if (held.has(lockFile)) throw new WorkspaceInUseError(dbFile, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      held.add(lockFile);
      installExitHook();
      return lockFile;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = readPid(lockFile);
    // Our own pid in a lock we do not hold is a leftover of an earlier process that had the same pid.
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) throw new WorkspaceInUseError(dbFile, owner);
    // Stale (dead owner, or unreadable/empty because the owner died mid-write): remove and retry.
    fs.rmSync(lockFile, { force: true });
  }
  throw new Error(`could not take the lock ${lockFile}: another process keeps recreating it`);
}

export function releaseLock(lockFile: string): void {
  if (!held.delete(lockFile)) return;
  // Remove only our own lock: if it was taken over (we looked dead), it is no longer ours.
  if (readPid(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lockFile of [...held]) releaseLock(lockFile);
  });
}
