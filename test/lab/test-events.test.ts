/** Named test events per function and "send this event through the gateway", over the real HTTP host. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostFixture, type HostFixture } from '../hosts/helpers';
import type { LocalFunction } from '../../src-shared/model';

const ECHO_EVENT = `exports.handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ method: event.httpMethod, a: event.headers['x-a'], q: event.queryStringParameters.q, body: Buffer.from(event.body, 'base64').toString() }),
});`;

let fx: HostFixture;
let fn: LocalFunction;
beforeAll(async () => {
  fx = await startHostFixture();
  const group = await fx.client.createGroup({ input: { name: 'events', isDefault: true } });
  const release = (await fx.client.listEnvironments()).find((e) => e.name === 'RELEASE')!;
  fn = await fx.client.createFunction({ input: { name: 'echo_event', runtime: 'nodejs', source: { kind: 'inline', code: ECHO_EVENT } } });
  const api = await fx.client.createApi({
    input: { groupId: group.id, name: 'fn_api', method: 'POST', path: '/fn', backend: { type: 'FUNCTION', functionUrn: 'urn:fss:r:p:function:default:echo_event:latest' } },
  });
  await fx.client.publishApi({ apiId: api.id, envId: release.id });
});
afterAll(async () => fx?.close());

describe('named test events', () => {
  it('saves, replaces by name, lists by name and removes', async () => {
    const a = await fx.client.saveTestEvent({ functionId: fn.id, name: 'valid token', event: { headers: { authorization: 'Bearer a' } } });
    await fx.client.saveTestEvent({ functionId: fn.id, name: 'another', event: { n: 1 } });
    const replaced = await fx.client.saveTestEvent({ functionId: fn.id, name: 'valid token', event: { headers: { authorization: 'Bearer b' } } });
    expect(replaced.id).toBe(a.id);
    expect((await fx.client.listTestEvents({ functionId: fn.id })).map((e) => [e.name, e.event])).toEqual([
      ['another', { n: 1 }],
      ['valid token', { headers: { authorization: 'Bearer b' } }],
    ]);
    await fx.client.removeTestEvent({ id: a.id });
    expect((await fx.client.listTestEvents({ functionId: fn.id })).map((e) => e.name)).toEqual(['another']);
  });

  it('refuses a bad name naming the field, and an unknown function', async () => {
    await expect(fx.client.saveTestEvent({ functionId: fn.id, name: '  ', event: {} })).rejects.toMatchObject({ kind: 'validation', issues: [{ field: 'name' }] });
    await expect(fx.client.listTestEvents({ functionId: 'nope' })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(fx.client.saveTestEvent({ functionId: 'nope', name: 'x', event: {} })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('go with their function when it is removed', async () => {
    const other = await fx.client.createFunction({ input: { name: 'short_lived', runtime: 'nodejs', source: { kind: 'inline', code: 'exports.handler = async () => 1;' } } });
    const saved = await fx.client.saveTestEvent({ functionId: other.id, name: 'e', event: {} });
    await fx.client.removeFunction({ id: other.id });
    await expect(fx.client.removeTestEvent({ id: saved.id })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('an APIG event is sent through the gateway as the request it describes', async () => {
    const res = await fx.client.sendEventThroughGateway({
      event: { httpMethod: 'post', path: '/fn', headers: { 'x-a': '1', host: 'elsewhere.example.com' }, queryStringParameters: { q: 'v w' }, body: Buffer.from('hi').toString('base64'), isBase64Encoded: true },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ method: 'POST', a: '1', q: 'v w', body: 'hi' });
    expect(res.trace?.apiName).toBe('fn_api');
  });

  it('an event that is not a request says which field is wrong', async () => {
    await expect(fx.client.sendEventThroughGateway({ event: { path: 'no-slash' } })).rejects.toMatchObject({
      kind: 'invalid-argument',
      message: 'cannot send this event: path must be a text starting with /',
    });
    await expect(fx.client.sendEventThroughGateway({ event: { headers: { a: 1 } } })).rejects.toMatchObject({ message: expect.stringContaining('headers.a must be a text') });
  });
});
