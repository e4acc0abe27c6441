/**
 * `table[key]` for the table's own keys only. Keys taken from documents or requests ("constructor",
 * "toString", "__proto__") would otherwise reach Object.prototype and come back as functions.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
