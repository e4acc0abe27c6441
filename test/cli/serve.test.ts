import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(__dirname, '..', '..', 'bin', 'apig-workbench.mjs');

function run(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

/** Resolves with the URL `serve` prints once it listens; rejects if it exits first. */
function listeningUrl(serve: ReturnType<typeof run>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(serve.out());
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    serve.exited.then(() => {
      clearInterval(timer);
      reject(new Error(`serve exited early: ${serve.err()}`));
    });
  });
}

describe('apig-workbench serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints where it listens, serves the workspace, and stops cleanly on Ctrl-C', async () => {
    const db = join(dir, 'sample.db');
    const sample = run(['sample', '--db', db]);
    expect(await sample.exited).toBe(0);

    const serve = run(['serve', '--db', db, '--port', '0']);
    const url = await listeningUrl(serve);
    const res = await request(`${url}/status`);
    expect(await res.body.json()).toEqual({ status: 'ok' });
    // The guide's Python authorizer leaves a warm python3 instance behind: closing must still wait
    // for it (it used to end the process mid-close with exit code 13).
    const guide = await request(`${url}/guide`, { headers: { test: 'abc' } });
    await guide.body.text();
    expect(guide.statusCode).toBe(200);

    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
    expect(serve.out()).toContain('stopping');
  });

  it('a second process opening a workspace in use gets a clear message', async () => {
    const db = join(dir, 'busy.db');
    const first = run(['serve', '--db', db, '--port', '0']);
    await listeningUrl(first);
    const second = run(['serve', '--db', db, '--port', '0']);
    expect(await second.exited).toBe(1);
    expect(second.err()).toMatch(/in use by another process/);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
  });

  it('serve --import imports a definition, binds its function code, publishes and serves it', async () => {
    const fs = await import('node:fs');
    const fnDir = join(dir, 'functions');
    fs.mkdirSync(fnDir, { recursive: true });
    fs.writeFileSync(
      join(fnDir, 'custom-auth.js'),
      `exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ status: e.headers['x-token'] === 'ok' ? 'allow' : 'deny' }) });`,
    );
    const file = join(dir, 'api.yaml');
    fs.writeFileSync(
      file,
      [
        'swagger: "2.0"',
        'info: {title: imported_group, version: "1"}',
        'paths:',
        '  /hello:',
        '    get:',
        '      operationId: hello_api',
        '      security: [{custom_auth: []}]',
        '      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: hi}}',
        'securityDefinitions:',
        '  custom_auth:',
        '    {type: apiKey, name: unused, in: header, x-apigateway-auth-type: AUTHORIZER,',
        '     x-apigateway-authorizer: {type: FRONTEND, authorizer_type: FUNC,',
        '       authorizer_uri: "urn:fss:r:p:function:default:custom-auth:latest", identities: [{name: x-token, location: HEADER}]}}',
      ].join('\n'),
    );
    const serve = run(['serve', '--db', join(dir, 'imported.db'), '--port', '0', '--import', file, '--functions', fnDir]);
    const url = await listeningUrl(serve);
    expect(serve.out()).toContain('function custom-auth: created');
    expect((await request(`${url}/hello`, { headers: { 'x-token': 'ok' } })).statusCode).toBe(200);
    expect((await request(`${url}/hello`, { headers: { 'x-token': 'no' } })).statusCode).toBe(500);
    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
  });

  it('an unknown command and a missing flag are usage errors', async () => {
    const unknown = run(['frobnicate']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.err()).toContain("unknown command 'frobnicate'");
    const missing = run(['serve']);
    expect(await missing.exited).toBe(2);
    expect(missing.err()).toContain('--db is required');
  });
});
