import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { stageOf, traceOf } from './helpers';
import { hashRangeBucket, orchestrationHash } from '../../src-main/gateway/stages/11-orchestration';
import type { OrchestrationInput } from '../../src-main/store/inputs';
import type { RequestParam } from '../../src-shared/model';

const param = (p: Partial<RequestParam> & Pick<RequestParam, 'name'>): RequestParam => ({
  location: 'QUERY',
  type: 'STRING',
  required: false,
  validEnable: true,
  passThrough: true,
  ...p,
});

describe('request parameter checks', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
    f.api({
      name: 'checked',
      path: '/checked',
      requestParams: [
        param({ name: 'count', type: 'NUMBER', minNum: 1, maxNum: 10 }),
        param({ name: 'color', enumerations: 'red,green' }),
        param({ name: 'code', minSize: 2, maxSize: 4 }),
        param({ name: 'X-Need', location: 'HEADER', required: true }),
        param({ name: 'mode', defaultValue: 'fast' }),
      ],
      backend: {
        type: 'HTTP',
        address: f.echo.url.slice(7),
        path: '/echo',
        params: [{ name: 'mode', location: 'QUERY', origin: 'REQUEST', value: 'mode' }],
      },
    });
  });
  afterAll(() => f.close());

  const call = (query: string, headers: Record<string, string> = { 'X-Need': 'y' }) => f.send(`/checked${query}`, { headers });
  async function expectRejected(query: string, detail: string, headers?: Record<string, string>) {
    const res = await call(query, headers);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error_code: 'APIG.0201', error_msg: `API request error: ${detail}` });
    expect((await traceOf(f, res.requestId)).response.errorType).toBe('REQUEST_PARAMETERS_FAILURE');
  }

  it('valid parameters pass and the default reaches the backend', async () => {
    const res = await call('?count=3&color=red&code=abc');
    expect(res.status).toBe(200);
    expect(res.echoed().query.mode).toBe('fast');
  });
  it('a missing required header is REQUEST_PARAMETERS_FAILURE', () => expectRejected('', 'required header parameter X-Need is missing', {}));
  it('a non-number for a NUMBER parameter is REQUEST_PARAMETERS_FAILURE', () => expectRejected('?count=abc', 'count must be a number'));
  it('a number under min_num is REQUEST_PARAMETERS_FAILURE', () => expectRejected('?count=0', 'count must be ≥ 1'));
  it('a number over max_num is REQUEST_PARAMETERS_FAILURE', () => expectRejected('?count=11', 'count must be ≤ 10'));
  it('a value outside the enumeration is REQUEST_PARAMETERS_FAILURE', () => expectRejected('?color=blue', 'color must be one of red, green'));
  it('a string under min_size is REQUEST_PARAMETERS_FAILURE', () => expectRejected('?code=a', 'code must be at least 2 characters'));
  it('a string over max_size is REQUEST_PARAMETERS_FAILURE', () => expectRejected('?code=abcde', 'code must be at most 4 characters'));
});

describe('parameter orchestration', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });
  afterAll(() => f.close());

  const out = (location: 'header' | 'query' = 'header') => ({ name: 'x-mapped', type: 'string' as const, location });
  function rule(input: OrchestrationInput) {
    return f.workbench.store.orchestrations.create(input);
  }
  /** An API at /<name> whose query parameter `in` uses the given rules (by name). */
  function orchestrated(name: string, rules: string[]) {
    f.api({ name, path: `/${name}`, requestParams: [param({ name: 'in', validEnable: false, orchestrations: rules })] });
    return (value?: string) => f.send(`/${name}${value === undefined ? '' : `?in=${encodeURIComponent(value)}`}`);
  }

  it('list maps listed values, and default catches the rest', async () => {
    rule({ name: 'tier_list', strategy: 'list', mappedParam: out(), map: [{ mapParamList: ['gold', 'platinum'], mappedParamValue: 'vip' }] });
    rule({ name: 'tier_default', strategy: 'default', mappedParam: out(), map: [{ mappedParamValue: 'normal' }] });
    const send = orchestrated('orchlist', ['tier_list', 'tier_default']);
    expect((await send('gold')).echoed().headers['x-mapped']).toBe('vip');
    expect((await send('bronze')).echoed().headers['x-mapped']).toBe('normal');
  });

  it('range maps numbers within inclusive bounds, into a query parameter', async () => {
    rule({
      name: 'age_range',
      strategy: 'range',
      mappedParam: out('query'),
      map: [
        { mapParamRange: { rangeStart: 0, rangeEnd: 17 }, mappedParamValue: 'minor' },
        { mapParamRange: { rangeStart: 18, rangeEnd: 150 }, mappedParamValue: 'adult' },
      ],
    });
    const send = orchestrated('orchrange', ['age_range']);
    expect((await send('17')).echoed().query['x-mapped']).toBe('minor');
    expect((await send('18')).echoed().query['x-mapped']).toBe('adult');
  });

  it('hash maps the value to its hash', async () => {
    rule({ name: 'user_hash', strategy: 'hash', mappedParam: out(), map: [] });
    const res = await orchestrated('orchhash', ['user_hash'])('alice');
    expect(res.echoed().headers['x-mapped']).toBe(orchestrationHash('alice'));
    expect(orchestrationHash('alice')).not.toBe(orchestrationHash('bob'));
  });

  it('hash_range maps the hash bucket through the ranges', async () => {
    rule({
      name: 'user_split',
      strategy: 'hash_range',
      mappedParam: out(),
      map: [
        { mapParamRange: { rangeStart: 0, rangeEnd: 49 }, mappedParamValue: 'blue' },
        { mapParamRange: { rangeStart: 50, rangeEnd: 99 }, mappedParamValue: 'green' },
      ],
    });
    const send = orchestrated('orchhashrange', ['user_split']);
    for (const user of ['alice', 'bob', 'carol']) {
      const expected = hashRangeBucket(user) < 50 ? 'blue' : 'green';
      expect((await send(user)).echoed().headers['x-mapped']).toBe(expected);
    }
  });

  it('none_value answers for an absent parameter', async () => {
    rule({ name: 'absent_none', strategy: 'none_value', mappedParam: out(), map: [{ mappedParamValue: 'anonymous' }] });
    rule({ name: 'absent_list', strategy: 'list', mappedParam: out(), map: [{ mapParamList: ['x'], mappedParamValue: 'y' }] });
    const send = orchestrated('orchnone', ['absent_list', 'absent_none']);
    expect((await send()).echoed().headers['x-mapped']).toBe('anonymous');
    expect((await send('x')).echoed().headers['x-mapped']).toBe('y');
  });

  it('head_n as preprocessing feeds its prefix to the next rule', async () => {
    rule({ name: 'first3', strategy: 'head_n', isPreprocessing: true, map: [{ interceptLength: 3 }] });
    rule({ name: 'prefix_list', strategy: 'list', mappedParam: out(), map: [{ mapParamList: ['abc'], mappedParamValue: 'abc-family' }] });
    const res = await orchestrated('orchhead', ['first3', 'prefix_list'])('abcdef');
    expect(res.echoed().headers['x-mapped']).toBe('abc-family');
    expect((await stageOf(f, res.requestId, 'orchestration')).summary).toContain('"abcdef" → "abc"');
  });

  it('tail_n as the final rule produces the last N characters (the whole value when shorter)', async () => {
    rule({ name: 'last2', strategy: 'tail_n', mappedParam: out(), map: [{ interceptLength: 2 }] });
    const send = orchestrated('orchtail', ['last2']);
    expect((await send('123456')).echoed().headers['x-mapped']).toBe('56');
    expect((await send('7')).echoed().headers['x-mapped']).toBe('7');
  });

  it('an absent parameter without a none_value rule is ORCHESTRATION_PARAMETER_NOT_FOUND', async () => {
    rule({ name: 'only_list', strategy: 'list', mappedParam: out(), map: [{ mapParamList: ['a'], mappedParamValue: 'b' }] });
    const res = await orchestrated('orchnotfound', ['only_list'])();
    expect(res.status).toBe(400);
    expect(res.json().error_code).toBe('APIG.0106');
    expect((await traceOf(f, res.requestId)).response.errorType).toBe('ORCHESTRATION_PARAMETER_NOT_FOUND');
  });

  it('a value no rule matches, with no default rule, is ORCHESTRATION_FAILURE', async () => {
    rule({ name: 'strict_list', strategy: 'list', mappedParam: out(), map: [{ mapParamList: ['a'], mappedParamValue: 'b' }] });
    const res = await orchestrated('orchfailure', ['strict_list'])('zzz');
    expect(res.status).toBe(400);
    expect(res.json().error_code).toBe('APIG.0106');
    const trace = await traceOf(f, res.requestId);
    expect(trace.response.errorType).toBe('ORCHESTRATION_FAILURE');
    expect(trace.stages.find((s) => s.name === 'orchestration')?.summary).toContain('no rule matches "zzz"');
  });
});
