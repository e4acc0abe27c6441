/** Messages between TraceWriterThread (the gateway's thread) and its worker (worker.ts). */
import type { TraceRecord } from '../../../src-shared/trace';

export interface TraceWriterData {
  /** The workspace database: the worker opens its own connection (WAL lets it write beside the main one). */
  file: string;
  /**
   * One Int32 at DONE_SLOT: the number of the last batch the worker has finished, written or failed,
   * with STOPPED_BIT set once the worker has ended.
   */
  done: SharedArrayBuffer;
}

export const DONE_SLOT = 0;
/** Batch numbers stay below it (a billion batches). */
export const STOPPED_BIT = 1 << 30;

/**
 * The worker's side of STOPPED_BIT: whatever ends it (an uncaught error, a close), the word at
 * DONE_SLOT says so and wakes a drain() blocked on it. While the gateway's thread is blocked there,
 * the worker's 'exit' event cannot reach it; without this it would wait out drain()'s whole timeout.
 */
export function reportStopOnExit(done: Int32Array): void {
  process.on('exit', () => {
    Atomics.or(done, DONE_SLOT, STOPPED_BIT);
    Atomics.notify(done, DONE_SLOT);
  });
}

export type TraceWriterRequest =
  /** `batch` counts up from 1; the worker finishes batches in the order they are sent. */
  | { t: 'append'; batch: number; records: TraceRecord[] }
  /** Closes the worker's connection; the worker then ends. */
  | { t: 'close' };

export type TraceWriterReply = { t: 'failed'; batch: number; rows: number; message: string };
