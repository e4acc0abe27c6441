/**
 * A strict JSON reader that, unlike JSON.parse, reports duplicate keys, enforces a nesting limit
 * before it could exhaust the stack, and remembers where every key and array element starts so
 * diagnostics can name a line and column.
 */

export interface JsonPositions {
  /** Offset of the container's opening bracket. */
  start: number;
  /** Object: key -> offset of the key token. Array: index -> offset of the element. */
  children: Map<string, number> | number[];
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface JsonReadResult {
  value: unknown;
  positions: WeakMap<object, JsonPositions>;
}

export function readJson(text: string, maxDepth: number): JsonReadResult {
  const positions = new WeakMap<object, JsonPositions>();
  let i = 0;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const skipWs = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };

  const readString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    let chunk = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) fail('unterminated string', start);
      if (c === 34) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c < 32) fail('control character in string');
      if (c === 92) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else fail('bad escape');
        chunk = i;
      } else i++;
    }
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  const readValue = (depth: number): unknown => {
    skipWs();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(`nesting deeper than ${maxDepth} levels`);
      return c === '{' ? readObject(depth + 1) : readArray(depth + 1);
    }
    if (c === '"') return readString();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0].length > 0) {
      i += m[0].length;
      return Number(m[0]);
    }
    return fail(c === undefined ? 'unexpected end of input' : `unexpected character '${c}'`);
  };

  const readObject = (depth: number): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    const children = new Map<string, number>();
    positions.set(obj, { start: i, children });
    i++;
    skipWs();
    if (text[i] === '}') return i++, obj;
    for (;;) {
      skipWs();
      if (text[i] !== '"') fail('expected a quoted key');
      const keyAt = i;
      const key = readString();
      if (children.has(key)) fail(`duplicate key '${key}'`, keyAt);
      children.set(key, keyAt);
      skipWs();
      if (text[i] !== ':') fail("expected ':'");
      i++;
      const value = readValue(depth);
      // defineProperty keeps a key named __proto__ an ordinary data property.
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      skipWs();
      if (text[i] === ',') i++;
      else if (text[i] === '}') return i++, obj;
      else fail("expected ',' or '}'");
    }
  };

  const readArray = (depth: number): unknown[] => {
    const arr: unknown[] = [];
    const children: number[] = [];
    positions.set(arr, { start: i, children });
    i++;
    skipWs();
    if (text[i] === ']') return i++, arr;
    for (;;) {
      skipWs();
      children.push(i);
      arr.push(readValue(depth));
      skipWs();
      if (text[i] === ',') i++;
      else if (text[i] === ']') return i++, arr;
      else fail("expected ',' or ']'");
    }
  };

  const value = readValue(0);
  skipWs();
  if (i < text.length) fail('unexpected content after the JSON value');
  return { value, positions };
}
