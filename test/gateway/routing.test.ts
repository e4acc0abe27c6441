import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './fixture';

describe('gateway routing and publication', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
    f.workbench.store.environments.create({ name: 'TEST_ENV' });
  });
  afterAll(() => f.close());

  it('serves only what is published: a draft API is APIG.0101 404', async () => {
    f.api({ name: 'draft_only', path: '/draft' }, []);
    const res = await f.send('/draft');
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({
      error_code: 'APIG.0101',
      error_msg: 'The API does not exist or has not been published in the environment.',
    });
  });

  it('picks up a publication without a restart', async () => {
    const api = f.api({ name: 'late_api', path: '/late' }, []);
    expect((await f.send('/late')).status).toBe(404);
    f.workbench.store.publications.publish(api.id, f.workbench.store.environments.getByName('RELEASE')!.id);
    expect((await f.send('/late')).status).toBe(200);
  });

  it('edits to the draft are not served until republished', async () => {
    const api = f.api({ name: 'snap_api', path: '/snap', backend: { type: 'MOCK', body: 'v1' } });
    f.workbench.store.apis.update(api.id, { backend: { type: 'MOCK', body: 'v2' } });
    expect((await f.send('/snap')).text).toBe('v1');
    f.workbench.store.publications.publish(api.id, f.workbench.store.environments.getByName('RELEASE')!.id);
    expect((await f.send('/snap')).text).toBe('v2');
  });

  it('taking an API offline makes it APIG.0101 404', async () => {
    const api = f.api({ name: 'offline_api', path: '/offline', backend: { type: 'MOCK', body: 'here' } });
    expect((await f.send('/offline')).status).toBe(200);
    f.workbench.store.publications.takeOffline(api.id, f.workbench.store.environments.getByName('RELEASE')!.id);
    expect((await f.send('/offline')).status).toBe(404);
  });

  it('X-Stage selects the environment; RELEASE by default', async () => {
    const store = f.workbench.store;
    // One API (group + method + path is unique), published in two versions to two environments.
    const api = f.api({ name: 'stage_api', path: '/stage', backend: { type: 'MOCK', body: 'test' } }, ['TEST_ENV']);
    store.apis.update(api.id, { backend: { type: 'MOCK', body: 'release' } });
    store.publications.publish(api.id, store.environments.getByName('RELEASE')!.id);
    expect((await f.send('/stage')).text).toBe('release');
    expect((await f.send('/stage', { headers: { 'X-Stage': 'TEST_ENV' } })).text).toBe('test');
    expect((await f.send('/stage', { headers: { 'x-stage': 'NOPE_ENV' } })).status).toBe(404);
  });

  it('an existing path with a wrong method is APIG.0101 "The API does not exist."', async () => {
    f.api({ name: 'only_get', path: '/only-get', backend: { type: 'MOCK', body: 'x' } });
    const res = await f.send('/only-get', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0101', error_msg: 'The API does not exist.' });
  });

  it('ANY accepts any method', async () => {
    f.api({ name: 'any_api', path: '/any', method: 'ANY', backend: { type: 'MOCK', body: 'any' } });
    expect((await f.send('/any', { method: 'PATCH' })).text).toBe('any');
  });

  it('groups are chosen by Host; an unknown Host goes to the default group', async () => {
    const store = f.workbench.store;
    const other = store.groups.create({ name: 'other_group', domains: ['api.example.com'] });
    store.groups.update(f.group.id, { isDefault: true });
    const api = store.apis.create({ groupId: other.id, name: 'other_api', method: 'GET', path: '/who', backend: { type: 'MOCK', body: 'other' } });
    store.publications.publish(api.id, store.environments.getByName('RELEASE')!.id);
    f.api({ name: 'default_who', path: '/who', backend: { type: 'MOCK', body: 'default' } });
    expect((await f.send('/who', { headers: { host: 'api.example.com' } })).text).toBe('other');
    expect((await f.send('/who', { headers: { host: 'unknown.example.com' } })).text).toBe('default');
  });

  it('SWA prefix APIs append the remainder to the backend path', async () => {
    f.api({ name: 'swa_api', path: '/test/', matchMode: 'SWA', backend: { type: 'HTTP', address: f.echo.url.slice(7), path: '/test2/' } });
    const res = await f.send('/test/AA/CC?x=1');
    expect(res.echoed()).toMatchObject({ path: '/test2/AA/CC', query: { x: '1' } });
  });

  it('every response carries X-Request-Id; latency headers only with X-Apig-Mode: debug', async () => {
    f.api({ name: 'debug_api', path: '/debug', backend: { type: 'HTTP', address: f.echo.url.slice(7), path: '/' } });
    const plain = await f.send('/debug');
    expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(plain.headers['x-apig-latency']).toBeUndefined();
    const debug = await f.send('/debug', { headers: { 'X-Apig-Mode': 'debug' } });
    expect(Number(debug.headers['x-apig-latency'])).toBeGreaterThanOrEqual(0);
    expect(debug.headers['x-apig-upstream-latency']).toBeDefined();
    expect((await f.send('/nowhere')).headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('every request leaves a stored trace with its stages', async () => {
    const res = await f.send('/debug');
    f.workbench.gateway.flushTraces();
    const stored = f.workbench.store.traces.get(res.requestId);
    expect(stored?.stages.map((s) => s.name)).toEqual([
      'limits',
      'group',
      'environment',
      'route',
      'protocol',
      'access-control',
      'authentication',
      'authorizer',
      'throttling',
      'parameters',
      'orchestration',
      'backend-policy',
      'backend-authorizer',
      'backend-request',
      'backend',
    ]);
    expect(f.workbench.store.traces.list({ limit: 5 }).some((t) => t.requestId === res.requestId)).toBe(true);
  });

  it('AppCodes and IAM tokens are masked in stored traces; the backend still receives them', async () => {
    f.api({ name: 'secret_api', path: '/secret', backend: { type: 'HTTP', address: f.echo.url.slice(7), path: '/' } });
    const code = 'AbCdEfGh0123456789'.repeat(4);
    const res = await f.send('/secret', { headers: { 'X-Apig-AppCode': code, 'X-Auth-Token': 'tok-secret-value-123' } });
    expect(res.echoed().headers['x-apig-appcode']).toBe(code);
    f.workbench.gateway.flushTraces();
    const stored = f.workbench.store.traces.get(res.requestId)!;
    // The response body is the echo backend's own content; what the gateway copies must be masked.
    const copied = JSON.stringify({ request: stored.request.headers, backend: stored.backend?.headers });
    expect(copied).not.toContain(code);
    expect(copied).not.toContain('tok-secret-value-123');
    expect(stored.request.headers['x-apig-appcode']).toBe('Ab***89');
  });
});
