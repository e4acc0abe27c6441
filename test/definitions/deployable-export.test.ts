/**
 * Exports that deploy (issue 9, item 1): the group keeps its APIG subdomain through import and
 * export, the file follows APIG's own key order, and what a file cannot carry is named in the
 * export's pre-flight instead of being dropped silently. Real SQLite workspaces, real APIG files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportGroup } from '../../src-main/definitions/export-group';
import type { WorkspaceStore } from '../../src-main/store/workspace-store';
import { parseText } from '../../src-shared/openapi/parse';
import { buildDocument, type ExportInput } from '../../src-shared/openapi/write';
import { SHARED_EXAMPLES } from '../shared-examples';
import { importText, openStore } from './helpers';

const read = (file: string) => fs.readFileSync(path.join(SHARED_EXAMPLES, file), 'utf8');
const parse = (text: string) => parseText(text, { limits: { maxChars: Infinity } }).value as Record<string, any>;
const warnings = (r: { diagnostics: { severity: string; pointer: string; message: string }[] }) =>
  r.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.pointer} ${d.message}`);

/** Every object's keys, depth first, as paths: what a diff against a console export sees as order. */
function keyOrder(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyOrder(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [`${at}/${k}`, ...keyOrder(v, `${at}/${k}`)]);
}

function importExample(file: string, store: WorkspaceStore = openStore()) {
  const report = importText(store, read(file), { publishEnv: 'RELEASE' });
  expect(report.applied).toBe(true);
  return { store, group: report.group!.name };
}

describe('the group keeps its domain', () => {
  const cases = [
    ['otc-docs_async-export-task-result_swagger2.json', 'xxx.com'],
    ['otc-docs_import-http-iam_swagger2.yaml', 'api.account.com'],
    ['otc-docs_import-http-iam_oas3.yaml', 'abc.com'],
    ['otc-docs_import-httpvpc-anymethod-app_oas3.yaml', 'abc.com'],
  ] as const;
  for (const [file, host] of cases) {
    it(`${file}: host ${host} is stored as the group's subdomain and written back by both OAS versions`, () => {
      const { store, group } = importExample(file);
      expect(store.groups.getByName(group)!.subdomain).toBe(host);
      const swagger = exportGroup(store, { groupName: group, scope: 'all', oas: '2.0', format: 'json', version: 'v1' });
      expect(parse(swagger.text).host).toBe(host);
      const oas3 = exportGroup(store, { groupName: group, scope: 'all', oas: '3.0', format: 'yaml', version: 'v1' });
      const doc = parse(oas3.text);
      expect(doc.servers).toEqual([{ url: `http://${host}` }, { url: `https://${host}` }]);
      expect(Object.values(doc.paths as object).flatMap((item) => Object.values(item as object)).every((op) => op.servers.every((s: { url: string }) => s.url.endsWith(`://${host}`)))).toBe(true);
      for (const r of [swagger, oas3]) expect(warnings(r).filter((w) => w.includes('subdomain'))).toEqual([]);
    });
  }

  it('an import into an existing group without a subdomain gives it the file\'s; one with its own keeps it and says so', () => {
    const store = openStore();
    const bare = store.groups.create({ name: 'bare_group' });
    const own = store.groups.create({ name: 'own_group', subdomain: 'own.apic.example.com' });
    const text = read('otc-docs_import-mock-none_swagger2.yaml');
    expect(importText(store, text, { groupName: 'bare_group' }).applied).toBe(true);
    expect(store.groups.get(bare.id)!.subdomain).toBe('api.account.com');
    const kept = importText(store, text, { groupName: 'own_group' });
    expect(kept.applied).toBe(true);
    expect(store.groups.get(own.id)!.subdomain).toBe('own.apic.example.com');
    expect(warnings(kept)).toContain("/host group 'own_group' keeps its subdomain own.apic.example.com; the file's api.account.com is not taken");
  });

  it('a host that is no host name is a warning and leaves no subdomain; the placeholder localhost is not taken as one', () => {
    const store = openStore();
    const text = read('otc-docs_import-mock-none_swagger2.yaml');
    const odd = importText(store, text.replace('host: "api.account.com"', 'host: "{tenant}.example.com"'));
    expect(odd.applied).toBe(true);
    expect(warnings(odd)).toContain("/host '{tenant}.example.com' is not a host name; the group keeps no subdomain from this file (APIG ignores it on import)");
    expect(store.groups.getByName(odd.group!.name)!.subdomain).toBe('');
    const placeholder = importText(openStore(), text.replace('host: "api.account.com"', 'host: localhost'));
    expect(placeholder.applied).toBe(true);
  });

  it('without a subdomain the pre-flight says what the export carries instead: an independent domain, else localhost', () => {
    const store = openStore();
    const group = store.groups.create({ name: 'plain_group' });
    const none = exportGroup(store, { groupName: 'plain_group', scope: 'dev', version: 'v1' });
    expect(parse(none.text).host).toBe('localhost');
    expect(warnings(none)).toContain(
      "/host group 'plain_group' has no APIG subdomain or domain: the file carries 'localhost', which APIG ignores on import (it gives the group its own subdomain)",
    );
    store.groups.update(group.id, { domains: ['api.shop.example'] });
    const domain = exportGroup(store, { groupName: 'plain_group', scope: 'dev', oas: '3.0', version: 'v1' });
    expect(parse(domain.text).servers[0].url).toBe('http://api.shop.example');
    expect(warnings(domain).some((w) => w.startsWith('/servers ') && w.includes('independent domain api.shop.example'))).toBe(true);
  });
});

describe("exports follow APIG's own key order", () => {
  it('a Swagger JSON export of the console export EX-8 has its key order, everywhere', () => {
    const file = 'otc-docs_async-export-task-result_swagger2.json';
    const { store, group } = importExample(file);
    const console = parse(read(file));
    const ours = parse(exportGroup(store, { groupName: group, scope: 'all', oas: '2.0', format: 'json', version: console.info.version }).text);
    // The workbench writes two fields the console left out (x-apigateway-is-send-fg-body-base64, the
    // default gateway response of a new group); apart from them the order is the console's.
    const extra = (p: string) => p.endsWith('/x-apigateway-is-send-fg-body-base64') || p.startsWith('/x-apigateway-responses/');
    expect(keyOrder(ours).filter((p) => !extra(p))).toEqual(keyOrder(console));
  });

  it('an OAS3 YAML export keeps the root order openapi, info, servers, paths, components and sorts below it (EX-2)', () => {
    const file = 'otc-docs_import-http-iam_oas3.yaml';
    const { store, group } = importExample(file);
    const text = exportGroup(store, { groupName: group, scope: 'proxy', oas: '3.0', format: 'yaml', version: '1.0' }).text;
    const ours = parse(text);
    expect(Object.keys(ours)).toEqual(['openapi', 'info', 'servers', 'paths', 'components']);
    const console = parse(read(file));
    const op = (d: Record<string, any>) => d.paths['/http/{userId}'].get;
    expect(Object.keys(op(ours))).toEqual(Object.keys(op(console)));
    expect(keyOrder(op(ours))).toEqual(keyOrder(op(console)));
  });

  it('an OAS3 JSON export writes operation keys and info in the same alphabetical order as the YAML one', () => {
    const { store, group } = importExample('otc-docs_import-httpvpc-anymethod-app_oas3.yaml');
    const json = parse(exportGroup(store, { groupName: group, scope: 'proxy', oas: '3.0', format: 'json', version: '1.0' }).text);
    expect(Object.keys(json.info)).toEqual(['description', 'title', 'version']);
    const op = json.paths['/test'] ?? Object.values(json.paths)[0];
    const keys = Object.keys(Object.values(op as object)[0]);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('what a definition file cannot carry is named in the pre-flight', () => {
  function workspace() {
    const store = openStore();
    const group = store.groups.create({ name: 'shop', subdomain: 'shop.apic.example.com' });
    const release = store.environments.getByName('RELEASE')!;
    const test = store.environments.create({ name: 'TEST' });
    const authorizer = store.authorizers.create({
      name: 'user_data_auth',
      type: 'FRONTEND',
      functionUrn: 'urn:fss:cn-north-4:p1:function:default:auth_fn:latest',
      userData: 'secret-allow-list',
    });
    const api = store.apis.create({
      groupId: group.id,
      name: 'list_items',
      method: 'GET',
      path: '/items',
      authType: 'APP',
      authorizerId: authorizer.id,
      backend: { type: 'HTTP', protocol: 'HTTPS', method: 'GET', address: '#backend_host#', path: '/v1/#api_ver#/items', timeoutMs: 5000, retryCount: -1, params: [] },
    });
    store.variables.set(group.id, release.id, 'backend_host', 'api.internal');
    store.variables.set(group.id, test.id, 'backend_host', 'test.internal');
    store.variables.set(group.id, release.id, 'api_ver', 'v2');
    store.publications.publish(api.id, release.id, 'test');
    const app = store.apps.create({ name: 'mobile_app' });
    store.apps.authorize(app.id, api.id, release.id);
    return store;
  }

  it('user_data, app authorizations and credentials, and variable values of every environment', () => {
    const store = workspace();
    const result = exportGroup(store, { groupName: 'shop', scope: 'all', version: 'v1' });
    const w = warnings(result);
    expect(w).toContain(
      "/securityDefinitions/user_data_auth/x-apigateway-authorizer authorizer 'user_data_auth': user_data (17 characters) is not in the file, which has no field for it; set it on the APIG authorizer after import (CreateCustomAuthorizerV2 user_data)",
    );
    expect(w).toContain("/paths/~1items/get/security API 'list_items': 1 app authorization(s) (mobile_app) and the apps' credentials are not in the file; authorize the apps on APIG");
    expect(w).toContain(
      '/paths the APIs use environment variables #api_ver# (RELEASE), #backend_host# (RELEASE, TEST); a definition file carries no variable values, for any environment: define them on APIG in each environment the APIs are published to',
    );
    // Nothing secret leaks while saying so.
    expect(result.text).not.toContain('secret-allow-list');
    expect(result.diagnostics.every((d) => d.line > 0)).toBe(true);
  });

  it('scopes without authorizer definitions say the authorizer must exist on APIG', () => {
    const result = exportGroup(workspace(), { groupName: 'shop', scope: 'proxy', version: 'v1' });
    expect(warnings(result)).toContain(
      "/securityDefinitions/user_data_auth authorizer 'user_data_auth': only its name is in the file (scope proxy); its definition is written by scopes all and dev, or must exist on APIG",
    );
  });
});

describe('function URNs are decided in one place', () => {
  it('a resolver maps the URNs of backends, policy backends and authorizers', () => {
    const { store, group } = importExample('otc-docs_import-mock-none_swagger2.yaml');
    const g = store.groups.getByName(group)!;
    const authorizer = store.authorizers.create({ name: 'fn_auth', type: 'FRONTEND', functionUrn: 'urn:fss:local:project:function:default:auth' });
    const api = store.apis.create({
      groupId: g.id,
      name: 'fn_api',
      method: 'POST',
      path: '/fn',
      authType: 'AUTHORIZER',
      authorizerId: authorizer.id,
      backend: { type: 'FUNCTION', functionUrn: 'urn:fss:local:project:function:default:backend', invocationType: 'sync', networkType: 'V2', timeoutMs: 5000, params: [] },
    });
    const input: ExportInput = {
      group: g,
      apis: [api],
      authorizers: store.authorizers.list(),
      responseSets: [],
      scope: 'all',
      oas: '2.0',
      version: 'v1',
      functionUrn: (urn, usedBy) => `${urn.replace('local:project', 'cn-north-4:p1')}:${usedBy}`,
    };
    const doc = buildDocument(input).document as Record<string, any>;
    expect(doc.paths['/fn'].post['x-apigateway-backend'].functionEndpoints['function-urn']).toBe('urn:fss:cn-north-4:p1:function:default:backend:backend');
    expect(doc.securityDefinitions.fn_auth['x-apigateway-authorizer'].authorizer_uri).toBe('urn:fss:cn-north-4:p1:function:default:auth:authorizer');
  });
});
