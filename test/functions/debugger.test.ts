/**
 * The Debug switch of a Node.js function: its instance opens an inspector, a real Chrome DevTools
 * Protocol client (as VS Code or DevTools would) sets a breakpoint and the request stops there, and
 * the gateway's timeout for that invocation waits while it is paused, so a breakpoint never turns
 * into a 504.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'undici';
import { createFixture, type Fixture } from '../gateway/fixture';

const CODE = [
  'exports.handler = async (event, context) => {',
  '  const greeting = "hello " + (event.queryStringParameters.name || "nobody");',
  '  return { statusCode: 200, body: greeting, headers: { "x-remaining-ms": String(context.getRemainingTimeInMilliSeconds()) } };', // line 2 (0-based): the breakpoint
  '};',
].join('\n');

/** A minimal CDP client: numbered calls, and the events it receives in order. */
async function cdp(url: string) {
  const socket = new WebSocket(url);
  const events: { method: string; params: any }[] = [];
  const waiting = new Map<number, (result: any) => void>();
  const eventWaiters: { method: string; resolve: (params: any) => void }[] = [];
  let nextId = 0;
  socket.addEventListener('message', (e) => {
    const m = JSON.parse(String(e.data));
    if (m.id !== undefined) waiting.get(m.id)?.(m.result ?? m.error);
    else {
      events.push(m);
      for (const w of eventWaiters.filter((w) => w.method === m.method)) {
        eventWaiters.splice(eventWaiters.indexOf(w), 1);
        w.resolve(m.params);
      }
    }
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve);
    socket.addEventListener('error', reject);
  });
  return {
    call: (method: string, params: object = {}) =>
      new Promise<any>((resolve) => {
        const id = ++nextId;
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    next: (method: string) => new Promise<any>((resolve) => eventWaiters.push({ method, resolve })),
    close: () => socket.close(),
  };
}

describe('Debug switch (Node.js)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture({ defaultApiRateLimit: false });
  });
  afterAll(() => f.close());

  it('a breakpoint set by a CDP client holds the request past the API timeout, and the request then succeeds', async () => {
    const fn = f.fn({ name: 'debugged', code: CODE });
    f.api({ name: 'debugged', path: '/debugged', backend: { type: 'FUNCTION', functionUrn: 'urn:fss:local:project:function:default:debugged:latest', invocationType: 'sync', timeoutMs: 800 } });
    const functions = f.workbench.functions;
    // The switch starts the instance at once: the debugger attaches before the first request.
    const url = (await functions.setDebug(fn, true))!;
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    expect(functions.instances().find((e) => e.functionId === fn.id)!.instances[0].inspectorUrl).toBe(url);

    const debuggerClient = await cdp(url);
    try {
      await debuggerClient.call('Debugger.enable');
      const breakpoint = await debuggerClient.call('Debugger.setBreakpointByUrl', { url: 'debugged/index.js', lineNumber: 2 });
      expect(breakpoint.breakpointId).toBeTruthy();
      const paused = debuggerClient.next('Debugger.paused');
      const response = f.send('/debugged?name=paused');
      const at = await paused;
      expect(at.callFrames[0].location.lineNumber).toBe(2);
      // The authorizer cache's clock stands still while a function is paused.
      await expect.poll(() => f.workbench.gateway.clock.state().paused).toBe(true);
      const evaluate = async (expression: string) =>
        (await debuggerClient.call('Debugger.evaluateOnCallFrame', { callFrameId: at.callFrames[0].callFrameId, expression })).result.value;
      expect(await evaluate('greeting')).toBe('hello paused');
      // Hold the breakpoint for longer than the API's 800 ms timeout: the invocation clock is stopped,
      // and so is the function's own view of its time.
      const remainingAtPause = await evaluate('context.getRemainingTimeInMilliSeconds()');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(Math.abs((await evaluate('context.getRemainingTimeInMilliSeconds()')) - remainingAtPause)).toBeLessThanOrEqual(2);
      await debuggerClient.call('Debugger.resume');
      const res = await response;
      expect(res.status).toBe(200);
      expect(res.text).toBe('hello paused');
      expect(remainingAtPause).toBeGreaterThan(0);
      expect(Number(res.headers['x-remaining-ms'])).toBeGreaterThan(0);
      expect(Number(res.headers['x-remaining-ms'])).toBeLessThanOrEqual(remainingAtPause);
      await expect.poll(() => f.workbench.gateway.clock.state().paused).toBe(false);
      expect(f.workbench.gateway.clock.state().pausedMs).toBeGreaterThan(0);
    } finally {
      debuggerClient.close();
    }
  });

  it('without the switch there is no inspector, and the same wait would be a timeout', async () => {
    const fn = f.fn({ name: 'plain', code: CODE });
    f.api({ name: 'plain', path: '/plain', backend: { type: 'FUNCTION', functionUrn: 'urn:fss:local:project:function:default:plain:latest', invocationType: 'sync', timeoutMs: 800 } });
    expect((await f.send('/plain?name=x')).status).toBe(200);
    expect(f.workbench.functions.instances().find((e) => e.functionId === fn.id)!.instances[0].inspectorUrl).toBeUndefined();
    expect(f.workbench.functions.isDebugging(fn.id)).toBe(false);
  });
});

describe('Debug switch: shutting down under the debugger', () => {
  it('the workbench closes while the user\'s debugger is attached and holds a breakpoint', async () => {
    const f = await createFixture({ defaultApiRateLimit: false });
    const fn = f.fn({ name: 'held', code: CODE });
    f.api({ name: 'held', path: '/held', backend: { type: 'FUNCTION', functionUrn: 'urn:fss:local:project:function:default:held:latest', invocationType: 'sync', timeoutMs: 800 } });
    const url = (await f.workbench.functions.setDebug(fn, true))!;
    const debuggerClient = await cdp(url);
    try {
      await debuggerClient.call('Debugger.enable');
      await debuggerClient.call('Debugger.setBreakpointByUrl', { url: 'held/index.js', lineNumber: 2 });
      const paused = debuggerClient.next('Debugger.paused');
      const pending = f.send('/held').catch(() => undefined);
      await paused;
      await f.close();
      await pending;
    } finally {
      debuggerClient.close();
    }
  });
});
