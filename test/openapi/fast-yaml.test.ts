import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastYamlValue } from '../../src-shared/openapi/fast-yaml';
import { parseText } from '../../src-shared/openapi/parse';
import { SHARED_EXAMPLES } from '../shared-examples';
import { RICH_SWAGGER } from './fixtures';

const yamlExamples = fs.readdirSync(SHARED_EXAMPLES).filter((f) => /\.ya?ml$/.test(f));

describe('fast YAML path', () => {
  it('reads every APIG example and the rich fixture exactly as the full parser does', () => {
    const texts = [...yamlExamples.map((f) => fs.readFileSync(path.join(SHARED_EXAMPLES, f), 'utf8')), RICH_SWAGGER];
    for (const text of texts) {
      const fast = fastYamlValue(text, 64);
      expect(fast).toBeDefined();
      expect(fast).toEqual(parse(text));
    }
  });

  it('keeps YAML 1.2 core scalars as the full parser does (no timestamps, yes/no are strings)', () => {
    const text = 'a: 2023-01-01\nb: yes\nc: 0x1F\nd: .inf\ne: ~\nf: "007"\ng: 1e3\n';
    expect(fastYamlValue(text, 64)).toEqual(parse(text));
  });

  it('hands anchors, aliases, tags, duplicate keys and several documents to the full parser', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 5\n', 'a: 1\na: 2\n', 'a: 1\n---\nb: 2\n']) {
      expect(fastYamlValue(text, 64)).toBeUndefined();
    }
    expect(parseText('a: 1\na: 2\n').diagnostics[0].message).toMatch(/duplicate key/);
  });

  it('refuses documents deeper than the limit', () => {
    let nested: unknown = 'leaf';
    for (let i = 0; i < 70; i++) nested = { k: nested };
    expect(fastYamlValue(stringify(nested), 64)).toBeUndefined();
  });

  it('positions diagnostics exactly: top-level keys by a line scan, deeper pointers through the full parser', () => {
    const text = 'swagger: "2.0"\ninfo:\n  title: t\npaths:\n  /a:\n    get:\n      operationId: x\n';
    const { locator } = parseText(text);
    expect(locator.locate('/paths')).toEqual({ line: 4, column: 1 });
    expect(locator.locate('/paths/~1a/get/operationId')).toEqual({ line: 7, column: 7 });
    expect(locator.locate('')).toEqual({ line: 1, column: 1 });
  });
});
