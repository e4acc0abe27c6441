/**
 * What `npm run dist` packages, as plain data: the staged app's package.json and electron-builder's
 * configuration. Kept apart from dist.ts (which copies files and runs tools) so it can be tested here,
 * where Electron's binary, and so packaging itself, is not available.
 *
 * How the packaged app runs: the shell (out/main) starts the core from bin/apig-workbench.mjs on
 * Electron's own binary as plain Node (ELECTRON_RUN_AS_NODE, see main.ts spawnCore), so users need
 * no Node.js. The core is the same TypeScript the checkout runs (through tsx, a production
 * dependency), and better-sqlite3 in the packaged copy is rebuilt for Electron's ABI; the checkout's
 * own node_modules are never touched, so tests and the CLI keep working after a dist.
 */

import type { Configuration } from 'electron-builder';

/** Folders of the checkout that the packaged app needs at run time (the core, its runtimes, the shell build). */
export const PACKAGED_FOLDERS = ['bin', 'src-main', 'src-shared', 'resources', 'out'] as const;

export interface RootManifest {
  name: string;
  version: string;
  description?: string;
  main: string;
  type?: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}

/** The staged app's package.json: production dependencies only, and their install-script policy. */
export function stagedManifest(root: RootManifest): RootManifest & { private: true } {
  const dependencies = root.dependencies ?? {};
  const allowScripts = Object.fromEntries(Object.entries(root.allowScripts ?? {}).filter(([name]) => name in dependencies));
  return {
    name: root.name,
    version: root.version,
    description: root.description,
    private: true,
    main: root.main,
    type: root.type,
    engines: root.engines,
    dependencies,
    allowScripts,
  };
}

/**
 * Environment that makes `npm rebuild better-sqlite3` build (or fetch a prebuilt binary) for
 * Electron instead of Node: the method Electron's "Native Node Modules" guide gives for npm.
 */
export function electronRebuildEnv(electronVersion: string): Record<string, string> {
  return {
    npm_config_runtime: 'electron',
    npm_config_target: electronVersion,
    npm_config_disturl: 'https://electronjs.org/headers',
  };
}

export interface BuilderOptions {
  stageDir: string;
  outputDir: string;
  electronVersion: string;
  /** The installed Electron distribution (this platform's), so electron-builder need not download it. */
  electronDist: string;
}

/** electron-builder configuration: AppImage and deb on Linux, dmg on macOS, an NSIS installer on Windows. */
export function builderConfig(options: BuilderOptions): Configuration {
  return {
    appId: 'dev.apig-workbench.app',
    productName: 'APIG Workbench',
    directories: { app: options.stageDir, output: options.outputDir },
    electronVersion: options.electronVersion,
    electronDist: options.electronDist,
    // The core runs from real files (tsx compiles src-main on load; python3 reads resources/runtimes).
    asar: false,
    // better-sqlite3 was rebuilt for Electron in the stage already (electronRebuildEnv).
    npmRebuild: false,
    files: ['**/*'],
    linux: { target: ['AppImage', 'deb'], category: 'Development', maintainer: 'APIG Workbench' },
    mac: { target: ['dmg'], category: 'public.app-category.developer-tools' },
    win: { target: ['nsis'] },
  };
}

/** The one line `npm run dist` prints where it cannot package. */
export function cannotPackageLine(reason: string): string {
  return `npm run dist: cannot package here: Electron's runtime is not installed (${reason}); run npm start once where github.com (or your ELECTRON_MIRROR) is reachable, then retry`;
}
