/**
 * Features shared by the learned analyses. They are computed from the pipeline's Doc only, so
 * training (which runs the raw task files through segment + buildDoc) and inference see the
 * very same values.
 */
import { readFileSync } from "node:fs";
import type { Doc, Token } from "../nlp/types.js";
import { addFeature, type FeatureBag } from "../ml/linear.js";
import { featureId, featureNames, primeResolved, spaceIdsOf, spaceSize, type FeatureVector, type ResolvedFeatures } from "../ml/feature-space.js";
import { taxonomyPath } from "../ml/paths.js";
import { tokenAtOrAfter } from "../nlp/tokens.js";

/** Token index range [tokenStart, tokenEnd) of the tokens inside the character range [start, end). */
export function tokenRange(doc: Doc, start: number, end: number): { tokenStart: number; tokenEnd: number } {
  return { tokenStart: tokenAtOrAfter(doc.tokens, start), tokenEnd: tokenAtOrAfter(doc.tokens, end) };
}

/** The n-gram form of a token: lower-cased, digits folded; null for punctuation other than ! and ?. */
export function wordForm(t: Token): string | null {
  if (t.pos === "PUNCT" || t.pos === "SYM" || t.pos === "SPACE") return t.text === "!" || t.text === "?" ? t.text : null;
  const lower = t.text.toLowerCase();
  return /[’\d]/.test(lower) ? lower.replace(/’/g, "'").replace(/\d/g, "0") : lower;
}

/** Cue words and phrases of every lexicon category, indexed by (first) word for one pass over a unit. */
interface LexiconIndex {
  readonly categories: readonly string[];
  /** Feature names per category, built once: "lex:<category>" (count) and "lexrate:<category>". */
  readonly counts: readonly string[];
  readonly rates: readonly string[];
  readonly words: ReadonlyMap<string, readonly number[]>;
  readonly phrases: ReadonlyMap<string, readonly CuePhrase[]>;
}

/** A cue phrase of a category, by its first word: the words that must follow. */
interface CuePhrase {
  readonly category: number;
  readonly rest: readonly string[];
}

let lexicon: LexiconIndex | undefined;

/** taxonomies/persuasion-lexicon.json, loaded once. */
function loadLexicon(): LexiconIndex {
  if (!lexicon) {
    const json = JSON.parse(readFileSync(taxonomyPath("persuasion-lexicon.json"), "utf8")) as Record<string, string[] | string>;
    const entries = Object.entries(json).filter((e): e is [string, string[]] => Array.isArray(e[1]));
    const words = new Map<string, number[]>();
    const phrases = new Map<string, CuePhrase[]>();
    entries.forEach(([, cues], category) => {
      for (const cue of cues) {
        const [first, ...rest] = cue.split(" ");
        if (rest.length) phrases.set(first, [...(phrases.get(first) ?? []), { category, rest }]);
        else words.set(first, [...(words.get(first) ?? []), category]);
      }
    });
    const categories = entries.map(([name]) => name);
    lexicon = { categories, counts: categories.map((c) => `lex:${c}`), rates: categories.map((c) => `lexrate:${c}`), words, phrases };
  }
  return lexicon;
}

/** A lexicon cue found in the article's word sequence: where it starts, its category and length in words. */
interface CueHit {
  readonly at: number;
  readonly category: number;
  readonly words: number;
}

/** Pronoun → its stance feature (a Map: words like "constructor" must not reach Object's prototype). */
const PRONOUNS = new Map<string, string>([
  ...["we", "us", "our", "ours"].map((w) => [w, "person:we"] as const),
  ...["i", "me", "my", "mine"].map((w) => [w, "person:i"] as const),
  ...["you", "your", "yours"].map((w) => [w, "person:you"] as const),
  ...["they", "them", "their", "theirs"].map((w) => [w, "person:they"] as const),
]);

/**
 * Style counters of a unit, by index: a fixed list the part-of-speech tags join as they are met.
 * Names of counted features and of their rates ("rate:<name>") are built once here.
 */
const styleNames: string[] = ["quote", "exclaim", "question", "allcaps", ...new Set(PRONOUNS.values())];
const styleRates: string[] = styleNames.map((k) => `rate:${k}`);
const styleIndex = new Map(styleNames.map((k, i) => [k, i]));
const [QUOTE, EXCLAIM, QUESTION, ALLCAPS] = [0, 1, 2, 3];
/** Counted style features that are reported as rates only (their counts add nothing the rate lacks). */
const RATE_ONLY = (name: string) => name.startsWith("pos:") || name.startsWith("person:");
const styleRateOnly: boolean[] = styleNames.map(RATE_ONLY);

/** Style counter of each part-of-speech tag, by tag. */
const posStyles = new Map<string, number>();

function posStyle(pos: string): number {
  let i = posStyles.get(pos);
  if (i === undefined) posStyles.set(pos, (i = styleOf(`pos:${pos}`)));
  return i;
}

function styleOf(name: string): number {
  let i = styleIndex.get(name);
  if (i === undefined) {
    i = styleNames.push(name) - 1;
    styleRates.push(`rate:${name}`);
    styleRateOnly.push(RATE_ONLY(name));
    styleIndex.set(name, i);
  }
  return i;
}

/** Scales a count to [0, 1) slowly, so one long unit does not dominate its features. */
const squash = (n: number) => n / (n + 2);

/** Quotation marks, as the learned analyses' features read them. */
export const QUOTE_MARKS: ReadonlySet<string> = new Set(['"', "“", "”", "«", "»"]);
const NO_STYLE = -1;

const LENGTH_NAMES = ["len:xs", "len:s", "len:m", "len:l", "len:xl"];

/** What every unit (article, paragraph, sentence) reads of a token, computed once per Doc. */
interface TokenTable {
  /** The article's distinct words: n-gram entries 0 … words.length - 1 are their unigrams. */
  readonly words: readonly Word[];
  /** Bigram entry words.length + b stands for the word entries at 2b and 2b + 1. */
  readonly pairs: Int32Array;
  /** Names of the bigram entries, built when a bag first needs them. */
  readonly bigramNames: (string | undefined)[];
  /** N-gram entry of each token's unigram, or -1 for skipped punctuation. */
  readonly unigram: Int32Array;
  /** The distinct forms as distinctForms gives them, made on first request. */
  distinct?: { readonly forms: readonly string[]; readonly ofToken: Int32Array };
  /** N-gram entry of each token's bigram with the previous token, or -1. */
  readonly bigram: Int32Array;
  /** Feature-space ids of the entries, and the space size they were looked up at. */
  spaceIds?: Int32Array;
  spaceSize?: number;
  /** Scratch counts per n-gram, all zero between units. */
  readonly scratch: Float64Array;
  /** The token is a quotation mark. */
  readonly quote: Uint8Array;
  /** Style counter of the token (its exclamation/question mark, or its part of speech), or NO_STYLE. */
  readonly style: Int16Array;
  /** The word is in capitals (3+ letters). */
  readonly allcaps: Uint8Array;
  /** Pronoun person counter of the word, or NO_STYLE. */
  readonly person: Int16Array;
  /** Number of words (forms other than ! and ?) before each token: word positions for lexicon cues. */
  readonly wordsBefore: Int32Array;
  /** Lexicon cues in the order of their first word. */
  readonly cues: readonly CueHit[];
}

const tables = new WeakMap<Doc, TokenTable>();

function tokenTable(doc: Doc): TokenTable {
  let table = tables.get(doc);
  if (table) return table;
  if (knownWords.size >= MAX_KNOWN_WORDS) knownWords.clear();
  const n = doc.tokens.length;
  const quote = new Uint8Array(n);
  const style = new Int16Array(n).fill(NO_STYLE);
  const allcaps = new Uint8Array(n);
  const person = new Int16Array(n).fill(NO_STYLE);
  const wordsBefore = new Int32Array(n + 1);
  // The article's distinct words (its unigram entries), and its word sequence for the lexicon.
  const words: Word[] = [];
  const entryOfForm = new Map<string, number>();
  const unigram = new Int32Array(n).fill(-1);
  const sequence: Word[] = [];
  for (let i = 0; i < n; i++) {
    const t = doc.tokens[i];
    const form = wordForm(t);
    wordsBefore[i] = sequence.length;
    if (QUOTE_MARKS.has(t.text)) quote[i] = 1;
    if (form === null) continue;
    let k = entryOfForm.get(form);
    if (k === undefined) entryOfForm.set(form, (k = words.push(wordOf(form)) - 1));
    unigram[i] = k;
    if (form === "!" || form === "?") {
      style[i] = form === "!" ? EXCLAIM : QUESTION;
      continue;
    }
    sequence.push(words[k]);
    style[i] = posStyle(t.pos);
    if (t.text.length >= 3 && t.text !== form && /^[A-Z]+$/.test(t.text)) allcaps[i] = 1;
    person[i] = words[k].person;
  }
  wordsBefore[n] = sequence.length;
  const { pairs, bigram } = bigramIndex(unigram, words.length);
  table = {
    words,
    pairs,
    bigramNames: [],
    unigram,
    bigram,
    scratch: new Float64Array(words.length + pairs.length / 2),
    quote,
    style,
    allcaps,
    person,
    wordsBefore,
    cues: lexiconCues(sequence),
  };
  tables.set(doc, table);
  return table;
}

/**
 * A word known process-wide, with what depends on its form alone: its feature name is built,
 * its feature-space id and lexicon cues looked up once, not once per article.
 */
interface Word {
  readonly form: string;
  readonly name: string;
  /** Pronoun person counter, or NO_STYLE. */
  readonly person: number;
  /** Lexicon categories of the word as a cue, and the cue phrases it begins. */
  readonly cueCategories: readonly number[];
  readonly cuePhrases: readonly CuePhrase[];
  spaceId: number;
  /** spaceSize() when `spaceId` was looked up (-1: not yet). */
  resolvedAt: number;
}

/**
 * Words met so far, by form. Bounded (a long ingest meets ever new words); dropping them only
 * costs rebuilding, and tables built before keep their own references.
 */
const knownWords = new Map<string, Word>();
const MAX_KNOWN_WORDS = 100_000;
const NONE: readonly never[] = [];

function wordOf(form: string): Word {
  let word = knownWords.get(form);
  if (!word) {
    const { words: cueWords, phrases } = loadLexicon();
    const stance = PRONOUNS.get(form);
    word = {
      form,
      name: `w:${form}`,
      person: stance ? styleOf(stance) : NO_STYLE,
      cueCategories: cueWords.get(form) ?? NONE,
      cuePhrases: phrases.get(form) ?? NONE,
      spaceId: -1,
      resolvedAt: -1,
    };
    knownWords.set(form, word);
  }
  return word;
}

function wordSpaceId(word: Word, size: number): number {
  if (word.resolvedAt !== size) {
    word.spaceId = featureId(word.name);
    word.resolvedAt = size;
  }
  return word.spaceId;
}

/** The distinct bigrams of an article, from each token's word entry, and each token's bigram entry (with the previous token). */
function bigramIndex(unigram: Int32Array, firstEntry: number): { pairs: Int32Array; bigram: Int32Array } {
  const n = unigram.length;
  // A bigram is known by its two word entries: no string built to look it up.
  const entryOfPair = new PairMap(n);
  const pairs: number[] = [];
  const bigram = new Int32Array(n).fill(-1);
  for (let i = 1; i < n; i++) {
    const [a, b] = [unigram[i - 1], unigram[i]];
    if (a < 0 || b < 0) continue;
    let k = entryOfPair.get(a, b);
    if (k < 0) {
      entryOfPair.set(a, b, (k = firstEntry + pairs.length / 2));
      pairs.push(a, b);
    }
    bigram[i] = k;
  }
  return { pairs: Int32Array.from(pairs), bigram };
}

/** Name of the table's n-gram entry k; a bigram's is built the first time a bag needs it. */
function ngramName(table: TokenTable, k: number): string {
  const { words, pairs, bigramNames } = table;
  if (k < words.length) return words[k].name;
  const b = k - words.length;
  return (bigramNames[b] ??= `b:${words[pairs[2 * b]].form}_${words[pairs[2 * b + 1]].form}`);
}

/**
 * Feature-space ids of the article's n-grams, looked up once per article (again if models
 * registered features since). A bigram has an id only when both its words have one: every bag
 * that held the bigram held its words too, so a vocabulary that kept it kept them.
 */
function ngramSpaceIds(table: TokenTable): Int32Array {
  const size = spaceSize();
  if (table.spaceIds && table.spaceSize === size) return table.spaceIds;
  const { words, pairs } = table;
  const ids = new Int32Array(words.length + pairs.length / 2);
  words.forEach((w, k) => (ids[k] = wordSpaceId(w, size)));
  const bigrams = spaceBigrams(size);
  for (let b = 0; 2 * b < pairs.length; b++) {
    const [first, second] = [ids[pairs[2 * b]], ids[pairs[2 * b + 1]]];
    ids[words.length + b] = first >= 0 && second >= 0 ? bigrams.get(first, second) : -1;
  }
  table.spaceIds = ids;
  table.spaceSize = size;
  return ids;
}

/**
 * A map from pairs of non-negative integers to non-negative integers, open addressing over one
 * typed array. Bigrams are looked up by their two words' numbers this way: a Map (of Maps, or
 * keyed by a number made of the pair) costs several cache misses per lookup, which made looking
 * bigrams up as slow as hashing their names.
 */
class PairMap {
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

let spaceBigramIndex: { index: PairMap; spaceSize: number } | undefined;

/**
 * The space's bigrams "b:<x>_<y>" by the ids of "w:<x>" and "w:<y>", rebuilt when models
 * registered features. A form may hold "_": every split into two known words is indexed, and
 * a token pair (x, y) finds exactly the name "b:<x>_<y>".
 */
function spaceBigrams(size: number): PairMap {
  if (spaceBigramIndex?.spaceSize === size) return spaceBigramIndex.index;
  const entries: [first: number, second: number, bigram: number][] = [];
  for (const name of featureNames()) {
    if (!name.startsWith("b:")) continue;
    for (let p = name.indexOf("_", 2); p >= 0; p = name.indexOf("_", p + 1)) {
      const [first, second] = [featureId(`w:${name.slice(2, p)}`), featureId(`w:${name.slice(p + 1)}`)];
      if (first >= 0 && second >= 0) entries.push([first, second, featureId(name)]);
    }
  }
  const index = new PairMap(entries.length);
  for (const [first, second, bigram] of entries) index.set(first, second, bigram);
  spaceBigramIndex = { index, spaceSize: size };
  return index;
}

/** Every lexicon cue in a word sequence, in the order of their first word. */
function lexiconCues(words: readonly Word[]): CueHit[] {
  const found: CueHit[] = [];
  words.forEach((word, at) => {
    for (const category of word.cueCategories) found.push({ at, category, words: 1 });
    for (const p of word.cuePhrases) if (p.rest.every((w, k) => words[at + 1 + k]?.form === w)) found.push({ at, category: p.category, words: 1 + p.rest.length });
  });
  return found;
}

/** Names of the lexicon's categories, in the order of the bits of `lexiconBits`. */
export function lexiconCategories(): readonly string[] {
  return loadLexicon().categories;
}

/** Per token, the bits of the lexicon categories of the cues it is part of (as units count cues). */
export function lexiconBits(doc: Doc): Int32Array {
  const table = tokenTable(doc);
  const n = doc.tokens.length;
  const tokenOfWord = new Int32Array(table.wordsBefore[n]);
  for (let i = 0; i < n; i++) if (table.wordsBefore[i + 1] > table.wordsBefore[i]) tokenOfWord[table.wordsBefore[i]] = i;
  const bits = new Int32Array(n);
  for (const hit of table.cues) for (let k = 0; k < hit.words; k++) bits[tokenOfWord[hit.at + k]] |= 1 << hit.category;
  return bits;
}

/**
 * The article's distinct word forms, first seen first, and each token's index among them (-1:
 * no form): the indexing every per-word table of the learned analyses shares (cached per Doc).
 */
export function distinctForms(doc: Doc): { readonly forms: readonly string[]; readonly ofToken: Int32Array } {
  const table = tokenTable(doc);
  table.distinct ??= { forms: table.words.map((w) => w.form), ofToken: table.unigram };
  return table.distinct;
}

export interface UnitOptions {
  /** Weight of the n-gram block relative to the style block (n-grams are L2-normalized to this). */
  readonly ngramWeight?: number;
  readonly bigrams?: boolean;
}

/**
 * Features of the tokens [tokenStart, tokenEnd): word uni/bigrams (log tf, L2-normalized as a
 * block) plus style cues — punctuation, all-caps, pronoun stance (we/they/you/I), POS mix,
 * quotation marks and lexicon categories (cues wholly inside the unit).
 */
export function unitFeatures(doc: Doc, tokenStart: number, tokenEnd: number, options: UnitOptions = {}): FeatureBag {
  const bag: FeatureBag = new Map();
  // Scoring reads the ids collected with the names, not the names.
  const { ids, values } = collectUnitFeatures(doc, tokenStart, tokenEnd, options, bag);
  primeResolved(bag, ids, values);
  return bag;
}

/**
 * The same features as `unitFeatures` as ids only, for units that are only scored (the
 * evidence sentences): no names are built, no bag is filled. Computed when first scored, and
 * again when models registered features since.
 */
export function unitVector(doc: Doc, tokenStart: number, tokenEnd: number): FeatureVector {
  let resolved: ResolvedFeatures | undefined;
  return {
    resolve() {
      if (resolved?.spaceSize !== spaceSize()) {
        const { ids, values } = collectUnitFeatures(doc, tokenStart, tokenEnd, {}, null);
        resolved = { ids, values, spaceSize: spaceSize() };
      }
      return resolved;
    },
  };
}

/** Counts of a unit's style counters and lexicon categories: shared scratch, all zero between units (a unit is built at once). */
let styleCounts = new Int32Array(64);
let cueCounts = new Int32Array(0);

/**
 * A unit's features in bag order, the known ones as feature-space ids with their values; every
 * one by name into `bag` when one is given.
 */
function collectUnitFeatures(
  doc: Doc,
  tokenStart: number,
  tokenEnd: number,
  { ngramWeight = 1, bigrams = true }: UnitOptions,
  bag: FeatureBag | null,
): { ids: number[]; values: number[] } {
  const table = tokenTable(doc);
  const { scratch } = table;
  if (styleCounts.length < styleNames.length) styleCounts = new Int32Array(2 * styleNames.length);
  const styles = styleCounts;
  // N-grams and style counters, each listed in the order first met (the bag's order).
  const ngrams: number[] = [];
  const met: number[] = [];
  const count = (k: number) => {
    if (styles[k]++ === 0) met.push(k);
  };
  for (let i = tokenStart; i < tokenEnd; i++) {
    if (table.quote[i]) count(QUOTE);
    const uni = table.unigram[i];
    if (uni < 0) continue;
    count(table.style[i]);
    if (table.allcaps[i]) count(ALLCAPS);
    if (table.person[i] !== NO_STYLE) count(table.person[i]);
    if (scratch[uni]++ === 0) ngrams.push(uni);
    const bi = bigrams && i > tokenStart ? table.bigram[i] : -1;
    if (bi >= 0 && scratch[bi]++ === 0) ngrams.push(bi);
  }
  let norm = 0;
  for (const id of ngrams) {
    const w = Math.log1p(scratch[id]);
    scratch[id] = w;
    norm += w * w;
  }
  const scale = norm > 0 ? ngramWeight / Math.sqrt(norm) : 0;

  const ids: number[] = [];
  const values: number[] = [];
  const add = (name: string | null, id: number, value: number) => {
    bag?.set(name!, value);
    if (id >= 0) (ids.push(id), values.push(value));
  };
  const ngramIds = ngramSpaceIds(table);
  for (const k of ngrams) {
    add(bag && ngramName(table, k), ngramIds[k], scratch[k] * scale);
    scratch[k] = 0;
  }
  const firstWord = table.wordsBefore[tokenStart];
  const endWord = table.wordsBefore[tokenEnd];
  const words = endWord - firstWord;
  const lex = loadLexicon();
  if (cueCounts.length < lex.categories.length) cueCounts = new Int32Array(lex.categories.length);
  const { cues } = table;
  for (let c = firstCueAt(cues, firstWord); c < cues.length && cues[c].at < endWord; c++) if (cues[c].at + cues[c].words <= endWord) cueCounts[cues[c].category]++;
  const countIds = spaceIdsOf(lex.counts);
  const rateIds = spaceIdsOf(lex.rates);
  for (let c = 0; c < lex.categories.length; c++) {
    const h = cueCounts[c];
    if (h) add(lex.counts[c], countIds[c], squash(h));
    if (h && words) add(lex.rates[c], rateIds[c], Math.min(1, (10 * h) / words));
    cueCounts[c] = 0;
  }
  const styleIds = spaceIdsOf(styleNames);
  const styleRateIds = spaceIdsOf(styleRates);
  for (const k of met) {
    const n = styles[k];
    if (!styleRateOnly[k]) add(styleNames[k], styleIds[k], squash(n));
    if (words) add(styleRates[k], styleRateIds[k], Math.min(1, (5 * n) / words));
    styles[k] = 0;
  }
  const length = words < 8 ? 0 : words < 20 ? 1 : words < 50 ? 2 : words < 150 ? 3 : 4;
  add(LENGTH_NAMES[length], spaceIdsOf(LENGTH_NAMES)[length], 1);
  return { ids, values };
}

/** Index of the first cue starting at or after word position `word` (binary search: cues are in word order). */
function firstCueAt(cues: readonly CueHit[], word: number): number {
  let [lo, hi] = [0, cues.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cues[mid].at < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merges `from` into `into`, optionally renaming features with a prefix and scaling them. */
export function mergeInto(into: FeatureBag, from: FeatureBag, prefix = "", weight = 1): void {
  for (const [k, v] of from) addFeature(into, prefix + k, v * weight);
}

const articleBags = new WeakMap<Doc, FeatureBag>();

/** Whole-article features: body n-grams and style, plus the headline's words apart. Memoized per Doc; callers must not mutate it. */
export function articleBag(doc: Doc): FeatureBag {
  const cached = articleBags.get(doc);
  if (cached) return cached;
  // Unigrams only: at article length bigrams double the cost and did not improve CV.
  const bag = unitFeatures(doc, 0, doc.tokens.length, { bigrams: false });
  const title = doc.article.title;
  if (title) {
    const { tokenStart, tokenEnd } = tokenRange(doc, title.start, title.end);
    mergeInto(bag, unitFeatures(doc, tokenStart, tokenEnd, { bigrams: false }), "title:", 0.5);
  }
  addFeature(bag, "bias:article");
  articleBags.set(doc, bag);
  return bag;
}
