/**
 * The text of a scalar (string, number or boolean), or undefined for anything else. Untrusted JSON
 * (definition files, function results) can spell `{"toString": false}`, on which String() and
 * template literals throw, so values of unknown shape go through here instead.
 */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
