/**
 * Features shared by the learned analyses. They are computed from the pipeline's Doc only, so
 * training (which runs the raw task files through segment + buildDoc) and inference see the
 * very same values.
 */
import { readFileSync } from "node:fs";
import type { Doc, Token } from "../nlp/types.js";
import { addFeature, type FeatureBag } from "../ml/linear.js";
import { featureId, primeResolved, spaceIdsOf, spaceSize } from "../ml/feature-space.js";
import { taxonomyPath } from "../ml/paths.js";

/** Token index range [tokenStart, tokenEnd) of the tokens inside the character range [start, end). */
export function tokenRange(doc: Doc, start: number, end: number): { tokenStart: number; tokenEnd: number } {
  const first = (offset: number) => {
    let lo = 0;
    let hi = doc.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (doc.tokens[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { tokenStart: first(start), tokenEnd: first(end) };
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
  readonly phrases: ReadonlyMap<string, readonly { category: number; rest: readonly string[] }[]>;
}

let lexicon: LexiconIndex | undefined;

/** taxonomies/persuasion-lexicon.json, loaded once. */
function loadLexicon(): LexiconIndex {
  if (!lexicon) {
    const json = JSON.parse(readFileSync(taxonomyPath("persuasion-lexicon.json"), "utf8")) as Record<string, string[] | string>;
    const entries = Object.entries(json).filter((e): e is [string, string[]] => Array.isArray(e[1]));
    const words = new Map<string, number[]>();
    const phrases = new Map<string, { category: number; rest: string[] }[]>();
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

/** A lexicon cue found in the article's word sequence: its category and length in words. */
interface CueHit {
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
    styleIndex.set(name, i);
  }
  return i;
}

/** Scales a count to [0, 1) slowly, so one long unit does not dominate its features. */
const squash = (n: number) => n / (n + 2);

const QUOTE_MARKS = new Set(['"', "“", "”", "«", "»"]);
const NO_STYLE = -1;

const LENGTH_NAMES = ["len:xs", "len:s", "len:m", "len:l", "len:xl"];

/** What every unit (article, paragraph, sentence) reads of a token, computed once per Doc. */
interface TokenTable {
  readonly forms: readonly (string | null)[];
  /** The article's distinct n-gram feature names ("w:<form>", "b:<previous form>_<form>"). */
  readonly ngrams: readonly string[];
  /** Index in `ngrams` of each token's unigram, or -1 for skipped punctuation. */
  readonly unigram: Int32Array;
  /** Index in `ngrams` of each token's bigram with the previous token, or -1. */
  readonly bigram: Int32Array;
  /** For a bigram entry its two unigram entries (at 2k, 2k + 1), -1 for a unigram. */
  readonly parts: Int32Array;
  /** Feature-space ids of the entries, and the space size they were resolved at. */
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
  /** Lexicon cues starting at each word position. */
  readonly cues: ReadonlyMap<number, readonly CueHit[]>;
}

const tables = new WeakMap<Doc, TokenTable>();

function tokenTable(doc: Doc): TokenTable {
  let table = tables.get(doc);
  if (table) return table;
  const n = doc.tokens.length;
  const forms = doc.tokens.map(wordForm);
  const quote = new Uint8Array(n);
  const style = new Int16Array(n).fill(NO_STYLE);
  const allcaps = new Uint8Array(n);
  const person = new Int16Array(n).fill(NO_STYLE);
  const wordsBefore = new Int32Array(n + 1);
  const words: string[] = [];
  forms.forEach((form, i) => {
    const t = doc.tokens[i];
    wordsBefore[i] = words.length;
    if (QUOTE_MARKS.has(t.text)) quote[i] = 1;
    if (form === null) return;
    if (form === "!" || form === "?") {
      style[i] = form === "!" ? EXCLAIM : QUESTION;
      return;
    }
    words.push(form);
    style[i] = posStyle(t.pos);
    if (t.text.length >= 3 && t.text !== form && /^[A-Z]+$/.test(t.text)) allcaps[i] = 1;
    const stance = PRONOUNS.get(form);
    if (stance) person[i] = styleOf(stance);
  });
  wordsBefore[n] = words.length;
  const { ngrams, unigram, bigram, parts } = ngramIndex(forms);
  table = {
    forms,
    ngrams,
    unigram,
    bigram,
    parts,
    scratch: new Float64Array(ngrams.length),
    quote,
    style,
    allcaps,
    person,
    wordsBefore,
    cues: lexiconCues(words),
  };
  tables.set(doc, table);
  return table;
}

/** The distinct uni- and bigram names of an article and each token's entries among them. */
function ngramIndex(forms: readonly (string | null)[]): { ngrams: string[]; unigram: Int32Array; bigram: Int32Array; parts: Int32Array } {
  const ngrams: string[] = [];
  const byForm = new Map<string, number>();
  const unigram = Int32Array.from(forms, (f) => {
    if (f === null) return -1;
    let id = byForm.get(f);
    if (id === undefined) byForm.set(f, (id = ngrams.push(`w:${f}`) - 1));
    return id;
  });
  // A bigram is known by its two unigram entries: a number key, no string built to look it up.
  const byPair = new Map<number, number>();
  const bigram = new Int32Array(forms.length).fill(-1);
  const pairs: number[] = ngrams.flatMap(() => [-1, -1]);
  for (let i = 1; i < forms.length; i++) {
    const [a, b] = [unigram[i - 1], unigram[i]];
    if (a < 0 || b < 0) continue;
    const key = a * forms.length + b;
    let id = byPair.get(key);
    if (id === undefined) {
      byPair.set(key, (id = ngrams.push(`b:${forms[i - 1]}_${forms[i]}`) - 1));
      pairs.push(a, b);
    }
    bigram[i] = id;
  }
  return { ngrams, unigram, bigram, parts: Int32Array.from(pairs) };
}

/**
 * Feature-space ids of the article's n-grams, resolved once per article (again if models
 * registered features since). A bigram is only looked up when both its words are known: every
 * bag that held the bigram held its words too, so a vocabulary that kept it kept them.
 */
function ngramSpaceIds(table: TokenTable): Int32Array {
  if (table.spaceIds && table.spaceSize === spaceSize()) return table.spaceIds;
  const ids = new Int32Array(table.ngrams.length);
  for (let k = 0; k < ids.length; k++) {
    const [a, b] = [table.parts[2 * k], table.parts[2 * k + 1]];
    ids[k] = a < 0 || (ids[a] >= 0 && ids[b] >= 0) ? featureId(table.ngrams[k]) : -1;
  }
  table.spaceIds = ids;
  table.spaceSize = spaceSize();
  return ids;
}

/** Every lexicon cue in a word sequence, by the position of its first word. */
function lexiconCues(words: readonly string[]): Map<number, CueHit[]> {
  const { words: single, phrases } = loadLexicon();
  const found = new Map<number, CueHit[]>();
  words.forEach((word, i) => {
    const hits: CueHit[] = [];
    for (const category of single.get(word) ?? []) hits.push({ category, words: 1 });
    for (const p of phrases.get(word) ?? []) if (p.rest.every((w, k) => words[i + 1 + k] === w)) hits.push({ category: p.category, words: 1 + p.rest.length });
    if (hits.length) found.set(i, hits);
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
  for (const [w, hits] of table.cues) for (const hit of hits) for (let k = 0; k < hit.words; k++) bits[tokenOfWord[w + k]] |= 1 << hit.category;
  return bits;
}

/** Word forms of all tokens (cached per Doc). */
export function wordForms(doc: Doc): readonly (string | null)[] {
  return tokenTable(doc).forms;
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
export function unitFeatures(doc: Doc, tokenStart: number, tokenEnd: number, { ngramWeight = 1, bigrams = true }: UnitOptions = {}): FeatureBag {
  const table = tokenTable(doc);
  const { scratch } = table;
  // Counts of n-grams and style counters, each listed in the order first met (the bag's order).
  const ngrams: number[] = [];
  const styles = new Int32Array(styleNames.length);
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

  // The bag, and the same features as feature-space ids (scoring reads those, not the names).
  const bag: FeatureBag = new Map();
  const ids: number[] = [];
  const values: number[] = [];
  const add = (name: string, id: number, value: number) => {
    bag.set(name, value);
    if (id >= 0) (ids.push(id), values.push(value));
  };
  const ngramIds = ngramSpaceIds(table);
  for (const id of ngrams) {
    add(table.ngrams[id], ngramIds[id], scratch[id] * scale);
    scratch[id] = 0;
  }
  const firstWord = table.wordsBefore[tokenStart];
  const endWord = table.wordsBefore[tokenEnd];
  const words = endWord - firstWord;
  const lex = loadLexicon();
  const hits = new Array<number>(lex.categories.length).fill(0);
  for (let w = firstWord; w < endWord; w++) for (const hit of table.cues.get(w) ?? []) if (w + hit.words <= endWord) hits[hit.category]++;
  const [countIds, rateIds] = [spaceIdsOf(lex.counts), spaceIdsOf(lex.rates)];
  hits.forEach((h, c) => {
    if (h) add(lex.counts[c], countIds[c], squash(h));
    if (h && words) add(lex.rates[c], rateIds[c], Math.min(1, (10 * h) / words));
  });
  const [styleIds, styleRateIds] = [spaceIdsOf(styleNames), spaceIdsOf(styleRates)];
  for (const k of met) {
    const n = styles[k];
    if (!RATE_ONLY(styleNames[k])) add(styleNames[k], styleIds[k], squash(n));
    if (words) add(styleRates[k], styleRateIds[k], Math.min(1, (5 * n) / words));
  }
  const length = words < 8 ? 0 : words < 20 ? 1 : words < 50 ? 2 : words < 150 ? 3 : 4;
  add(LENGTH_NAMES[length], spaceIdsOf(LENGTH_NAMES)[length], 1);
  primeResolved(bag, ids, values);
  return bag;
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
