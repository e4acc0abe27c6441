/**
 * Expressions from the workspace (identity validations, backend-policy patterns) compiled once,
 * not per request. An expression that does not compile is remembered as null. The cache is
 * bounded so that edited expressions cannot grow it without limit.
 */
const compiled = new Map<string, RegExp | null>();
const MAX_ENTRIES = 1000;

export function cachedRegExp(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source);
    } catch {
      re = null;
    }
    if (compiled.size >= MAX_ENTRIES) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}
