/**
 * Typed access to untrusted document values. Each reader reports a wrong type at the field's
 * pointer and returns undefined, so callers fall back to the APIG default and carry on.
 */
import { scalarText } from '../scalar-text';
import { joinPointer, type DiagnosticSink } from './diagnostics';

export { scalarText };

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class FieldReader {
  constructor(
    readonly obj: Json,
    readonly pointer: string,
    readonly sink: DiagnosticSink,
  ) {}

  at(key: string): string {
    return joinPointer(this.pointer, key);
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.obj, key) && this.obj[key] !== undefined && this.obj[key] !== null;
  }

  string(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const text = scalarText(this.obj[key]);
    if (text === undefined) this.sink.error(this.at(key), `${key} must be a string`);
    return text;
  }

  /** A list of scalars as text; an entry that is not a scalar is reported at its index and left out. */
  stringList(key: string): string[] | undefined {
    const list = this.array(key);
    if (!list) return undefined;
    const out: string[] = [];
    list.forEach((entry, index) => {
      const text = scalarText(entry);
      if (text === undefined) this.sink.error(joinPointer(this.at(key), String(index)), `${key} entries must be strings`);
      else out.push(text);
    });
    return out;
  }

  /** Numbers written as strings (retryCount: '-1') are accepted, as APIG writes them that way. */
  number(key: string): number | undefined {
    if (!this.has(key)) return undefined;
    const v = this.obj[key];
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (Number.isFinite(n)) return n;
    this.sink.error(this.at(key), `${key} must be a number`);
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    if (!this.has(key)) return undefined;
    const v = this.obj[key];
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    this.sink.error(this.at(key), `${key} must be true or false`);
    return undefined;
  }

  /** A string that must be one of `allowed` (compared exactly: APIG values are case-sensitive). */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.sink.error(this.at(key), `${key} '${v}' is not one of ${allowed.join(', ')}`);
    return undefined;
  }

  record(key: string): Json | undefined {
    if (!this.has(key)) return undefined;
    const v = this.obj[key];
    if (isRecord(v)) return v;
    this.sink.error(this.at(key), `${key} must be an object`);
    return undefined;
  }

  array(key: string): unknown[] | undefined {
    if (!this.has(key)) return undefined;
    const v = this.obj[key];
    if (Array.isArray(v)) return v;
    this.sink.error(this.at(key), `${key} must be a list`);
    return undefined;
  }

  /** The fields of the object not in `known`, kept verbatim. */
  rest(known: ReadonlySet<string>): Json | undefined {
    let out: Json | undefined;
    for (const key of Object.keys(this.obj)) {
      if (!known.has(key)) (out ??= {})[key] = this.obj[key];
    }
    return out;
  }
}

/** A deep copy of a plain JSON value (documents never hold functions or cycles by now). */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
