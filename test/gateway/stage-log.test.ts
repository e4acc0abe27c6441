/**
 * The stage log keeps what a trace needs without writing its sentences: a template runs only when
 * the trace is read, with the arguments the stage had when it was added.
 */
import { describe, expect, it } from 'vitest';
import { StageLog, stagesOf } from '../../src-main/gateway/trace/stage-log';

describe('stage log', () => {
  it('writes a templated summary only when read, from the arguments given when the stage was added', () => {
    const log = new StageLog();
    let written = 0;
    const answered = (method: string, url: string, status: number) => {
      written++;
      return `${method} ${url} answered ${status}`;
    };
    let status = 200;
    log.add('limits', 'ok', 0.01, 'within limits', undefined, undefined, undefined, undefined);
    log.add('backend', 'ok', 2.5, answered, { attempts: 1 }, 'GET', 'http://127.0.0.1:1/', status);
    status = 500;
    expect(written).toBe(0);
    expect(log.length).toBe(2);

    const stages = log.toStages();
    expect(written).toBe(1);
    expect(stages).toEqual([
      { name: 'limits', outcome: 'ok', summary: 'within limits', durationMs: 0.01 },
      { name: 'backend', outcome: 'ok', summary: 'GET http://127.0.0.1:1/ answered 200', durationMs: 2.5, detail: { attempts: 1 } },
    ]);
    // No detail is no field, as stored traces have always had it.
    expect('detail' in stages[0]).toBe(false);
  });

  it('holds more stages than it makes room for up front, in order', () => {
    const log = new StageLog();
    for (let i = 0; i < 40; i++) log.add('response', 'ok', i, (n: number) => `step ${n}`, undefined, i, undefined, undefined);
    const stages = log.toStages();
    expect(stages).toHaveLength(40);
    expect(stages.map((s) => s.summary)).toEqual(Array.from({ length: 40 }, (_, i) => `step ${i}`));
    expect(stages.map((s) => s.durationMs)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('gives each read its own stage objects, so masking one read cannot change the next', () => {
    const log = new StageLog();
    log.add('route', 'ok', 0.1, 'GET /p?token=abc', { apiId: 'a' }, undefined, undefined, undefined);
    const first = log.toStages();
    first[0].summary = 'masked';
    expect(log.toStages()[0].summary).toBe('GET /p?token=abc');
  });

  it('keeps each stage whole whatever it carries: outcome, detail, and arguments with gaps', () => {
    const log = new StageLog();
    const pair = (a: string | undefined, b: string | undefined) => `${a ?? '-'} ${b ?? '-'}`;
    log.add('access-control', 'skip', 0.1, pair, undefined, undefined, 'second', undefined);
    log.add('backend', 'fail', 0.2, pair, { attempts: 2 }, 'first', undefined, undefined);
    log.add('group', 'ok', 0.3, 'no arguments', undefined, undefined, undefined, undefined);
    expect(log.toStages()).toEqual([
      { name: 'access-control', outcome: 'skip', summary: '- second', durationMs: 0.1 },
      { name: 'backend', outcome: 'fail', summary: 'first -', durationMs: 0.2, detail: { attempts: 2 } },
      { name: 'group', outcome: 'ok', summary: 'no arguments', durationMs: 0.3 },
    ]);
  });

  it('its entries, as plain values, read back into the same stages, past room made up front', () => {
    const log = new StageLog();
    const bytes = (n: number) => `${n} bytes`;
    for (let i = 0; i < 40; i++) log.add('limits', 'ok', 0.1, bytes, undefined, i, undefined, undefined);
    log.add('response', 'ok', 5, 'streamed', { x: 1 } as never, undefined, undefined, undefined);
    const entries = log.entries();
    expect(entries.includes(undefined)).toBe(false);
    expect(stagesOf(entries)).toEqual(log.toStages());
    expect(stagesOf(entries).map((s) => s.summary).slice(-2)).toEqual(['39 bytes', 'streamed']);
  });

  it('gives back every duration to the microsecond, short or long, beside all three arguments and a detail', () => {
    const log = new StageLog();
    const three = (a: string, b: string, c: number) => `${a} ${b} ${c}`;
    // The last inline duration, the first that is stored on its own, a backend timeout, an hour.
    const durations = [0, 0.001, 16_777.215, 16_777.216, 60_000.123, 3_600_000];
    for (const ms of durations) log.add('backend', 'fail', ms, three, { attempts: 2 }, 'x', 'y', 3);
    const stages = log.toStages();
    expect(stages.map((s) => s.durationMs)).toEqual(durations);
    expect(stages.every((s) => s.outcome === 'fail' && s.summary === 'x y 3' && s.detail !== undefined)).toBe(true);
  });
});
