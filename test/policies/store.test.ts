import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, ValidationError, WorkspaceStore } from '../../src-main/store/workspace-store';
import { migrations } from '../../src-main/store/migrations';

describe('policy store', () => {
  let dir: string;
  let store: WorkspaceStore;
  let apiId: string;
  let envId: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'apigw-policies-'));
    store = WorkspaceStore.open(join(dir, 'ws.db'));
    const group = store.groups.create({ name: 'shop' });
    apiId = store.apis.create({ groupId: group.id, name: 'orders', method: 'GET', path: '/orders', backend: { type: 'MOCK' } }).id;
    envId = store.environments.getByName('RELEASE')!.id;
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const throttle = (name: string, extra = {}) => store.throttles.create({ name, apiCallLimits: 10, timeInterval: 1, timeUnit: 'SECOND', ...extra });

  it('migration versions are unique and sequential', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('policies round-trip with defaults applied', () => {
    const t = throttle('limits', { appCallLimits: 5, specials: [{ objectType: 'APP', objectId: 'app1', callLimits: 8 }] });
    expect(store.throttles.get(t.id)).toEqual(t);
    expect(t).toMatchObject({ type: 1, remark: '', appCallLimits: 5 });
    expect(t.userCallLimits).toBeUndefined();
  });

  it('one throttling policy per API per environment: a second bind names the bound one', () => {
    const a = throttle('first_policy');
    const b = throttle('second_policy');
    store.throttles.bind(a.id, apiId, envId);
    expect(() => store.throttles.bind(b.id, apiId, envId)).toThrow(/already has throttling policy first_policy bound in RELEASE/);
    store.throttles.unbind(a.id, apiId, envId);
    store.throttles.bind(b.id, apiId, envId);
    expect(store.throttles.bindings({ apiId }).map((x) => x.policyId)).toEqual([b.id]);
  });

  it('access control allows one policy per restriction type', () => {
    const ip = store.accessControls.create({ name: 'ip_acl', aclType: 'DENY', entityType: 'IP', value: '10.0.0.1' });
    const ip2 = store.accessControls.create({ name: 'ip_acl2', aclType: 'PERMIT', entityType: 'IP', value: '10.0.0.0/8' });
    const account = store.accessControls.create({ name: 'acct_acl', aclType: 'DENY', entityType: 'DOMAIN', value: 'someone' });
    store.accessControls.bind(ip.id, apiId, envId);
    store.accessControls.bind(account.id, apiId, envId);
    expect(() => store.accessControls.bind(ip2.id, apiId, envId)).toThrow(ValidationError);
    expect(() => store.accessControls.update(ip.id, { entityType: 'DOMAIN' })).toThrow(/cannot be modified/);
  });

  it('a bound policy cannot be deleted; deleting the API removes its bindings', () => {
    const t = throttle('bound_policy');
    store.throttles.bind(t.id, apiId, envId);
    expect(() => store.throttles.remove(t.id)).toThrow(/bound to orders \(RELEASE\); unbind it first/);
    store.apis.remove(apiId);
    expect(store.policyBindings.list()).toEqual([]);
    store.throttles.remove(t.id);
    expect(store.throttles.get(t.id)).toBeUndefined();
  });

  it('binding to an unknown API or policy throws NotFoundError', () => {
    const t = throttle('lonely');
    expect(() => store.throttles.bind(t.id, 'nope', envId)).toThrow(NotFoundError);
    expect(() => store.throttles.bind('nope', apiId, envId)).toThrow(NotFoundError);
    expect(() => store.throttles.unbind(t.id, apiId, envId)).toThrow(NotFoundError);
  });

  it('throttle limits must nest: app ≤ user ≤ api, each named', () => {
    expect(() => throttle('bad_nesting', { userCallLimits: 20 })).toThrow(/userCallLimits: must not exceed apiCallLimits \(10\)/);
    expect(() => throttle('bad_app', { userCallLimits: 5, appCallLimits: 6 })).toThrow(/appCallLimits: must not exceed userCallLimits \(5\)/);
    expect(() => throttle('bad_unit', { timeUnit: 'WEEK' as never })).toThrow(/timeUnit: must be one of SECOND, MINUTE, HOUR, DAY/);
  });

  it('an IP access-control value names each bad entry', () => {
    expect(() => store.accessControls.create({ name: 'bad_ips', aclType: 'DENY', entityType: 'IP', value: '10.0.0.1,300.1.1.1,10.0.0.0/40' })).toThrow(
      /"300.1.1.1" is not an IPv4 address.*"10.0.0.0\/40" is not an IPv4 CIDR/,
    );
  });

  it('orchestration rules are checked per strategy, and a rule in use keeps its name', () => {
    expect(() => store.orchestrations.create({ name: 'no_output', strategy: 'list', map: [{ mapParamList: ['a'], mappedParamValue: 'b' }] })).toThrow(
      /mappedParam: is required unless the rule is a preprocessing rule/,
    );
    const rule = store.orchestrations.create({
      name: 'used_rule',
      strategy: 'default',
      mappedParam: { name: 'x-out', type: 'string', location: 'header' },
      map: [{ mappedParamValue: 'v' }],
    });
    store.apis.update(apiId, {
      requestParams: [{ name: 'p', location: 'QUERY', type: 'STRING', required: false, validEnable: false, passThrough: true, orchestrations: ['used_rule'] }],
    });
    expect(() => store.orchestrations.update(rule.id, { name: 'renamed' })).toThrow(/used by request parameters of API\(s\) orders/);
    expect(() => store.orchestrations.remove(rule.id)).toThrow(/detach it first/);
  });

  it('backend policies are stored with the API, get backend defaults, and are validated', () => {
    const api = store.apis.update(apiId, {
      requestParams: [{ name: 'tier', location: 'QUERY', type: 'STRING', required: false, validEnable: false, passThrough: true }],
      backendPolicies: [
        { name: 'gold', effectMode: 'ANY', conditions: [{ origin: 'param', type: 'exact', paramName: 'tier', value: 'gold' }], backend: { type: 'MOCK', body: 'gold' } },
      ],
    });
    expect(api.backendPolicies?.[0].backend).toMatchObject({ type: 'MOCK', statusCode: 200, headers: [], params: [] });
    expect(store.apis.get(apiId)).toEqual(api);
    expect(() =>
      store.apis.update(apiId, {
        backendPolicies: [
          { name: 'bad', effectMode: 'ALL', conditions: [{ origin: 'param', type: 'exact', paramName: 'missing', value: 'x' }], backend: { type: 'MOCK', statusCode: 99 } },
        ],
      }),
    ).toThrow(/backendPolicies\[0\]\.conditions\[0\]\.paramName: names request parameter missing.*backendPolicies\[0\]\.backend\.statusCode/);
    const six = Array.from({ length: 6 }, (_, i) => ({
      name: `policy${i}`,
      effectMode: 'ALL' as const,
      conditions: [{ origin: 'source' as const, value: '10.0.0.1' }],
      backend: { type: 'MOCK' as const },
    }));
    expect(() => store.apis.update(apiId, { backendPolicies: six })).toThrow(/backendPolicies: must have at most 5 entries/);
  });

  it('set_resp_headers content is validated and other plug-in types are stored verbatim', () => {
    expect(() => store.plugins.create({ name: 'not_json', type: 'set_resp_headers', content: '{nope' })).toThrow(/content: is not valid JSON/);
    const kafka = store.plugins.create({ name: 'kafka_plugin', type: 'kafka_log', content: '{"topic":"t"}' });
    expect(store.plugins.get(kafka.id)?.content).toBe('{"topic":"t"}');
    expect(() => store.plugins.update(kafka.id, { type: 'cors' })).toThrow(/type of a plug-in cannot be modified/);
  });

  it('the published view carries policies and bindings', () => {
    const t = throttle('viewed');
    store.throttles.bind(t.id, apiId, envId);
    const view = store.loadPublishedView();
    expect(view.throttles.map((x) => x.name)).toEqual(['viewed']);
    expect(view.policyBindings).toMatchObject([{ kind: 'throttle', policyId: t.id, apiId, envId }]);
  });
});
