/**
 * Finding a function's code on disk, and telling when it changed.
 *
 * A LocalFunction's source is inline code or a path. A path names a file (`auth.js`, `auth.py`,
 * or `auth` with the extension implied by the runtime) or a folder holding `<module>.js|py`
 * (the module part of the handler, e.g. `main` for `main.handler`) or `index.js|py`.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import type { FunctionRuntime, LocalFunction } from '../../src-shared/model';
import type { InvokeFailure } from './invocation';

export type ResolvedSource =
  | { ok: true; kind: 'inline'; code: string; moduleName: string; exportName: string }
  | {
      ok: true;
      kind: 'file';
      /** The module file to load. */
      file: string;
      /** What the user pointed at: the file, or the folder holding it. */
      root: string;
      /** Changes whenever the code may have changed (mtime/size of the file, or of every file in the folder). */
      stamp: string;
      moduleName: string;
      exportName: string;
    }
  | { ok: false; failure: InvokeFailure };

const EXT: Record<FunctionRuntime, string> = { nodejs: '.js', python: '.py' };

/** Splits `index.handler` (or `lib/index.handler`) into module and export names. */
export function parseHandler(handler: string): { moduleName: string; exportName: string } | undefined {
  const at = handler.trim().lastIndexOf('.');
  if (at <= 0 || at === handler.trim().length - 1) return undefined;
  return { moduleName: handler.trim().slice(0, at), exportName: handler.trim().slice(at + 1) };
}

/**
 * Inline code depends on the function object alone, so it is resolved once per object: every
 * invocation asks, and function objects are replaced, not changed, when a function is edited.
 */
const inlineSources = new WeakMap<LocalFunction, ResolvedSource>();

export function resolveFunctionSource(fn: LocalFunction, baseDir: string = process.cwd()): ResolvedSource {
  if (fn.source.kind !== 'inline') return resolveUncached(fn, baseDir);
  let resolved = inlineSources.get(fn);
  if (!resolved) inlineSources.set(fn, (resolved = resolveUncached(fn, baseDir)));
  return resolved;
}

function resolveUncached(fn: LocalFunction, baseDir: string): ResolvedSource {
  const parsed = parseHandler(fn.handler);
  if (!parsed) {
    return loadFailure(`function "${fn.name}": handler "${fn.handler}" must look like <file>.<function>, e.g. index.handler`);
  }
  if (fn.runtime !== 'nodejs' && fn.runtime !== 'python') {
    return loadFailure(`function "${fn.name}": unsupported runtime "${String(fn.runtime)}" (expected nodejs or python)`);
  }
  if (fn.source.kind === 'inline') {
    return { ok: true, kind: 'inline', code: fn.source.code, ...parsed };
  }
  const ext = EXT[fn.runtime];
  const given = isAbsolute(fn.source.path) ? fn.source.path : resolve(baseDir, fn.source.path);
  const st = statOrUndefined(given);
  if (st?.isDirectory()) {
    const names = [`${parsed.moduleName}${ext}`, `index${ext}`];
    for (const name of names) {
      const file = join(given, name);
      if (statOrUndefined(file)?.isFile()) {
        return { ok: true, kind: 'file', file, root: given, stamp: folderStamp(given), ...parsed, moduleName: basename(name, ext) };
      }
    }
    return notFound(`function "${fn.name}": folder ${given} holds neither ${names.join(' nor ')}`);
  }
  if (st?.isFile()) {
    const actual = extname(given);
    if (actual !== ext && (fn.runtime === 'python' || !['.cjs', '.mjs'].includes(actual))) {
      return loadFailure(`function "${fn.name}": runtime ${fn.runtime} expects a ${ext} file, got ${given}`);
    }
    return fileSource(given, st, parsed.exportName);
  }
  const withExt = given + ext;
  const st2 = statOrUndefined(withExt);
  if (st2?.isFile()) return fileSource(withExt, st2, parsed.exportName);
  return notFound(`function "${fn.name}": source ${given} not found (tried ${given}, ${withExt})`);
}

function fileSource(file: string, st: Stats, exportName: string): ResolvedSource {
  return {
    ok: true,
    kind: 'file',
    file,
    root: file,
    stamp: `${st.mtimeMs}:${st.size}`,
    moduleName: basename(file, extname(file)),
    exportName,
  };
}

/**
 * Folders are re-stamped before each invocation, so the walk is bounded and skips folders that
 * hold dependencies or caches rather than the function's own code.
 */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv']);
const MAX_STAMPED_ENTRIES = 500;

function folderStamp(root: string): string {
  let newest = 0;
  let total = 0;
  let count = 0;
  const pending = [root];
  while (pending.length > 0 && count < MAX_STAMPED_ENTRIES) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++count > MAX_STAMPED_ENTRIES) break;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) pending.push(full);
        continue;
      }
      const st = statOrUndefined(full);
      if (!st) continue;
      newest = Math.max(newest, st.mtimeMs);
      total += st.size;
    }
  }
  return `${newest}:${total}:${count}`;
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

function notFound(message: string): ResolvedSource {
  return { ok: false, failure: { kind: 'not-found', message } };
}

function loadFailure(message: string): ResolvedSource {
  return { ok: false, failure: { kind: 'load', message } };
}

/**
 * For the definitions importer: binds function names (from authorizer / backend URNs) to code
 * in a folder, trying DIR/<name>.js, DIR/<name>.py, DIR/<name>/index.js, DIR/<name>/index.py.
 * Paths are absolute; a folder match binds the folder so every file in it is watched for changes.
 */
export function bindFunctionsDir(
  dir: string,
  names: string[],
): { bound: { name: string; runtime: FunctionRuntime; path: string }[]; missing: string[] } {
  const root = resolve(dir);
  const bound: { name: string; runtime: FunctionRuntime; path: string }[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const candidates: { file: string; runtime: FunctionRuntime; path: string }[] = [
      { file: join(root, `${name}.js`), runtime: 'nodejs', path: join(root, `${name}.js`) },
      { file: join(root, `${name}.py`), runtime: 'python', path: join(root, `${name}.py`) },
      { file: join(root, name, 'index.js'), runtime: 'nodejs', path: join(root, name) },
      { file: join(root, name, 'index.py'), runtime: 'python', path: join(root, name) },
    ];
    // A name with path separators would escape the folder; treat it as missing.
    const hit = /[\\/]/.test(name) || name === '..' ? undefined : candidates.find((c) => statOrUndefined(c.file)?.isFile());
    if (hit) bound.push({ name, runtime: hit.runtime, path: hit.path });
    else missing.push(name);
  }
  return { bound, missing };
}
