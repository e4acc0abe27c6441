/** Failure-injection rules over the real HTTP host: set, used by the gateway, listed, removed, refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostFixture, type HostFixture } from '../hosts/helpers';

let fx: HostFixture;
let apiPath: string;
beforeAll(async () => {
  fx = await startHostFixture();
  const group = await fx.client.createGroup({ input: { name: 'faults', isDefault: true } });
  const release = (await fx.client.listEnvironments()).find((e) => e.name === 'RELEASE')!;
  await fx.client.createFunction({ input: { name: 'ok_fn', runtime: 'nodejs', source: { kind: 'inline', code: "exports.handler = async () => ({ statusCode: 200, body: 'fine' });" } } });
  const api = await fx.client.createApi({
    input: { groupId: group.id, name: 'fn_api', method: 'GET', path: '/fn', backend: { type: 'FUNCTION', functionUrn: 'urn:fss:r:p:function:default:ok_fn:latest' } },
  });
  await fx.client.publishApi({ apiId: api.id, envId: release.id });
  apiPath = '/fn';
});
afterAll(async () => fx?.close());

describe('failure injection over the contract', () => {
  it('a rule added through the contract changes the next call, shows in the trace and is spent', async () => {
    const rule = await fx.client.addFaultRule({ rule: { target: { functionName: 'ok_fn' }, kind: 'status', statusCode: 503, trigger: { nextCalls: 1 } } });
    expect(await fx.client.listFaultRules()).toEqual([{ ...rule, statusCode: 503 }]);
    const failed = await fx.client.sendRequest({ method: 'GET', url: apiPath });
    expect(failed.status).toBe(503);
    expect(failed.trace?.backend?.injectedFault).toMatchObject({ ruleId: rule.id, kind: 'status' });
    expect(await fx.client.listFaultRules()).toEqual([]);
    expect((await fx.client.sendRequest({ method: 'GET', url: apiPath })).status).toBe(200);
  });

  it('removes one rule or all', async () => {
    const a = await fx.client.addFaultRule({ rule: { target: { functionName: 'ok_fn' }, kind: 'crash', trigger: { percent: 100 } } });
    await fx.client.addFaultRule({ rule: { target: { functionName: 'other' }, kind: 'crash', trigger: { percent: 100 } } });
    expect(await fx.client.removeFaultRules({ id: a.id })).toEqual({ removed: 1 });
    expect(await fx.client.removeFaultRules()).toEqual({ removed: 1 });
  });

  it('refuses a bad rule naming the field', async () => {
    await expect(fx.client.addFaultRule({ rule: { target: { functionName: 'ok_fn' }, kind: 'status', trigger: { nextCalls: 1 } } })).rejects.toMatchObject({
      kind: 'invalid-argument',
      message: expect.stringContaining("argument 'rule.statusCode': a status fault needs a 4xx or 5xx statusCode (400–599)"),
    });
    await expect(fx.client.addFaultRule({ rule: { target: { functionName: 'ok_fn' }, kind: 'explode', trigger: { nextCalls: 1 } } as never })).rejects.toMatchObject({
      message: expect.stringContaining("argument 'rule.kind' must be one of timeout, exception, crash, status, malformed, latency"),
    });
  });
});
