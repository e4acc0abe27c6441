/**
 * File-path helpers for the workspace dialog. The paths belong to the core's machine (POSIX or
 * Windows), and the renderer has no node:path, so both separators are understood.
 */

function lastSeparator(file: string): number {
  return Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
}

export function baseName(file: string): string {
  return file.slice(lastSeparator(file) + 1);
}

export function dirName(file: string): string {
  const at = lastSeparator(file);
  if (at < 0) return '';
  return at === 0 ? file.slice(0, 1) : file.slice(0, at);
}

/** Joins with the separator the directory already uses. */
export function joinPath(dir: string, name: string): string {
  if (!dir) return name;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** A file beside the current workspace that is not in use yet: workspace-2.db, workspace-3.db, … */
export function suggestNewWorkspaceFile(current: string, taken: readonly string[]): string {
  const dir = dirName(current);
  const used = new Set([current, ...taken]);
  for (let n = 2; ; n++) {
    const candidate = joinPath(dir, `workspace-${n}.db`);
    if (!used.has(candidate)) return candidate;
  }
}
