/**
 * Training and cross-validation of the framed-actor gate (salience.ts) on the SemEval-2025 T10
 * ST1 articles. Each article goes through the pipeline (pipelineDoc, extractActors); an actor is
 * a positive when one of its mentions overlaps an annotated mention, a negative otherwise.
 * Annotators marked only some salient actors, so a negative is "not marked", not "certainly not
 * framed": measured precision is a lower bound, and the threshold is set for precision.
 */
import type { Entity } from "../../analysis/schema.js";
import { extractActors } from "../../extract/actors/index.js";
import { kFolds, trainLinear, writeGzJson } from "../../ml/linear.js";
import type { Doc } from "../../nlp/types.js";
import type { AnnotatedArticle } from "./data.js";
import { pipelineDoc } from "./data.js";
import type { TokenView } from "./fast.js";
import { roleLexicon } from "./lexicon.js";
import type { RoleExample } from "./model.js";
import { GATE_FEATURES, gateFeatures, roleCandidates, RoleGate } from "./salience.js";

/** One candidate actor of a training article: its features, whether annotators marked it, its mention count. */
export interface GateItem {
  readonly article: number;
  readonly name: string;
  readonly x: readonly number[];
  readonly gold: boolean;
  readonly mentions: number;
  readonly firstMention: number;
}

export interface GateData {
  readonly items: readonly GateItem[];
  readonly articles: number;
  /** Annotated mentions, and how many of them overlap a mention of some candidate actor (the gate's recall ceiling). */
  readonly annotated: number;
  readonly covered: number;
  /** Fold of each article. */
  readonly foldOf: readonly number[];
}

export interface GateTrainParams {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
}

export const GATE_PARAMS: GateTrainParams = { epochs: 30, learningRate: 0.1, l2: 1e-3, seed: 11 };

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && a.end > b.start;

/**
 * Gate examples of every annotated article. `examples` are the role examples of the same
 * articles (same order: their Docs are reused), `view` what the gate reads of a Doc's tokens
 * (a roles model's tokenView: it depends on the lexicon only, not on the weights).
 */
export function gateData(
  articles: readonly AnnotatedArticle[],
  examples: readonly (readonly RoleExample[])[],
  view: (doc: Doc) => TokenView,
  { folds, seed }: { folds: number; seed: number },
): GateData {
  const lexicon = roleLexicon();
  let annotated = 0;
  let covered = 0;
  const items = articles.flatMap((article, i): GateItem[] => {
    const doc: Doc = examples[i][0]?.doc ?? pipelineDoc(article.id, article.text);
    const entities: Entity[] = extractActors(doc);
    const candidates = roleCandidates(doc, entities);
    const x = gateFeatures(doc, view(doc), entities, candidates, lexicon);
    const gold = article.mentions.map((m) => m.span);
    annotated += gold.length;
    covered += gold.filter((g) => candidates.some((a) => a.entity.mentions.some((m) => overlaps(m, g)))).length;
    return candidates.map((a, j) => ({
      article: i,
      name: a.entity.name,
      x: x[j],
      gold: a.entity.mentions.some((m) => gold.some((g) => overlaps(m, g))),
      mentions: a.entity.mentions.length,
      firstMention: Math.min(...a.entity.mentions.map((m) => m.start)),
    }));
  });
  return { items, articles: articles.length, annotated, covered, foldOf: kFolds(articles.length, folds, seed) };
}

/** Fits the gate's logistic model on `items` (threshold set by the caller). */
export function fitGate(items: readonly GateItem[], threshold: number, params: GateTrainParams = GATE_PARAMS): RoleGate {
  const examples = items.map((it) => {
    const indices: number[] = [];
    const values: number[] = [];
    it.x.forEach((v, f) => {
      if (v !== 0) {
        indices.push(f);
        values.push(v);
      }
    });
    return { x: { indices: Int32Array.from(indices), values: Float32Array.from(values) }, labels: it.gold ? [0] : [] };
  });
  const model = trainLinear(examples, { kind: "multilabel", labels: ["framed"], dims: GATE_FEATURES.length, ...params });
  return new RoleGate(model, threshold);
}

/** Out-of-fold P(framed) of every item: the gate trained on the other folds' articles. */
export function outOfFoldGate(data: GateData, params: GateTrainParams = GATE_PARAMS): number[] {
  const folds = Math.max(...data.foldOf) + 1;
  const probs = new Array<number>(data.items.length).fill(0);
  for (let k = 0; k < folds; k++) {
    const train = data.items.filter((it) => data.foldOf[it.article] !== k);
    const gate = fitGate(train, 0.5, params);
    data.items.forEach((it, i) => {
      if (data.foldOf[it.article] === k) probs[i] = gate.probability(it.x);
    });
  }
  return probs;
}

export interface PRF {
  readonly selected: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function prf(items: readonly GateItem[], chosen: readonly boolean[]): PRF {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  items.forEach((it, i) => {
    if (chosen[i] && it.gold) tp++;
    else if (chosen[i]) fp++;
    else if (it.gold) fn++;
  });
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { selected: tp + fp, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Whether each item is among the top k of its article by mention count (ties: earlier first mention). */
export function topByMentions(items: readonly GateItem[], k: number): boolean[] {
  const byArticle = new Map<number, number[]>();
  items.forEach((it, i) => byArticle.set(it.article, [...(byArticle.get(it.article) ?? []), i]));
  const chosen = items.map(() => false);
  for (const list of byArticle.values()) {
    list.sort((a, b) => items[b].mentions - items[a].mentions || items[a].firstMention - items[b].firstMention);
    for (const i of list.slice(0, k)) chosen[i] = true;
  }
  return chosen;
}

/** Writes the gate (gzip'd JSON, byte-stable). */
export function writeGate(path: string, gate: RoleGate): void {
  writeGzJson(path, gate.toJSON());
}

/** Precision counts this many times more than recall in the gate's operating point (F-beta, beta = 0.5). */
export const GATE_BETA = 0.5;

/**
 * The threshold on out-of-fold P(framed) with the best F0.5 (grid 0.05 … 0.95; ties to the
 * higher one). Precision weighs more because unmarked ≠ unframed: a reader is misled by a
 * role on a cited outlet or a place in a list, less by a framed actor left without one.
 */
export function chooseThreshold(items: readonly GateItem[], probs: readonly number[], beta = GATE_BETA): number {
  let best = 0.5;
  let bestScore = -1;
  for (let g = 1; g <= 19; g++) {
    const t = g / 20;
    const { precision: p, recall: r } = prf(items, probs.map((q) => q >= t));
    const score = p + r ? ((1 + beta * beta) * p * r) / (beta * beta * p + r) : 0;
    if (score >= bestScore) [best, bestScore] = [t, score];
  }
  return best;
}

export interface GateCVRow {
  readonly name: string;
  readonly scores: PRF;
}

export interface GateCVResult {
  readonly folds: number;
  readonly articles: number;
  readonly actors: number;
  /** Candidate actors with an annotated mention. */
  readonly marked: number;
  readonly annotated: number;
  readonly covered: number;
  readonly threshold: number;
  /** The gate at its threshold and at neighbouring ones, then the baselines. */
  readonly rows: readonly GateCVRow[];
}

/** Out-of-fold P(framed), the chosen threshold, and P/R/F1 of the gate beside simple baselines. */
export function crossValidateGate(data: GateData, params: GateTrainParams = GATE_PARAMS): GateCVResult & { readonly probs: readonly number[] } {
  const { items } = data;
  const probs = outOfFoldGate(data, params);
  const threshold = chooseThreshold(items, probs);
  const at = (t: number) => prf(items, probs.map((p) => p >= t));
  const rows: GateCVRow[] = [
    { name: `gate (P ≥ ${threshold.toFixed(2)})`, scores: at(threshold) },
    ...[threshold - 0.1, threshold + 0.1].filter((t) => t > 0 && t < 1).map((t) => ({ name: `gate (P ≥ ${t.toFixed(2)})`, scores: at(t) })),
    { name: "all actors (no gate)", scores: prf(items, items.map(() => true)) },
    { name: "≥ 2 mentions", scores: prf(items, items.map((it) => it.mentions >= 2)) },
    { name: "≥ 3 mentions", scores: prf(items, items.map((it) => it.mentions >= 3)) },
    ...[1, 2, 3].map((k) => ({ name: `top ${k} by mentions`, scores: prf(items, topByMentions(items, k)) })),
  ];
  return {
    folds: Math.max(...data.foldOf) + 1,
    articles: data.articles,
    actors: items.length,
    marked: items.filter((it) => it.gold).length,
    annotated: data.annotated,
    covered: data.covered,
    threshold,
    rows,
    probs,
  };
}

/** Fits the gate on every article at the threshold chosen on CV and writes it. */
export function trainRoleGate(data: GateData, outPath: string, params: GateTrainParams = GATE_PARAMS): { gate: RoleGate; cv: GateCVResult } {
  const { probs, ...cv } = crossValidateGate(data, params);
  void probs;
  const gate = fitGate(data.items, cv.threshold, params);
  writeGate(outPath, gate);
  return { gate, cv };
}
