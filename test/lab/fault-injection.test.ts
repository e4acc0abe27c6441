/**
 * Failure injection through the real gateway: real Node functions behind custom authorizers and a
 * FUNCTION backend, rules set on the running gateway, outcomes read from responses and traces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { FaultInjector, FaultRuleError } from '../../src-main/lab/fault-injector';
import { FunctionHost } from '../../src-main/functions/function-host';
import type { Authorizer, LocalFunction } from '../../src-shared/model';

const ALLOW = `exports.handler = async (event, context) => { context.getLogger().info('real function ran'); return { statusCode: 200, body: JSON.stringify({ status: 'allow', context: { user: 'u1' } }) }; };`;
const HELLO = `exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' });`;

describe('failure injection at the gateway', () => {
  let f: Fixture;
  let strict: Authorizer;
  let relaxed: Authorizer;
  const trace = async (requestId: string) => (await f.workbench.gateway.getTrace(requestId))!;

  beforeAll(async () => {
    f = await createFixture();
    f.fn({ name: 'allow_fn', code: ALLOW });
    f.fn({ name: 'hello_fn', code: HELLO });
    strict = f.authorizer({ name: 'strict_auth', functionName: 'allow_fn', timeoutMs: 300 });
    relaxed = f.authorizer({ name: 'relaxed_auth', functionName: 'allow_fn', relaxed: true });
    f.api({ name: 'strict_api', path: '/strict', authType: 'AUTHORIZER', authorizerId: strict.id, backend: f.echoWithContextHeader('x-user', 'user') });
    f.api({ name: 'relaxed_api', path: '/relaxed', authType: 'AUTHORIZER', authorizerId: relaxed.id, backend: f.echoWithContextHeader('x-user', 'user') });
    f.api({ name: 'fn_api', path: '/fn', backend: { type: 'FUNCTION', functionUrn: 'urn:fss:local:project:function:default:hello_fn:latest', timeoutMs: 300 } });
  });
  afterAll(() => f.close());
  const faults = () => f.workbench.gateway.faults;

  it('a timeout on the next 2 calls of an authorizer fails exactly those, marked in the trace', async () => {
    faults().add({ target: { authorizerId: strict.id }, kind: 'timeout', trigger: { nextCalls: 2 } });
    for (const left of ['1 more call(s) to change', 'its last call']) {
      const res = await f.send('/strict');
      expect(res.status).toBe(500);
      const t = await trace(res.requestId);
      expect(t.response.errorType).toBe('AUTHORIZER_CONF_FAILURE');
      expect(t.authorizers[0].decision).toBe('error');
      expect(t.authorizers[0].reason).toContain('timeout: [injected] the function did not finish within 300 ms');
      expect(t.authorizers[0].injectedFault).toMatchObject({ kind: 'timeout', summary: expect.stringContaining(left) });
      expect(t.authorizers[0].logs?.[0]).toContain('[workbench] injected timeout');
    }
    expect(faults().list()).toEqual([]);
    const res = await f.send('/strict');
    expect(res.status).toBe(200);
    expect(res.echoed().headers['x-user']).toBe('u1');
    expect((await trace(res.requestId)).authorizers[0].injectedFault).toBeUndefined();
  });

  it('a 5xx statusCode passes a relaxed authorizer with an empty context; a 4xx does not', async () => {
    faults().add({ target: { authorizerId: relaxed.id }, kind: 'status', statusCode: 503, trigger: { nextCalls: 1 } });
    const passed = await f.send('/relaxed');
    expect(passed.status).toBe(200);
    expect(passed.echoed().headers['x-user']).toBeUndefined();
    expect((await trace(passed.requestId)).authorizers[0]).toMatchObject({ decision: 'relaxed', injectedFault: { kind: 'status' } });

    faults().add({ target: { authorizerId: relaxed.id }, kind: 'status', statusCode: 403, trigger: { nextCalls: 1 } });
    const refused = await f.send('/relaxed');
    expect(refused.status).toBe(500);
    expect((await trace(refused.requestId)).authorizers[0]).toMatchObject({ decision: 'error', rawResult: { statusCode: 403 } });
  });

  it('exception, crash and a malformed result each end in AUTHORIZER_CONF_FAILURE; the other authorizer is untouched', async () => {
    for (const kind of ['exception', 'crash', 'malformed'] as const) {
      faults().add({ target: { authorizerId: strict.id }, kind, trigger: { nextCalls: 1 } });
      const other = await f.send('/relaxed');
      expect(other.status).toBe(200);
      const res = await f.send('/strict');
      expect(res.status).toBe(500);
      const t = await trace(res.requestId);
      expect(t.response.errorType).toBe('AUTHORIZER_CONF_FAILURE');
      expect(t.authorizers[0].injectedFault?.kind).toBe(kind);
      if (kind === 'malformed') expect(t.authorizers[0].violations?.length).toBeGreaterThan(0);
      else expect(t.authorizers[0].reason).toContain(`${kind}: [injected]`);
    }
  });

  it('added latency still runs the real function, and counts against its timeout', async () => {
    faults().add({ target: { functionName: 'allow_fn' }, kind: 'latency', latencyMs: 20, trigger: { nextCalls: 1 } });
    const slow = await f.send('/strict');
    expect(slow.status).toBe(200);
    const t = await trace(slow.requestId);
    expect(t.authorizers[0].injectedFault?.kind).toBe('latency');
    expect(t.authorizers[0].logs?.join('\n')).toContain('real function ran');

    faults().add({ target: { functionName: 'allow_fn' }, kind: 'latency', latencyMs: 5000, trigger: { nextCalls: 1 } });
    const late = await f.send('/strict');
    expect(late.status).toBe(500);
    expect((await trace(late.requestId)).authorizers[0].reason).toContain('5000 ms of added latency exceeds the 300 ms timeout');
  });

  it('a FUNCTION backend: timeout → 504, crash → 502, statusCode → that status, malformed → 500', async () => {
    const expected = { timeout: [504, 'BACKEND_TIMEOUT'], crash: [502, 'BACKEND_UNAVAILABLE'], malformed: [500, undefined], status: [429, undefined] } as const;
    for (const [kind, [status, errorType]] of Object.entries(expected)) {
      faults().add({ target: { functionName: 'hello_fn' }, kind: kind as 'timeout', statusCode: kind === 'status' ? 429 : undefined, trigger: { nextCalls: 1 } });
      const res = await f.send('/fn');
      expect(res.status).toBe(status);
      const t = await trace(res.requestId);
      expect(t.backend?.injectedFault?.kind).toBe(kind);
      if (errorType) expect(t.response.errorType).toBe(errorType);
    }
    const res = await f.send('/fn');
    expect(res.status).toBe(200);
    expect(res.text).toBe('hello');
  });

  it('rules can be listed and removed; bad rules are refused naming the field', () => {
    const a = faults().add({ target: { functionName: 'x' }, kind: 'crash', trigger: { percent: 50 } });
    faults().add({ target: { functionName: 'y' }, kind: 'crash', trigger: { nextCalls: 3 } });
    expect(faults().list().map((r) => [r.id, r.fired, r.remaining])).toEqual([[a.id, 0, undefined], [expect.any(String), 0, 3]]);
    expect(faults().remove(a.id)).toBe(1);
    expect(faults().remove()).toBe(1);
    expect(() => faults().add({ target: { functionName: 'x' }, kind: 'status', trigger: { nextCalls: 0 } })).toThrow(
      new FaultRuleError('invalid fault rule: statusCode: a status fault needs a 4xx or 5xx statusCode (400–599); trigger.nextCalls: must be a whole number 1–1000000'),
    );
    expect(() => faults().add({ target: { authorizerId: 'a', functionName: 'b' } as never, kind: 'latency', trigger: { percent: 0 } })).toThrow(
      'target: give exactly one of authorizerId or functionName; latencyMs: a latency fault needs 1–600000 ms; trigger.percent: must be more than 0 and at most 100',
    );
  });
});

describe('percentage rules', () => {
  it('fire when the random draw falls under the percentage', async () => {
    const host = new FunctionHost();
    const draws = [0.1, 0.9, 0.29, 0.3];
    const injector = new FaultInjector(() => draws.shift()!);
    const fn: LocalFunction = {
      id: 'f1',
      name: 'pct_fn',
      runtime: 'nodejs',
      handler: 'index.handler',
      source: { kind: 'inline', code: `exports.handler = async () => 'ok';` },
      timeoutMs: 2000,
      memoryMb: 128,
      description: '',
      updatedAt: '',
    };
    try {
      injector.add({ target: { functionName: 'pct_fn' }, kind: 'exception', trigger: { percent: 30 } });
      const outcomes = [];
      for (let i = 0; i < 4; i++) outcomes.push(await injector.invoke(host, fn, {}, { requestId: `r${i}` }, {}));
      expect(outcomes.map((o) => (o.injected ? 'injected' : o.result))).toEqual(['injected', 'ok', 'injected', 'ok']);
      expect(injector.list()[0].fired).toBe(2);
    } finally {
      await host.close();
    }
  });
});
