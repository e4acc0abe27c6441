import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOW_WHEN_HEADER_TEST_IS_ABC_PY, createFixture, type Fixture } from './fixture';

/**
 * The APIG user guide's custom-authorizer example, end to end: a Python authorizer allows when
 * header `test` is `abc` with context {"user": "abcd"}, and the API maps
 * $context.authorizer.frontend.user to backend header `test`.
 */
describe('user guide example: Python authorizer mapping context to a backend header', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
    f.fn({ name: 'guide_auth', runtime: 'python', code: ALLOW_WHEN_HEADER_TEST_IS_ABC_PY });
    const auth = f.authorizer({
      name: 'guide_authorizer',
      functionName: 'guide_auth',
      identities: [{ name: 'test', location: 'HEADER' }],
    });
    f.api({
      name: 'guide_api',
      path: '/guide',
      authType: 'AUTHORIZER',
      authorizerId: auth.id,
      backend: f.echoWithContextHeader('test', 'user'),
    });
  });
  afterAll(() => f.close());

  it('header test: abc reaches the backend as test: abcd', async () => {
    const res = await f.send('/guide', { headers: { test: 'abc' } });
    expect(res.status).toBe(200);
    expect(res.echoed().headers.test).toBe('abcd');
  });

  it('another value gets the AUTHORIZER_FAILURE response (500 by default)', async () => {
    const res = await f.send('/guide', { headers: { test: 'nope' } });
    expect(res.status).toBe(500);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0305', request_id: res.requestId });
    const trace = await f.workbench.gateway.getTrace(res.requestId);
    expect(trace?.authorizers[0]).toMatchObject({ decision: 'deny' });
  });

  it('no header gets 401 AUTHORIZER_IDENTITIES_FAILURE without calling the function', async () => {
    const res = await f.send('/guide');
    expect(res.status).toBe(401);
    const trace = await f.workbench.gateway.getTrace(res.requestId);
    expect(trace?.response.errorType).toBe('AUTHORIZER_IDENTITIES_FAILURE');
    expect(trace?.authorizers[0].event).toBeUndefined();
  });
});
