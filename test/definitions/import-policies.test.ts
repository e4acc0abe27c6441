import { describe, expect, it } from 'vitest';
import { exportGroup } from '../../src-main/definitions/export-group';
import { RICH_SWAGGER } from '../openapi/fixtures';
import { importText, openStore, workspaceContent } from './helpers';

const RELEASE = 'RELEASE';
/** The rich file without its #host# variable, so that it can be published right away. */
const PUBLISHABLE = RICH_SWAGGER.replace('#host#:8443', 'orders.example.com:8443');

/** One API naming a policy of each kind; `defs` is appended at the root. */
const ONE_API = (title: string, opExtra: string, defs = '') => `swagger: "2.0"
info: {title: ${title}, version: '1'}
paths:
  /a:
    get:
      operationId: a_api
      parameters: [{name: tier, in: query, type: string}]
${opExtra}
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}
${defs}`;

describe('policies in a real SQLite workspace', () => {
  it('imports every policy extension of the rich file into entities, backend policies and RELEASE bindings', () => {
    const store = openStore();
    const report = importText(store, RICH_SWAGGER);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.bindingEnv).toBe(RELEASE);
    const content = workspaceContent(store);
    expect(content.throttles).toEqual([
      { name: 'perMinute', apiCallLimits: 100, userCallLimits: 10, timeInterval: 1, timeUnit: 'MINUTE', type: 1, specials: [{ objectType: 'APP', objectId: 'app-id-1', callLimits: 5 }], remark: '' },
    ]);
    expect(content.accessControls).toEqual([{ name: 'officeOnly', aclType: 'PERMIT', entityType: 'IP', value: '10.0.0.0/8,192.168.0.1', remark: '' }]);
    expect(content.plugins).toEqual([{ name: 'Plugin_mock', type: 'set_resp_headers', content: '{"response_headers":[{"name":"X-Shop","value":"shop_api","action":"override"}]}', remark: '' }]);
    expect(content.orchestrations).toEqual([
      { name: 'Orch_one', strategy: 'list', isPreprocessing: false, mappedParam: { name: 'X-Verbosity', type: 'string', location: 'header' }, map: [{ mapParamList: ['5'], mappedParamValue: 'max' }] },
    ]);
    expect(content.bindings).toEqual(['acl officeOnly -> getOrder in RELEASE', 'plugin Plugin_mock -> getOrder in RELEASE', 'throttle perMinute -> getOrder in RELEASE']);
    const getOrder = content.groups[0].apis.find((a) => a.name === 'getOrder')!;
    expect(getOrder.backendPolicies?.[0]).toMatchObject({ name: 'canary_users', effectMode: 'ANY', backend: { type: 'HTTP', address: 'canary.example.com' } });
    expect(getOrder.backendPolicies?.[0].conditions.map((c) => c.origin)).toEqual(['param', 'param', 'source', 'system']);
    // Nothing of it is left in Api.extra.
    expect(JSON.stringify(getOrder.extra)).not.toMatch(/ratelimit|access-control|x-apigateway-plugins/);
    // The rule is in use by the parameter, so the store refuses to delete it.
    expect(() => store.orchestrations.remove(store.orchestrations.getByName('Orch_one')!.id)).toThrow(/used by request parameters of API\(s\) getOrder/);
  });

  it('binds in the environment the import publishes to', () => {
    const store = openStore();
    store.environments.create({ name: 'TEST_ENV' });
    const report = importText(store, PUBLISHABLE, { publishEnv: 'TEST_ENV' });
    expect(report.applied).toBe(true);
    expect(report.published).toHaveLength(4);
    expect(workspaceContent(store).bindings).toEqual([
      'acl officeOnly -> getOrder in TEST_ENV',
      'plugin Plugin_mock -> getOrder in TEST_ENV',
      'throttle perMinute -> getOrder in TEST_ENV',
    ]);
    const exported = JSON.parse(exportGroup(store, { groupName: 'shop_api', scope: 'all', envName: 'TEST_ENV', format: 'json', version: 'v' }).text);
    expect(exported.paths['/v1/orders/{orderId}'].get['x-apigateway-ratelimit']).toBe('perMinute');
    // Nothing is published (or bound) in RELEASE.
    expect(JSON.parse(exportGroup(store, { groupName: 'shop_api', scope: 'all', format: 'json', version: 'v' }).text).paths).toEqual({});
  });

  for (const oas of ['2.0', '3.0'] as const) {
    for (const format of ['json', 'yaml'] as const) {
      it(`scope all, OAS ${oas} ${format}: export -> import -> export is byte-identical and the workspaces match`, () => {
        const a = openStore();
        expect(importText(a, PUBLISHABLE, { publishEnv: RELEASE }).applied).toBe(true);
        const e1 = exportGroup(a, { groupName: 'shop_api', scope: 'all', oas, format, version: 'v1' });
        for (const key of ['x-apigateway-ratelimits', 'x-apigateway-access-controls', 'x-apigateway-plugins', 'x-apigateway-orchestrations']) expect(e1.text).toContain(key);
        const b = openStore();
        const r2 = importText(b, e1.text, { publishEnv: RELEASE });
        expect(r2.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(workspaceContent(b)).toEqual(workspaceContent(a));
        expect(exportGroup(b, { groupName: 'shop_api', scope: 'all', oas, format, version: 'v1' }).text).toBe(e1.text);
      });
    }
  }

  it('scope dev round-trips the bindings an import without publishing made', () => {
    const a = openStore();
    importText(a, RICH_SWAGGER);
    const e1 = exportGroup(a, { groupName: 'shop_api', scope: 'dev', format: 'yaml', version: 'v1' });
    const b = openStore();
    expect(importText(b, e1.text).applied).toBe(true);
    expect(workspaceContent(b)).toEqual(workspaceContent(a));
    expect(exportGroup(b, { groupName: 'shop_api', scope: 'dev', format: 'yaml', version: 'v1' }).text).toBe(e1.text);
  });

  it('a policy defined neither in the file nor in the workspace is an error at its line; nothing is written', () => {
    const store = openStore();
    const text = ONE_API('g_one', '      x-apigateway-ratelimit: nowhere\n      x-apigateway-plugins: [cors_plugin]', `x-apigateway-plugins:
  cors_plugin: {plugin_type: cors, plugin_content: '{"allow_origin":"*"}'}`);
    const report = importText(store, text);
    expect(report.applied).toBe(false);
    expect(report.diagnostics.find((d) => d.severity === 'error')).toMatchObject({
      pointer: '/paths/~1a/get/x-apigateway-ratelimit',
      line: 8,
      column: 7,
      message: "throttling policy 'nowhere' is defined neither in this file (x-apigateway-ratelimits) nor in the workspace",
    });
    expect(workspaceContent(store)).toEqual({ groups: [], throttles: [], accessControls: [], plugins: [], orchestrations: [], bindings: [] });
  });

  it('a name the file does not define binds the workspace policy of that name', () => {
    const store = openStore();
    const acl = store.accessControls.create({ name: 'partners', aclType: 'DENY', entityType: 'IP', value: '10.9.9.9' });
    const report = importText(store, ONE_API('g_one', '      x-apigateway-access-control: partners'));
    expect(report.applied).toBe(true);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringContaining("'partners' is not defined in this file") }));
    expect(store.accessControls.bindings({ policyId: acl.id })).toHaveLength(1);
  });

  it('a definition the store refuses is an error at the definition and rolls back the whole import', () => {
    const store = openStore();
    store.accessControls.create({ name: 'office', aclType: 'PERMIT', entityType: 'IP', value: '10.0.0.1' });
    const text = ONE_API('g_one', '      x-apigateway-access-control: office', `x-apigateway-access-controls:
  office: {acl-type: PERMIT, entity-type: DOMAIN, value: "tenant_a"}`);
    const report = importText(store, text, { extendMode: 'override' });
    expect(report.applied).toBe(false);
    expect(report.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ pointer: '/x-apigateway-access-controls/office', line: 11 });
    expect(report.diagnostics.find((d) => d.severity === 'error')?.message).toContain('restriction type (IP, DOMAIN, DOMAIN_ID) of an access-control policy cannot be modified');
    expect(store.groups.list()).toEqual([]);
    expect(store.accessControls.list()[0]).toMatchObject({ entityType: 'IP', value: '10.0.0.1' });
  });

  it('a missing orchestration rule is an error at the parameter that names it', () => {
    const store = openStore();
    const text = ONE_API('g_one', '').replace('type: string}]', 'type: string, x-apigateway-orchestrations: [Orch_gone]}]');
    const report = importText(store, text);
    expect(report.applied).toBe(false);
    expect(report.diagnostics.find((d) => d.severity === 'error')).toMatchObject({
      pointer: '/paths/~1a/get/parameters/0/x-apigateway-orchestrations/0',
      line: 7,
      message: "orchestration rule 'Orch_gone' is defined neither in this file (x-apigateway-orchestrations) nor in the workspace",
    });
  });

  it('api-mode override replaces the binding in the same slot; extend-mode override updates a plug-in', () => {
    const store = openStore();
    const plugin = (value: string) => `x-apigateway-plugins:
  hdr: {plugin_type: set_resp_headers, plugin_content: '{"response_headers":[{"name":"X-A","value":"${value}","action":"override"}]}'}`;
    const limits = `x-apigateway-ratelimits:
  slow: {api-limit: 10, interval: 1, unit: MINUTE}
  fast: {api-limit: 100, interval: 1, unit: SECOND}`;
    importText(store, ONE_API('g_one', '      x-apigateway-ratelimit: slow\n      x-apigateway-plugins: [hdr]', `${plugin('1')}\n${limits}`));
    const report = importText(store, ONE_API('g_one', '      x-apigateway-ratelimit: fast\n      x-apigateway-plugins: [hdr]', `${plugin('2')}\n${limits}`), {
      groupName: 'g_one',
      apiMode: 'override',
      extendMode: 'override',
    });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The definitions the file does not bind ('slow' this time) are not imported again, but the workspace keeps them.
    expect(workspaceContent(store).bindings).toEqual(['plugin hdr -> a_api in RELEASE', 'throttle fast -> a_api in RELEASE']);
    expect(store.plugins.list()[0].content).toContain('"value":"2"');
  });

  it('reports two plug-ins of one type on one API with the reference position', () => {
    const store = openStore();
    const text = ONE_API('g_one', '      x-apigateway-plugins: [h_one, h_two]', `x-apigateway-plugins:
  h_one: {plugin_type: set_resp_headers, plugin_content: '{"response_headers":[]}'}
  h_two: {plugin_type: set_resp_headers, plugin_content: '{"response_headers":[]}'}`);
    const report = importText(store, text);
    expect(report.applied).toBe(false);
    expect(report.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ pointer: '/paths/~1a/get/x-apigateway-plugins/1', line: 8 });
  });
});

describe('store field paths to file pointers', () => {
  it('maps backend-policy fields to the policy list, a policy backend field to its item', async () => {
    const { pointerForField } = await import('../../src-main/definitions/apply-import');
    expect(pointerForField('/p', 'backendPolicies[1].conditions[0].paramName')).toBe('/p/x-apigateway-backend-policies/1/conditions/0/parameter');
    expect(pointerForField('/p', 'backendPolicies[0].backend.params[0].name')).toBe('/p/x-apigateway-backend-policies/0');
    expect(pointerForField('/p', 'backendPolicies')).toBe('/p/x-apigateway-backend-policies');
  });
});
