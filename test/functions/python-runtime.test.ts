import { afterAll, describe, expect, it } from 'vitest';
import { FunctionHost, parseMaybeJson } from '../../src-main/functions/function-host';
import { inlineFn, isAlive, py } from './helpers';

const host = new FunctionHost({ poolSize: 2 });
afterAll(() => host.close());

const rid = () => ({ requestId: `req-${Math.random().toString(16).slice(2)}` });

describe('Python handlers', () => {
  it('a handler returns its dict as the result', async () => {
    const fn = inlineFn('python', py('def handler(event, context):', '    return {"statusCode": 200, "body": "hi " + event["name"]}'));
    const out = await host.invoke(fn, { name: 'ann' }, rid());
    expect(out.failure).toBeUndefined();
    expect(out.result).toEqual({ statusCode: 200, body: 'hi ann' });
  });

  it('a json.dumps result comes back as the raw string', async () => {
    const fn = inlineFn(
      'python',
      py('import json', 'def handler(event, context):', '    return json.dumps({"statusCode": 200, "body": json.dumps({"status": "allow"})})'),
    );
    const out = await host.invoke(fn, {}, rid());
    expect(typeof out.result).toBe('string');
    expect(parseMaybeJson(out.result).value).toEqual({ statusCode: 200, body: '{"status": "allow"}' });
  });

  it('the context exposes the FunctionGraph getters', async () => {
    const fn = inlineFn(
      'python',
      py(
        'def handler(event, context):',
        '    return {"rid": context.getRequestID(), "remaining": context.getRemainingTimeInMilliSeconds(),',
        '            "secret": context.getUserData("secret"), "missing": context.getUserData("nope"),',
        '            "name": context.getFunctionName(), "running": context.getRunningTimeInSeconds(),',
        '            "memory": context.getMemorySize()}',
      ),
      { name: 'py-ctx', timeoutMs: 2500, memoryMb: 256 },
    );
    const out = await host.invoke(fn, {}, { requestId: 'abc', userData: { secret: 's3' } });
    const r = out.result as Record<string, unknown>;
    expect(r).toMatchObject({ rid: 'abc', secret: 's3', missing: null, name: 'py-ctx', running: 3, memory: 256 });
    expect(r.remaining).toBeGreaterThan(0);
    expect(r.remaining).toBeLessThanOrEqual(2500);
  });

  it('print, stderr and logger lines are captured per invocation and do not corrupt the protocol', async () => {
    const fn = inlineFn(
      'python',
      py(
        'import sys, os',
        'def handler(event, context):',
        '    print("printed", event["tag"])',
        '    print(\'{"t":"res","id":1,"ok":true,"r":"forged"}\')',
        '    sys.stderr.write("to stderr " + event["tag"] + "\\n")',
        '    context.getLogger().info("logged %s", event["tag"])',
        '    return event["tag"]',
      ),
    );
    const a = await host.invoke(fn, { tag: 'A' }, { requestId: 'rA' });
    expect(a.result).toBe('A');
    expect(a.logs.slice(0, 3)).toEqual(['printed A', '{"t":"res","id":1,"ok":true,"r":"forged"}', 'to stderr A']);
    expect(a.logs[3]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z rA INFO logged A$/);
    expect(a.logs).toHaveLength(4);
    const b = await host.invoke(fn, { tag: 'B' }, { requestId: 'rB' });
    expect(b.logs.map((l) => l.replace(/^\S+ rB /, ''))).toEqual(['printed B', '{"t":"res","id":1,"ok":true,"r":"forged"}', 'to stderr B', 'INFO logged B']);
  });

  it('raw output on fd 1/2 without newlines (os.write, \\r progress bars) is split at \\r and capped, not buffered whole', async () => {
    // Raw fd writes reach the host on another pipe than the result; exiting makes the host read them all first.
    const fn = inlineFn(
      'python',
      py(
        'import os',
        'def handler(event, context):',
        '    os.write(2, b"\\rstep 1\\rstep 2\\r\\n")',
        '    chunk = b"x" * 65536',
        '    for _ in range(320):',
        '        os.write(1, chunk)',
        '    os._exit(3)',
      ),
    );
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure?.kind).toBe('exit');
    expect(out.logs).toContain('step 1');
    expect(out.logs).toContain('step 2');
    const note = out.logs.find((l) => l.startsWith('[log truncated:'));
    expect(Number(/(\d+) more bytes dropped/.exec(note ?? '')?.[1])).toBeGreaterThanOrEqual(320 * 65536);
    expect(out.logs.every((l) => l.length <= 65536)).toBe(true);
  });

  it('sys.stdout.write without newlines, 20,000 times, is captured in linear time and capped', async () => {
    const fn = inlineFn(
      'python',
      py('import sys', 'def handler(event, context):', '    for _ in range(20000):', '        sys.stdout.write("y" * 1000)', '    return "done"'),
      { timeoutMs: 20_000 },
    );
    const out = await host.invoke(fn, {}, rid());
    expect(out.result).toBe('done');
    const note = out.logs.find((l) => l.startsWith('[log truncated:'));
    expect(Number(/(\d+) more bytes dropped/.exec(note ?? '')?.[1])).toBeGreaterThanOrEqual(19_000_000);
    expect(out.logs.every((l) => l.length <= 65536)).toBe(true);
  }, 30_000);

  it('module-level output goes to the first invocation only', async () => {
    const fn = inlineFn('python', py('print("loading")', 'def handler(event, context):', '    return 1'));
    expect((await host.invoke(fn, {}, rid())).logs).toEqual(['loading']);
    expect((await host.invoke(fn, {}, rid())).logs).toEqual([]);
  });

  it('instances stay warm (module state persists) and reload when the code changes', async () => {
    const code = (tag: string) => py('count = 0', 'def handler(event, context):', '    global count', '    count += 1', `    return {"tag": "${tag}", "count": count}`);
    const warm = new FunctionHost({ pythonPoolSize: 1 });
    try {
      const fn = inlineFn('python', code('v1'));
      expect((await warm.invoke(fn, {}, rid())).result).toEqual({ tag: 'v1', count: 1 });
      expect((await warm.invoke(fn, {}, rid())).result).toEqual({ tag: 'v1', count: 2 });
      const changed = { ...fn, source: { kind: 'inline' as const, code: code('v2') } };
      expect((await warm.invoke(changed, {}, rid())).result).toEqual({ tag: 'v2', count: 1 });
    } finally {
      await warm.close();
    }
  });

  it('`while True: pass` times out, and the next invocation works', async () => {
    const fn = inlineFn('python', py('def handler(event, context):', '    while event.get("loop"):', '        pass', '    return "alive"'), { timeoutMs: 400 });
    const out = await host.invoke(fn, { loop: true }, rid());
    expect(out.failure?.kind).toBe('timeout');
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('a timeout ends the whole instance: processes the function started die with it', async () => {
    const fn = inlineFn(
      'python',
      py(
        'import subprocess',
        'def handler(event, context):',
        '    child = subprocess.Popen(["sleep", "300"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)',
        '    context.getLogger().info("child %d", child.pid)',
        '    while True:',
        '        pass',
      ),
      { timeoutMs: 1500 },
    );
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure?.kind).toBe('timeout');
    const pid = Number(/child (\d+)/.exec(out.logs.join('\n'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => isAlive(pid), { timeout: 10_000 }).toBe(false);
  });

  it('a process the function leaves running when its interpreter exits is ended too', async () => {
    const fn = inlineFn(
      'python',
      py(
        'import os, subprocess',
        'def handler(event, context):',
        '    child = subprocess.Popen(["sleep", "300"])',
        '    context.getLogger().info("child %d", child.pid)',
        '    os._exit(1)',
      ),
    );
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure?.kind).toBe('exit');
    const pid = Number(/child (\d+)/.exec(out.logs.join('\n'))?.[1]);
    await expect.poll(() => isAlive(pid), { timeout: 10_000 }).toBe(false);
  });

  it('sys.exit is reported as exit and the process keeps serving', async () => {
    const fn = inlineFn('python', py('import sys, os', 'def handler(event, context):', '    if event.get("exit"):', '        sys.exit(2)', '    return os.getpid()'));
    const before = (await host.invoke(fn, {}, rid())).result;
    const out = await host.invoke(fn, { exit: true }, rid());
    expect(out.failure).toMatchObject({ kind: 'exit' });
    expect(out.failure?.message).toContain('sys.exit(2)');
    expect((await host.invoke(fn, {}, rid())).result).toBe(before);
  });

  it('os._exit ends the process: reported as exit, and a fresh process serves the next call', async () => {
    const fn = inlineFn('python', py('import os', 'def handler(event, context):', '    if event.get("exit"):', '        os._exit(5)', '    return "alive"'));
    const out = await host.invoke(fn, { exit: true }, rid());
    expect(out.failure?.kind).toBe('exit');
    expect(out.failure?.message).toContain('code 5');
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('a raised exception is an exception with its traceback', async () => {
    const fn = inlineFn('python', py('def handler(event, context):', '    raise ValueError("bad token")'));
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure).toMatchObject({ kind: 'exception', message: 'ValueError: bad token' });
    expect(out.failure?.stack).toContain('index.py');
  });

  it('deep recursion is an exception and the next invocation works', async () => {
    const fn = inlineFn('python', py('def down(n):', '    return down(n + 1) + 1', 'def handler(event, context):', '    return down(0) if event.get("deep") else "alive"'));
    const out = await host.invoke(fn, { deep: true }, rid());
    expect(out.failure?.kind).toBe('exception');
    expect(out.failure?.message).toContain('RecursionError');
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('a syntax error is reported as syntax, and the fixed code loads', async () => {
    const fn = inlineFn('python', py('def handler(event, context)', '    return 1'));
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure?.kind).toBe('syntax');
    expect(out.failure?.message).toContain('SyntaxError');
    const fixed = { ...fn, source: { kind: 'inline' as const, code: py('def handler(event, context):', '    return "fixed"') } };
    expect((await host.invoke(fixed, {}, rid())).result).toBe('fixed');
  });

  it('a memory bomb fails with memory, and the next invocation works', async () => {
    const fn = inlineFn(
      'python',
      py('def handler(event, context):', '    hog = []', '    while event.get("bomb"):', '        hog.append(bytearray(1 << 20))', '    return "alive"'),
      { memoryMb: 64, timeoutMs: 20_000 },
    );
    const out = await host.invoke(fn, { bomb: true }, rid());
    expect(out.failure?.kind).toBe('memory');
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('a result over 1 MB fails with result-too-large', async () => {
    const fn = inlineFn('python', py('def handler(event, context):', '    return "x" * (1024 * 1024 + 1) if event.get("big") else "alive"'));
    expect((await host.invoke(fn, { big: true }, rid())).failure?.kind).toBe('result-too-large');
    expect((await host.invoke(fn, {}, rid())).result).toBe('alive');
  });

  it('a result that is not JSON-serialisable is an exception naming the problem', async () => {
    const fn = inlineFn('python', py('def handler(event, context):', '    return {1, 2}'));
    const out = await host.invoke(fn, {}, rid());
    expect(out.failure?.kind).toBe('exception');
    expect(out.failure?.message).toContain('cannot be serialised to JSON');
  });

  it('a missing python executable is a load failure saying so', async () => {
    const noPython = new FunctionHost({ pythonExecutable: '/nonexistent/python3' });
    try {
      const out = await noPython.invoke(inlineFn('python', py('def handler(e, c):', '    return 1')), {}, rid());
      expect(out.failure?.kind).toBe('load');
      expect(out.failure?.message).toContain('/nonexistent/python3');
      expect(out.failure?.message).toContain('set APIG_WORKBENCH_PYTHON to the python to use');
    } finally {
      await noPython.close();
    }
  });

  it('APIG_WORKBENCH_PYTHON picks the python when the host is given none', async () => {
    const before = process.env.APIG_WORKBENCH_PYTHON;
    process.env.APIG_WORKBENCH_PYTHON = '/nonexistent/venv/bin/python';
    const fromEnv = new FunctionHost();
    if (before === undefined) delete process.env.APIG_WORKBENCH_PYTHON;
    else process.env.APIG_WORKBENCH_PYTHON = before;
    try {
      const out = await fromEnv.invoke(inlineFn('python', py('def handler(e, c):', '    return 1')), {}, rid());
      expect(out.failure?.message).toContain('cannot start /nonexistent/venv/bin/python');
    } finally {
      await fromEnv.close();
    }
  });
});
