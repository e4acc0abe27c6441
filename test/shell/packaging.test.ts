/**
 * `npm run dist`: what it would package (the staged manifest, electron-builder's configuration), and
 * its one-line refusal where Electron's binary is not installed (as on this machine).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src-main/hosts/browser/web-build';
import { findElectronBinary } from '../../src-main/hosts/electron/electron-runtime';
import { PACKAGED_FOLDERS, builderConfig, electronRebuildEnv, stagedManifest, type RootManifest } from '../../src-main/hosts/electron/packaging';

const root = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as RootManifest & { devDependencies: Record<string, string>; optionalDependencies: Record<string, string> };

describe('npm run dist', () => {
  it('stages production dependencies only, with their install-script policy, and the shell as main', () => {
    const staged = stagedManifest(root);
    expect(staged.dependencies).toEqual(root.dependencies);
    for (const dev of [...Object.keys(root.devDependencies), ...Object.keys(root.optionalDependencies)]) expect(staged.dependencies).not.toHaveProperty(dev);
    expect(Object.keys(staged.allowScripts ?? {}).every((name) => name in root.dependencies!)).toBe(true);
    expect(staged.allowScripts).toHaveProperty('better-sqlite3', true);
    expect(staged.main).toBe('out/main/index.js');
    expect(staged.type).toBe('module');
  });

  it('packages everything the packaged core runs from: the CLI entry, the sources tsx loads, the runtimes', () => {
    for (const folder of PACKAGED_FOLDERS.filter((f) => f !== 'out')) expect(fs.existsSync(path.join(REPO_ROOT, folder)), folder).toBe(true);
    expect(PACKAGED_FOLDERS).toEqual(expect.arrayContaining(['bin', 'src-main', 'src-shared', 'resources', 'out']));
    expect(fs.existsSync(path.join(REPO_ROOT, 'resources', 'runtimes'))).toBe(true);
    expect(root.dependencies).toHaveProperty('tsx');
  });

  it('builds AppImage/deb, dmg and NSIS targets from real files, with better-sqlite3 rebuilt for Electron beforehand', () => {
    const config = builderConfig({ stageDir: '/s', outputDir: '/o', electronVersion: '38.8.6', electronDist: '/e' });
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.asar).toBe(false);
    expect(config.npmRebuild).toBe(false);
    expect(config.directories).toEqual({ app: '/s', output: '/o' });
    expect(electronRebuildEnv('38.8.6')).toEqual({ npm_config_runtime: 'electron', npm_config_target: '38.8.6', npm_config_disturl: 'https://electronjs.org/headers' });
  });

  it.skipIf(findElectronBinary() !== undefined)('refuses in one line, exit code 1, where Electron’s binary is not installed', async () => {
    const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src-main/hosts/electron/dist.ts')], { cwd: REPO_ROOT }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^npm run dist: cannot package here: Electron's runtime is not installed \(.+\); run npm start once where github\.com/);
    expect(fs.existsSync(path.join(REPO_ROOT, 'dist', 'stage'))).toBe(false);
  });
});
