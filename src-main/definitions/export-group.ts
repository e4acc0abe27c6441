/**
 * Export of one group from the workspace: for an environment, the API snapshots published there;
 * with scope dev, the drafts. Authorizers, gateway response sets and (scopes all and dev) the
 * policies bound in the environment go with them — for dev, the bindings of the named environment
 * (default RELEASE, where an import that does not publish binds them). Environment variables do
 * not (APIG exports none): the pre-flight names them, with app authorizations and user_data.
 *
 * Function references are written with the URNs bound in the environment (function-bindings.ts);
 * for the scopes that carry backends (proxy, all) a reference left on a local placeholder, or a
 * #var# the environment does not define, is a pre-flight error: such a file does not deploy.
 */
import { RELEASE_ENV, type Api } from '../../src-shared/model';
import { exportDefinition, exportVersion, type ExportResult } from '../../src-shared/openapi/definitions';
import type { OasVersion } from '../../src-shared/openapi/plan';
import type { OutputFormat } from '../../src-shared/openapi/serialize';
import type { ExportScope } from '../../src-shared/openapi/write';
import type { WorkspaceStore } from '../store/workspace-store';
import { parseText } from '../../src-shared/openapi/parse';
import { bindApi, bindAuthorizer, boundUrns, deployChecks, type UrnMap } from './function-bindings';

export interface ExportOptions {
  groupName: string;
  /** Default RELEASE; ignored by scope dev except in the file name. */
  envName?: string;
  scope?: ExportScope;
  oas?: OasVersion;
  format?: OutputFormat;
  /** info.version; default the export time, as APIG does. */
  version?: string;
  /** URNs that win over the environment's bindings (deploy passes the versions it just published). */
  urns?: UrnMap;
}

/** Scopes whose files carry backends and authorizers, i.e. the ones meant to be deployed. */
const DEPLOYABLE_SCOPES: readonly ExportScope[] = ['proxy', 'all'];

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
  const urns = new Map([...(env ? boundUrns(store, env.id) : []), ...(options.urns ?? [])]);
  apis = apis.map((api) => bindApi(api, urns));
  const authorizers = store.authorizers.list().map((a) => bindAuthorizer(a, urns));
  const oas = options.oas ?? '2.0';
  const format = options.format ?? 'json';
  const result = exportDefinition({
    group,
    apis,
    outside: {
      variables: store.variables.list({ groupId: group.id }).map((v) => ({ name: v.name, envName: envNames.get(v.envId) ?? v.envId })),
      appsByApi,
    },
    authorizers,
    responseSets: store.responseSets.list(group.id),
    policies: {
      throttles: store.throttles.list(),
      accessControls: store.accessControls.list(),
      plugins: store.plugins.list(),
      orchestrations: store.orchestrations.list(),
      bindings: env ? store.policyBindings.list().filter((b) => b.envId === env.id) : [],
    },
    scope,
    oas,
    format,
    envName,
    version: options.version ?? exportVersion(new Date()),
  });
  if (!env || !DEPLOYABLE_SCOPES.includes(scope)) return result;
  const used = new Set(apis.flatMap((a) => [a.authorizerId, a.backend.authorizerId]).filter(Boolean));
  const problems = deployChecks({
    envName,
    apis,
    authorizers: authorizers.filter((a) => used.has(a.id)),
    variables: new Set(store.variables.list({ groupId: group.id, envId: env.id }).map((v) => v.name)),
    oas,
  });
  if (!problems.length) return result;
  const { locator } = parseText(result.text, { format, limits: { maxChars: Infinity } });
  return { ...result, diagnostics: [...result.diagnostics, ...problems.map((d) => ({ ...d, ...locator.locate(d.pointer) }))] };
}
