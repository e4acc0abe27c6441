import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { releaseId, stageOf } from './helpers';
import { CORS_PREFLIGHT_HEADERS } from '../../src-main/gateway/response/cors';
import { ValidationError } from '../../src-main/store/workspace-store';

const mock = (headers: { key: string; value: string }[] = []) => ({ type: 'MOCK' as const, statusCode: 200, body: 'ok', headers });

describe('CORS', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });
  afterAll(() => f.close());

  it('a cors API answers with Access-Control-Allow-Origin: *', async () => {
    f.api({ name: 'corsget', path: '/corsget', cors: true });
    const res = await f.send('/corsget', { headers: { Origin: 'https://app.example' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('an API without cors adds no CORS header', async () => {
    f.api({ name: 'nocors', path: '/nocors' });
    expect((await f.send('/nocors', { headers: { Origin: 'https://app.example' } })).headers['access-control-allow-origin']).toBeUndefined();
  });

  it("the backend's CORS header overrides the gateway's", async () => {
    f.api({ name: 'corsbackend', path: '/corsbackend', cors: true, backend: mock([{ key: 'Access-Control-Allow-Origin', value: 'https://only.example' }]) });
    expect((await f.send('/corsbackend')).headers['access-control-allow-origin']).toBe('https://only.example');
  });

  it('an OPTIONS preflight API answers with the documented CORS headers', async () => {
    f.api({ name: 'corspost', path: '/corsitem', method: 'POST', cors: true });
    f.api({ name: 'corspreflight', path: '/corsitem', method: 'OPTIONS', cors: true, backend: mock() });
    const res = await f.send('/corsitem', { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(200);
    for (const [name, value] of Object.entries(CORS_PREFLIGHT_HEADERS)) expect(res.headers[name]).toBe(value);
  });

  it('a preflight with no OPTIONS API is 404 APIG.0101', async () => {
    f.api({ name: 'corsnopre', path: '/corsnopre', method: 'POST', cors: true });
    const res = await f.send('/corsnopre', { method: 'OPTIONS' });
    expect(res.status).toBe(404);
    expect(res.json().error_code).toBe('APIG.0101');
  });
});

describe('set_resp_headers plug-in', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });
  afterAll(() => f.close());

  const content = (headers: { name: string; value?: string; action: string }[]) => JSON.stringify({ response_headers: headers });

  it('override, append, delete, skip and add act on the backend response headers', async () => {
    const store = f.workbench.store;
    const api = f.api({
      name: 'plugged',
      path: '/plugged',
      backend: mock([
        { key: 'x-over', value: 'backend' },
        { key: 'x-app', value: 'a' },
        { key: 'x-del', value: 'gone' },
        { key: 'x-skip', value: 'kept' },
      ]),
    });
    const plugin = store.plugins.create({
      name: 'resp_headers',
      type: 'set_resp_headers',
      content: content([
        { name: 'X-Over', value: 'plugin', action: 'override' },
        { name: 'X-App', value: 'b', action: 'append' },
        { name: 'X-Del', action: 'delete' },
        { name: 'X-Skip', value: 'plugin', action: 'skip' },
        { name: 'X-New', value: 'fresh', action: 'skip' },
      ]),
    });
    store.plugins.bind(plugin.id, api.id, releaseId(f));
    const res = await f.send('/plugged');
    expect(res.headers).toMatchObject({ 'x-over': 'plugin', 'x-app': 'a,b', 'x-skip': 'kept', 'x-new': 'fresh' });
    expect(res.headers['x-del']).toBeUndefined();
    expect((await stageOf(f, res.requestId, 'response-plugins')).summary).toContain('X-Del: deleted');
  });

  it('cannot override x-request-id: the store refuses the rule and the gateway keeps its own id', async () => {
    const store = f.workbench.store;
    expect(() =>
      store.plugins.create({ name: 'bad_headers', type: 'set_resp_headers', content: content([{ name: 'X-Request-Id', value: 'mine', action: 'override' }]) }),
    ).toThrow(ValidationError);
    expect(() =>
      store.plugins.create({ name: 'bad_cors', type: 'set_resp_headers', content: content([{ name: 'Access-Control-Allow-Origin', value: 'x', action: 'override' }]) }),
    ).toThrow(/cannot be changed by the plug-in/);
    const api = f.api({ name: 'reqid', path: '/reqid', backend: mock([{ key: 'x-request-id', value: 'from-backend' }]) });
    const plugin = store.plugins.create({ name: 'other_header', type: 'set_resp_headers', content: content([{ name: 'X-Other', value: '1', action: 'add' }]) });
    store.plugins.bind(plugin.id, api.id, releaseId(f));
    const res = await f.send('/reqid');
    expect(res.headers['x-other']).toBe('1');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });
});
