/**
 * Node side of the Electron shell: is Electron's runtime installed here, is the shell built, and
 * launching it. `npm install` keeps the `electron` package (types, version, install script) but does
 * not run its binary download (package.json `allowScripts`: electron false), because that download
 * fails where github.com is unreachable and npm would then drop the whole package. `npm start` tries
 * the download once when the binary is missing, and falls back to the browser host if it fails.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../browser/web-build';
import { CORE_TOKEN_ENV, CORE_URL_ENV, type CoreEndpoint } from './core-endpoint';
import type { Logger } from '../../logger';

const require = createRequire(import.meta.url);

/** Where Electron's runtime stands here: its binary, or why there is none (a few words). */
export type ElectronRuntime = { ready: true; binary: string } | { ready: false; packageInstalled: boolean; reason: string };

export function electronRuntime(): ElectronRuntime {
  try {
    require.resolve('electron');
  } catch {
    return { ready: false, packageInstalled: false, reason: 'the electron package is not installed' };
  }
  try {
    // In plain Node, the electron package's main module exports the path of the downloaded binary
    // (and throws when the download never happened).
    const binary: unknown = require('electron');
    if (typeof binary === 'string' && fs.existsSync(binary)) return { ready: true, binary };
  } catch {
    // Falls through: the package is there, its binary is not.
  }
  return { ready: false, packageInstalled: true, reason: "its binary has not been downloaded" };
}

/** The Electron binary's path, when both the package and its downloaded binary exist. */
export function findElectronBinary(): string | undefined {
  const runtime = electronRuntime();
  return runtime.ready ? runtime.binary : undefined;
}

/** Set to 0 to never try the download (offline machines, CI). */
export const ELECTRON_DOWNLOAD_ENV = 'APIG_WORKBENCH_ELECTRON_DOWNLOAD';

/**
 * Runs the electron package's own install script (the download npm install skipped). It honours
 * the usual ELECTRON_MIRROR / electron_config_cache settings. Resolves with the reason on failure:
 * the script's last error line, e.g. "RequestError: getaddrinfo ENOTFOUND github.com".
 */
export function downloadElectronBinary(log: Logger, timeoutMs = 10 * 60_000): Promise<{ ok: true } | { ok: false; reason: string }> {
  const script = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8192)));
  const slow = setTimeout(() => log.info("Downloading Electron's runtime (npm install skipped it)…"), 2000);
  const deadline = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    const done = (result: { ok: true } | { ok: false; reason: string }) => {
      clearTimeout(slow);
      clearTimeout(deadline);
      resolve(result);
    };
    child.once('error', (error) => done({ ok: false, reason: `its download could not start: ${error.message}` }));
    child.once('exit', (code, signal) => {
      if (code === 0) return done({ ok: true });
      const errorLine = stderr.split('\n').find((line) => /^\w*Error\b/.test(line.trim()))?.trim();
      done({ ok: false, reason: `its download failed: ${errorLine ?? (signal ? `stopped by ${signal}` : `exit code ${code}`)}` });
    });
  });
}

const SHELL_FILES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

/** Builds the Electron shell (electron-vite) unless all its outputs exist. */
export async function ensureElectronBuild(log: Logger): Promise<void> {
  if (SHELL_FILES.every((f) => fs.existsSync(path.join(REPO_ROOT, f)))) return;
  log.info('The Electron shell is not built yet: building it once with electron-vite…');
  const { build } = await import('electron-vite');
  await build({ configFile: path.join(REPO_ROOT, 'electron.vite.config.ts'), logLevel: 'warn' });
}

/** Runs Electron on this package, pointed at the running core; resolves with its exit code. */
export function runElectron(binary: string, core: CoreEndpoint): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, [CORE_URL_ENV]: core.url, [CORE_TOKEN_ENV]: core.token };
  // Set in some shells/CI; it would make Electron behave as plain Node and never open a window.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [REPO_ROOT], { stdio: 'inherit', env });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
