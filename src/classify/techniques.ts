/**
 * Persuasion techniques (SemEval-2023 Task 3 ST3): the 23 techniques, multi-label per paragraph,
 * then localized inside the paragraph. Techniques whose training spans are a few words
 * (Loaded_Language, Name_Calling…) are localized by a token-level model trained on the task's
 * character spans (labels-subtask-3-spans); longer ones to the best-scoring sentence, or the
 * whole paragraph when it is one sentence.
 */
import type { Doc } from "../nlp/types.js";
import type { Technique } from "../analysis/schema.js";
import { sigmoid, type FeatureBag } from "../ml/linear.js";
import { Classifier, fitClassifier, type ClassifierJSON, type FitOptions } from "../ml/classifier.js";
import { articleBag, mergeInto, tokenRange, unitFeatures, wordForms } from "./features.js";
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

/** A neighbour joins a word-level span when its probability reaches this share of the best token's. */
const WIDEN_SHARE = 0.5;

/** Spans up to this many words are localized to a word window; longer ones to a sentence. */
const WORD_LEVEL_MAX = 5;

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

const TOKEN_FIT: FitOptions = { kind: "multilabel", minCount: 8, epochs: 3, learningRate: 0.2, l2: 1e-5 };

/** Names of the token model's features by word form, built once per distinct form of a Doc. */
interface TokenNames {
  readonly word: string;
  readonly prev: string;
  readonly next: string;
}

const EMPTY: TokenNames = { word: "w:_", prev: "prev:_", next: "next:_" };
const tokenNameCache = new WeakMap<Doc, Map<string, TokenNames>>();
const posNames = new Map<string, string>();

/** Tokens of one form share their names' strings, so repeated lookups reuse each string's hash. */
function tokenNames(doc: Doc, i: number): TokenNames {
  const form = wordForms(doc)[i];
  if (form === null) return EMPTY;
  let byForm = tokenNameCache.get(doc);
  if (!byForm) tokenNameCache.set(doc, (byForm = new Map()));
  let names = byForm.get(form);
  if (!names) byForm.set(form, (names = { word: `w:${form}`, prev: `prev:${form}`, next: `next:${form}` }));
  return names;
}

function posName(pos: string): string {
  let name = posNames.get(pos);
  if (!name) posNames.set(pos, (name = `pos:${pos}`));
  return name;
}

/** A token in its context: the word, its part of speech and its neighbours inside the unit. */
function tokenFeatures(doc: Doc, i: number, unit: TechniqueUnit): [string, number][] {
  const inUnit = (k: number) => k >= unit.tokenStart && k < unit.tokenEnd;
  return [
    [tokenNames(doc, i).word, 1],
    [posName(doc.tokens[i].pos), 1],
    [inUnit(i - 1) ? tokenNames(doc, i - 1).prev : EMPTY.prev, 0.5],
    [inUnit(i + 1) ? tokenNames(doc, i + 1).next : EMPTY.next, 0.5],
  ];
}

export function fitTechniques(examples: readonly TechniqueExample[], labels: readonly string[], spanWords: Record<string, number>, seed = 1): TechniqueModel {
  const bags: FeatureBag[] = [];
  const gold: number[][] = [];
  const groups: number[] = [];
  const tokenBags: FeatureBag[] = [];
  const tokenGold: number[][] = [];
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
      for (let i = unit.tokenStart; i < unit.tokenEnd; i++) {
        const t = e.doc.tokens[i];
        tokenBags.push(new Map(tokenFeatures(e.doc, i, unit)));
        tokenGold.push([...new Set(e.spans.filter((s) => s.start < t.end && t.start < s.end).map((s) => labels.indexOf(s.technique)).filter((l) => l >= 0))]);
      }
    });
  });
  const classifier = fitClassifier(bags, gold, labels, { ...FIT, seed }, groups);
  return new TechniqueModel(classifier, fitClassifier(tokenBags, tokenGold, labels, { ...TOKEN_FIT, seed: seed + 1 }), spanWords);
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

/** The token model's scores (without bias) of every label for each token of the unit. */
function tokenScores(model: TechniqueModel, doc: Doc, unit: TechniqueUnit): Float64Array[] {
  const scores: Float64Array[] = [];
  for (let i = unit.tokenStart; i < unit.tokenEnd; i++) scores.push(model.tokens.scoreFeatures(tokenFeatures(doc, i, unit)));
  return scores;
}

/** Where inside the unit the technique sits. */
function localize(model: TechniqueModel, doc: Doc, unit: TechniqueUnit, label: number, scores: () => Float64Array[]): Pick<Technique, "start" | "end" | "granularity"> {
  const c = model.classifier;
  const words = model.spanWords[c.labels[label]] ?? Infinity;
  if (words <= WORD_LEVEL_MAX) {
    // The most likely token of the technique, widened over neighbours nearly as likely.
    const bias = model.tokens.model.bias[label];
    const probs = scores().map((z) => sigmoid(z[label] + bias));
    // Only content words anchor a span ("terrible", not "and"); neighbours may be any word.
    const anchors = probs.map((x, k) => (CONTENT_POS.has(doc.tokens[unit.tokenStart + k].pos) ? x : -1));
    const best = anchors.indexOf(Math.max(...anchors));
    if (best >= 0 && anchors[best] >= 0) {
      const width = Math.max(1, Math.round(words));
      let from = best;
      let to = best + 1;
      while (to - from < width) {
        const left = from > 0 ? probs[from - 1] : -1;
        const right = to < probs.length ? probs[to] : -1;
        if (Math.max(left, right) < WIDEN_SHARE * probs[best]) break;
        if (left >= right) from--;
        else to++;
      }
      return { start: doc.tokens[unit.tokenStart + from].start, end: doc.tokens[unit.tokenStart + to - 1].end, granularity: "span" };
    }
  }
  const sentences = sentenceBags(doc).filter((s) => s.start >= unit.start && s.end <= unit.end);
  if (sentences.length < 2) return { start: unit.start, end: unit.end, granularity: "paragraph" };
  const top = sentences.map((s) => ({ s, score: c.rawScores(s.bag)[label] })).reduce((a, b) => (b.score > a.score ? b : a));
  return { start: top.s.start, end: top.s.end, granularity: "span" };
}

/** The Analysis form: every technique of every analyzed paragraph, localized. */
export function techniquesOf(model: TechniqueModel, doc: Doc): Technique[] {
  const paragraphs = doc.article.paragraphs.filter((p) => p.kind !== "boilerplate");
  const units = paragraphs.map((p) => unitOf(doc, p.start, p.end, p.kind === "title"));
  return decideUnits(model, doc, units).flatMap((decided, u) => {
    // Token scores serve every word-level technique of the paragraph: computed at most once.
    let scores: Float64Array[] | undefined;
    const unitScores = () => (scores ??= tokenScores(model, doc, units[u]));
    return decided.map(({ label, confidence }) => ({
      technique: model.classifier.labels[label],
      paragraph: paragraphs[u].index,
      confidence: Math.round(confidence * 1000) / 1000,
      ...localize(model, doc, units[u], label, unitScores),
    }));
  });
}
