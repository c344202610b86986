import { mix } from "./hash.js";

const PHRASE_SEED = 0x2545f491;
/** Set on a phrase hash when a longer phrase continues it, so matching knows to keep going. */
const PREFIX_BIT = 1 << 4;
const MAX_PHRASE_WORDS = 6;

/**
 * Known entity names keyed by the chained hashes of their words' lowercase forms. Matching is
 * case-insensitive on purpose (headlines are all-caps); the tagger pairs each hit with the
 * token's casing so it learns when a hit counts.
 */
export class Gazetteer {
  private readonly phrases = new Map<number, number>();

  add(wordHashes: ArrayLike<number>, type: number): void {
    const n = wordHashes.length;
    if (n === 0 || n > MAX_PHRASE_WORDS) return;
    let h = PHRASE_SEED;
    for (let i = 0; i < n; i++) {
      h = mix(h, wordHashes[i]);
      const bits = i === n - 1 ? 1 << type : PREFIX_BIT;
      this.phrases.set(h, (this.phrases.get(h) ?? 0) | bits);
    }
  }

  /**
   * For each of the first `n` tokens, sets bit 2·type when a phrase of that type starts there and
   * bit 2·type+1 when one continues through it.
   */
  mark(wordHashes: Uint32Array, n: number, out: Uint8Array): void {
    out.fill(0, 0, n);
    for (let i = 0; i < n; i++) {
      let h = PHRASE_SEED;
      for (let j = i; j < n && j - i < MAX_PHRASE_WORDS; j++) {
        h = mix(h, wordHashes[j]);
        const bits = this.phrases.get(h);
        if (bits === undefined) break;
        for (let type = 0; type < 4; type++) {
          if ((bits & (1 << type)) === 0) continue;
          out[i] |= 1 << (2 * type);
          for (let k = i + 1; k <= j; k++) out[k] |= 1 << (2 * type + 1);
        }
        if ((bits & PREFIX_BIT) === 0) break;
      }
    }
  }
}
