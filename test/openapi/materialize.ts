/**
 * Test helper: turns an ImportPlan into the model entities the store would hold (ids, links by id),
 * so the pure layer's round trip can be checked without a database.
 */
import type { Api, Authorizer, GatewayResponseSet } from '../../src-shared/model';
import type { ImportPlan } from '../../src-shared/openapi/plan';
import type { ExportRequest } from '../../src-shared/openapi/definitions';
import type { ExportScope } from '../../src-shared/openapi/write';

export interface Materialized {
  apis: Api[];
  authorizers: Authorizer[];
  responseSets: GatewayResponseSet[];
}

export function materialize(plan: ImportPlan): Materialized {
  const stamp = '2024-01-01T00:00:00.000Z';
  const authorizers: Authorizer[] = plan.authorizers.map(({ pointer: _p, ...a }, i) => ({ ...a, id: `auth-${i}`, createdAt: stamp, updatedAt: stamp }));
  const responseSets: GatewayResponseSet[] = plan.responseSets.map(({ pointer: _p, ...s }, i) => ({ ...s, id: `rs-${i}`, groupId: 'g' }));
  const apis: Api[] = plan.apis.map(({ pointer: _p, authorizerName, responseSetName, ...draft }, i) => {
    const api: Api = { ...draft, id: `api-${i}`, groupId: 'g', createdAt: stamp, updatedAt: stamp };
    if (authorizerName) api.authorizerId = authorizers.find((a) => a.name === authorizerName)?.id ?? `missing-${authorizerName}`;
    if (responseSetName) {
      let set = responseSets.find((s) => s.name === responseSetName);
      if (!set) responseSets.push((set = { id: `rs-${responseSets.length}`, groupId: 'g', name: responseSetName, isDefault: responseSetName === 'default', responses: {} }));
      api.responseSetId = set.id;
    }
    return api;
  });
  return { apis, authorizers, responseSets };
}

export function exportRequest(plan: ImportPlan, m: Materialized, over: Partial<ExportRequest> & { scope?: ExportScope } = {}): ExportRequest {
  return {
    group: { name: plan.group.name, description: plan.group.description, domains: [] },
    apis: m.apis,
    authorizers: m.authorizers,
    responseSets: m.responseSets,
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
  return {
    apis: m.apis
      .map(({ id: _i, groupId: _g, createdAt: _c, updatedAt: _u, authorizerId, responseSetId, ...rest }) => ({
        ...rest,
        authorizer: authorizerId && authName.get(authorizerId),
        responseSet: responseSetId && setName.get(responseSetId),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    authorizers: m.authorizers.map(({ id: _i, createdAt: _c, updatedAt: _u, ...rest }) => rest).sort((a, b) => a.name.localeCompare(b.name)),
    responseSets: m.responseSets.map(({ id: _i, groupId: _g, ...rest }) => rest).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
