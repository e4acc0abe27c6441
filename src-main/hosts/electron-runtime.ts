/**
 * Node side of the Electron shell: is Electron's runtime installed here, is the shell built, and
 * launching it. `electron` is an optional dependency whose binary is downloaded by its install script;
 * where that download is impossible the package (or its binary) is missing and `npm start` falls back
 * to the browser host.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './browser-host/web-build';
import { CORE_TOKEN_ENV, CORE_URL_ENV, type CoreEndpoint } from './core-endpoint';

/** The Electron binary's path, when both the package and its downloaded binary exist. */
export function findElectronBinary(): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    require.resolve('electron');
  } catch {
    return undefined;
  }
  try {
    // In plain Node, the electron package's main module exports the path of the downloaded binary
    // (and throws when the download never happened).
    const binary: unknown = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const SHELL_FILES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

/** Builds the Electron shell (electron-vite) unless all its outputs exist. */
export async function ensureElectronBuild(log: (line: string) => void): Promise<void> {
  if (SHELL_FILES.every((f) => fs.existsSync(path.join(REPO_ROOT, f)))) return;
  log('The Electron shell is not built yet: building it once with electron-vite…');
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
