import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportGroup } from '../../src-main/definitions/export-group';
import { RICH_SWAGGER } from '../openapi/fixtures';
import { importText, openStore, tempDir, workspaceContent } from './helpers';
import { SHARED_EXAMPLES } from '../shared-examples';

const EXAMPLES = SHARED_EXAMPLES;
const examples = fs.readdirSync(EXAMPLES).filter((f) => /\.(json|ya?ml)$/.test(f));

const SIMPLE = (title: string, name = 'a_api', extra = '') => `swagger: "2.0"
info: {title: ${title}, version: '1'}
paths:
  /a:
    get:
      operationId: ${name}
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: first}}
${extra}`;

describe('import into a real SQLite workspace', () => {
  for (const file of examples) {
    it(`${file}: import, export (dev), import into a fresh workspace gives the same workspace; export again is byte-identical`, () => {
      const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
      const a = openStore();
      const r1 = importText(a, text);
      expect(r1.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(r1.applied).toBe(true);
      const group = r1.group!.name;
      for (const oas of ['2.0', '3.0'] as const) {
        for (const format of ['json', 'yaml'] as const) {
          const e1 = exportGroup(a, { groupName: group, scope: 'dev', oas, format, version: 'v1' });
          const b = openStore();
          expect(importText(b, e1.text).applied).toBe(true);
          expect(workspaceContent(b)).toEqual(workspaceContent(a));
          expect(exportGroup(b, { groupName: group, scope: 'dev', oas, format, version: 'v1' }).text).toBe(e1.text);
        }
      }
    });
  }

  it('an Authorization header parameter (in APIG\'s own examples) imports with a warning, not an error', () => {
    const file = examples.find((f) => f.includes('httpvpc-anymethod-app_swagger2'))!;
    const report = importText(openStore(), fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
    expect(report.applied).toBe(true);
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'warning', line: 16, message: expect.stringContaining('console refuses this header name') }),
    );
  });

  it('imports every extension of a rich file, creates the authorizer, response sets and keeps extras', () => {
    const store = openStore();
    const report = importText(store, RICH_SWAGGER);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.apis.map((a) => a.name).sort()).toEqual(['files', 'getOrder', 'mockIt', 'vpcPut']);
    const auth = store.authorizers.getByName('custom_auth');
    expect(auth).toMatchObject({ ttl: 60, networkType: 'V2', relaxed: true });
    const group = store.groups.getByName('shop_api')!;
    expect(store.apis.getByName(group.id, 'files')?.authorizerId).toBe(auth?.id);
    expect(store.responseSets.list(group.id).map((s) => s.name).sort()).toEqual(['default', 'strict']);
    const exported = exportGroup(store, { groupName: 'shop_api', scope: 'dev', format: 'json', version: 'v' });
    expect(JSON.parse(exported.text)['x-apigateway-ratelimits'].perMinute.interval).toBe(1);
  });

  it('publishes nothing unless asked, and exports only what is published in the environment', () => {
    const store = openStore();
    importText(store, SIMPLE('g_one'));
    expect(store.publications.active()).toEqual([]);
    const doc = JSON.parse(exportGroup(store, { groupName: 'g_one', scope: 'all', version: 'v' }).text);
    expect(doc.paths).toEqual({});
    const store2 = openStore();
    const report = importText(store2, SIMPLE('g_one'), { publishEnv: 'RELEASE' });
    expect(report.published).toHaveLength(1);
    const doc2 = JSON.parse(exportGroup(store2, { groupName: 'g_one', scope: 'all', version: 'v' }).text);
    expect(Object.keys(doc2.paths)).toEqual(['/a']);
  });

  it('refuses a new group whose name exists (APIG.3201) and changes nothing', () => {
    const store = openStore();
    importText(store, SIMPLE('g_one'));
    const before = workspaceContent(store);
    const report = importText(store, SIMPLE('g_one', 'b_api'));
    expect(report.applied).toBe(false);
    expect(report.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ pointer: '/info/title', line: 2 });
    expect(workspaceContent(store)).toEqual(before);
  });

  it('api-mode merge keeps an existing API, override replaces it', () => {
    const store = openStore();
    importText(store, SIMPLE('g_one'));
    const group = store.groups.getByName('g_one')!;
    const second = SIMPLE('ignored_title').replace('result-content: first', 'result-content: second');
    const merged = importText(store, second, { groupName: 'g_one' });
    expect(merged.ignored).toHaveLength(1);
    expect(store.apis.getByName(group.id, 'a_api')?.backend).toMatchObject({ body: 'first' });
    const overridden = importText(store, second, { groupName: 'g_one', apiMode: 'override' });
    expect(overridden.apis).toEqual([expect.objectContaining({ action: 'update', name: 'a_api' })]);
    expect(store.apis.getByName(group.id, 'a_api')?.backend).toMatchObject({ body: 'second' });
    expect(store.apis.list({ groupId: group.id })).toHaveLength(1);
  });

  it('extend-mode merge keeps an existing authorizer, override updates it', () => {
    const store = openStore();
    importText(store, RICH_SWAGGER);
    const changed = RICH_SWAGGER.replace('ttl: 60', 'ttl: 120');
    importText(store, changed, { groupName: 'shop_api', apiMode: 'override' });
    expect(store.authorizers.getByName('custom_auth')?.ttl).toBe(60);
    importText(store, changed, { groupName: 'shop_api', apiMode: 'override', extendMode: 'override' });
    expect(store.authorizers.getByName('custom_auth')?.ttl).toBe(120);
  });

  it('extend-mode decides whose throttling policy wins on a name clash', () => {
    const store = openStore();
    importText(store, RICH_SWAGGER);
    const group = store.groups.getByName('shop_api')!;
    const other = `swagger: "2.0"
info: {title: x_title, version: '1'}
paths:
  /other:
    get:
      operationId: other_api
      x-apigateway-ratelimit: perMinute
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}
x-apigateway-ratelimits:
  perMinute: {api-limit: 5, interval: 1, unit: SECOND}
`;
    const merged = importText(store, other, { groupName: 'shop_api' });
    expect(merged.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', line: 10, message: expect.stringContaining("throttling policy 'perMinute' exists in the workspace") }));
    const perMinute = () => store.throttles.list().find((t) => t.name === 'perMinute')!;
    expect(perMinute()).toMatchObject({ apiCallLimits: 100, userCallLimits: 10, timeUnit: 'MINUTE' });
    // Both APIs are bound to the one policy of that name.
    const release = store.environments.getByName('RELEASE')!.id;
    const boundApis = () => store.throttles.bindings({ policyId: perMinute().id, envId: release }).map((b) => store.apis.get(b.apiId)!.name).sort();
    expect(boundApis()).toEqual(['getOrder', 'other_api']);
    importText(store, other, { groupName: 'shop_api', apiMode: 'override', extendMode: 'override' });
    // Override rewrites the definition; the optional limits the file leaves out are cleared.
    expect(perMinute()).toMatchObject({ apiCallLimits: 5, timeUnit: 'SECOND', specials: [] });
    expect(perMinute().userCallLimits).toBeUndefined();
    expect(boundApis()).toEqual(['getOrder', 'other_api']);
    expect(group.name).toBe('shop_api');
  });

  it('turns a store validation error into a diagnostic at the API and rolls back the whole import', () => {
    const store = openStore();
    const text = `swagger: "2.0"
info: {title: g_one, version: '1'}
paths:
  /good:
    get:
      operationId: good_api
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}
  /bad:
    get:
      operationId: bad_api
      x-apigateway-backend:
        type: MOCK
        mockEndpoints: {result-content: a}
        parameters: [{name: X-Ip, in: header, origin: SYSTEM, value: $context.nonsense}]
`;
    const report = importText(store, text);
    expect(report.applied).toBe(false);
    const error = report.diagnostics.find((d) => d.severity === 'error');
    expect(error?.pointer).toBe('/paths/~1bad/get/x-apigateway-backend');
    expect(error?.line).toBe(11);
    expect(error?.message).toContain('$context.nonsense');
    expect(store.groups.list()).toEqual([]);
    expect(store.apis.list()).toEqual([]);
  });

  it('refuses a backend-policy pattern or identity validation the linear-time engine cannot run, naming the expression', () => {
    const policyFile = `swagger: "2.0"
info: {title: g_re, version: '1'}
paths:
  /a:
    get:
      operationId: re_api
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}
      x-apigateway-backend-policies:
        - type: MOCK
          name: lookahead
          effectMode: ANY
          mockEndpoints: {result-content: b}
          conditions:
            - {type: pattern, origin: system, parameter_name: req_path, value: "/v1/(?!admin).*"}
`;
    const store = openStore();
    const policyReport = importText(store, policyFile);
    expect(policyReport.applied).toBe(false);
    const policyError = policyReport.diagnostics.find((d) => d.severity === 'error');
    expect(policyError?.message).toMatch(/linear-time engine.*`\(\?!`/);
    expect(policyError?.line).toBeGreaterThan(8);

    const authorizerFile = `swagger: "2.0"
info: {title: g_re2, version: '1'}
securityDefinitions:
  custom_auth:
    type: apiKey
    name: unused
    in: header
    x-apigateway-auth-type: AUTHORIZER
    x-apigateway-authorizer:
      authorizer_type: FUNC
      authorizer_uri: urn:fss:cn-north-4:abc:function:default:custom-auth
      type: FRONTEND
      identities:
        - {name: token, location: HEADER, validation: "^(tk)-\\\\1$"}
paths:
  /a:
    get:
      operationId: re_api
      security: [{custom_auth: []}]
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}
`;
    const authorizerReport = importText(store, authorizerFile);
    expect(authorizerReport.applied).toBe(false);
    expect(authorizerReport.diagnostics.find((d) => d.severity === 'error')?.message).toMatch(/linear-time engine.*\\1/);
    expect(store.groups.list()).toEqual([]);
  });

  it('an error in the file changes nothing', () => {
    const store = openStore();
    const report = importText(store, SIMPLE('g_one').replace('type: MOCK', 'type: SOAP'));
    expect(report.applied).toBe(false);
    expect(store.groups.list()).toEqual([]);
  });

  it('refuses an unknown authorizer referenced by a scheme without definition', () => {
    const store = openStore();
    const text = `swagger: "2.0"
info: {title: g_one, version: '1'}
paths:
  /a:
    get:
      operationId: a_api
      security: [{ext_auth: []}]
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}
securityDefinitions:
  ext_auth: {type: apiKey, name: unused, in: header, x-apigateway-auth-type: AUTHORIZER}
`;
    const report = importText(store, text);
    expect(report.applied).toBe(false);
    expect(report.diagnostics.find((d) => d.severity === 'error')?.message).toContain("authorizer 'ext_auth' is defined neither in this file");
  });
});

describe('binding real function code with --functions', () => {
  it('binds DIR/<name>.js and DIR/<name>/index.py to the functions the file references', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'custom-auth.js'), 'exports.handler = async () => ({ statusCode: 200, body: "{}" });');
    fs.mkdirSync(path.join(dir, 'file-server'));
    fs.writeFileSync(path.join(dir, 'file-server', 'index.py'), 'def handler(event, context):\n    return {"statusCode": 200}\n');
    const store = openStore();
    const report = importText(store, RICH_SWAGGER, { functionsDir: dir });
    expect(report.applied).toBe(true);
    expect(report.functions.map((f) => [f.name, f.action]).sort()).toEqual([['custom-auth', 'created'], ['file-server', 'created']]);
    expect(store.functions.getByName('custom-auth')).toMatchObject({ runtime: 'nodejs', source: { kind: 'path', path: path.join(dir, 'custom-auth.js') } });
    expect(store.functions.getByName('file-server')).toMatchObject({ runtime: 'python', source: { kind: 'path', path: path.join(dir, 'file-server') } });
    expect(report.diagnostics.some((d) => d.message.includes('has no local code'))).toBe(false);
  });

  it('warns about an unbound function with what the gateway will do', () => {
    const store = openStore();
    const report = importText(store, RICH_SWAGGER);
    const auth = report.diagnostics.find((d) => d.message.startsWith("function 'custom-auth'"));
    expect(auth).toMatchObject({ severity: 'warning', pointer: '/securityDefinitions/custom_auth/x-apigateway-authorizer/authorizer_uri' });
    expect(auth?.message).toContain('AUTHORIZER_CONF_FAILURE');
    expect(report.applied).toBe(true);
  });

  it('updates an existing function to the folder code on a second import', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'custom-auth.py'), 'def handler(e, c):\n    return {}\n');
    const store = openStore();
    store.functions.create({ name: 'custom-auth', runtime: 'nodejs', source: { kind: 'inline', code: 'x' } });
    const report = importText(store, RICH_SWAGGER, { functionsDir: dir });
    expect(report.functions).toEqual([{ name: 'custom-auth', path: path.join(dir, 'custom-auth.py'), action: 'updated' }]);
    expect(store.functions.getByName('custom-auth')).toMatchObject({ runtime: 'python', source: { kind: 'path' } });
  });
});
