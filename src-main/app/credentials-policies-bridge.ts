/**
 * Contract handlers for credentials (apps, AppCodes, authorizations, IAM tokens) and policies
 * (throttling, access control, plug-ins, orchestration rules, bindings): thin calls into the store,
 * whose rules produce the field-level validation messages the UI shows.
 */
import type { WorkbenchApi } from '../../src-shared/contract';
import type { PolicyBinding, PolicyKind } from '../../src-shared/model';
import type { WorkspaceStore } from '../store/workspace-store';

type Handlers = Pick<
  WorkbenchApi,
  | 'listApps'
  | 'createApp'
  | 'updateApp'
  | 'removeApp'
  | 'addAppCode'
  | 'removeAppCode'
  | 'listAppAuthorizations'
  | 'authorizeApp'
  | 'unauthorizeApp'
  | 'listIamTokens'
  | 'createIamToken'
  | 'removeIamToken'
  | 'listThrottles'
  | 'createThrottle'
  | 'updateThrottle'
  | 'removeThrottle'
  | 'listAccessControls'
  | 'createAccessControl'
  | 'updateAccessControl'
  | 'removeAccessControl'
  | 'listPlugins'
  | 'createPlugin'
  | 'updatePlugin'
  | 'removePlugin'
  | 'listOrchestrations'
  | 'createOrchestration'
  | 'updateOrchestration'
  | 'removeOrchestration'
  | 'listPolicyBindings'
  | 'bindPolicy'
  | 'unbindPolicy'
>;

export function credentialsAndPolicyHandlers(store: () => WorkspaceStore): Handlers {
  /** The bindable repository of one policy kind. */
  const bindable = (kind: PolicyKind) => {
    const s = store();
    return kind === 'throttle' ? s.throttles : kind === 'acl' ? s.accessControls : s.plugins;
  };
  return {
    listApps: async () => store().apps.list(),
    createApp: async ({ input }) => store().apps.create(input),
    updateApp: async ({ id, patch }) => store().apps.update(id, patch),
    removeApp: async ({ id }) => store().apps.remove(id),
    addAppCode: async ({ appId, code }) => store().apps.addAppCode(appId, code),
    removeAppCode: async ({ appId, codeId }) => store().apps.removeAppCode(appId, codeId),
    listAppAuthorizations: async (args) => store().apps.authorizations({ appId: args?.appId, apiId: args?.apiId, envId: args?.envId }),
    authorizeApp: async ({ appId, apiId, envId }) => store().apps.authorize(appId, apiId, envId),
    unauthorizeApp: async ({ appId, apiId, envId }) => store().apps.unauthorize(appId, apiId, envId),

    listIamTokens: async () => store().iamTokens.list(),
    createIamToken: async (args) => store().iamTokens.create(args?.input ?? {}),
    removeIamToken: async ({ id }) => store().iamTokens.remove(id),

    listThrottles: async () => store().throttles.list(),
    createThrottle: async ({ input }) => store().throttles.create(input),
    updateThrottle: async ({ id, patch }) => store().throttles.update(id, patch),
    removeThrottle: async ({ id }) => store().throttles.remove(id),
    listAccessControls: async () => store().accessControls.list(),
    createAccessControl: async ({ input }) => store().accessControls.create(input),
    updateAccessControl: async ({ id, patch }) => store().accessControls.update(id, patch),
    removeAccessControl: async ({ id }) => store().accessControls.remove(id),
    listPlugins: async () => store().plugins.list(),
    createPlugin: async ({ input }) => store().plugins.create(input),
    updatePlugin: async ({ id, patch }) => store().plugins.update(id, patch),
    removePlugin: async ({ id }) => store().plugins.remove(id),
    listOrchestrations: async () => store().orchestrations.list(),
    createOrchestration: async ({ input }) => store().orchestrations.create(input),
    updateOrchestration: async ({ id, patch }) => store().orchestrations.update(id, patch),
    removeOrchestration: async ({ id }) => store().orchestrations.remove(id),

    listPolicyBindings: async (args) => {
      const filter = { policyId: args?.policyId, apiId: args?.apiId, envId: args?.envId };
      const kinds: PolicyKind[] = args?.kind ? [args.kind] : ['throttle', 'acl', 'plugin'];
      const all: PolicyBinding[] = kinds.flatMap((kind) => bindable(kind).bindings(filter));
      return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    bindPolicy: async ({ kind, policyId, apiId, envId }) => bindable(kind).bind(policyId, apiId, envId),
    unbindPolicy: async ({ kind, policyId, apiId, envId }) => bindable(kind).unbind(policyId, apiId, envId),
  };
}
