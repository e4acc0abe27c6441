import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../src-shared/model';
import { bindFunctionsDir, FunctionHost, resolveFunctionSource, runtimesDir } from '../../src-main/functions/function-host';
import { inlineFn, py } from './helpers';

let dir: string;
const host = new FunctionHost();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'apig-fn-test-'));
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

function pathFn(runtime: 'nodejs' | 'python', path: string, handler = 'index.handler'): LocalFunction {
  return { ...inlineFn(runtime, ''), handler, source: { kind: 'path', path } };
}

describe('path-based functions', () => {
  it('a Node folder function can require a sibling module, and reloads when that sibling changes', async () => {
    const fnDir = join(dir, 'node-auth');
    mkdirSync(fnDir);
    writeFileSync(join(fnDir, 'index.js'), `const { greet } = require('./lib'); exports.handler = async (e) => ({ msg: greet(e.who), dir: __dirname });`);
    writeFileSync(join(fnDir, 'lib.js'), `exports.greet = (who) => 'hello ' + who;`);
    const fn = pathFn('nodejs', fnDir);
    expect((await host.invoke(fn, { who: 'bob' }, { requestId: 'r1' })).result).toEqual({ msg: 'hello bob', dir: fnDir });
    writeFileSync(join(fnDir, 'lib.js'), `exports.greet = (who) => 'good morning ' + who;`);
    expect((await host.invoke(fn, { who: 'bob' }, { requestId: 'r2' })).result).toEqual({ msg: 'good morning bob', dir: fnDir });
  });

  it('a Python folder function can import a sibling module, and reloads when the file changes', async () => {
    const fnDir = join(dir, 'py-auth');
    mkdirSync(fnDir);
    writeFileSync(join(fnDir, 'index.py'), py('from helper import greet', 'def handler(event, context):', '    return greet(event["who"])'));
    writeFileSync(join(fnDir, 'helper.py'), py('def greet(who):', '    return "hello " + who'));
    const fn = pathFn('python', fnDir);
    expect((await host.invoke(fn, { who: 'ann' }, { requestId: 'r1' })).result).toBe('hello ann');
    writeFileSync(join(fnDir, 'index.py'), py('from helper import greet', 'def handler(event, context):', '    return greet(event["who"]).upper()'));
    expect((await host.invoke(fn, { who: 'ann' }, { requestId: 'r2' })).result).toBe('HELLO ANN');
  });

  it('a single-file function reloads when the file changes', async () => {
    const file = join(dir, 'single.js');
    writeFileSync(file, `exports.handler = async () => 'one';`);
    const fn = pathFn('nodejs', file);
    expect((await host.invoke(fn, {}, { requestId: 'r1' })).result).toBe('one');
    writeFileSync(file, `exports.handler = async () => 'two!';`);
    expect((await host.invoke(fn, {}, { requestId: 'r2' })).result).toBe('two!');
  });

  it('a missing path fails with not-found naming the path', async () => {
    const missing = join(dir, 'nowhere');
    const out = await host.invoke(pathFn('nodejs', missing), {}, { requestId: 'r' });
    expect(out.ok).toBe(false);
    expect(out.failure?.kind).toBe('not-found');
    expect(out.failure?.message).toContain(missing);
  });

  it('resolveFunctionSource finds a file from a path without extension, and reports a folder without index', () => {
    writeFileSync(join(dir, 'noext.py'), py('def handler(e, c):', '    return 1'));
    const r = resolveFunctionSource(pathFn('python', join(dir, 'noext')));
    expect(r).toMatchObject({ ok: true, kind: 'file', file: join(dir, 'noext.py'), moduleName: 'noext', exportName: 'handler' });
    mkdirSync(join(dir, 'empty'));
    const e = resolveFunctionSource(pathFn('nodejs', join(dir, 'empty')));
    expect(e).toMatchObject({ ok: false, failure: { kind: 'not-found' } });
    expect(!e.ok && e.failure.message).toContain('index.js');
  });

  it('resolveFunctionSource rejects a handler without a module part and a file of the wrong language', () => {
    expect(resolveFunctionSource({ ...inlineFn('nodejs', 'x'), handler: 'handler' })).toMatchObject({ ok: false, failure: { kind: 'load' } });
    writeFileSync(join(dir, 'wrong.py'), 'x = 1\n');
    const r = resolveFunctionSource(pathFn('nodejs', join(dir, 'wrong.py')));
    expect(r).toMatchObject({ ok: false, failure: { kind: 'load' } });
  });
});

describe('bindFunctionsDir', () => {
  it('binds names to DIR/<name>.js|.py or DIR/<name>/index.js|.py and lists the rest as missing', () => {
    const root = join(dir, 'bind');
    mkdirSync(join(root, 'folder-auth'), { recursive: true });
    mkdirSync(join(root, 'py-folder'), { recursive: true });
    writeFileSync(join(root, 'js-auth.js'), '');
    writeFileSync(join(root, 'py-auth.py'), '');
    writeFileSync(join(root, 'folder-auth', 'index.js'), '');
    writeFileSync(join(root, 'py-folder', 'index.py'), '');
    const r = bindFunctionsDir(root, ['js-auth', 'py-auth', 'folder-auth', 'py-folder', 'ghost', '../bind/js-auth']);
    expect(r.bound).toEqual([
      { name: 'js-auth', runtime: 'nodejs', path: join(root, 'js-auth.js') },
      { name: 'py-auth', runtime: 'python', path: join(root, 'py-auth.py') },
      { name: 'folder-auth', runtime: 'nodejs', path: join(root, 'folder-auth') },
      { name: 'py-folder', runtime: 'python', path: join(root, 'py-folder') },
    ]);
    expect(r.missing).toEqual(['ghost', '../bind/js-auth']);
  });
});

describe('runtimesDir', () => {
  it('finds resources/runtimes from the source tree, and honours APIG_WORKBENCH_RESOURCES', () => {
    expect(runtimesDir()).toMatch(/resources[\\/]runtimes$/);
    const saved = process.env.APIG_WORKBENCH_RESOURCES;
    try {
      process.env.APIG_WORKBENCH_RESOURCES = dir;
      expect(() => runtimesDir()).toThrow(/APIG_WORKBENCH_RESOURCES=.*node-runner\.cjs/);
      mkdirSync(join(dir, 'runtimes'));
      writeFileSync(join(dir, 'runtimes', 'node-runner.cjs'), '');
      expect(runtimesDir()).toBe(join(dir, 'runtimes'));
    } finally {
      if (saved === undefined) delete process.env.APIG_WORKBENCH_RESOURCES;
      else process.env.APIG_WORKBENCH_RESOURCES = saved;
    }
  });
});
