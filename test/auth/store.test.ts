/** Credentials, AppCodes, authorizations and IAM tokens in a real workspace file. */
import { describe, expect, it } from 'vitest';
import { openTemp, tempDbFile, track, issuesOf, issueAt, mockApi } from '../store/helpers';
import { WorkspaceStore } from '../../src-main/store/workspace-store';
import { maskSecret } from '../../src-shared/rules/app';

const CODE = (c = 'A') => c + 'b'.repeat(70);

function setup() {
  const store = openTemp();
  const group = store.groups.create({ name: 'shop' });
  const env = store.environments.getByName('RELEASE')!;
  const api = store.apis.create(mockApi(group.id));
  return { store, group, env, api };
}

describe('apps (credentials)', () => {
  it('generates a 32-hex AppKey and AppSecret when none are given, and keeps given ones', () => {
    const { store } = setup();
    const generated = store.apps.create({ name: 'gen_app' });
    expect(generated.appKey).toMatch(/^[0-9a-f]{32}$/);
    expect(generated.appSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(generated.appSecret).not.toBe(generated.appKey);
    const given = store.apps.create({ name: 'given_app', appKey: 'my-key_01', appSecret: 'S3cret!@#$%' });
    expect(store.apps.getByKey('my-key_01')).toMatchObject({ id: given.id, appSecret: 'S3cret!@#$%' });
    expect(store.apps.getByName('given_app')!.id).toBe(given.id);
    expect(store.apps.list().map((a) => a.name)).toEqual(['gen_app', 'given_app']);
  });

  it('applies APIG name, AppKey and AppSecret rules, without echoing the secret', () => {
    const { store } = setup();
    expect(issueAt(issuesOf(() => store.apps.create({ name: '1bad' })), 'name').rule).toBe('pattern');
    expect(issueAt(issuesOf(() => store.apps.create({ name: 'ok_app', appKey: 'short' })), 'appKey').rule).toBe('length');
    expect(issueAt(issuesOf(() => store.apps.create({ name: 'ok_app', appKey: '-startsbad' })), 'appKey').rule).toBe('pattern');
    const secretIssue = issueAt(issuesOf(() => store.apps.create({ name: 'ok_app', appSecret: 'has space in it' })), 'appSecret');
    expect(secretIssue.rule).toBe('pattern');
    expect(secretIssue.message).not.toContain('has space in it');
  });

  it('refuses a duplicate name or AppKey', () => {
    const { store } = setup();
    store.apps.create({ name: 'one_app', appKey: 'shared_key' });
    expect(issueAt(issuesOf(() => store.apps.create({ name: 'one_app' })), 'name').rule).toBe('unique');
    expect(issueAt(issuesOf(() => store.apps.create({ name: 'two_app', appKey: 'shared_key' })), 'appKey').rule).toBe('unique');
  });

  it('update changes the secret; remove takes AppCodes and authorizations along', () => {
    const { store, env, api } = setup();
    const app = store.apps.create({ name: 'upd_app' });
    expect(store.apps.update(app.id, { appSecret: 'new_secret_1' }).appSecret).toBe('new_secret_1');
    store.apps.addAppCode(app.id, CODE());
    store.publications.publish(api.id, env.id);
    store.apps.authorize(app.id, api.id, env.id);
    store.apps.remove(app.id);
    expect(store.apps.get(app.id)).toBeUndefined();
    expect(store.apps.authorizations()).toEqual([]);
    expect(store.loadPublishedView().apps).toEqual([]);
  });
});

describe('AppCodes', () => {
  it('generated codes follow the APIG AppCode rule; at most 5 per app', () => {
    const { store } = setup();
    const app = store.apps.create({ name: 'code_app' });
    const generated = store.apps.addAppCode(app.id);
    expect(generated.code).toMatch(/^[A-Za-z+/][A-Za-z0-9+_!@#$%/=]{63,179}$/);
    for (const c of ['B', 'C', 'D', 'E']) store.apps.addAppCode(app.id, CODE(c));
    expect(store.apps.get(app.id)!.appCodes).toHaveLength(5);
    expect(issueAt(issuesOf(() => store.apps.addAppCode(app.id, CODE('F'))), 'appCodes').rule).toBe('max-count');
    store.apps.removeAppCode(app.id, generated.id);
    expect(store.apps.addAppCode(app.id, CODE('F')).code).toBe(CODE('F'));
  });

  it('rejects codes that are too short, start with a digit, or are already used by any app', () => {
    const { store } = setup();
    const a = store.apps.create({ name: 'app_a' });
    const b = store.apps.create({ name: 'app_b' });
    expect(issueAt(issuesOf(() => store.apps.addAppCode(a.id, 'A'.repeat(63))), 'code').rule).toBe('length');
    expect(issueAt(issuesOf(() => store.apps.addAppCode(a.id, '1' + 'a'.repeat(70))), 'code').rule).toBe('pattern');
    store.apps.addAppCode(a.id, CODE());
    expect(issueAt(issuesOf(() => store.apps.addAppCode(b.id, CODE())), 'code').rule).toBe('unique');
  });
});

describe('authorizations', () => {
  it('need the API published in the environment, are idempotent and can be withdrawn', () => {
    const { store, env, api } = setup();
    const app = store.apps.create({ name: 'auth_app' });
    const issue = issueAt(issuesOf(() => store.apps.authorize(app.id, api.id, env.id)), 'apiId');
    expect(issue.message).toBe('API getThing is not published in RELEASE; publish it there first');
    store.publications.publish(api.id, env.id);
    const first = store.apps.authorize(app.id, api.id, env.id);
    expect(store.apps.authorize(app.id, api.id, env.id).id).toBe(first.id);
    expect(store.apps.authorizations({ appId: app.id })).toEqual([first]);
    store.apps.unauthorize(app.id, api.id, env.id);
    expect(store.apps.authorizations()).toEqual([]);
    expect(() => store.apps.unauthorize(app.id, api.id, env.id)).toThrow(/not found/);
  });

  it('go away with the API', () => {
    const { store, env, api } = setup();
    const app = store.apps.create({ name: 'auth_app' });
    store.publications.publish(api.id, env.id);
    store.apps.authorize(app.id, api.id, env.id);
    store.publications.takeOffline(api.id, env.id);
    store.apis.remove(api.id);
    expect(store.apps.authorizations()).toEqual([]);
  });

  it('survive reopening the workspace and reach the published view', () => {
    const file = tempDbFile();
    const first = WorkspaceStore.open(file);
    const group = first.groups.create({ name: 'shop' });
    const env = first.environments.getByName('RELEASE')!;
    const api = first.apis.create(mockApi(group.id));
    first.publications.publish(api.id, env.id);
    const app = first.apps.create({ name: 'kept_app' });
    first.apps.authorize(app.id, api.id, env.id);
    first.iamTokens.create({ token: 'MIIkept-token-1', userName: 'kim' });
    first.close();
    const view = track(WorkspaceStore.open(file)).loadPublishedView();
    expect(view.apps.map((a) => a.name)).toEqual(['kept_app']);
    expect(view.appAuthorizations).toMatchObject([{ appId: app.id, apiId: api.id, envId: env.id }]);
    expect(view.iamTokens).toMatchObject([{ token: 'MIIkept-token-1', userName: 'kim' }]);
  });
});

describe('IAM tokens', () => {
  it('generate a token and a default user, validate given ones, refuse duplicates', () => {
    const store = openTemp();
    const t = store.iamTokens.create();
    expect(t.token).toMatch(/^MIIlocal-/);
    expect(t.userName).toBe('local-user');
    expect(issueAt(issuesOf(() => store.iamTokens.create({ token: 'has space' })), 'token').rule).toBe('pattern');
    expect(issueAt(issuesOf(() => store.iamTokens.create({ token: 'MIIgood-token', expiresAt: 'tomorrow' })), 'expiresAt').rule).toBe('date');
    expect(issueAt(issuesOf(() => store.iamTokens.create({ token: t.token })), 'token').rule).toBe('unique');
    store.iamTokens.remove(t.id);
    expect(store.iamTokens.list()).toEqual([]);
  });
});

describe('maskSecret', () => {
  it('shows at most the first and last two characters', () => {
    expect(maskSecret('416b6b2a1d394111b9bc1df0e6842ab8')).toBe('41***b8');
    expect(maskSecret('short_sec')).toBe('s***');
  });
});
