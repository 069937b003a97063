/**
 * A set of 64-bit hashes of (event type, event id): the filter that makes
 * deduplication cheap without an index in DuckDB. `has` never misses an id that
 * was added; a hit can be a hash collision (about n / 2^64 for n stored ids),
 * so the store confirms hits against the stored rows before calling an event a
 * duplicate. Open addressing with linear probing on one Uint32Array: 8 bytes a
 * slot, at most 70 % full, so 11–23 bytes per id.
 */

const EMPTY_HI = 0;
const EMPTY_LO = 0;
const MAX_LOAD = 0.7;

/** A 64-bit hash of (type, id) as two unsigned 32-bit halves (cyrb53's mixing, both halves kept), written at out[at], out[at + 1]. Pure. */
export function hashId(type: string, id: string, out: Uint32Array, at: number): void {
  hashIdRange(type, id, 0, id.length, out, at);
}

const seeds = new Map<string, readonly [number, number]>();

/** The state after hashing `type` and the separator: what every id of that type starts from. */
function typeSeed(type: string): readonly [number, number] {
  let seed = seeds.get(type);
  if (!seed) seeds.set(type, (seed = computeSeed(type)));
  return seed;
}

function computeSeed(type: string): readonly [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < type.length; i++) {
    const ch = type.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  // A separator that a plan type name cannot contain, so ("ab", "c") and ("a", "bc") differ.
  return [Math.imul(h1 ^ 0xffff, 2654435761), Math.imul(h2 ^ 0xffff, 1597334677)];
}

/** The final mixing, written at out[at], out[at + 1]. */
function finish(h1: number, h2: number, out: Uint32Array, at: number): void {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  let hi = h1 >>> 0;
  const lo = h2 >>> 0;
  // (0, 0) marks an empty slot; move the one hash that equals it. The store confirms hits, so this costs nothing in exactness.
  if (hi === EMPTY_HI && lo === EMPTY_LO) hi = 1;
  out[at] = hi;
  out[at + 1] = lo;
}

/** hashId of the id text.slice(start, end), without making that string. */
export function hashIdRange(type: string, text: string, start: number, end: number, out: Uint32Array, at: number): void {
  let [h1, h2] = typeSeed(type);
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  finish(h1, h2, out, at);
}

export class IdHashSet {
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1 << 4;
    while (capacity < initialCapacity) capacity <<= 1;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The table itself (two words a slot, (0, 0) empty), for saving it to a file (id-file.ts). */
  get table(): Uint32Array {
    return this.slots;
  }

  /** A set over a table saved from one (same layout: a power-of-two number of slots), holding `count` hashes. */
  static fromTable(slots: Uint32Array, count: number): IdHashSet {
    const capacity = slots.length / 2;
    if (capacity < 1 || (capacity & (capacity - 1)) !== 0) throw new Error(`an id table has a power-of-two number of slots, not ${capacity}`);
    const set = new IdHashSet(1);
    set.slots = slots;
    set.mask = capacity - 1;
    set.count = count;
    return set;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  has(hi: number, lo: number): boolean {
    const slots = this.slots;
    for (let i = lo & this.mask; ; i = (i + 1) & this.mask) {
      const h = slots[2 * i];
      const l = slots[2 * i + 1];
      if (h === EMPTY_HI && l === EMPTY_LO) return false;
      if (h === hi && l === lo) return true;
    }
  }

  /** Adds the hash; false if it was already there. */
  add(hi: number, lo: number): boolean {
    if ((this.count + 1) / (this.mask + 1) > MAX_LOAD) this.grow();
    return this.insert(this.slots, this.mask, hi, lo);
  }

  private insert(slots: Uint32Array, mask: number, hi: number, lo: number): boolean {
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const h = slots[2 * i];
      const l = slots[2 * i + 1];
      if (h === hi && l === lo) return false;
      if (h === EMPTY_HI && l === EMPTY_LO) {
        slots[2 * i] = hi;
        slots[2 * i + 1] = lo;
        if (slots === this.slots) this.count++;
        return true;
      }
    }
  }

  /** Adds the hash of every id in `joined`, ids separated by `separator` (a character no id among them contains). One pass. */
  addJoined(type: string, joined: string, separator: number): void {
    const hash = new Uint32Array(2);
    const [s1, s2] = typeSeed(type);
    let h1 = s1;
    let h2 = s2;
    const n = joined.length;
    for (let i = 0; i <= n; i++) {
      const ch = i < n ? joined.charCodeAt(i) : separator;
      if (ch !== separator) {
        h1 = Math.imul(h1 ^ ch, 2654435761);
        h2 = Math.imul(h2 ^ ch, 1597334677);
        continue;
      }
      finish(h1, h2, hash, 0);
      this.add(hash[0] ?? EMPTY_HI, hash[1] ?? EMPTY_LO);
      h1 = s1;
      h2 = s2;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = new Uint32Array(capacity * 2);
    const mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i] ?? EMPTY_HI;
      const lo = old[i + 1] ?? EMPTY_LO;
      if (hi !== EMPTY_HI || lo !== EMPTY_LO) this.insert(slots, mask, hi, lo);
    }
    this.slots = slots;
    this.mask = mask;
  }
}
