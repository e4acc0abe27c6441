import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportDefinition, planImport } from '../../src-shared/openapi/definitions';
import { RICH_SWAGGER } from './fixtures';
import { comparable, exportRequest, materialize } from './materialize';
import { SHARED_EXAMPLES } from '../shared-examples';

const EXAMPLES = SHARED_EXAMPLES;
const files = readdirSync(EXAMPLES).filter((f) => /\.(json|ya?ml)$/.test(f));

function importText(text: string) {
  const { plan } = planImport(text);
  expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { plan, m: materialize(plan) };
}

describe('round trip of the APIG example files', () => {
  it('finds the example files', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of files) {
    for (const oas of ['2.0', '3.0'] as const) {
      for (const format of ['json', 'yaml'] as const) {
        it(`${file} -> OAS ${oas} ${format}: import, export, import gives the same workspace; export again is byte-identical`, () => {
          const first = importText(readFileSync(join(EXAMPLES, file), 'utf8'));
          expect(first.plan.apis.length).toBe(1);
          const exported1 = exportDefinition(exportRequest(first.plan, first.m, { oas, format, scope: 'all' }));
          const second = importText(exported1.text);
          expect(comparable(second.m)).toEqual(comparable(first.m));
          const exported2 = exportDefinition(exportRequest(second.plan, second.m, { oas, format, scope: 'all' }));
          expect(exported2.text).toBe(exported1.text);
        });
      }
    }
  }
});

describe('round trip of a definition using every mapped extension', () => {
  for (const oas of ['2.0', '3.0'] as const) {
    for (const format of ['json', 'yaml'] as const) {
      it(`keeps every field through OAS ${oas} ${format}`, () => {
        const first = importText(RICH_SWAGGER);
        const text1 = exportDefinition(exportRequest(first.plan, first.m, { oas, format })).text;
        const second = importText(text1);
        expect(comparable(second.m)).toEqual(comparable(first.m));
        expect(exportDefinition(exportRequest(second.plan, second.m, { oas, format })).text).toBe(text1);
      });
    }
  }

  it('writes unknown operation fields and extensions back unchanged', () => {
    const { plan, m } = importText(RICH_SWAGGER);
    const doc = JSON.parse(exportDefinition(exportRequest(plan, m, { oas: '2.0', format: 'json' })).text);
    const op = doc.paths['/v1/orders/{orderId}'].get;
    expect(op.summary).toBe('not mapped by APIG, kept');
    expect(op['x-apigateway-plugins']).toEqual(['Plugin_mock']);
    expect(op.tags).toEqual(['orders']);
    expect(op['x-apigateway-plugins']).toEqual(['Plugin_mock']);
    // Both condition vocabularies are written back as read while the condition is unchanged.
    expect(op['x-apigateway-backend-policies'][0].conditions).toEqual([
      { type: 'exact', origin: 'param', parameter: 'verbose', value: '5' },
      { type: 'equal', origin: 'request', parameter: 'verbose', value: '1' },
      { type: '', origin: 'source', value: '10.0.0.0/8' },
      { type: 'pattern', origin: 'system', parameter_name: 'req_path', value: '/v1/orders/9.*' },
    ]);
    expect(op['x-apigateway-ratelimit']).toBe('perMinute');
    expect(op['x-apigateway-access-control']).toBe('officeOnly');
    expect(doc['x-apigateway-plugins'].Plugin_mock).toEqual({
      plugin_content: '{"response_headers":[{"name":"X-Shop","value":"shop_api","action":"override"}]}',
      plugin_scope: 'global',
      plugin_type: 'set_resp_headers',
    });
    expect(doc['x-apigateway-orchestrations'].Orch_one.orchestration_map).toEqual([{ map_param_list: ['5'], mapped_param_value: 'max' }]);
    expect(op.parameters.find((p: { name: string }) => p.name === 'X-Trace').pattern).toBe('^[a-z]+$');
    expect(doc['x-apigateway-ratelimits'].perMinute.special).toEqual([{ type: 'APP', limit: 5, instance: 'app-id-1' }]);
    expect(doc['x-apigateway-access-controls'].officeOnly['acl-type']).toBe('PERMIT');
    expect(doc.paths['/files/{path+}']).toBeUndefined();
    expect(doc.paths['/v1/files/{path+}']['x-apigateway-any-method'].operationId).toBe('files');
  });
});

describe('backend-policy conditions', () => {
  it('an edited condition read in the doc vocabulary is written in the export vocabulary', () => {
    const { plan, m } = importText(RICH_SWAGGER);
    const api = m.apis.find((a) => a.name === 'getOrder')!;
    const policy = api.backendPolicies![0];
    const edited = { ...api, backendPolicies: [{ ...policy, conditions: policy.conditions.map((c, i) => (i === 1 ? { ...c, value: '2' } : c)) }] };
    const doc = JSON.parse(exportDefinition(exportRequest(plan, { ...m, apis: [edited] }, { oas: '2.0', format: 'json' })).text);
    const conditions = doc.paths['/v1/orders/{orderId}'].get['x-apigateway-backend-policies'][0].conditions;
    expect(conditions[1]).toEqual({ origin: 'param', parameter: 'verbose', type: 'exact', value: '2' });
    expect(conditions[3]).toEqual({ type: 'pattern', origin: 'system', parameter_name: 'req_path', value: '/v1/orders/9.*' });
  });

  it('spec scope writes neither policies nor their definitions; proxy adds backend policies only', () => {
    const { plan, m } = importText(RICH_SWAGGER);
    for (const scope of ['spec', 'proxy'] as const) {
      const doc = JSON.parse(exportDefinition(exportRequest(plan, m, { oas: '3.0', format: 'json', scope })).text);
      const op = doc.paths['/v1/orders/{orderId}'].get;
      for (const key of ['x-apigateway-ratelimits', 'x-apigateway-access-controls', 'x-apigateway-plugins', 'x-apigateway-orchestrations']) expect(doc[key], key).toBeUndefined();
      for (const key of ['x-apigateway-ratelimit', 'x-apigateway-access-control', 'x-apigateway-plugins']) expect(op[key], key).toBeUndefined();
      expect(op['x-apigateway-backend-policies']?.length).toBe(scope === 'proxy' ? 1 : undefined);
    }
  });
});
