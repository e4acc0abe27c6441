/** Document -> text. Deterministic: the same document always gives the same bytes. */
import { stringify } from 'yaml';
import { isRecord, type Json } from './values';

export type OutputFormat = 'json' | 'yaml';

export function serialize(document: Json, format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(document, null, 2) + '\n';
  // APIG's YAML exports list keys alphabetically below the root; the root keeps the document's own
  // order (openapi, info, servers, paths, components: EX-2, EX-4), so a console export diffs cleanly.
  // Sorting here is much cheaper than the library's sortMapEntries. No anchors (shared objects are
  // written out in full), no line folding.
  const root: Json = {};
  for (const [key, value] of Object.entries(document)) root[key] = sortDeep(value);
  return stringify(root, { aliasDuplicateObjects: false, lineWidth: 0, minContentWidth: 0 });
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (!isRecord(value)) return value;
  const out: Json = {};
  for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[key] = sortDeep(value[key]);
  return out;
}
