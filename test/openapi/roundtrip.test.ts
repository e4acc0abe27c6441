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
    expect(op.tags).toEqual(['orders']);
    expect(op['x-apigateway-plugins']).toEqual(['Plugin_mock']);
    expect(op['x-apigateway-backend-policies'][0].conditions).toEqual([
      { type: 'exact', origin: 'param', parameter: 'verbose', value: '5' },
      { type: 'equal', origin: 'request', parameter: 'verbose', value: '1' },
      { type: '', origin: 'source', value: '10.0.0.0/8' },
    ]);
    expect(op.parameters.find((p: { name: string }) => p.name === 'X-Trace').pattern).toBe('^[a-z]+$');
    expect(doc['x-apigateway-ratelimits'].perMinute.special).toEqual([{ type: 'APP', limit: 5, instance: 'app-id-1' }]);
    expect(doc['x-apigateway-access-controls'].officeOnly['acl-type']).toBe('PERMIT');
    expect(doc.paths['/files/{path+}']).toBeUndefined();
    expect(doc.paths['/v1/files/{path+}']['x-apigateway-any-method'].operationId).toBe('files');
  });
});
