/** Contract methods that do more than forward to one repository, over the real HTTP host. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiGroup, Environment } from '../../src-shared/model';
import { startHostFixture, type HostFixture } from './helpers';

let fx: HostFixture;
let group: ApiGroup;
let release: Environment;

beforeAll(async () => {
  fx = await startHostFixture();
  group = await fx.client.createGroup({ input: { name: 'shop', isDefault: true, domains: ['shop.example.com'] } });
  release = (await fx.client.listEnvironments()).find((e) => e.name === 'RELEASE')!;
  const api = await fx.client.createApi({
    input: { groupId: group.id, name: 'list_items', method: 'GET', path: '/items', backend: { type: 'MOCK', statusCode: 200, body: '[]' } },
  });
  await fx.client.publishApi({ apiId: api.id, envId: release.id, remark: 'first' });
});
afterAll(async () => fx?.close());

describe('APIs and publications', () => {
  it('lists APIs with their publication state and marks a changed draft stale', async () => {
    const [item] = await fx.client.listApis({ filter: { groupId: group.id, text: 'ITEMS' } });
    expect(item.publications).toMatchObject([{ envName: 'RELEASE', stale: false }]);
    await fx.client.updateApi({ id: item.api.id, patch: { description: 'changed after publishing' } });
    const [after] = await fx.client.listApis({ filter: { groupId: group.id } });
    expect(after.publications[0].stale).toBe(true);
    expect(await fx.client.listApis({ filter: { text: 'no-such-api' } })).toEqual([]);
  });

  it('returns publication history across APIs, newest first', async () => {
    const history = await fx.client.publicationHistory();
    expect(history[0]).toMatchObject({ remark: 'first', envId: release.id });
  });
});

describe('request tester', () => {
  it('routes a full URL by its host to the group bound to that domain and returns the trace', async () => {
    const sent = await fx.client.sendRequest({ method: 'GET', url: 'http://shop.example.com/items' });
    expect(sent.status).toBe(200);
    expect(sent.body).toBe('[]');
    expect(sent.trace?.request.host).toBe('shop.example.com');
    expect(sent.trace?.groupName).toBe('shop');
  });

  it('returns the gateway error for an unknown route as the gateway answered it', async () => {
    const sent = await fx.client.sendRequest({ method: 'GET', url: '/nothing-here' });
    expect(sent.status).toBe(404);
    expect(sent.requestId).toBeTruthy();
    expect(sent.trace?.response.status).toBe(404);
  });

  it('says the gateway is not running instead of failing obscurely', async () => {
    await fx.client.stopGateway();
    try {
      const error = await fx.client.sendRequest({ method: 'GET', url: '/items' }).catch((e) => e);
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain('not running');
    } finally {
      await fx.client.startGateway({ port: 0 });
    }
  });

  it('lists the traces of the requests sent', async () => {
    const traces = await fx.client.listTraces({ limit: 10 });
    expect(traces.some((t) => t.url === '/items' && t.status === 200)).toBe(true);
    const full = await fx.client.getTrace({ id: traces[0].requestId });
    expect(full.requestId).toBe(traces[0].requestId);
  });
});

describe('authorizer testing', () => {
  it('runs an unsaved authorizer with an unsaved function and returns the decision', async () => {
    const trace = await fx.client.testAuthorizer({
      authorizer: { name: 'draft_auth', type: 'FRONTEND', functionUrn: 'urn:fss:local:p:function:default:draft_fn:latest' },
      function: {
        name: 'draft_fn',
        runtime: 'nodejs',
        source: { kind: 'inline', code: "exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { user: 'u1' } }) });" },
      },
      event: { headers: {} },
    });
    expect(trace.decision).toBe('allow');
    expect(trace.context).toEqual({ user: 'u1' });
  });

  it('reports an invalid authorizer draft at its field', async () => {
    const error = await fx.client
      .testAuthorizer({ authorizer: { name: 'x', type: 'FRONTEND', functionUrn: 'u', ttl: 99999 }, event: {} })
      .catch((e) => e);
    expect(error.kind).toBe('validation');
    expect(error.issues.some((i: { field: string }) => i.field === 'authorizer.ttl')).toBe(true);
  });
});

describe('definitions', () => {
  it('exports a group and imports the file into another group', async () => {
    const exported = await fx.client.exportDefinition({ groupId: group.id, scope: 'proxy', format: 'yaml' });
    expect(exported.filename).toMatch(/^shop-RELEASE-proxy-.*\.yaml$/);
    expect(exported.text).toContain('/items');

    const check = await fx.client.checkDefinition({ text: exported.text, filename: exported.filename });
    expect(check.summary).toMatchObject({ apis: 1 });

    const target = await fx.client.createGroup({ input: { name: 'shop_copy' } });
    const imported = await fx.client.importDefinition({ text: exported.text, filename: exported.filename, groupId: target.id });
    expect(imported.applied).toBe(true);
    expect(imported.created).toBe(1);
    expect((await fx.client.listApis({ filter: { groupId: target.id } })).map((i) => i.api.path)).toEqual(['/items']);
  });

  it('reads definition files off the thread that serves the gateway: the gateway answers while a 60,000-key file is checked', async () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `  k${i}: v`).join('\n');
    const heavy = `swagger: "2.0"\ninfo: {title: heavy, version: '1'}\nx-big: &big\n${keys}\n  k5: again\npaths: {}\n`;
    const order: string[] = [];
    const checked = fx.client.checkDefinition({ text: heavy, filename: 'heavy.yaml' }).then((r) => {
      order.push('check');
      return r;
    });
    const status = await fx.client.gatewayStatus();
    const answered = await fetch(`${status.url}/items`, { headers: { host: 'shop.example.com' } });
    order.push('gateway');
    expect(answered.status).toBe(200);
    const result = await checked;
    expect(order).toEqual(['gateway', 'check']);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error', line: 60_004, message: "invalid YAML: duplicate key: Map keys must be unique ('k5')" });
  }, 60_000);

  it('an import whose API the store refuses gets the position of the problem, found by the worker that read the file', async () => {
    const text = `swagger: "2.0"
info: {title: shop, version: '1'}
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
    const target = await fx.client.createGroup({ input: { name: 'shop_positions' } });
    const imported = await fx.client.importDefinition({ text, filename: 'bad.yaml', groupId: target.id });
    expect(imported.applied).toBe(false);
    const error = imported.diagnostics.find((d) => d.severity === 'error');
    expect(error).toMatchObject({ pointer: '/paths/~1bad/get/x-apigateway-backend', line: 11, column: 7 });
  });

  it('reports a broken file as diagnostics with a position', async () => {
    const check = await fx.client.checkDefinition({ text: '{ "swagger": "2.0", ', filename: 'broken.json' });
    expect(check.diagnostics.length).toBeGreaterThan(0);
    expect(check.diagnostics[0].severity).toBe('error');
  });
});

describe('workspaces', () => {
  it('creates and opens another workspace, and refuses to overwrite an existing file', async () => {
    const before = await fx.client.workspaceInfo();
    const file = path.join(fx.dir, 'second.db');
    const created = await fx.client.createWorkspace({ file });
    expect(created.file).toBe(file);
    expect(await fx.client.listGroups()).toEqual([]);
    const conflict = await fx.client.createWorkspace({ file }).catch((e) => e);
    expect(conflict.kind).toBe('conflict');

    const back = await fx.client.openWorkspace({ file: before.file });
    expect(back.recent.slice(0, 2)).toEqual([before.file, file]);
    expect((await fx.client.listGroups()).map((g) => g.name)).toContain('shop');
    expect(fs.existsSync(file)).toBe(true);
  });

  it('says which file is missing when opening one that does not exist', async () => {
    const error = await fx.client.openWorkspace({ file: path.join(fx.dir, 'nope.db') }).catch((e) => e);
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('nope.db');
  });
});
