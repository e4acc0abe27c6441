import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real sockets, SQLite files and python3 processes: keep parallelism modest on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    // A test file that leaves a server, worker, process, socket or timer open fails (see the file).
    setupFiles: ['test/setup/open-handles.ts'],
  },
});
