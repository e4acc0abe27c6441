/** `apig-workbench app …` credential sub-commands and `iam token …`, on a real workspace file. */
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../cli/run-cli';
import { WorkspaceStore } from '../../src-main/store/workspace-store';
import { mockApi, tempDbFile } from '../store/helpers';

/** A workspace with API getThing published in RELEASE and an unpublished API draftOnly. */
function workspace(): string {
  const db = tempDbFile();
  const store = WorkspaceStore.open(db);
  const group = store.groups.create({ name: 'shop' });
  const api = store.apis.create(mockApi(group.id));
  store.apis.create(mockApi(group.id, { name: 'draftOnly', path: '/draft' }));
  store.publications.publish(api.id, store.environments.getByName('RELEASE')!.id);
  store.close();
  return db;
}

const SECRET = 'cli_secret_value_99';

describe('apig-workbench app (credentials)', () => {
  it('create, authorize and list with the secret masked unless --reveal', async () => {
    const db = workspace();
    const created = await run('app', 'create', 'cli_app', '--db', db, '--key', 'cli_key_0001', '--secret', SECRET);
    expect(created.code).toBe(0);
    expect(created.out).toContain('created app cli_app');
    expect(created.out).toContain(`AppSecret: ${SECRET}`);

    const auth = await run('app', 'authorize', 'cli_app', '--db', db, '--api', 'getThing', '--env', 'RELEASE');
    expect(auth).toMatchObject({ code: 0, out: 'app cli_app may call API getThing in RELEASE' });

    const listed = await run('app', 'list', '--db', db);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('AppKey:     cli_key_0001');
    expect(listed.out).toContain('AppSecret:  cl***99');
    expect(listed.out).toContain('Authorized: getThing@RELEASE');
    expect(listed.out).not.toContain(SECRET);

    const revealed = await run('app', 'list', '--db', db, '--reveal');
    expect(revealed.out).toContain(`AppSecret:  ${SECRET}`);

    const store = WorkspaceStore.open(db);
    try {
      const app = store.apps.getByName('cli_app')!;
      expect(app.appSecret).toBe(SECRET);
      expect(store.apps.authorizations({ appId: app.id })).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('code add generates an AppCode (masked in list); a given one is validated', async () => {
    const db = workspace();
    await run('app', 'create', 'code_app', '--db', db);
    const added = await run('app', 'code', 'add', 'code_app', '--db', db);
    expect(added.code).toBe(0);
    const code = /AppCode: (\S+)/.exec(added.out)![1];
    expect(code.length).toBeGreaterThanOrEqual(64);
    expect((await run('app', 'list', '--db', db)).out).not.toContain(code);
    const bad = await run('app', 'code', 'add', 'code_app', '--db', db, '--code', 'too-short');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('code: must be 64–180 characters');
    expect((await run('app', 'code', 'remove', 'code_app', '--db', db, '--code', code)).code).toBe(0);
  });

  it('errors name the problem: unknown app, unpublished API, unknown environment, missing NAME', async () => {
    const db = workspace();
    await run('app', 'create', 'err_app', '--db', db);
    const unknown = await run('app', 'authorize', 'nobody', '--db', db, '--api', 'getThing', '--env', 'RELEASE');
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining('no app named nobody in this workspace (apps: err_app)') });
    const unpublished = await run('app', 'authorize', 'err_app', '--db', db, '--api', 'draftOnly', '--env', 'RELEASE');
    expect(unpublished.code).toBe(1);
    expect(unpublished.err).toContain('API draftOnly is not published in RELEASE; publish it there first');
    const noEnv = await run('app', 'authorize', 'err_app', '--db', db, '--api', 'getThing', '--env', 'PROD');
    expect(noEnv.err).toContain('no environment named PROD');
    expect((await run('app', 'create', '--db', db)).code).toBe(2);
  });

  it('--help lists the credential sub-commands next to the UI options', async () => {
    const help = await run('app', '--help');
    expect(help.out).toContain('apig-workbench app create NAME --db DB [--key KEY] [--secret SECRET]');
    expect(help.out).toContain('apig-workbench app authorize NAME --db DB --api API_NAME --env ENV');
    expect(help.out).toContain('--no-open');
  });
});

describe('apig-workbench iam token', () => {
  it('add prints the token; list masks it unless --reveal', async () => {
    const db = workspace();
    const added = await run('iam', 'token', 'add', '--db', db, '--token', 'MIIcli-token-1234', '--user', 'dana');
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toContain('X-Auth-Token: MIIcli-token-1234');
    const listed = await run('iam', 'token', 'list', '--db', db);
    expect(listed.out).toMatch(/^user {2}account {2}account-id {2}token {2}expiry\ndana {2}local_account {2}[0-9a-f]{32} {2}MI\*\*\*34 {2}never expires$/);
    expect((await run('iam', 'token', 'list', '--db', db, '--reveal')).out).toContain('MIIcli-token-1234');
    expect((await run('iam', 'token', 'frob', '--db', db)).code).toBe(2);
  });
});
