/**
 * `npm start` (= `apig-workbench app`) where Electron is not installed: one line says so, the browser
 * host serves the UI on the printed URL, and the sample workspace is created once and remembered.
 * Runs the real CLI in a child process with a temporary home directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { TOKEN_COOKIE, TOKEN_HEADER } from '../../src-shared/contract';
import { findElectronBinary } from '../../src-main/hosts/electron/electron-runtime';
import { REPO_ROOT } from '../../src-main/hosts/browser/web-build';

const electronHere = findElectronBinary() !== undefined;

interface Launched {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  url: URL;
  token: string;
}

let tmp: string;
let webDir: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-app-'));
  webDir = path.join(tmp, 'web');
  fs.mkdirSync(webDir);
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>APIG Workbench UI</title>');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function launch(extra: string[] = [], options: { open?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Launched> {
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'bin', 'apig-workbench.mjs'),
      'app',
      ...(options.open ? [] : ['--no-open']),
      '--port',
      '0',
      '--gateway-port',
      '0',
      ...(electronHere ? ['--browser'] : []),
      ...extra,
    ],
    {
      env: {
        ...process.env,
        APIG_WORKBENCH_HOME: path.join(tmp, 'home'),
        APIG_WORKBENCH_WEB_DIR: webDir,
        // Where the electron package is installed without its binary, `app` tries the download once:
        // point it at a closed local port so the attempt fails at once, network or not.
        ELECTRON_MIRROR: 'http://127.0.0.1:1/',
        electron_config_cache: path.join(tmp, 'electron-cache'),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before printing its URL:\n${[...stdout, ...stderr].join('\n')}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout.push(line);
      const m = /^APIG Workbench: (http:\/\/\S+)$/.exec(line);
      if (m) {
        const url = new URL(m[1]);
        resolve({ child, stdout, stderr, url, token: url.searchParams.get('token')! });
      }
    });
  });
}

async function stop(app: Launched): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)));
  app.child.kill('SIGTERM');
  return exited;
}

async function call(app: Launched, method: string, args: unknown = {}) {
  const res = await request(`${app.url.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: app.token },
    body: JSON.stringify(args),
  });
  return (await res.body.json()) as any;
}

describe('app command (browser fallback)', () => {
  it('says in one line that Electron is missing, serves the UI on the printed URL, and opens the sample', async () => {
    const app = await launch();
    try {
      if (electronHere) expect(app.stdout[0]).toBe('Serving the workbench in your browser (--browser)');
      else
        expect(app.stdout[0]).toMatch(
          /^Electron runtime not installed here \((the electron package is not installed|its binary has not been downloaded and its download failed: RequestError: connect ECONNREFUSED 127\.0\.0\.1:1)\); serving the workbench in your browser instead$/,
        );
      expect(app.url.hostname).toBe('127.0.0.1');
      expect(app.token.length).toBeGreaterThanOrEqual(32);

      const page = await request(app.url.href);
      expect(page.statusCode).toBe(200);
      expect(await page.body.text()).toContain('APIG Workbench UI');

      const info = await call(app, 'workspaceInfo');
      expect(info.result.file).toBe(path.join(tmp, 'home', 'workspaces', 'sample.db'));
      expect(info.result.fromSample).toBe(true);
      expect(info.result.gateway.running).toBe(true);
      const groups = await call(app, 'listGroups');
      expect(groups.result.map((g: { name: string }) => g.name)).toContain('sample_shop');
    } finally {
      expect(await stop(app)).toBe(0);
    }
  });

  it('opens the browser on a one-time launch code, never the token: no process command line holds it', async () => {
    // A stand-in for xdg-open on PATH: records its arguments and its pid, then stays alive as a real opener might.
    const bin = path.join(tmp, 'opener-bin');
    const record = path.join(tmp, 'opened.txt');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n%s\\n' "$$" "$*" > "${record}.tmp" && mv "${record}.tmp" "${record}"\nsleep 60\n`, { mode: 0o755 });
    const app = await launch([], { open: true, env: { PATH: `${bin}:${process.env.PATH}` } });
    let openerPid: number | undefined;
    try {
      await expect.poll(() => fs.existsSync(record), { timeout: 20_000 }).toBe(true);
      const [pid, opened] = fs.readFileSync(record, 'utf8').trim().split('\n');
      openerPid = Number(pid);
      expect(opened).not.toContain(app.token);
      const launchUrl = new URL(opened);
      expect(launchUrl.pathname).toBe('/launch');

      // Every command line on the machine, the opener's included (it is still running).
      const cmdlines = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => {
        try {
          return fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
        } catch {
          return ''; // the process ended while we looked
        }
      });
      expect(cmdlines.some((c) => c.includes(launchUrl.searchParams.get('code')!))).toBe(true);
      expect(cmdlines.filter((c) => c.includes(app.token))).toEqual([]);

      // The code buys the token once, as an HttpOnly, SameSite=Strict cookie that the API accepts.
      const exchanged = await request(launchUrl.href);
      expect(exchanged.statusCode).toBe(303);
      expect(exchanged.headers.location).toBe('/');
      const cookies = ([] as string[]).concat(exchanged.headers['set-cookie'] ?? []);
      const tokenCookie = cookies.find((c) => c.startsWith(`${TOKEN_COOKIE}=`))!;
      expect(tokenCookie).toMatch(/; HttpOnly; Path=\/; SameSite=Strict$/);
      const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
      const viaCookie = await request(`${app.url.origin}/api/workspaceInfo`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
      expect(viaCookie.statusCode).toBe(200);
      await viaCookie.body.dump();
      const again = await request(launchUrl.href);
      expect(again.statusCode).toBe(401);
      expect(await again.body.text()).toContain('already used or has expired');
    } finally {
      // The opener runs detached, in its own process group: end the shell and its sleep together.
      if (openerPid) process.kill(-openerPid);
      expect(await stop(app)).toBe(0);
    }
  });

  it('reopens the last workspace on the next launch instead of creating the sample again', async () => {
    const other = path.join(tmp, 'mine.db');
    const first = await launch(['--db', other]);
    try {
      expect((await call(first, 'workspaceInfo')).result.file).toBe(other);
    } finally {
      await stop(first);
    }
    const second = await launch();
    try {
      const info = (await call(second, 'workspaceInfo')).result;
      expect(info.file).toBe(other);
      expect(info.recent.slice(0, 2)).toEqual([other, path.join(tmp, 'home', 'workspaces', 'sample.db')]);
      expect(second.stderr.join('\n')).not.toContain('from the sample workspace');
    } finally {
      await stop(second);
    }
  });

  it('refuses a bad --port with a usage error', async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'apig-workbench.mjs'), 'app', '--port', 'abc'], {
      env: { ...process.env, APIG_WORKBENCH_HOME: path.join(tmp, 'home') },
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--port must be 0–65535, got abc');
  });
});
