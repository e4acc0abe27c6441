import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceStore } from '../../src-main/store/workspace-store';
import { Workbench } from '../../src-main/app/workbench';
import { createSampleWorkspace } from '../../src-main/sample/sample-workspace';

describe('sample workspace', () => {
  let dir: string;
  let workbench: Workbench;
  let url: string;
  const get = async (path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) => {
    const res = await request(url + path, { method: method as 'GET', headers, body });
    const text = await res.body.text();
    return { status: res.statusCode, text, json: () => JSON.parse(text) };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apigw-sample-'));
    const file = join(dir, 'sample.db');
    const store = WorkspaceStore.open(file);
    createSampleWorkspace(store);
    store.close();
    workbench = await Workbench.open({ dbFile: file, gateway: { port: 0, autoStart: true } });
    url = workbench.gateway.status().url!;
  });
  afterAll(async () => {
    await workbench.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the Node.js authorizer allows a known token and maps its context to backend headers', async () => {
    const res = await get('/profile', { Authorization: 'Bearer alice-token' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ path: '/v1/profile', headers: { 'x-user-name': 'alice', 'x-user-role': 'admin' } });
  });

  it('the Node.js authorizer denies an unknown token through the customised gateway response', async () => {
    const res = await get('/profile', { Authorization: 'Bearer wrong' });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error_code: 'INVALID_TOKEN' });
  });

  it('the Python authorizer is the user guide example', async () => {
    expect((await get('/guide', { test: 'abc' })).json().headers.test).toBe('abcd');
    expect((await get('/guide', { test: 'other' })).status).toBe(401);
  });

  it('DEV serves its own variables and a subset of the APIs', async () => {
    expect((await get('/profile', { Authorization: 'Bearer bob-token', 'X-Stage': 'DEV' })).json().path).toBe('/v2-beta/profile');
    expect((await get('/hello', { 'X-Stage': 'DEV' }, 'POST', 'x')).status).toBe(404);
  });

  it('MOCK, FUNCTION and prefix APIs answer', async () => {
    expect((await get('/status')).json()).toEqual({ status: 'ok' });
    expect((await get('/hello?name=you', {}, 'POST', 'hi')).json()).toMatchObject({ greeting: 'hello, you', received: 'hi' });
    expect((await get('/files/a/b', {}, 'DELETE')).json()).toMatchObject({ method: 'DELETE', path: '/storage/a/b' });
  });

  it('refuses to fill a workspace that already has groups', () => {
    expect(() => createSampleWorkspace(workbench.store)).toThrow(/empty workspace/);
  });
});
