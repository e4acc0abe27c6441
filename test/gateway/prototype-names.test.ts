/**
 * Header and query names that spell Object.prototype members are ordinary names all the way
 * through: routing, the authorizer event and cache key, parameter checks and the backend request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './fixture';

const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'];

describe('names that spell Object.prototype members', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
    f.fn({
      name: 'proto_auth',
      code: `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { seen: Object.keys(event.headers).filter((k) => ${JSON.stringify(NAMES.map((n) => n.toLowerCase()))}.includes(k)).sort().join(',') + '|' + Object.keys(event.queryStringParameters).sort().join(',') } }) });`,
    });
    const auth = f.authorizer({ name: 'proto_authorizer', functionName: 'proto_auth', identities: [{ name: 'constructor', location: 'HEADER' }], ttl: 60 });
    f.api({
      name: 'proto_api',
      path: '/proto',
      authType: 'AUTHORIZER',
      authorizerId: auth.id,
      backend: f.echoWithContextHeader('x-seen', 'seen'),
    });
    // A mapping from a context key the authorizer never returns, named like a prototype member.
    f.api({
      name: 'proto_ctx_api',
      path: '/proto-ctx',
      authType: 'AUTHORIZER',
      authorizerId: auth.id,
      backend: f.echoWithContextHeader('x-ctor', 'constructor'),
    });
  });
  afterAll(() => f.close());

  it('reach the authorizer and the backend as the client sent them, and a missing identity is still missing', async () => {
    const headers = Object.fromEntries(NAMES.filter((n) => n !== '__proto__').map((n) => [n, `h-${n}`]));
    const query = NAMES.map((n) => `${n}=q-${n}`).join('&');
    const res = await f.send(`/proto?${query}`, { headers });
    expect(res.status).toBe(200);
    const echoed = res.echoed();
    for (const name of NAMES.filter((n) => n !== '__proto__')) expect(echoed.headers[name.toLowerCase()]).toBe(`h-${name}`);
    for (const name of NAMES) expect(echoed.query[name]).toBe(`q-${name}`);
    expect(echoed.headers['x-seen']).toBe(`constructor,hasownproperty,tostring,valueof|${[...NAMES].sort().join(',')}`);

    const missing = await f.send('/proto', { headers: { tostring: 'x' } });
    expect(missing.status).toBe(401);
    expect(missing.json().error_msg).toBe('Incorrect authentication information: identity source of the custom authorizer is missing or invalid');
  });

  it('a context key the authorizer did not return is absent, even one named constructor: no header is sent', async () => {
    const res = await f.send('/proto-ctx', { headers: { constructor: 'id' } });
    expect(res.status).toBe(200);
    expect(res.echoed().headers['x-ctor']).toBeUndefined();
  });
});
