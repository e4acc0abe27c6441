/**
 * Helpers for what a waiting trace holds in room it reuses from one request to the next (see
 * ExchangeTrace): an object's entries as a flat list, and text that repeats from request to request.
 *
 * Why: a waiting trace outlives several young-generation collections, so whatever young object it
 * refers to is copied by them and promoted. The objects a request makes (headers objects with
 * their property storage) are copied into reused room instead, and die young. Text equal to what
 * the same room held for an earlier request (most header values, the host, the path, the answer)
 * is not replaced: the earlier string is already in the old generation, and the request's own
 * copy dies young too.
 */

/** `value`, or `previous` when both are the same text: the string that is already held stays. */
export function sameTextOr<V>(previous: unknown, value: V): V {
  return typeof value === 'string' && value === previous ? (previous as V) : value;
}

/** An object's own enumerable entries, held as names and values in reused room. */
export class HeldEntries<T extends object> {
  private readonly slots: unknown[] = [];
  /** Slots in use: two per entry. */
  private used = 0;
  /** Whether there is an object at all (an absent one is told apart from an empty one). */
  private present = false;

  /** `nested`: entries whose value is itself an object made per request, held the same way. */
  constructor(private readonly nested: { readonly [K in keyof T]?: HeldEntries<NonNullable<T[K]> & object> } = {}) {}

  /** Holds `source`'s entries (names and values, not copies of the values), or that there is none. */
  copy(source: T | undefined): void {
    const slots = this.slots;
    let at = 0;
    if (source) {
      for (const name in source) {
        // Own entries only: a header may be named "constructor" or "__proto__".
        const inner = Object.hasOwn(this.nested, name) ? this.nested[name] : undefined;
        slots[at] = sameTextOr(slots[at], name);
        at++;
        if (inner && source[name] !== undefined) {
          inner.copy(source[name] as NonNullable<T[typeof name]> & object);
          slots[at++] = inner;
        } else {
          slots[at] = sameTextOr(slots[at], source[name]);
          at++;
        }
      }
    }
    // The previous object's other entries are let go now, not when they are next overwritten.
    for (let i = at; i < this.used; i++) slots[i] = undefined;
    this.used = at;
    this.present = source !== undefined;
  }

  /**
   * Lets go of the values that are not text (objects such as a function backend's event), keeping
   * the text to compare with the next object's: for a trace that waits to be reused.
   */
  letGoOfObjects(): void {
    const slots = this.slots;
    for (let i = 1; i < this.used; i += 2) {
      const value = slots[i];
      if (value instanceof HeldEntries) value.letGoOfObjects();
      else if (typeof value === 'object' && value !== null) slots[i] = undefined;
    }
  }

  /** A new object with the held entries, in their order; undefined when none was held. */
  toObject(): T | undefined {
    if (!this.present) return undefined;
    const out: Record<string, unknown> = {};
    const slots = this.slots;
    for (let i = 0; i < this.used; i += 2) {
      const name = slots[i] as string;
      const held = slots[i + 1];
      const value = held instanceof HeldEntries ? held.toObject() : held;
      // An entry named "__proto__" is an entry like any other, not the object's prototype.
      if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      else out[name] = value;
    }
    return out as T;
  }
}
