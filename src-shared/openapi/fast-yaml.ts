/**
 * A fast path for plain YAML. The `yaml` library builds a full syntax tree with positions, which
 * costs about a second per megabyte here; js-yaml reads the same plain documents many times
 * faster. The fast path is taken only for documents without anchors, aliases or tags (where alias
 * bombs and custom types live) and hands anything it refuses (duplicate keys, syntax errors,
 * several documents, too deep) to the full parser, so every error still comes from the full
 * parser with its exact position. Positions for warnings are found on demand (see lazyLocator).
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import type { PositionLocator } from './diagnostics';
import { pointerTokens } from './diagnostics';

/** An anchor (&), alias (*) or tag (!) where a token starts; false positives only cost speed. */
const ANCHOR_ALIAS_OR_TAG = /(^|[\s[\]{},:-])[&*!]/m;

/** The document as plain data, or undefined when the full parser must read it. */
export function fastYamlValue(text: string, maxDepth: number): unknown {
  if (ANCHOR_ALIAS_OR_TAG.test(text)) return undefined;
  let value: unknown;
  try {
    // CORE_SCHEMA: the YAML 1.2 core types, as the `yaml` library reads them (no timestamps, no merge keys).
    // json: false makes duplicate keys an error, which sends the text to the full parser.
    value = load(text, { schema: CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  if (value === undefined || deeperThan(value, maxDepth)) return undefined;
  return value;
}

function deeperThan(root: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Positions on demand: the root and top-level keys (where file-wide warnings point) are found by
 * a line scan; anything deeper builds the exact locator once, with the full parser.
 */
export function lazyLocator(text: string, position: (offset: number) => { line: number; column: number }, exact: () => PositionLocator): PositionLocator {
  let full: PositionLocator | undefined;
  return {
    locate(pointer) {
      const tokens = pointerTokens(pointer);
      if (tokens.length === 0) return { line: 1, column: 1 };
      if (tokens.length === 1) {
        const offset = topLevelKeyOffset(text, tokens[0]);
        if (offset >= 0) return position(offset);
      }
      full ??= exact();
      return full.locate(pointer);
    },
  };
}

function topLevelKeyOffset(text: string, key: string): number {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^(?:${escaped}|'${escaped}'|"${escaped}")[ \\t]*:`, 'm').exec(text);
  return match ? match.index : -1;
}
