/**
 * Fuzzing the definition importer (src-shared/openapi): random text, random JSON/YAML documents
 * and mutations of a rich, valid definition (structural and textual). planImport never throws and
 * always answers with a plan whose diagnostics explain what could not be read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { planImport } from '../../src-shared/openapi/definitions';
import { parseText } from '../../src-shared/openapi/parse';
import { RICH_SWAGGER } from '../openapi/fixtures';
import { SHARED_EXAMPLES } from '../shared-examples';
import { FIXED_WORK_TIMEOUT, fuzz, fuzzTimeout } from './budget';

const SEED = parseText(RICH_SWAGGER).value as Record<string, unknown>;
/** The real APIG files (Swagger 2.0 and OpenAPI 3.0) as further seeds. */
const EXAMPLE_SEEDS = readdirSync(SHARED_EXAMPLES)
  .filter((name) => /\.(json|ya?ml)$/.test(name))
  .map((name) => ({ name, seed: parseText(readFileSync(join(SHARED_EXAMPLES, name), 'utf8')).value }));

function checkPlan(text: string): void {
  const { plan } = planImport(text);
  expect(Array.isArray(plan.diagnostics)).toBe(true);
  for (const d of plan.diagnostics) {
    expect(typeof d.message).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
  }
  // Nothing read and nothing said would leave the user guessing.
  if (plan.apis.length === 0 && plan.group.name === '') expect(plan.diagnostics.length).toBeGreaterThan(0);
}

type Path = (string | number)[];

function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...at, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

/** A copy of `doc` with the node at `path` replaced (or deleted when `replacement` is undefined). */
function mutate(doc: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (replacement === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

const ALL_PATHS = paths(SEED);
const replacement = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', 'ANY', 'FUNCTION', '{id}', '/{p+}', '#var#', '$context.x', -1, 0, 1e308, true, null, [], {}),
);

describe('definition importer (fuzz)', () => {
  it('random text (as JSON, YAML or neither) never throws and always explains itself', () => {
    const yamlish = fc.array(fc.constantFrom('swagger: "2.0"\n', 'openapi: 3.0.0\n', 'paths:\n', '  /a:\n', '    get:\n', '- ', ': ', '&a ', '*a ', '{', '}', '[', ']', '"', "'", '\t', '  ', '\n', '!!binary ', '<<: *a\n', '#'), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), yamlish, fc.string().map((s) => `{${s}`)), checkPlan), fuzz(0.25));
  }, fuzzTimeout(0.25));

  it('random JSON values and YAML documents never throw', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, asYaml) => {
        checkPlan(asYaml ? stringify(value) : JSON.stringify(value));
        // The same under a definition's head, so the readers past the version check run too.
        const doc = { swagger: '2.0', info: { title: 'fuzz_group', version: '1' }, paths: value };
        checkPlan(asYaml ? stringify(doc) : JSON.stringify(doc));
      }),
      fuzz(0.25),
    );
  }, fuzzTimeout(0.25));

  it('a valid definition with any one node replaced or removed never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_PATHS), replacement, fc.boolean(), (path, value, asYaml) => {
        const doc = mutate(SEED, path, value);
        checkPlan(asYaml ? stringify(doc ?? null) : JSON.stringify(doc ?? null));
      }),
      fuzz(0.3),
    );
  }, fuzzTimeout(0.3));

  // JSON can spell objects whose keys shadow Object.prototype; String(value) and `${value}` throw
  // on them. The random search found one such node; this visits every node with each of them.
  // The work is fixed (not time-boxed), so it is split per seed and given FIXED_WORK_TIMEOUT. Every
  // node gets every poison as JSON; as YAML (whose parse and position lookup cost several times
  // more) every node gets one poison, rotating, so each node and each poison is still read as YAML.
  const poisons: unknown[] = ['toString', 'constructor', '__proto__', JSON.parse('{"__proto__": {"toString": false}, "constructor": {"prototype": 1}}'), { toString: false }, { valueOf: 1, toString: 'x' }, { toJSON: 1, constructor: 'x', hasOwnProperty: 2 }, [{ toString: null }]];
  const seeds = [{ name: 'RICH_SWAGGER', seed: SEED as unknown }, ...EXAMPLE_SEEDS].map((s, index) => ({ ...s, index }));
  it.each(seeds)(
    'a valid definition ($name) with any one node replaced by a prototype-shadowing object never throws',
    ({ name, seed, index }) => {
      const failures: string[] = [];
      for (const [nodeIndex, path] of paths(seed).entries()) {
        for (const [poisonIndex, poison] of poisons.entries()) {
          const doc = mutate(seed, path, poison);
          const texts = [JSON.stringify(doc)];
          if (poisonIndex === (nodeIndex + index) % poisons.length) texts.push(stringify(doc));
          for (const text of texts) {
            try {
              checkPlan(text);
            } catch (error) {
              failures.push(`${name}: replacing /${path.join('/')} with ${JSON.stringify(poison)}: ${(error as Error).message}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    },
    FIXED_WORK_TIMEOUT,
  );

  it('a valid definition with random bytes inserted or cut never throws', () => {
    fc.assert(
      fc.property(fc.nat({ max: RICH_SWAGGER.length }), fc.nat({ max: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), (at, cut, insert) => {
        checkPlan(RICH_SWAGGER.slice(0, at) + insert + RICH_SWAGGER.slice(at + cut));
      }),
      fuzz(0.2),
    );
  }, fuzzTimeout(0.2));
});
