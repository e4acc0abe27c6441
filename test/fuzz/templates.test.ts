/**
 * Fuzzing gateway-response templates (`$context.*`, runtime.md §2.3) and `#var#` environment
 * variables (§3.4): no input throws; unknown variables render empty; once every variable in a
 * template is known, no `$context.` is left; `#name#` substitution replaces exactly the defined
 * names and reports the rest, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderErrorResponse, renderTemplate } from '../../src-shared/apig/gateway-responses';
import { substituteVariables, variablesIn } from '../../src-shared/apig/env-vars';
import { ERROR_TYPES, Errors, type ErrorType } from '../../src-shared/apig/errors';
import { fuzz, fuzzTimeout } from './budget';

const contextName = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/), fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/), { maxLength: 3 }))
  .map(([head, rest]) => [head, ...rest].join('.'));
/** Text around variables: no '$' (so no accidental variable), not starting with a name character. */
const filler = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('$') && !/^[A-Za-z0-9_.-]/.test(s));
const valueText = fc.string({ unit: 'binary', maxLength: 16 }).filter((s) => !s.includes('$'));

describe('gateway-response templates (fuzz)', () => {
  it('rendering never throws, whatever the template and values', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.dictionary(fc.string(), fc.string()),
        fc.boolean(),
        (template, values, asMap) => {
          const v = asMap ? new Map(Object.entries(values)) : values;
          expect(typeof renderTemplate(template, v)).toBe('string');
          expect(typeof renderTemplate(`$context.${template}`, v)).toBe('string');
        },
      ),
      fuzz(0.15),
    );
  }, fuzzTimeout(0.15));

  it('known variables are substituted, unknown ones render empty, and no $context. is left', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(filler, contextName), { maxLength: 6 }),
        filler,
        fc.dictionary(contextName, valueText, { maxKeys: 6 }),
        (pieces, tail, values) => {
          const template = pieces.map(([text, name]) => `${text}$context.${name}`).join('') + tail;
          const expected = pieces.map(([text, name]) => text + (Object.hasOwn(values, name) ? values[name] : '')).join('') + tail;
          const rendered = renderTemplate(template, new Map(Object.entries(values)));
          expect(rendered).toBe(expected);
          expect(rendered).not.toContain('$context.');
        },
      ),
      fuzz(0.3),
    );
  }, fuzzTimeout(0.3));

  it('an error response renders for every type, with any custom rule, without throwing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ERROR_TYPES),
        fc.option(
          fc.record({
            status: fc.option(fc.integer({ min: 200, max: 599 }), { nil: undefined }),
            body: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
            headers: fc.option(fc.array(fc.record({ key: fc.string(), value: fc.string({ unit: 'binary' }) }), { maxLength: 10 }), { nil: undefined }),
          }),
          { nil: undefined },
        ),
        fc.dictionary(fc.string(), fc.string()),
        (type: ErrorType, rule, values) => {
          const error = { ...Errors.internal(), type };
          const set = rule ? { id: 's', groupId: 'g', name: 'set', isDefault: true, responses: { [type]: rule } } : undefined;
          const rendered = renderErrorResponse(error, set as never, values);
          expect(rendered.status).toBeGreaterThanOrEqual(200);
          expect(typeof rendered.body).toBe('string');
        },
      ),
      fuzz(0.15),
    );
  }, fuzzTimeout(0.15));
});

describe('#var# environment variables (fuzz)', () => {
  const varName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{2,31}$/);
  const plain = fc.string({ unit: 'binary', maxLength: 10 }).filter((s) => !s.includes('#'));

  it('substitution never throws, whatever the text and values', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.dictionary(fc.string(), fc.string()), (text, values) => {
        const r = substituteVariables(text, new Map(Object.entries(values)));
        expect(typeof r.text).toBe('string');
        expect(Array.isArray(r.unresolved)).toBe(true);
        variablesIn(text);
      }),
      fuzz(0.15),
    );
  }, fuzzTimeout(0.15));

  it('defined names are replaced once (values are not re-scanned); undefined ones stay and are reported in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(plain, varName), { maxLength: 6 }),
        plain,
        fc.dictionary(varName, fc.string({ unit: 'binary', maxLength: 12 }), { maxKeys: 6 }),
        (pieces, tail, defined) => {
          const text = pieces.map(([t, name]) => `${t}#${name}#`).join('') + tail;
          const values = new Map(Object.entries(defined));
          const expectedText = pieces.map(([t, name]) => t + (values.has(name) ? values.get(name) : `#${name}#`)).join('') + tail;
          const r = substituteVariables(text, values);
          expect(r.text).toBe(expectedText);
          expect(r.unresolved).toEqual(pieces.map(([, name]) => name).filter((n) => !values.has(n)));
          expect(variablesIn(text)).toEqual(pieces.map(([, name]) => name));
        },
      ),
      fuzz(0.25),
    );
  }, fuzzTimeout(0.25));
});
