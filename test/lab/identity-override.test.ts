/** Identity override through the real gateway, and how test suites treat it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { readSuite } from '../../src-shared/lab/suite';
import { runSuite } from '../../src-main/lab/suite-runner';

const DENY_ALL = `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'deny', context: {} }) });`;

describe('identity override', () => {
  let f: Fixture;
  const trace = async (requestId: string) => (await f.workbench.gateway.getTrace(requestId))!;
  const AS = 'x-apig-workbench-as-context';

  beforeAll(async () => {
    f = await createFixture();
    f.fn({ name: 'deny_fn', code: DENY_ALL });
    const auth = f.authorizer({ name: 'deny_auth', functionName: 'deny_fn', identities: [{ name: 'x-token', location: 'HEADER' }], ttl: 60 });
    f.api({ name: 'guarded', path: '/guarded', authType: 'AUTHORIZER', authorizerId: auth.id, backend: f.echoWithContextHeader('x-user', 'user') });
    f.api({ name: 'open', path: '/open' });
  });
  afterAll(() => f.close());

  it('uses the given context without running the function, marks the trace, and never forwards the header', async () => {
    const res = await f.send('/guarded', { headers: { [AS]: '{"user":"alice"}' } });
    expect(res.status).toBe(200);
    expect(res.echoed().headers['x-user']).toBe('alice');
    expect(res.echoed().headers[AS]).toBeUndefined();
    const t = await trace(res.requestId);
    expect(t.authorizers[0]).toMatchObject({ identityOverride: true, decision: 'allow', context: { user: 'alice' } });
    expect(t.authorizers[0].event).toBeUndefined();
    expect(t.authorizers[0].reason).toContain('identity override: the function was not run');
    expect(t.fidelityNotes.join(' ')).toContain('Identity override');
    expect(f.workbench.gateway.authorizerCacheEntries()).toEqual([]);
  });

  it('a context APIG would refuse is refused the same way (AUTHORIZER_CONF_FAILURE, reason in the trace)', async () => {
    for (const [value, words] of [
      ['not json', 'must be a JSON object of context values'],
      ['{"user":{"nested":1}}', 'user'],
    ]) {
      const res = await f.send('/guarded', { headers: { [AS]: value } });
      expect(res.status).toBe(500);
      const t = await trace(res.requestId);
      expect(t.response.errorType).toBe('AUTHORIZER_CONF_FAILURE');
      expect(t.authorizers[0].reason).toContain('identity override refused');
      expect(t.authorizers[0].reason).toContain(words);
    }
  });

  it('on an API without an authorizer the header is dropped and the trace says it was ignored', async () => {
    const res = await f.send('/open', { headers: { [AS]: '{"user":"x"}' } });
    expect(res.status).toBe(200);
    expect(res.echoed().headers[AS]).toBeUndefined();
    expect((await trace(res.requestId)).fidelityNotes).toContain('Identity override ignored: this API has no frontend custom authorizer.');
  });

  it('a suite case may ask for it with asContext; a case that sneaks the header in is an error', async () => {
    const { suite, diagnostics } = readSuite(
      [
        'cases:',
        '  - name: as alice',
        '    request: { path: /guarded, asContext: { user: alice } }',
        '    expect: { status: 200, decision: allow, backendHeaders: { x-user: alice } }',
        '  - name: sneaky',
        `    request: { path: /guarded, headers: { ${AS}: '{"user":"bob"}' } }`,
        '    expect: { status: 200 }',
      ].join('\n'),
      's',
    );
    expect(diagnostics).toEqual([]);
    const result = await runSuite(f.workbench.gateway, f.workbench.store, suite!, 's.yaml');
    expect(result.cases.map((c) => c.outcome)).toEqual(['passed', 'error']);
    expect(result.cases[1].error).toBe(`the request used an identity override (${AS}) but the case does not ask for one: set request.asContext`);
  });
});
