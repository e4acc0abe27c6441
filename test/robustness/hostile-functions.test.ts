/**
 * Hostile function code behind FUNCTION backends, through the gateway: each misbehaviour becomes
 * the documented gateway error (timeout → BACKEND_TIMEOUT 504, anything else that leaves no
 * result → BACKEND_UNAVAILABLE 502, an invalid result → 500) within the function timeout plus a
 * margin, and the next request to the same function is served.
 *
 * The time bound is a correctness bound (the gateway must not wait for a stuck function), made
 * generous for a loaded 2-core CI box; it is not a benchmark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { LIMITS } from '../../src-shared/rules/limits';

const TIMEOUT_MS = 1000;
const MARGIN_MS = 3000;

/** Node handler: misbehaves when the request says x-mode: bad, answers normally otherwise. */
function nodeFn(misbehaviour: string): string {
  return `
exports.handler = async (event) => {
  if (event.headers['x-mode'] === 'bad') {
    ${misbehaviour}
  }
  return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'fine', isBase64Encoded: false };
};`;
}

function pythonFn(misbehaviour: string): string {
  return `
import sys

def handler(event, context):
    if event["headers"].get("x-mode") == "bad":
        ${misbehaviour}
    return {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": "fine", "isBase64Encoded": False}
`;
}

describe('hostile functions behind the gateway', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await createFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  /**
   * Publishes the function behind /<name>, warms it with a good request (a cold start is not part
   * of the function timeout), sends the bad request and then a good one.
   */
  async function misbehave(name: string, code: string, runtime: 'nodejs' | 'python' = 'nodejs', timeoutMs = TIMEOUT_MS) {
    f.fn({ name, code, runtime, memoryMb: 128, timeoutMs });
    f.api({ name: `${name}_api`, path: `/${name}`, backend: { type: 'FUNCTION', functionUrn: `urn:fss:local:p:function:default:${name}:latest`, timeoutMs } });
    const warm = await f.send(`/${name}`);
    expect(warm.status, `warm-up of ${name}: ${warm.text}`).toBe(200);
    const started = performance.now();
    const bad = await f.send(`/${name}`, { headers: { 'x-mode': 'bad' } });
    const elapsedMs = performance.now() - started;
    const next = await f.send(`/${name}`);
    const trace = (await f.workbench.gateway.getTrace(bad.requestId))!;
    return { bad, elapsedMs, next, trace, timeoutMs };
  }

  function expectRecovered(r: { next: { status: number; text: string }; elapsedMs: number; timeoutMs: number }) {
    expect(r.elapsedMs).toBeLessThan(r.timeoutMs + MARGIN_MS);
    expect(r.next.status).toBe(200);
    expect(r.next.text).toBe('fine');
  }

  it('an infinite loop is BACKEND_TIMEOUT 504 within the timeout, and the next request works', async () => {
    const r = await misbehave('spin_js', nodeFn('for (;;) {}'));
    expect(r.bad.status).toBe(504);
    expect(r.bad.json().error_msg).toBe('Backend timeout.');
    expect(r.trace.backend?.error).toMatch(/^timeout:/);
    expectRecovered(r);
  });

  it('unbounded memory growth is BACKEND_UNAVAILABLE 502 (memory), and the next request works', { timeout: 90_000 }, async () => {
    // The heap limit must end it, not the clock: the function timeout is the longest a FUNCTION
    // backend allows (60 s), beyond anything a 128 MB heap takes to fill however busy the machine,
    // and the test's own timeout is longer still, so the two can never race.
    const r = await misbehave('hog_js', nodeFn("const keep = []; for (;;) keep.push(new Array(1e6).fill('x'));"), 'nodejs', LIMITS.functionBackendTimeoutMs);
    expect(r.bad.status).toBe(502);
    expect(r.bad.json().error_msg).toBe('Backend unavailable.');
    expect(r.trace.backend?.error).toMatch(/^memory:/);
    expectRecovered(r);
  });

  it('deep recursion is BACKEND_UNAVAILABLE 502 (exception), and the next request works', async () => {
    const r = await misbehave('recurse_js', nodeFn('const down = (n) => down(n + 1) + 1; down(0);'));
    expect(r.bad.status).toBe(502);
    expect(r.trace.backend?.error).toMatch(/Maximum call stack size exceeded/);
    expectRecovered(r);
  });

  it('process.exit is BACKEND_UNAVAILABLE 502 (exit), and the next request works', async () => {
    const r = await misbehave('exit_js', nodeFn('process.exit(7);'));
    expect(r.bad.status).toBe(502);
    expect(r.trace.backend?.error).toMatch(/^exit: .*process\.exit\(7\)/);
    expectRecovered(r);
  });

  it('an unhandled rejection is BACKEND_UNAVAILABLE 502, and the next request works', async () => {
    const r = await misbehave('reject_js', nodeFn("Promise.reject(new Error('nobody catches me')); await new Promise(() => {});"));
    expect(r.bad.status).toBe(502);
    expect(r.trace.backend?.error).toMatch(/nobody catches me/);
    expectRecovered(r);
  });

  it('a result over 1 MB is BACKEND_UNAVAILABLE 502 (result-too-large), and the next request works', async () => {
    const r = await misbehave('huge_js', nodeFn("return { statusCode: 200, body: 'x'.repeat(1100 * 1024) };"));
    expect(r.bad.status).toBe(502);
    expect(r.trace.backend?.error).toMatch(/^result-too-large:/);
    expectRecovered(r);
  });

  it('Python sys.exit is BACKEND_UNAVAILABLE 502 (exit), and the next request works', async () => {
    const r = await misbehave('exit_py', pythonFn('sys.exit(3)'), 'python');
    expect(r.bad.status).toBe(502);
    expect(r.trace.backend?.error).toMatch(/^exit: .*sys\.exit\(3\)/);
    expectRecovered(r);
  });

  it('a Python infinite loop is BACKEND_TIMEOUT 504 within the timeout, and the next request works', async () => {
    const r = await misbehave('spin_py', pythonFn('while True:\n            pass'), 'python');
    expect(r.bad.status).toBe(504);
    expect(r.trace.backend?.error).toMatch(/^timeout:/);
    expectRecovered(r);
  });

  it('a Python result over 1 MB is BACKEND_UNAVAILABLE 502, and the next request works', async () => {
    const r = await misbehave('huge_py', pythonFn('return {"statusCode": 200, "body": "x" * (1100 * 1024)}'), 'python');
    expect(r.bad.status).toBe(502);
    expect(r.trace.backend?.error).toMatch(/^result-too-large:/);
    expectRecovered(r);
  });

  it('a hostile authorizer (infinite loop) is AUTHORIZER_CONF_FAILURE 500 within its timeout, and the next request works', async () => {
    f.fn({
      name: 'spin_auth',
      timeoutMs: TIMEOUT_MS,
      code: `exports.handler = async (event) => {
        if (event.headers['x-mode'] === 'bad') for (;;) {}
        return { statusCode: 200, body: JSON.stringify({ status: 'allow' }) };
      };`,
    });
    const auth = f.authorizer({ name: 'spin_authorizer', functionName: 'spin_auth', timeoutMs: TIMEOUT_MS });
    f.api({ name: 'guarded_api', path: '/guarded', authType: 'AUTHORIZER', authorizerId: auth.id });
    expect((await f.send('/guarded')).status).toBe(200);
    const started = performance.now();
    const bad = await f.send('/guarded', { headers: { 'x-mode': 'bad' } });
    const elapsedMs = performance.now() - started;
    expect(bad.status).toBe(500);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    const trace = (await f.workbench.gateway.getTrace(bad.requestId))!;
    expect(trace.response.errorType).toBe('AUTHORIZER_CONF_FAILURE');
    expect((await f.send('/guarded')).status).toBe(200);
  });
});
