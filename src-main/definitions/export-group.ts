/**
 * Export of one group from the workspace: for an environment, the API snapshots published there;
 * with scope dev, the drafts. Authorizers, gateway response sets and (scopes all and dev) the
 * policies bound in the environment go with them — for dev, the bindings of the named environment
 * (default RELEASE, where an import that does not publish binds them). Environment variables do
 * not (APIG exports none): the pre-flight names them, with app authorizations and user_data.
 */
import { RELEASE_ENV, type Api } from '../../src-shared/model';
import { exportDefinition, exportVersion, type ExportResult } from '../../src-shared/openapi/definitions';
import type { OasVersion } from '../../src-shared/openapi/plan';
import type { OutputFormat } from '../../src-shared/openapi/serialize';
import type { ExportScope } from '../../src-shared/openapi/write';
import type { WorkspaceStore } from '../store/workspace-store';

export interface ExportOptions {
  groupName: string;
  /** Default RELEASE; ignored by scope dev except in the file name. */
  envName?: string;
  scope?: ExportScope;
  oas?: OasVersion;
  format?: OutputFormat;
  /** info.version; default the export time, as APIG does. */
  version?: string;
}

export class ExportError extends Error {}

export function exportGroup(store: WorkspaceStore, options: ExportOptions): ExportResult {
  const group = store.groups.getByName(options.groupName);
  if (!group) throw new ExportError(`group '${options.groupName}' does not exist in the workspace`);
  const scope = options.scope ?? 'spec';
  const envName = options.envName ?? RELEASE_ENV;
  const env = store.environments.getByName(envName);
  if (!env && scope !== 'dev') throw new ExportError(`environment '${envName}' does not exist in the workspace`);
  let apis: Api[];
  if (scope === 'dev') {
    apis = store.apis.list({ groupId: group.id });
  } else {
    apis = store.publications
      .active(env!.id)
      .map((p) => p.snapshot)
      .filter((api) => api.groupId === group.id);
  }
  const envNames = new Map(store.environments.list().map((e) => [e.id, e.name]));
  const appNames = new Map(store.apps.list().map((a) => [a.id, a.name]));
  const appsByApi = new Map<string, string[]>();
  for (const grant of env ? store.apps.authorizations({ envId: env.id }) : []) {
    appsByApi.set(grant.apiId, [...(appsByApi.get(grant.apiId) ?? []), appNames.get(grant.appId) ?? grant.appId].sort());
  }
  return exportDefinition({
    group,
    apis,
    outside: {
      variables: store.variables.list({ groupId: group.id }).map((v) => ({ name: v.name, envName: envNames.get(v.envId) ?? v.envId })),
      appsByApi,
    },
    authorizers: store.authorizers.list(),
    responseSets: store.responseSets.list(group.id),
    policies: {
      throttles: store.throttles.list(),
      accessControls: store.accessControls.list(),
      plugins: store.plugins.list(),
      orchestrations: store.orchestrations.list(),
      bindings: env ? store.policyBindings.list().filter((b) => b.envId === env.id) : [],
    },
    scope,
    oas: options.oas ?? '2.0',
    format: options.format ?? 'json',
    envName,
    version: options.version ?? exportVersion(new Date()),
  });
}
