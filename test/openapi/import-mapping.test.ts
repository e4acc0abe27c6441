import { describe, expect, it } from 'vitest';
import type { FunctionBackend, HttpBackend } from '../../src-shared/model';
import { planImport } from '../../src-shared/openapi/definitions';
import { readDefinition } from '../../src-shared/openapi/read';
import { RICH_SWAGGER } from './fixtures';

const plan = readDefinition(RICH_SWAGGER);
const api = (name: string) => {
  const found = plan.apis.find((a) => a.name === name);
  if (!found) throw new Error(`no API ${name}`);
  return found;
};

describe('import mapping', () => {
  it('names the group from info.title and folds basePath into every path', () => {
    expect(plan.group).toEqual({ name: 'shop_api', description: 'everything at once' });
    expect(plan.apis.map((a) => a.path).sort()).toEqual(['/v1/files/{path+}', '/v1/mock', '/v1/orders/{orderId}', '/v1/vpc']);
  });

  it('reads x-apigateway-any-method as method ANY', () => {
    expect(api('files').method).toBe('ANY');
  });

  it('maps integer parameters to NUMBER with limits, default, enum, pass-through, sample and orchestrations', () => {
    const verbose = api('getOrder').requestParams.find((p) => p.name === 'verbose');
    expect(verbose).toEqual({
      name: 'verbose', location: 'QUERY', type: 'NUMBER', required: false, validEnable: true, passThrough: false,
      defaultValue: '2', enumerations: '1,2,5', minNum: 1, maxNum: 5, sampleValue: '2', orchestrations: ['Orch_one'],
    });
  });

  it('merges path-item parameters with the operation parameters', () => {
    expect(api('getOrder').requestParams.map((p) => p.name)).toEqual(['orderId', 'verbose', 'X-Trace']);
  });

  it('maps the security schemes: AppCode, authorizer, two-factor, none', () => {
    expect(api('getOrder')).toMatchObject({ authType: 'APP', appCodeAuth: true });
    expect(api('files')).toMatchObject({ authType: 'AUTHORIZER', authorizerName: 'custom_auth' });
    expect(api('vpcPut')).toMatchObject({ authType: 'IAM', authorizerName: 'custom_auth' });
    const none = readDefinition(RICH_SWAGGER.replace(/      security:\n        - apig-auth-app-header: \[\]\n/, '')).apis.find((a) => a.name === 'getOrder');
    expect(none?.authType).toBe('NONE');
  });

  it('creates the custom authorizer from x-apigateway-authorizer', () => {
    expect(plan.authorizers).toHaveLength(1);
    expect(plan.authorizers[0]).toMatchObject({
      name: 'custom_auth', type: 'FRONTEND', functionUrn: 'urn:fss:cn-north-4:abc:function:default:custom-auth', networkType: 'V2',
      needBody: true, relaxed: true, retryAttempts: 1, timeoutMs: 3000, ttl: 60, authorizerVersion: 'latest',
      identities: [{ name: 'Authorization', location: 'HEADER' }, { name: 'token', location: 'QUERY', validation: '^[a-f0-9]+$' }],
    });
  });

  it('reads HTTP backends with retryCount given as a string and SYSTEM parameters with $context values', () => {
    const b = api('getOrder').backend as HttpBackend;
    expect(b).toMatchObject({ type: 'HTTP', protocol: 'HTTPS', address: '#host#:8443', retryCount: 2, timeoutMs: 8000, enableClientSsl: true });
    expect(b.params.filter((p) => p.origin === 'SYSTEM').map((p) => p.value)).toEqual(['$context.sourceIp', '$context.authorizer.frontend.user']);
  });

  it('keeps HTTP-VPC backends as configuration', () => {
    const b = api('vpcPut').backend as HttpBackend;
    expect(b.vpcChannel).toEqual({ name: 'vpc_channel_1', proxyHost: 'internal.example' });
    expect(b.method).toBe('ANY');
    expect(api('vpcPut').extra).toMatchObject({ endpoint: { cascade_flag: false } });
  });

  it('reads FUNCTION backends and lists the functions the file references', () => {
    const b = api('files').backend as FunctionBackend;
    expect(b).toMatchObject({ functionUrn: 'urn:fss:cn-north-4:abc:function:default:file-server:latest', networkType: 'V2', version: 'latest', timeoutMs: 50000 });
    expect(plan.functionRefs.map((r) => [r.name, r.usedBy]).sort()).toEqual([['custom-auth', 'authorizer'], ['file-server', 'backend']]);
  });

  it('reads result samples beside default (Swagger export) and inside the response (OAS3 export)', () => {
    expect(api('getOrder')).toMatchObject({ resultNormalSample: '{"ok":true}', resultFailureSample: '{"ok":false}' });
    const oas3 = readDefinition(`openapi: 3.0.0
info: {title: g_one, version: '1'}
paths:
  /a:
    get:
      operationId: a_api
      responses:
        default-cors: {description: x, x-apigateway-result-normal-sample: fine}
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: ok}}
`);
    expect(oas3.apis[0].resultNormalSample).toBe('fine');
  });

  it('reads throttling, ACL, plug-in and orchestration definitions and the names each API binds', () => {
    expect(api('getOrder').policyRefs).toMatchObject({
      throttle: { name: 'perMinute', pointer: '/paths/~1orders~1{orderId}/get/x-apigateway-ratelimit' },
      acl: { name: 'officeOnly' },
      plugins: [{ name: 'Plugin_mock', pointer: '/paths/~1orders~1{orderId}/get/x-apigateway-plugins/0' }],
      orchestrations: [{ name: 'Orch_one', pointer: '/paths/~1orders~1{orderId}/get/parameters/0/x-apigateway-orchestrations/0' }],
    });
    const { pointer: _t, ...throttle } = plan.throttles[0];
    expect(throttle).toEqual({
      name: 'perMinute', apiCallLimits: 100, userCallLimits: 10, timeInterval: 1, timeUnit: 'MINUTE', type: 1,
      specials: [{ objectType: 'APP', objectId: 'app-id-1', callLimits: 5 }], remark: '',
    });
    expect(plan.accessControls).toEqual([{ name: 'officeOnly', aclType: 'PERMIT', entityType: 'IP', value: '10.0.0.0/8,192.168.0.1', remark: '', pointer: '/x-apigateway-access-controls/officeOnly' }]);
    expect(plan.plugins[0]).toMatchObject({ name: 'Plugin_mock', type: 'set_resp_headers', remark: '' });
    expect(plan.orchestrations[0]).toMatchObject({
      name: 'Orch_one', strategy: 'list', isPreprocessing: false,
      mappedParam: { name: 'X-Verbosity', type: 'string', location: 'header' }, map: [{ mapParamList: ['5'], mappedParamValue: 'max' }],
    });
    // None of it stays in Api.extra any more.
    expect(api('getOrder').extra).not.toHaveProperty('ratelimits');
    expect(Object.keys((api('getOrder').extra as { operation: object }).operation)).toEqual(['summary', 'tags']);
  });

  it('reads backend policies in both condition vocabularies into the model', () => {
    expect(api('getOrder').backendPolicies).toEqual([
      {
        name: 'canary_users',
        effectMode: 'ANY',
        conditions: [
          { origin: 'param', type: 'exact', paramName: 'verbose', value: '5' },
          { origin: 'param', type: 'exact', paramName: 'verbose', value: '1' },
          { origin: 'source', value: '10.0.0.0/8' },
          { origin: 'system', type: 'pattern', paramName: 'req_path', value: '/v1/orders/9.*' },
        ],
        backend: { type: 'HTTP', protocol: 'HTTPS', method: 'GET', address: 'canary.example.com', path: '/orders', timeoutMs: 5000, retryCount: -1, params: [] },
      },
    ]);
  });

  it('warns about a policy name the file does not define and a definition no API uses', () => {
    const { diagnostics } = readDefinition(`swagger: "2.0"
info: {title: g_one, version: '1'}
paths:
  /a:
    get:
      operationId: a_api
      x-apigateway-ratelimit: elsewhere
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}
x-apigateway-ratelimits:
  unused: {api-limit: 5, interval: 1, unit: second}
`);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', line: 7, message: expect.stringContaining("x-apigateway-ratelimit 'elsewhere' is not defined in this file") }));
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', line: 10, message: "'unused' is used by no API and is not imported" }));
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', line: 10, message: expect.stringContaining("unit 'second' read as 'SECOND'") }));
  });

  it('reads gateway response sets, by name, with status, body and headers', () => {
    expect(plan.responseSets.map((s) => s.name)).toEqual(['default', 'strict']);
    expect(plan.responseSets[1].responses.AUTHORIZER_FAILURE).toEqual({ status: 401, body: '{"msg":"no"}', headers: [{ key: 'X-Why', value: 'denied' }] });
    expect(api('getOrder').responseSetName).toBe('strict');
  });

  it('resolves internal $ref parameters', () => {
    const p = readDefinition(`swagger: "2.0"
info: {title: g_one, version: '1'}
parameters:
  id: {name: id, in: query, type: string, required: true}
paths:
  /a:
    get:
      operationId: a_api
      parameters: [{$ref: '#/parameters/id'}]
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: ok}}
`);
    expect(p.apis[0].requestParams[0]).toMatchObject({ name: 'id', required: true });
  });

  it('keeps the first of two APIs with the same method, path and match mode and reports the second', () => {
    const text = `swagger: "2.0"
info: {title: g_one, version: '1'}
paths:
  /a:
    get: {operationId: first, x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}}
  /b:
    get: {operationId: first, x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: b}}}
`;
    const { plan: p } = planImport(text);
    expect(p.apis.map((a) => a.path)).toEqual(['/a']);
    const w = p.diagnostics.find((d) => d.message.includes('not imported'));
    expect(w).toMatchObject({ severity: 'warning', pointer: '/paths/~1b/get', line: 7, column: 5 });
  });

  it('reports problems with pointer, line and column', () => {
    const text = `swagger: "2.0"
info: {title: g_one, version: '1'}
paths:
  /a:
    get:
      operationId: a_api
      x-apigateway-match-mode: EXACT
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}
`;
    const d = readDefinition(text).diagnostics.find((x) => x.severity === 'error');
    expect(d).toMatchObject({ pointer: '/paths/~1a/get/x-apigateway-match-mode', line: 7, column: 7 });
    expect(d?.message).toContain("'EXACT' is not one of NORMAL, SWA");
  });

  it('reports positions in JSON files too', () => {
    const text = '{\n  "swagger": "2.0",\n  "info": {"title": "g_one", "version": "1"},\n  "paths": {"/a": {"get": {"operationId": "a_api",\n    "x-apigateway-backend": {"type": "SOAP"}}}}\n}';
    const d = readDefinition(text).diagnostics.find((x) => x.severity === 'error');
    expect(d).toMatchObject({ pointer: '/paths/~1a/get/x-apigateway-backend/type', line: 5, column: 30 });
  });

  it('refuses unsupported parameter locations and types with a warning, and OpenAPI 3.1 with an error', () => {
    const { diagnostics, apis } = readDefinition(`swagger: "2.0"
info: {title: g_one, version: '1'}
paths:
  /a:
    post:
      operationId: a_api
      parameters:
        - {name: body, in: body, schema: {type: object}}
        - {name: flag, in: query, type: boolean}
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}
`);
    expect(apis[0].requestParams).toEqual([expect.objectContaining({ name: 'flag', type: 'STRING' })]);
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/in 'body' is not supported[\s\S]*type 'boolean'/);
    expect(readDefinition('openapi: 3.1.0\ninfo: {title: x}\npaths: {}').diagnostics[0].message).toContain("openapi '3.1.0' is not supported");
  });
});
