import { FNV_OFFSET, fnvStep, hashString, mix } from "./hash.js";
import type { Gazetteer } from "./gazetteer.js";
import type { WordIds } from "../words.js";
import { holding } from "../../holding.js";

/** What the tagger knows besides its weights: known names and two word lists, all as lowercase-form hashes. */
export interface FeatureContext {
  readonly gazetteer: Gazetteer;
  /** Words seen in lowercase in running text ("said", "west"). */
  readonly commonWords: ReadonlySet<number>;
  /** Words that introduce a name without being part of it ("President", "Secretary", "Mr."). */
  readonly titleWords: ReadonlySet<number>;
}

/** Cached word attributes: word, lower, shape, short, flags, then 8 affix hashes. */
const WORD_ENTRY = 13;

/** Upper bound on features per token, to size scratch buffers. */
export const MAX_FEATURES = 96;

const TYPOGRAPHIC = /[\u2018-\u201f\u2032\u2033\u00ab\u00bb\u2013\u2014\u2026]/;

/** Maps typographic punctuation to the ASCII forms CoNLL (Reuters, 1996) uses, so the model transfers. */
export function normalizeWord(word: string): string {
  if (!TYPOGRAPHIC.test(word)) return word;
  return word
    .replace(/[\u2018-\u201b\u2032]/g, "'")
    .replace(/[\u201c-\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/\u2014/g, "--")
    .replace(/\u2013/g, "-")
    .replace(/\u2026/g, "...");
}

/** Hash of a word's feature form (normalized, lowercased): the key of gazetteer and common-word lookups. */
export function lowerHash(word: string): number {
  return hashString(normalizeWord(word).toLowerCase());
}

// Token flags.
const TITLE = 1;
const ALL_CAPS = 2;
const DIGIT = 4;
const HYPHEN = 8;
const PERIOD = 16;
const ABBREVIATION = 32; // letters and periods only, ending in a period: "U.S.", "J.", "Mr."
const NO_ALNUM = 64;
const COMMON = 128;
const LOWERCASE = 256;
const TITLE_WORD = 512;
const FLAG_COUNT = 10;

/** Casing class of a token: 0 other, 1 lower, 2 title, 3 all-caps. */
function capClass(flags: number): number {
  return flags & ALL_CAPS ? 3 : flags & TITLE ? 2 : flags & LOWERCASE ? 1 : 0;
}

// Sentence casing styles: headlines are often all-caps or title case, where capitals mean little.
const STYLE_NORMAL = 0;
const STYLE_ALL_CAPS = 1;
const STYLE_TITLE = 2;

// Template ids; each feature is mix(template, value…).
const enum T {
  Bias = 1, Word, Lower, Shape, Short, Prefix, Suffix = Prefix + 5, Flag = Suffix + 5, Position,
  LowerM1, LowerM2, LowerP1, LowerP2, ShapeM1, ShapeP1, ShortM2, ShortP2,
  BigramM1, BigramP1, ShortsM1, ShortsP1, LowerM1Short, ShortLowerP1,
  Pos, PosM1, PosP1, PosM1Pos, PosPosP1, PosShort,
  Gaz, GazCap, GazMask, GazMaskM1, GazMaskP1,
  CommonCap, StyleShort, StyleCommon, FirstLower, TitleBeforeShort,
  Prev, Prev2, PrevLower, PrevShort, PrevGaz, PrevTitleWord,
}

const BOUNDARY = 0x9e3779b9;
const SUFFIX_SEED = 0x050c5d1f;

/**
 * Per-sentence token attributes, computed once, from which per-token feature hashes are read.
 * Scratch arrays are reused across sentences to keep tagging allocation-light.
 */
export class SentenceFeatures {
  n = 0;
  private capacity = 0;
  private word = new Uint32Array(0);
  private lower = new Uint32Array(0);
  private shape = new Uint32Array(0);
  private short = new Uint32Array(0);
  private pos = new Uint32Array(0);
  private affixes = new Uint32Array(0); // 4 prefixes then 4 suffixes per token, 0 when too short
  private flags = new Uint16Array(0);
  private gaz = new Uint8Array(0);
  private style = STYLE_NORMAL;
  /** Attributes by word id (words.ts) of the generation and context they were computed for. */
  private wordCache: (Uint32Array | undefined)[] = [];
  private readonly posCache = new Map<string, number>();
  private cacheContext: FeatureContext | null = null;
  private cacheGeneration = -1;

  /** Reads a sentence: its token texts, their word ids (same order) and part-of-speech tags. */
  load(words: readonly string[], ids: WordIds, tags: readonly string[], context: FeatureContext): void {
    const n = words.length;
    this.ensureCapacity(n);
    this.n = n;
    let letterTokens = 0;
    let capsTokens = 0;
    let titleTokens = 0;
    if (context !== this.cacheContext || ids.generation !== this.cacheGeneration) {
      this.wordCache = [];
      this.posCache.clear();
      this.cacheContext = context;
      this.cacheGeneration = ids.generation;
    }
    for (let i = 0; i < n; i++) {
      this.readWord(i, words[i], ids.ids[i], context);
      const tag = tags[i] ?? "";
      let posHash = this.posCache.get(tag);
      if (posHash === undefined) this.posCache.set(tag, (posHash = hashString(tag)));
      this.pos[i] = posHash;
      const f = this.flags[i];
      if (f & (TITLE | ALL_CAPS | LOWERCASE)) letterTokens++;
      if (f & ALL_CAPS) capsTokens++;
      if (f & (TITLE | ALL_CAPS)) titleTokens++;
    }
    this.style =
      letterTokens >= 3 && capsTokens * 4 >= letterTokens * 3 ? STYLE_ALL_CAPS
      : letterTokens >= 3 && titleTokens * 4 >= letterTokens * 3 ? STYLE_TITLE
      : STYLE_NORMAL;
    context.gazetteer.mark(this.lower, n, this.gaz);
  }

  /** Writes the hashes of features that don't depend on predicted labels; returns how many. */
  staticFeatures(i: number, out: Uint32Array): number {
    const { lower, shape, short, pos } = this;
    const flags = this.flags[i];
    const cap = capClass(flags);
    const lw = lower[i];
    const ss = short[i];
    const lwM1 = this.at(lower, i - 1);
    const lwP1 = this.at(lower, i + 1);
    const ssM1 = this.at(short, i - 1);
    const ssP1 = this.at(short, i + 1);
    const posM1 = this.at(pos, i - 1);
    const posP1 = this.at(pos, i + 1);
    let k = 0;
    out[k++] = mix(T.Bias, 0);
    out[k++] = mix(T.Word, this.word[i]);
    out[k++] = mix(T.Lower, lw);
    out[k++] = mix(T.Shape, shape[i]);
    out[k++] = mix(T.Short, ss);
    for (let a = 0; a < 8; a++) {
      const h = this.affixes[i * 8 + a];
      if (h !== 0) out[k++] = mix((a < 4 ? T.Prefix : T.Suffix) + (a & 3), h);
    }
    for (let b = 0; b < FLAG_COUNT; b++) if (flags & (1 << b)) out[k++] = mix(T.Flag, b);
    out[k++] = mix(T.Position, Math.min(i, 3) * 2 + (i === this.n - 1 ? 1 : 0));
    out[k++] = mix(T.LowerM1, lwM1);
    out[k++] = mix(T.LowerM2, this.at(lower, i - 2));
    out[k++] = mix(T.LowerP1, lwP1);
    out[k++] = mix(T.LowerP2, this.at(lower, i + 2));
    out[k++] = mix(T.ShapeM1, this.at(shape, i - 1));
    out[k++] = mix(T.ShapeP1, this.at(shape, i + 1));
    out[k++] = mix(T.ShortM2, this.at(short, i - 2));
    out[k++] = mix(T.ShortP2, this.at(short, i + 2));
    out[k++] = mix(mix(T.BigramM1, lwM1), lw);
    out[k++] = mix(mix(T.BigramP1, lw), lwP1);
    out[k++] = mix(mix(T.ShortsM1, ssM1), ss);
    out[k++] = mix(mix(T.ShortsP1, ss), ssP1);
    out[k++] = mix(mix(T.LowerM1Short, lwM1), ss);
    out[k++] = mix(mix(T.ShortLowerP1, ss), lwP1);
    out[k++] = mix(T.Pos, pos[i]);
    out[k++] = mix(T.PosM1, posM1);
    out[k++] = mix(T.PosP1, posP1);
    out[k++] = mix(mix(T.PosM1Pos, posM1), pos[i]);
    out[k++] = mix(mix(T.PosPosP1, pos[i]), posP1);
    out[k++] = mix(mix(T.PosShort, pos[i]), ss);
    const gaz = this.gaz[i];
    for (let b = 0; b < 8; b++) {
      if ((gaz & (1 << b)) === 0) continue;
      out[k++] = mix(T.Gaz, b);
      out[k++] = mix(T.GazCap, b * 4 + cap);
    }
    out[k++] = mix(T.GazMask, gaz);
    out[k++] = mix(T.GazMaskM1, i > 0 ? this.gaz[i - 1] : 256);
    out[k++] = mix(T.GazMaskP1, i + 1 < this.n ? this.gaz[i + 1] : 256);
    const common = flags & COMMON ? 1 : 0;
    const first = i === 0 ? 1 : 0;
    out[k++] = mix(T.CommonCap, cap * 4 + common * 2 + first);
    out[k++] = mix(mix(T.StyleShort, this.style), ss);
    out[k++] = mix(T.StyleCommon, this.style * 16 + cap * 2 + common);
    if (first) out[k++] = mix(T.FirstLower, lw);
    const titleBefore = (i > 0 && this.flags[i - 1] & TITLE_WORD ? 1 : 0) | (i > 1 && this.flags[i - 2] & TITLE_WORD ? 2 : 0);
    if (titleBefore) out[k++] = mix(mix(T.TitleBeforeShort, titleBefore), ss);
    return k;
  }

  /**
   * Whether the token could begin an entity. Lower-case words and punctuation that no known name
   * covers almost never do; skipping their scoring after an O label (most tokens of running text)
   * is what keeps tagging fast.
   */
  mayBeginEntity(i: number): boolean {
    return (this.flags[i] & (LOWERCASE | NO_ALNUM)) === 0 || this.gaz[i] !== 0;
  }

  /** Appends features on the previous two predicted labels (-1 before the sentence) at `out[k]`. */
  labelFeatures(i: number, prev: number, prev2: number, out: Uint32Array, k: number): number {
    out[k++] = mix(T.Prev, prev + 1);
    out[k++] = mix(T.Prev2, (prev + 1) * 16 + prev2 + 1);
    out[k++] = mix(mix(T.PrevLower, prev + 1), this.lower[i]);
    out[k++] = mix(mix(T.PrevShort, prev + 1), this.short[i]);
    out[k++] = mix(mix(T.PrevGaz, prev + 1), this.gaz[i]);
    // A title word rarely continues an entity: "[Defense] Secretary [Lloyd Austin]".
    if (this.flags[i] & TITLE_WORD) out[k++] = mix(T.PrevTitleWord, prev + 1);
    return k;
  }

  private at(values: Uint32Array, i: number): number {
    return i < 0 || i >= this.n ? BOUNDARY + (i < 0 ? i : i - this.n) : values[i];
  }

  /** One pass over the word: flags, shapes (runs capped at 4 / collapsed), affix hashes. */
  private analyzeWord(i: number, word: string, context: FeatureContext): void {
    const lower = word.toLowerCase();
    const lowerH = hashString(lower);
    this.word[i] = hashString(word);
    this.lower[i] = lowerH;
    let flags = (context.commonWords.has(lowerH) ? COMMON : 0) | (context.titleWords.has(lowerH) ? TITLE_WORD : 0);
    let upper = 0;
    let lowerCount = 0;
    let alnum = 0;
    let abbreviation = word.length > 1 && word.endsWith(".");
    let shape = FNV_OFFSET;
    let short = FNV_OFFSET;
    let lastClass = -1;
    let run = 0;
    for (let c = 0; c < word.length; c++) {
      const code = word.charCodeAt(c);
      const lowerCode = lower.length === word.length ? lower.charCodeAt(c) : code;
      let cls: number;
      if (lowerCode !== code) {
        cls = 88; // X
        upper++;
      } else if ((code >= 97 && code <= 122) || (code >= 0xc0 && code < 0x2000)) {
        cls = 120; // x
        lowerCount++;
      } else if (code >= 48 && code <= 57) {
        cls = 100; // d
        flags |= DIGIT;
      } else {
        cls = code;
        if (code === 45) flags |= HYPHEN;
        if (code === 46) flags |= PERIOD;
      }
      if (cls === 88 || cls === 120 || cls === 100) alnum++;
      if (cls === 100 || (cls !== 88 && cls !== 120 && code !== 46)) abbreviation = false;
      if (c === 0 && cls === 88) flags |= TITLE;
      run = cls === lastClass ? run + 1 : 1;
      if (run <= 4) shape = fnvStep(shape, cls);
      if (run === 1) short = fnvStep(short, cls);
      lastClass = cls;
    }
    if (upper > 1 && lowerCount === 0) flags = (flags & ~TITLE) | ALL_CAPS;
    if (upper === 0 && lowerCount > 0) flags |= LOWERCASE;
    if (alnum === 0) flags |= NO_ALNUM;
    if (abbreviation && upper + lowerCount > 0) flags |= ABBREVIATION;
    this.flags[i] = flags;
    this.shape[i] = shape;
    this.short[i] = short;
    const base = i * 8;
    let prefix = FNV_OFFSET;
    let suffix = SUFFIX_SEED;
    for (let a = 0; a < 4; a++) {
      const fits = a < lower.length;
      if (fits) {
        prefix = fnvStep(prefix, lower.charCodeAt(a));
        suffix = fnvStep(suffix, lower.charCodeAt(lower.length - 1 - a));
      }
      // Affixes as long as the word itself add nothing over the word feature.
      const useful = fits && a + 1 < lower.length;
      this.affixes[base + a] = useful ? prefix || 1 : 0;
      this.affixes[base + 4 + a] = useful ? suffix || 1 : 0;
    }
  }

  /**
   * Word attributes depend only on the word and the context, and news text repeats its words
   * (Zipf), so they are computed once per distinct word and copied from a cache after that.
   */
  private readWord(i: number, raw: string, id: number, context: FeatureContext): void {
    const cache = holding(this.wordCache, id);
    let entry = cache[id];
    if (entry === undefined) {
      this.analyzeWord(i, normalizeWord(raw), context);
      entry = new Uint32Array(WORD_ENTRY);
      entry[0] = this.word[i];
      entry[1] = this.lower[i];
      entry[2] = this.shape[i];
      entry[3] = this.short[i];
      entry[4] = this.flags[i];
      entry.set(this.affixes.subarray(i * 8, i * 8 + 8), 5);
      cache[id] = entry;
      return;
    }
    this.word[i] = entry[0];
    this.lower[i] = entry[1];
    this.shape[i] = entry[2];
    this.short[i] = entry[3];
    this.flags[i] = entry[4];
    this.affixes.set(entry.subarray(5, 13), i * 8);
  }

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2, 64);
    this.capacity = cap;
    this.word = new Uint32Array(cap);
    this.lower = new Uint32Array(cap);
    this.shape = new Uint32Array(cap);
    this.short = new Uint32Array(cap);
    this.pos = new Uint32Array(cap);
    this.affixes = new Uint32Array(cap * 8);
    this.flags = new Uint16Array(cap);
    this.gaz = new Uint8Array(cap);
  }
}
