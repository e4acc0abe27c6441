/**
 * `npm run dist`: packages the workbench for users with electron-builder (see packaging.ts for how
 * the packaged app runs). Refuses in one line where Electron's binary is not installed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../browser/web-build';
import { stderrLogger } from '../../logger';
import { electronRuntime } from './electron-runtime';
import { PACKAGED_FOLDERS, builderConfig, cannotPackageLine, electronRebuildEnv, stagedManifest, type RootManifest } from './packaging';

async function main(): Promise<number> {
  const runtime = electronRuntime();
  if (!runtime.ready) {
    stderrLogger.error(cannotPackageLine(runtime.reason));
    return 1;
  }
  const require = createRequire(import.meta.url);
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
    execFileSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });

  run(npm, ['run', 'build'], REPO_ROOT);

  const stageDir = path.join(REPO_ROOT, 'dist', 'stage');
  fs.rmSync(stageDir, { recursive: true, force: true });
  fs.mkdirSync(stageDir, { recursive: true });
  for (const folder of PACKAGED_FOLDERS) fs.cpSync(path.join(REPO_ROOT, folder), path.join(stageDir, folder), { recursive: true });
  const root = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as RootManifest;
  fs.writeFileSync(path.join(stageDir, 'package.json'), `${JSON.stringify(stagedManifest(root), null, 2)}\n`);
  fs.copyFileSync(path.join(REPO_ROOT, 'package-lock.json'), path.join(stageDir, 'package-lock.json'));
  run(npm, ['ci', '--omit=dev', '--no-audit', '--no-fund'], stageDir);
  run(npm, ['rebuild', 'better-sqlite3'], stageDir, electronRebuildEnv(electronVersion));

  const { build } = await import('electron-builder');
  const outputDir = path.join(REPO_ROOT, 'dist', 'packages');
  await build({ config: builderConfig({ stageDir, outputDir, electronVersion, electronDist: path.dirname(runtime.binary) }) });
  process.stdout.write(`Packages written to ${outputDir}\n`);
  return 0;
}

process.exitCode = await main();
