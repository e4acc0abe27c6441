/**
 * Test helper: turns an ImportPlan into the model entities the store would hold (ids, links by id,
 * policy bindings in RELEASE), so the pure layer's round trip can be checked without a database.
 */
import type { AccessControlPolicy, Api, Authorizer, GatewayResponseSet, OrchestrationRule, Plugin, PolicyBinding, PolicyKind, ThrottlePolicy } from '../../src-shared/model';
import type { ImportPlan } from '../../src-shared/openapi/plan';
import type { ExportRequest } from '../../src-shared/openapi/definitions';
import type { ExportScope } from '../../src-shared/openapi/write';

export interface Materialized {
  apis: Api[];
  authorizers: Authorizer[];
  responseSets: GatewayResponseSet[];
  throttles: ThrottlePolicy[];
  accessControls: AccessControlPolicy[];
  plugins: Plugin[];
  orchestrations: OrchestrationRule[];
  bindings: PolicyBinding[];
}

const stamp = '2024-01-01T00:00:00.000Z';
export const RELEASE_ID = 'env-release';

function entities<T extends { pointer: string }>(drafts: T[], prefix: string) {
  return drafts.map(({ pointer: _p, ...d }, i) => ({ ...d, id: `${prefix}-${i}`, createdAt: stamp, updatedAt: stamp }));
}

export function materialize(plan: ImportPlan): Materialized {
  const authorizers: Authorizer[] = entities(plan.authorizers, 'auth');
  const responseSets: GatewayResponseSet[] = plan.responseSets.map(({ pointer: _p, ...s }, i) => ({ ...s, id: `rs-${i}`, groupId: 'g' }));
  const throttles: ThrottlePolicy[] = entities(plan.throttles, 'thr');
  const accessControls: AccessControlPolicy[] = entities(plan.accessControls, 'acl');
  const plugins: Plugin[] = entities(plan.plugins, 'plg');
  const orchestrations: OrchestrationRule[] = entities(plan.orchestrations, 'orc');
  const bindings: PolicyBinding[] = [];
  const bind = (kind: PolicyKind, list: { id: string; name: string }[], name: string, apiId: string) => {
    const policy = list.find((p) => p.name === name);
    if (policy) bindings.push({ id: `b-${bindings.length}`, kind, policyId: policy.id, apiId, envId: RELEASE_ID, createdAt: stamp });
  };
  const apis: Api[] = plan.apis.map(({ pointer: _p, authorizerName, responseSetName, policyRefs, ...draft }, i) => {
    const api: Api = { ...draft, id: `api-${i}`, groupId: 'g', createdAt: stamp, updatedAt: stamp };
    if (authorizerName) api.authorizerId = authorizers.find((a) => a.name === authorizerName)?.id ?? `missing-${authorizerName}`;
    if (responseSetName) {
      let set = responseSets.find((s) => s.name === responseSetName);
      if (!set) responseSets.push((set = { id: `rs-${responseSets.length}`, groupId: 'g', name: responseSetName, isDefault: responseSetName === 'default', responses: {} }));
      api.responseSetId = set.id;
    }
    if (policyRefs?.throttle) bind('throttle', throttles, policyRefs.throttle.name, api.id);
    if (policyRefs?.acl) bind('acl', accessControls, policyRefs.acl.name, api.id);
    for (const p of policyRefs?.plugins ?? []) bind('plugin', plugins, p.name, api.id);
    return api;
  });
  return { apis, authorizers, responseSets, throttles, accessControls, plugins, orchestrations, bindings };
}

export function exportRequest(plan: ImportPlan, m: Materialized, over: Partial<ExportRequest> & { scope?: ExportScope } = {}): ExportRequest {
  return {
    group: { name: plan.group.name, description: plan.group.description, domains: [], subdomain: plan.group.subdomain ?? '' },
    apis: m.apis,
    authorizers: m.authorizers,
    responseSets: m.responseSets,
    policies: { throttles: m.throttles, accessControls: m.accessControls, plugins: m.plugins, orchestrations: m.orchestrations, bindings: m.bindings },
    scope: 'all',
    oas: plan.version,
    format: plan.format,
    envName: 'RELEASE',
    version: '2024-01-01-00:00:00',
    ...over,
  };
}

/** The workspace content without ids and timestamps, for comparing two imports. */
export function comparable(m: Materialized): unknown {
  const authName = new Map(m.authorizers.map((a) => [a.id, a.name]));
  const setName = new Map(m.responseSets.map((s) => [s.id, s.name]));
  const apiName = new Map(m.apis.map((a) => [a.id, a.name]));
  const policyName = new Map([...m.throttles, ...m.accessControls, ...m.plugins].map((p) => [p.id, p.name]));
  const bare = <T extends { id: string; createdAt: string; updatedAt: string; name: string }>(list: T[]) =>
    list.map(({ id: _i, createdAt: _c, updatedAt: _u, ...rest }) => rest).sort((a, b) => a.name.localeCompare(b.name));
  return {
    apis: m.apis
      .map(({ id: _i, groupId: _g, createdAt: _c, updatedAt: _u, authorizerId, responseSetId, ...rest }) => ({
        ...rest,
        authorizer: authorizerId && authName.get(authorizerId),
        responseSet: responseSetId && setName.get(responseSetId),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    authorizers: bare(m.authorizers),
    responseSets: m.responseSets.map(({ id: _i, groupId: _g, ...rest }) => rest).sort((a, b) => a.name.localeCompare(b.name)),
    throttles: bare(m.throttles),
    accessControls: bare(m.accessControls),
    plugins: bare(m.plugins),
    orchestrations: bare(m.orchestrations),
    bindings: m.bindings.map((b) => `${b.kind} ${policyName.get(b.policyId)} -> ${apiName.get(b.apiId)} in ${b.envId}`).sort(),
  };
}
