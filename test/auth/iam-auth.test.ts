/** IAM authentication simulated by the workspace's local token table, through the real gateway. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';

describe('IAM authentication (local token table)', () => {
  let f: Fixture;
  const authStage = async (requestId: string) => {
    const t = (await f.workbench.gateway.getTrace(requestId))!;
    return { t, stage: t.stages.find((s) => s.name === 'authentication')! };
  };

  beforeAll(async () => {
    f = await createFixture();
    f.api({ name: 'iam_api', path: '/iam', authType: 'IAM' });
    f.workbench.store.iamTokens.create({ token: 'MIItoken-valid-0001', userName: 'alice' });
    f.workbench.store.iamTokens.create({ token: 'MIItoken-expired-01', userName: 'bob', expiresAt: '2020-01-01T00:00:00.000Z' });
  });
  afterAll(() => f.close());

  it('a token in the table passes and the trace names its user, masked', async () => {
    const res = await f.send('/iam', { headers: { 'X-Auth-Token': 'MIItoken-valid-0001' } });
    expect(res.status).toBe(200);
    const { stage } = await authStage(res.requestId);
    expect(stage.outcome).toBe('ok');
    expect(stage.summary).toContain('IAM user alice');
    expect(stage.detail).toMatchObject({ user: 'alice', token: 'MI***01' });
  });

  it('an unknown token is APIG.0301 AUTH_FAILURE', async () => {
    const res = await f.send('/iam', { headers: { 'X-Auth-Token': 'MIItoken-unknown-01' } });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0301', error_msg: 'Incorrect IAM authentication information: decrypt token fail' });
    expect((await authStage(res.requestId)).t.response.errorType).toBe('AUTH_FAILURE');
  });

  it('an expired token says when it expired', async () => {
    const res = await f.send('/iam', { headers: { 'X-Auth-Token': 'MIItoken-expired-01' } });
    expect(res.status).toBe(401);
    expect(res.json().error_msg).toBe('Incorrect IAM authentication information: token expires, expires_at: 2020-01-01T00:00:00.000Z');
  });

  it('no X-Auth-Token is AUTH_HEADER_MISSING with "x-auth-token not found"', async () => {
    const res = await f.send('/iam');
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0301', error_msg: 'Incorrect IAM authentication information: x-auth-token not found' });
    expect((await authStage(res.requestId)).t.response.errorType).toBe('AUTH_HEADER_MISSING');
  });

  it('AK/SK signing is not emulated: refused with the documented message and a trace that says so', async () => {
    const res = await f.send('/iam', { headers: { Authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00' } });
    expect(res.status).toBe(401);
    expect(res.json().error_msg).toBe('Incorrect IAM authentication information: verify aksk signature fail');
    expect((await authStage(res.requestId)).stage.summary).toContain('AK/SK signing is not emulated locally');
  });

  it('a token added while the gateway runs is accepted without a restart', async () => {
    f.workbench.store.iamTokens.create({ token: 'MIItoken-later-0001', userName: 'carol' });
    expect((await f.send('/iam', { headers: { 'X-Auth-Token': 'MIItoken-later-0001' } })).status).toBe(200);
  });
});
