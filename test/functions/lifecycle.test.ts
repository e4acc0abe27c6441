import { describe, expect, it } from 'vitest';
import { FunctionHost } from '../../src-main/functions/function-host';
import { inlineFn, isAlive, py } from './helpers';
import { until } from '../setup/until';

/** Invocations dispatched to the function's instances and not yet answered. */
const inFlight = (host: FunctionHost, functionId: string) =>
  host.instances().find((f) => f.functionId === functionId)?.instances.reduce((n, i) => n + i.inFlight, 0) ?? 0;

describe('function host lifecycle', () => {
  it('close() terminates every worker and python process, and later invocations fail cleanly', async () => {
    const host = new FunctionHost({ poolSize: 2, pythonPoolSize: 2 });
    const node = inlineFn('nodejs', `exports.handler = async () => 1;`);
    const python = inlineFn('python', py('import time', 'def handler(e, c):', '    time.sleep(0.05)', '    return 1'));
    await Promise.all([
      ...Array.from({ length: 20 }, () => host.invoke(node, {}, { requestId: 'n' })),
      ...Array.from({ length: 4 }, () => host.invoke(python, {}, { requestId: 'p' })),
    ]);
    const infos = host.instances().flatMap((f) => f.instances);
    const pids = infos.filter((i) => i.kind === 'process').map((i) => i.pid!);
    expect(pids.length).toBeGreaterThan(0);
    expect(infos.some((i) => i.kind === 'worker')).toBe(true);
    pids.forEach((pid) => expect(isAlive(pid)).toBe(true));

    // An invocation still running when the host closes ends with a crash, not a hang.
    const never = inlineFn('nodejs', `exports.handler = () => new Promise(() => {});`);
    const slow = host.invoke(never, {}, { requestId: 's' });
    await until(() => inFlight(host, never.id) > 0, 'the never-ending invocation is running');
    await host.close();
    expect((await slow).failure?.kind).toBe('crash');
    expect(host.instances()).toEqual([]);
    pids.forEach((pid) => expect(isAlive(pid)).toBe(false));
    const after = await host.invoke(node, {}, { requestId: 'late' });
    expect(after.failure).toMatchObject({ kind: 'crash', message: 'the function host is closed' });
  });

  it('invalidate() lets running invocations finish on the old code, then ends those instances', async () => {
    const host = new FunctionHost({ pythonPoolSize: 1 });
    try {
      const fn = inlineFn('python', py('import time, os', 'def handler(e, c):', '    time.sleep(e.get("sleep", 0))', '    return os.getpid()'));
      const first = (await host.invoke(fn, {}, { requestId: 'a' })).result as number;
      const running = host.invoke(fn, { sleep: 0.3 }, { requestId: 'b' });
      await until(() => inFlight(host, fn.id) > 0, 'the invocation is running on the old code');
      host.invalidate(fn.id);
      expect((await running).result).toBe(first);
      const next = (await host.invoke(fn, {}, { requestId: 'c' })).result as number;
      expect(next).not.toBe(first);
      await until(() => !isAlive(first), `the old python process ${first} has ended`);
    } finally {
      await host.close();
    }
  });

  it('a module that never finishes loading fails with load after the start allowance', async () => {
    const host = new FunctionHost({ startTimeoutMs: 500 });
    try {
      const fn = inlineFn('nodejs', `while (true) {} exports.handler = async () => 1;`, { timeoutMs: 300 });
      const out = await host.invoke(fn, {}, { requestId: 'r' });
      expect(out.failure?.kind).toBe('load');
      expect(out.failure?.message).toContain('did not finish loading within 500 ms');
    } finally {
      await host.close();
    }
  });

  it('an invocation never rejects, even for an event that cannot be serialised', async () => {
    const host = new FunctionHost();
    try {
      const event: Record<string, unknown> = {};
      event.self = event;
      const out = await host.invoke(inlineFn('nodejs', 'exports.handler = async () => 1;'), event, { requestId: 'r' });
      expect(out.failure?.kind).toBe('exception');
      expect(out.failure?.message).toContain('event cannot be serialised');
    } finally {
      await host.close();
    }
  });
});
