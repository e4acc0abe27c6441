import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition up to 10 s (vitest's default, 1 s, is a race on a loaded
    // machine: an SSE event, a 150 ms batch and a fetch can take longer); the same bound as the e2e
    // harness's locator timeout. A poll that passes returns at once.
    expect: { poll: { timeout: 10_000 } },
    // Real sockets, SQLite files and python3 processes: keep parallelism modest on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    // A test file that leaves a server, worker, process, socket or timer open fails (see the file).
    setupFiles: ['test/setup/open-handles.ts'],
  },
});
