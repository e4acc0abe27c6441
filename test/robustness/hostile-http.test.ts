/**
 * Hostile HTTP against the local gateway, on raw sockets: request smuggling shapes, oversized
 * heads and bodies, slow clients, and upstreams that misbehave. Each case is answered as
 * documented (runtime.md §3.6, §6.2) while a well-behaved client is served in parallel.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { RawClient, listenCounting, settleTo } from './raw-http';

const BODY_LIMIT = 64 * 1024;
const HEAD_TIMEOUT_MS = 600;
const BODY_TIMEOUT_MS = 600;
const BACKEND_TIMEOUT_MS = 500;

describe('hostile HTTP', () => {
  let f: Fixture;
  let port: number;

  beforeAll(async () => {
    f = await createFixture({ headersTimeoutMs: HEAD_TIMEOUT_MS, limits: { bodyTimeoutMs: BODY_TIMEOUT_MS, maxBodyBytes: BODY_LIMIT } });
    port = Number(new URL(f.gatewayUrl).port);
    f.api({ name: 'ok_api', path: '/ok', method: 'ANY' });
  });
  afterAll(async () => {
    await f.close();
  });

  /** The bystander: a normal request that must be served while the hostile one is in progress. */
  async function wellBehavedSucceeds(): Promise<void> {
    const res = await f.send('/ok', { method: 'POST', body: 'hello' });
    expect(res.status).toBe(200);
    expect(res.echoed().body).toBe('hello');
  }

  const head = (lines: string[]) => lines.join('\r\n') + '\r\n\r\n';

  it('Content-Length together with Transfer-Encoding is refused with 400 and the connection closed', async () => {
    const c = new RawClient(port);
    await c.write(head(['POST /ok HTTP/1.1', 'Host: x', 'Content-Length: 5', 'Transfer-Encoding: chunked']) + '0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n');
    await wellBehavedSucceeds();
    const answer = await c.closedByServer();
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error_code).toBe('APIG.0602');
    // Exactly one answer: the smuggled request behind the body was never served.
    expect(answer.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  it('two different Content-Length headers are refused with 400', async () => {
    const c = new RawClient(port);
    await c.write(head(['POST /ok HTTP/1.1', 'Host: x', 'Content-Length: 3', 'Content-Length: 5']) + 'abcde');
    await wellBehavedSucceeds();
    const answer = await c.closedByServer();
    expect(answer.status).toBe(400);
    expect(answer.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    // The refused request still leaves a trace saying why, under the id the client received.
    const requestId = /x-request-id: (\w+)/i.exec(answer.text)![1];
    const trace = await f.workbench.gateway.getTrace(requestId);
    expect(trace).toMatchObject({ request: { method: 'POST', url: '/ok' }, response: { status: 400, errorCode: 'APIG.0602' } });
    expect(trace!.stages[0].summary).toMatch(/HTTP parser refused the request/);
  });

  it('a malformed chunk size is refused with 400 and never reaches the backend', async () => {
    const c = new RawClient(port);
    await c.write(head(['POST /ok HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked', 'X-Case: bad-chunk']) + '5\r\nhello\r\nzz\r\nnonsense\r\n0\r\n\r\n');
    await wellBehavedSucceeds();
    const answer = await c.closedByServer();
    expect(answer.status).toBe(400);
    expect(answer.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    // The parser's 400 goes out before the aborted request finishes its trace: wait for it.
    const mine = () => {
      f.workbench.gateway.flushTraces();
      return f.workbench.store.traces
        .list({ limit: 1000 })
        .map((t) => f.workbench.store.traces.get(t.id)!)
        .filter((t) => t.request.headers['x-case'] === 'bad-chunk');
    };
    expect(await settleTo(() => mine().length, 1)).toBe(1);
    expect(mine()[0].response.status).toBe(400);
    expect(mine()[0].backend).toBeUndefined();
  });

  it('a URI over 32 KB is 414 (APIG.0201) and the connection is closed', async () => {
    const c = new RawClient(port);
    await c.write(head([`GET /ok?q=${'a'.repeat(33 * 1024)} HTTP/1.1`, 'Host: x']));
    await wellBehavedSucceeds();
    const answer = await c.closedByServer();
    expect(answer.status).toBe(414);
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: 'APIG.0201', error_msg: 'Request URI too large.' });
  });

  it('one header over 32 KB is 494', async () => {
    const c = new RawClient(port);
    await c.write(head(['GET /ok HTTP/1.1', 'Host: x', `X-Big: ${'b'.repeat(33 * 1024)}`]));
    await wellBehavedSucceeds();
    expect((await c.closedByServer()).status).toBe(494);
  });

  it("a head beyond Node's parser cap (256 KB) is still 494, not 431", async () => {
    const c = new RawClient(port);
    const lines = ['GET /ok HTTP/1.1', 'Host: x'];
    for (let i = 0; i < 10; i++) lines.push(`X-Pad-${i}: ${'p'.repeat(30 * 1024)}`);
    await c.write(head(lines));
    await wellBehavedSucceeds();
    const answer = await c.closedByServer();
    expect(answer.status).toBe(494);
    expect(JSON.parse(answer.body).error_msg).toBe('Request headers too large.');
  });

  it('a declared body over the limit is 413 before any of it is sent', async () => {
    const c = new RawClient(port);
    await c.write(head(['POST /ok HTTP/1.1', 'Host: x', `Content-Length: ${BODY_LIMIT + 1}`]));
    await wellBehavedSucceeds();
    // Nothing of the body was written: the answer cannot have waited for it.
    const answer = await c.closedByServer();
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error_msg).toBe('Request entity too large.');
  });

  it('a chunked body passing the limit is 413 as soon as it passes, without waiting for the rest', async () => {
    const c = new RawClient(port);
    await c.write(head(['POST /ok HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked']));
    const chunk = 'x'.repeat(16 * 1024);
    for (let sent = 0; sent <= BODY_LIMIT; sent += chunk.length) await c.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    // The terminating chunk is never sent: a 413 now proves the gateway stopped at the limit.
    await wellBehavedSucceeds();
    const answer = await c.closedByServer();
    expect(answer.status).toBe(413);
  });

  it('a slowloris head is cut off after headersTimeoutMs while others are served', async () => {
    const c = new RawClient(port);
    await c.write('GET /ok HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => void c.write('X-Slow: 1\r\n'), 100);
    try {
      await wellBehavedSucceeds();
      const answer = await c.closedByServer(HEAD_TIMEOUT_MS + 5000);
      expect(answer.closed).toBe(true);
      // No request was ever dispatched for it.
      expect(answer.status === undefined || answer.status === 408).toBe(true);
    } finally {
      clearInterval(drip);
    }
  });

  it('a body that trickles in slower than bodyTimeoutMs is 408 and the connection closed', async () => {
    const c = new RawClient(port);
    await c.write(head(['POST /ok HTTP/1.1', 'Host: x', 'Content-Length: 1000']) + 'abc');
    const drip = setInterval(() => void c.write('d'), 100);
    try {
      await wellBehavedSucceeds();
      const answer = await c.closedByServer(BODY_TIMEOUT_MS + 5000);
      expect(answer.status).toBe(408);
      expect(JSON.parse(answer.body).error_code).toBe('APIG.0201');
    } finally {
      clearInterval(drip);
    }
  });

  it('a NUL byte in a header value is refused with 400', async () => {
    const c = new RawClient(port);
    await c.write(head(['GET /ok HTTP/1.1', 'Host: x', 'X-Bad: a\u0000b']));
    await wellBehavedSucceeds();
    expect((await c.closedByServer()).status).toBe(400);
  });

  it('a client that hangs up while the backend is working does not disturb the gateway, which keeps serving that API', async () => {
    let backendWorking!: () => void;
    const working = new Promise<void>((resolve) => (backendWorking = resolve));
    const slow = await listenCounting(
      http.createServer((_req, res) => {
        backendWorking();
        setTimeout(() => res.end('late'), 300);
      }),
    );
    try {
      f.api({ name: 'hangup_api', path: '/hangup', backend: { type: 'HTTP', address: `127.0.0.1:${slow.port}`, path: '/', timeoutMs: 2000 } });
      const c = new RawClient(port);
      await c.write(head(['GET /hangup HTTP/1.1', 'Host: x']));
      // Hang up once the backend has the request, not after a guessed delay.
      await working;
      c.destroy();
      await wellBehavedSucceeds();
      const res = await f.send('/hangup');
      expect(res.status).toBe(200);
      expect(res.text).toBe('late');
    } finally {
      await slow.close();
    }
  });

  describe('misbehaving upstreams', () => {
    it('an upstream that refuses connections is BACKEND_UNAVAILABLE 502', async () => {
      const probe = await listenCounting(net.createServer());
      await probe.close(); // the port is now closed: connect gets ECONNREFUSED
      f.api({ name: 'refused_api', path: '/refused', backend: { type: 'HTTP', address: `127.0.0.1:${probe.port}`, path: '/', timeoutMs: BACKEND_TIMEOUT_MS } });
      const [res] = await Promise.all([f.send('/refused'), wellBehavedSucceeds()]);
      expect(res.status).toBe(502);
      expect(res.json().error_msg).toBe('Backend unavailable.');
    });

    it('an upstream that accepts and never answers is BACKEND_TIMEOUT 504, and its connection is released', async () => {
      const hole = await listenCounting(net.createServer((s) => s.resume()));
      try {
        f.api({ name: 'hole_api', path: '/hole', backend: { type: 'HTTP', address: `127.0.0.1:${hole.port}`, path: '/', timeoutMs: BACKEND_TIMEOUT_MS, retryCount: 0 } });
        const [res] = await Promise.all([f.send('/hole'), wellBehavedSucceeds()]);
        expect(res.status).toBe(504);
        expect(res.json().error_msg).toBe('Backend timeout.');
        expect(await settleTo(hole.connections, 0)).toBe(0);
      } finally {
        await hole.close();
      }
    });

    it('an upstream that resets mid-body is BACKEND_UNAVAILABLE 502, and its connection is released', async () => {
      const reset = await listenCounting(
        net.createServer((s) => {
          s.once('data', () => {
            s.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial');
            setTimeout(() => s.resetAndDestroy(), 50);
          });
        }),
      );
      try {
        f.api({ name: 'reset_api', path: '/reset', backend: { type: 'HTTP', address: `127.0.0.1:${reset.port}`, path: '/', timeoutMs: 5000, retryCount: 0 } });
        const [res] = await Promise.all([f.send('/reset'), wellBehavedSucceeds()]);
        expect(res.status).toBe(502);
        expect(await settleTo(reset.connections, 0)).toBe(0);
      } finally {
        await reset.close();
      }
    });

    it('an upstream that answers forever (a body that never ends) is BACKEND_TIMEOUT 504, and its connection is released', async () => {
      const drips: NodeJS.Timeout[] = [];
      const forever = await listenCounting(
        http.createServer((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          const t = setInterval(() => res.write('tick\n'), 50);
          drips.push(t);
          res.on('close', () => clearInterval(t));
        }),
      );
      try {
        f.api({ name: 'forever_api', path: '/forever', backend: { type: 'HTTP', address: `127.0.0.1:${forever.port}`, path: '/', timeoutMs: BACKEND_TIMEOUT_MS, retryCount: 0 } });
        const [res] = await Promise.all([f.send('/forever'), wellBehavedSucceeds()]);
        expect(res.status).toBe(504);
        expect(await settleTo(forever.connections, 0)).toBe(0);
      } finally {
        for (const t of drips) clearInterval(t);
        await forever.close();
      }
    });
  });

  it('CR/LF inside an authorizer context value mapped to a backend header is refused with 500, and the gateway keeps serving', async () => {
    f.fn({
      name: 'crlf_auth',
      code: `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { user: 'eve\\r\\nX-Injected: yes' } }) });`,
    });
    const auth = f.authorizer({ name: 'crlf_authorizer', functionName: 'crlf_auth' });
    f.api({
      name: 'crlf_api',
      path: '/crlf',
      authType: 'AUTHORIZER',
      authorizerId: auth.id,
      backend: f.echoWithContextHeader('x-user', 'user'),
    });
    const [res] = await Promise.all([f.send('/crlf'), wellBehavedSucceeds()]);
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('X-Injected');
    expect(res.headers['x-injected']).toBeUndefined();
    // The client gets APIG's public message; the local reason stays in the trace.
    expect(res.json()).toMatchObject({ error_code: 'APIG.0601', error_msg: 'Internal server error.' });
    expect(res.text).not.toContain('CR, LF');
    const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
    expect(trace.stages.find((s) => s.name === 'response')?.summary).toBe(
      'APIG.0601 "Internal server error." sent to the client; the reason stays in this trace: value for backend header x-user contains CR, LF or NUL',
    );
    // Not forwarded: the backend stage never called the echo server.
    expect(trace.stages.some((s) => s.name === 'backend')).toBe(false);
    await wellBehavedSucceeds();
  });
});
