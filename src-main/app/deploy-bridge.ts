/**
 * Contract handlers for function bindings and deploy. Keys come with the call (typed into the
 * Deploy screen, used for this call only) or from the core's environment; the core never stores
 * them. Remembering keys is the Electron shell's job (safeStorage), before the call reaches here.
 */
import type { DeployArgs, WorkbenchApi } from '../../src-shared/contract';
import { CredentialsError, loadCredentials, maskAccessKey, type CloudCredentials } from '../cloud/credentials';
import { DeployInputError, Deployment } from '../cloud/deploy';
import { EndpointError, resolveEndpoints } from '../cloud/endpoints';
import type { Workbench } from './workbench';
import { HostError } from '../../src-shared/host-error';
import { notFound } from './contract-errors';

type DeployMethods = Pick<WorkbenchApi, 'listFunctionBindings' | 'bindFunction' | 'unbindFunction' | 'cloudKeysStatus' | 'planDeploy' | 'applyDeploy'>;

export function deployHandlers(current: () => Workbench, env: Record<string, string | undefined> = process.env): DeployMethods {
  const store = () => current().store;

  function deployment(args: DeployArgs): Deployment {
    const s = store();
    const group = s.groups.get(args.groupId) ?? missing('API group', args.groupId);
    const environment = s.environments.get(args.envId) ?? missing('environment', args.envId);
    if (args.rememberKeys) throw new HostError('unavailable', 'this host cannot remember cloud keys (only the desktop app can, in the OS keychain)');
    let credentials: CloudCredentials;
    let endpoints;
    try {
      endpoints = resolveEndpoints({ region: args.region, endpoint: args.endpoint, functionGraphEndpoint: args.functionGraphEndpoint });
      credentials = args.keys ? { ak: args.keys.ak, sk: args.keys.sk, securityToken: args.keys.securityToken || undefined } : loadCredentials({ env });
    } catch (error) {
      if (error instanceof EndpointError) throw new HostError('invalid-argument', error.message);
      if (error instanceof CredentialsError) throw new HostError('unauthorized', error.message);
      throw error;
    }
    return new Deployment(s, { groupName: group.name, envName: environment.name, projectId: args.projectId, instanceId: args.instanceId, endpoints, credentials });
  }

  async function run(args: DeployArgs, apply: boolean) {
    const d = deployment(args);
    try {
      const report = await d.plan();
      return apply ? await d.apply() : report;
    } catch (error) {
      if (error instanceof DeployInputError) throw new HostError('invalid-argument', error.message);
      throw error;
    }
  }

  return {
    listFunctionBindings: async (args) => store().functionBindings.list({ functionId: args?.functionId, envId: args?.envId }),
    bindFunction: async ({ functionId, envId, urn }) => store().functionBindings.bind(functionId, envId, urn),
    unbindFunction: async ({ functionId, envId }) => store().functionBindings.unbind(functionId, envId),
    cloudKeysStatus: async () => ({
      environment: env.HUAWEICLOUD_SDK_AK && env.HUAWEICLOUD_SDK_SK ? { accessKeyHint: maskAccessKey(env.HUAWEICLOUD_SDK_AK) } : undefined,
      canRemember: false,
    }),
    planDeploy: (args) => run(args, false),
    applyDeploy: (args) => run(args, true),
  };
}

function missing(what: string, id: string): never {
  throw notFound(what, id);
}
