/** The suite editor's completion: keys by position (from the format's one key tree), values of enumerated keys. */
import { describe, expect, it } from 'vitest';
import { suiteCompletions } from '../../src-shared/lab/suite-completion';
import { readSuite } from '../../src-shared/lab/suite';

/** Completions at the `|` in `text`. */
function at(text: string): string[] {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('|'));
  return suiteCompletions(text.replace('|', ''), line + 1, lines[line].indexOf('|') + 1).map((c) => c.label);
}

describe('suite completion', () => {
  it('offers the keys allowed at the cursor that the mapping does not have yet', () => {
    expect(at('|')).toEqual(['name', 'variables', 'defaults', 'cases']);
    expect(at('name: x\n|\ncases: []')).toEqual(['variables', 'defaults']);
    expect(at('cases:\n  - |')).toEqual(['name', 'request', 'expect', 'rows', 'skip']);
    expect(at('cases:\n  - name: a\n    |\n    expect: {}')).toEqual(['request', 'rows', 'skip']);
    expect(at('cases:\n  - name: a\n    request:\n      path: /x\n      |')).toEqual(['method', 'stage', 'headers', 'query', 'body', 'credentials', 'asContext']);
    expect(at('cases:\n  - name: a\n    request:\n      credentials:\n        |')).toEqual(['app', 'iamToken']);
    expect(at('defaults:\n  |')).toEqual(['stage', 'headers', 'credentials']);
  });

  it('a new list item is its own mapping: the keys of the item above do not count', () => {
    expect(at('cases:\n  - name: a\n    request: { path: /x }\n    expect: {}\n  - name: b\n    |')).toEqual(['request', 'expect', 'rows', 'skip']);
  });

  it('offers nothing inside free-form mappings (headers, context) or after a scalar', () => {
    expect(at('cases:\n  - name: a\n    request:\n      headers:\n        |')).toEqual([]);
    expect(at('cases:\n  - name: a\n    expect:\n      context:\n        |')).toEqual([]);
    expect(at('name: x |')).toEqual([]);
  });

  it('offers the values of enumerated keys, in block and in flow style', () => {
    expect(at('cases:\n  - name: a\n    expect:\n      decision: |')).toEqual(['allow', 'deny', 'identities_failure', 'conf_failure', 'relaxed', 'not_called']);
    expect(at('cases:\n  - name: a\n    expect: { status: 200, cache: m| }')).toEqual(['hit', 'miss']);
    expect(at('cases:\n  - request: { method: |')).toEqual(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
  });

  it('every key it offers is one the reader accepts, at that place', () => {
    const request = at('cases:\n  - name: a\n    request:\n      |');
    const expectKeys = at('cases:\n  - name: a\n    expect:\n      |');
    const keysUnknown = (text: string) => readSuite(text, 's').diagnostics.filter((d) => d.message.startsWith('unknown key'));
    for (const key of request) expect(keysUnknown(`cases:\n  - name: a\n    request:\n      path: /x\n      ${key}: {}\n`)).toEqual([]);
    for (const key of expectKeys) expect(keysUnknown(`cases:\n  - name: a\n    request: { path: /x }\n    expect:\n      ${key}: 1\n`)).toEqual([]);
    expect(keysUnknown('cases:\n  - name: a\n    request: { path: /x, nope: 1 }\n')[0].message).toContain('expected one of: method, path');
  });
});
