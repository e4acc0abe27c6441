/** Messages between TraceWriterThread (the gateway's thread) and its worker (worker.ts). */
import type { TraceRecord } from '../../../src-shared/trace';

export interface TraceWriterData {
  /** The workspace database: the worker opens its own connection (WAL lets it write beside the main one). */
  file: string;
  /** One Int32 at DONE_SLOT: the number of the last batch the worker has finished, written or failed. */
  done: SharedArrayBuffer;
}

export const DONE_SLOT = 0;

export type TraceWriterRequest =
  /** `batch` counts up from 1; the worker finishes batches in the order they are sent. */
  | { t: 'append'; batch: number; records: TraceRecord[] }
  /** Closes the worker's connection; the worker then ends. */
  | { t: 'close' };

export type TraceWriterReply = { t: 'failed'; batch: number; rows: number; message: string };
