/**
 * Applies an ImportPlan to the workspace in one transaction: group, authorizers, gateway response
 * sets, APIs (api-mode merge/override), throttling/ACL definitions (extend-mode), function binding
 * and optional publishing. Any error — from the file, the pre-flight or the store's own validation —
 * rolls everything back; the store's errors come back as diagnostics at the API's pointer and line.
 */
import { RELEASE_ENV, type ApiGroup, type Authorizer, type Environment, type GatewayResponseSet } from '../../src-shared/model';
import { DiagnosticSink, hasErrors, joinPointer, type Diagnostic, type PositionLocator } from '../../src-shared/openapi/diagnostics';
import { pointerForField } from '../../src-shared/openapi/api-pointers';
import type { ApiDraft, AuthorizerDraft, ImportPlan } from '../../src-shared/openapi/plan';
import { ValidationError, type WorkspaceStore } from '../store/workspace-store';
import type { ApiInput } from '../store/inputs';
import type { ImportMode } from '../../src-shared/openapi/import-mode';
import { bindFunctions, type BindResult } from './bind-functions';
import { applyPolicies, bindApiPolicies, checkOrchestrationRefs } from './apply-policies';


export interface ImportOptions {
  /** Import into this existing group; without it a new group named after info.title is created. */
  groupName?: string;
  /** Existing API with the same name or route: merge keeps it (the imported one is ignored), override replaces it. */
  apiMode?: ImportMode;
  /** Existing authorizer / gateway response set / policy of the same name: merge keeps it, override replaces it. */
  extendMode?: ImportMode;
  /**
   * Publish every created or updated API to this environment. Throttling, access-control and
   * plug-in policies are bound in it too; without it they are bound in RELEASE (see bindingEnv).
   */
  publishEnv?: string;
  /** Folder with the functions' code (see bind-functions). */
  functionsDir?: string;
}

export interface ImportedApi {
  id: string;
  name: string;
  method: string;
  path: string;
  action: 'create' | 'update';
}

export interface ImportReport {
  /** false when nothing was written (errors, see diagnostics). */
  applied: boolean;
  group?: { id: string; name: string; created: boolean };
  apis: ImportedApi[];
  /** APIs left out because an identical one exists and api-mode is merge. */
  ignored: { name: string; method: string; path: string }[];
  published: string[];
  /** Where the imported APIs' policies were bound. */
  bindingEnv?: string;
  functions: BindResult['bound'];
  diagnostics: Diagnostic[];
}

class Rollback extends Error {}

export function applyImport(store: WorkspaceStore, plan: ImportPlan, locator: PositionLocator, options: ImportOptions = {}): ImportReport {
  const sink = new DiagnosticSink(locator);
  sink.items.push(...plan.diagnostics);
  const report: ImportReport = { applied: false, apis: [], ignored: [], published: [], functions: [], diagnostics: sink.items };
  if (sink.hasErrors) return report;
  const snapshot = { apis: [] as ImportedApi[], ignored: [] as ImportReport['ignored'], published: [] as string[] };
  try {
    store.transaction(() => {
      const group = resolveGroup(store, plan, options, sink);
      const env = options.publishEnv ? store.environments.getByName(options.publishEnv) : undefined;
      if (options.publishEnv && !env) sink.error('', `environment '${options.publishEnv}' does not exist in the workspace`);
      if (!group || sink.hasErrors) throw new Rollback();
      const bindEnv = bindingEnv(store, env);
      report.group = group;
      if (options.functionsDir) report.functions = bindFunctions(store, plan.functionRefs, options.functionsDir).bound;
      reportUnboundFunctions(store, plan, sink);
      const authorizerIds = applyAuthorizers(store, plan.authorizers, options.extendMode ?? 'merge', sink);
      const responseSets = applyResponseSets(store, group.id, plan, options.extendMode ?? 'merge', sink);
      const policyIds = applyPolicies(store, plan, options.extendMode ?? 'merge', sink);
      const existing = store.apis.list({ groupId: group.id });
      for (const draft of plan.apis) {
        checkOrchestrationRefs(store, draft, policyIds, sink);
        const input = toApiInput(draft, group.id, authorizerIds, responseSets, store, sink);
        if (!input) continue;
        const same =
          existing.find((a) => a.name === draft.name) ??
          existing.find((a) => a.method === draft.method && a.path === draft.path && a.matchMode === draft.matchMode);
        const result = guard(sink, draft, () => {
          if (!same) return { api: store.apis.create(input), action: 'create' as const };
          if ((options.apiMode ?? 'merge') === 'merge') {
            sink.warning(draft.pointer, `API '${draft.name}' not imported: the group already has API '${same.name}' with this name or route (use api-mode override to replace it)`);
            snapshot.ignored.push({ name: draft.name, method: draft.method, path: draft.path });
            return undefined;
          }
          return { api: store.apis.update(same.id, input), action: 'update' as const };
        });
        if (!result) continue;
        const { api, action } = result;
        snapshot.apis.push({ id: api.id, name: api.name, method: api.method, path: api.path, action });
        bindApiPolicies(store, api.id, draft, bindEnv.id, policyIds, sink);
        if (env) {
          const ok = guard(sink, draft, () => store.publications.publish(api.id, env.id, 'import'));
          if (ok) snapshot.published.push(api.id);
        }
      }
      if (sink.hasErrors) throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    report.group = undefined;
    report.functions = [];
    return report;
  }
  report.applied = true;
  report.bindingEnv = bindingEnv(store, options.publishEnv ? store.environments.getByName(options.publishEnv) : undefined).name;
  report.apis = snapshot.apis;
  report.ignored = snapshot.ignored;
  report.published = snapshot.published;
  return report;
}

function resolveGroup(store: WorkspaceStore, plan: ImportPlan, options: ImportOptions, sink: DiagnosticSink): ImportReport['group'] {
  if (options.groupName !== undefined) {
    const group = store.groups.getByName(options.groupName);
    if (!group) sink.error('', `group '${options.groupName}' does not exist in the workspace (APIG.3001)`);
    if (group) adoptSubdomain(store, group, plan, sink);
    return group && { id: group.id, name: group.name, created: false };
  }
  if (store.groups.getByName(plan.group.name)) {
    sink.error('/info/title', `the API group name already exists: ${plan.group.name} (APIG.3201); import into it with --group`);
    return undefined;
  }
  let created: ApiGroup | undefined;
  try {
    created = store.groups.create({ name: plan.group.name, description: plan.group.description, subdomain: plan.group.subdomain });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) sink.error(issue.field === 'description' ? '/info/description' : '/info/title', `group: ${issue.field} ${issue.message}`);
    return undefined;
  }
  return { id: created.id, name: created.name, created: true };
}

/** An existing group without a subdomain takes the file's; one with its own keeps it, and says so. */
function adoptSubdomain(store: WorkspaceStore, group: ApiGroup, plan: ImportPlan, sink: DiagnosticSink): void {
  const subdomain = plan.group.subdomain;
  if (!subdomain || subdomain === group.subdomain) return;
  if (group.subdomain === '') store.groups.update(group.id, { subdomain });
  else sink.warning(plan.version === '2.0' ? '/host' : '/servers', `group '${group.name}' keeps its subdomain ${group.subdomain}; the file's ${subdomain} is not taken`);
}

function reportUnboundFunctions(store: WorkspaceStore, plan: ImportPlan, sink: DiagnosticSink): void {
  const reported = new Set<string>();
  for (const ref of plan.functionRefs) {
    if (reported.has(ref.name) || store.functions.getByName(ref.name)) continue;
    reported.add(ref.name);
    const effect = ref.usedBy === 'authorizer' ? 'the gateway answers AUTHORIZER_CONF_FAILURE' : 'the backend call fails';
    sink.warning(ref.pointer, `function '${ref.name}' (${ref.urn}) has no local code: bind it with --functions DIR (DIR/${ref.name}.js, .py or ${ref.name}/index.js|py), else ${effect}`);
  }
}

function applyAuthorizers(store: WorkspaceStore, drafts: AuthorizerDraft[], mode: ImportMode, sink: DiagnosticSink): Map<string, string> {
  const ids = new Map<string, string>();
  for (const { pointer, ...draft } of drafts) {
    const existing = store.authorizers.getByName(draft.name);
    try {
      if (!existing) {
        ids.set(draft.name, store.authorizers.create(draft).id);
      } else if (mode === 'override') {
        // user_data is never in a file: keep what the workspace has unless the file brought one.
        ids.set(draft.name, store.authorizers.update(existing.id, { ...draft, userData: draft.userData || existing.userData }).id);
      } else {
        ids.set(draft.name, existing.id);
        if (!sameAuthorizer(existing, draft)) sink.warning(pointer, `authorizer '${draft.name}' exists and differs; kept as is (use extend-mode override to replace it)`);
      }
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) sink.error(pointer, `authorizer '${draft.name}': ${issue.field} ${issue.message}`);
    }
  }
  return ids;
}

function sameAuthorizer(a: Authorizer, d: Omit<AuthorizerDraft, 'pointer'>): boolean {
  const pick = (x: Omit<AuthorizerDraft, 'pointer'> | Authorizer) => JSON.stringify([x.type, x.functionUrn, x.networkType, x.identities, x.ttl, x.needBody, x.relaxed, x.retryAttempts, x.timeoutMs, x.authorizerVersion, x.authorizerAliasUri]);
  return pick(a) === pick(d);
}

function applyResponseSets(store: WorkspaceStore, groupId: string, plan: ImportPlan, mode: ImportMode, sink: DiagnosticSink): Map<string, GatewayResponseSet> {
  const byName = new Map(store.responseSets.list(groupId).map((s) => [s.name, s]));
  for (const draft of plan.responseSets) {
    const existing = byName.get(draft.name);
    try {
      if (!existing) {
        byName.set(draft.name, store.responseSets.create({ groupId, name: draft.name, responses: draft.responses }));
      } else if (JSON.stringify(existing.responses) !== JSON.stringify(draft.responses)) {
        // A new group starts with an empty default set: the file's version is taken whatever the mode.
        const fresh = Object.keys(existing.responses).length === 0;
        if (mode === 'override' || fresh) byName.set(draft.name, store.responseSets.update(existing.id, { responses: draft.responses }));
        else sink.warning(draft.pointer, `gateway response '${draft.name}' exists and differs; kept as is (use extend-mode override to replace it)`);
      }
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) sink.error(joinPointer(draft.pointer, ...issue.field.split('.').filter(Boolean)), `gateway response '${draft.name}': ${issue.message}`);
    }
  }
  return byName;
}

/**
 * APIG binds throttling, access-control and plug-in policies per environment, a file does not say
 * which. The import binds them where it publishes; an import that does not publish binds them in
 * RELEASE, the environment APIG serves by default, so a later export (scope all of RELEASE, or dev)
 * writes them back. [U] — see docs/fidelity.md.
 */
export function bindingEnv(store: WorkspaceStore, publishEnv: Environment | undefined): Environment {
  return publishEnv ?? store.environments.getByName(RELEASE_ENV)!;
}

function toApiInput(
  draft: ApiDraft,
  groupId: string,
  authorizerIds: Map<string, string>,
  responseSets: Map<string, GatewayResponseSet>,
  store: WorkspaceStore,
  sink: DiagnosticSink,
): ApiInput | undefined {
  const { pointer, authorizerName, responseSetName, policyRefs: _refs, ...fields } = draft;
  let authorizerId: string | undefined;
  if (authorizerName) {
    authorizerId = authorizerIds.get(authorizerName) ?? store.authorizers.getByName(authorizerName)?.id;
    if (!authorizerId) {
      sink.error(joinPointer(pointer, 'security'), `authorizer '${authorizerName}' is defined neither in this file (x-apigateway-authorizer) nor in the workspace`);
      return undefined;
    }
  }
  let responseSetId: string | undefined;
  if (responseSetName) {
    responseSetId = responseSets.get(responseSetName)?.id;
    if (!responseSetId) sink.warning(joinPointer(pointer, 'x-apigateway-response'), `gateway response '${responseSetName}' is not defined; the group default is used`);
  }
  // Every optional key is listed so that an override clears what the file does not set.
  return {
    contentType: undefined,
    resultNormalSample: undefined,
    resultFailureSample: undefined,
    extra: undefined,
    // An empty list clears the policies of an API the import overrides.
    backendPolicies: [],
    ...fields,
    groupId,
    authorizerId,
    responseSetId,
  };
}

/** Runs a store write; a ValidationError becomes diagnostics at the API's pointer. */
function guard<T>(sink: DiagnosticSink, draft: ApiDraft, write: () => T): T | undefined {
  try {
    return write();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) sink.error(pointerForField(draft.pointer, issue.field), `API '${draft.name}': ${issue.field || 'API'} ${issue.message}`);
    return undefined;
  }
}

export { pointerForField };
export { hasErrors };
