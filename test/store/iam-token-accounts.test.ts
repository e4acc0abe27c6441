/**
 * The account (name and ID) of each local IAM token: migration 4 on an existing workspace file,
 * defaults, validation with the access-control rules, and the `iam token` CLI.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src-main/store/migrations';
import { openWithMigrations, WorkspaceStore } from '../../src-main/store/workspace-store';
import { runCli as run } from '../cli/run-cli';
import { WorkbenchError } from '../../src-shared/contract';
import { startHostFixture } from '../hosts/helpers';
import { issueAt, issuesOf, openTemp, tempDbFile, track } from './helpers';

const HEX32 = /^[0-9a-f]{32}$/;
const ACME_ID = '0123456789abcdef0123456789abcdef';

describe('IAM token accounts: migration', () => {
  it('migration 4 gives the tokens of a v3 workspace the default account and one shared random ID', () => {
    const file = tempDbFile();
    const v3 = migrations.filter((m) => m.version <= 3);
    expect(v3.map((m) => m.version)).toEqual([1, 2, 3]);
    openWithMigrations(file, v3).close();
    // Rows as the version-3 schema writes them (no account columns yet).
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const insert = db.prepare('INSERT INTO iam_tokens (id, token, user_name, expires_at, created_at) VALUES (?, ?, ?, ?, ?)');
    insert.run('t1', 'MIIold-token-0001', 'olduser', null, '2024-01-01T00:00:00.000Z');
    insert.run('t2', 'MIIold-token-0002', 'other', '2030-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z');
    db.close();

    const store = track(WorkspaceStore.open(file));
    const [first, second] = store.iamTokens.list();
    expect(first).toMatchObject({ token: 'MIIold-token-0001', userName: 'olduser', accountName: 'local_account' });
    expect(first.accountId).toMatch(HEX32);
    expect(second).toMatchObject({ userName: 'other', accountName: 'local_account', accountId: first.accountId, expiresAt: '2030-01-01T00:00:00.000Z' });
    // A new token of the default account joins the same account ID.
    expect(store.iamTokens.create().accountId).toBe(first.accountId);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(migrations[migrations.length - 1].version);
    check.close();
  });
});

describe('IAM token accounts: repository', () => {
  it('defaults to local_account with a random 32-hex ID; another account gets its own ID', () => {
    const store = openTemp();
    const a = store.iamTokens.create({ userName: 'alice' });
    expect(a).toMatchObject({ accountName: 'local_account' });
    expect(a.accountId).toMatch(HEX32);
    const b = store.iamTokens.create({ userName: 'bob', accountName: 'acme' });
    expect(b.accountId).toMatch(HEX32);
    expect(b.accountId).not.toBe(a.accountId);
    expect(store.iamTokens.create({ userName: 'carol', accountName: 'acme' }).accountId).toBe(b.accountId);
    expect(store.iamTokens.get(b.id)).toEqual(b);
  });

  it('refuses account names and IDs that access-control policies could not list, naming field and rule', () => {
    const store = openTemp();
    const rejected = (input: Record<string, string>, field: string) => issueAt(issuesOf(() => store.iamTokens.create(input)), field);
    expect(rejected({ accountName: '1234567' }, 'accountName')).toMatchObject({ rule: 'pattern', message: 'account name "1234567" must not be all digits' });
    expect(rejected({ accountName: 'acme,globex' }, 'accountName')).toMatchObject({ rule: 'pattern', message: 'account name "acme,globex" must not contain commas' });
    expect(rejected({ accountName: 'x'.repeat(65) }, 'accountName')).toMatchObject({ rule: 'length' });
    expect(rejected({ accountName: ' acme' }, 'accountName').rule).toBe('pattern');
    expect(rejected({ accountId: 'abc123' }, 'accountId')).toMatchObject({ rule: 'pattern', message: 'account ID "abc123" must be 32 letters or digits' });
    expect(rejected({ accountId: '' }, 'accountId').rule).toBe('required');
    expect(() => store.iamTokens.create({ accountId: 'g'.repeat(31) + '!' })).toThrow(/accountId: account ID ".*" must be 32 letters or digits/);
    expect(store.iamTokens.list()).toEqual([]);
  });

  it('one account name has one ID: a token contradicting the table is refused', () => {
    const store = openTemp();
    store.iamTokens.create({ userName: 'alice', accountName: 'acme', accountId: ACME_ID });
    expect(rejected(() => store.iamTokens.create({ accountName: 'acme', accountId: 'f'.repeat(32) }))).toMatchObject({
      rule: 'account',
      message: `account acme already has the ID ${ACME_ID} in the token table (got ${'f'.repeat(32)})`,
    });
    expect(rejected(() => store.iamTokens.create({ accountName: 'globex', accountId: ACME_ID.toUpperCase() })).message).toContain(
      'already belongs to account acme',
    );
    expect(store.iamTokens.create({ accountName: 'acme', accountId: ACME_ID })).toMatchObject({ accountName: 'acme', accountId: ACME_ID });
  });
});

function rejected(fn: () => unknown) {
  return issueAt(issuesOf(fn), 'accountId');
}

describe('IAM token accounts: CLI', () => {
  it('iam token add takes --account and --account-id; list shows the account columns', async () => {
    const db = tempDbFile();
    WorkspaceStore.open(db).close();
    const added = await run('iam', 'token', 'add', '--db', db, '--token', 'MIIcli-acme-00001', '--user', 'alice', '--account', 'acme', '--account-id', ACME_ID);
    expect(added.code).toBe(0);
    expect(added.out).toContain(`added IAM token for user alice of account acme (ID ${ACME_ID})`);
    const defaulted = await run('iam', 'token', 'add', '--db', db, '--token', 'MIIcli-local-0001');
    const localId = /of account local_account \(ID ([0-9a-f]{32})\)/.exec(defaulted.out)?.[1];
    expect(localId).toMatch(HEX32);

    const listed = await run('iam', 'token', 'list', '--db', db);
    expect(listed.out.split('\n')).toEqual([
      'user  account  account-id  token  expiry',
      `alice  acme  ${ACME_ID}  MI***01  never expires`,
      `local-user  local_account  ${localId}  MI***01  never expires`,
    ]);
  });

  it('iam token add names the field and rule of a bad account', async () => {
    const db = tempDbFile();
    WorkspaceStore.open(db).close();
    const badName = await run('iam', 'token', 'add', '--db', db, '--account', '2024');
    expect(badName.code).toBe(1);
    expect(badName.err).toContain('accountName: account name "2024" must not be all digits');
    const badId = await run('iam', 'token', 'add', '--db', db, '--account-id', 'not-an-id');
    expect(badId.code).toBe(1);
    expect(badId.err).toContain('accountId: account ID "not-an-id" must be 32 letters or digits');
    expect((await run('iam', 'token', 'add', '--help')).out).toContain('--account-id');
  });
});

describe('IAM token accounts: workbench contract over the real host', () => {
  it('createIamToken takes accountName and accountId, rejects unknown fields and returns rule issues', async () => {
    const fx = await startHostFixture();
    try {
      const created = await fx.client.createIamToken({ input: { userName: 'alice', accountName: 'acme', accountId: ACME_ID } });
      expect(created).toMatchObject({ userName: 'alice', accountName: 'acme', accountId: ACME_ID });
      expect(await fx.client.listIamTokens()).toEqual([created]);

      const typo = await fx.post('createIamToken', { input: { account: 'acme' } });
      expect(typo.status).toBe(400);
      expect(typo.json.error).toMatchObject({ kind: 'invalid-argument', issues: [{ field: 'input.account', rule: 'unknown' }] });

      const invalid = await fx.client.createIamToken({ input: { accountName: '999' } }).catch((e) => e);
      expect(invalid).toBeInstanceOf(WorkbenchError);
      expect(invalid).toMatchObject({ kind: 'validation', issues: [{ field: 'accountName', rule: 'pattern' }] });
    } finally {
      await fx.close();
    }
  });
});
