import { describe, expect, it } from 'vitest';
import { planImport } from '../../src-shared/openapi/definitions';
import { SHARED_EXAMPLES } from '../shared-examples';

const doc = (op: string, extra = '') => `swagger: "2.0"
info: {title: g_one, version: '1'}
paths:
${op}
${extra}`;
const MOCK = `x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: ok}}`;

function messages(text: string, options: Parameters<typeof planImport>[1] = {}) {
  return planImport(text, options).plan.diagnostics.map((d) => `${d.severity}: ${d.message}`);
}

describe('pre-flight: what APIG would reject or change', () => {
  it('rejects {p+} with prefix match', () => {
    const text = doc(`  /f/{p+}:\n    get:\n      operationId: f_api\n      x-apigateway-match-mode: SWA\n      parameters: [{name: p, in: path, required: true, type: string}]\n      ${MOCK}`);
    expect(messages(text)).toContain("error: API 'f_api': {p+} cannot be used with prefix match (x-apigateway-match-mode: SWA)");
  });

  it('rejects {p+} that is not the last segment and prefix-{x} segments', () => {
    const text = doc(`  /f/{p+}/x/pre-{q}:\n    get:\n      operationId: f_api\n      parameters: [{name: p, in: path, required: true, type: string}, {name: q, in: path, required: true, type: string}]\n      ${MOCK}`);
    const m = messages(text);
    expect(m).toContain("error: API 'f_api': {p+} must be the last path segment");
    expect(m.some((x) => x.includes("path segment 'pre-{q}' mixes text"))).toBe(true);
  });

  it('rejects a path parameter missing from the parameters, and one missing from the path', () => {
    const text = doc(`  /u/{id}:\n    get:\n      operationId: u_api\n      parameters: [{name: other, in: path, required: true, type: string}]\n      ${MOCK}`);
    const m = messages(text);
    expect(m).toContain("error: API 'u_api': path parameter {id} is not defined as a parameter in: path");
    expect(m).toContain("error: API 'u_api': path parameter 'other' does not appear in the path");
  });

  it('rejects API names APIG refuses', () => {
    expect(messages(doc(`  /a:\n    get:\n      operationId: "a!"\n      ${MOCK}`)).some((m) => m.startsWith("error: API 'a!': the name must be 3–255"))).toBe(true);
  });

  it('rejects a group name APIG refuses only when the file creates the group', () => {
    const text = doc(`  /a:\n    get:\n      operationId: a_api\n      ${MOCK}`).replace('g_one', '1bad');
    expect(messages(text).some((m) => m.includes("group name '1bad'"))).toBe(true);
    expect(messages(text, { newGroup: false }).some((m) => m.includes("group name '1bad'"))).toBe(false);
  });

  it('rejects more than 5 backend policies and policies of an incompatible type', () => {
    const policy = (i: number, type = 'MOCK') => `        - {name: policy_${i}, type: ${type}, mockEndpoints: {result-content: p}, conditions: [{type: exact, origin: param, parameter: q, value: "1"}]}`;
    const list = [1, 2, 3, 4, 5].map((i) => policy(i)).concat(policy(6, 'FUNCTION')).join('\n');
    const text = doc(`  /a:\n    get:\n      operationId: a_api\n      parameters: [{name: q, in: query, type: string}]\n      ${MOCK}\n      x-apigateway-backend-policies:\n${list}`);
    const m = messages(text);
    expect(m).toContain("error: API 'a_api': 6 backend policies, APIG allows at most 5");
    expect(m.some((x) => x.includes('a FUNCTION backend policy cannot go with a MOCK default backend'))).toBe(true);
  });

  it('rejects unknown condition vocabulary but accepts both documented ones', () => {
    const cond = (t: string, o: string) => `{name: pol_one, type: MOCK, mockEndpoints: {result-content: p}, conditions: [{type: ${t}, origin: ${o}, parameter: q, value: "1"}]}`;
    const make = (t: string, o: string) => doc(`  /a:\n    get:\n      operationId: a_api\n      ${MOCK}\n      x-apigateway-backend-policies: [${cond(t, o)}]`);
    expect(messages(make('exact', 'param')).filter((m) => m.startsWith('error'))).toEqual([]);
    expect(messages(make('equal', 'request')).filter((m) => m.startsWith('error'))).toEqual([]);
    expect(messages(make('like', 'param')).some((m) => m.includes("condition type 'like'"))).toBe(true);
  });

  it('reports malformed and unresolved #var# references', () => {
    const http = (address: string) => doc(`  /a:\n    get:\n      operationId: a_api\n      x-apigateway-backend: {type: HTTP, httpEndpoints: {address: "${address}", scheme: http, method: GET, path: /}}`);
    expect(messages(http('#x#.example.com')).some((m) => m.startsWith('error') && m.includes('#x# must be 3–32'))).toBe(true);
    const unresolved = messages(http('#backend_host#'), { variables: new Set(['other']) });
    expect(unresolved).toContain("warning: API 'a_api': #backend_host# is defined in no environment of the group; requests fail until it is");
    expect(messages(http('#backend_host#'), { variables: new Set(['backend_host']) }).some((m) => m.includes('#backend_host#'))).toBe(false);
  });

  it('rejects reserved header names and warns about ones the console refuses', () => {
    const text = doc(`  /a:\n    get:\n      operationId: a_api\n      parameters:\n        - {name: X-Apig-Mode, in: header, type: string}\n        - {name: X-Auth-Token, in: header, type: string}\n        - {name: my_header, in: header, type: string}\n      ${MOCK}`);
    const m = messages(text);
    expect(m.some((x) => x.startsWith('error') && x.includes("'X-Apig-Mode'") && x.includes('reserved'))).toBe(true);
    expect(m.some((x) => x.startsWith('warning') && x.includes("'X-Auth-Token'"))).toBe(true);
    expect(m.some((x) => x.startsWith('warning') && x.includes("'my_header'") && x.includes("'_'"))).toBe(true);
  });

  it('rejects backend parameters that map a request parameter the API does not have, and out-of-range retries', () => {
    const text = doc(`  /a:\n    get:\n      operationId: a_api\n      x-apigateway-backend:\n        type: HTTP\n        httpEndpoints: {address: a.example, scheme: http, method: GET, path: /, retryCount: "11"}\n        parameters: [{name: q, in: query, origin: REQUEST, value: nope}]`);
    const m = messages(text);
    expect(m).toContain("error: API 'a_api': backend parameter 'q': maps request parameter 'nope', which the API does not define");
    expect(m).toContain("error: API 'a_api': retryCount must be -1…10");
  });

  it('warns when a file has more APIs than APIG imports at once', () => {
    const ops = Array.from({ length: 301 }, (_, i) => `  /p${i}:\n    get: {operationId: api_${i}, ${MOCK}}`).join('\n');
    expect(messages(doc(ops))).toContain('warning: 301 APIs: APIG imports at most 300 per file; split the file');
  });

  it('passes the APIG example files without errors', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = SHARED_EXAMPLES;
    for (const f of readdirSync(dir).filter((x) => /\.(json|ya?ml)$/.test(x))) {
      expect(messages(readFileSync(`${dir}/${f}`, 'utf8')).filter((m) => m.startsWith('error')), f).toEqual([]);
    }
  });
});
