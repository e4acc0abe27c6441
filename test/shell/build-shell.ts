/**
 * Builds the Electron shell (main, preload, renderer) from the current sources into a temporary
 * folder with electron-vite, in a child process as `npm run build` does, so the shell tests check
 * what the sources build today rather than a stale out/.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../src-main/hosts/browser/web-build';

export interface BuiltShell {
  /** Plays the role of the app folder: `out/` inside it holds the build. */
  appPath: string;
  mainFile: string;
  preloadFile: string;
  rendererDir: string;
  remove(): void;
}

export async function buildShell(): Promise<BuiltShell> {
  const appPath = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-shell-'));
  // The main bundle is an ES module, as in the package (whose package.json says "type": "module").
  fs.writeFileSync(path.join(appPath, 'package.json'), JSON.stringify({ type: 'module' }));
  // The package's bin (its exports map does not expose bin/ to require.resolve).
  const cli = path.join(path.dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  await promisify(execFile)(process.execPath, [cli, 'build'], {
    cwd: REPO_ROOT,
    env: { ...process.env, APIG_WORKBENCH_SHELL_OUT: path.join(appPath, 'out') },
    maxBuffer: 16 * 1024 * 1024,
  });
  return {
    appPath,
    mainFile: path.join(appPath, 'out', 'main', 'index.js'),
    preloadFile: path.join(appPath, 'out', 'preload', 'index.cjs'),
    rendererDir: path.join(appPath, 'out', 'renderer'),
    remove: () => fs.rmSync(appPath, { recursive: true, force: true }),
  };
}
