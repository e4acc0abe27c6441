import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './fixture';

async function listen(server: http.Server | net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('backends', () => {
  let f: Fixture;
  const servers: (http.Server | net.Server)[] = [];
  beforeAll(async () => {
    f = await createFixture();
    const store = f.workbench.store;
    store.variables.set(f.group.id, store.environments.getByName('RELEASE')!.id, 'backend_host', f.echo.url.slice(7));
    store.variables.set(f.group.id, store.environments.getByName('RELEASE')!.id, 'base_path', 'v1');
  });
  afterAll(async () => {
    // close() calls back once the server's last connection has ended.
    await Promise.all(servers.map((s) => new Promise((closed) => s.close(closed))));
    await f.close();
  });

  it('maps REQUEST, CONSTANT and SYSTEM parameters across locations, with #vars# in address and path', async () => {
    f.api({
      name: 'mapping_api',
      path: '/users/{userId}',
      requestParams: [
        { name: 'userId', location: 'PATH', type: 'STRING', required: true, validEnable: false, passThrough: true },
        { name: 'test02', location: 'HEADER', type: 'STRING', required: false, validEnable: false, passThrough: true },
        { name: 'page', location: 'QUERY', type: 'NUMBER', required: false, defaultValue: '1', validEnable: false, passThrough: true },
      ],
      backend: {
        type: 'HTTP',
        address: '#backend_host#',
        path: '/#base_path#/{uid}/{t5}',
        params: [
          { name: 'uid', location: 'PATH', origin: 'REQUEST', value: 'userId' },
          { name: 't5', location: 'PATH', origin: 'REQUEST', value: 'test02' },
          { name: 'pg', location: 'QUERY', origin: 'REQUEST', value: 'page' },
          { name: 'x-const', location: 'HEADER', origin: 'CONSTANT', value: 'fixed' },
          { name: 'x-req-id', location: 'HEADER', origin: 'SYSTEM', value: '$context.requestId' },
          { name: 'stage', location: 'QUERY', origin: 'SYSTEM', value: '$context.stage' },
        ],
      },
    });
    const res = await f.send('/users/42?extra=keep', { headers: { test02: 'abc' } });
    const echoed = res.echoed();
    expect(echoed.path).toBe('/v1/42/abc');
    expect(echoed.query).toEqual({ extra: 'keep', pg: '1', stage: 'RELEASE' });
    expect(echoed.headers['x-const']).toBe('fixed');
    expect(echoed.headers['x-req-id']).toBe(res.requestId);
    expect(echoed.headers.test02).toBeUndefined();
    expect(echoed.headers['x-forwarded-for']).toBe('127.0.0.1');
    const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
    expect(trace.backend?.params.find((p) => p.name === 't5')).toMatchObject({ source: 'test02', value: 'abc' });
  });

  it('a missing required parameter is REQUEST_PARAMETERS_FAILURE 400', async () => {
    f.api({
      name: 'required_api',
      path: '/required',
      requestParams: [{ name: 'q', location: 'QUERY', type: 'STRING', required: true, validEnable: false, passThrough: true }],
    });
    const res = await f.send('/required');
    expect(res.status).toBe(400);
    expect(res.json().error_code).toBe('APIG.0201');
  });

  it('MOCK backends answer their status, headers and body', async () => {
    f.api({ name: 'mock_api', path: '/mock', backend: { type: 'MOCK', statusCode: 201, body: '{"ok":true}', headers: [{ key: 'X-Mock', value: '1' }] } });
    const res = await f.send('/mock', { headers: { 'X-Apig-Mode': 'debug' } });
    expect(res.status).toBe(201);
    expect(res.headers['x-mock']).toBe('1');
    expect(res.text).toBe('{"ok":true}');
    expect(res.headers['x-apig-upstream-latency']).toBeUndefined();
  });

  it('a refused connection is BACKEND_UNAVAILABLE 502', async () => {
    const port = await freePort();
    f.api({ name: 'refused_api', path: '/refused', backend: { type: 'HTTP', address: `127.0.0.1:${port}`, path: '/' } });
    const res = await f.send('/refused');
    expect(res.status).toBe(502);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0201', error_msg: 'Backend unavailable.' });
  });

  it('a backend slower than the timeout is BACKEND_TIMEOUT 504', async () => {
    const slow = http.createServer(() => {
      /* never answers */
    });
    servers.push(slow);
    const port = await listen(slow);
    f.api({ name: 'slow_api', path: '/slow', backend: { type: 'HTTP', address: `127.0.0.1:${port}`, path: '/', timeoutMs: 300 } });
    const res = await f.send('/slow');
    expect(res.status).toBe(504);
    expect(res.json().error_msg).toBe('Backend timeout.');
    slow.closeAllConnections();
  });

  it('idempotent requests retry once after a reset; POST does not retry', async () => {
    let connections = 0;
    const flaky = net.createServer((socket) => {
      connections++;
      // Read (and drop) the request: a socket whose input nobody reads never sees the peer's
      // close, and stays half-open after this server has ended its side.
      socket.resume();
      if (connections % 2 === 1) socket.destroy();
      else socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
    });
    servers.push(flaky);
    const port = await listen(flaky);
    f.api({ name: 'flaky_get', path: '/flaky', method: 'ANY', backend: { type: 'HTTP', address: `127.0.0.1:${port}`, path: '/', method: 'ANY' } });
    const get = await f.send('/flaky');
    expect(get.status).toBe(200);
    expect((await f.workbench.gateway.getTrace(get.requestId))!.backend?.attempts).toBe(2);
    const post = await f.send('/flaky', { method: 'POST', body: 'x' });
    expect(post.status).toBe(502);
  });

  it('an unresolvable backend host is APIG.0605', async () => {
    f.api({ name: 'dns_api', path: '/dns', backend: { type: 'HTTP', address: 'no-such-host.invalid', path: '/', timeoutMs: 4000 } });
    const res = await f.send('/dns');
    expect(res.json().error_code).toBe('APIG.0605');
    expect(res.status).toBe(500);
  });

  it('FUNCTION backends get the APIG event and answer with the result wrapper', async () => {
    f.fn({
      name: 'echo_fn',
      code: `exports.handler = async (event) => ({ statusCode: 202, headers: { 'x-fn': 'yes' }, isBase64Encoded: true,
        body: Buffer.from(JSON.stringify({ method: event.httpMethod, body: event.body, b64: event.isBase64Encoded })).toString('base64') });`,
    });
    f.api({ name: 'fn_api', path: '/fn', method: 'POST', backend: { type: 'FUNCTION', functionUrn: 'urn:fss:r:p:function:default:echo_fn:latest' } });
    const res = await f.send('/fn', { method: 'POST', body: 'hi' });
    expect(res.status).toBe(202);
    expect(res.headers['x-fn']).toBe('yes');
    expect(res.json()).toEqual({ method: 'POST', body: Buffer.from('hi').toString('base64'), b64: true });
  });

  it('a FUNCTION backend returning a bare string is a 500', async () => {
    f.fn({ name: 'string_fn', code: `exports.handler = async () => 'hello';` });
    f.api({ name: 'string_api', path: '/string', backend: { type: 'FUNCTION', functionUrn: 'string_fn' } });
    const res = await f.send('/string');
    expect(res.status).toBe(500);
    // Why is the workbench's own reasoning: it stays in the trace, the client gets APIG's public message.
    expect(res.json()).toMatchObject({ error_code: 'APIG.0601', error_msg: 'Internal server error.' });
    const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
    expect(trace.stages.find((s) => s.name === 'response')?.summary).toMatch(/^APIG\.0601 "Internal server error\." sent to the client; the reason stays in this trace: .+/);
  });

  it('one response header the gateway cannot send drops only that header, and the trace says which and why', async () => {
    f.fn({
      name: 'badhdr_fn',
      code: `exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain', 'x-ok': 'yes', 'bad name': 'x', 'x-ctl': 'a\\u0001b' }, body: 'hello' });`,
    });
    f.api({ name: 'badhdr_api', path: '/badhdr', backend: { type: 'FUNCTION', functionUrn: 'badhdr_fn' } });
    const res = await f.send('/badhdr');
    expect(res.status).toBe(200);
    expect(res.text).toBe('hello');
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['x-ok']).toBe('yes');
    expect(res.headers['x-ctl']).toBeUndefined();
    const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
    expect(trace.stages.at(-1)?.summary).toBe(
      'headers not sent: bad name (the name is not a valid HTTP header name); x-ctl (the value holds characters HTTP does not allow in a header (CR, LF, NUL or other control characters)); the rest of the answer was',
    );
    expect(trace.response.headers['x-ok']).toBe('yes');
    expect(trace.response.headers['bad name']).toBeUndefined();
  });

  it('a FUNCTION backend that times out is BACKEND_TIMEOUT 504 and the next call works', async () => {
    f.fn({ name: 'hang_fn', code: `exports.handler = async () => { for(;;){} };` });
    f.api({ name: 'hang_api', path: '/hang', backend: { type: 'FUNCTION', functionUrn: 'hang_fn', timeoutMs: 300 } });
    expect((await f.send('/hang')).status).toBe(504);
    f.fn({ name: 'fine_fn', code: `exports.handler = async () => ({ statusCode: 200, body: 'fine' });` });
    f.api({ name: 'fine_api', path: '/fine', backend: { type: 'FUNCTION', functionUrn: 'fine_fn' } });
    expect((await f.send('/fine')).text).toBe('fine');
  });
});

describe('request limits', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
    f.api({ name: 'limits_api', path: '/limits', method: 'ANY', backend: { type: 'MOCK', body: 'ok' } });
  });
  afterAll(() => f.close());

  it('a URI over 32 KB is 414', async () => {
    expect((await f.send('/limits?x=' + 'a'.repeat(33 * 1024))).status).toBe(414);
  });

  it('one header over 32 KB is 494', async () => {
    expect((await f.send('/limits', { headers: { 'x-big': 'a'.repeat(33 * 1024) } })).status).toBe(494);
  });

  it('headers over 128 KB in total are 494', async () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 5; i++) headers[`x-h${i}`] = 'a'.repeat(30 * 1024);
    expect((await f.send('/limits', { headers })).status).toBe(494);
  });

  it('a declared body over 12 MB is 413 without reading it', async () => {
    const port = Number(new URL(f.gatewayUrl).port);
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`POST /limits HTTP/1.1\r\nhost: x\r\ncontent-length: ${13 * 1024 * 1024}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('close', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
  });

  it('a streamed body over 12 MB is 413', async () => {
    const res = await f.send('/limits', { method: 'POST', body: Buffer.alloc(12 * 1024 * 1024 + 10) });
    expect(res.status).toBe(413);
  });
});
