/** Document -> text. Deterministic: the same document always gives the same bytes. */
import { stringify } from 'yaml';
import type { Json } from './values';

export type OutputFormat = 'json' | 'yaml';

export function serialize(document: Json, format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(document, null, 2) + '\n';
  // APIG's YAML exports list keys alphabetically; no anchors (shared objects are written out in full),
  // no line folding (long strings stay on one line).
  return stringify(document, { sortMapEntries: true, aliasDuplicateObjects: false, lineWidth: 0, minContentWidth: 0 });
}
