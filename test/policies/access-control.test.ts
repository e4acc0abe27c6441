import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { echoApi, releaseId, stageOf, traceOf } from './helpers';
import type { AccessControlPolicy } from '../../src-shared/model';

describe('access control', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });
  afterAll(() => f.close());

  /** An echo API at /<name> with an IP policy bound in RELEASE. Requests come from 127.0.0.1. */
  function guarded(name: string, aclType: AccessControlPolicy['aclType'], value: string, extra: Record<string, unknown> = {}) {
    const store = f.workbench.store;
    const api = echoApi(f, name, extra);
    const acl = store.accessControls.create({ name: `${name}_acl`, aclType, entityType: 'IP', value });
    store.accessControls.bind(acl.id, api.id, releaseId(f));
    return api.path;
  }

  it('a deny list holding the caller IP answers 403 APIG.0402', async () => {
    const res = await f.send(guarded('denyip', 'DENY', '10.1.1.1,127.0.0.1'));
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0402', error_msg: 'The IP address is not authorized to access the API.' });
    expect((await traceOf(f, res.requestId)).response.errorType).toBe('ACCESS_DENIED');
  });

  it('a deny list without the caller IP lets it through', async () => {
    expect((await f.send(guarded('denyother', 'DENY', '10.1.1.1'))).status).toBe(200);
  });

  it('an allow list without the caller IP answers 403 APIG.0402', async () => {
    const res = await f.send(guarded('allowother', 'PERMIT', '10.0.0.0/8,192.168.1.5'));
    expect(res.status).toBe(403);
    expect(res.json().error_code).toBe('APIG.0402');
  });

  it('an allow list CIDR holding the caller IP lets it through and the trace names the entry', async () => {
    const res = await f.send(guarded('allowcidr', 'PERMIT', '10.0.0.0/8,127.0.0.0/24'));
    expect(res.status).toBe(200);
    expect((await stageOf(f, res.requestId, 'access-control')).summary).toContain('allowed by 127.0.0.0/24');
  });

  it('an allow list dash range holding the caller IP lets it through', async () => {
    expect((await f.send(guarded('allowrange', 'PERMIT', '127.0.0.0-127.0.0.9'))).status).toBe(200);
  });

  it('the IP check runs before authentication: a denied caller never reaches the authorizer', async () => {
    f.fn({ name: 'acl_auth_fn', code: `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'allow' }) });` });
    const auth = f.authorizer({ name: 'acl_auth', functionName: 'acl_auth_fn' });
    const res = await f.send(guarded('aclbeforeauth', 'DENY', '127.0.0.1', { authType: 'AUTHORIZER', authorizerId: auth.id }));
    expect(res.status).toBe(403);
    const trace = await traceOf(f, res.requestId);
    expect(trace.authorizers).toEqual([]);
    expect(trace.stages.map((s) => s.name)).not.toContain('authentication');
  });

  it('a policy bound in another environment does not apply', async () => {
    const store = f.workbench.store;
    const test = store.environments.create({ name: 'TEST_ACL' });
    const api = echoApi(f, 'otherenv');
    const acl = store.accessControls.create({ name: 'otherenv_acl', aclType: 'DENY', entityType: 'IP', value: '127.0.0.1' });
    store.accessControls.bind(acl.id, api.id, test.id);
    expect((await f.send(api.path)).status).toBe(200);
  });
});
