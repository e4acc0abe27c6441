/**
 * Where the gateway's traces go to be stored: a worker thread with its own connection to the
 * workspace, so that building each row's JSON and inserting it is not paid by the thread that
 * serves the gateway. Measured with test/bench/trace-write-cost.ts: storing a row on the gateway's
 * thread cost it 36 µs (no auth) and 65 µs (JS authorizer); handing it over (a structured clone, in
 * batches of 100) costs 12 and 19 µs.
 *
 * Writes are fire-and-forget, but `drain()` waits, blocking, until the worker has finished every
 * batch sent: a caller that flushes and then reads the table (listing traces, clearing them,
 * stopping the gateway) sees every row, exactly as when the rows were written on its own thread.
 *
 * The worker is started on first write. If it cannot start or stops, the writes (including those
 * it had not finished) go through the main connection instead, and the reason is reported.
 */
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type { TraceRecord } from '../../../src-shared/trace';
import { tsWorker } from '../../platform/ts-worker';
import type { TracesRepo } from '../repos/traces';
import { DONE_SLOT, STOPPED_BIT, type TraceWriterData, type TraceWriterReply, type TraceWriterRequest } from './protocol';

const WORKER_ENTRY = new URL('./worker.ts', import.meta.url);

export interface TraceWriterOptions {
  /** The workspace database file. */
  file: string;
  /** The main connection's traces: retention is read from it, and writes fall back to it. */
  inThread: Pick<TracesRepo, 'append' | 'retention'>;
  /** A batch the worker could not write, or the worker itself failing. */
  onError(error: Error): void;
  /** How long `drain()` waits for the worker before giving up and saying so. */
  drainTimeoutMs?: number;
  /** The worker's module; tests replace it to make the worker fail. */
  entry?: URL;
}

interface SentBatch {
  batch: number;
  records: TraceRecord[];
}

export class TraceWriterThread {
  private worker: Worker | undefined;
  /** The worker's progress, readable (and waitable) while this thread is blocked in drain(). */
  private readonly done = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  /** The number of the last batch sent. */
  private sent = 0;
  /** Sent and not yet finished: written here instead if the worker stops before finishing them. */
  private unfinished: SentBatch[] = [];
  /** Set when the worker failed or the writer closed: every write then goes through the main connection. */
  private inThreadOnly = false;
  private readonly drainTimeoutMs: number;

  constructor(private readonly options: TraceWriterOptions) {
    this.drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  }

  retention(): number {
    return this.options.inThread.retention();
  }

  append(records: TraceRecord[]): void {
    if (records.length === 0) return;
    if (this.inThreadOnly) {
      this.options.inThread.append(records);
      return;
    }
    this.forgetFinished();
    const batch = ++this.sent;
    this.unfinished.push({ batch, records });
    this.ensureWorker().postMessage({ t: 'append', batch, records } satisfies TraceWriterRequest);
  }

  /**
   * Returns once every batch sent is finished, or the worker has ended (then what it had not
   * finished is written here), or it has not answered in time (which is reported).
   */
  drain(): void {
    const deadline = performance.now() + this.drainTimeoutMs;
    for (let word = this.doneWord(); (word & ~STOPPED_BIT) < this.sent && this.worker; word = this.doneWord()) {
      const finished = word & ~STOPPED_BIT;
      if (word & STOPPED_BIT) {
        // It ended while this thread was blocked here, so its 'exit' event has not been handled yet.
        this.stopped(this.worker, new Error(`it ended with ${this.sent - finished} batch(es) of traces unfinished`));
        break;
      }
      const left = deadline - performance.now();
      // Waits while the word is unchanged: a finished batch or the worker's end wakes it.
      if (left <= 0 || Atomics.wait(this.done, DONE_SLOT, word, left) === 'timed-out') {
        this.options.onError(new Error(`the trace writer thread has not finished ${this.sent - finished} batch(es) of traces in ${this.drainTimeoutMs} ms; the newest traces may be missing from the list until it does`));
        return;
      }
    }
    this.forgetFinished();
  }

  /** Drains, then stops the worker; later writes (there should be none) go through the main connection. */
  async close(): Promise<void> {
    this.drain();
    this.inThreadOnly = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = once(worker, 'exit');
    // Unref'd while idle; waiting for its end must keep the process alive (else a CLI's top-level await never settles).
    worker.ref();
    worker.postMessage({ t: 'close' } satisfies TraceWriterRequest);
    await exited;
  }

  /** The last batch the worker finished, and STOPPED_BIT once it has ended (see protocol.ts). */
  private doneWord(): number {
    return Atomics.load(this.done, DONE_SLOT);
  }

  private finished(): number {
    return this.doneWord() & ~STOPPED_BIT;
  }

  private forgetFinished(): void {
    const finished = this.finished();
    let i = 0;
    while (i < this.unfinished.length && this.unfinished[i].batch <= finished) i++;
    if (i > 0) this.unfinished = this.unfinished.slice(i);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const workerData: TraceWriterData = { file: this.options.file, done: this.done.buffer as SharedArrayBuffer };
    const worker = tsWorker(this.options.entry ?? WORKER_ENTRY, { workerData });
    // Waiting traces are drained on close; an idle writer must not keep a CLI process alive.
    worker.unref();
    worker.on('message', (reply: TraceWriterReply) => {
      this.options.onError(new Error(`could not store ${reply.rows} trace(s) (batch ${reply.batch}): ${reply.message}`));
    });
    // An error the writer already handled (drain() saw the worker end first) is still reported.
    worker.on('error', (error) => (worker === this.worker ? this.stopped(worker, error) : this.options.onError(new Error(`the trace writer thread failed: ${error.message}`))));
    worker.on('exit', (code) => this.stopped(worker, new Error(`the trace writer thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** The worker failed or ended unasked: what it had not finished is written here, and so is what follows. */
  private stopped(worker: Worker, error: Error): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.inThreadOnly = true;
    this.options.onError(new Error(`trace writer thread stopped, writing traces on the gateway's thread from now on: ${error.message}`));
    const finished = this.finished();
    const left = this.unfinished.filter((sent) => sent.batch > finished);
    this.unfinished = [];
    for (const sent of left) {
      try {
        this.options.inThread.append(sent.records);
      } catch (writeError) {
        this.options.onError(writeError instanceof Error ? writeError : new Error(String(writeError)));
      }
    }
  }
}
