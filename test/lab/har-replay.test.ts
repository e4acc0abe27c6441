/** HAR export of stored traces and a trace's request loaded back for the tester, over the real HTTP host. */
import { request as httpRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostFixture, type HostFixture } from '../hosts/helpers';

let fx: HostFixture;
beforeAll(async () => {
  fx = await startHostFixture();
  const group = await fx.client.createGroup({ input: { name: 'har', isDefault: true } });
  const release = (await fx.client.listEnvironments()).find((e) => e.name === 'RELEASE')!;
  await fx.client.createFunction({ input: { name: 'deny_fn', runtime: 'nodejs', source: { kind: 'inline', code: "exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'deny' }) });" } } });
  const auth = await fx.client.createAuthorizer({ input: { name: 'deny_auth', type: 'FRONTEND', functionUrn: 'urn:fss:r:p:function:default:deny_fn:latest' } });
  const mock = await fx.client.createApi({
    input: { groupId: group.id, name: 'mock_api', method: 'POST', path: '/mock', backend: { type: 'MOCK', statusCode: 201, body: '{"ok":"ü"}', headers: [{ key: 'Content-Type', value: 'application/json' }] } },
  });
  const guarded = await fx.client.createApi({
    input: { groupId: group.id, name: 'guarded', method: 'GET', path: '/guarded', authType: 'AUTHORIZER', authorizerId: auth.id, backend: { type: 'MOCK', statusCode: 200, body: 'in' } },
  });
  for (const api of [mock, guarded]) await fx.client.publishApi({ apiId: api.id, envId: release.id });
});
afterAll(async () => fx?.close());

describe('HAR export', () => {
  it('writes HAR 1.2 entries with request, response, timings and what the gateway decided', async () => {
    const a = await fx.client.sendRequest({ method: 'POST', url: '/mock?x=1&y=a%20b', headers: { 'content-type': 'text/plain', 'x-auth-token': 'MIIsecret-token-value' }, body: 'hello' });
    const b = await fx.client.sendRequest({ method: 'GET', url: '/guarded' });
    const har = await fx.client.exportTracesHar({ ids: [b.requestId!, a.requestId!] });
    expect(har.log).toMatchObject({ version: '1.2', creator: { name: 'APIG Workbench', version: expect.stringMatching(/\S/) } });
    const [first, second] = har.log.entries;
    expect(first.request).toMatchObject({
      method: 'POST',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/mock\?x=1&y=a%20b$/),
      queryString: [{ name: 'x', value: '1' }, { name: 'y', value: 'a b' }],
      postData: { mimeType: 'text/plain', text: 'hello' },
      bodySize: 5,
    });
    expect(JSON.stringify(first)).not.toContain('MIIsecret-token-value');
    expect(first.response).toMatchObject({ status: 201, statusText: 'Created', content: { mimeType: 'application/json', text: '{"ok":"ü"}', size: 11 } });
    expect(second._apigWorkbench).toMatchObject({ errorType: 'AUTHORIZER_FAILURE', authorizers: [{ name: 'deny_auth', decision: 'deny', cacheHit: false }] });
  });

  it('refuses traces with an identity override unless asked, and marks them when asked', async () => {
    const o = await fx.client.sendRequest({ method: 'GET', url: '/guarded', headers: { 'x-apig-workbench-as-context': '{"user":"alice"}' } });
    expect(o.status).toBe(200);
    await expect(fx.client.exportTracesHar({ ids: [o.requestId!] })).rejects.toMatchObject({ kind: 'conflict', message: expect.stringContaining('used an identity override') });
    const har = await fx.client.exportTracesHar({ ids: [o.requestId!], includeOverrides: true });
    expect(har.log.entries[0].comment).toContain('identity override');
  });

  it('names an unknown trace id and a bad list', async () => {
    await expect(fx.client.exportTracesHar({ ids: ['nope'] })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(fx.client.exportTracesHar({ ids: [] })).rejects.toMatchObject({ message: expect.stringContaining("argument 'ids' must be a list of 1–1000 trace ids") });
  });
});

describe('replay of a stored trace', () => {
  it('gives the tester the request as sent, with warnings for what cannot be replayed; sending it again gets the same answer', async () => {
    const first = await fx.client.sendRequest({ method: 'POST', url: '/mock?x=1', headers: { 'content-type': 'text/plain', 'x-auth-token': 'MIIsecret' }, body: 'again' });
    const { request, warnings } = await fx.client.traceRequest({ id: first.requestId! });
    expect(request).toMatchObject({ method: 'POST', url: expect.stringMatching(/\/mock\?x=1$/), body: 'again', headers: { 'content-type': 'text/plain' } });
    expect(request.headers?.['x-auth-token']).toBeUndefined();
    expect(warnings).toEqual(['x-auth-token is masked in the trace: set the credential again before sending']);
    const again = await fx.client.sendRequest(request);
    expect(again.status).toBe(first.status);
    expect(again.trace?.request.body).toBe('again');
  });

  it('replays a method the tester cannot send as GET, saying so', async () => {
    const { url } = await fx.client.gatewayStatus();
    const received = await httpRequest(`${url}/mock`, { method: 'PROPFIND' });
    await received.body.dump();
    const requestId = received.headers['x-request-id'] as string;
    const { request, warnings } = await fx.client.traceRequest({ id: requestId });
    expect(request.method).toBe('GET');
    expect(warnings).toContain('the tester cannot send PROPFIND (only GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS): the replay uses GET');
    expect((await fx.client.sendRequest(request)).requestId).toBeDefined();
  });

  it('keeps an identity override, saying so', async () => {
    const o = await fx.client.sendRequest({ method: 'GET', url: '/guarded', headers: { 'x-apig-workbench-as-context': '{"user":"bob"}' } });
    const { request, warnings } = await fx.client.traceRequest({ id: o.requestId! });
    expect(warnings).toContain('the request used an identity override; the replay uses the same context');
    const again = await fx.client.sendRequest(request);
    expect(again.status).toBe(200);
    expect(again.trace?.authorizers[0]).toMatchObject({ identityOverride: true, context: { user: 'bob' } });
  });
});
