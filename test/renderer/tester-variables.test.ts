/** The tester's {{variables}}: substitution everywhere a request is typed, and the names' rules. */
import { describe, expect, it } from 'vitest';
import { checkTesterVariables, substituteTesterVariables } from '../../src-shared/tester-variables';
import { EMPTY_FORM, withVariables } from '../../src-renderer/tester/requestForm';

describe('tester variables', () => {
  it('replaces {{name}} (spaces inside the braces allowed) and lists names without a value, once each', () => {
    expect(substituteTesterVariables('Bearer {{token}} / {{ user }}', { token: 't1', user: 'u1' })).toEqual({ text: 'Bearer t1 / u1', missing: [] });
    expect(substituteTesterVariables('{{a}}-{{b}}-{{a}}', { b: 'B' })).toEqual({ text: '{{a}}-B-{{a}}', missing: ['a'] });
    // Own keys only: a name like constructor is a variable like any other.
    expect(substituteTesterVariables('{{constructor}}', {}).missing).toEqual(['constructor']);
    expect(substituteTesterVariables('{single} {{}} {{ }}', {})).toEqual({ text: '{single} {{}} {{ }}', missing: [] });
  });

  it('fills the URL, the enabled query and header rows and the body, and says whether anything was filled', () => {
    const form = {
      ...EMPTY_FORM,
      url: '/users/{{id}}',
      query: [{ key: 'q', value: '{{term}}', enabled: true }],
      headers: [
        { key: 'Authorization', value: 'Bearer {{token}}', enabled: true },
        { key: 'X-Off', value: '{{unset}}', enabled: false },
      ],
      body: '{"id": "{{id}}"}',
    };
    const filled = withVariables(form, { id: '7', term: 'x', token: 't' });
    expect(filled.missing).toEqual([]);
    expect(filled.used).toBe(true);
    expect(filled.form.url).toBe('/users/7');
    expect(filled.form.query[0].value).toBe('x');
    expect(filled.form.headers.map((h) => h.value)).toEqual(['Bearer t', '{{unset}}']);
    expect(filled.form.body).toBe('{"id": "7"}');
    expect(withVariables(form, {}).missing).toEqual(['id', 'term', 'token']);
    expect(withVariables(EMPTY_FORM, { id: '7' }).used).toBe(false);
  });

  it('names are a letter or _ then letters, digits, _ . -; values are text', () => {
    expect(checkTesterVariables({ token: 'a', 'app.key': 'b', _x: '' })).toEqual([]);
    expect(checkTesterVariables({ '1abc': 'a' })[0]).toMatchObject({ field: '1abc', rule: 'pattern' });
    expect(checkTesterVariables({ ok: 5 })[0]).toMatchObject({ field: 'ok', rule: 'type' });
  });
});
