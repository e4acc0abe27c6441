/**
 * The open-handle check (open-handles.ts) can fail: vitest, run on the fixtures in ./fixtures,
 * fails each file that leaves a server, an unref()'d worker, an unref()'d child process or an
 * interval behind, names what was left, and passes the file that closes the same things.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

interface JsonReport {
  testResults: { name: string; status: 'passed' | 'failed'; message: string }[];
}

describe('the open-handle check', () => {
  let dir: string;
  let results: Map<string, { status: string; message: string }>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apigw-open-handles-'));
    const out = join(dir, 'report.json');
    const child = spawn(
      process.execPath,
      [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/setup/fixtures/vitest.config.ts', '--reporter=json', `--outputFile=${out}`],
      { cwd: root, stdio: 'ignore' },
    );
    await new Promise((done) => child.once('exit', done));
    const report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
    results = new Map(report.testResults.map((r) => [r.name.split('/').pop()!, r]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails a file that leaves a server listening, naming its address', () => {
    const r = results.get('leaves-server.leak.ts')!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/Server listening on 127\.0\.0\.1:\d+/);
  });

  it('fails a file that leaves an unref()d worker thread running', () => {
    const r = results.get('leaves-unref-worker.leak.ts')!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/worker thread \d+ still running/);
  });

  it('fails a file that leaves an unref()d child process running, naming its pid', () => {
    const r = results.get('leaves-child.leak.ts')!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/child process \d+ \(.*node -e .*\) still running/);
  });

  it('fails a file that leaves an interval set', () => {
    const r = results.get('leaves-interval.leak.ts')!;
    expect(r.status).toBe('failed');
    expect(r.message).toContain('setInterval every 60000 ms');
  });

  it('passes a file that closes the same things, some without awaiting the close', () => {
    expect(results.get('closes-everything.leak.ts')).toMatchObject({ status: 'passed' });
  });
});
