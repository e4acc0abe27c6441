/** Worker threads that run one of the core's TypeScript modules (see ts-worker-boot.mjs for why a boot file). */
import { Worker, type WorkerOptions } from 'node:worker_threads';

const BOOT = new URL('./ts-worker-boot.mjs', import.meta.url);

/** Starts `entry` (a module URL) on a worker thread; the worker does not inherit the parent's Node flags. */
export function tsWorker(entry: URL, options: Omit<WorkerOptions, 'argv' | 'execArgv'> = {}): Worker {
  return new Worker(BOOT, { ...options, execArgv: [], argv: [entry.href] });
}
