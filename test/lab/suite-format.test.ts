import { describe, expect, it } from 'vitest';
import { readSuite } from '../../src-shared/lab/suite';
import { checkExpectations, formatMismatch } from '../../src-shared/lab/expectations';
import type { TraceRecord } from '../../src-shared/trace';

const errorsOf = (text: string) => readSuite(text, 'f').diagnostics.map((d) => `${d.line}: ${d.message}`);

describe('suite files', () => {
  it('a case defaults to GET, sends YAML numbers as text and a mapping body as JSON', () => {
    const { suite } = readSuite(
      'cases:\n  - name: a\n    request: { method: post, path: /p, headers: { n: 7 }, query: { q: [1, 2] }, body: { a: 1 } }\n    expect: { status: "201" }\n',
      'file',
    );
    expect(suite).toEqual({
      name: 'file',
      cases: [
        {
          name: 'a',
          line: 2,
          request: { method: 'POST', path: '/p', stage: undefined, headers: { n: '7' }, query: { q: ['1', '2'] }, body: '{"a":1}', credentials: undefined },
          expect: { status: 201 },
        },
      ],
    });
  });

  it('variables, defaults and data rows expand into one case per row', () => {
    const { suite, diagnostics } = readSuite(
      [
        'variables: { host_header: h }',
        'defaults: { stage: DEV, headers: { x-h: "${host_header}" }, credentials: { iamToken: T } }',
        'cases:',
        '  - name: token ${tok}',
        '    rows: [{ tok: a, code: "200" }, { tok: b, code: "403" }]',
        '    request: { path: "/x/${tok}" }',
        '    expect: { status: "${code}" }',
        '  - name: skipped',
        '    skip: true',
        '    request: { path: /s }',
      ].join('\n'),
      'f',
    );
    expect(diagnostics).toEqual([]);
    expect(suite!.cases.map((c) => [c.name, c.request.path, c.expect.status, c.request.stage, c.request.headers['x-h'], c.request.credentials?.iamToken])).toEqual([
      ['token a', '/x/a', 200, 'DEV', 'h', 'T'],
      ['token b', '/x/b', 403, 'DEV', 'h', 'T'],
    ]);
  });

  it('every problem is reported with its line, and a suite with errors is not returned', () => {
    const text = [
      'cases:',
      '  - name: a',
      '    request: { path: nope, method: FETCH }',
      '    expect: { decision: maybe, cache: warm, statuss: 200 }',
      '  - name: a',
      '    request: { path: "/${missing}" }',
    ].join('\n');
    expect(readSuite(text, 'f').suite).toBeUndefined();
    expect(errorsOf(text)).toEqual([
      '3: method must be one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, got FETCH',
      '3: path must start with /, got "nope"',
      '4: unknown key `statuss` (expected one of: status, decision, errorType, errorCode, context, backendHeaders, backendQuery, body, cache)',
      '4: decision must be one of allow, deny, identities_failure, conf_failure, relaxed, not_called, got "maybe"',
      '4: cache must be one of hit, miss, got "warm"',
      '6: unknown variable ${missing} (define it under `variables:` or in the case\'s `rows:`)',
      '1: case name "a" is used 2 times: names must be unique (JUnit and the run matrix key on them)',
    ]);
  });

  it('a file that is not a suite says what a suite is', () => {
    expect(errorsOf('- a\n- b\n')).toEqual(['1: a suite is a mapping with a `cases:` list']);
    expect(errorsOf('name: x\n')).toEqual(['1: `cases:` must be a list of cases']);
    expect(errorsOf('cases: [\n')[0]).toMatch(/^\d+: /);
  });
});

function trace(partial: Partial<TraceRecord>): TraceRecord {
  return {
    id: 't',
    requestId: 'r',
    startedAt: '',
    totalMs: 0,
    request: { method: 'GET', url: '/', host: '', headers: {}, sourceIp: '127.0.0.1' },
    stages: [],
    authorizers: [],
    response: { status: 200, headers: {} },
    fidelityNotes: [],
    ...partial,
  };
}

const allowed = trace({
  authorizers: [
    { authorizerId: 'a', authorizerName: 'a', leg: 'frontend', functionName: 'f', decision: 'allow', reason: 'ok', context: { user: 'u', n: 1 }, cache: { enabled: true, hit: false }, durationMs: 1 },
  ],
  backend: { type: 'HTTP', url: 'http://b/echo?x=1&x=2&y=a+b', headers: { 'X-User': 'u' }, params: [] },
});

describe('expectations', () => {
  it('a matching observation has no mismatch', () => {
    const expectation = {
      status: 200,
      decision: 'allow' as const,
      cache: 'miss' as const,
      context: { user: 'u', n: 1, gone: null },
      backendHeaders: { 'x-user': 'u', 'x-none': null },
      backendQuery: { x: '1,2', y: 'a b', z: null },
      body: { list: [{ id: 1 }], absent: null },
    };
    expect(checkExpectations(expectation, { status: 200, body: '{"list":[{"id":1,"more":2}],"other":true}', trace: allowed })).toEqual([]);
  });

  it('each mismatch names the field, the expected and the actual value', () => {
    const found = checkExpectations(
      { status: 201, decision: 'deny', cache: 'hit', context: { n: '1' }, backendHeaders: { 'x-user': 'v' }, body: { list: [{ id: 2 }] } },
      { status: 200, body: '{"list":[{"id":1}]}', trace: allowed },
    ).map(formatMismatch);
    expect(found).toEqual([
      'status: expected 201, actual 200',
      'decision: expected "deny", actual "allow" (ok)',
      'cache: expected "hit", actual "miss"',
      'context.n: expected "1", actual 1',
      'backendHeaders.x-user: expected "v", actual "u"',
      'body.list[0].id: expected 2, actual 1',
    ]);
  });

  it('no frontend authorizer is not_called; a text body expectation is a substring', () => {
    const none = trace({ backend: { type: 'MOCK', params: [] } });
    expect(checkExpectations({ decision: 'not_called', body: 'ok' }, { status: 200, body: '{"status":"ok"}', trace: none })).toEqual([]);
    expect(checkExpectations({ cache: 'miss', backendHeaders: { a: 'b' } }, { status: 200, body: '', trace: none }).map(formatMismatch)).toEqual([
      'cache: expected "miss", actual "not_called"',
      'backendHeaders.a: expected "b", actual (absent) (no HTTP or FUNCTION backend was called)',
    ]);
  });
});
