/**
 * One rule set: whatever `import` refuses, `check` reports as an error at the same place, and
 * `check` passes only what `import` takes. Run over the real APIG files and every test fixture,
 * with a real SQLite workspace on the import side.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planImport } from '../../src-shared/openapi/definitions';
import { RICH_SWAGGER, RULE_FIXTURES } from '../openapi/fixtures';
import { SHARED_EXAMPLES } from '../shared-examples';
import { importText, openStore } from './helpers';

const corpus: [string, string][] = [
  ...fs
    .readdirSync(SHARED_EXAMPLES)
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .map((f): [string, string] => [f, fs.readFileSync(path.join(SHARED_EXAMPLES, f), 'utf8')]),
  ['RICH_SWAGGER', RICH_SWAGGER],
  ...Object.entries(RULE_FIXTURES),
];

const errorsOf = (list: { severity: string; pointer: string; message: string; line: number; column: number }[]) =>
  list.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.pointer} ${d.message}`);

describe('check and import agree on every file of the test corpus', () => {
  for (const [name, text] of corpus) {
    it(name, () => {
      const checked = errorsOf(planImport(text, { newGroup: true }).plan.diagnostics);
      const report = importText(openStore(), text);
      expect(report.applied).toBe(checked.length === 0);
      // Every error the import gives, check gave too, at the same pointer and line:column.
      expect(checked).toEqual(expect.arrayContaining(errorsOf(report.diagnostics)));
    });
  }
});

const errorAt = (text: string, pointer: string) => planImport(text, { newGroup: true }).plan.diagnostics.find((d) => d.severity === 'error' && d.pointer === pointer);
const AUTH = '/securityDefinitions/my_auth/x-apigateway-authorizer';

describe("check reports what import refuses, at the file's pointer and line:column (issue 9 reproductions)", () => {
  it('user_data over 2,048 characters', () => {
    const d = errorAt(RULE_FIXTURES['user_data over 2,048 characters'], `${AUTH}/user_data`);
    expect(d?.message).toBe("authorizer 'my_auth': user_data must be at most 2048 characters (got 2049)");
    expect(d?.line).toBe(16);
    expect(d?.column).toBeGreaterThan(1);
  });

  it('ttl > 0 without identity sources is an error, not a warning', () => {
    const d = errorAt(RULE_FIXTURES['ttl > 0 without identity sources'], `${AUTH}/identities`);
    expect(d?.message).toMatch(/ttl > 0 needs at least one identity source/);
    expect(d?.line).toBeGreaterThan(0);
  });

  it('an invalid identity validation expression', () => {
    const d = errorAt(RULE_FIXTURES['an invalid identity validation expression'], `${AUTH}/identities/0/validation`);
    expect(d?.message).toMatch(/^authorizer 'my_auth': validation is not a valid regular expression/);
    expect(d?.line).toBe(16);
  });

  it('identities on a BACKEND authorizer', () => {
    const d = errorAt(RULE_FIXTURES['identities on a BACKEND authorizer'], `${AUTH}/identities`);
    expect(d?.message).toBe("authorizer 'my_auth': identities can only be set when the type is 'FRONTEND'");
  });

  it('an API protected by a BACKEND authorizer', () => {
    const d = errorAt(RULE_FIXTURES['an API protected by a BACKEND authorizer'], '/paths/~1a/get/security');
    expect(d?.message).toMatch(/my_auth is a BACKEND authorizer; a FRONTEND authorizer is required here/);
  });
});

describe('one unknown value, one diagnostic', () => {
  it('an unknown auth type used by 11 APIs is reported once, where it is defined', () => {
    const ops = Array.from({ length: 11 }, (_, i) => `  /p${i}:\n    get:\n      operationId: api_${i}\n      security: [{my_auth: []}]\n      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: ok}}`).join('\n');
    const text = `swagger: "2.0"\ninfo: {title: g_one, version: '1'}\npaths:\n${ops}\nsecurityDefinitions:\n  my_auth: {type: apiKey, name: unused, in: header, x-apigateway-auth-type: OAUTH2}\n`;
    const { plan } = planImport(text, { newGroup: true });
    expect(plan.diagnostics.map((d) => `${d.severity} ${d.pointer} ${d.message}`)).toEqual([
      "error /securityDefinitions/my_auth/x-apigateway-auth-type x-apigateway-auth-type 'OAUTH2' is not one of AppSigv1, IAM, AUTHORIZER",
    ]);
    expect(plan.operationCount).toBe(11);
  });

  it('a scheme that is not defined at all is still an error at each API that names it', () => {
    const text = `swagger: "2.0"\ninfo: {title: g_one, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a_api\n      security: [{nowhere: []}]\n      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: ok}}\n`;
    expect(errorAt(text, '/paths/~1a/get/security/0/nowhere')?.message).toMatch(/security scheme 'nowhere' is not defined in this file/);
  });
});

describe('V2 names', () => {
  it("a third-party file whose group is software-package-server (API names with - and .) passes check and imports", () => {
    const text = RULE_FIXTURES['group software-package-server (V2 names)'];
    expect(errorsOf(planImport(text, { newGroup: true }).plan.diagnostics)).toEqual([]);
    const store = openStore();
    const report = importText(store, text);
    expect(report.applied).toBe(true);
    expect(report.apis.map((a) => a.name).sort()).toEqual(['list-software-packages', 'software.pkg.get']);
    expect(store.groups.getByName('software-package-server')).toBeDefined();
  });
});
