/**
 * Account access control (runtime.md §5.3, §7 step 9) through the real gateway: account-name and
 * account-ID policies bound to IAM APIs, checked against the account of the local IAM token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { echoApi, releaseId, traceOf } from './helpers';
import type { AccessControlPolicy } from '../../src-shared/model';
import type { TraceStage } from '../../src-shared/trace';

const ACME_ID = '0123456789abcdef0123456789abcdef';
const GLOBEX_ID = 'fedcba9876543210fedcba9876543210';
const INITECH_ID = '11112222333344445555666677778888';

/** One token per account; the header a request sends to use it. */
const ALICE = { 'X-Auth-Token': 'MIIalice-of-acme-0001' };
const BOB = { 'X-Auth-Token': 'MIIbob-of-globex-0001' };
const DAVE = { 'X-Auth-Token': 'MIIdave-of-initech-01' };

type PolicySpec = Pick<AccessControlPolicy, 'aclType' | 'entityType' | 'value'>;

describe('account access control (IAM ACL)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
    const tokens = f.workbench.store.iamTokens;
    tokens.create({ token: ALICE['X-Auth-Token'], userName: 'alice', accountName: 'acme', accountId: ACME_ID });
    tokens.create({ token: BOB['X-Auth-Token'], userName: 'bob', accountName: 'globex', accountId: GLOBEX_ID });
    tokens.create({ token: DAVE['X-Auth-Token'], userName: 'dave', accountName: 'initech', accountId: INITECH_ID });
  });
  afterAll(() => f.close());

  /** An echo API at /<name> (IAM unless `extra` says otherwise) with the policies bound in RELEASE. */
  function guarded(name: string, policies: PolicySpec[], extra: Record<string, unknown> = { authType: 'IAM' }): string {
    const store = f.workbench.store;
    const api = echoApi(f, name, extra);
    policies.forEach((p, i) => {
      const acl = store.accessControls.create({ name: `${name}_acl${i}`, ...p });
      store.accessControls.bind(acl.id, api.id, releaseId(f));
    });
    return api.path;
  }

  /** The account access-control stage (the IP one comes first under the same stage name). */
  async function accountStage(requestId: string): Promise<TraceStage> {
    const stage = (await traceOf(f, requestId)).stages.find((s) => s.name === 'account-access-control');
    if (!stage) throw new Error(`trace of ${requestId} has no account access-control stage`);
    return stage;
  }

  it('an account-name allow list admits the listed account and refuses another with 403 APIG.0302', async () => {
    const path = guarded('name_white', [{ aclType: 'PERMIT', entityType: 'DOMAIN', value: 'acme, hooli' }]);
    const ok = await f.send(path, { headers: ALICE });
    expect(ok.status).toBe(200);
    const okStage = await accountStage(ok.requestId);
    expect(okStage.outcome).toBe('ok');
    expect(okStage.summary).toContain('account name acme is in the allow list of name_white_acl0');

    const refused = await f.send(path, { headers: BOB });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error_code: 'APIG.0302', error_msg: 'The IAM user is not authorized to access the API.' });
    const trace = await traceOf(f, refused.requestId);
    expect(trace.response.errorType).toBe('ACCESS_DENIED');
    const stage = await accountStage(refused.requestId);
    expect(stage.outcome).toBe('fail');
    expect(stage.summary).toBe(
      `IAM user bob of account globex (ID ${GLOBEX_ID}): account name globex is not in the allow list of name_white_acl0 → ACCESS_DENIED APIG.0302`,
    );
    expect(stage.detail).toMatchObject({ accountName: 'globex', accountId: GLOBEX_ID, policies: [{ policy: 'name_white_acl0', listed: false, passed: false }] });
  });

  it('runs after authentication and the frontend authorizer, before throttling', async () => {
    const res = await f.send(guarded('order_check', [{ aclType: 'DENY', entityType: 'DOMAIN', value: 'globex' }]), { headers: BOB });
    expect(res.status).toBe(403);
    const names = (await traceOf(f, res.requestId)).stages.map((s) => s.name);
    expect(names.slice(names.indexOf('authentication'))).toEqual(['authentication', 'authorizer', 'account-access-control', 'gateway-response']);
    const passed = await f.send('/order_check', { headers: ALICE });
    const passedNames = (await traceOf(f, passed.requestId)).stages.map((s) => s.name);
    expect(passedNames.indexOf('throttling')).toBe(passedNames.indexOf('account-access-control') + 1);
  });

  it('an account-ID deny list refuses the listed account (IDs compare case-insensitively) and admits others', async () => {
    const path = guarded('id_black', [{ aclType: 'DENY', entityType: 'DOMAIN_ID', value: ACME_ID.toUpperCase() }]);
    const refused = await f.send(path, { headers: ALICE });
    expect(refused.status).toBe(403);
    expect(refused.json().error_code).toBe('APIG.0302');
    expect((await accountStage(refused.requestId)).summary).toContain(`account ID ${ACME_ID} is in the deny list of id_black_acl0`);
    expect((await f.send(path, { headers: BOB })).status).toBe(200);
  });

  it('with both an allow list and a deny list bound, only the allow list is checked', async () => {
    // Alice's ID is on the deny list, but her account name is on the allow list: the deny list is not consulted.
    const path = guarded('black_and_white', [
      { aclType: 'PERMIT', entityType: 'DOMAIN', value: 'acme' },
      { aclType: 'DENY', entityType: 'DOMAIN_ID', value: ACME_ID },
    ]);
    const ok = await f.send(path, { headers: ALICE });
    expect(ok.status).toBe(200);
    const stage = await accountStage(ok.requestId);
    expect(stage.summary).toContain('deny list black_and_white_acl1 (account ID) not checked because an allow list is bound too');
    expect(stage.detail).toMatchObject({ ignored: ['black_and_white_acl1'] });
    // Bob is on neither list: the allow list alone decides, and it does not name him.
    const refused = await f.send(path, { headers: BOB });
    expect(refused.status).toBe(403);
    expect((await accountStage(refused.requestId)).summary).toContain('account name globex is not in the allow list of black_and_white_acl0');
  });

  it('two allow lists (name and ID) must both admit the account', async () => {
    const path = guarded('white_and_white', [
      { aclType: 'PERMIT', entityType: 'DOMAIN', value: 'acme,globex' },
      { aclType: 'PERMIT', entityType: 'DOMAIN_ID', value: ACME_ID },
    ]);
    expect((await f.send(path, { headers: ALICE })).status).toBe(200);
    // Bob's name is allowed, his ID is not: name AND ID fails.
    const refused = await f.send(path, { headers: BOB });
    expect(refused.status).toBe(403);
    const stage = await accountStage(refused.requestId);
    expect(stage.summary).toContain(`account ID ${GLOBEX_ID} is not in the allow list of white_and_white_acl1`);
    expect(stage.summary).not.toContain('account name globex is not');
  });

  it('two deny lists (name and ID) refuse an account listed in either', async () => {
    const path = guarded('black_and_black', [
      { aclType: 'DENY', entityType: 'DOMAIN', value: 'globex' },
      { aclType: 'DENY', entityType: 'DOMAIN_ID', value: ACME_ID },
    ]);
    expect((await f.send(path, { headers: ALICE })).status).toBe(403);
    expect((await f.send(path, { headers: BOB })).status).toBe(403);
    expect((await f.send(path, { headers: DAVE })).status).toBe(200);
  });

  it('an API that is not IAM-authenticated ignores bound account policies and the trace says why', async () => {
    const path = guarded('not_iam', [{ aclType: 'PERMIT', entityType: 'DOMAIN', value: 'nobody' }], { authType: 'NONE' });
    const res = await f.send(path);
    expect(res.status).toBe(200);
    const stage = await accountStage(res.requestId);
    expect(stage.outcome).toBe('skip');
    expect(stage.summary).toBe(
      'account policy not_iam_acl0 (account name) not checked: account policies apply to IAM-authenticated calls only and API not_iam uses auth type NONE',
    );
  });

  it('an IP deny list still refuses before authentication, with APIG.0402', async () => {
    const path = guarded('ip_first', [
      { aclType: 'DENY', entityType: 'IP', value: '127.0.0.1' },
      { aclType: 'PERMIT', entityType: 'DOMAIN', value: 'acme' },
    ]);
    const res = await f.send(path, { headers: ALICE });
    expect(res.status).toBe(403);
    expect(res.json().error_code).toBe('APIG.0402');
    const names = (await traceOf(f, res.requestId)).stages.map((s) => s.name);
    expect(names).not.toContain('authentication');
    expect(names.filter((n) => n === 'access-control')).toHaveLength(1);
  });

  it('IP and account checks are ANDed: an allowed IP with a refused account is still 403 APIG.0302', async () => {
    const path = guarded('ip_and_account', [
      { aclType: 'PERMIT', entityType: 'IP', value: '127.0.0.1' },
      { aclType: 'PERMIT', entityType: 'DOMAIN', value: 'acme' },
    ]);
    const ipStage = async (requestId: string) => (await traceOf(f, requestId)).stages.find((s) => s.name === 'access-control')!;
    const ok = await f.send(path, { headers: ALICE });
    expect(ok.status).toBe(200);
    expect((await ipStage(ok.requestId)).summary).toContain('account policy ip_and_account_acl1 is checked after authentication');
    const refused = await f.send(path, { headers: BOB });
    expect(refused.status).toBe(403);
    expect(refused.json().error_code).toBe('APIG.0302');
  });

  it('a call without a token fails authentication first (401), not the account check', async () => {
    const res = await f.send(guarded('no_token', [{ aclType: 'PERMIT', entityType: 'DOMAIN', value: 'acme' }]));
    expect(res.status).toBe(401);
    expect(res.json().error_code).toBe('APIG.0301');
    expect((await traceOf(f, res.requestId)).stages.some((s) => s.name === 'account-access-control')).toBe(false);
  });
});
