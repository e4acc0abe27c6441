/**
 * Plain values (what a trace is made of) as bytes, and back. Finished traces wait in memory as
 * these bytes, off V8's heap (see held-traces.ts): a waiting trace as objects is what each
 * young-generation collection copies and then promotes, and under load that was most of what
 * recording cost.
 *
 * What round-trips is what JSON keeps, plus what a trace needs beyond it: `undefined`, numbers as
 * they are (NaN too), byte arrays (bodies, kept as bytes and decoded only when read), JSON text
 * (JsonText: an authorizer's event as it was sent, parsed only when read) and functions registered
 * once (a stage summary's template, see stage-log.ts). An object is written as its own enumerable
 * properties, after its toJSON() when it has one, as JSON.stringify would; anything else (a bigint,
 * a symbol, a cycle) is refused with UnencodableValue, and the caller keeps that value as it is.
 */

const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const INT = 4;
const FLOAT = 5;
const STRING = 6;
const ARRAY = 7;
const OBJECT = 8;
const BYTES = 9;
const FUNCTION = 10;
const JSON_TEXT = 11;

/** JSON text kept as text: written as it is, and read back as the value it stands for. */
export class JsonText {
  constructor(readonly text: string) {}
}

export class UnencodableValue extends Error {}

/**
 * Values written by number: each is remembered the first time it is written, for as long as the
 * process runs, so only values from a small set belong here. Past `limit` no more are taken.
 */
class Registry<T> {
  private readonly values: T[] = [];
  private readonly ids = new Map<T, number>();
  constructor(readonly limit: number) {}

  /** The value's number, given now if it has none and there is room; undefined when full. */
  idOf(value: T): number | undefined {
    let id = this.ids.get(value);
    if (id === undefined && this.values.length < this.limit) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  at(id: number): T {
    return this.values[id];
  }
}

/**
 * Functions seen so far. Templates are module constants, so this stays small; past the limit a
 * function (a closure made per request, which should not reach a trace) is refused rather than
 * remembered forever.
 */
const functions = new Registry<unknown>(4096);
/**
 * Property names, which repeat from trace to trace (the facts' own, header names): a name written
 * once is then three bytes (a no-auth trace: 1,631 bytes instead of 2,078, and ~10% less time to
 * write). Past the limit (a client sending endless distinct header names) names are written out.
 */
const names = new Registry<string>(0xffff);
/** How a property name is written: its number in `names`, or its characters. */
const NAME_REF = 1;
const NAME_TEXT = 0;
/** Deeper than any trace goes; deeper is taken for a cycle. */
const MAX_DEPTH = 64;
/**
 * Strings up to this many characters are copied as ASCII in JavaScript: ~1 ns a character against
 * ~50 ns for a call into C++ (Buffer#write), which wins for longer ones (measured on Node 20).
 */
const SHORT_STRING = 24;

function functionId(fn: unknown): number {
  const id = functions.idOf(fn);
  if (id === undefined) throw new UnencodableValue(`more than ${functions.limit} distinct functions in traces`);
  return id;
}

/** Encodes values one after another into a buffer of its own, reused from value to value. */
export class ValueWriter {
  private buf = Buffer.allocUnsafeSlow(64 * 1024);
  private pos = 0;

  /** Starts over: what was written before is no longer wanted. */
  reset(): void {
    this.pos = 0;
  }

  get length(): number {
    return this.pos;
  }

  /** Copies what was written since reset() into `target` at `offset`. */
  copyTo(target: Buffer, offset: number): void {
    this.buf.copy(target, offset, 0, this.pos);
  }

  write(value: unknown, depth = 0): void {
    switch (typeof value) {
      case 'string':
        this.room(1);
        this.buf[this.pos++] = STRING;
        this.string(value);
        return;
      case 'number':
        this.number(value);
        return;
      case 'boolean':
        this.room(1);
        this.buf[this.pos++] = value ? TRUE : FALSE;
        return;
      case 'undefined':
        this.room(1);
        this.buf[this.pos++] = UNDEFINED;
        return;
      case 'function':
        this.room(5);
        this.buf[this.pos++] = FUNCTION;
        this.uint32(functionId(value));
        return;
      case 'object':
        this.object(value, depth);
        return;
      default:
        throw new UnencodableValue(`a ${typeof value} cannot be held as bytes`);
    }
  }

  private object(value: object | null, depth: number): void {
    if (value === null) {
      this.room(1);
      this.buf[this.pos++] = NULL;
      return;
    }
    if (depth >= MAX_DEPTH) throw new UnencodableValue(`nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      this.plainObject(value as Record<string, unknown>, depth);
      return;
    }
    if (Array.isArray(value)) {
      this.room(5);
      this.buf[this.pos++] = ARRAY;
      this.uint32(value.length);
      for (let i = 0; i < value.length; i++) this.write(value[i], depth + 1);
      return;
    }
    if (value instanceof Uint8Array) {
      this.room(5 + value.length);
      this.buf[this.pos++] = BYTES;
      this.uint32(value.length);
      this.buf.set(value, this.pos);
      this.pos += value.length;
      return;
    }
    if (value instanceof JsonText) {
      this.room(1);
      this.buf[this.pos++] = JSON_TEXT;
      this.string(value.text);
      return;
    }
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      this.write(toJSON.call(value), depth + 1);
      return;
    }
    // An instance of a class without toJSON(): its own enumerable properties, as JSON would.
    const own: Record<string, unknown> = {};
    for (const key of Object.keys(value)) own[key] = (value as Record<string, unknown>)[key];
    this.plainObject(own, depth);
  }

  /**
   * Its properties, counted as they are written: for...in over a plain object (no enumerable
   * inherited properties) is Object.keys() without the array.
   */
  private plainObject(value: Record<string, unknown>, depth: number): void {
    this.room(5);
    this.buf[this.pos++] = OBJECT;
    const countAt = this.pos;
    this.pos += 4;
    let count = 0;
    for (const key in value) {
      this.name(key);
      this.write(value[key], depth + 1);
      count++;
    }
    // `room()` may have moved the bytes to a larger buffer: write through `this.buf` now.
    const buf = this.buf;
    buf[countAt] = count;
    buf[countAt + 1] = count >>> 8;
    buf[countAt + 2] = count >>> 16;
    buf[countAt + 3] = count >>> 24;
  }

  private number(value: number): void {
    this.room(9);
    if ((value | 0) === value && !Object.is(value, -0)) {
      this.buf[this.pos++] = INT;
      // Two's complement, little-endian: what readInt32LE reads back.
      this.uint32(value);
    } else {
      this.buf[this.pos++] = FLOAT;
      this.buf.writeDoubleLE(value, this.pos);
      this.pos += 8;
    }
  }

  private name(key: string): void {
    const id = names.idOf(key);
    this.room(3);
    const buf = this.buf;
    if (id === undefined) {
      buf[this.pos++] = NAME_TEXT;
      this.string(key);
    } else {
      buf[this.pos] = NAME_REF;
      buf[this.pos + 1] = id;
      buf[this.pos + 2] = id >>> 8;
      this.pos += 3;
    }
  }

  /** Its UTF-8 length, then its UTF-8 bytes. */
  private string(value: string): void {
    const n = value.length;
    this.room(4 + 3 * n);
    const buf = this.buf;
    const start = this.pos + 4;
    let bytes = 0;
    if (n <= SHORT_STRING) {
      while (bytes < n) {
        const code = value.charCodeAt(bytes);
        if (code >= 0x80) break;
        buf[start + bytes++] = code;
      }
    }
    if (bytes < n) bytes = buf.write(value, start, 'utf8');
    this.uint32(bytes);
    this.pos = start + bytes;
  }

  private uint32(value: number): void {
    const buf = this.buf;
    const at = this.pos;
    buf[at] = value;
    buf[at + 1] = value >>> 8;
    buf[at + 2] = value >>> 16;
    buf[at + 3] = value >>> 24;
    this.pos = at + 4;
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}

/** Reads back values a ValueWriter wrote, one after another, from `buf` at `offset`. */
export class ValueReader {
  constructor(
    private readonly buf: Buffer,
    private pos: number,
  ) {}

  read(): unknown {
    const buf = this.buf;
    const tag = buf[this.pos++];
    switch (tag) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INT: {
        const value = buf.readInt32LE(this.pos);
        this.pos += 4;
        return value;
      }
      case FLOAT: {
        const value = buf.readDoubleLE(this.pos);
        this.pos += 8;
        return value;
      }
      case STRING:
        return this.string();
      case ARRAY: {
        const items = new Array<unknown>(this.uint32());
        for (let i = 0; i < items.length; i++) items[i] = this.read();
        return items;
      }
      case OBJECT: {
        const count = this.uint32();
        const object: Record<string, unknown> = {};
        for (let i = 0; i < count; i++) {
          const key = this.buf[this.pos++] === NAME_REF ? names.at(this.uint16()) : this.string();
          object[key] = this.read();
        }
        return object;
      }
      case BYTES: {
        const length = this.uint32();
        // A copy: the bytes read from are reused once the trace is let go.
        const bytes = Buffer.from(buf.subarray(this.pos, this.pos + length));
        this.pos += length;
        return bytes;
      }
      case FUNCTION:
        return functions.at(this.uint32());
      case JSON_TEXT:
        return JSON.parse(this.string());
      default:
        throw new Error(`held trace bytes are corrupt: unknown tag ${tag} at byte ${this.pos - 1}`);
    }
  }

  /** Whether the string value at the reader's position is `expected` (encoded as UTF-8 in `expectedBytes`). */
  stringIs(expectedBytes: Buffer): boolean {
    const buf = this.buf;
    if (buf[this.pos] !== STRING) return false;
    const length = buf.readUInt32LE(this.pos + 1);
    const start = this.pos + 5;
    return length === expectedBytes.length && buf.compare(expectedBytes, 0, length, start, start + length) === 0;
  }

  private string(): string {
    const length = this.uint32();
    const value = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  private uint16(): number {
    const value = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return value;
  }

  private uint32(): number {
    const value = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }
}
