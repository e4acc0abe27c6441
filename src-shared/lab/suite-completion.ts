/**
 * Completion for the suite editor, driven by the suite format's key tree (SUITE_SPEC): at a key
 * position, the keys allowed there that the mapping does not have yet; after `decision:`,
 * `cache:`, `method:` or `skip:`, the allowed values. Works on block-style YAML by indentation
 * (what users type), and on enumerated values inside flow maps (`expect: { decision: | }`).
 */
import { SUITE_SPEC, type SuiteKeySpec } from './suite';

export interface SuiteCompletion {
  label: string;
  kind: 'key' | 'value';
  /** What replaces the word at the cursor. */
  insertText: string;
  doc: string;
}

interface LineInfo {
  /** Column (0-based) of the key, after any `- ` item markers. */
  indent: number;
  key?: string;
  /** The line starts a list item (`- `). */
  item: boolean;
  /** Nothing after `key:` (a nested mapping or list follows). */
  opens: boolean;
}

function infoOf(line: string): LineInfo | undefined {
  const m = /^(\s*)((?:-\s+)*)(.*)$/.exec(line)!;
  const rest = m[3];
  if (rest === '' && !m[2]) return undefined;
  if (rest.startsWith('#')) return undefined;
  const key = /^([A-Za-z_][\w-]*)\s*:(\s|$)/.exec(rest);
  return {
    indent: m[1].length + m[2].length,
    key: key?.[1],
    item: m[2] !== '',
    opens: key ? rest.slice(key[0].length).replace(/#.*$/, '').trim() === '' : false,
  };
}

/** The spec of the mapping whose keys are at `indent`, found through the lines above `lineIndex`. */
function contextAt(lines: string[], lineIndex: number, indent: number): { spec?: SuiteKeySpec; siblings: Set<string> } {
  const path: string[] = [];
  const siblings = new Set<string>();
  let level = indent;
  let inSameMapping = true;
  for (let i = lineIndex - 1; i >= 0; i--) {
    const info = infoOf(lines[i]);
    if (!info) continue;
    if (info.indent < level) {
      if (!info.key || !info.opens) return { siblings };
      path.unshift(info.key);
      level = info.indent;
      inSameMapping = false;
      if (level === 0) break;
    } else if (info.indent === level && inSameMapping && info.key) {
      siblings.add(info.key);
      // The first key of a list item: the items above belong to other mappings.
      if (info.item) inSameMapping = false;
    }
  }
  if (level !== 0 && path.length > 0) return { siblings };
  // The lines below the cursor in the same mapping count too.
  for (let i = lineIndex + 1; i < lines.length; i++) {
    const info = infoOf(lines[i]);
    if (!info) continue;
    if (info.indent < indent || (info.indent === indent && info.item)) break;
    if (info.indent === indent && info.key) siblings.add(info.key);
  }
  let spec: SuiteKeySpec | undefined = SUITE_SPEC;
  for (const key of path) spec = spec?.keys?.[key];
  return { spec: spec?.keys ? spec : undefined, siblings };
}

/** The key spec named `key` anywhere in the tree, for values in flow maps. */
function findKey(key: string, spec: SuiteKeySpec = SUITE_SPEC): SuiteKeySpec | undefined {
  for (const [name, child] of Object.entries(spec.keys ?? {})) {
    if (name === key && child.values) return child;
    const found = findKey(key, child);
    if (found) return found;
  }
  return undefined;
}

/** `line` and `column` are 1-based, as editors give them; `column` is the cursor's. */
export function suiteCompletions(text: string, line: number, column: number): SuiteCompletion[] {
  const lines = text.split('\n');
  const current = lines[line - 1] ?? '';
  const before = current.slice(0, column - 1);

  const value = /([A-Za-z_][\w-]*)\s*:\s*([\w-]*)$/.exec(before);
  if (value) {
    const spec = findKey(value[1]);
    return (spec?.values ?? []).map((v) => ({ label: v, kind: 'value', insertText: v, doc: spec!.doc }));
  }
  const key = /^(\s*)((?:-\s+)*)([A-Za-z_]*)$/.exec(before);
  if (!key) return [];
  const indent = key[1].length + key[2].length;
  const { spec, siblings } = contextAt(lines, line - 1, indent);
  if (!spec?.keys) return [];
  return Object.entries(spec.keys)
    .filter(([name]) => !siblings.has(name))
    .map(([name, child]) => ({ label: name, kind: 'key', insertText: `${name}: `, doc: child.doc + (child.values ? ` (${child.values.join(', ')})` : '') }));
}
