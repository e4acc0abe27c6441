import { afterAll, describe, expect, it } from 'vitest';
import { FunctionHost, parseMaybeJson } from '../../src-main/functions/function-host';
import { inlineFn, isRunning } from './helpers';

const host = new FunctionHost({ poolSize: 2 });
afterAll(() => host.close());

const rid = (s = 'req') => ({ requestId: `${s}-${Math.random().toString(16).slice(2)}` });

describe('Node.js handlers', () => {
  it('an async handler returns its object as the result', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async (event) => ({ statusCode: 200, body: 'hi ' + event.name });`);
    const out = await host.invoke(fn, { name: 'ann' }, rid());
    expect(out.failure).toBeUndefined();
    expect(out.ok).toBe(true);
    expect(out.result).toEqual({ statusCode: 200, body: 'hi ann' });
  });

  it('a callback-style handler answers through the callback', async () => {
    const fn = inlineFn(
      'nodejs',
      `exports.handler = function (event, context, callback) {
         setTimeout(() => event.fail ? callback(new Error('nope')) : callback(null, { via: 'callback', n: event.n }), 5);
       };`,
    );
    expect((await host.invoke(fn, { n: 7 }, rid())).result).toEqual({ via: 'callback', n: 7 });
    const failed = await host.invoke(fn, { fail: true }, rid());
    expect(failed.ok).toBe(false);
    expect(failed.failure).toMatchObject({ kind: 'exception', message: 'Error: nope' });
  });

  it('a JSON string result comes back raw, and parseMaybeJson decodes it', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async () => JSON.stringify({ statusCode: 200, body: '{"status":"allow"}' });`);
    const out = await host.invoke(fn, {}, rid());
    expect(typeof out.result).toBe('string');
    expect(parseMaybeJson(out.result)).toEqual({ value: { statusCode: 200, body: '{"status":"allow"}' }, wasJsonString: true });
    expect(parseMaybeJson('not json')).toEqual({ value: 'not json', wasJsonString: false });
    expect(parseMaybeJson({ a: 1 })).toEqual({ value: { a: 1 }, wasJsonString: false });
  });

  it('the context exposes the FunctionGraph getters', async () => {
    const fn = inlineFn(
      'nodejs',
      `exports.handler = async (event, context) => ({
         requestId: context.getRequestID(),
         remaining: context.getRemainingTimeInMilliSeconds(),
         secret: context.getUserData('secret'),
         missing: context.getUserData('nope') === undefined,
         name: context.getFunctionName(),
         runningTime: context.getRunningTimeInSeconds(),
         memory: context.getMemorySize(),
         logger: typeof context.getLogger().info,
       });`,
      { name: 'ctx-fn', timeoutMs: 2500, memoryMb: 256 },
    );
    const out = await host.invoke(fn, {}, { requestId: 'abc-123', userData: { secret: 's3' } });
    const r = out.result as Record<string, unknown>;
    expect(r).toMatchObject({ requestId: 'abc-123', secret: 's3', missing: true, name: 'ctx-fn', runningTime: 3, memory: 256, logger: 'function' });
    expect(r.remaining).toBeGreaterThan(0);
    expect(r.remaining).toBeLessThanOrEqual(2500);
  });

  it('console output and logger lines are captured per invocation, without leaking into the next', async () => {
    const fn = inlineFn(
      'nodejs',
      `exports.handler = async (event, context) => {
         console.log('log', event.tag);
         console.error('err', event.tag);
         process.stdout.write('raw ' + event.tag + '\\n');
         context.getLogger().warn('warned %s', event.tag);
         await new Promise((r) => setTimeout(r, event.delay));
         console.log('after wait', event.tag);
         return event.tag;
       };`,
    );
    const [a, b] = await Promise.all([
      host.invoke(fn, { tag: 'A', delay: 30 }, { requestId: 'rA' }),
      host.invoke(fn, { tag: 'B', delay: 5 }, { requestId: 'rB' }),
    ]);
    expect(a.logs.slice(0, 3)).toEqual(['log A', 'err A', 'raw A']);
    expect(a.logs[3]).toMatch(/^\d{4}-\d\d-\d\dT.*Z rA WARN warned A$/);
    expect(a.logs[4]).toBe('after wait A');
    expect(a.logs).toHaveLength(5);
    expect(b.logs.map((l) => l.replace(/^\S+ rB /, ''))).toEqual(['log B', 'err B', 'raw B', 'WARN warned B', 'after wait B']);
    const c = await host.invoke(fn, { tag: 'C', delay: 0 }, { requestId: 'rC' });
    expect(c.logs.map((l) => l.replace(/^\S+ rC /, ''))).toEqual(['log C', 'err C', 'raw C', 'WARN warned C', 'after wait C']);
  });

  it('captured output is capped at 64 KB per invocation and marked as truncated', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async () => { for (let i = 0; i < 2000; i++) console.log('x'.repeat(99)); return 1; };`);
    const out = await host.invoke(fn, {}, rid());
    expect(out.ok).toBe(true);
    const total = out.logs.slice(0, -1).reduce((n, l) => n + l.length + 1, 0);
    expect(total).toBeLessThanOrEqual(64 * 1024);
    expect(out.logs[out.logs.length - 1]).toMatch(/^\[log truncated: \d+ more bytes dropped/);
  });

  it('instances stay warm (module state persists) and reload when the code changes', async () => {
    const code = (tag: string) => `let count = 0; exports.handler = async () => ({ tag: '${tag}', count: ++count });`;
    const warmHost = new FunctionHost({ poolSize: 1 });
    try {
      const fn = inlineFn('nodejs', code('v1'));
      expect((await warmHost.invoke(fn, {}, rid())).result).toEqual({ tag: 'v1', count: 1 });
      expect((await warmHost.invoke(fn, {}, rid())).result).toEqual({ tag: 'v1', count: 2 });
      const changed = { ...fn, source: { kind: 'inline' as const, code: code('v2') } };
      expect((await warmHost.invoke(changed, {}, rid())).result).toEqual({ tag: 'v2', count: 1 });
      warmHost.invalidate(fn.id);
      expect((await warmHost.invoke(changed, {}, rid())).result).toEqual({ tag: 'v2', count: 1 });
    } finally {
      await warmHost.close();
    }
  });

  it('an infinite loop times out, and the next invocation works', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async (e) => { if (e.loop) { while (true) {} } return 'alive'; };`, { timeoutMs: 400 });
    const out = await host.invoke(fn, { loop: true }, rid());
    expect(out.failure?.kind).toBe('timeout');
    expect(out.failure?.message).toContain('400 ms');
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('the per-invocation timeout option overrides the function timeout', async () => {
    const fn = inlineFn('nodejs', `exports.handler = () => new Promise(() => {});`, { timeoutMs: 60_000 });
    const out = await host.invoke(fn, {}, { requestId: 'r', timeoutMs: 300 });
    expect(out.failure).toMatchObject({ kind: 'timeout', message: 'the function did not finish within 300 ms' });
  });

  it('a memory bomb fails with memory, and the next invocation works', async () => {
    const fn = inlineFn(
      'nodejs',
      `exports.handler = async (e) => {
         if (!e.bomb) return 'alive';
         const hog = [];
         while (true) hog.push(new Array(100000).fill({ x: 1 }));
       };`,
      { memoryMb: 64, timeoutMs: 20_000 },
    );
    const out = await host.invoke(fn, { bomb: true }, rid());
    expect(out.failure?.kind).toBe('memory');
    expect(out.failure?.message).toContain('64 MB');
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('Buffers held past the memory size fail with memory (heap plus off-heap), and a fresh instance serves the next call', async () => {
    const fn = inlineFn(
      'nodejs',
      `const held = [];
       exports.handler = async (e) => {
         if (!e.hold) return 'alive';
         for (let i = 0; i < 300; i++) held.push(Buffer.alloc(1024 * 1024, 1));
         return { statusCode: 200 };
       };`,
      { memoryMb: 128, timeoutMs: 30_000 },
    );
    const out = await host.invoke(fn, { hold: true }, rid());
    expect(out.failure?.kind).toBe('memory');
    expect(out.failure?.message).toMatch(/exceeded its memory limit of 128 MB \(\d+ MB in use: JavaScript heap plus Buffers and ArrayBuffers\)/);
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('ArrayBuffers held while the handler waits are noticed before it answers: memory, not a timeout', async () => {
    const fn = inlineFn(
      'nodejs',
      `exports.handler = async () => {
         const held = [];
         for (let i = 0; i < 200; i++) held.push(new Uint8Array(new ArrayBuffer(1024 * 1024)).fill(1));
         await new Promise(() => {});
       };`,
      { memoryMb: 128, timeoutMs: 30_000 },
    );
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure?.kind).toBe('memory');
  });

  it('Buffers that become garbage do not count: 1 GB allocated 1 MB at a time within 128 MB succeeds', async () => {
    const fn = inlineFn(
      'nodejs',
      `exports.handler = async () => {
         let sum = 0;
         for (let i = 0; i < 1024; i++) { const b = Buffer.alloc(1024 * 1024, 1); sum += b[i]; if (i % 64 === 0) await new Promise((r) => setImmediate(r)); }
         return sum;
       };`,
      { memoryMb: 128, timeoutMs: 30_000 },
    );
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure).toBeUndefined();
    expect(out.result).toBe(1024);
  });

  it('process.stdout.write without newlines is captured in linear time, cut at the log cap', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async () => { for (let i = 0; i < 20000; i++) process.stdout.write('y'.repeat(1000)); return 'done'; };`, {
      timeoutMs: 20_000,
    });
    const out = await host.invoke(fn, {}, rid());
    expect(out.result).toBe('done');
    expect(Number(/(\d+) more bytes dropped/.exec(out.logs[out.logs.length - 1])?.[1])).toBeGreaterThanOrEqual(19_000_000);
  }, 30_000);

  it('a timeout ends the processes the function started (spawn and exec), with the instance', async () => {
    const fn = inlineFn(
      'nodejs',
      `const cp = require('child_process');
       exports.handler = async (e, context) => {
         const a = cp.spawn('sleep', ['300'], { stdio: 'ignore' });
         const b = cp.exec('sleep 301');
         context.getLogger().info('children ' + a.pid + ' ' + b.pid);
         while (true) {}
       };`,
      { timeoutMs: 1500 },
    );
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure?.kind).toBe('timeout');
    const pids = /children (\d+) (\d+)/.exec(out.logs.join('\n'))!.slice(1).map(Number);
    expect(pids).toHaveLength(2);
    // Ended, not necessarily reaped: the worker that was their parent inside this process is gone.
    for (const pid of pids) await expect.poll(() => isRunning(pid), { timeout: 10_000 }).toBe(false);
  });

  it('a second worker starts for a function that keeps its thread busy, not merely for calls in flight', async () => {
    // Each call holds the worker's thread for 150 ms, so ten at once keep it busy the whole time.
    const fn = inlineFn('nodejs', `exports.handler = async () => { const end = Date.now() + 150; while (Date.now() < end) {} return 'spun'; };`, { name: 'spin-fn' });
    const liveWorkers = () => host.instances().find((e) => e.functionId === fn.id)?.instances.filter((i) => !i.retired).length ?? 0;
    const outs = await Promise.all(Array.from({ length: 10 }, () => host.invoke(fn, {}, rid())));
    expect(outs.map((o) => o.result)).toEqual(Array(10).fill('spun'));
    expect(liveWorkers()).toBe(2);
  }, 20_000);

  it('deep recursion fails that invocation only', async () => {
    const fn = inlineFn('nodejs', `const down = (n) => down(n + 1) + 1; exports.handler = async (e) => e.deep ? down(0) : 'alive';`);
    const out = await host.invoke(fn, { deep: true }, rid());
    expect(out.failure).toMatchObject({ kind: 'exception', message: 'RangeError: Maximum call stack size exceeded' });
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('a syntax error is reported as syntax, naming the function file', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async () => {`, { name: 'broken-auth' });
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure?.kind).toBe('syntax');
    expect(out.failure?.message).toContain('SyntaxError');
    expect(out.failure?.stack).toContain('broken-auth/index.js');
    const fixed = { ...fn, source: { kind: 'inline' as const, code: 'exports.handler = async () => "fixed";' } };
    expect((await host.invoke(fixed, {}, rid())).result).toBe('fixed');
  });

  it('a missing export is a load failure listing what the module exports', async () => {
    const fn = inlineFn('nodejs', `exports.main = async () => 1;`);
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure?.kind).toBe('load');
    expect(out.failure?.message).toContain('exports: main');
  });

  it('a thrown error is an exception with its stack', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async () => { throw new TypeError('bad token'); };`);
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure).toMatchObject({ kind: 'exception', message: 'TypeError: bad token' });
    expect(out.failure?.stack).toContain('index.js');
  });

  it('an unhandled rejection fails the invocation that caused it, and the next works', async () => {
    const fn = inlineFn(
      'nodejs',
      `exports.handler = async (e) => {
         if (!e.reject) return 'alive';
         Promise.reject(new Error('forgotten'));
         await new Promise((r) => setTimeout(r, 200));
         return 'too late';
       };`,
    );
    const out = await host.invoke(fn, { reject: true }, rid());
    expect(out.failure?.kind).toBe('crash');
    expect(out.failure?.message).toContain('unhandled promise rejection: Error: forgotten');
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('an exception thrown from a timer fails that invocation as a crash', async () => {
    const fn = inlineFn('nodejs', `exports.handler = (e, c, cb) => { setTimeout(() => { throw new Error('in timer'); }, 1); };`);
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure).toMatchObject({ kind: 'crash', message: 'uncaught exception: Error: in timer' });
  });

  it('process.exit is reported as exit, with the output before it, and the next invocation works', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async (e) => { if (e.exit) { console.log('bye'); process.exit(3); } return 'alive'; };`);
    const out = await host.invoke(fn, { exit: true }, rid());
    expect(out.failure?.kind).toBe('exit');
    expect(out.failure?.message).toContain('process.exit(3)');
    expect(out.logs).toEqual(['bye']);
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('a result over 1 MB fails with result-too-large, and the next invocation works', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async (e) => e.big ? { body: 'x'.repeat(1024 * 1024) } : 'alive';`);
    const out = await host.invoke(fn, { big: true }, rid());
    expect(out.failure?.kind).toBe('result-too-large');
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('hundreds of concurrent invocations each get their own result', async () => {
    const fn = inlineFn('nodejs', `exports.handler = async (e, c) => { await new Promise((r) => setTimeout(r, e.i % 7)); return { i: e.i, rid: c.getRequestID() }; };`);
    const outs = await Promise.all(Array.from({ length: 400 }, (_, i) => host.invoke(fn, { i }, { requestId: `c${i}` })));
    outs.forEach((o, i) => expect(o.result).toEqual({ i, rid: `c${i}` }));
  });

  it('invocations started in one turn travel together, and one that then blocks the thread does not hold back the answer of one that finished', async () => {
    const single = new FunctionHost({ poolSize: 1 });
    try {
      const fn = inlineFn('nodejs', `exports.handler = (e) => { if (e.loop) { while (true) {} } return 'quick ' + e.n; };`, { timeoutMs: 400 });
      expect((await single.invoke(fn, { n: 0 }, rid())).result).toBe('quick 0'); // warm: the next two go to this worker as one message
      const [quick, blocked] = await Promise.all([single.invoke(fn, { n: 1 }, rid()), single.invoke(fn, { loop: true }, rid())]);
      expect(quick.result).toBe('quick 1');
      expect(blocked.failure?.kind).toBe('timeout');
    } finally {
      await single.close();
    }
  });

  it('one invocation per worker (FunctionGraph semantics) still serves concurrent callers', async () => {
    const serial = new FunctionHost({ poolSize: 2, concurrencyPerWorker: 1 });
    try {
      const fn = inlineFn('nodejs', `let busy = false; exports.handler = async (e) => { const overlap = busy; busy = true; await new Promise((r) => setTimeout(r, 2)); busy = false; return overlap; };`);
      const outs = await Promise.all(Array.from({ length: 20 }, () => serial.invoke(fn, {}, rid())));
      expect(outs.map((o) => o.result)).toEqual(Array(20).fill(false));
    } finally {
      await serial.close();
    }
  });
});
