import { describe, expect, it } from 'vitest';
import { readDefinition } from '../../src-shared/openapi/read';

const HEAD = `swagger: "2.0"\ninfo: {title: g_one, version: '1'}\n`;

function firstError(text: string, options?: Parameters<typeof readDefinition>[1]) {
  const plan = readDefinition(text, options);
  const error = plan.diagnostics.find((d) => d.severity === 'error');
  expect(plan.apis).toEqual([]);
  return error;
}

describe('hostile input ends in one clear error', () => {
  it('refuses a YAML alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const error = firstError(`${HEAD}${lines.join('\n')}\npaths: {}\n`);
    expect(error?.message).toMatch(/alias/i);
  });

  it('refuses 10,000-deep nesting in JSON', () => {
    const text = `{"swagger": "2.0", "x": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expect(firstError(text)?.message).toMatch(/nesting deeper than 64 levels/);
  });

  it('refuses 10,000-deep flow nesting in YAML', () => {
    const text = `${HEAD}x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    expect(firstError(text)?.message).toMatch(/nesting/);
  });

  it('refuses deep block nesting in YAML', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`);
    const text = `${HEAD}x:\n${lines.map((l) => ' ' + l).join('\n')} 1\n`;
    expect(firstError(text)?.message).toMatch(/nesting deeper than 64 levels/);
  });

  it('refuses a 50 MB text before parsing it', () => {
    const text = HEAD + 'x: "' + 'a'.repeat(50 * 1024 * 1024) + '"\n';
    const error = firstError(text);
    expect(error?.message).toMatch(/file too large: \d+ characters, the limit is 20971520/);
  });

  it('applies a configured size limit', () => {
    expect(firstError(HEAD + 'paths: {}\n', { limits: { maxChars: 10 } })?.message).toContain('the limit is 10');
  });

  it('refuses duplicate keys in YAML with their position', () => {
    const error = firstError(`${HEAD}paths: {}\npaths: {}\n`);
    expect(error?.message).toMatch(/duplicate key/i);
    expect(error?.line).toBe(4);
  });

  it('finds a duplicate among 60,000 keys of one mapping in one pass, naming the key and its line (the full parser, anchors present)', () => {
    // An anchor keeps the text off the fast path; the library's own check took 70 s here (keys squared).
    const keys = Array.from({ length: 60_000 }, (_, i) => `  k${i}: v`).join('\n');
    const error = firstError(`${HEAD}x-big: &big\n${keys}\n  k5: again\npaths: {}\n`);
    expect(error?.message).toBe("invalid YAML: duplicate key: Map keys must be unique ('k5')");
    expect(error?.line).toBe(60_004);
  }, 30_000);

  it('a key repeated in a nested mapping or a mapping inside a list is found too; equal keys in different mappings are fine', () => {
    expect(firstError(`${HEAD}x-a: &a\n  - {p: 1, q: 2, p: 3}\npaths: {}\n`)?.message).toContain("('p')");
    const fine = readDefinition(`${HEAD}x-a: &a\n  one: {p: 1}\n  two: {p: 1}\npaths: {}\n`);
    expect(fine.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('refuses duplicate keys in JSON with their position', () => {
    const error = firstError('{\n  "swagger": "2.0",\n  "swagger": "2.0"\n}');
    expect(error).toMatchObject({ line: 3, column: 3 });
    expect(error?.message).toContain("duplicate key 'swagger'");
  });

  it('refuses a $ref cycle', () => {
    const text = `${HEAD}parameters:\n  a: {$ref: '#/parameters/b'}\n  b: {$ref: '#/parameters/a'}\npaths:\n  /x:\n    get:\n      operationId: x_api\n      parameters: [{$ref: '#/parameters/a'}]\n`;
    expect(firstError(text)?.message).toMatch(/\$ref cycle/);
  });

  it('refuses an external $ref to a file without reading it', () => {
    const text = `${HEAD}paths:\n  /x:\n    get:\n      operationId: x_api\n      parameters: [{$ref: '/etc/passwd#/x'}]\n`;
    const error = firstError(text);
    expect(error?.message).toMatch(/external \$ref '\/etc\/passwd#\/x' is not supported/);
    expect(error?.pointer).toBe('/paths/~1x/get/parameters/0/$ref');
  });

  it('refuses an external $ref to a URL without fetching it', () => {
    const text = `${HEAD}paths:\n  /x: {$ref: 'http://127.0.0.1:1/evil.yaml'}\n`;
    expect(firstError(text)?.message).toMatch(/external \$ref 'http:\/\/127\.0\.0\.1:1\/evil\.yaml'.*nothing is fetched/);
  });

  it('refuses a recursive YAML alias', () => {
    const text = `${HEAD}x: &loop\n  again: *loop\npaths: {}\n`;
    expect(firstError(text)?.message).toMatch(/alias|itself/i);
  });

  it('refuses a document that is not an object', () => {
    expect(firstError('- just\n- a list\n')?.message).toContain('must be an object');
  });

  it('refuses broken JSON with the position of the fault', () => {
    const error = firstError('{\n  "swagger": "2.0",\n  "info": {,}\n}');
    expect(error).toMatchObject({ line: 3, column: 12 });
  });
});

/** Names of Object.prototype members, used where the file names a type, origin or location. */
describe('values that spell Object.prototype members are ordinary unknown values', () => {
  const api = (operation: string) =>
    `${HEAD}paths:\n  /a:\n    get:\n      operationId: api_one\n${operation}`;
  const errorsOf = (text: string) => readDefinition(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.pointer}: ${d.message}`);

  it('a backend type "constructor" is not a backend type', () => {
    const text = api(`      x-apigateway-backend: {type: constructor}\n`);
    expect(errorsOf(text)).toContain("/paths/~1a/get/x-apigateway-backend/type: backend type 'constructor' is not one of HTTP, HTTP-VPC, FUNCTION, MOCK");
  });

  it('a parameter "in: constructor" is an unknown location, like any other', () => {
    const text = api(`      parameters: [{name: p, in: constructor, type: string}]\n      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: ok}}\n`);
    const warnings = readDefinition(text).diagnostics.map((d) => `${d.severity} ${d.pointer}: ${d.message}`);
    expect(warnings).toEqual([
      "error /paths/~1a/get/parameters/0/in: parameter 'p': 'in: constructor' is not a parameter location (APIG takes path, query and header)",
    ]);
  });

  it('a backend policy condition with origin "toString" or type "__proto__" is refused at that field', () => {
    const text = api(
      `      x-apigateway-backend:\n        type: MOCK\n        mockEndpoints: {result-content: ok}\n` +
        `      x-apigateway-backend-policies:\n        - name: p_one\n          type: MOCK\n          effectMode: ANY\n          mockEndpoints: {result-content: other}\n` +
        `          conditions:\n            - {origin: toString, type: exact, value: x}\n            - {origin: source, type: __proto__, value: 10.0.0.1}\n`,
    );
    const errors = errorsOf(text).join('\n');
    expect(errors).toMatch(/conditions\/0\/origin: condition origin 'toString' is not one of/);
    expect(errors).toMatch(/conditions\/1\/type: condition type '__proto__' is not one of/);
  });
});

describe('regressions found by fuzzing', () => {
  // CI fuzz run, seed -929603050: String() threw on a header value spelled {"toString": false}.
  it('a gateway response header value that is an object is reported at its pointer, not thrown', () => {
    const doc = {
      swagger: '2.0',
      info: { title: 'g_one', version: '1' },
      paths: {},
      'x-apigateway-responses': { strict: { AUTHORIZER_FAILURE: { status: 401, headers: [{ key: 'x-a', value: { toString: false } }] } } },
    };
    const errors = readDefinition(JSON.stringify(doc)).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.pointer}: ${d.message}`)).toEqual([
      '/x-apigateway-responses/strict/AUTHORIZER_FAILURE/headers/0/value: header x-a: value must be a string',
    ]);
  });
});
