/**
 * Refuses files that are not workspaces before the store opens them: the store would otherwise fail
 * with SQLite's terse "file is not a database", or, worse, migrate some other program's database
 * (add tables, switch it to WAL). Every way in (CLI --db, the workspace dialog) goes through the store.
 * Reads only the 100-byte SQLite header, so it works on a file another process holds open.
 */
import fs from 'node:fs';
import { canonicalWorkspacePath } from './lock';

export class NotAWorkspaceError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file} ${reason}`);
    this.name = 'NotAWorkspaceError';
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Throws NotAWorkspaceError unless `file` is a workbench workspace. An empty file is refused too
 * unless `allowEmpty` (SQLite takes an empty file as a new database: nothing in it to damage).
 */
export function checkLooksLikeWorkspace(file: string, options: { allowEmpty?: boolean } = {}): void {
  const stat = fs.statSync(file);
  if (stat.isDirectory()) throw new NotAWorkspaceError(file, 'is a directory: give the path of a workspace file (.db)');
  if (stat.size === 0) {
    if (options.allowEmpty) return;
    throw new NotAWorkspaceError(file, 'is empty, not a workspace: create a new workspace instead');
  }
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new NotAWorkspaceError(file, 'is not a workspace: it is not a SQLite database');
  }
  // user_version (offset 60) is the schema version; 0 means no workbench migration ever ran. A WAL
  // file beside it may hold a newer header not yet copied back, so only judge a checkpointed file.
  // The WAL sits beside the real file, not beside a symlink to it.
  const userVersion = header.readUInt32BE(60);
  if (userVersion === 0 && !fs.existsSync(`${canonicalWorkspacePath(file)}-wal`)) {
    throw new NotAWorkspaceError(file, 'is a SQLite database but not an APIG Workbench workspace (it has no workbench schema)');
  }
}
