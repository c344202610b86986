/**
 * Persuasion techniques (SemEval-2023 Task 3 ST3): the 23 techniques, multi-label per paragraph,
 * then localized inside the paragraph by a token-level model (technique-tokens.ts) trained on the
 * task's character spans (labels-subtask-3-spans) for paragraphs that have the technique. Techniques whose training
 * spans are a few words (Loaded_Language, Name_Calling…) go to the run of likely words around the
 * most likely one; longer ones to the sentence the paragraph classifier and the token model favour,
 * or the whole paragraph when it is one sentence. `npm run eval:spans` measures the localization. */
import type { Doc } from "../nlp/types.js";
import type { Technique } from "../analysis/schema.js";
import { sigmoid, type FeatureBag } from "../ml/linear.js";
import { Classifier, fitClassifier, type ClassifierJSON, type FitOptions } from "../ml/classifier.js";
import { articleStyleBag, articleStyleVector, mergeInto, tokenRange, unitFeatures, unitVector, type StyleView } from "./features.js";
import { sentenceBags } from "./evidence.js";
import { cueTechniques } from "./technique-cues.js";
import { fitTokenModel, tokenBags, tokenLogits, tokenTable, type TokenRange } from "./technique-tokens.js";

export const TECHNIQUES_MODEL = "techniques.json.gz";

/** A paragraph (or a line of a task file) to label. */
export interface TechniqueUnit extends TokenRange {
  readonly start: number;
  readonly end: number;
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
  version: 2;
  classifier: ClassifierJSON;
  /** Token-level model: which tokens of a paragraph carry each technique. */
  tokens: ClassifierJSON;
  /** Median length in words of each technique's training spans. */
  spanWords: Record<string, number>;
  /** The techniques with at least one training paragraph: the others are left to cue phrases (technique-cues.ts). */
  learned: string[];
}

export class TechniqueModel {
  constructor(
    readonly classifier: Classifier,
    readonly tokens: Classifier,
    readonly spanWords: Readonly<Record<string, number>>,
    readonly learned: ReadonlySet<string>,
  ) {}

  /** Whether span labels trained it to place techniques on words: without them (spanWords empty too) every technique is placed by sentence. */
  get placesWords(): boolean {
    return this.tokens.vocab.size > 0;
  }

  static fromJSON(json: TechniqueModelJSON): TechniqueModel {
    if (json.version !== 2) throw new Error(`techniques model version ${String(json.version)} is not supported: retrain it (newsprism train --task 2023-st3)`);
    return new TechniqueModel(Classifier.fromJSON(json.classifier), Classifier.fromJSON(json.tokens), json.spanWords, new Set(json.learned));
  }

  toJSON(): TechniqueModelJSON {
    return { version: 2, classifier: this.classifier.toJSON(), tokens: this.tokens.toJSON(), spanWords: { ...this.spanWords }, learned: [...this.learned] };
  }
}

export function unitOf(doc: Doc, start: number, end: number, title: boolean): TechniqueUnit {
  return { start, end, title, ...tokenRange(doc, start, end) };
}

/** Style of the whole article (its features but words and headline), as "doc:" features at half weight: how argued the piece is colours every paragraph. */
const ARTICLE_STYLE: StyleView = { prefix: "doc:", weight: 0.5 };

/** Where each unit sits: the title, the first or last body paragraph, or a fifth of the body between. */
function positionsOf(units: readonly TechniqueUnit[]): string[] {
  const bodyCount = units.filter((u) => !u.title).length;
  let rank = -1;
  return units.map((u) => {
    if (u.title) return "at:title";
    rank++;
    return rank === 0 ? "at:first" : rank === bodyCount - 1 ? "at:last" : `at:${Math.min(4, Math.floor((5 * rank) / bodyCount))}`;
  });
}

/**
 * Chosen by 5-fold CV (folds by article) for the paragraph-level micro-F1: unweighted loss and
 * one threshold for all techniques — per-technique thresholds overfit the rare ones. It applies
 * to a unit's score with the article's share (ARTICLE_SHARE): 0.2 on the probability alone.
 * The weights are averaged over 5 training seeds, as genre's and frames' are: micro-F1 over seven
 * fold seeds 0.366 → 0.369 (six up, one down by 0.001), precision up, spans unchanged; 3 seeds
 * gain less, 10 no more, and the threshold stays best at 0.22 (0.20 and 0.24 lose; so do two
 * thresholds, one for the eight techniques of 150 training paragraphs or more and one for the rest).
 */
const FIT: FitOptions = { kind: "multilabel", minCount: 3, epochs: 8, learningRate: 0.2, l2: 1e-5, threshold: 0.22, seeds: 5 };

export function fitTechniques(examples: readonly TechniqueExample[], labels: readonly string[], spanWords: Record<string, number>, seed = 1): TechniqueModel {
  const bags: FeatureBag[] = [];
  const gold: number[][] = [];
  const tokenBagsAll: FeatureBag[] = [];
  const tokenGold: number[][] = [];
  const tokenMasks: number[][] = [];
  examples.forEach((e) => {
    const positions = positionsOf(e.units);
    const shared = articleStyleBag(e.doc, ARTICLE_STYLE);
    e.units.forEach((unit, u) => {
      const bag = unitFeatures(e.doc, unit.tokenStart, unit.tokenEnd);
      bag.set(positions[u], 1);
      mergeInto(bag, shared);
      bags.push(bag);
      gold.push(e.gold[u].map((t) => labels.indexOf(t)).filter((i) => i >= 0));
      // Token examples come from paragraphs with techniques: the token model only has to say where.
      if (!e.gold[u].length) return;
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
  const classifier = fitClassifier(bags, gold, labels, { ...FIT, seed });
  const learned = new Set(labels.filter((_, l) => gold.some((g) => g.includes(l))));
  return new TechniqueModel(classifier, fitTokenModel(tokenBagsAll, tokenGold, tokenMasks, labels, seed + 1), spanWords, learned);
}

/** Median word count of each technique's spans, from (technique, span text) pairs. */
export function medianSpanWords(spans: readonly { technique: string; text: string }[]): Record<string, number> {
  const lengths = new Map<string, number[]>();
  for (const { technique, text } of spans) lengths.set(technique, [...(lengths.get(technique) ?? []), text.split(/\s+/).filter(Boolean).length]);
  return Object.fromEntries(
    [...lengths].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, ls]) => [t, ls.sort((a, b) => a - b)[ls.length >> 1]]),
  );
}

/**
 * A unit's score for a technique adds this share of the technique's mean probability over the
 * article's other units: an article that argues one way tends to keep at it. Decided at 0.22 (FIT),
 * micro-F1 on the out-of-fold probabilities of four fold seeds goes 0.355 → 0.360, better on each
 * seed, with precision kept (0.335 → 0.334) and recall up (0.379 → 0.392); the neighbouring units
 * alone instead gain less and cost precision.
 */
const ARTICLE_SHARE = 0.2;

/**
 * Techniques of each unit with their scores (ARTICLE_SHARE), most confident first. The units'
 * features as training bags them (only scored here, so ids only): their own, the position (the
 * bag's last own feature in training, scored by name), and the article's style that every unit
 * shares (scored once per article instead of copied into each unit).
 */
export function decideUnits(model: TechniqueModel, doc: Doc, units: readonly TechniqueUnit[]): { label: number; confidence: number }[][] {
  const c = model.classifier;
  const positions = positionsOf(units);
  const style = c.rawScoresOf(articleStyleVector(doc, ARTICLE_STYLE));
  const probs = units.map((unit, u) => c.predict(unitVector(doc, unit.tokenStart, unit.tokenEnd), style, positions[u]));
  const sums = new Float64Array(c.labels.length);
  for (const p of probs) for (let l = 0; l < sums.length; l++) sums[l] += p[l];
  const others = units.length - 1;
  return probs.map((own) => {
    const scores = own.map((p, l) => Math.min(1, p + (others ? (ARTICLE_SHARE * (sums[l] - p)) / others : 0)));
    return c
      .decide(scores)
      .map((label) => ({ label, confidence: scores[label] }))
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
  /** Spans neither start on a preposition, conjunction or clitic nor end on a determiner (or possessive pronoun), preposition or conjunction. */
  readonly edges: boolean;
  /**
   * A word-level technique goes to words only when the unit's most likely word reaches this
   * probability; below, the token model cannot tell where, and the technique goes to a sentence.
   * eval:spans F1 / hit: 0 0.464 / 0.636, 0.2 0.470 / 0.651, 0.3 0.477 / 0.676, 0.4 0.476 / 0.698, 0.5 0.461 / 0.715.
   */
  readonly wordFloor: number;
}

export const LOCALIZE: LocalizeOptions = { wordLevelMax: 5, share: 0.3, lengthFactor: 3, edges: true, wordFloor: 0.3 };

type Placement = Pick<Technique, "start" | "end" | "granularity">;

/**
 * Where inside the unit the technique sits. Word-level techniques: the run of words inside one
 * sentence that maximizes the sum of (probability − share × the best word's probability), so a
 * span grows over neighbours nearly as likely as its best word and stops at unlikely ones; it
 * starts and ends on a word. Longer techniques, and word-level ones whose best word is unlikely
 * (wordFloor): the sentence that the paragraph classifier's weights and the token model's mean
 * score favour together (the paragraph when it is one sentence).
 */
function localize(model: TechniqueModel, doc: Doc, unit: TechniqueUnit, label: number, logit: (token: number) => number, options: LocalizeOptions): Placement {
  const c = model.classifier;
  const words = model.spanWords[c.labels[label]] ?? Infinity;
  const n = unit.tokenEnd - unit.tokenStart;
  const { tokens } = doc;
  const { word: isWord, wordStart, noEnd, quoteMark, tags, sentence } = tokenTable(doc);
  if (words <= options.wordLevelMax && n > 0) {
    const probs = new Float64Array(n);
    let top = 0;
    for (let k = 0; k < n; k++) if (isWord[unit.tokenStart + k]) top = Math.max(top, (probs[k] = sigmoid(logit(unit.tokenStart + k))));
    // When no word is likely enough to point at, the technique goes to a sentence (below).
    if (top >= options.wordFloor) {
      const floor = options.share * top;
      const maxWords = Math.max(1, Math.round(options.lengthFactor * words));
      let best = -Infinity;
      let from = -1;
      let to = -1;
      for (let a = unit.tokenStart; a < unit.tokenEnd; a++) {
        if (!isWord[a] || (options.edges && (tags[a].noStart || !wordStart[a]))) continue;
        let sum = 0;
        for (let b = a, count = 0; b < unit.tokenEnd && count < maxWords && sentence[b] === sentence[a]; b++) {
          if (!isWord[b]) continue;
          sum += probs[b - unit.tokenStart] - floor;
          count++;
          if (sum > best && !(options.edges && noEnd[b])) {
            best = sum;
            from = a;
            to = b;
          }
        }
      }
      if (from >= 0) {
        // A quotation opened inside the span and closed right after it is closed in it too.
        let marks = 0;
        for (let i = from; i <= to; i++) marks += quoteMark[i];
        if (marks % 2 === 1 && to + 1 < unit.tokenEnd && quoteMark[to + 1] && sentence[to + 1] === sentence[to]) to++;
        return { start: tokens[from].start, end: tokens[to].end, granularity: "span" };
      }
    }
  }
  // The sentences wholly inside the unit (a run of the unit's tokens' sentences); their bags (computed for all the article's) only when there is a choice.
  const inside: number[] = [];
  if (n > 0) {
    const all = doc.article.sentences;
    for (let i = sentence[unit.tokenStart]; i <= sentence[unit.tokenEnd - 1]; i++) if (all[i].start >= unit.start && all[i].end <= unit.end) inside.push(i);
  }
  if (inside.length < 2) return { start: unit.start, end: unit.end, granularity: "paragraph" };
  const bags = sentenceBags(doc);
  const sentences = inside.map((i) => bags[i]);
  // The mean logit of each sentence's words, summed in one pass over the unit (inside holds consecutive sentences).
  const sums = new Float64Array(sentences.length);
  const counts = new Int32Array(sentences.length);
  for (let i = unit.tokenStart; i < unit.tokenEnd; i++) {
    const k = isWord[i] ? sentence[i] - inside[0] : -1;
    if (k >= 0 && k < inside.length) (sums[k] += logit(i)), counts[k]++;
  }
  let top = 0;
  let topScore = -Infinity;
  sentences.forEach((s, k) => {
    const score = c.rawScoresOf(s.bag, [label])[0] + (counts[k] ? sums[k] / counts[k] : -Infinity);
    if (k === 0 || score > topScore) (top = k), (topScore = score);
  });
  return { start: sentences[top].start, end: sentences[top].end, granularity: "span" };
}

/** Where inside the unit each of the given techniques sits (token logits computed at most once for all of them). */
export function localizeUnit(model: TechniqueModel, doc: Doc, unit: TechniqueUnit, labels: readonly number[], options: LocalizeOptions = LOCALIZE): Placement[] {
  let z: Float64Array | undefined;
  const m = labels.length;
  return labels.map((label, j) => {
    const logit = (token: number) => (z ??= tokenLogits(model.tokens, doc, unit, labels))[(token - unit.tokenStart) * m + j];
    return localize(model, doc, unit, label, logit, options);
  });
}

/**
 * The Analysis form: every technique of every analyzed paragraph, localized; the model's, then
 * those found by cue phrases (techniques the model has no training for), paragraph by paragraph.
 */
export function techniquesOf(model: TechniqueModel, doc: Doc): Technique[] {
  const paragraphs = doc.article.paragraphs.filter((p) => p.kind !== "boilerplate");
  const units = paragraphs.map((p) => unitOf(doc, p.start, p.end, p.kind === "title"));
  const learned = decideUnits(model, doc, units).flatMap((decided, u) => {
    // Token logits serve every word-level technique of the paragraph: computed at most once.
    const placed = localizeUnit(model, doc, units[u], decided.map((d) => d.label));
    return decided.map(({ label, confidence }, k): Technique => ({
      technique: model.classifier.labels[label],
      paragraph: paragraphs[u].index,
      confidence: Math.round(confidence * 1000) / 1000,
      basis: "model",
      ...placed[k],
    }));
  });
  const cued = cueTechniques(doc, model.learned);
  if (!cued.length) return learned;
  // Stable: within a paragraph the model's findings keep their order, most confident first.
  return [...learned, ...cued].sort((a, b) => a.paragraph - b.paragraph);
}
