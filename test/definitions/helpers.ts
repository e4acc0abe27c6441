import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { planImport } from '../../src-shared/openapi/definitions';
import { applyImport, type ImportOptions } from '../../src-main/definitions/apply-import';
import { WorkspaceStore } from '../../src-main/store/workspace-store';

const dirs: string[] = [];
const stores: WorkspaceStore[] = [];

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apig-defs-'));
  dirs.push(dir);
  return dir;
}

/** A real SQLite workspace on a fresh file, closed after the test. */
export function openStore(): WorkspaceStore {
  const store = WorkspaceStore.open(path.join(tempDir(), 'workspace.db'));
  stores.push(store);
  return store;
}

export function importText(store: WorkspaceStore, text: string, options: ImportOptions = {}) {
  const { plan, locator } = planImport(text, { newGroup: !options.groupName });
  return applyImport(store, plan, locator, options);
}

/** The workspace content without ids and timestamps. */
export function workspaceContent(store: WorkspaceStore) {
  const authName = new Map(store.authorizers.list().map((a) => [a.id, a.name]));
  return store.groups.list().map((g) => {
    const sets = store.responseSets.list(g.id);
    const setName = new Map(sets.map((s) => [s.id, s.name]));
    return {
      group: { name: g.name, description: g.description },
      apis: store.apis.list({ groupId: g.id }).map(({ id: _i, groupId: _g, createdAt: _c, updatedAt: _u, authorizerId, responseSetId, ...rest }) => ({
        ...rest,
        authorizer: authorizerId && authName.get(authorizerId),
        responseSet: responseSetId && setName.get(responseSetId),
      })),
      responseSets: sets.map(({ id: _i, groupId: _g, ...rest }) => rest),
      authorizers: store.authorizers.list().map(({ id: _i, createdAt: _c, updatedAt: _u, ...rest }) => rest),
    };
  });
}

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
