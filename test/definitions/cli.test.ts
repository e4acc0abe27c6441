import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../cli/run-cli';
import { tempDir } from './helpers';
import { SHARED_EXAMPLES } from '../shared-examples';

const EX = SHARED_EXAMPLES;

describe('apig-workbench import / export / check', () => {
  it('check passes a valid file with exit 0 and fails a broken one with file:line:column diagnostics', async () => {
    expect((await run('check', `${EX}/otc-docs_import-mock-none_swagger2.yaml`)).code).toBe(0);
    const dir = tempDir();
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'swagger: "2.0"\ninfo: {title: g_one}\npaths:\n  /a:\n    get: {operationId: a_api, x-apigateway-match-mode: EXACT}\n');
    const r = await run('check', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}:5:31: error: x-apigateway-match-mode 'EXACT' is not one of NORMAL, SWA (/paths/~1a/get/x-apigateway-match-mode)`);
  });

  it('check refuses a file above --max-size before reading it', async () => {
    const r = await run('check', `${EX}/otc-docs_import-mock-none_swagger2.yaml`, '--max-size', '100');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/file too large \(\d+ bytes, the limit is 100/);
  });

  it('import then export round-trips through a real workspace file', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'w.db');
    const imp = await run('import', `${EX}/otc-docs_import-http-iam_oas3.yaml`, '--db', db, '--publish', 'RELEASE');
    expect(imp.code).toBe(0);
    expect(imp.out).toContain('created GET /http/{userId} (getUser3)');
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const exp = await run('export', '--db', db, '--group', 'importHttpEndpoint10', '--define', 'proxy', '--oas', '3.0', '--format', 'yaml', '--version', 'v1', '-o', out);
    expect(exp.code).toBe(0);
    const file = path.join(out, 'importHttpEndpoint10-RELEASE-proxy-v1.yaml');
    expect(fs.readFileSync(file, 'utf8')).toContain('operationId: getUser3');
    const again = await run('import', file, '--db', db);
    expect(again.code).toBe(1);
    expect(again.err).toContain('the API group name already exists: importHttpEndpoint10 (APIG.3201)');
    expect(again.err).toContain('not imported, the workspace is unchanged');
  });

  it('rejects bad option values with usage exit code 2', async () => {
    expect((await run('import', `${EX}/otc-docs_import-mock-none_swagger2.yaml`, '--db', path.join(tempDir(), 'w.db'), '--api-mode', 'replace')).code).toBe(2);
    expect((await run('export', '--db', path.join(tempDir(), 'w.db'), '--group', 'x', '--define', 'full')).code).toBe(2);
  });
});

describe('check summary', () => {
  it("counts the file's APIs even when none of them can be read", async () => {
    const dir = tempDir();
    const file = path.join(dir, 'broken.yaml');
    const ops = Array.from({ length: 3 }, (_, i) => `  /p${i}:\n    get: {description: no operationId}\n    post: {description: none either}`).join('\n');
    fs.writeFileSync(file, `swagger: "2.0"\ninfo: {title: g_one}\npaths:\n${ops}\n`);
    const r = await run('check', file);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`${file}: 6 API(s), 6 error(s), 0 warning(s)`);
  });
});
