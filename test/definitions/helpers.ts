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

const bare = <T extends { id: string; createdAt: string; updatedAt: string }>(list: T[]) => list.map(({ id: _i, createdAt: _c, updatedAt: _u, ...rest }) => rest);

/** The workspace content without ids and timestamps: groups with their APIs, and the policies with their bindings (by name). */
export function workspaceContent(store: WorkspaceStore) {
  const authName = new Map(store.authorizers.list().map((a) => [a.id, a.name]));
  const apiName = new Map(store.apis.list().map((a) => [a.id, a.name]));
  const envName = new Map(store.environments.list().map((e) => [e.id, e.name]));
  const policyName = new Map([...store.throttles.list(), ...store.accessControls.list(), ...store.plugins.list()].map((p) => [p.id, p.name]));
  const groups = store.groups.list().map((g) => {
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
  return {
    groups,
    throttles: bare(store.throttles.list()),
    accessControls: bare(store.accessControls.list()),
    plugins: bare(store.plugins.list()),
    orchestrations: bare(store.orchestrations.list()),
    bindings: store.policyBindings
      .list()
      .map((b) => `${b.kind} ${policyName.get(b.policyId)} -> ${apiName.get(b.apiId)} in ${envName.get(b.envId)}`)
      .sort(),
  };
}

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
