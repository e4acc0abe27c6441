import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { echoApi, releaseId, stageOf } from './helpers';
import { ThrottleCounters, countersFor } from '../../src-main/gateway/stages/09-throttling';
import type { Exchange } from '../../src-main/gateway/exchange';
import type { Api, ThrottlePolicy } from '../../src-shared/model';

const message = (kind: string, limit: number, time: string) =>
  `The throttling threshold has been reached: policy ${kind} over ratelimit,limit:${limit},time:${time}`;

describe('request throttling', () => {
  let f: Fixture;
  beforeAll(async () => {
    // AppCodes over plain HTTP, so app-authenticated calls can be made locally.
    f = await createFixture({ appCodeOverHttp: true });
  });
  afterAll(() => f.close());

  /** A policy bound to fresh APIs; a 1-day window so no window boundary falls inside a test. */
  function throttled(name: string, limits: Partial<ThrottlePolicy>, apis = 1) {
    const store = f.workbench.store;
    const policy = store.throttles.create({ name: `${name}_policy`, apiCallLimits: 10, timeInterval: 1, timeUnit: 'DAY', ...limits });
    const paths: string[] = [];
    for (let i = 0; i < apis; i++) {
      const api = echoApi(f, `${name}${i}`);
      store.throttles.bind(policy.id, api.id, releaseId(f));
      paths.push(api.path);
    }
    return { policy, paths };
  }

  it('the API limit trips with 429 APIG.0308 and the documented message', async () => {
    const { paths } = throttled('apilimit', { apiCallLimits: 2 });
    expect((await f.send(paths[0])).status).toBe(200);
    expect((await f.send(paths[0])).status).toBe(200);
    const res = await f.send(paths[0]);
    expect(res.status).toBe(429);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0308', error_msg: message('api', 2, '1 day') });
  });

  it('the trace shows every counter and which one tripped', async () => {
    const { paths } = throttled('tracecounters', { apiCallLimits: 5, ipCallLimits: 1 });
    await f.send(paths[0]);
    const res = await f.send(paths[0]);
    const stage = await stageOf(f, res.requestId, 'throttling');
    expect(stage.outcome).toBe('fail');
    expect(stage.detail?.tripped).toBe('ip');
    const counters = stage.detail?.counters as { kind: string; limit: number; used: number; tripped: boolean }[];
    // The default per-second counter's use depends on timing; the policy's (1-day window) do not.
    expect(counters.map((c) => [c.kind, c.limit, c.tripped])).toEqual([
      ['api-allenv', 200, false],
      ['api', 5, false],
      ['ip', 1, true],
    ]);
    expect(counters.filter((c) => c.kind !== 'api-allenv').map((c) => c.used)).toEqual([1, 1]);
  });

  it('the IP limit trips before the API limit', async () => {
    const { paths } = throttled('iplimit', { apiCallLimits: 10, ipCallLimits: 1 });
    expect((await f.send(paths[0])).status).toBe(200);
    const res = await f.send(paths[0]);
    expect(res.status).toBe(429);
    expect(res.json().error_msg).toBe(message('ip', 1, '1 day'));
  });

  it('a shared (type 2) policy counts calls to all its APIs together', async () => {
    const { paths } = throttled('shared', { apiCallLimits: 2, type: 2 }, 2);
    expect((await f.send(paths[0])).status).toBe(200);
    expect((await f.send(paths[1])).status).toBe(200);
    expect((await f.send(paths[0])).status).toBe(429);
    expect((await f.send(paths[1])).status).toBe(429);
  });

  it('an exclusive (type 1) policy counts each API separately', async () => {
    const { paths } = throttled('exclusive', { apiCallLimits: 1, type: 1 }, 2);
    expect((await f.send(paths[0])).status).toBe(200);
    expect((await f.send(paths[1])).status).toBe(200);
    expect((await f.send(paths[0])).status).toBe(429);
  });

  it('a special app threshold replaces the app limit for that app only', async () => {
    const store = f.workbench.store;
    const special = store.apps.create({ name: 'special_app' });
    const plain = store.apps.create({ name: 'plain_app' });
    const specialCode = store.apps.addAppCode(special.id).code;
    const plainCode = store.apps.addAppCode(plain.id).code;
    const api = f.api({ name: 'appthrottled', path: '/appthrottled', authType: 'APP', appCodeAuth: true });
    for (const app of [special, plain]) store.apps.authorize(app.id, api.id, releaseId(f));
    const policy = store.throttles.create({
      name: 'app_policy',
      apiCallLimits: 10,
      appCallLimits: 1,
      timeInterval: 1,
      timeUnit: 'DAY',
      specials: [{ objectType: 'APP', objectId: special.id, callLimits: 3 }],
    });
    store.throttles.bind(policy.id, api.id, releaseId(f));
    const call = (code: string) => f.send('/appthrottled', { headers: { 'X-Apig-AppCode': code } });

    expect((await call(plainCode)).status).toBe(200);
    const plainOver = await call(plainCode);
    expect(plainOver.status).toBe(429);
    expect(plainOver.json().error_msg).toBe(message('app', 1, '1 day'));
    for (let i = 0; i < 3; i++) expect((await call(specialCode)).status).toBe(200);
    const specialOver = await call(specialCode);
    expect(specialOver.status).toBe(429);
    expect(specialOver.json().error_msg).toBe(message('app', 3, '1 day'));
  });

  it('rate-limit headers appear only with X-Apig-Mode: debug', async () => {
    const { paths } = throttled('debughdr', { apiCallLimits: 3 });
    const plain = await f.send(paths[0]);
    expect(Object.keys(plain.headers).filter((h) => h.startsWith('x-apig-'))).toEqual([]);
    const debug = await f.send(paths[0], { headers: { 'X-Apig-Mode': 'debug' } });
    expect(debug.headers['x-apig-ratelimit-api']).toBe('remain:1,limit:3,time:1 day');
    expect(debug.headers['x-apig-ratelimit-api-allenv']).toMatch(/^remain:19[89],limit:200,time:1 second$/);
  });

  it('an API with no policy still reports the default 200/s limit as api-allenv', async () => {
    const api = echoApi(f, 'unbound');
    const res = await f.send(api.path, { headers: { 'X-Apig-Mode': 'debug' } });
    expect(res.headers['x-apig-ratelimit-api-allenv']).toBe('remain:199,limit:200,time:1 second');
    expect(res.headers['x-apig-ratelimit-api']).toBeUndefined();
  });

  it('a fake APP identity is matched against USER and APP specials (unit level)', () => {
    const counters = new ThrottleCounters(() => 1_000_000);
    const api = { id: 'api1', authType: 'APP' } as Api;
    const exchange = { api, env: 'RELEASE', sourceIp: '10.0.0.1', app: { id: 'appA', name: 'A' } } as unknown as Exchange;
    const policy = {
      id: 'p', name: 'p', apiCallLimits: 100, userCallLimits: 50, appCallLimits: 5, timeInterval: 1, timeUnit: 'MINUTE', type: 1,
      specials: [{ objectType: 'APP', objectId: 'appA', callLimits: 7 }, { objectType: 'USER', objectId: 'local', callLimits: 9 }],
    } as unknown as ThrottlePolicy;
    const checks = countersFor(exchange, policy, false, counters);
    expect(checks.map((c) => [c.kind, c.limit, c.special])).toEqual([
      ['api', 100, undefined],
      ['user', 9, 'tenant local'],
      ['app', 7, 'app appA'],
    ]);
  });
});

describe('the default per-API limit', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture({ config: { ratelimit_api_limits: 2 } });
  });
  afterAll(() => f.close());

  it('is a gateway option: a low default trips with 429 and names 1 second', async () => {
    const api = echoApi(f, 'lowdefault');
    // Within any one-second window the third quick call trips; a window may end between calls, so try a few.
    const statuses: number[] = [];
    let over: Awaited<ReturnType<Fixture['send']>> | undefined;
    for (let i = 0; i < 20 && !over; i++) {
      const res = await f.send(api.path);
      statuses.push(res.status);
      if (res.status === 429) over = res;
    }
    expect(over, `statuses: ${statuses.join(',')}`).toBeDefined();
    expect(over!.json().error_msg).toBe(message('api', 2, '1 second'));
    expect((await stageOf(f, over!.requestId, 'throttling')).detail?.tripped).toBe('api-allenv');
  });
});

describe('the default per-API limit turned off', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture({ defaultApiRateLimit: false });
  });
  afterAll(() => f.close());

  it('adds no api-allenv header and skips the stage when no policy is bound', async () => {
    const api = echoApi(f, 'nolimit');
    const res = await f.send(api.path, { headers: { 'X-Apig-Mode': 'debug' } });
    expect(res.status).toBe(200);
    expect(res.headers['x-apig-ratelimit-api-allenv']).toBeUndefined();
    expect((await stageOf(f, res.requestId, 'throttling')).outcome).toBe('skip');
  });
});
