/**
 * Many timeouts, one timer. Node's own timer per timeout costs an insertion into and a removal
 * from its timer lists for every call, and almost every call finishes long before its timeout.
 * A sweep keeps the entries in a set and looks every `intervalMs`: an entry falls due within one
 * interval of its time, which is well inside what a backend timeout or a function timeout means.
 * The sweep's timer runs only while entries are waiting (and up to one interval after).
 */

/** Something that falls due at `at` (on the sweep's clock, ms). */
export interface Due {
  readonly at: number;
  /** Where the sweep keeps it while it waits, -1 otherwise: the sweep's own bookkeeping (start at -1). */
  sweepSlot: number;
  due(): void;
}

export interface SweepOptions {
  intervalMs: number;
  /** The clock `at` is read on. */
  now: () => number;
  /**
   * Whether waiting entries keep the process alive, as a timer of their own would. Backend calls
   * hold their sockets anyway; function invocations have nothing else that does.
   */
  keepsAlive: boolean;
}

/**
 * The entries wait in a plain array, each knowing its place, and one that leaves is replaced by the
 * last: adding and removing are a store or two. Not a Set: a Set that takes and drops an entry per
 * call rebuilds its hash table every few dozen calls, which allocates and leaves garbage of its own.
 */
export class Sweep<T extends Due> {
  private readonly entries: T[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SweepOptions) {}

  get size(): number {
    return this.entries.length;
  }

  add(entry: T): void {
    if (entry.sweepSlot >= 0) return;
    entry.sweepSlot = this.entries.length;
    this.entries.push(entry);
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), this.options.intervalMs);
    if (!this.options.keepsAlive) this.timer.unref();
  }

  /**
   * The entry will not fall due. The timer stops at its next look if nothing is left, not here:
   * calls made one at a time would otherwise start and stop it each.
   */
  delete(entry: T): void {
    const slot = entry.sweepSlot;
    if (slot < 0 || this.entries[slot] !== entry) return;
    const last = this.entries.pop()!;
    if (last !== entry) {
      this.entries[slot] = last;
      last.sweepSlot = slot;
    }
    entry.sweepSlot = -1;
  }

  private sweep(): void {
    const now = this.options.now();
    // Found first and ended after: ending one may add or remove others.
    const due = this.entries.filter((entry) => entry.at <= now);
    for (const entry of due) {
      if (entry.sweepSlot < 0) continue;
      this.delete(entry);
      entry.due();
    }
    if (this.entries.length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
