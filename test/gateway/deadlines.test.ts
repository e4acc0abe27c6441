/** The shared deadline sweep that bounds HTTP backend calls (src-main/gateway/backends/deadlines.ts). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Agent } from 'undici';
import { DeadlineSweeper, SWEEP_INTERVAL_MS } from '../../src-main/gateway/backends/deadlines';
import { callHttpBackend } from '../../src-main/gateway/backends/http-backend';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('deadline sweep', () => {
  // The sweep's clock (its interval and performance.now()) is vitest's fake one here, so "later"
  // is an exact instant, not a sleep that a busy machine may overrun.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends a call past its deadline, once, and marks it expired', () => {
    const sweeper = new DeadlineSweeper();
    let aborts = 0;
    const deadline = sweeper.start(30, { expire: () => aborts++ });
    vi.advanceTimersByTime(29);
    expect(aborts).toBe(0);
    // Enforced at the first sweep past the deadline, within one interval.
    vi.advanceTimersByTime(SWEEP_INTERVAL_MS);
    expect(aborts).toBe(1);
    vi.advanceTimersByTime(SWEEP_INTERVAL_MS * 3);
    expect(aborts).toBe(1);
    expect(deadline.expired).toBe(true);
  });

  it('a finished deadline lets go of what it would have ended, though the deadline itself is still held', async () => {
    const sweeper = new DeadlineSweeper();
    const start = () => {
      const reader = { expire: () => {} };
      return { deadline: sweeper.start(30, reader), reader: new WeakRef(reader) };
    };
    const { deadline, reader } = start();
    deadline.done();
    // A weak reference holds its target until the current job ends.
    await nextTurn();
    gc();
    expect(reader.deref()).toBeUndefined();
    expect(deadline.expired).toBe(false);
  });

  it('a call that finishes in time is never aborted', () => {
    const sweeper = new DeadlineSweeper();
    let aborted = false;
    const deadline = sweeper.start(30, { expire: () => (aborted = true) });
    deadline.done();
    vi.advanceTimersByTime(30 + SWEEP_INTERVAL_MS * 3);
    expect(aborted).toBe(false);
    expect(deadline.expired).toBe(false);
  });
});

describe('HTTP backend call with the sweep', () => {
  const agent = new Agent();
  const sweeper = new DeadlineSweeper();
  const drips: NodeJS.Timeout[] = [];
  let port = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/ok') return void res.end('ok');
    if (req.url === '/silent') return; // headers never come
    // A body that never ends: chunks keep coming, so only a total deadline can stop it.
    res.writeHead(200);
    const t = setInterval(() => res.write('tick\n'), 10);
    drips.push(t);
    res.on('close', () => clearInterval(t));
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const t of drips) clearInterval(t);
    server.closeAllConnections();
    server.close();
    await agent.close();
  });
  const call = (path: string, timeoutMs: number) =>
    callHttpBackend(agent, { method: 'GET', origin: `http://127.0.0.1:${port}`, path, headers: {} }, timeoutMs, 0, sweeper);

  it('answers within the deadline normally', async () => {
    const result = await call('/ok', 1000);
    expect(result.ok && result.response.body.toString()).toBe('ok');
  });

  for (const [path, what] of [['/silent', 'no headers'], ['/drip', 'a body that never ends']] as const) {
    it(`${what}: BACKEND_TIMEOUT once the whole answer took longer than the timeout, not later`, async () => {
      const started = performance.now();
      const result = await call(path, 300);
      const took = performance.now() - started;
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.type).toBe('BACKEND_TIMEOUT');
      expect(result.detail).toBe('no complete answer within 300 ms');
      expect(took).toBeGreaterThanOrEqual(295);
      // The sweep's granularity, plus room for a busy CI machine.
      expect(took).toBeLessThan(300 + SWEEP_INTERVAL_MS + 700);
    });
  }
});
