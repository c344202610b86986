/**
 * A map from pairs of non-negative integers to non-negative integers, open addressing over one
 * typed array. The technique token model's bigram features are looked up by their two words'
 * numbers this way: a Map (of Maps, or keyed by a number made of the pair) costs several cache
 * misses per lookup, which made looking bigrams up as slow as hashing their names.
 */
export class PairMap {
  private readonly shift: number;
  private readonly mask: number;
  /** Per slot: first (-1: empty), second, value. */
  private readonly slots: Int32Array;

  /** Holds up to `capacity` pairs (the table stays at most half full). */
  constructor(capacity: number) {
    const bits = Math.max(1, Math.ceil(Math.log2(2 * capacity + 2)));
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    this.slots = new Int32Array(3 << bits).fill(-1);
  }

  private slotOf(first: number, second: number): number {
    let s = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca77)) >>> this.shift;
    while (this.slots[3 * s] >= 0 && (this.slots[3 * s] !== first || this.slots[3 * s + 1] !== second)) s = (s + 1) & this.mask;
    return s;
  }

  /** The pair's value, or -1. */
  get(first: number, second: number): number {
    const s = this.slotOf(first, second);
    return this.slots[3 * s] >= 0 ? this.slots[3 * s + 2] : -1;
  }

  set(first: number, second: number, value: number): void {
    const s = 3 * this.slotOf(first, second);
    this.slots[s] = first;
    this.slots[s + 1] = second;
    this.slots[s + 2] = value;
  }
}
