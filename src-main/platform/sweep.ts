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

export class Sweep<T extends Due> {
  private readonly entries = new Set<T>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SweepOptions) {}

  add(entry: T): void {
    this.entries.add(entry);
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), this.options.intervalMs);
    if (!this.options.keepsAlive) this.timer.unref();
  }

  /**
   * The entry will not fall due. The timer stops at its next look if nothing is left, not here:
   * calls made one at a time would otherwise start and stop it each.
   */
  delete(entry: T): void {
    this.entries.delete(entry);
  }

  private sweep(): void {
    const now = this.options.now();
    for (const entry of this.entries) {
      if (entry.at > now) continue;
      this.entries.delete(entry);
      entry.due();
    }
    if (this.entries.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
