/**
 * The renderer's browser build (out/web). When it is missing the host builds it once with Vite, so
 * `npm start` works straight after `npm install`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../logger';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_OUT_DIR = path.join(REPO_ROOT, 'out', 'web');
const WEB_CONFIG = path.join(REPO_ROOT, 'vite.web.config.ts');
const RENDERER_ENTRY = path.join(REPO_ROOT, 'src-renderer', 'index.html');

export function hasWebBuild(dir: string = WEB_OUT_DIR): boolean {
  return fs.existsSync(path.join(dir, 'index.html'));
}

/** Builds out/web with vite.web.config.ts unless it is there already. Returns the directory. */
export async function ensureWebBuild(log: Logger, dir: string = WEB_OUT_DIR): Promise<string> {
  if (hasWebBuild(dir)) return dir;
  if (!fs.existsSync(RENDERER_ENTRY)) {
    throw new Error(`cannot build the workbench UI: ${path.relative(REPO_ROOT, RENDERER_ENTRY)} does not exist`);
  }
  log.info(`The workbench UI is not built yet (${path.relative(REPO_ROOT, dir)}/ is missing): building it once with Vite…`);
  const { build } = await import('vite');
  await build({ configFile: WEB_CONFIG, logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  if (!hasWebBuild(dir)) throw new Error(`Vite finished but ${dir}/index.html was not produced`);
  return dir;
}

