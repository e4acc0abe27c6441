/**
 * Expressions from the workspace (identity validations, backend-policy patterns) compiled once,
 * not per request, on the linear-time engine (src-shared/apig/linear-regexp.ts). An expression
 * that does not compile is remembered as null. The cache is bounded so that edited expressions
 * cannot grow it without limit.
 */
import { compileLinearRegExp, type LinearRegExp } from '../../../src-shared/apig/linear-regexp';

const compiled = new Map<string, LinearRegExp | null>();
const MAX_ENTRIES = 1000;

export function cachedRegExp(source: string): LinearRegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    const result = compileLinearRegExp(source);
    re = result.ok ? result.re : null;
    if (compiled.size >= MAX_ENTRIES) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}
