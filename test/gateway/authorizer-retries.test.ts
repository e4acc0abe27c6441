/**
 * retry_attempts: a failed invocation of a frontend authorizer's function is retried up to that many
 * times and the last result is used (APIG guide, creating a frontend custom authorizer); each attempt
 * shows in the trace. The function counts its calls in a file, so a fresh instance (after a crash)
 * keeps counting.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './fixture';

/** Fails (throws) on its first `failures` calls, then answers `status`; counts calls in `file`. */
function flakyAuthorizer(file: string, failures: number, status: 'allow' | 'deny') {
  return `
const fs = require('fs');
exports.handler = async () => {
  const calls = (fs.existsSync(${JSON.stringify(file)}) ? Number(fs.readFileSync(${JSON.stringify(file)}, 'utf8')) : 0) + 1;
  fs.writeFileSync(${JSON.stringify(file)}, String(calls));
  if (calls <= ${failures}) throw new Error('flaky call ' + calls);
  return { statusCode: 200, body: JSON.stringify({ status: '${status}', context: { calls: String(calls) } }) };
};`;
}

describe('authorizer retry_attempts', () => {
  let f: Fixture;
  const calls = (name: string) => Number(fs.readFileSync(path.join(f.dir, `${name}.calls`), 'utf8'));
  const setup = (name: string, failures: number, options: { retryAttempts: number; relaxed?: boolean; status?: 'allow' | 'deny' }) => {
    f.fn({ name, code: flakyAuthorizer(path.join(f.dir, `${name}.calls`), failures, options.status ?? 'allow') });
    const authorizer = f.authorizer({ name, functionName: name, retryAttempts: options.retryAttempts, relaxed: options.relaxed ?? false });
    f.api({ name, path: `/${name}`, authType: 'AUTHORIZER', authorizerId: authorizer.id });
  };
  const send = async (name: string) => {
    const res = await f.send(`/${name}`);
    const trace = (await f.workbench.gateway.getTrace(res.requestId))!;
    return { res, authorizer: trace.authorizers[0] };
  };

  beforeAll(async () => {
    f = await createFixture({ defaultApiRateLimit: false });
  });
  afterAll(() => f.close());

  it('two failures then an allow, with retry_attempts 2: the request passes and the trace shows three attempts', async () => {
    setup('two_failures', 2, { retryAttempts: 2 });
    const { res, authorizer } = await send('two_failures');
    expect(res.status).toBe(200);
    expect(calls('two_failures')).toBe(3);
    expect(authorizer.decision).toBe('allow');
    expect(authorizer.context).toEqual({ calls: '3' });
    expect(authorizer.attempts!.map((a) => a.outcome)).toEqual(['failed', 'failed', 'returned']);
    expect(authorizer.attempts![0].failure).toMatch(/flaky call 1/);
    expect(authorizer.reason).toMatch(/attempt 3 of 3, retry_attempts 2: the last result is used/);
  });

  it('failures past retry_attempts: AUTHORIZER_CONF_FAILURE after 1 + retry_attempts calls, the last failure named', async () => {
    setup('always_fails', 99, { retryAttempts: 1 });
    const { res, authorizer } = await send('always_fails');
    expect(res.status).toBe(500);
    expect(calls('always_fails')).toBe(2);
    expect(authorizer.attempts!.map((a) => a.outcome)).toEqual(['failed', 'failed']);
    expect(authorizer.reason).toMatch(/flaky call 2.*→ AUTHORIZER_CONF_FAILURE/);
  });

  it('retry_attempts 0 invokes once', async () => {
    setup('no_retry', 1, { retryAttempts: 0 });
    const { res, authorizer } = await send('no_retry');
    expect(res.status).toBe(500);
    expect(calls('no_retry')).toBe(1);
    expect(authorizer.attempts).toHaveLength(1);
  });

  it('relaxed mode judges the last attempt: every attempt failed, so the request passes with an empty context', async () => {
    setup('relaxed_fails', 99, { retryAttempts: 2, relaxed: true });
    const { res, authorizer } = await send('relaxed_fails');
    expect(res.status).toBe(200);
    expect(calls('relaxed_fails')).toBe(3);
    expect(authorizer.decision).toBe('relaxed');
    expect(authorizer.context).toEqual({});
  });

  it('a returned deny is a result, not a failure: it is not retried', async () => {
    setup('denies', 0, { retryAttempts: 3, status: 'deny' });
    const { res, authorizer } = await send('denies');
    expect(res.status).toBe(500);
    expect(calls('denies')).toBe(1);
    expect(authorizer.decision).toBe('deny');
    expect(authorizer.attempts).toEqual([{ outcome: 'returned', durationMs: expect.any(Number) }]);
  });
});
