import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src-main/store/workspace-store';
import { issueAt, issuesOf, mockApi, openTemp } from './helpers';

const frontAuth = { name: 'userAuth', type: 'FRONTEND' as const, functionUrn: 'urn:fss:cn:p:function:default:auth-fn' };

describe('ids and defaults', () => {
  it('ids are 32 lower-case hex characters and API defaults are applied', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    const api = store.apis.create(mockApi(group.id));
    expect(group.id).toMatch(/^[0-9a-f]{32}$/);
    expect(api).toMatchObject({ matchMode: 'NORMAL', protocol: 'BOTH', requestType: 'public', authType: 'NONE', appCodeAuth: false, cors: false, bodyBase64: true, requestParams: [] });
    expect(api.backend).toMatchObject({ type: 'MOCK', statusCode: 200, headers: [], params: [] });
    expect(store.apis.get(api.id)).toEqual(api);
  });

  it('authorizer and function defaults match APIG / FunctionGraph', () => {
    const store = openTemp();
    expect(store.authorizers.create(frontAuth)).toMatchObject({ ttl: 0, identities: [], userData: '', needBody: false, relaxed: false, retryAttempts: 0, timeoutMs: 5000, networkType: 'V1', authorizerType: 'FUNC' });
    expect(store.functions.create({ name: 'auth-fn', runtime: 'nodejs', source: { kind: 'inline', code: 'x' } })).toMatchObject({ handler: 'index.handler', timeoutMs: 5000, memoryMb: 128 });
  });
});

describe('groups', () => {
  it('creating a group creates its default gateway response set, which cannot be deleted', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    const [set] = store.responseSets.list(group.id);
    expect(set).toMatchObject({ name: 'default', isDefault: true });
    expect(issuesOf(() => store.responseSets.remove(set.id))[0].rule).toBe('default-fixed');
  });

  it('allows at most 4 response sets per group', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    for (const name of ['a', 'b', 'c']) store.responseSets.create({ groupId: group.id, name });
    expect(issuesOf(() => store.responseSets.create({ groupId: group.id, name: 'd' }))[0].rule).toBe('max-count');
  });

  it('rejects a duplicate group name and a domain bound to another group', () => {
    const store = openTemp();
    store.groups.create({ name: 'shop', domains: ['api.shop.com'] });
    expect(issueAt(issuesOf(() => store.groups.create({ name: 'shop' })), 'name').rule).toBe('unique');
    expect(issueAt(issuesOf(() => store.groups.create({ name: 'other', domains: ['API.shop.com'] })), 'domains[0]').message).toContain('already bound to group shop');
  });

  it('only one group is the default group', () => {
    const store = openTemp();
    const a = store.groups.create({ name: 'first' });
    expect(a.isDefault).toBe(true);
    const b = store.groups.create({ name: 'second', isDefault: true });
    expect(store.groups.get(a.id)!.isDefault).toBe(false);
    expect(b.isDefault).toBe(true);
  });

  it('refuses to delete a group that still holds APIs, naming them', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    store.apis.create(mockApi(group.id));
    expect(() => store.groups.remove(group.id)).toThrow(/still holds 1 API\(s\) \(getThing\)/);
  });

  it('update of an unknown id throws NotFoundError naming the entity and id', () => {
    const store = openTemp();
    expect(() => store.groups.update('abc', { name: 'x' })).toThrow(NotFoundError);
    expect(() => store.groups.update('abc', { name: 'x' })).toThrow('group abc not found');
  });
});

describe('APIs', () => {
  it('group + method + path + match mode must be unique', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    store.apis.create(mockApi(group.id, { name: 'first' }));
    const issue = issueAt(issuesOf(() => store.apis.create(mockApi(group.id, { name: 'second' }))), 'path');
    expect(issue.rule).toBe('unique-route');
    expect(issue.message).toContain('API first already uses GET /things (NORMAL)');
    // Another method, another match mode, or a trailing slash make a different route.
    store.apis.create(mockApi(group.id, { name: 'second', method: 'POST' }));
    store.apis.create(mockApi(group.id, { name: 'third', matchMode: 'SWA' }));
    store.apis.create(mockApi(group.id, { name: 'fourth', path: '/things/' }));
    expect(store.apis.list({ groupId: group.id })).toHaveLength(4);
  });

  it('API names are unique within a group', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    store.apis.create(mockApi(group.id));
    expect(issueAt(issuesOf(() => store.apis.create(mockApi(group.id, { path: '/other' }))), 'name').rule).toBe('unique');
  });

  it('rejects an authorizer id that does not exist', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    expect(issueAt(issuesOf(() => store.apis.create(mockApi(group.id, { authType: 'AUTHORIZER', authorizerId: 'missing' }))), 'authorizerId').rule).toBe('exists');
  });

  it('refuses to delete an authorizer used by an API, naming the API', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    const auth = store.authorizers.create(frontAuth);
    store.apis.create(mockApi(group.id, { name: 'secured', authType: 'AUTHORIZER', authorizerId: auth.id }));
    const issues = issuesOf(() => store.authorizers.remove(auth.id));
    expect(issues[0]).toMatchObject({ rule: 'in-use', message: expect.stringContaining('used by API(s) secured') });
    expect(store.authorizers.get(auth.id)).toBeDefined();
  });

  it("an authorizer's type cannot be modified", () => {
    const store = openTemp();
    const auth = store.authorizers.create(frontAuth);
    expect(issueAt(issuesOf(() => store.authorizers.update(auth.id, { type: 'BACKEND' })), 'type').rule).toBe('immutable');
  });

  it('update merges the patch, replaces the backend with its defaults, and validates the result', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    const api = store.apis.create(mockApi(group.id));
    const updated = store.apis.update(api.id, { description: 'things', backend: { type: 'HTTP', address: 'svc:8080', path: '/things' } });
    expect(updated.description).toBe('things');
    expect(updated.backend).toMatchObject({ type: 'HTTP', method: 'GET', timeoutMs: 5000, retryCount: -1, protocol: 'HTTP' });
    expect(issueAt(issuesOf(() => store.apis.update(api.id, { path: 'no-slash' })), 'path').rule).toBe('leading-slash');
    expect(store.apis.get(api.id)!.path).toBe('/things');
  });

  it('clone copies an API under a new name and a free path', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    const api = store.apis.create(mockApi(group.id));
    const a = store.apis.clone(api.id);
    const b = store.apis.clone(api.id);
    expect([a.name, a.path]).toEqual(['getThing_copy', '/copy/things']);
    expect([b.name, b.path]).toEqual(['getThing_copy2', '/copy2/things']);
    expect(store.apis.clone(api.id, 'named').name).toBe('named');
    expect(a.backend).toEqual(api.backend);
  });
});

describe('environments and variables', () => {
  it('allows at most 10 environments', () => {
    const store = openTemp();
    for (let i = 1; i < 10; i++) store.environments.create({ name: `env${i}` });
    expect(issuesOf(() => store.environments.create({ name: 'env10' }))[0].rule).toBe('max-count');
  });

  it('allows at most 50 variables per group per environment; setting an existing one updates it', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    const env = store.environments.getByName('RELEASE')!;
    for (let i = 0; i < 50; i++) store.variables.set(group.id, env.id, `var${i}`, 'v');
    expect(store.variables.set(group.id, env.id, 'var0', 'changed').value).toBe('changed');
    expect(issuesOf(() => store.variables.set(group.id, env.id, 'var50', 'v'))[0].rule).toBe('max-count');
    const dev = store.environments.create({ name: 'DEV' });
    store.variables.set(group.id, dev.id, 'var50', 'v');
    expect(store.variables.list({ groupId: group.id, envId: env.id })).toHaveLength(50);
  });

  it('rejects an invalid variable value naming the field', () => {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    const env = store.environments.getByName('RELEASE')!;
    expect(issueAt(issuesOf(() => store.variables.set(group.id, env.id, 'host', 'a b')), 'value').rule).toBe('pattern');
  });
});

describe('publications', () => {
  function setup() {
    const store = openTemp();
    const group = store.groups.create({ name: 'shop' });
    const env = store.environments.getByName('RELEASE')!;
    const api = store.apis.create(mockApi(group.id));
    return { store, group, env, api };
  }

  it('publishing stores a snapshot that later draft edits do not change', () => {
    const { store, env, api } = setup();
    const pub = store.publications.publish(api.id, env.id, 'v1');
    store.apis.update(api.id, { path: '/edited', backend: { type: 'MOCK', body: 'changed' } });
    const [active] = store.publications.active(env.id);
    expect(active.id).toBe(pub.id);
    expect(active.snapshot.path).toBe('/things');
    expect(active.snapshot.backend).toMatchObject({ body: '{"ok":true}' });
    expect(active.remark).toBe('v1');
  });

  it('republishing keeps history, one active record, and at most 10 records', () => {
    const { store, env, api } = setup();
    const ids = Array.from({ length: 12 }, (_, i) => store.publications.publish(api.id, env.id, `r${i}`).id);
    const history = store.publications.history(api.id, env.id);
    expect(history).toHaveLength(10);
    expect(history.map((p) => p.remark)).toEqual(['r11', 'r10', 'r9', 'r8', 'r7', 'r6', 'r5', 'r4', 'r3', 'r2']);
    expect(history.filter((p) => p.active).map((p) => p.id)).toEqual([ids[11]]);
  });

  it('taking offline deactivates the publication but keeps its history row', () => {
    const { store, env, api } = setup();
    store.publications.publish(api.id, env.id);
    store.publications.takeOffline(api.id, env.id);
    expect(store.publications.active(env.id)).toEqual([]);
    expect(store.publications.history(api.id)).toHaveLength(1);
    expect(store.publications.history(api.id)[0].active).toBe(false);
    expect(() => store.publications.takeOffline(api.id, env.id)).toThrow(/not published there/);
  });

  it('refuses to publish with an unresolved #variable#, then succeeds once it is set', () => {
    const { store, group, env, api } = setup();
    store.apis.update(api.id, { backend: { type: 'HTTP', address: '#host#', path: '/things' } });
    const issue = issueAt(issuesOf(() => store.publications.publish(api.id, env.id)), 'backend.address');
    expect(issue).toMatchObject({ rule: 'variable-resolved', message: 'unresolved variable #host# in backend.address for environment RELEASE' });
    store.variables.set(group.id, env.id, 'host', 'localhost:9000');
    expect(store.publications.publish(api.id, env.id).active).toBe(true);
  });

  it('publishes a FUNCTION backend whose function has no local code yet (the gateway reports it per request)', () => {
    const { store, env, api } = setup();
    store.apis.update(api.id, { backend: { type: 'FUNCTION', functionUrn: 'urn:fss:cn:p:function:default:hello:latest' } });
    expect(store.publications.publish(api.id, env.id).snapshot.backend).toMatchObject({ type: 'FUNCTION' });
  });

  it('an environment with published APIs cannot be deleted', () => {
    const { store, api } = setup();
    const dev = store.environments.create({ name: 'DEV' });
    store.publications.publish(api.id, dev.id);
    expect(() => store.environments.remove(dev.id)).toThrow(/has published APIs \(getThing\)/);
    store.publications.takeOffline(api.id, dev.id);
    store.environments.remove(dev.id);
    expect(store.environments.getByName('DEV')).toBeUndefined();
  });

  it('loadPublishedView returns only active publications alongside everything the gateway needs', () => {
    const { store, group, env, api } = setup();
    const other = store.apis.create(mockApi(group.id, { name: 'other', path: '/other' }));
    store.publications.publish(api.id, env.id);
    store.publications.publish(other.id, env.id);
    store.publications.takeOffline(other.id, env.id);
    const view = store.loadPublishedView();
    expect(view.publications.map((p) => p.apiId)).toEqual([api.id]);
    expect(view.groups.map((g) => g.name)).toEqual(['shop']);
    expect(view.environments.map((e) => e.name)).toEqual(['RELEASE']);
    expect(view.responseSets.map((s) => s.name)).toEqual(['default']);
  });
});

describe('change events', () => {
  it('fire after commit, once, and not for a rolled-back transaction', () => {
    const store = openTemp();
    const seen: string[] = [];
    let committedWhenFired: boolean | undefined;
    store.onChange((c) => {
      seen.push(c.entity);
      // The write is visible by the time the listener runs.
      committedWhenFired = store.groups.getByName('shop') !== undefined;
    });
    store.transaction(() => {
      store.groups.create({ name: 'shop' });
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['responseSet', 'group']);
    expect(committedWhenFired).toBe(true);

    seen.length = 0;
    expect(() =>
      store.transaction(() => {
        store.groups.create({ name: 'gone' });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(seen).toEqual([]);
    expect(store.groups.getByName('gone')).toBeUndefined();
  });

  it('a failed nested transaction rolls back only its part and drops only its events', () => {
    const store = openTemp();
    const seen: string[] = [];
    store.onChange((c) => c.entity === 'group' && seen.push(c.id!));
    let keptId = '';
    store.transaction(() => {
      keptId = store.groups.create({ name: 'kept' }).id;
      try {
        store.transaction(() => {
          store.groups.create({ name: 'dropped' });
          throw new Error('inner');
        });
      } catch {
        /* the outer transaction goes on */
      }
    });
    expect(store.groups.list().map((g) => g.name)).toEqual(['kept']);
    expect(seen).toEqual([keptId]);
  });

  it('a rejected write fires nothing; unsubscribe stops events', () => {
    const store = openTemp();
    const seen: string[] = [];
    const off = store.onChange((c) => seen.push(c.entity));
    expect(() => store.groups.create({ name: 'x' })).toThrow(ValidationError);
    expect(seen).toEqual([]);
    off();
    store.groups.create({ name: 'shop' });
    expect(seen).toEqual([]);
  });
});
