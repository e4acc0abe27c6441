/**
 * Plain Vite build of the renderer for the browser host (`npm run build:web`, or built on the fly by
 * the `app` command when out/web is missing). The same renderer is built for Electron by
 * electron.vite.config.ts; only the output directory differs.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./src-renderer', import.meta.url));
export const WEB_OUT_DIR = fileURLToPath(new URL('./out/web', import.meta.url));

export default defineConfig({
  root,
  // Served at the root of http://127.0.0.1:PORT/.
  base: '/',
  plugins: [react()],
  build: {
    outDir: WEB_OUT_DIR,
    emptyOutDir: true,
    // Monaco is large; the warning would fire on every build without telling anyone anything new.
    chunkSizeWarningLimit: 8000,
  },
});
