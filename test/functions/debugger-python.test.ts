/**
 * The Debug switch of a Python function: its instance runs under debugpy, a real Debug Adapter
 * Protocol client (as VS Code would) attaches over TCP, sets a breakpoint in the authorizer's file
 * and a request through the gateway stops there. While it is paused the invocation's timeout and
 * the authorizer cache's clock stand still: the invocation clock here is one the test moves by
 * hand, so "held longer than the timeout" is a state, not a race against a sleep.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionHost } from '../../src-main/functions/function-host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationTimers } from '../../src-main/functions/invocation-timers';
import { functionDebugInfo } from '../../src-main/functions/debug-info';
import { createFixture, type Fixture } from '../gateway/fixture';
import { attachWithBreakpoints, dap, pythonWithDebugpy } from './dap-client';
import type { LocalFunction } from '../../src-shared/model';

const python = pythonWithDebugpy();
const inCi = Boolean(process.env.CI);
if (!python && !inCi) console.warn('[debugger-python] skipped: no python3 can import debugpy (Debian: apt-get install python3-debugpy).');

const AUTHORIZER_PY = [
  'import json',
  '',
  'def handler(event, context):',
  '    token = event["headers"].get("x-token", "")',
  '    user = token.upper()', // line 5: the breakpoint
  '    body = {"status": "allow" if token else "deny", "context": {"user": user}}',
  '    return json.dumps({"statusCode": 200, "body": json.dumps(body)})',
].join('\n');
const BREAKPOINT_LINE = 5;

const SLEEPER_PY = [
  'import json, time',
  '',
  'def handler(event, context):',
  '    time.sleep(600)',
  '    return json.dumps({"statusCode": 200, "body": json.dumps({"status": "allow"})})',
].join('\n');

/** Invocation timers that fire only when the test moves this clock. */
class ManualTimers implements InvocationTimers {
  private t = Date.now();
  private readonly pending = new Set<{ at: number; fire: () => void }>();
  now = (): number => this.t;
  after = (ms: number, fire: () => void): (() => void) => {
    const timer = { at: this.t + ms, fire };
    this.pending.add(timer);
    return () => this.pending.delete(timer);
  };
  advance(ms: number): void {
    this.t += ms;
    for (const timer of [...this.pending].sort((a, b) => a.at - b.at)) {
      if (timer.at <= this.t && this.pending.delete(timer)) timer.fire();
    }
  }
}

describe.skipIf(!python && !inCi)('Debug switch (Python, debugpy)', () => {
  let f: Fixture;
  const timers = new ManualTimers();
  beforeAll(async () => {
    // In CI debugpy must be there: no python with it fails here instead of skipping.
    expect(python, 'python3-debugpy is not installed (.ci/run installs it)').toBeDefined();
    f = await createFixture({ defaultApiRateLimit: false }, { pythonExecutable: python, timers });
  });
  afterAll(() => f?.close());

  it('a DAP client hits a breakpoint in the authorizer; held past its timeout, the request then passes and the cache clock stood still', async () => {
    const folder = join(f.dir, 'dbg_auth');
    mkdirSync(folder);
    const file = join(folder, 'index.py');
    writeFileSync(file, AUTHORIZER_PY);
    const fn = f.fn({ name: 'dbg_auth', runtime: 'python', code: '', source: { kind: 'path', path: folder } });
    const auth = f.authorizer({ name: 'dbg_authorizer', functionName: 'dbg_auth', identities: [{ name: 'x-token', location: 'HEADER' }], ttl: 60, timeoutMs: 500 });
    f.api({ name: 'dbg_api', path: '/dbg', authType: 'AUTHORIZER', authorizerId: auth.id, backend: f.echoWithContextHeader('x-user', 'user') });
    const functions = f.workbench.functions;
    const clock = f.workbench.gateway.clock;

    // The switch starts the instance at once, listening on a loopback port.
    const url = (await functions.setDebug(fn, true))!;
    expect(url).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const info = functionDebugInfo(fn, true, functions.debugInstance(fn.id));
    expect(info.problem).toBeUndefined();
    expect(info.debugpy).toEqual({ host: '127.0.0.1', port: Number(new URL(url).port), codeFile: file });
    expect(JSON.parse(info.vscodeLaunch!)).toMatchObject({
      type: 'debugpy',
      request: 'attach',
      connect: { host: '127.0.0.1', port: info.debugpy!.port },
      pathMappings: [{ localRoot: folder, remoteRoot: folder }],
    });

    const client = await dap(info.debugpy!.host, info.debugpy!.port);
    try {
      const [breakpoint] = await attachWithBreakpoints(client, file, [BREAKPOINT_LINE]);
      expect(breakpoint).toMatchObject({ verified: true, line: BREAKPOINT_LINE });

      const response = f.send('/dbg', { headers: { 'x-token': 'alice' } });
      const stopped = await client.event('stopped');
      expect(stopped.reason).toBe('breakpoint');
      // The runner reports the pause to the host; the invocation's timer and the cache clock stop.
      await expect.poll(() => functions.debugInstance(fn.id)?.paused).toBe(true);
      expect(clock.state().paused).toBe(true);
      const clockAtPause = clock.now();

      const { body: trace } = await client.request('stackTrace', { threadId: stopped.threadId });
      expect(trace.stackFrames[0]).toMatchObject({ line: BREAKPOINT_LINE, source: { path: file } });
      const { body: token } = await client.request('evaluate', { expression: 'token', frameId: trace.stackFrames[0].id, context: 'watch' });
      expect(token.result).toBe("'alice'");

      // Held for 120 times the authorizer's 500 ms timeout: nothing fires, the instance still runs it.
      timers.advance(60_000);
      const held = functions.debugInstance(fn.id)!;
      expect(held).toMatchObject({ inFlight: 1, retired: false, paused: true });
      expect(clock.now()).toBe(clockAtPause);

      await client.request('continue', { threadId: stopped.threadId });
      const res = await response;
      expect(res.status).toBe(200);
      expect(res.echoed().headers['x-user']).toBe('ALICE');
      await expect.poll(() => clock.state().paused).toBe(false);
      expect(clock.state().pausedMs).toBeGreaterThan(0);
      expect(functions.debugInstance(fn.id)?.paused).toBeUndefined();

      // The decision was cached on the workbench clock with its whole ttl ahead of it.
      const [entry] = f.workbench.gateway.authorizerCacheEntries();
      expect(entry).toMatchObject({ authorizerId: auth.id, decision: 'allow', ttlSec: 60 });
    } finally {
      await client.send('disconnect', { terminateDebuggee: false }).catch(() => undefined);
      client.close();
    }
  });

  it('after a save the next instance listens on the same port and runs the inline code from the same file, so the attach configuration and breakpoints still fit', async () => {
    const fn = f.fn({ name: 'edited', runtime: 'python', code: AUTHORIZER_PY });
    const auth = f.authorizer({ name: 'edited_authorizer', functionName: 'edited', identities: [{ name: 'x-token', location: 'HEADER' }] });
    f.api({ name: 'edited_api', path: '/edited', authType: 'AUTHORIZER', authorizerId: auth.id, backend: f.echoWithContextHeader('x-user', 'user') });
    const functions = f.workbench.functions;
    const first = (await functions.setDebug(fn, true))!;
    const firstFile = functions.debugInstance(fn.id)!.codeFile!;
    const firstPid = functions.debugInstance(fn.id)!.pid;

    // The edit ends the instance; the Debug panel (functionDebug) starts the next one.
    const edited = f.workbench.store.functions.update(fn.id, { source: { kind: 'inline', code: AUTHORIZER_PY.replace('token.upper()', 'token.lower()') } });
    expect(functions.debugInstance(fn.id)).toBeUndefined();
    expect(await functions.setDebug(edited, true)).toBe(first);
    const next = functions.debugInstance(fn.id)!;
    expect(next.pid).not.toBe(firstPid);
    expect(next.codeFile).toBe(firstFile);

    const client = await dap('127.0.0.1', Number(new URL(first).port));
    try {
      await attachWithBreakpoints(client, firstFile, [BREAKPOINT_LINE + 1]);
      const response = f.send('/edited', { headers: { 'x-token': 'MiXeD' } });
      const stopped = await client.event('stopped');
      const { body: frames } = await client.request('stackTrace', { threadId: stopped.threadId });
      const { body: user } = await client.request('evaluate', { expression: 'user', frameId: frames.stackFrames[0].id, context: 'watch' });
      expect(user.result).toBe("'mixed'");
      await client.request('continue', { threadId: stopped.threadId });
      expect((await response).echoed().headers['x-user']).toBe('mixed');
    } finally {
      await client.send('disconnect', { terminateDebuggee: false }).catch(() => undefined);
      client.close();
    }
  });

  it('without a debugger holding it, the same move of the clock times the authorizer out', async () => {
    f.fn({ name: 'sleeper', runtime: 'python', code: SLEEPER_PY });
    const auth = f.authorizer({ name: 'sleeper_authorizer', functionName: 'sleeper', identities: [{ name: 'x-token', location: 'HEADER' }], timeoutMs: 500 });
    f.api({ name: 'sleeper_api', path: '/sleeper', authType: 'AUTHORIZER', authorizerId: auth.id, backend: f.echoWithContextHeader('x-user', 'user') });
    const functions = f.workbench.functions;
    const fnId = f.workbench.store.functions.getByName('sleeper')!.id;
    const response = f.send('/sleeper', { headers: { 'x-token': 'bob' } });
    await expect.poll(() => functions.instances().find((e) => e.functionId === fnId)?.instances[0]?.inFlight).toBe(1);
    timers.advance(60_000);
    const res = await response;
    expect(res.status).toBe(500);
    f.workbench.gateway.flushTraces();
    expect(JSON.stringify(f.workbench.store.traces.get(res.requestId))).toContain('did not finish within 500 ms');
  });
});

describe.skipIf(!python && !inCi)('Debug switch (Python): shutting down under the debugger', () => {
  it('while paused the function\'s remaining time stands still; the workbench closes while a DAP client holds the breakpoint', async () => {
    const f = await createFixture({ defaultApiRateLimit: false }, { pythonExecutable: python });
    const fn = f.fn({ name: 'held', runtime: 'python', code: AUTHORIZER_PY });
    const auth = f.authorizer({ name: 'held_authorizer', functionName: 'held', identities: [{ name: 'x-token', location: 'HEADER' }] });
    f.api({ name: 'held_api', path: '/held', authType: 'AUTHORIZER', authorizerId: auth.id, backend: f.echoWithContextHeader('x-user', 'user') });
    await f.workbench.functions.setDebug(fn, true);
    const info = functionDebugInfo(fn, true, f.workbench.functions.debugInstance(fn.id));
    // Inline code runs from a temporary copy: that file is where breakpoints go.
    expect(info.debugpy!.codeFile).toMatch(/index\.py$/);
    const client = await dap(info.debugpy!.host, info.debugpy!.port);
    let closed = false;
    try {
      await attachWithBreakpoints(client, info.debugpy!.codeFile!, [BREAKPOINT_LINE]);
      const pending = f.send('/held', { headers: { 'x-token': 'x' } }).catch(() => undefined);
      const stopped = await client.event('stopped');
      // The function's own view of its time stands still too (this fixture runs on real time).
      const { body: frames } = await client.request('stackTrace', { threadId: stopped.threadId });
      const remaining = async () =>
        Number((await client.request('evaluate', { expression: 'context.getRemainingTimeInMilliSeconds()', frameId: frames.stackFrames[0].id, context: 'watch' })).body.result);
      const before = await remaining();
      // Real time passes between the two reads (how much does not matter: none of it counts).
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await remaining();
      expect(before).toBeGreaterThan(0);
      expect(Math.abs(after - before)).toBeLessThanOrEqual(2); // the same but for rounding
      closed = true;
      await f.close();
      await pending;
      expect(f.workbench.functions.instances().flatMap((e) => e.instances)).toEqual([]);
    } finally {
      client.close();
      if (!closed) await f.close(); // a failed step must not leave the instance running
    }
  });
});

describe('Debug switch (Python) without debugpy', () => {
  it('names the missing module and the python it looked in, and the function still runs', async () => {
    // A python without its site packages (-S) cannot import debugpy, wherever it is installed.
    const dir = mkdtempSync(join(tmpdir(), 'apig-nodebugpy-'));
    const bare = join(dir, 'python-bare');
    writeFileSync(bare, `#!/bin/sh\nexec ${python ?? 'python3'} -S "$@"\n`);
    chmodSync(bare, 0o755);
    const host = new FunctionHost({ pythonExecutable: bare });
    try {
      const fn: LocalFunction = {
        id: 'f1',
        name: 'plain',
        runtime: 'python',
        handler: 'index.handler',
        source: { kind: 'inline', code: 'def handler(event, context):\n    return "ran"\n' },
        timeoutMs: 5000,
        memoryMb: 128,
        description: '',
        updatedAt: new Date().toISOString(),
      };
      expect(await host.setDebug(fn, true)).toBeUndefined();
      const info = functionDebugInfo(fn, true, host.debugInstance(fn.id));
      expect(info.enabled).toBe(true);
      expect(info.inspectorUrl).toBeUndefined();
      expect(info.problem).toMatch(/^debugpy is not installed for \/.*python.* \(No module named 'debugpy'\): install it for that python \(Debian's own \/usr\/bin\/python3: apt-get install python3-debugpy; any other: .* -m pip install debugpy\)/);
      const outcome = await host.invoke(fn, {}, { requestId: 'r1' });
      expect(outcome).toMatchObject({ ok: true, result: 'ran' });
    } finally {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
