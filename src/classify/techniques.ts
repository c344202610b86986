/**
 * Persuasion techniques (SemEval-2023 Task 3 ST3): the 23 techniques, multi-label per paragraph,
 * then localized inside the paragraph by a token-level model trained on the task's character
 * spans (labels-subtask-3-spans) for paragraphs that have the technique. Techniques whose training
 * spans are a few words (Loaded_Language, Name_Calling…) go to the run of likely words around the
 * most likely one; longer ones to the sentence the paragraph classifier and the token model favour,
 * or the whole paragraph when it is one sentence. `npm run eval:spans` measures the localization. */
import type { Doc } from "../nlp/types.js";
import type { Technique } from "../analysis/schema.js";
import { LinearModel, seededRandom, shuffleInPlace, sigmoid, Vocabulary, type FeatureBag } from "../ml/linear.js";
import { Classifier, fitClassifier, type ClassifierJSON, type FitOptions } from "../ml/classifier.js";
import { articleBag, lexiconBits, lexiconCategories, mergeInto, tokenRange, unitFeatures, wordForms } from "./features.js";
import { sentenceBags } from "./evidence.js";

export const TECHNIQUES_MODEL = "techniques.json.gz";

/** A paragraph (or a line of a task file) to label. */
export interface TechniqueUnit {
  readonly start: number;
  readonly end: number;
  readonly tokenStart: number;
  readonly tokenEnd: number;
  readonly title: boolean;
}

export interface TechniqueExample {
  readonly doc: Doc;
  readonly units: readonly TechniqueUnit[];
  readonly gold: readonly (readonly string[])[];
  /** Gold character spans of the article's techniques (may be empty). */
  readonly spans: readonly { technique: string; start: number; end: number }[];
}

export interface TechniqueModelJSON {
  version: 1;
  classifier: ClassifierJSON;
  /** Token-level model: which tokens of a paragraph carry each technique. */
  tokens: ClassifierJSON;
  /** Median length in words of each technique's training spans. */
  spanWords: Record<string, number>;
}

export class TechniqueModel {
  constructor(
    readonly classifier: Classifier,
    readonly tokens: Classifier,
    readonly spanWords: Readonly<Record<string, number>>,
  ) {}

  static fromJSON(json: TechniqueModelJSON): TechniqueModel {
    return new TechniqueModel(Classifier.fromJSON(json.classifier), Classifier.fromJSON(json.tokens), json.spanWords);
  }

  toJSON(): TechniqueModelJSON {
    return { version: 1, classifier: this.classifier.toJSON(), tokens: this.tokens.toJSON(), spanWords: { ...this.spanWords } };
  }
}

const CONTENT_POS = new Set(["NOUN", "PROPN", "VERB", "ADJ", "ADV"]);

export function unitOf(doc: Doc, start: number, end: number, title: boolean): TechniqueUnit {
  return { start, end, title, ...tokenRange(doc, start, end) };
}

/** Style of the whole article (its features but words and headline), as "doc:" features at half weight: how argued the piece is colours every paragraph. */
function articleStyle(doc: Doc): FeatureBag {
  const style: FeatureBag = new Map();
  for (const [k, v] of articleBag(doc)) if (!/^(w|b|title|bias):/.test(k)) style.set(docName(k), v * 0.5);
  return style;
}

/** "doc:<style feature>", built once per name: style names are a small fixed set. */
const docNames = new Map<string, string>();
function docName(name: string): string {
  let prefixed = docNames.get(name);
  if (!prefixed) docNames.set(name, (prefixed = `doc:${name}`));
  return prefixed;
}

/**
 * The paragraphs' own words and style with their position, and apart the article's style that
 * every paragraph shares (scored once per article instead of copied into each paragraph).
 */
function unitBags(doc: Doc, units: readonly TechniqueUnit[]): { own: FeatureBag[]; shared: FeatureBag } {
  const body = units.filter((u) => !u.title);
  const own = units.map((u) => {
    const bag = unitFeatures(doc, u.tokenStart, u.tokenEnd);
    const rank = body.indexOf(u);
    bag.set(u.title ? "at:title" : rank === 0 ? "at:first" : rank === body.length - 1 ? "at:last" : `at:${Math.min(4, Math.floor((5 * rank) / body.length))}`, 1);
    return bag;
  });
  return { own, shared: articleStyle(doc) };
}

/**
 * Chosen by 5-fold CV (folds by article) for the paragraph-level micro-F1: unweighted loss and
 * one threshold for all techniques — per-technique thresholds overfit the rare ones.
 */
const FIT: FitOptions = { kind: "multilabel", minCount: 3, epochs: 8, learningRate: 0.2, l2: 1e-5, threshold: 0.2 };

/** Token model training, chosen by `npm run eval:spans`. */
const TOKEN_FIT = { minCount: 2, epochs: 5, learningRate: 0.2, l2: 1e-5 };

/**
 * Features of these kinds need more training tokens than TOKEN_FIT.minCount to be kept: bigrams and
 * the words two tokens away are many and each adds little (without the rare ones the span CV F1
 * moved 0.461 → 0.459 and the token model halved).
 */
const KIND_MIN_COUNT = new Map([
  ["bl", 20],
  ["br", 20],
  ["prev2", 10],
  ["next2", 10],
]);

function minCountOf(name: string, base: number): number {
  return KIND_MIN_COUNT.get(name.slice(0, name.indexOf(":"))) ?? base;
}

// ---------------------------------------------------------------------------------------------
// Token model: which words of a paragraph carry a technique.

/**
 * A token feature's name, built once (per Doc for word features, per process for the rest),
 * with its row in the last token vocabulary that looked it up: scoring a paragraph reads rows
 * from these objects instead of hashing a name per token and feature.
 */
interface Feature {
  readonly name: string;
  vocab: Vocabulary | null;
  row: number;
}

const feature = (name: string): Feature => ({ name, vocab: null, row: -1 });

/**
 * Word features by form, kept across articles: their names are built and looked up in the
 * model once per process, not once per article. Bounded (a long ingest meets ever new words);
 * dropping them only costs rebuilding.
 */
const knownForms = new Map<string, FormNames>();
const MAX_KNOWN_FORMS = 100_000;
/** The bigram features the kept forms hold (each form keeps those with its neighbours). */
const MAX_KNOWN_BIGRAMS = 400_000;
let knownBigrams = 0;

/** The token model's word features by word form. */
interface FormNames {
  readonly word: Feature;
  readonly prev: Feature;
  readonly next: Feature;
  readonly prev2: Feature;
  readonly next2: Feature;
  /** Bigram with the previous / next word, by that word's form. */
  readonly left: Map<string, Feature>;
  readonly right: Map<string, Feature>;
  /** Last three letters of longer words ("-ous", "-ist": a shape of loaded words the vocabulary may lack), and a length class. */
  readonly suffix: Feature | null;
  readonly length: Feature;
}

const LENGTH_NAMES = ["len:0", "len:1", "len:2", "len:3"].map(feature);
const EDGE = "_";
const EDGE_NAMES: FormNames = formNames(EDGE);

function formNames(form: string): FormNames {
  return {
    word: feature(`w:${form}`),
    prev: feature(`prev:${form}`),
    next: feature(`next:${form}`),
    prev2: feature(`prev2:${form}`),
    next2: feature(`next2:${form}`),
    left: new Map(),
    right: new Map(),
    suffix: form.length > 4 ? feature(`suf:${form.slice(-3)}`) : null,
    length: LENGTH_NAMES[Math.min(form.length, 12) >> 2],
  };
}

/** Features of the lexicon's categories (taxonomies/persuasion-lexicon.json): on a cue, and next to one. */
let lexiconFeatures: { readonly inCue: readonly Feature[]; readonly nearCue: readonly Feature[] } | undefined;

function cueFeatures(): NonNullable<typeof lexiconFeatures> {
  return (lexiconFeatures ??= { inCue: lexiconCategories().map((c) => feature(`lex:${c}`)), nearCue: lexiconCategories().map((c) => feature(`lexnear:${c}`)) });
}

const SHAPE_NAMES = ["shape:Cap", "shape:CAPS", "shape:hyphen"].map(feature);
const REP_NAMES = ["rep:2", "rep:3", "rep:5"].map(feature);
const ENTITY_TYPES = ["PERSON", "ORGANIZATION", "LOCATION", "MISC"];
const ENTITY_NAMES = ENTITY_TYPES.map((t) => feature(`ent:${t}`));
const QUOTE_MARKS = new Set(['"', "“", "”", "«", "»"]);
const IN_QUOTE = feature("quoted");
const SENTENCE_FIRST = feature("first");
const posNames = new Map<string, { pos: Feature; prev: Feature; next: Feature }>();

function posNamesOf(pos: string): { pos: Feature; prev: Feature; next: Feature } {
  let names = posNames.get(pos);
  if (!names) posNames.set(pos, (names = { pos: feature(`pos:${pos}`), prev: feature(`pprev:${pos}`), next: feature(`pnext:${pos}`) }));
  return names;
}

/** What the token model reads of every token of a Doc, computed once per Doc. */
interface TokenTable {
  readonly names: readonly (FormNames | null)[];
  readonly forms: readonly (string | null)[];
  /** Letters or digits: a span may start and end on it. */
  readonly word: Uint8Array;
  /** Begins with a letter or digit (not a clitic such as "'s"): a span may start on it. */
  readonly wordStart: Uint8Array;
  /** Bits of the lexicon categories of the cues the token is part of. */
  readonly lex: Int32Array;
  /** Index in REP_NAMES of how often the content word occurs in the article (-1: once, or not content). */
  readonly rep: Int8Array;
  /** Index in SHAPE_NAMES (-1: none). */
  readonly shape: Int8Array;
  readonly entity: Int8Array;
  readonly quoteMark: Uint8Array;
}

const tokenTables = new WeakMap<Doc, TokenTable>();

function tokenTable(doc: Doc): TokenTable {
  let table = tokenTables.get(doc);
  if (table) return table;
  const forms = wordForms(doc);
  const n = doc.tokens.length;
  const names = forms.map((f) => {
    if (f === null) return null;
    let x = knownForms.get(f);
    if (!x) {
      if (knownForms.size >= MAX_KNOWN_FORMS || knownBigrams >= MAX_KNOWN_BIGRAMS) (knownForms.clear(), (knownBigrams = 0));
      knownForms.set(f, (x = formNames(f)));
    }
    return x;
  });
  const word = new Uint8Array(n);
  const wordStart = new Uint8Array(n);
  const shape = new Int8Array(n).fill(-1);
  const quoteMark = new Uint8Array(n);
  const counts = new Map<string, number>();
  doc.tokens.forEach((t, i) => {
    if (QUOTE_MARKS.has(t.text)) quoteMark[i] = 1;
    if (!/[\p{L}\p{N}]/u.test(t.text)) return;
    word[i] = 1;
    if (/^[\p{L}\p{N}]/u.test(t.text)) wordStart[i] = 1;
    if (CONTENT_POS.has(t.pos) && forms[i]) counts.set(forms[i]!, (counts.get(forms[i]!) ?? 0) + 1);
    if (t.text.length >= 2 && /^[A-Z]+$/.test(t.text)) shape[i] = 1;
    else if (/^[A-Z]/.test(t.text) && i > 0 && doc.tokens[i - 1].sentence === t.sentence) shape[i] = 0;
    else if (/\p{L}-\p{L}/u.test(t.text)) shape[i] = 2;
  });
  const rep = Int8Array.from(forms, (f, i) => {
    const c = f && CONTENT_POS.has(doc.tokens[i].pos) ? (counts.get(f) ?? 0) : 0;
    return c >= 5 ? 2 : c >= 3 ? 1 : c === 2 ? 0 : -1;
  });
  const lex = lexiconBits(doc);
  const entity = new Int8Array(n).fill(-1);
  for (const e of doc.entities) for (let i = e.tokenStart; i < e.tokenEnd; i++) entity[i] = ENTITY_TYPES.indexOf(e.type);
  table = { names, forms, word, wordStart, lex, rep, shape, entity, quoteMark };
  tokenTables.set(doc, table);
  return table;
}

type Emit = (f: Feature, value: number) => void;

/** Per unit: which of its tokens sit between quotation marks. */
function quotedTokens(table: TokenTable, unit: TechniqueUnit): Uint8Array {
  const quoted = new Uint8Array(unit.tokenEnd - unit.tokenStart);
  let open = false;
  for (let i = unit.tokenStart; i < unit.tokenEnd; i++) {
    if (table.quoteMark[i]) open = !open;
    else if (open) quoted[i - unit.tokenStart] = 1;
  }
  return quoted;
}

/**
 * A token in its context: the word, its part of speech and shape, its neighbours two words
 * either side and the bigrams it forms with them, lexicon cues it belongs to or stands next
 * to, how often the word recurs in the article, named entities and quotation marks.
 */
function tokenFeatures(doc: Doc, table: TokenTable, i: number, unit: TechniqueUnit, quoted: Uint8Array, emit: Emit): void {
  const { names, forms } = table;
  const at = (k: number) => (k >= unit.tokenStart && k < unit.tokenEnd ? names[k] : EDGE_NAMES);
  const own = names[i] ?? EDGE_NAMES;
  const form = forms[i] ?? EDGE;
  const [p1, n1] = [at(i - 1) ?? EDGE_NAMES, at(i + 1) ?? EDGE_NAMES];
  const token = doc.tokens[i];
  emit(own.word, 1);
  const pos = posNamesOf(token.pos);
  emit(pos.pos, 1);
  emit(p1.prev, 0.5);
  emit(n1.next, 0.5);
  emit((at(i - 2) ?? EDGE_NAMES).prev2, 0.25);
  emit((at(i + 2) ?? EDGE_NAMES).next2, 0.25);
  if (i > unit.tokenStart) emit(posNamesOf(doc.tokens[i - 1].pos).prev, 0.5);
  if (i + 1 < unit.tokenEnd) emit(posNamesOf(doc.tokens[i + 1].pos).next, 0.5);
  if (names[i]) {
    const pf = i > unit.tokenStart ? (forms[i - 1] ?? EDGE) : EDGE;
    const nf = i + 1 < unit.tokenEnd ? (forms[i + 1] ?? EDGE) : EDGE;
    let left = own.left.get(pf);
    if (!left) (own.left.set(pf, (left = feature(`bl:${pf} ${form}`))), knownBigrams++);
    let right = own.right.get(nf);
    if (!right) (own.right.set(nf, (right = feature(`br:${form} ${nf}`))), knownBigrams++);
    emit(left, 0.5);
    emit(right, 0.5);
  }
  const lex = cueFeatures();
  const bits = table.lex[i];
  let near = 0;
  for (let k = Math.max(unit.tokenStart, i - 2); k < Math.min(unit.tokenEnd, i + 3); k++) if (k !== i) near |= table.lex[k];
  near &= ~bits;
  for (let b = 0; bits >> b; b++) if ((bits >> b) & 1) emit(lex.inCue[b], 1);
  for (let b = 0; near >> b; b++) if ((near >> b) & 1) emit(lex.nearCue[b], 0.5);
  if (table.rep[i] >= 0) emit(REP_NAMES[table.rep[i]], 1);
  if (table.shape[i] >= 0) emit(SHAPE_NAMES[table.shape[i]], 1);
  if (table.entity[i] >= 0) emit(ENTITY_NAMES[table.entity[i]], 1);
  if (quoted[i - unit.tokenStart]) emit(IN_QUOTE, 1);
  if (names[i]) {
    if (own.suffix && CONTENT_POS.has(token.pos)) emit(own.suffix, 0.5);
    emit(own.length, 0.5);
  }
  if (i === 0 || doc.tokens[i - 1].sentence !== token.sentence) emit(SENTENCE_FIRST, 1);
}

/** Training bags of the unit's tokens. */
function tokenBags(doc: Doc, unit: TechniqueUnit): FeatureBag[] {
  const table = tokenTable(doc);
  const quoted = quotedTokens(table, unit);
  const bags: FeatureBag[] = [];
  for (let i = unit.tokenStart; i < unit.tokenEnd; i++) {
    const bag: FeatureBag = new Map();
    tokenFeatures(doc, table, i, unit, quoted, ({ name }, value) => bag.set(name, (bag.get(name) ?? 0) + value));
    bags.push(bag);
  }
  return bags;
}

/**
 * The token model's logits (bias included) of the given labels only, token-major:
 * z[(i - unit.tokenStart) * labels.length + j] for labels[j].
 */
function tokenLogits(model: TechniqueModel, doc: Doc, unit: TechniqueUnit, labels: readonly number[]): Float64Array {
  const { vocab, model: linear } = model.tokens;
  const { weights, bias } = linear;
  const L = bias.length;
  const m = labels.length;
  const table = tokenTable(doc);
  const quoted = quotedTokens(table, unit);
  const z = new Float64Array((unit.tokenEnd - unit.tokenStart) * m);
  let base = 0;
  const emit: Emit = (f, value) => {
    if (f.vocab !== vocab) {
      f.vocab = vocab;
      f.row = vocab.lookup(f.name) ?? -1;
    }
    if (f.row < 0) return;
    const row = f.row * L;
    for (let j = 0; j < m; j++) z[base + j] += weights[row + labels[j]] * value;
  };
  for (let i = unit.tokenStart; i < unit.tokenEnd; i++, base += m) {
    for (let j = 0; j < m; j++) z[base + j] = bias[labels[j]];
    tokenFeatures(doc, table, i, unit, quoted, emit);
  }
  return z;
}

export function fitTechniques(examples: readonly TechniqueExample[], labels: readonly string[], spanWords: Record<string, number>, seed = 1): TechniqueModel {
  const bags: FeatureBag[] = [];
  const gold: number[][] = [];
  const groups: number[] = [];
  const tokenBagsAll: FeatureBag[] = [];
  const tokenGold: number[][] = [];
  const tokenMasks: number[][] = [];
  examples.forEach((e, a) => {
    const { own, shared } = unitBags(e.doc, e.units);
    own.forEach((bag, u) => {
      mergeInto(bag, shared);
      bags.push(bag);
      gold.push(e.gold[u].map((t) => labels.indexOf(t)).filter((i) => i >= 0));
      groups.push(a);
      // Token examples come from paragraphs with techniques: the token model only has to say where.
      if (!e.gold[u].length) return;
      const unit = e.units[u];
      const spans = e.spans.filter((s) => s.start < unit.end && unit.start < s.end && labels.includes(s.technique));
      const present = [...new Set(spans.map((s) => labels.indexOf(s.technique)))].sort((a, b) => a - b);
      if (!present.length) return;
      tokenBagsAll.push(...tokenBags(e.doc, unit));
      for (let i = unit.tokenStart; i < unit.tokenEnd; i++) {
        const t = e.doc.tokens[i];
        tokenGold.push([...new Set(spans.filter((s) => s.start < t.end && t.start < s.end).map((s) => labels.indexOf(s.technique)))]);
        tokenMasks.push(present);
      }
    });
  });
  const classifier = fitClassifier(bags, gold, labels, { ...FIT, seed }, groups);
  return new TechniqueModel(classifier, fitTokenModel(tokenBagsAll, tokenGold, tokenMasks, labels, seed + 1), spanWords);
}

/**
 * The token model, trained the way it is used: for a technique present in a paragraph, which of
 * its tokens carry it. Each token example updates only the techniques with a gold span in its
 * paragraph (seeded AdaGrad on the logistic loss, as trainLinear, with that mask).
 */
function fitTokenModel(bags: readonly FeatureBag[], gold: readonly (readonly number[])[], masks: readonly (readonly number[])[], labels: readonly string[], seed: number): Classifier {
  const { minCount, epochs, learningRate, l2 } = TOKEN_FIT;
  const df = new Map<string, number>();
  for (const bag of bags) for (const name of bag.keys()) df.set(name, (df.get(name) ?? 0) + 1);
  const vocab = Vocabulary.fromJSON({ features: [...df].filter(([name, count]) => count >= minCountOf(name, minCount)).map(([name]) => name).sort() });
  const xs = bags.map((b) => vocab.vectorize(b, false));
  const L = labels.length;
  const dims = vocab.size;
  const weights = new Float32Array(dims * L);
  const squares = new Float32Array(dims * L);
  const bias = new Float64Array(L);
  const biasSquares = new Float64Array(L);
  const random = seededRandom(seed);
  const order = [...xs.keys()];
  const eps = 1e-8;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const e of order) {
      const { indices, values } = xs[e];
      for (const l of masks[e]) {
        let z = bias[l];
        for (let k = 0; k < indices.length; k++) z += weights[indices[k] * L + l] * values[k];
        const g = sigmoid(z) - (gold[e].includes(l) ? 1 : 0);
        biasSquares[l] += g * g;
        bias[l] -= (learningRate * g) / Math.sqrt(biasSquares[l] + eps);
        for (let k = 0; k < indices.length; k++) {
          const at = indices[k] * L + l;
          const gw = g * values[k] + l2 * weights[at];
          if (gw === 0) continue;
          squares[at] += gw * gw;
          weights[at] -= (learningRate * gw) / Math.sqrt(squares[at] + eps);
        }
      }
    }
  }
  return new Classifier(vocab, new LinearModel("multilabel", labels, dims, weights, bias));
}

/** Median word count of each technique's spans, from (technique, span text) pairs. */
export function medianSpanWords(spans: readonly { technique: string; text: string }[]): Record<string, number> {
  const lengths = new Map<string, number[]>();
  for (const { technique, text } of spans) lengths.set(technique, [...(lengths.get(technique) ?? []), text.split(/\s+/).filter(Boolean).length]);
  return Object.fromEntries(
    [...lengths].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, ls]) => [t, ls.sort((a, b) => a - b)[ls.length >> 1]]),
  );
}

/** Techniques of each unit with their probabilities, most confident first. */
export function decideUnits(model: TechniqueModel, doc: Doc, units: readonly TechniqueUnit[]): { label: number; confidence: number }[][] {
  const c = model.classifier;
  const { own, shared } = unitBags(doc, units);
  return own.map((bag) => {
    const probs = c.predict(bag, shared);
    return c
      .decide(probs)
      .map((label) => ({ label, confidence: probs[label] }))
      .sort((a, b) => b.confidence - a.confidence);
  });
}

/**
 * How techniques are placed inside their paragraph. Chosen by `npm run eval:spans` (5-fold CV by
 * article, overlap F1 and hit rate against the gold spans of paragraphs where the technique is gold).
 */
export interface LocalizeOptions {
  /** Techniques whose median training span has at most this many words are localized to words; longer ones to a sentence. */
  readonly wordLevelMax: number;
  /** A word adds to a span what its probability exceeds this share of the paragraph's most likely word's. */
  readonly share: number;
  /** A span has at most this many times the technique's median span length in words. */
  readonly lengthFactor: number;
  /** Spans neither start on a preposition, conjunction or clitic nor end on a determiner, preposition or conjunction. */
  readonly edges: boolean;
}

export const LOCALIZE: LocalizeOptions = { wordLevelMax: 5, share: 0.3, lengthFactor: 3, edges: true };

const NO_START = new Set(["ADP", "CCONJ", "SCONJ", "PART"]);
const NO_END = new Set(["ADP", "CCONJ", "SCONJ", "PART", "DET"]);

type Placement = Pick<Technique, "start" | "end" | "granularity">;

/**
 * Where inside the unit the technique sits. Word-level techniques: the run of words inside one
 * sentence that maximizes the sum of (probability − share × the best word's probability), so a
 * span grows over neighbours nearly as likely as its best word and stops at unlikely ones; it
 * starts and ends on a word. Longer techniques: the sentence that the paragraph classifier's
 * weights and the token model's mean score favour together (the paragraph when it is one sentence).
 */
function localize(model: TechniqueModel, doc: Doc, unit: TechniqueUnit, label: number, logit: (token: number) => number, options: LocalizeOptions): Placement {
  const c = model.classifier;
  const words = model.spanWords[c.labels[label]] ?? Infinity;
  const n = unit.tokenEnd - unit.tokenStart;
  const { tokens } = doc;
  const { word: isWord, wordStart, quoteMark } = tokenTable(doc);
  if (words <= options.wordLevelMax && n > 0) {
    const probs = new Float64Array(n);
    let top = 0;
    for (let k = 0; k < n; k++) if (isWord[unit.tokenStart + k]) top = Math.max(top, (probs[k] = sigmoid(logit(unit.tokenStart + k))));
    const floor = options.share * top;
    const maxWords = Math.max(1, Math.round(options.lengthFactor * words));
    let best = -Infinity;
    let from = -1;
    let to = -1;
    for (let a = unit.tokenStart; a < unit.tokenEnd; a++) {
      if (!isWord[a] || (options.edges && (NO_START.has(tokens[a].pos) || !wordStart[a]))) continue;
      let sum = 0;
      for (let b = a, count = 0; b < unit.tokenEnd && count < maxWords && tokens[b].sentence === tokens[a].sentence; b++) {
        if (!isWord[b]) continue;
        sum += probs[b - unit.tokenStart] - floor;
        count++;
        if (sum > best && !(options.edges && NO_END.has(tokens[b].pos))) [best, from, to] = [sum, a, b];
      }
    }
    if (from >= 0) {
      // A quotation opened inside the span and closed right after it is closed in it too.
      let marks = 0;
      for (let i = from; i <= to; i++) marks += quoteMark[i];
      if (marks % 2 === 1 && to + 1 < unit.tokenEnd && quoteMark[to + 1] && tokens[to + 1].sentence === tokens[to].sentence) to++;
      return { start: tokens[from].start, end: tokens[to].end, granularity: "span" };
    }
  }
  const sentences = sentenceBags(doc).filter((s) => s.start >= unit.start && s.end <= unit.end);
  if (sentences.length < 2) return { start: unit.start, end: unit.end, granularity: "paragraph" };
  const score = (s: (typeof sentences)[number]) => {
    let sum = 0;
    let count = 0;
    for (let i = unit.tokenStart; i < unit.tokenEnd; i++) if (tokens[i].sentence === s.sentence && isWord[i]) (sum += logit(i)), count++;
    return c.rawScores(s.bag)[label] + (count ? sum / count : -Infinity);
  };
  const top = sentences.map((s) => ({ s, score: score(s) })).reduce((a, b) => (b.score > a.score ? b : a));
  return { start: top.s.start, end: top.s.end, granularity: "span" };
}

/** Where inside the unit each of the given techniques sits (token logits computed at most once for all of them). */
export function localizeUnit(model: TechniqueModel, doc: Doc, unit: TechniqueUnit, labels: readonly number[], options: LocalizeOptions = LOCALIZE): Placement[] {
  let z: Float64Array | undefined;
  const m = labels.length;
  return labels.map((label, j) => {
    const logit = (token: number) => (z ??= tokenLogits(model, doc, unit, labels))[(token - unit.tokenStart) * m + j];
    return localize(model, doc, unit, label, logit, options);
  });
}

/** The Analysis form: every technique of every analyzed paragraph, localized. */
export function techniquesOf(model: TechniqueModel, doc: Doc): Technique[] {
  const paragraphs = doc.article.paragraphs.filter((p) => p.kind !== "boilerplate");
  const units = paragraphs.map((p) => unitOf(doc, p.start, p.end, p.kind === "title"));
  return decideUnits(model, doc, units).flatMap((decided, u) => {
    // Token logits serve every word-level technique of the paragraph: computed at most once.
    const placed = localizeUnit(model, doc, units[u], decided.map((d) => d.label));
    return decided.map(({ label, confidence }, k) => ({
      technique: model.classifier.labels[label],
      paragraph: paragraphs[u].index,
      confidence: Math.round(confidence * 1000) / 1000,
      ...placed[k],
    }));
  });
}
