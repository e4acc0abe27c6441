/**
 * Text -> plain document, with hard limits checked before any expensive work so that hostile
 * input (huge files, alias bombs, deep nesting, duplicate keys, recursive aliases) ends in one
 * clear error instead of a hang or a crash.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { DiagnosticSink, LineIndex, pointerTokens, type Diagnostic, type PositionLocator } from './diagnostics';
import { readJson, JsonSyntaxError, type JsonPositions } from './json-reader';
import { fastYamlValue, lazyLocator } from './fast-yaml';

export interface ParseLimits {
  /** Largest accepted text, in characters (UTF-16 units). */
  maxChars: number;
  maxDepth: number;
  /** YAML aliases allowed in the whole document (alias bombs multiply them). */
  maxAliasCount: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxChars: 20 * 1024 * 1024,
  maxDepth: 64,
  maxAliasCount: 100,
};

export type SourceFormat = 'json' | 'yaml';

export interface ParsedText {
  /** undefined when the text could not be read at all (see diagnostics). */
  value: unknown;
  format: SourceFormat;
  locator: PositionLocator;
  diagnostics: Diagnostic[];
}

/** Sniffs JSON vs YAML unless told: JSON texts start with '{' or '['. */
export function parseText(text: string, options: { format?: SourceFormat; limits?: Partial<ParseLimits> } = {}): ParsedText {
  const limits = { ...DEFAULT_PARSE_LIMITS, ...options.limits };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const format: SourceFormat = options.format ?? (/^\s*[[{]/.test(text) ? 'json' : 'yaml');
  const lines = new LineIndex(text);
  const fail = (message: string, offset = 0): ParsedText => {
    const sink = new DiagnosticSink({ locate: () => (offset >= 0 ? lines.position(offset) : { line: 0, column: 0 }) });
    sink.error('', message);
    return { value: undefined, format, locator: { locate: () => ({ line: 1, column: 1 }) }, diagnostics: sink.items };
  };

  if (text.length > limits.maxChars) {
    return fail(`file too large: ${text.length} characters, the limit is ${limits.maxChars}`, -1);
  }
  return format === 'json' ? parseJsonText(text, limits, lines, fail) : parseYamlText(text, limits, lines, fail);
}

function parseJsonText(
  text: string,
  limits: ParseLimits,
  lines: LineIndex,
  fail: (message: string, offset?: number) => ParsedText,
): ParsedText {
  try {
    const { value, positions } = readJson(text, limits.maxDepth);
    return { value, format: 'json', locator: jsonLocator(value, positions, lines), diagnostics: [] };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return fail(`invalid JSON: ${error.message}`, error.offset);
    throw error;
  }
}

function jsonLocator(root: unknown, positions: WeakMap<object, JsonPositions>, lines: LineIndex): PositionLocator {
  return {
    locate(pointer) {
      let node = root;
      let offset = 0;
      for (const token of pointerTokens(pointer)) {
        if (node === null || typeof node !== 'object') break;
        const pos = positions.get(node);
        if (!pos) break;
        const at = pos.children instanceof Map ? pos.children.get(token) : pos.children[Number(token)];
        if (at === undefined) break;
        offset = at;
        node = (node as Record<string, unknown>)[token];
      }
      return lines.position(offset);
    },
  };
}

/** Fast over-estimate of flow-collection nesting, so `[[[[…` is refused before the YAML parser sees it. */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === 92 && quote === 34) i++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || (c === 39 && i > 0 && /[\s[{,:]/.test(text[i - 1]))) quote = c;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  return max;
}

function parseYamlText(
  text: string,
  limits: ParseLimits,
  lines: LineIndex,
  fail: (message: string, offset?: number) => ParsedText,
): ParsedText {
  if (flowDepth(text) > limits.maxDepth * 4) {
    // A generous bound: the exact depth is checked on the parsed tree below.
    return fail(`nesting deeper than ${limits.maxDepth} levels`, -1);
  }
  const fast = fastYamlValue(text, limits.maxDepth);
  if (fast !== undefined) {
    const exact = () => parseYamlFully(text, limits, lines, fail).locator;
    return { value: fast, format: 'yaml', locator: lazyLocator(text, (offset) => lines.position(offset), exact), diagnostics: [] };
  }
  return parseYamlFully(text, limits, lines, fail);
}

/** The full parser: positions for every node, and the exact error for anything refused. */
function parseYamlFully(
  text: string,
  limits: ParseLimits,
  lines: LineIndex,
  fail: (message: string, offset?: number) => ParsedText,
): ParsedText {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      // The library's own check compares each key with every earlier one (60,000 keys: 32 s);
      // firstDuplicateKey below does it in one pass.
      uniqueKeys: false,
      prettyErrors: false,
      strict: true,
      // The library would print warnings (e.g. collection keys) to the console; problems reach the
      // user as diagnostics instead.
      logLevel: 'error',
    });
  } catch (error) {
    if (error instanceof RangeError) return fail(`nesting too deep to parse (${error.message})`, -1);
    throw error;
  }
  const first = doc.errors[0];
  if (first) {
    const offset = first.pos?.[0] ?? 0;
    const message = first.code === 'DUPLICATE_KEY' ? `duplicate key: ${first.message}` : first.message;
    return fail(`invalid YAML: ${message.split('\n')[0]}`, offset);
  }
  const duplicate = firstDuplicateKey(doc.contents);
  if (duplicate) return fail(`invalid YAML: duplicate key: Map keys must be unique ('${String(duplicate.value)}')`, duplicate.range?.[0] ?? 0);
  const deep = yamlTooDeep(doc.contents, limits.maxDepth);
  if (deep) return fail(`nesting deeper than ${limits.maxDepth} levels`, deep.range?.[0] ?? 0);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(`YAML aliases refused: ${message}`, -1);
  }
  return { value, format: 'yaml', locator: yamlLocator(doc, lines), diagnostics: [] };
}

/**
 * The earliest repeated scalar key of any mapping (keys equal as the library compares them: same
 * scalar value), found with one set per mapping: linear in the document, not in keys squared.
 */
function firstDuplicateKey(root: unknown): Scalar | undefined {
  let first: Scalar | undefined;
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (seen.has(key.value)) {
            if (!first || (key.range?.[0] ?? 0) < (first.range?.[0] ?? 0)) first = key;
          } else seen.add(key.value);
        } else stack.push(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return first;
}

/** Iterative depth check over the YAML AST (aliases are not followed; toJS caps them). */
function yamlTooDeep(root: unknown, maxDepth: number): Node | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > maxDepth) return node as Node;
      for (const item of node.items as unknown[]) {
        if (isPair(item)) stack.push([item.value, depth + 1]);
        else stack.push([item, depth + 1]);
      }
    }
  }
  return undefined;
}

function yamlLocator(doc: Document.Parsed, lines: LineIndex): PositionLocator {
  return {
    locate(pointer) {
      let node: unknown = doc.contents;
      let offset = (node as Node | null)?.range?.[0] ?? 0;
      for (const token of pointerTokens(pointer)) {
        if (isAlias(node)) node = node.resolve(doc);
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === token);
          if (!pair) break;
          offset = (pair.key as Node).range?.[0] ?? offset;
          node = pair.value;
        } else if (isSeq(node)) {
          const item = node.items[Number(token)] as Node | undefined;
          if (!item) break;
          offset = item.range?.[0] ?? offset;
          node = item;
        } else break;
      }
      return lines.position(offset);
    },
  };
}
