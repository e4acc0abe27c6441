/**
 * `#name#` environment variables in backend address and path (runtime.md §3.4).
 * Names: 3–32 chars, letter first, letters/digits/`-`/`_`, case-sensitive.
 */
const VARIABLE = /#([A-Za-z][A-Za-z0-9_-]{2,31})#/g;

export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1]);
}

export interface Substitution {
  text: string;
  /** Names referenced but not defined in the environment. */
  unresolved: string[];
}

/** Replaces every defined #name#; undefined ones are left in place and reported. */
export function substituteVariables(text: string, values: ReadonlyMap<string, string>): Substitution {
  if (!text.includes('#')) return { text, unresolved: [] };
  const unresolved: string[] = [];
  const out = text.replace(VARIABLE, (whole, name: string) => {
    const value = values.get(name);
    if (value === undefined) {
      unresolved.push(name);
      return whole;
    }
    return value;
  });
  return { text: out, unresolved };
}
