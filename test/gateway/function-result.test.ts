/**
 * The FUNCTION backend's result check (runtime.md §6.3) on results a handler can really return:
 * JSON from user code, including values of the wrong shape.
 */
import { describe, expect, it } from 'vitest';
import { functionResultToResponse } from '../../src-main/gateway/backends/function-backend';

describe('FUNCTION backend result', () => {
  it('reads the wrapper, as an object or as its JSON string', () => {
    const wrapper = { statusCode: 201, headers: { 'X-A': 'a', 'X-N': 5, 'X-L': ['1', true] }, body: 'hi', isBase64Encoded: false };
    for (const raw of [wrapper, JSON.stringify(wrapper)]) {
      const check = functionResultToResponse(raw);
      expect(check.ok).toBe(true);
      if (!check.ok) continue;
      expect(check.response.status).toBe(201);
      expect(check.response.headers).toEqual({ 'x-a': 'a', 'x-n': '5', 'x-l': ['1', 'true'] });
      expect(check.response.body.toString()).toBe('hi');
    }
  });

  it('a header value that is an object is a 500 naming the header, even one that shadows toString', () => {
    for (const value of [{ toString: false }, { a: 1 }, [{ toString: null }]]) {
      const check = functionResultToResponse(JSON.stringify({ statusCode: 200, headers: { 'x-bad': value }, body: '' }));
      expect(check.ok).toBe(false);
      if (check.ok) continue;
      expect(check.error.status).toBe(500);
      expect(check.problem).toBe('header x-bad must be a string, number or boolean (or a list of them)');
    }
  });

  it('a null header value (Python None) sends no header', () => {
    const check = functionResultToResponse({ statusCode: 200, headers: { 'x-none': null, 'x-a': 'a' }, body: '' });
    expect(check.ok ? check.response.headers : check.problem).toEqual({ 'x-a': 'a' });
  });

  it('a header with CR or LF is refused rather than split', () => {
    const check = functionResultToResponse({ statusCode: 200, headers: { 'x-a': 'a\r\nx-b: b' }, body: '' });
    expect(check.ok ? '' : check.problem).toBe('header x-a contains CR, LF or NUL');
  });
});
