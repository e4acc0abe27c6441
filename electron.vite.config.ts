/**
 * electron-vite build of the Electron shell: main and preload from src-main/hosts/electron, the renderer
 * from src-renderer (the same sources vite.web.config.ts builds for the browser host).
 *
 * Output: out/main/index.js (package.json "main"), out/preload/index.cjs, out/renderer/. The shell tests
 * build into a temporary folder instead (APIG_WORKBENCH_SHELL_OUT), so they always test the sources.
 * The core (store, gateway, better-sqlite3) is NOT bundled into the Electron main process: it runs in the
 * Node process that launched Electron (see src-main/hosts/electron/main.ts for why).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const outRoot = process.env.APIG_WORKBENCH_SHELL_OUT ?? here('./out');

export default defineConfig({
  main: {
    build: {
      outDir: `${outRoot}/main`,
      rollupOptions: { input: { index: here('./src-main/hosts/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: `${outRoot}/preload`,
      // Bundle what the preload uses from node_modules (valibot, through the contract's method list):
      // a sandboxed preload can require nothing but electron.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: here('./src-main/hosts/electron/preload.ts') },
        // A sandboxed preload must be CommonJS and self-contained (it cannot import other files).
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: here('./src-renderer'),
    plugins: [react()],
    build: {
      outDir: `${outRoot}/renderer`,
      chunkSizeWarningLimit: 8000,
      rollupOptions: { input: { index: here('./src-renderer/index.html') } },
    },
  },
});
