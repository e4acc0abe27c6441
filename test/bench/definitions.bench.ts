/**
 * Import and export of a generated 2,000-API definition, for both OAS versions and formats,
 * against a baseline in the same run: the plain parse (YAML.parse / JSON.parse) and plain
 * serialisation of the same document. Run: npx tsx test/bench/definitions.bench.ts
 * (or `npm run bench -- definitions`); results in bench-results/latest/definitions.json.
 */
import { parse, stringify } from 'yaml';
import { exportDefinition, planImport } from '../../src-shared/openapi/definitions';
import { exportRequest, materialize } from '../openapi/materialize';
import { figure, ratio, saveResult, type Metric } from './results';

const API_COUNT = 2000;

function generate(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < API_COUNT; i++) {
    paths[`/svc${i % 50}/items${i}/{id}`] = {
      get: {
        operationId: `api_${i}`,
        description: `generated API ${i}`,
        security: [{ 'apig-auth-app': [] }],
        schemes: ['https'],
        parameters: [
          { name: 'id', in: 'path', required: true, type: 'string' },
          { name: 'limit', in: 'query', type: 'integer', minimum: 1, maximum: 100, default: 10 },
          { name: 'X-Trace', in: 'header', type: 'string', maxLength: 64 },
        ],
        responses: { default: { description: 'ok' } },
        'x-apigateway-request-type': 'public',
        'x-apigateway-match-mode': 'NORMAL',
        'x-apigateway-cors': i % 2 === 0,
        'x-apigateway-backend': {
          type: 'HTTP',
          parameters: [{ name: 'id', value: 'id', in: 'PATH', origin: 'REQUEST', description: '' }],
          httpEndpoints: { address: 'backend.example.com:8080', scheme: 'http', method: 'GET', path: '/items/{id}', timeout: 5000, retryCount: '-1' },
        },
      },
    };
  }
  return {
    swagger: '2.0',
    info: { title: 'bench_group', version: '1' },
    paths,
    securityDefinitions: { 'apig-auth-app': { type: 'apiKey', name: 'Authorization', in: 'header', 'x-apigateway-auth-type': 'AppSigv1' } },
  };
}

function time<T>(fn: () => T, runs = 3): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, value };
}

const rows: string[][] = [];
const metrics: Metric[] = [];
const source = generate();
const planSwagger = planImport(JSON.stringify(source)).plan;
if (planSwagger.apis.length !== API_COUNT) throw new Error(`expected ${API_COUNT} APIs, read ${planSwagger.apis.length}`);
const m = materialize(planSwagger);

for (const oas of ['2.0', '3.0'] as const) {
  for (const format of ['json', 'yaml'] as const) {
    const request = exportRequest(planSwagger, m, { oas, format, scope: 'proxy' });
    const exp = time(() => exportDefinition(request));
    const text = exp.value.text;
    const doc = format === 'json' ? JSON.parse(text) : parse(text);
    const serialBase = time(() => (format === 'json' ? JSON.stringify(doc, null, 2) : stringify(doc)));
    const imp = time(() => planImport(text));
    if (imp.value.plan.apis.length !== API_COUNT) throw new Error(`round trip lost APIs (${imp.value.plan.apis.length})`);
    const parseBase = time(() => (format === 'json' ? JSON.parse(text) : parse(text)));
    const mb = (text.length / 1024 / 1024).toFixed(1);
    rows.push([`import OAS ${oas} ${format}`, mb, imp.ms.toFixed(0), parseBase.ms.toFixed(0), (imp.ms / parseBase.ms).toFixed(2)]);
    rows.push([`export OAS ${oas} ${format}`, mb, exp.ms.toFixed(0), serialBase.ms.toFixed(0), (exp.ms / serialBase.ms).toFixed(2)]);
    metrics.push(
      ratio(`import OAS ${oas} ${format}: ms ÷ plain parse`, imp.ms / parseBase.ms, 'lower'),
      ratio(`export OAS ${oas} ${format}: ms ÷ plain serialise`, exp.ms / serialBase.ms, 'lower'),
      figure(`import OAS ${oas} ${format}: ms`, imp.ms, 'ms', 'lower'),
      figure(`export OAS ${oas} ${format}: ms`, exp.ms, 'ms', 'lower'),
      figure(`OAS ${oas} ${format}: document MB`, Number(mb), 'MB', 'lower'),
    );
  }
}

const header = ['case (2,000 APIs)', 'MB', 'ms', 'baseline ms', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log('baseline: import = plain JSON.parse / YAML.parse of the same text; export = JSON.stringify / YAML.stringify of the same document');
saveResult('definitions', { apis: API_COUNT }, metrics);
