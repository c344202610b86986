/**
 * Features shared by the learned analyses. They are computed from the pipeline's Doc only, so
 * training (which runs the raw task files through segment + buildDoc) and inference see the
 * very same values.
 */
import { readFileSync } from "node:fs";
import type { Doc, Token } from "../nlp/types.js";
import { addFeature, type FeatureBag } from "../ml/linear.js";
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
  return t.text.toLowerCase().replace(/’/g, "'").replace(/\d/g, "0");
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

/** Hits per lexicon category in a word sequence. */
function lexiconHits(forms: readonly string[]): number[] {
  const { categories, words, phrases } = loadLexicon();
  const hits = new Array<number>(categories.length).fill(0);
  forms.forEach((form, i) => {
    for (const c of words.get(form) ?? []) hits[c]++;
    for (const p of phrases.get(form) ?? []) if (p.rest.every((w, k) => forms[i + 1 + k] === w)) hits[p.category]++;
  });
  return hits;
}

/** Pronoun → its stance feature (a Map: words like "constructor" must not reach Object's prototype). */
const PRONOUNS = new Map<string, string>([
  ...["we", "us", "our", "ours"].map((w) => [w, "person:we"] as const),
  ...["i", "me", "my", "mine"].map((w) => [w, "person:i"] as const),
  ...["you", "your", "yours"].map((w) => [w, "person:you"] as const),
  ...["they", "them", "their", "theirs"].map((w) => [w, "person:they"] as const),
]);

const rateKeys = new Map<string, string>();
/** "rate:<cue>", interned: a handful of names asked for thousands of times. */
function rateKey(cue: string): string {
  let key = rateKeys.get(cue);
  if (!key) rateKeys.set(cue, (key = `rate:${cue}`));
  return key;
}

/** Scales a count to [0, 1) slowly, so one long unit does not dominate its features. */
const squash = (n: number) => n / (n + 2);

const QUOTE_MARKS = new Set(['"', "“", "”", "«", "»"]);

/** Per-token feature names, built once per Doc: every unit (article, paragraph, sentence) reads them. */
interface TokenKeys {
  readonly forms: readonly (string | null)[];
  /** "w:<form>" or null for skipped punctuation. */
  readonly unigrams: readonly (string | null)[];
  /** "b:<previous form>_<form>" with the previous token, or null. */
  readonly bigrams: readonly (string | null)[];
  readonly pos: readonly string[];
}

const keyCache = new WeakMap<Doc, TokenKeys>();

function tokenKeys(doc: Doc): TokenKeys {
  let keys = keyCache.get(doc);
  if (!keys) {
    const forms = doc.tokens.map(wordForm);
    keys = {
      forms,
      unigrams: forms.map((f) => (f === null ? null : `w:${f}`)),
      bigrams: forms.map((f, i) => (f === null || i === 0 || forms[i - 1] === null ? null : `b:${forms[i - 1]}_${f}`)),
      pos: doc.tokens.map((t) => `pos:${t.pos}`),
    };
    keyCache.set(doc, keys);
  }
  return keys;
}

/** Word forms of all tokens (cached per Doc). */
export function wordForms(doc: Doc): readonly (string | null)[] {
  return tokenKeys(doc).forms;
}

export interface UnitOptions {
  /** Weight of the n-gram block relative to the style block (n-grams are L2-normalized to this). */
  readonly ngramWeight?: number;
  readonly bigrams?: boolean;
}

/**
 * Features of the tokens [tokenStart, tokenEnd): word uni/bigrams (log tf, L2-normalized as a
 * block) plus style cues — punctuation, all-caps, pronoun stance (we/they/you/I), POS mix,
 * quotation marks and lexicon categories.
 */
export function unitFeatures(doc: Doc, tokenStart: number, tokenEnd: number, { ngramWeight = 1, bigrams = true }: UnitOptions = {}): FeatureBag {
  const keys = tokenKeys(doc);
  const ngrams = new Map<string, number>();
  const bag: FeatureBag = new Map();
  const forms: string[] = [];
  let words = 0;
  const counts = new Map<string, number>();
  const count = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (let i = tokenStart; i < tokenEnd; i++) {
    const t = doc.tokens[i];
    const form = keys.forms[i];
    if (QUOTE_MARKS.has(t.text)) count("quote");
    if (form === null) continue;
    if (form === "!" || form === "?") count(form === "!" ? "exclaim" : "question");
    else {
      words++;
      forms.push(form);
      count(keys.pos[i]);
      if (t.text.length >= 3 && /^[A-Z]+$/.test(t.text)) count("allcaps");
      const person = PRONOUNS.get(form);
      if (person) count(person);
    }
    const uni = keys.unigrams[i]!;
    ngrams.set(uni, (ngrams.get(uni) ?? 0) + 1);
    const bi = bigrams && i > tokenStart ? keys.bigrams[i] : null;
    if (bi !== null) ngrams.set(bi, (ngrams.get(bi) ?? 0) + 1);
  }
  let norm = 0;
  for (const [k, v] of ngrams) {
    const w = Math.log1p(v);
    ngrams.set(k, w);
    norm += w * w;
  }
  const scale = norm > 0 ? ngramWeight / Math.sqrt(norm) : 0;
  for (const [k, v] of ngrams) bag.set(k, v * scale);

  const lex = loadLexicon();
  lexiconHits(forms).forEach((hits, c) => {
    if (hits) addFeature(bag, lex.counts[c], squash(hits));
    if (hits && words) addFeature(bag, lex.rates[c], Math.min(1, (10 * hits) / words));
  });
  for (const [k, n] of counts) {
    if (!k.startsWith("pos:") && !k.startsWith("person:")) addFeature(bag, k, squash(n));
    if (words) addFeature(bag, rateKey(k), Math.min(1, (5 * n) / words));
  }
  addFeature(bag, `len:${words < 8 ? "xs" : words < 20 ? "s" : words < 50 ? "m" : words < 150 ? "l" : "xl"}`);
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
