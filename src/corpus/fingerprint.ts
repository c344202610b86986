import { createHash } from "node:crypto";

/** Text with case, punctuation and whitespace differences removed: what "the same content" means. */
export function normalizeForHash(text: string): string {
  // Ingest hashes an article's text, then stores it (hash and MinHash again): normalize it once.
  const cached = recent.get(text);
  if (cached !== undefined) return cached;
  const normalized = text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  recent.set(text, normalized);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return normalized;
}
/** Texts normalized lately (an ingest batch and the articles in flight). */
const recent = new Map<string, string>();
const RECENT = 128;

/** Stable article id: the same text (up to case, punctuation and spacing) always gets the same id. */
export function contentHash(text: string): string {
  return createHash("sha256").update(normalizeForHash(text)).digest("hex").slice(0, 16);
}

/** MinHash over word 5-shingles: estimates the Jaccard similarity of two texts from 64 numbers. */
export const MINHASH_SIZE = 64;
const SHINGLE_WORDS = 5;
/** LSH banding: 16 bands of 4 rows finds pairs above a Jaccard of about (1/16)^(1/4) ≈ 0.5. */
export const LSH_BANDS = 16;
const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;

const SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32(0x9e3779b9 * (i + 1)));

export function minhash(text: string): Uint32Array {
  const words = normalizeForHash(text).split(" ").filter(Boolean).map(fnv1a);
  const signature = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  const shingles = Math.max(1, words.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < shingles; i++) {
    // A shingle's hash from its words' hashes: order-sensitive, no strings built.
    let shingle = 0;
    for (let w = i; w < Math.min(i + SHINGLE_WORDS, words.length); w++) shingle = fmix32(Math.imul(shingle, 31) ^ words[w]);
    for (let k = 0; k < MINHASH_SIZE; k++) {
      const h = fmix32(shingle ^ SEEDS[k]);
      if (h < signature[k]) signature[k] = h;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity of the shingle sets behind two signatures. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < MINHASH_SIZE; k++) if (a[k] === b[k]) same++;
  return same / MINHASH_SIZE;
}

/** One key per band; two signatures sharing any band key are near-duplicate candidates. */
export function bandKeys(signature: Uint32Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    let h = 0x811c9dc5 ^ band;
    for (let r = 0; r < LSH_ROWS; r++) h = fmix32(h ^ signature[band * LSH_ROWS + r]);
    keys.push(h | 0); // signed, to fit SQLite's INTEGER without surprises
  }
  return keys;
}

export function signatureToBuffer(signature: Uint32Array): Buffer {
  return Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength);
}

export function signatureFromBuffer(buf: Uint8Array): Uint32Array {
  // Copy: the driver's buffer may not be 4-byte aligned.
  return new Uint32Array(Uint8Array.from(buf).buffer);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** MurmurHash3's finalizer: a cheap, well-mixing 32-bit permutation. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
