/**
 * Features shared by the learned analyses. They are computed from the pipeline's Doc only, so
 * training (which runs the raw task files through segment + buildDoc) and inference see the
 * very same values.
 */
import { readFileSync } from "node:fs";
import type { Doc, Token } from "../nlp/types.js";
import { addFeature, type FeatureBag } from "../ml/linear.js";
import { featureId, primeResolved, spaceIdsOf, spaceSize, type FeatureVector, type ResolvedFeatures } from "../ml/feature-space.js";
import { taxonomyPath } from "../ml/paths.js";
import { tokenAtOrAfter } from "../nlp/tokens.js";
import { PerWord } from "../nlp/words.js";
import { PerTag, tagNumbers } from "../nlp/tags.js";
import { OwnedCache } from "../owned-cache.js";

/** Token index range [tokenStart, tokenEnd) of the tokens inside the character range [start, end). */
export function tokenRange(doc: Doc, start: number, end: number): { tokenStart: number; tokenEnd: number } {
  return { tokenStart: tokenAtOrAfter(doc.tokens, start), tokenEnd: tokenAtOrAfter(doc.tokens, end) };
}

/** A token without a word form: punctuation other than ! and ?. */
function formless({ pos, text }: Token): boolean {
  return (pos === "PUNCT" || pos === "SYM" || pos === "SPACE") && text !== "!" && text !== "?";
}

/** The word form of a token's text (unless formless): lower-cased, digits folded. */
export function wordForm(text: string): string {
  const lower = text.toLowerCase();
  return /[’\d]/.test(lower) ? lower.replace(/’/g, "'").replace(/\d/g, "0") : lower;
}

/** Capitals only (ASCII), at least one. */
export function allCapitals(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 65 || c > 90) return false;
  }
  return text.length > 0;
}

/**
 * The features that are not words (lexicon categories, style counters and their rates, length
 * classes) by number, each name built once: units hold them by number, and a prefixed copy of the
 * list (namedFeaturesUnder) names them all under a prefix.
 */
const namedFeatures: string[] = [];
const namedFeatureIndex = new Map<string, number>();

function namedFeature(name: string): number {
  let f = namedFeatureIndex.get(name);
  if (f === undefined) namedFeatureIndex.set(name, (f = namedFeatures.push(name) - 1));
  return f;
}

const prefixedNamedFeatures = new Map<string, string[]>();

/** The named features' names under a prefix, in number order (the list itself for no prefix). */
function namedFeaturesUnder(prefix: string): readonly string[] {
  if (!prefix) return namedFeatures;
  let names = prefixedNamedFeatures.get(prefix);
  if (!names) prefixedNamedFeatures.set(prefix, (names = []));
  for (let f = names.length; f < namedFeatures.length; f++) names.push(prefix + namedFeatures[f]);
  return names;
}

/** Cue words and phrases of every lexicon category, indexed by (first) word for one pass over a unit. */
interface LexiconIndex {
  readonly categories: readonly string[];
  /** Named features per category: "lex:<category>" (count) and "lexrate:<category>". */
  readonly counts: readonly number[];
  readonly rates: readonly number[];
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
    lexicon = { categories, counts: categories.map((c) => namedFeature(`lex:${c}`)), rates: categories.map((c) => namedFeature(`lexrate:${c}`)), words, phrases };
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
 * Style counters of a unit, by index: a fixed list the part-of-speech tags join as they are met,
 * with the named features of their counts and of their rates ("rate:<name>").
 */
const styleIndex = new Map<string, number>();
/** Named feature of each counter's count (NOT_COUNTED: reported as a rate only, its count adds nothing the rate lacks). */
const styleCountFeatures: number[] = [];
const styleRateFeatures: number[] = [];
const NOT_COUNTED = -1;
const RATE_ONLY = (name: string) => name.startsWith("pos:") || name.startsWith("person:");
const [QUOTE, EXCLAIM, QUESTION, ALLCAPS] = ["quote", "exclaim", "question", "allcaps"].map(styleOf);

/** Style counter of each part-of-speech tag, by tag number. */
const posStyles = new PerTag((pos) => styleOf(`pos:${pos}`));

function styleOf(name: string): number {
  let i = styleIndex.get(name);
  if (i === undefined) {
    i = styleCountFeatures.push(RATE_ONLY(name) ? NOT_COUNTED : namedFeature(name)) - 1;
    styleRateFeatures.push(namedFeature(`rate:${name}`));
    styleIndex.set(name, i);
  }
  return i;
}

/** Scales a count to [0, 1) slowly, so one long unit does not dominate its features. */
const squash = (n: number) => n / (n + 2);

/** Quotation marks, as the learned analyses' features read them. */
export const QUOTE_MARKS: ReadonlySet<string> = new Set(['"', "“", "”", "«", "»"]);
const NO_STYLE = -1;

const LENGTH_FEATURES = ["len:xs", "len:s", "len:m", "len:l", "len:xl"].map(namedFeature);

/** What every unit (article, paragraph, sentence) reads of a token, computed once per Doc. */
interface TokenTable {
  /** The article's distinct words, first met first: a word's entry is its index here. */
  readonly words: readonly Word[];
  /** Entry of each token's word, or -1 for skipped punctuation. */
  readonly entry: Int32Array;
  /** Feature-space ids of the entries, and the space size they were looked up at. */
  spaceIds?: Int32Array;
  spaceSize?: number;
  /** Scratch counts per entry, all zero between units. */
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

const tables = new OwnedCache<Doc, TokenTable>();

function tokenTable(doc: Doc): TokenTable {
  let table = tables.get(doc);
  if (table) return table;
  if (knownWords.size >= MAX_KNOWN_WORDS) forgetWords();
  const built = ++tablesBuilt;
  const n = doc.tokens.length;
  const quote = new Uint8Array(n);
  const style = new Int16Array(n).fill(NO_STYLE);
  const allcaps = new Uint8Array(n);
  const person = new Int16Array(n).fill(NO_STYLE);
  const wordsBefore = new Int32Array(n + 1);
  // The article's distinct words (their entries), and its word sequence for the lexicon.
  const words: Word[] = [];
  const entry = new Int32Array(n).fill(-1);
  const sequence: Word[] = [];
  const cueStarts: number[] = [];
  const wordsOf = wordsById.byId(doc);
  const { ids } = doc.words;
  const tags = tagNumbers(doc);
  for (let i = 0; i < n; i++) {
    const t = doc.tokens[i];
    const { text } = t;
    wordsBefore[i] = sequence.length;
    // Quotation marks are one character: most tokens skip the set.
    if (text.length === 1 && QUOTE_MARKS.has(text)) quote[i] = 1;
    if (formless(t)) continue;
    const word = wordsOf[ids[i]];
    if (word.entryTable !== built) (word.entryTable = built), (word.entry = words.push(word) - 1);
    entry[i] = word.entry;
    if (word.mark !== NO_STYLE) {
      style[i] = word.mark;
      continue;
    }
    // Cues are looked for where a word starts some, noted while the word is at hand (most start none).
    if (word.cueCategories !== NONE || word.cuePhrases !== NONE) cueStarts.push(sequence.length);
    sequence.push(word);
    style[i] = posStyles.of(tags[i]);
    // (Capitals only, so not the word's lower-case form.)
    if (text.length >= 3 && allCapitals(text)) allcaps[i] = 1;
    person[i] = word.person;
  }
  wordsBefore[n] = sequence.length;
  table = {
    words,
    entry,
    scratch: new Float64Array(words.length),
    quote,
    style,
    allcaps,
    person,
    wordsBefore,
    cues: lexiconCues(sequence, cueStarts),
  };
  tables.set(doc, table);
  return table;
}

/** A word form known process-wide (the same object in every article while the word cache holds it). */
export interface KnownForm {
  readonly form: string;
}

/**
 * A known form with what the shared features derive from it: its feature name is built, its
 * feature-space id and lexicon cues looked up once, not once per article.
 */
interface Word extends KnownForm {
  readonly name: string;
  /** Pronoun person counter, or NO_STYLE. */
  readonly person: number;
  /** Style counter of "!" and "?" (EXCLAIM, QUESTION), or NO_STYLE: they count apart from the words. */
  readonly mark: number;
  /** Lexicon categories of the word as a cue, and the cue phrases it begins. */
  readonly cueCategories: readonly number[];
  readonly cuePhrases: readonly CuePhrase[];
  spaceId: number;
  /** spaceSize() when `spaceId` was looked up (-1: not yet). */
  resolvedAt: number;
  /** Its entry in the token table built `entryTable`-th (a table numbers its distinct words as it meets them). */
  entry: number;
  entryTable: number;
}

/** Token tables built so far: the number of the one being built. */
let tablesBuilt = 0;

/**
 * Words met so far, by form, and by the word id of a token's text (texts that differ in case
 * share their word: a token finds its word by id, no form built). Bounded (a long ingest meets
 * ever new words); dropping them only costs rebuilding, and tables built before keep their own references.
 */
const knownWords = new Map<string, Word>();
const byWordId = () => new PerWord((text) => wordOf(wordForm(text)));
let wordsById = byWordId();
const MAX_KNOWN_WORDS = 100_000;
const NONE: readonly never[] = [];

/** Drops every known word, both ways at once: a form must never have two Word objects (one table would count it twice). */
function forgetWords(): void {
  knownWords.clear();
  wordsById = byWordId();
}

function wordOf(form: string): Word {
  let word = knownWords.get(form);
  if (!word) {
    const { words: cueWords, phrases } = loadLexicon();
    const stance = PRONOUNS.get(form);
    word = {
      form,
      name: `w:${form}`,
      person: stance ? styleOf(stance) : NO_STYLE,
      mark: form === "!" ? EXCLAIM : form === "?" ? QUESTION : NO_STYLE,
      cueCategories: cueWords.get(form) ?? NONE,
      cuePhrases: phrases.get(form) ?? NONE,
      spaceId: -1,
      resolvedAt: -1,
      entry: -1,
      entryTable: 0,
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

/** Feature-space ids of the article's words, looked up once per article (again if models registered features since). */
function wordSpaceIds(table: TokenTable): Int32Array {
  const size = spaceSize();
  if (table.spaceIds && table.spaceSize === size) return table.spaceIds;
  // A loop, not Int32Array.from with a mapping function: this reads every distinct word of the article.
  const ids = new Int32Array(table.words.length);
  for (let e = 0; e < ids.length; e++) ids[e] = wordSpaceId(table.words[e], size);
  table.spaceIds = ids;
  table.spaceSize = size;
  return ids;
}

/** Every lexicon cue in a word sequence, in the order of their first word: at the positions `starts` (in order) of the words that start some. */
function lexiconCues(words: readonly Word[], starts: readonly number[]): CueHit[] {
  const found: CueHit[] = [];
  for (const at of starts) {
    const word = words[at];
    for (const category of word.cueCategories) found.push({ at, category, words: 1 });
    for (const p of word.cuePhrases) if (p.rest.every((w, k) => words[at + 1 + k]?.form === w)) found.push({ at, category: p.category, words: 1 + p.rest.length });
  }
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
export function distinctForms(doc: Doc): { readonly forms: readonly KnownForm[]; readonly ofToken: Int32Array } {
  const table = tokenTable(doc);
  return { forms: table.words, ofToken: table.entry };
}

/**
 * A unit's features without names, in bag order: its words (entries of the article's token
 * table), then its named features (numbers of `namedFeatures`), each with its value. Training
 * names them (nameUnit), scoring reads their ids (unitIds): one computation serves both.
 */
class UnitFeatures {
  words = new Int32Array(0);
  wordValues = new Float64Array(0);
  wordCount = 0;
  named = new Int32Array(0);
  namedValues = new Float64Array(0);
  namedCount = 0;

  /** Empties the list, with room for `words` words and every named feature (each occurs once in a unit). */
  clear(words: number): void {
    if (this.words.length < words) [this.words, this.wordValues] = [new Int32Array(words), new Float64Array(words)];
    const named = namedFeatures.length;
    if (this.named.length < named) [this.named, this.namedValues] = [new Int32Array(named), new Float64Array(named)];
    this.wordCount = this.namedCount = 0;
  }

  addNamed(feature: number, value: number): void {
    this.named[this.namedCount] = feature;
    this.namedValues[this.namedCount++] = value;
  }
}

/** How a unit's named features alone are given under other names: with a prefix, scaled (e.g. the article's style in each of its paragraphs). */
export interface StyleView {
  readonly prefix: string;
  readonly weight: number;
}

/** The features of the unit being built, when they are named or resolved at once: shared scratch. */
const unitScratch = new UnitFeatures();

/**
 * Features of the tokens [tokenStart, tokenEnd): words (log tf, L2-normalized as a block) plus
 * style cues — punctuation, all-caps, pronoun stance (we/they/you/I), POS mix, quotation marks
 * and lexicon categories (cues wholly inside the unit). No word bigrams: with them the techniques
 * model was twice the size, its CV micro-F1 lower on each of four fold seeds (0.360–0.366 against
 * 0.363–0.370) and the learned analyses ≈ 10% slower.
 */
export function unitFeatures(doc: Doc, tokenStart: number, tokenEnd: number): FeatureBag {
  return unitBag(tokenTable(doc), collectUnit(doc, tokenStart, tokenEnd, unitScratch));
}

/**
 * The same features as `unitFeatures` as ids only, for units that are only scored (paragraphs and
 * sentences at inference): no names are built, no bag is filled. Computed when first scored, and
 * again when models registered features since.
 */
export function unitVector(doc: Doc, tokenStart: number, tokenEnd: number): FeatureVector {
  // One vector per token range of a Doc: a paragraph of one sentence is that sentence, resolved once for both.
  let vectors = unitVectors.get(doc);
  if (!vectors) unitVectors.set(doc, (vectors = new Map()));
  const key = tokenStart * (doc.tokens.length + 1) + tokenEnd;
  let vector = vectors.get(key);
  if (!vector) vectors.set(key, (vector = lazyVector(() => unitIds(tokenTable(doc), collectUnit(doc, tokenStart, tokenEnd, unitScratch)))));
  return vector;
}

const unitVectors = new OwnedCache<Doc, Map<number, FeatureVector>>();

/** A feature vector resolved when first scored, and again when models registered features since. */
function lazyVector(resolveNow: () => { ids: number[]; values: number[] }): FeatureVector {
  let resolved: ResolvedFeatures | undefined;
  return {
    resolve() {
      if (resolved?.spaceSize !== spaceSize()) {
        const { ids, values } = resolveNow();
        resolved = { ids, values, spaceSize: spaceSize() };
      }
      return resolved;
    },
  };
}

/** The unit's features as a named bag; scoring reads the ids found with them, not the names. */
function unitBag(table: TokenTable, unit: UnitFeatures, view?: StyleView): FeatureBag {
  const bag: FeatureBag = new Map();
  nameUnit(table, unit, bag, view);
  const { ids, values } = unitIds(table, unit, view);
  primeResolved(bag, ids, values);
  return bag;
}

/** Every feature of the unit by name into `bag`; through a view, its named features alone. */
function nameUnit(table: TokenTable, unit: UnitFeatures, bag: FeatureBag, view?: StyleView): void {
  if (!view) for (let j = 0; j < unit.wordCount; j++) bag.set(table.words[unit.words[j]].name, unit.wordValues[j]);
  const names = namedFeaturesUnder(view?.prefix ?? "");
  const weight = view?.weight ?? 1;
  for (let j = 0; j < unit.namedCount; j++) bag.set(names[unit.named[j]], unit.namedValues[j] * weight);
}

/** The unit's features that models know, as feature-space ids with their values, in the order nameUnit names them. */
function unitIds(table: TokenTable, unit: UnitFeatures, view?: StyleView): { ids: number[]; values: number[] } {
  const ids: number[] = [];
  const values: number[] = [];
  if (!view) {
    const wordIds = wordSpaceIds(table);
    for (let j = 0; j < unit.wordCount; j++) {
      const id = wordIds[unit.words[j]];
      if (id >= 0) (ids.push(id), values.push(unit.wordValues[j]));
    }
  }
  const namedIds = spaceIdsOf(namedFeaturesUnder(view?.prefix ?? ""));
  const weight = view?.weight ?? 1;
  for (let j = 0; j < unit.namedCount; j++) {
    const id = namedIds[unit.named[j]];
    if (id >= 0) (ids.push(id), values.push(unit.namedValues[j] * weight));
  }
  return { ids, values };
}

/**
 * Counts of a unit's style counters with the counters in the order first met, and counts of its
 * lexicon categories: shared scratch, all zero between units (a unit is built at once).
 */
let styleCounts = new Int32Array(64);
let stylesMet = new Int32Array(64);
let metCount = 0;
let cueCounts = new Int32Array(0);

function countStyle(k: number): void {
  if (styleCounts[k]++ === 0) stylesMet[metCount++] = k;
}

/** Computes a unit's features into `out` (emptied first), and returns it. */
function collectUnit(doc: Doc, tokenStart: number, tokenEnd: number, out: UnitFeatures): UnitFeatures {
  const table = tokenTable(doc);
  const lex = loadLexicon();
  const { scratch } = table;
  if (styleCounts.length < styleCountFeatures.length) [styleCounts, stylesMet] = [new Int32Array(2 * styleCountFeatures.length), new Int32Array(2 * styleCountFeatures.length)];
  // At most a word per token; words are listed in the order first met (the bag's order).
  out.clear(tokenEnd - tokenStart);
  const { words: entries } = out;
  for (let i = tokenStart; i < tokenEnd; i++) {
    if (table.quote[i]) countStyle(QUOTE);
    const entry = table.entry[i];
    if (entry < 0) continue;
    countStyle(table.style[i]);
    if (table.allcaps[i]) countStyle(ALLCAPS);
    if (table.person[i] !== NO_STYLE) countStyle(table.person[i]);
    if (scratch[entry]++ === 0) entries[out.wordCount++] = entry;
  }
  let norm = 0;
  for (let j = 0; j < out.wordCount; j++) {
    const w = Math.log1p(scratch[entries[j]]);
    scratch[entries[j]] = w;
    norm += w * w;
  }
  // The word block is L2-normalized: a unit's length does not weigh its words against its style.
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < out.wordCount; j++) {
    out.wordValues[j] = scratch[entries[j]] * scale;
    scratch[entries[j]] = 0;
  }
  const firstWord = table.wordsBefore[tokenStart];
  const endWord = table.wordsBefore[tokenEnd];
  const words = endWord - firstWord;
  if (cueCounts.length < lex.categories.length) cueCounts = new Int32Array(lex.categories.length);
  const { cues } = table;
  for (let c = firstCueAt(cues, firstWord); c < cues.length && cues[c].at < endWord; c++) if (cues[c].at + cues[c].words <= endWord) cueCounts[cues[c].category]++;
  for (let c = 0; c < lex.categories.length; c++) {
    const h = cueCounts[c];
    if (h) out.addNamed(lex.counts[c], squash(h));
    if (h && words) out.addNamed(lex.rates[c], Math.min(1, (10 * h) / words));
    cueCounts[c] = 0;
  }
  for (let m = 0; m < metCount; m++) {
    const k = stylesMet[m];
    const n = styleCounts[k];
    if (styleCountFeatures[k] !== NOT_COUNTED) out.addNamed(styleCountFeatures[k], squash(n));
    if (words) out.addNamed(styleRateFeatures[k], Math.min(1, (5 * n) / words));
    styleCounts[k] = 0;
  }
  metCount = 0;
  out.addNamed(LENGTH_FEATURES[words < 8 ? 0 : words < 20 ? 1 : words < 50 ? 2 : words < 150 ? 3 : 4], 1);
  return out;
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

const articleBodies = new OwnedCache<Doc, UnitFeatures>();

/** The features of the article's body, all its tokens. Memoized per Doc. */
function articleBody(doc: Doc): UnitFeatures {
  let body = articleBodies.get(doc);
  if (!body) articleBodies.set(doc, (body = collectUnit(doc, 0, doc.tokens.length, new UnitFeatures())));
  return body;
}

/** How the headline's own features join the article's: renamed and at half weight; then a bias feature. */
const TITLE_PREFIX = "title:";
const TITLE_WEIGHT = 0.5;
const ARTICLE_BIAS = "bias:article";

/** The headline's features by name, or none when the article has no title (only renamed, so no ids are looked up). */
function titleBag(doc: Doc): FeatureBag | undefined {
  const title = doc.article.title;
  if (!title) return undefined;
  const { tokenStart, tokenEnd } = tokenRange(doc, title.start, title.end);
  const bag: FeatureBag = new Map();
  nameUnit(tokenTable(doc), collectUnit(doc, tokenStart, tokenEnd, unitScratch), bag);
  return bag;
}

const articleBags = new OwnedCache<Doc, FeatureBag>();

/** Whole-article features: body words and style, plus the headline's words apart. Memoized per Doc; callers must not mutate it. */
export function articleBag(doc: Doc): FeatureBag {
  const cached = articleBags.get(doc);
  if (cached) return cached;
  const bag = unitBag(tokenTable(doc), articleBody(doc));
  const title = titleBag(doc);
  if (title) mergeInto(bag, title, TITLE_PREFIX, TITLE_WEIGHT);
  addFeature(bag, ARTICLE_BIAS);
  articleBags.set(doc, bag);
  return bag;
}

const articleVectors = new OwnedCache<Doc, FeatureVector>();

/**
 * articleBag's features as ids only, in its order (the same sums): what the models that only
 * score the article read at inference, so that no named bag is built there. Memoized per Doc.
 */
export function articleVector(doc: Doc): FeatureVector {
  let vector = articleVectors.get(doc);
  if (vector) return vector;
  vector = lazyVector(() => {
    const { ids, values } = unitIds(tokenTable(doc), articleBody(doc));
    const add = (name: string, value: number) => {
      const id = featureId(name);
      if (id >= 0) (ids.push(id), values.push(value));
    };
    // A headline has a few words: its features are looked up by name.
    for (const [name, value] of titleBag(doc) ?? []) add(TITLE_PREFIX + name, value * TITLE_WEIGHT);
    add(ARTICLE_BIAS, 1);
    return { ids, values };
  });
  articleVectors.set(doc, vector);
  return vector;
}

/**
 * The article's style: its body's named features (not words, not the headline's), seen through
 * `view`. The same features in the same order as articleBag's body holds them; as a named bag
 * for training, as a feature vector for scoring.
 */
export function articleStyleBag(doc: Doc, view: StyleView): FeatureBag {
  return unitBag(tokenTable(doc), articleBody(doc), view);
}

export function articleStyleVector(doc: Doc, view: StyleView): FeatureVector {
  return lazyVector(() => unitIds(tokenTable(doc), articleBody(doc), view));
}
