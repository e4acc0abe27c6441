import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportDefinition, exportVersion, planImport } from '../../src-shared/openapi/definitions';
import { RICH_SWAGGER } from './fixtures';
import { exportRequest, materialize } from './materialize';

const { plan } = planImport(RICH_SWAGGER);
const m = materialize(plan);
const exported = (over: Parameters<typeof exportRequest>[2]) => exportDefinition(exportRequest(plan, m, over));
const json = (over: Parameters<typeof exportRequest>[2]) => JSON.parse(exported({ ...over, format: 'json' }).text);

describe('export in the shapes APIG writes', () => {
  it('writes the three standard security schemes even when unused', () => {
    const doc = json({ oas: '2.0', scope: 'spec' });
    expect(Object.keys(doc.securityDefinitions)).toEqual(['apig-auth-app', 'apig-auth-app-header', 'apig-auth-iam', 'custom_auth']);
    expect(doc.securityDefinitions['apig-auth-app-header']['x-apigateway-auth-opt']).toEqual({ 'appcode-auth-type': 'header' });
  });

  it('spec scope has no backends, policies or authorizer definitions', () => {
    const doc = json({ oas: '2.0', scope: 'spec' });
    const op = doc.paths['/v1/orders/{orderId}'].get;
    expect(op['x-apigateway-backend']).toBeUndefined();
    expect(op['x-apigateway-backend-policies']).toBeUndefined();
    expect(op['x-apigateway-ratelimit']).toBeUndefined();
    expect(doc['x-apigateway-ratelimits']).toBeUndefined();
    expect(doc.securityDefinitions.custom_auth['x-apigateway-authorizer']).toBeUndefined();
  });

  it('proxy scope adds backends and backend policies but not throttling or ACLs', () => {
    const doc = json({ oas: '2.0', scope: 'proxy' });
    const op = doc.paths['/v1/orders/{orderId}'].get;
    expect(op['x-apigateway-backend'].type).toBe('HTTP');
    expect(op['x-apigateway-backend-policies']).toHaveLength(1);
    expect(doc['x-apigateway-access-controls']).toBeUndefined();
  });

  it('all scope adds throttling, ACLs and the custom authorizer', () => {
    const doc = json({ oas: '2.0', scope: 'all' });
    expect(doc['x-apigateway-ratelimits'].perMinute['api-limit']).toBe(100);
    expect(doc['x-apigateway-access-controls'].officeOnly.value).toBe('10.0.0.0/8,192.168.0.1');
    expect(doc.securityDefinitions.custom_auth['x-apigateway-authorizer'].authorizer_uri).toBe('urn:fss:cn-north-4:abc:function:default:custom-auth');
  });

  it('writes backend parameter in upper-case and retryCount as a string', () => {
    const backend = json({ oas: '2.0' }).paths['/v1/orders/{orderId}'].get['x-apigateway-backend'];
    expect(backend.httpEndpoints.retryCount).toBe('2');
    expect(backend.parameters.map((p: { in: string }) => p.in)).toEqual(['PATH', 'HEADER', 'HEADER']);
  });

  it('puts x-apigateway-responses at the Swagger root and under OAS3 components', () => {
    expect(json({ oas: '2.0' })['x-apigateway-responses'].strict.AUTHORIZER_FAILURE.status).toBe(401);
    const oas3 = json({ oas: '3.0' });
    expect(oas3['x-apigateway-responses']).toBeUndefined();
    expect(oas3.components['x-apigateway-responses'].default.ACCESS_DENIED.status).toBe(403);
  });

  it('uses default-cors for CORS APIs in OAS3 and samples beside default in Swagger', () => {
    const text = exported({ oas: '3.0', format: 'yaml' }).text;
    const doc = parse(text);
    expect(doc.paths['/v1/orders/{orderId}'].get.responses.default['x-apigateway-result-normal-sample']).toBe('{"ok":true}');
    const sw = json({ oas: '2.0' }).paths['/v1/orders/{orderId}'].get.responses;
    expect(sw.default).toEqual({ $ref: '#/responses/default' });
    expect(sw['x-apigateway-result-normal-sample']).toBe('{"ok":true}');
    const cors = planImport(RICH_SWAGGER.replace('x-apigateway-cors: false', 'x-apigateway-cors: true')).plan;
    const corsDoc = JSON.parse(exportDefinition(exportRequest(cors, materialize(cors), { oas: '3.0', format: 'json' })).text);
    expect(Object.keys(corsDoc.paths['/v1/orders/{orderId}'].get.responses)).toEqual(['default-cors']);
    expect(corsDoc.components.responses['default-cors'].headers['Access-Control-Allow-Origin'].schema.default).toBe('*');
  });

  it("names the file as APIG does: <group>-<env>-<define>-<version>", () => {
    expect(exported({ scope: 'proxy', envName: 'TEST', format: 'yaml' }).fileName).toBe('shop_api-TEST-proxy-2024-01-01-00:00:00.yaml');
    expect(exportVersion(new Date(2023, 6, 11, 19, 54, 22))).toBe('2023-07-11-19:54:22');
  });

  it('never exports values that look like secrets', () => {
    const api = { ...m.apis[0], extra: { operation: { 'x-custom': { appSecret: 's3cr3t', keep: 1 }, 'x-token': 'abc' } } };
    const result = exportDefinition(exportRequest(plan, { ...m, apis: [api] }, { format: 'json' }));
    expect(result.text).not.toContain('s3cr3t');
    expect(result.text).not.toContain('"abc"');
    expect(result.text).toContain('"keep": 1');
    expect(result.diagnostics.filter((d) => d.message.includes('looks like a secret'))).toHaveLength(2);
  });

  it('never exports an authorizer user_data', () => {
    const auth = { ...m.authorizers[0], userData: 'password=hunter2' };
    const text = exportDefinition(exportRequest(plan, { ...m, authorizers: [auth] }, { format: 'json' })).text;
    expect(text).not.toContain('hunter2');
  });

  it('shows the pre-flight of the exported APIs with positions in the written text', () => {
    const bad = { ...m.apis.find((a) => a.name === 'files')!, matchMode: 'SWA' as const };
    const result = exportDefinition(exportRequest(plan, { ...m, apis: [bad] }, { format: 'yaml', oas: '3.0' }));
    const d = result.diagnostics.find((x) => x.message.includes('cannot be used with prefix match'));
    expect(d?.severity).toBe('error');
    expect(d?.line).toBeGreaterThan(0);
    expect(result.text.split('\n')[d!.line - 1]).toContain('x-apigateway-any-method');
  });
});
