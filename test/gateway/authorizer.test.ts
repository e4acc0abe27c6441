import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './fixture';

const result = (statusCode: number, status: string, context: object = {}) =>
  `return { statusCode: ${statusCode}, body: JSON.stringify({ status: '${status}', context: ${JSON.stringify(context)} }) };`;

describe('frontend custom authorizers', () => {
  let f: Fixture;
  /** Creates a function + authorizer + published API at /<name>, returns the path. */
  function protectedApi(name: string, body: string, authorizer: Record<string, unknown> = {}): string {
    f.fn({ name: `${name}_fn`, code: `exports.handler = async (event, context) => { ${body} };` });
    const auth = f.authorizer({ name: `${name}_auth`, functionName: `${name}_fn`, ...authorizer });
    f.api({
      name: `${name}_api`,
      path: `/${name}`,
      authType: 'AUTHORIZER',
      authorizerId: auth.id,
      backend: {
        type: 'HTTP',
        address: f.echo.url.slice(7),
        path: '/',
        params: [{ name: 'x-user', location: 'HEADER', origin: 'SYSTEM', value: '$context.authorizer.frontend.user' }],
      },
    });
    return `/${name}`;
  }
  const trace = async (requestId: string) => (await f.workbench.gateway.getTrace(requestId))!;

  beforeAll(async () => {
    f = await createFixture();
  });
  afterAll(() => f.close());

  it('allow passes the context to backend parameters', async () => {
    const res = await f.send(protectedApi('allow', result(200, 'allow', { user: 'u1' })));
    expect(res.status).toBe(200);
    expect(res.echoed().headers['x-user']).toBe('u1');
  });

  it('the event carries headers, query, path, method, requestContext and user_data, but no body without need_body', async () => {
    const path = protectedApi('event', result(200, 'allow'), { userData: 'my-data' });
    const res = await f.send(`${path}?a=1&a=2&b=x`, { method: 'GET', headers: { 'X-Custom': 'v' } });
    const event = (await trace(res.requestId)).authorizers[0].event as any;
    expect(event).toMatchObject({
      httpMethod: 'GET',
      path,
      headers: { 'x-custom': 'v' },
      queryStringParameters: { a: ['1', '2'], b: 'x' },
      requestContext: { requestId: res.requestId, stage: 'RELEASE', sourceIp: '127.0.0.1' },
      user_data: 'my-data',
      isBase64Encoded: false,
    });
    expect(event.body).toBeUndefined();
  });

  it('need_body sends the body Base64-encoded', async () => {
    const path = protectedApi('needbody', result(200, 'allow'), { needBody: true });
    f.workbench.store.apis.list({ groupId: f.group.id });
    const res = await f.send(path, { method: 'GET', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    const event = (await trace(res.requestId)).authorizers[0].event as any;
    expect(event.body).toBe(Buffer.from('hello').toString('base64'));
    expect(event.isBase64Encoded).toBe(true);
  });

  it('deny maps to AUTHORIZER_FAILURE with status 500', async () => {
    const res = await f.send(protectedApi('deny', result(200, 'deny')));
    expect(res.status).toBe(500);
    expect((await trace(res.requestId)).response.errorType).toBe('AUTHORIZER_FAILURE');
  });

  it('statusCode 201 maps to AUTHORIZER_CONF_FAILURE and the trace says why', async () => {
    const res = await f.send(protectedApi('s201', result(201, 'allow')));
    expect(res.status).toBe(500);
    const t = await trace(res.requestId);
    expect(t.response.errorType).toBe('AUTHORIZER_CONF_FAILURE');
    expect(t.authorizers[0].reason).toBe('statusCode 201 is not 200 → AUTHORIZER_CONF_FAILURE');
  });

  it('an object body (not a JSON string) is AUTHORIZER_CONF_FAILURE', async () => {
    const res = await f.send(protectedApi('objbody', `return { statusCode: 200, body: { status: 'allow' } };`));
    expect((await trace(res.requestId)).response.errorType).toBe('AUTHORIZER_CONF_FAILURE');
  });

  it('missing or invalid identity sources give 401 and the function is not called', async () => {
    const path = protectedApi('ident', result(200, 'allow'), {
      identities: [
        { name: 'token', location: 'HEADER', validation: '^tk-[0-9]+$' },
        { name: 'tenant', location: 'QUERY' },
      ],
    });
    const missing = await f.send(`${path}?tenant=t1`);
    expect(missing.status).toBe(401);
    const invalid = await f.send(`${path}?tenant=t1`, { headers: { token: 'bad' } });
    expect(invalid.status).toBe(401);
    const judged = (await trace(invalid.requestId)).authorizers[0];
    expect(judged.decision).toBe('identities-failure');
    expect(judged.event).toBeUndefined();
    expect((await f.send(`${path}?tenant=t1`, { headers: { token: 'tk-12' } })).status).toBe(200);
  });

  it('an identity validation with nested quantifiers (^(a+)+$) is judged in linear time: a long near-miss header cannot freeze the core', async () => {
    // A backtracking engine takes about 2^n steps here (8.6 s at 29 characters, doubling per character).
    const path = protectedApi('redos', result(200, 'allow'), { identities: [{ name: 'token', location: 'HEADER', validation: '^(a+)+$' }] });
    const nearMiss = await f.send(path, { headers: { token: `${'a'.repeat(5000)}!` } });
    expect(nearMiss.status).toBe(401);
    expect((await trace(nearMiss.requestId)).authorizers[0].decision).toBe('identities-failure');
    expect((await f.send(path, { headers: { token: 'a'.repeat(5000) } })).status).toBe(200);
  });

  it('results are cached per identity value for the ttl', async () => {
    const path = protectedApi('cached', result(200, 'allow', { user: 'c' }), { ttl: 60, identities: [{ name: 'token', location: 'HEADER' }] });
    const first = await f.send(path, { headers: { token: 'a' } });
    const second = await f.send(path, { headers: { token: 'a' } });
    const other = await f.send(path, { headers: { token: 'b' } });
    expect((await trace(first.requestId)).authorizers[0].cache).toMatchObject({ enabled: true, hit: false });
    expect((await trace(second.requestId)).authorizers[0].cache).toMatchObject({ hit: true, key: 'a' });
    expect((await trace(second.requestId)).authorizers[0].cache.ttlLeftSec).toBeGreaterThan(50);
    expect((await trace(other.requestId)).authorizers[0].cache.hit).toBe(false);
    expect(second.echoed().headers['x-user']).toBe('c');
    expect(f.workbench.gateway.authorizerCacheEntries().length).toBeGreaterThanOrEqual(2);
    f.workbench.gateway.flushAuthorizerCache();
    const afterFlush = await f.send(path, { headers: { token: 'a' } });
    expect((await trace(afterFlush.requestId)).authorizers[0].cache.hit).toBe(false);
  });

  it('editing an authorizer drops its cached results', async () => {
    const path = protectedApi('edited', result(200, 'allow', { user: 'e' }), { ttl: 60, identities: [{ name: 'token', location: 'HEADER' }] });
    await f.send(path, { headers: { token: 'a' } });
    const auth = f.workbench.store.authorizers.getByName('edited_auth')!;
    expect(f.workbench.gateway.authorizerCacheEntries().some((e) => e.authorizerId === auth.id)).toBe(true);
    f.workbench.store.authorizers.update(auth.id, { userData: 'changed' });
    expect(f.workbench.gateway.authorizerCacheEntries().some((e) => e.authorizerId === auth.id)).toBe(false);
  });

  it('a code change in the authorizer function takes effect on the next request', async () => {
    const path = protectedApi('recode', result(200, 'deny'));
    expect((await f.send(path)).status).toBe(500);
    const fn = f.workbench.store.functions.getByName('recode_fn')!;
    f.workbench.store.functions.update(fn.id, { source: { kind: 'inline', code: `exports.handler = async () => { ${result(200, 'allow')} };` } });
    expect((await f.send(path)).status).toBe(200);
  });

  it('relaxed mode lets a crashing function through with an empty context', async () => {
    const res = await f.send(protectedApi('relaxed_crash', `throw new Error('boom');`, { relaxed: true }));
    expect(res.status).toBe(200);
    expect(res.echoed().headers['x-user']).toBeUndefined();
    expect((await trace(res.requestId)).authorizers[0].decision).toBe('relaxed');
  });

  it('relaxed mode tolerates a 5xx statusCode', async () => {
    const res = await f.send(protectedApi('relaxed_503', result(503, 'allow', { user: 'ignored' }), { relaxed: true }));
    expect(res.status).toBe(200);
    expect(res.echoed().headers['x-user']).toBeUndefined();
  });

  it('relaxed mode does not tolerate deny or a 4xx statusCode', async () => {
    expect((await f.send(protectedApi('relaxed_deny', result(200, 'deny'), { relaxed: true }))).status).toBe(500);
    const res = await f.send(protectedApi('relaxed_403', result(403, 'allow'), { relaxed: true }));
    expect((await trace(res.requestId)).response.errorType).toBe('AUTHORIZER_CONF_FAILURE');
  });

  it('a crashing authorizer (process.exit, endless loop) is AUTHORIZER_CONF_FAILURE and the next request works', async () => {
    const exitPath = protectedApi('exits', `process.exit(3);`);
    expect((await f.send(exitPath)).status).toBe(500);
    const loopPath = protectedApi('loops', `for (;;) {}`, { timeoutMs: 300 });
    const looped = await f.send(loopPath);
    expect(looped.status).toBe(500);
    expect((await trace(looped.requestId)).authorizers[0].reason).toMatch(/timeout/);
    expect((await f.send(protectedApi('after_crash', result(200, 'allow', { user: 'ok' })))).status).toBe(200);
  });

  it('an authorizer whose function has no local code is AUTHORIZER_CONF_FAILURE', async () => {
    const auth = f.authorizer({ name: 'unbound_auth', functionName: 'no_such_function' });
    f.api({ name: 'unbound_api', path: '/unbound', authType: 'AUTHORIZER', authorizerId: auth.id });
    const res = await f.send('/unbound');
    expect(res.status).toBe(500);
    expect((await trace(res.requestId)).authorizers[0].reason).toMatch(/no local code/);
  });

  it('a custom gateway response renders deny with the authorizer context', async () => {
    const store = f.workbench.store;
    const set = store.responseSets.list(f.group.id).find((s) => s.isDefault)!;
    store.responseSets.update(set.id, {
      responses: {
        AUTHORIZER_FAILURE: {
          status: 403,
          body: '{"code":"$context.authorizer.frontend.code","id":"$context.requestId"}',
          headers: [{ key: 'X-Deny-Code', value: '$context.authorizer.frontend.code' }],
        },
      },
    });
    const res = await f.send(protectedApi('deny_ctx', result(200, 'deny', { code: 'NO_TOKEN' })));
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ code: 'NO_TOKEN', id: res.requestId });
    expect(res.headers['x-deny-code']).toBe('NO_TOKEN');
    store.responseSets.update(set.id, { responses: {} });
  });

  it('a context value with CR/LF mapped to a header is refused, never a crash', async () => {
    const res = await f.send(protectedApi('crlf', result(200, 'allow', { user: 'a\r\nInjected: yes' })));
    expect(res.status).toBe(500);
    expect((await f.send(protectedApi('crlf_after', result(200, 'allow', { user: 'fine' })))).status).toBe(200);
  });
});
