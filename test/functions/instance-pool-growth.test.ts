/**
 * When a function's pool starts another instance. Fake instances stand in for worker threads, so
 * "how busy is its thread" is whatever the test says, and nothing runs or sleeps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InstancePool, type InstanceHooks } from '../../src-main/functions/instance-pool';
import { Invocation, type InstanceInfo, type RuntimeInstance } from '../../src-main/functions/invocation';
import type { InvocationTimers } from '../../src-main/functions/invocation-timers';

class FakeInstance implements RuntimeInstance {
  readonly capacity = 8;
  ready = false;
  retired = false;
  readonly running = new Set<Invocation>();
  constructor(
    private readonly hooks: InstanceHooks,
    /** The share of time its thread runs code; undefined: a runtime that cannot tell (python). */
    public busy: number | undefined,
  ) {
    if (busy === undefined) this.busyShare = undefined;
  }
  get inFlight(): number {
    return this.running.size;
  }
  becomeReady(): void {
    this.ready = true;
    this.hooks.ready(this);
  }
  start(inv: Invocation): void {
    this.running.add(inv);
  }
  timedOut(inv: Invocation): void {
    this.running.delete(inv);
  }
  retire(): void {
    this.retired = true;
  }
  kill(): Promise<void> {
    return Promise.resolve();
  }
  busyShare?: () => number = () => this.busy ?? 0;
  info(): InstanceInfo {
    return { kind: 'worker', ready: this.ready, inFlight: this.inFlight, retired: this.retired };
  }
}

/** Timeouts that never fire: growth is what is tested here. */
const noTimeouts: InvocationTimers = { now: () => 0, after: () => () => {} };

function poolOf(busy: number | undefined) {
  const instances: FakeInstance[] = [];
  const pool = new InstancePool(
    (hooks) => {
      const instance = new FakeInstance(hooks, busy);
      instances.push(instance);
      return instance;
    },
    { maxInstances: 2, startTimeoutMs: 1000, timers: noTimeouts },
  );
  const submit = (n: number) => {
    for (let i = 0; i < n; i++) pool.submit(new Invocation('fn', `r${i}`, '{}', 1000, undefined, 0, () => {}));
  };
  return { pool, instances, submit };
}

describe('instance pool growth', () => {
  beforeEach(() => {
    // The pool's guard against an instance that never loads is a real timer: keep it on the fake clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps one instance while its thread mostly idles, however many calls are in flight', async () => {
    const { pool, instances, submit } = poolOf(0.1);
    submit(1);
    expect(instances).toHaveLength(1);
    instances[0].becomeReady();
    submit(6);
    expect(instances[0].inFlight).toBe(7);
    expect(instances).toHaveLength(1);
    await pool.close();
  });

  it('starts a second instance once the first carries a quarter of its capacity and its thread is busy', async () => {
    const { pool, instances, submit } = poolOf(0.1);
    submit(1);
    instances[0].becomeReady();
    submit(3);
    expect(instances).toHaveLength(1);
    instances[0].busy = 0.9;
    submit(1);
    expect(instances).toHaveLength(2);
    await pool.close();
  });

  it('where the runtime cannot tell how busy it is (python), a quarter of its capacity in flight is enough', async () => {
    const { pool, instances, submit } = poolOf(undefined);
    submit(1);
    instances[0].becomeReady();
    submit(2);
    expect(instances).toHaveLength(2);
    await pool.close();
  });

  it('starts another instance when calls wait for room, busy or not', async () => {
    const { pool, instances, submit } = poolOf(0);
    submit(1);
    instances[0].becomeReady();
    submit(8);
    // 8 running, 1 waiting in the queue: there is no room, so a second instance starts.
    expect(instances[0].inFlight).toBe(8);
    expect(instances).toHaveLength(2);
    await pool.close();
  });
});
