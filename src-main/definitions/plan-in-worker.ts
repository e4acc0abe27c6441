/**
 * Reads and pre-flights definition files on a worker thread, so that a large or hostile file (a
 * 10 MB export, 60,000 keys in one mapping) never freezes the thread that serves the local gateway
 * and the UI. The worker is started on first use and kept warm.
 *
 * Editor checks are superseded: a new check with the same key (the editor's file name) drops the
 * one still waiting and stops the one running (the worker is replaced), so a user who keeps typing
 * never queues a backlog of stale checks. Imports are never dropped.
 *
 * Diagnostics the store raises later (on this thread, in applyImport) get their line:column from
 * the worker, which keeps the import's locator until asked: see `locatedLater`.
 */
import type { Worker } from 'node:worker_threads';
import type { PlanOptions } from '../../src-shared/openapi/definitions';
import type { Diagnostic, PositionLocator } from '../../src-shared/openapi/diagnostics';
import type { ImportPlan } from '../../src-shared/openapi/plan';
import { tsWorker } from '../platform/ts-worker';
import type { PlannerReply, PlannerRequest } from './plan-protocol';

export class SupersededError extends Error {
  constructor(key: string) {
    super(`the check of ${key} was superseded by a newer one`);
    this.name = 'SupersededError';
  }
}

export class PlannerClosedError extends Error {
  constructor() {
    super('the definition planner is closed');
    this.name = 'PlannerClosedError';
  }
}

interface Pending {
  request: PlannerRequest;
  resolve(reply: PlannerReply): void;
  reject(error: Error): void;
  /** Editor checks only: a newer check with this key supersedes this one. */
  supersedeKey?: string;
}

const ENTRY = new URL('./plan-worker.ts', import.meta.url);

export class DefinitionPlanner {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Sent to the worker, answered in order (the worker handles one message at a time). */
  private readonly inFlight = new Map<number, Pending>();
  private closed = false;

  /** An editor check: plan only; superseded by the next check with the same key. */
  async check(text: string, options: PlanOptions, key: string): Promise<ImportPlan> {
    for (const pending of this.inFlight.values()) {
      if (pending.supersedeKey === key) this.supersede(pending, key);
    }
    const reply = await this.send({ t: 'plan', id: this.nextId++, text, options: wire(options), keepLocator: false }, key);
    return (reply as Extract<PlannerReply, { t: 'plan' }>).plan;
  }

  /** For an import: the plan, and a locator whose positions are filled in later (see `locatedLater`). */
  async planForImport(text: string, options: PlanOptions): Promise<{ plan: ImportPlan; locator: DeferredLocator }> {
    const id = this.nextId++;
    const reply = await this.send({ t: 'plan', id, text, options: wire(options), keepLocator: true });
    return { plan: (reply as Extract<PlannerReply, { t: 'plan' }>).plan, locator: new DeferredLocator(this, id) };
  }

  /** @internal DeferredLocator's way to the worker. */
  async locate(id: number, pointers: string[]): Promise<{ line: number; column: number }[]> {
    const reply = await this.send({ t: 'locate', id, pointers });
    return (reply as Extract<PlannerReply, { t: 'locate' }>).positions;
  }

  /** @internal */
  release(id: number): void {
    if (this.worker && !this.closed) this.worker.postMessage({ t: 'release', id } satisfies PlannerRequest);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.inFlight.values()) pending.reject(new PlannerClosedError());
    this.inFlight.clear();
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private send(request: PlannerRequest, supersedeKey?: string): Promise<PlannerReply> {
    if (this.closed) return Promise.reject(new PlannerClosedError());
    return new Promise<PlannerReply>((resolve, reject) => {
      this.inFlight.set(request.id, { request, resolve, reject, supersedeKey });
      this.ensureWorker().postMessage(request);
    });
  }

  /** Drops a superseded check; if the worker is busy with it, the worker is replaced. */
  private supersede(pending: Pending, key: string): void {
    const first = this.inFlight.keys().next().value;
    this.inFlight.delete(pending.request.id);
    pending.reject(new SupersededError(key));
    if (first === pending.request.id) this.restartWorker();
  }

  private restartWorker(): void {
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    // Everything else that was sent to the old worker goes to the new one, in the same order.
    if (this.inFlight.size > 0) {
      const worker = this.ensureWorker();
      for (const pending of this.inFlight.values()) worker.postMessage(pending.request);
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = tsWorker(ENTRY);
    // An idle planner must not keep a CLI process alive.
    worker.unref();
    worker.on('message', (reply: PlannerReply) => {
      if (worker !== this.worker) return;
      const pending = this.inFlight.get(reply.id);
      if (!pending) return;
      this.inFlight.delete(reply.id);
      if (reply.t === 'error') pending.reject(new Error(`reading the definition failed: ${reply.message}`));
      else pending.resolve(reply);
    });
    worker.on('error', (error) => {
      if (worker !== this.worker) return;
      this.worker = undefined;
      for (const pending of this.inFlight.values()) pending.reject(new Error(`the definition reader stopped: ${error.message}`));
      this.inFlight.clear();
    });
    this.worker = worker;
    return worker;
  }
}

/**
 * A locator for code that needs positions synchronously (DiagnosticSink on the main thread): it
 * answers line 0 and remembers the pointer; `locatedLater` then asks the worker for all of them
 * at once and fills the diagnostics in.
 */
export class DeferredLocator implements PositionLocator {
  private readonly asked = new Set<string>();
  private settled = false;

  constructor(
    private readonly planner: DefinitionPlanner,
    private readonly id: number,
  ) {}

  locate(pointer: string): { line: number; column: number } {
    this.asked.add(pointer);
    return { line: 0, column: 0 };
  }

  /** Fills in line:column of the diagnostics raised through this locator; call once, after them. */
  async locatedLater(diagnostics: Diagnostic[]): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    if (this.asked.size === 0) {
      this.planner.release(this.id);
      return;
    }
    const pointers = [...this.asked];
    const positions = await this.planner.locate(this.id, pointers);
    const byPointer = new Map(pointers.map((p, i) => [p, positions[i]]));
    for (const d of diagnostics) {
      const at = d.line === 0 ? byPointer.get(d.pointer) : undefined;
      if (at) {
        d.line = at.line;
        d.column = at.column;
      }
    }
  }
}

function wire(options: PlanOptions) {
  return { ...options, variables: options.variables ? [...options.variables] : undefined };
}
