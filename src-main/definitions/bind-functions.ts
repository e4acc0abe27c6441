/**
 * `--functions DIR`: binds the user's real FunctionGraph code to the functions an imported file
 * references. The URN's last segment names the function; its code is DIR/<name>.js, DIR/<name>.py,
 * or DIR/<name>/index.js|index.py.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FunctionRuntime, LocalFunction } from '../../src-shared/model';
import type { FunctionRef } from '../../src-shared/openapi/plan';
import type { WorkspaceStore } from '../store/workspace-store';

export interface FoundSource {
  path: string;
  runtime: FunctionRuntime;
}

/** The code for function `name` in `dir`, or undefined. A file wins over a folder. */
export function findFunctionSource(dir: string, name: string): FoundSource | undefined {
  const base = resolve(dir);
  const isFile = (p: string) => existsSync(p) && statSync(p).isFile();
  const candidates: [string, FunctionRuntime, boolean][] = [
    [join(base, `${name}.js`), 'nodejs', true],
    [join(base, `${name}.py`), 'python', true],
    [join(base, name), 'nodejs', false],
    [join(base, name), 'python', false],
  ];
  for (const [path, runtime, file] of candidates) {
    if (file && isFile(path)) return { path, runtime };
    if (!file && isFile(join(path, runtime === 'nodejs' ? 'index.js' : 'index.py'))) return { path, runtime };
  }
  return undefined;
}

export interface BindResult {
  bound: { name: string; path: string; action: 'created' | 'updated' }[];
}

/** Creates or updates one LocalFunction per distinct referenced name found in `dir`. */
export function bindFunctions(store: WorkspaceStore, refs: FunctionRef[], dir: string): BindResult {
  const bound: BindResult['bound'] = [];
  for (const name of new Set(refs.map((r) => r.name))) {
    const found = findFunctionSource(dir, name);
    if (!found) continue;
    const existing: LocalFunction | undefined = store.functions.getByName(name);
    const source = { kind: 'path' as const, path: found.path };
    if (existing) {
      store.functions.update(existing.id, { runtime: found.runtime, source });
      bound.push({ name, path: found.path, action: 'updated' });
    } else {
      // index.handler: for a file source only the export name matters; for a folder it picks index.js|py.
      store.functions.create({ name, runtime: found.runtime, handler: 'index.handler', source });
      bound.push({ name, path: found.path, action: 'created' });
    }
  }
  return { bound };
}
