/**
 * A pool of warm instances of ONE version of ONE function: queueing, dispatch, timeouts and
 * replacing instances that died. The runtime-specific parts (a worker thread, a python process)
 * sit behind RuntimeInstance.
 *
 * As in FunctionGraph, the function timeout covers running the handler, not starting the
 * instance: an invocation's clock starts when a ready instance takes it. Loading the code has
 * its own allowance (startTimeoutMs), and an invocation never waits in the queue longer than
 * its timeout plus that allowance.
 */
import type { InstanceInfo, InvokeFailure, InvokeResult, RuntimeInstance } from './invocation';
import { Invocation } from './invocation';
import { realTimers, type InvocationTimers } from './invocation-timers';

/** Callbacks an instance uses to report back to its pool. */
export interface InstanceHooks {
  /** The code is loaded (or failed to load in a way every invocation will report); send work. */
  ready(instance: RuntimeInstance): void;
  /** An invocation ended (the instance has already forgotten it). */
  settled(instance: RuntimeInstance, inv: Invocation, outcome: InvokeResult): void;
  /**
   * The instance is gone for good and has already failed its own invocations. `startFailure`
   * says why when it ended before becoming ready (it then fails the queued invocations too:
   * a fresh instance of the same code would most likely end the same way).
   */
  gone(instance: RuntimeInstance, startFailure?: InvokeFailure): void;
  /** The instance should take no more work (its state may be damaged); the pool reaps it when idle. */
  retired(instance: RuntimeInstance): void;
  /** A debugger paused (or resumed) the instance: its invocations' clocks stop while it is paused. */
  pauseChanged?(instance: RuntimeInstance, paused: boolean): void;
}

export interface PoolOptions {
  maxInstances: number;
  /** How long an instance may take to load the function's code. */
  startTimeoutMs: number;
  /** Called once the pool is finished: drained (nothing left to run) or closed. */
  onFinished?: () => void;
  /** A debugger paused or resumed one of its instances (also `false` when a paused one ends). */
  onPauseChanged?: (instance: RuntimeInstance, paused: boolean) => void;
  /** The clock invocation timeouts run on (default: real time). */
  timers?: InvocationTimers;
}

/** An instance whose thread is busier than this (share of time running code) counts as loaded. */
const BUSY_TO_GROW = 0.5;

export class InstancePool {
  private readonly instances: RuntimeInstance[] = [];
  private readonly queue: Invocation[] = [];
  /** Invocations started on an instance and not settled yet. */
  private readonly running = new Set<Invocation>();
  /** Instances a debugger holds at a breakpoint. */
  private readonly paused = new Set<RuntimeInstance>();
  private readonly timers: InvocationTimers;
  private draining = false;
  private closed = false;
  private readonly hooks: InstanceHooks;

  constructor(
    private readonly spawn: (hooks: InstanceHooks) => RuntimeInstance,
    private readonly opts: PoolOptions,
  ) {
    this.timers = opts.timers ?? realTimers;
    this.hooks = {
      ready: () => this.afterChange(),
      settled: (_instance, inv, outcome) => {
        this.running.delete(inv);
        if (outcome.ok) inv.succeed(outcome.result);
        else inv.fail(outcome.failure);
        this.afterChange();
      },
      gone: (instance, startFailure) => {
        const at = this.instances.indexOf(instance);
        if (at >= 0) this.instances.splice(at, 1);
        // It failed its invocations itself (not through `settled`): they are done too.
        for (const inv of this.running) if (inv.settled) this.running.delete(inv);
        // An instance that ends while paused holds nothing any more.
        if (this.paused.has(instance)) this.onPauseChanged(instance, false);
        if (startFailure && !this.closed) {
          for (const inv of this.queue.splice(0)) inv.fail(startFailure);
        }
        this.afterChange();
      },
      retired: () => this.afterChange(),
      pauseChanged: (instance, paused) => this.onPauseChanged(instance, paused),
    };
  }

  submit(inv: Invocation): void {
    if (this.closed) {
      inv.fail({ kind: 'crash', message: 'the function host is closed' });
      return;
    }
    this.queue.push(inv);
    this.afterChange();
    // Still waiting for an instance (none was free, or one is starting): it waits no longer than
    // its timeout plus the start allowance. Most calls find an instance at once and skip this timer.
    if (inv.instance === undefined && !inv.settled) {
      inv.cancelTimer = this.timers.after(inv.timeoutMs + this.opts.startTimeoutMs, () => this.onQueueTimeout(inv));
    }
  }

  /**
   * Stop taking new invocations (the code changed or the function was removed). What is queued
   * still runs on this version; the instances are ended once nothing is left.
   */
  drain(): void {
    this.draining = true;
    this.afterChange();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const reason: InvokeFailure = { kind: 'crash', message: 'the function host was closed before the function finished' };
    for (const inv of this.queue.splice(0)) inv.fail(reason);
    await Promise.all(this.instances.splice(0).map((i) => i.kill(reason)));
    this.opts.onFinished?.();
  }

  info(): InstanceInfo[] {
    return this.instances.map((i) => (this.paused.has(i) ? { ...i.info(), paused: true } : i.info()));
  }

  /** A live instance, started now if there is none (the Debug switch wants one to attach to). */
  prestart(): RuntimeInstance | undefined {
    if (this.closed) return undefined;
    const live = this.instances.find((i) => !i.retired);
    if (live) return live;
    this.grow(true);
    return this.instances.find((i) => !i.retired);
  }

  /** Runs at least twice per invocation (submitted, settled): it allocates nothing on that path. */
  private afterChange(): void {
    if (this.closed) return;
    // Backwards: reaping removes the instance from the list.
    for (let k = this.instances.length - 1; k >= 0; k--) {
      const i = this.instances[k];
      if (i.retired && i.inFlight === 0) this.reap(i);
    }
    this.dispatch();
    this.grow();
    if (this.draining && this.queue.length === 0) {
      for (const i of [...this.instances]) {
        i.retire();
        if (i.inFlight === 0) this.reap(i);
      }
      if (this.instances.length === 0) {
        this.closed = true;
        this.opts.onFinished?.();
      }
    }
  }

  /** Queue -> least-loaded ready instance with room. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let best: RuntimeInstance | undefined;
      for (const i of this.instances) {
        if (!i.ready || i.retired || i.inFlight >= i.capacity) continue;
        if (!best || i.inFlight < best.inFlight) best = i;
      }
      if (!best) return;
      const inv = this.queue.shift()!;
      inv.cancelTimer?.();
      inv.deadline = this.timers.now() + inv.timeoutMs;
      inv.cancelTimer = this.timers.after(inv.timeoutMs, () => this.onRunTimeout(inv));
      inv.instance = best;
      this.running.add(inv);
      best.start(inv);
    }
  }

  /**
   * Starts one more instance when work is waiting, or when every ready instance carries a
   * quarter of its capacity and keeps its thread mostly busy (where it can tell), so CPU-bound
   * load spreads over the cores while a function called one request at a time, or one that mostly
   * awaits, keeps a single warm instance. A second thread for a function whose thread idles only
   * adds wake-ups: measured on 2 cores, a light JS authorizer served 3–24 % more requests a second
   * with one worker than with two. One start at a time: a burst must not spawn the whole pool at
   * once for code that may not even load.
   */
  private grow(eager = false): void {
    let live = 0;
    let loaded = true;
    for (const i of this.instances) {
      if (i.retired) continue;
      if (!i.ready) return;
      live++;
      if (i.inFlight < Math.max(1, i.capacity / 4) || (i.busyShare?.() ?? 1) < BUSY_TO_GROW) loaded = false;
    }
    if (live >= this.opts.maxInstances) return;
    if (this.queue.length === 0 && !(live > 0 && loaded) && !eager) return;
    const fresh = this.spawn(this.hooks);
    this.instances.push(fresh);
    const guard = setTimeout(() => {
      if (!fresh.ready) {
        void fresh.kill({ kind: 'load', message: `the function's code did not finish loading within ${this.opts.startTimeoutMs} ms` });
      }
    }, this.opts.startTimeoutMs);
    guard.unref();
  }

  /**
   * A breakpoint must never turn into a timeout: while a debugger holds the instance, the timers of
   * its invocations are stopped, and on resume they get back the time they had left.
   */
  private onPauseChanged(instance: RuntimeInstance, paused: boolean): void {
    if (paused === this.paused.has(instance)) return;
    if (paused) this.paused.add(instance);
    else this.paused.delete(instance);
    for (const inv of this.running) {
      if (inv.instance !== instance || inv.settled) continue;
      if (paused) {
        inv.cancelTimer?.();
        inv.cancelTimer = undefined;
        inv.remainingMs = Math.max(0, inv.deadline - this.timers.now());
      } else if (inv.remainingMs !== undefined) {
        const remaining = inv.remainingMs;
        inv.deadline = this.timers.now() + remaining;
        inv.cancelTimer = this.timers.after(remaining, () => this.onRunTimeout(inv));
        inv.remainingMs = undefined;
      }
    }
    this.opts.onPauseChanged?.(instance, paused);
  }

  private onQueueTimeout(inv: Invocation): void {
    const at = this.queue.indexOf(inv);
    if (at < 0) return;
    this.queue.splice(at, 1);
    inv.fail({
      kind: 'timeout',
      message: `no function instance was free within ${inv.timeoutMs + this.opts.startTimeoutMs} ms (timeout plus start allowance)`,
    });
  }

  private onRunTimeout(inv: Invocation): void {
    this.running.delete(inv);
    if (inv.settled) return;
    inv.fail({ kind: 'timeout', message: `the function did not finish within ${inv.timeoutMs} ms` });
    inv.instance?.timedOut(inv);
    this.afterChange();
  }

  private reap(instance: RuntimeInstance): void {
    const at = this.instances.indexOf(instance);
    if (at >= 0) this.instances.splice(at, 1);
    void instance.kill({ kind: 'crash', message: 'the function instance was retired' });
  }
}
