/**
 * Finished traces waiting to be read or written, held off V8's heap: each as bytes (value-codec.ts)
 * in one ring buffer, found by its sequence number, with its start and length in typed arrays.
 *
 * Why: under load a few thousand traces wait (the newest for immediate lookup, the unwritten ones
 * for the background write), most of them to be let go unwritten. Held as objects, even slimmed to
 * a dozen per trace, they were what each young-generation collection copied and then promoted
 * (+20 to +48 µs of CPU a no-auth request against recording switched off, most of it GC). As bytes
 * in an ArrayBuffer they are nothing the collector visits: recording costs its encoding (3–5 µs a
 * trace) and one copy, ~6 µs a no-auth request in all against recording switched off.
 *
 * Traces are let go oldest first (dropBefore), so the ring is a queue of bytes: a new trace goes at
 * the head, the oldest kept one marks the tail, and the ring doubles when they would meet. A trace
 * is never split across the ring's end: one that does not fit before it starts at the beginning.
 * After a burst of large traces the ring shrinks back once what it holds fits in an eighth of it.
 */
import { ValueReader, ValueWriter } from './value-codec';

const INITIAL_RING_BYTES = 1024 * 1024;
const INITIAL_SLOTS = 1024;

/** A ring size (a power of two times the initial one) of at least `atLeast` and twice `needed`. */
function ringSizeFor(needed: number, atLeast: number): number {
  let size = INITIAL_RING_BYTES;
  while (size < atLeast || size < 2 * needed) size *= 2;
  return size;
}

export class HeldTraces {
  private ring = Buffer.allocUnsafeSlow(INITIAL_RING_BYTES);
  /** Bytes ever written (an absolute position; its place in the ring is `% ring.length`). */
  private head = 0;
  /** Per sequence number (at `seq % slots`): where its bytes start (absolute) and how many there are. */
  private starts = new Float64Array(INITIAL_SLOTS);
  private lengths = new Uint32Array(INITIAL_SLOTS);
  /** The oldest sequence number kept, and the next one to be put. */
  private first = 0;
  private next = 0;
  /** Traces the codec refused (see UnencodableValue), kept as objects: rare, and never lost. */
  private readonly asObjects = new Map<number, unknown>();
  private readonly writer = new ValueWriter();

  /** The sequence number the next put() gets. */
  get nextSeq(): number {
    return this.next;
  }

  /** Holds `value` as the trace of request `id`; returns its sequence number. */
  put(id: string, value: unknown): number {
    const seq = this.next;
    const writer = this.writer;
    writer.reset();
    try {
      writer.write(id);
      writer.write(value);
    } catch {
      // UnencodableValue, or anything else writing it threw: a trace is never lost over its form.
      writer.reset();
      writer.write(id);
      this.asObjects.set(seq, value);
    }
    const length = writer.length;
    if (this.next - this.first >= this.starts.length) this.growSlots();
    let start = this.head;
    const size = this.ring.length;
    // Not split across the ring's end: the rest of this lap stays unused.
    if ((start % size) + length > size) start += size - (start % size);
    if (start + length - this.tail() > size) {
      this.relayout(ringSizeFor(start + length - this.tail(), size * 2));
      start = this.head;
    }
    writer.copyTo(this.ring, start % this.ring.length);
    const slot = seq % this.starts.length;
    this.starts[slot] = start;
    this.lengths[slot] = length;
    this.head = start + length;
    this.next = seq + 1;
    return seq;
  }

  /** Whether `seq` is still held. */
  private has(seq: number): boolean {
    return seq >= this.first && seq < this.next;
  }

  /** The value put as `seq` (a fresh copy on each call). */
  get(seq: number): unknown {
    if (!this.has(seq)) return undefined;
    const reader = this.readerAt(seq);
    reader.read(); // the id
    return this.asObjects.has(seq) ? this.asObjects.get(seq) : reader.read();
  }

  /** The newest held sequence number put with this request id; -1 if none. */
  find(id: string): number {
    const idBytes = Buffer.from(id, 'utf8');
    for (let seq = this.next - 1; seq >= this.first; seq--) {
      if (this.readerAt(seq).stringIs(idBytes)) return seq;
    }
    return -1;
  }

  /** Bytes the ring takes (what it holds is at most this). */
  get ringBytes(): number {
    return this.ring.length;
  }

  /** Lets go of every trace older than `seq`. */
  dropBefore(seq: number): void {
    const first = Math.min(seq, this.next);
    if (first <= this.first) return;
    if (this.asObjects.size > 0) for (const kept of this.asObjects.keys()) if (kept < first) this.asObjects.delete(kept);
    this.first = first;
    const held = this.head - this.tail();
    if (this.ring.length > INITIAL_RING_BYTES && held < this.ring.length / 8) this.relayout(ringSizeFor(held, INITIAL_RING_BYTES));
  }

  /** Where the oldest held trace's bytes start: the ring's bytes from there to the head are in use. */
  private tail(): number {
    return this.first < this.next ? this.starts[this.first % this.starts.length] : this.head;
  }

  private readerAt(seq: number): ValueReader {
    return new ValueReader(this.ring, this.starts[seq % this.starts.length] % this.ring.length);
  }

  /** Doubles the slots, each held trace moved to its place in the new size. */
  private growSlots(): void {
    const starts = new Float64Array(this.starts.length * 2);
    const lengths = new Uint32Array(this.lengths.length * 2);
    for (let seq = this.first; seq < this.next; seq++) {
      starts[seq % starts.length] = this.starts[seq % this.starts.length];
      lengths[seq % lengths.length] = this.lengths[seq % this.lengths.length];
    }
    this.starts = starts;
    this.lengths = lengths;
  }

  /**
   * Moves the held traces to a new ring of `size` bytes, laid out again from its start (positions
   * change, so their starts are rewritten).
   */
  private relayout(size: number): void {
    const ring = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let seq = this.first; seq < this.next; seq++) {
      const slot = seq % this.starts.length;
      const from = this.starts[slot] % this.ring.length;
      this.ring.copy(ring, at, from, from + this.lengths[slot]);
      this.starts[slot] = at;
      at += this.lengths[slot];
    }
    this.ring = ring;
    this.head = at;
  }
}
