// Lint, including the zone boundaries of DESIGN.md: src-shared is pure, the renderer never
// reaches Node or the main process, and the core never imports Electron.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', 'crypto', 'worker_threads'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.tmp/**', 'test-results/**', 'test/bench/peer/**', 'resources/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'src-shared is pure: no Node built-ins.' },
            { group: ['electron', '**/src-main/**', '**/src-renderer/**', 'react', 'monaco-editor'], message: 'src-shared imports nothing host-specific.' },
          ],
        },
      ],
    },
  },
  {
    // The rules of hooks, and every effect, memo and callback naming what it reads: a stale closure is
    // a bug that shows only sometimes. Plus v7's React Compiler checks (refs read during render,
    // setState called straight from an effect, impure calls during render).
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs in a browser sandbox: no Node built-ins.' },
            { group: ['electron', '**/src-main/**'], message: 'The renderer talks to the core only through src-shared/contract.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/hosts/electron/**'],
    rules: {
      // The `electron` module itself; the shell's Node-side launcher (hosts/electron/electron-runtime.ts)
      // is plain Node and is what the CLI's `app` command starts the shell with.
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The core runs in plain Node: Electron stays in src-main/hosts/electron.' }],
          patterns: [{ group: ['**/src-renderer/**'], message: 'The core talks to the UI only through the contract.' }],
        },
      ],
    },
  },
);
