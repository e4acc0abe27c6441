import { describe, expect, it } from 'vitest';
import {
  METHOD_NAMES,
  WorkbenchError,
  createWorkbenchClient,
  isMethodName,
  validateArgs,
  type MethodName,
} from '../../src-shared/contract';

const messages = (method: MethodName, args: unknown) => validateArgs(method, args).map((i) => i.message).join(' | ');
const fields = (method: MethodName, args: unknown) => validateArgs(method, args).map((i) => i.field);

describe('contract argument validators', () => {
  it('lists every contract method once and knows nothing else', () => {
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    for (const m of ['listGroups', 'createApi', 'sendRequest', 'testAuthorizer', 'exportDefinition', 'systemParameters']) {
      expect(isMethodName(m)).toBe(true);
    }
    expect(isMethodName('constructor')).toBe(false);
    expect(isMethodName('toString')).toBe(false);
  });

  it('accepts well-formed args', () => {
    expect(validateArgs('getGroup', { id: 'g1' })).toEqual([]);
    expect(validateArgs('listGroups', undefined)).toEqual([]);
    expect(validateArgs('listApis', { filter: { text: 'user', method: 'ANY' } })).toEqual([]);
    expect(validateArgs('sendRequest', { method: 'POST', url: '/x', headers: { a: 'b' }, body: '{}', env: 'TEST' })).toEqual([]);
    expect(validateArgs('testAuthorizer', { authorizerId: 'a1', event: { headers: {} } })).toEqual([]);
  });

  it('rejects a missing id naming the argument', () => {
    expect(fields('getGroup', {})).toEqual(['id']);
    expect(messages('getGroup', {})).toContain("argument 'id' is required");
  });

  it('rejects an id of the wrong type naming the argument', () => {
    expect(messages('removeApi', { id: 7 })).toContain("argument 'id' must be a non-empty string (got number)");
  });

  it('rejects args that are not an object', () => {
    expect(messages('getGroup', 'g1')).toContain('arguments must be an object');
    expect(messages('getGroup', null)).toContain('arguments must be an object');
  });

  it('rejects an unknown argument naming it', () => {
    expect(fields('listGroups', { groupId: 'x' })).toEqual(['groupId']);
    expect(messages('updateApi', { id: 'a', patch: {}, force: true })).toContain("unknown argument 'force'");
  });

  it('rejects an argument named after an Object.prototype member as unknown, not as a known field', () => {
    expect(fields('getGroup', JSON.parse('{"id": "g1", "toString": 1, "constructor": {}, "__proto__": {}}'))).toEqual(['toString', 'constructor', '__proto__']);
  });

  it('rejects an input that is not an object', () => {
    expect(messages('createGroup', { input: 'orders' })).toContain("argument 'input' must be an object (got \"orders\")");
  });

  it('names nested arguments with their path', () => {
    expect(fields('listApis', { filter: { method: 'GETT' } })).toEqual(['filter.method']);
    expect(messages('sendRequest', { method: 'GET', url: '/', headers: { 'x-a': 1 } })).toContain("argument 'headers.x-a' must be a string");
  });

  it('rejects an HTTP method the tester cannot send', () => {
    expect(messages('sendRequest', { method: 'FETCH', url: '/' })).toContain("argument 'method' must be one of GET, POST");
  });

  it('rejects a port out of range', () => {
    expect(messages('setGatewayPort', { port: 70000 })).toContain("argument 'port' must be between 0 and 65535 (got 70000)");
    expect(messages('setGatewayPort', { port: 80.5 })).toContain("argument 'port' must be an integer");
  });

  it('names a required argument sent as undefined (IPC carries undefined) as required', () => {
    expect(validateArgs('getGroup', { id: undefined })).toEqual([{ field: 'id', rule: 'required', message: "argument 'id' is required" }]);
    expect(validateArgs('saveTestEvent', { functionId: 'f', name: 'n', event: undefined })).toEqual([{ field: 'event', rule: 'required', message: "argument 'event' is required" }]);
    expect(validateArgs('listVariables', { groupId: undefined })).toEqual([]);
  });

  it('names unknown arguments first; the known ones are checked once those are gone', () => {
    expect(fields('updateApi', { force: true, id: 7 })).toEqual(['force']);
    expect(fields('updateApi', { id: 7 })).toEqual(['id', 'patch']);
  });

  it('names list items by index and a fault rule\'s own checks by the field they are about', () => {
    expect(validateArgs('exportTracesHar', { ids: ['t1', 3] })).toEqual([{ field: 'ids[1]', rule: 'type', message: "argument 'ids[1]' must be a non-empty string (got number)" }]);
    const rule = { target: { functionName: 'f' }, kind: 'timeout', trigger: { nextCalls: 1, percent: 5 } };
    expect(validateArgs('addFaultRule', { rule })).toEqual([{ field: 'rule.trigger', rule: 'fault-rule', message: "argument 'rule.trigger': give nextCalls or percent, not both" }]);
  });

  it('requires exactly one of authorizerId or authorizer for testAuthorizer', () => {
    expect(fields('testAuthorizer', { event: {} })).toContain('authorizerId');
    expect(fields('testAuthorizer', { authorizerId: 'a', authorizer: {}, event: {} })).toContain('authorizerId');
    expect(messages('testAuthorizer', { authorizerId: 'a' })).toContain("argument 'event' is required");
  });
});

describe('contract client', () => {
  it('unwraps results and turns void (null) into undefined', async () => {
    const calls: [string, unknown][] = [];
    const client = createWorkbenchClient(async (method, args) => {
      calls.push([method, args]);
      return method === 'listGroups' ? { result: [{ id: 'g' }] } : { result: null };
    });
    expect(await client.listGroups()).toEqual([{ id: 'g' }]);
    expect(await client.removeGroup({ id: 'g' })).toBeUndefined();
    expect(calls).toEqual([
      ['listGroups', {}],
      ['removeGroup', { id: 'g' }],
    ]);
  });

  it('throws WorkbenchError with kind and issues from an error envelope', async () => {
    const client = createWorkbenchClient(async () => ({
      error: { kind: 'validation', message: 'bad', issues: [{ field: 'name', rule: 'pattern', message: 'no' }] },
    }));
    const error = await client.createGroup({ input: { name: '?' } }).catch((e) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error.kind).toBe('validation');
    expect(error.issues).toEqual([{ field: 'name', rule: 'pattern', message: 'no' }]);
  });
});
