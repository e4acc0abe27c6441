/**
 * An imported file's policies at work: the file is imported (and published) into a real workspace
 * behind a real gateway, then real requests show the throttling policy, the ACL, the backend policy
 * (doc vocabulary), the plug-in and the orchestration rule the file defined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planImport } from '../../src-shared/openapi/definitions';
import { applyImport, type ImportReport } from '../../src-main/definitions/apply-import';
import { exportGroup } from '../../src-main/definitions/export-group';
import { createFixture, type Fixture } from '../gateway/fixture';

const definition = (echoAddress: string) => `swagger: "2.0"
info: {title: imported_policies, version: '1'}
paths:
  /limited:
    get:
      operationId: limited_api
      x-apigateway-ratelimit: twoPerDay
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: limited}}
  /denied:
    get:
      operationId: denied_api
      x-apigateway-access-control: denyLocal
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: never}}
  /routed:
    get:
      operationId: routed_api
      parameters:
        - {name: tier, in: query, type: string}
        - {name: region, in: query, type: string, x-apigateway-orchestrations: [region_rule]}
      x-apigateway-plugins: [stamp_headers]
      x-apigateway-backend:
        type: HTTP
        httpEndpoints: {address: "${echoAddress}", scheme: http, method: GET, path: /default}
      x-apigateway-backend-policies:
        - name: gold_route
          type: HTTP
          effectMode: ALL
          httpEndpoints: {address: "${echoAddress}", scheme: http, method: GET, path: /gold}
          conditions:
            - {type: equal, origin: request, parameter_name: tier, value: gold}
x-apigateway-ratelimits:
  twoPerDay: {api-limit: 2, interval: 1, unit: DAY}
x-apigateway-access-controls:
  denyLocal: {acl-type: DENY, entity-type: IP, value: "10.1.1.1,127.0.0.1"}
x-apigateway-plugins:
  stamp_headers: {plugin_type: set_resp_headers, plugin_content: '{"response_headers":[{"name":"X-Imported","value":"yes","action":"override"}]}'}
x-apigateway-orchestrations:
  region_rule:
    orchestration_strategy: list
    orchestration_mapped_param: {mapped_param_name: X-Region, mapped_param_type: string, mapped_param_location: header}
    orchestration_map:
      - {map_param_list: [cn, hk], mapped_param_value: asia}
`;

describe('an imported definition drives the gateway', () => {
  let f: Fixture;
  let report: ImportReport;
  let text: string;
  beforeAll(async () => {
    f = await createFixture();
    text = definition(f.echo.url.replace('http://', ''));
    const { plan, locator } = planImport(text, { newGroup: false });
    report = applyImport(f.workbench.store, plan, locator, { groupName: f.group.name, publishEnv: 'RELEASE' });
  });
  afterAll(() => f.close());

  it('imports and publishes every API', () => {
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.applied).toBe(true);
    expect(report.published).toHaveLength(3);
  });

  it('the throttling policy trips on the third call with 429 APIG.0308', async () => {
    expect((await f.send('/limited')).status).toBe(200);
    expect((await f.send('/limited')).status).toBe(200);
    const res = await f.send('/limited');
    expect(res.status).toBe(429);
    expect(res.json().error_code).toBe('APIG.0308');
  });

  it('the access-control policy denies the caller with 403 APIG.0402', async () => {
    const res = await f.send('/denied');
    expect(res.status).toBe(403);
    expect(res.json().error_code).toBe('APIG.0402');
  });

  it('the backend policy routes a matching request to its own backend, others to the default', async () => {
    // region is orchestrated: without it the rule answers ORCHESTRATION_PARAMETER_NOT_FOUND.
    expect((await f.send('/routed?tier=gold&region=cn')).echoed().path).toBe('/gold');
    expect((await f.send('/routed?tier=silver&region=cn')).echoed().path).toBe('/default');
  });

  it('the plug-in sets its response header and the orchestration rule maps the parameter', async () => {
    const res = await f.send('/routed?region=hk');
    expect(res.status).toBe(200);
    expect(res.headers['x-imported']).toBe('yes');
    expect(res.echoed().headers['x-region']).toBe('asia');
  });

  it('exports the same policies back with scope all', () => {
    const doc = JSON.parse(exportGroup(f.workbench.store, { groupName: f.group.name, scope: 'all', format: 'json', version: 'v' }).text);
    expect(doc['x-apigateway-ratelimits']).toEqual({ twoPerDay: { 'api-limit': 2, interval: 1, shared: false, unit: 'DAY' } });
    expect(doc['x-apigateway-access-controls']).toEqual({ denyLocal: { 'acl-type': 'DENY', 'entity-type': 'IP', value: '10.1.1.1,127.0.0.1' } });
    const routed = doc.paths['/routed'].get;
    expect(routed['x-apigateway-plugins']).toEqual(['stamp_headers']);
    expect(routed['x-apigateway-backend-policies'][0].conditions).toEqual([{ type: 'equal', origin: 'request', parameter_name: 'tier', value: 'gold' }]);
    expect(Object.keys(doc['x-apigateway-orchestrations'])).toEqual(['region_rule']);
  });
});
