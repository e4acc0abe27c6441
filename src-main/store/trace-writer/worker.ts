/**
 * Worker thread side of TraceWriterThread: turns finished traces into rows (the JSON of the record
 * and of its headline) and inserts them with its own SQLite connection, so that neither costs the
 * thread that serves the gateway. The rows are written by the same repository code as on the main
 * thread (createTracesRepo), so the table has one writer's logic, whichever thread runs it.
 */
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { StoreContext } from '../context';
import { createTracesRepo } from '../repos/traces';
import { DONE_SLOT, reportStopOnExit, type TraceWriterData, type TraceWriterReply, type TraceWriterRequest } from './protocol';

const { file, done: doneBuffer } = workerData as TraceWriterData;
const done = new Int32Array(doneBuffer);
reportStopOnExit(done);
const db = new Database(file);
// The main connection holds the write lock while it imports (seconds for a large file): waiting
// costs this thread nothing, and failing would lose the batch. The main thread never holds the lock
// while it waits for this one (drain() is not called inside a transaction), so this cannot deadlock.
db.pragma('busy_timeout = 60000');
db.pragma('synchronous = NORMAL');

const statements = new Map<string, Statement>();
const context: StoreContext = {
  db,
  stmt(sql) {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  },
  // Nobody on this thread listens for changes, and traces raise none.
  emit() {},
  transaction: (fn) => db.transaction(fn).immediate(),
};
const traces = createTracesRepo(context);

function finished(batch: number): void {
  Atomics.store(done, DONE_SLOT, batch);
  Atomics.notify(done, DONE_SLOT);
}

parentPort!.on('message', (request: TraceWriterRequest) => {
  if (request.t === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    traces.append(request.records);
  } catch (error) {
    const reply: TraceWriterReply = { t: 'failed', batch: request.batch, rows: request.records.length, message: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage(reply);
  } finally {
    finished(request.batch);
  }
});
