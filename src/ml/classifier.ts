/**
 * A vocabulary plus a linear model: the unit every learned analysis trains, ships and loads.
 *
 *   fitClassifier(bags, gold, labels, options) → Classifier   builds the vocabulary and trains
 *     (options.seeds > 1: the weights averaged over that many seeds)
 *   classifier.predict(bag, common?) → probabilities; classifier.decide(probs) → label indices
 *   classifier.predictLabels(bag, labels) → the probabilities of a few labels of a multilabel model
 *   classifier.rawScoresOf(bag, labels?) → the raw scores (no bias) of a few labels (of many; default all)
 *   (scoring takes a named FeatureBag or a FeatureVector: see feature-space.ts)
 *   classifier.toJSON() / Classifier.fromJSON(json)
 */
import { registerFeatures, resolveFeatures, spaceSize, type Scorable } from "./feature-space.js";
import { LinearModel, sigmoid, trainLinear, Vocabulary, type Example, type FeatureBag, type LinearModelJSON, type ModelKind, type VocabularyJSON } from "./linear.js";

export interface ClassifierJSON {
  vocab: VocabularyJSON;
  model: LinearModelJSON;
}

export class Classifier {
  /**
   * Weight row of each feature-space id (-1: not a feature of this model); ids registered later
   * are not ours either. Made when the classifier is first scored: one only read through its
   * weights (the token model) does not register its many features, and every other classifier's
   * table stays the smaller (fewer cache misses).
   */
  private rowOfIdTable: Int32Array | undefined;
  /** 0, 1, … one per label: rawScoresOf's labels when none are given. */
  private everyLabel: number[] | undefined;

  constructor(
    readonly vocab: Vocabulary,
    readonly model: LinearModel,
  ) {}

  /** The row table, made (features registered) before a bag is resolved for this classifier, so that it resolves them. */
  private get rowOfId(): Int32Array {
    if (!this.rowOfIdTable) {
      const spaceIds = registerFeatures(this.vocab.features);
      const rowOfId = (this.rowOfIdTable = new Int32Array(spaceSize()).fill(-1));
      spaceIds.forEach((id, row) => (rowOfId[id] = row));
    }
    return this.rowOfIdTable;
  }

  get labels(): readonly string[] {
    return this.model.labels;
  }

  /**
   * Same as model.predict(vocab.vectorize(bag, false)), without building the sparse vector (hot
   * path of `analyze`). `common` are the raw scores (rawScoresOf) of features many items have in
   * common (e.g. the article's style in each paragraph), scored once by the caller: the same as
   * merging them into every bag. `last` is one more feature of value 1 after the bag's (the same
   * as adding it to the bag last), so a bag scored already need not be extended and resolved again.
   */
  predict(bag: Scorable, common?: readonly number[], last?: string): number[] {
    // The scores become probabilities in place.
    const z = this.rawScoresOf(bag);
    const row = last === undefined ? undefined : this.vocab.lookup(last);
    if (row !== undefined) for (let l = 0; l < z.length; l++) z[l] += this.model.weights[row * z.length + l];
    for (let l = 0; l < z.length; l++) z[l] += this.model.bias[l] + (common ? common[l] : 0);
    return this.model.link(z);
  }

  decide(probs: ArrayLike<number>): number[] {
    return this.model.decide(probs);
  }

  /**
   * The probabilities of the given labels only (the others NaN), the same as predict(bag)'s: for
   * a decision that reads a few labels of a multilabel model with many (the subnarratives of the
   * narratives chosen), without reading the other labels' weights.
   */
  predictLabels(bag: Scorable, labels: readonly number[]): number[] {
    if (this.model.kind !== "multilabel") throw new Error("predictLabels: the labels of a softmax model are not scored apart");
    const z = this.rawScoresOf(bag, labels);
    const probs = new Array<number>(this.labels.length).fill(NaN);
    labels.forEach((l, j) => (probs[l] = sigmoid(z[j] + this.model.bias[l])));
    return probs;
  }

  /**
   * The raw scores (no bias) of the given labels (default: all), in their order, computed anew:
   * the bag's features found once for all of them, and only their weights read (evidence ranks
   * every sentence for the few labels an article shows).
   */
  rawScoresOf(bag: Scorable, labels: readonly number[] = (this.everyLabel ??= this.labels.map((_, l) => l))): number[] {
    const count = this.gather(bag);
    const { weights } = this.model;
    // A plain array filled in label order (packed doubles): a typed array of this size is allocated outside the JS heap, several times slower.
    const z: number[] = [];
    // Four labels at a time, each summed in a local variable over all the rows (in k order): the
    // same sums as a row-by-row update of every label, several times faster (no store and reload
    // of each label's running sum per row).
    let j = 0;
    for (; j + 4 <= labels.length; j += 4) {
      const l0 = labels[j];
      const l1 = labels[j + 1];
      const l2 = labels[j + 2];
      const l3 = labels[j + 3];
      let a = 0;
      let b = 0;
      let c = 0;
      let d = 0;
      for (let k = 0; k < count; k++) {
        const row = gatheredRows[k];
        const v = gatheredValues[k];
        a += weights[row + l0] * v;
        b += weights[row + l1] * v;
        c += weights[row + l2] * v;
        d += weights[row + l3] * v;
      }
      z.push(a, b, c, d);
    }
    for (; j < labels.length; j++) {
      const l = labels[j];
      let a = 0;
      for (let k = 0; k < count; k++) a += weights[gatheredRows[k] + l] * gatheredValues[k];
      z.push(a);
    }
    return z;
  }

  /** The bag's known features into gatheredRows (as offsets of their weight rows) and gatheredValues; returns their number. */
  private gather(bag: Scorable): number {
    const rowOfId = this.rowOfId;
    const { ids, values } = resolveFeatures(bag);
    let count = 0;
    if (gatheredRows.length < ids.length) [gatheredRows, gatheredValues] = [new Int32Array(2 * ids.length), new Float64Array(2 * ids.length)];
    const L = this.labels.length;
    for (let k = 0; k < ids.length; k++) {
      const ix = rowOf(rowOfId, ids[k]);
      if (ix >= 0) (gatheredRows[count] = ix * L), (gatheredValues[count++] = values[k]);
    }
    return count;
  }

  toJSON(): ClassifierJSON {
    return { vocab: this.vocab.toJSON(), model: this.model.toJSON() };
  }

  static fromJSON(json: ClassifierJSON): Classifier {
    return new Classifier(Vocabulary.fromJSON(json.vocab), LinearModel.fromJSON(json.model));
  }
}

/** Weight row of a feature-space id in a classifier's row table, or -1. */
function rowOf(rowOfId: Int32Array, id: number): number {
  return id < rowOfId.length ? rowOfId[id] : -1;
}

/** The weight rows and values of the bag being scored: shared scratch (scoring is synchronous). */
let gatheredRows = new Int32Array(1024);
let gatheredValues = new Float64Array(1024);

export interface FitOptions {
  readonly kind: ModelKind;
  /** Keep features present in at least this many training items. */
  readonly minCount?: number;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly l2?: number;
  readonly seed?: number;
  /** multilabel: positive weight = (negatives/positives)^balance, clamped to [1, 10]; softmax: class weight = (n/(k·count))^balance. */
  readonly balance?: number;
  /** One decision threshold for every label (default 0.5). */
  readonly threshold?: number;
  /**
   * Train this many times (the seed, then seed + 7919k) and average the weights: on a few hundred
   * articles SGD's result varies with its seed, most for the rare labels; the mean varies less.
   */
  readonly seeds?: number;
}

function lossWeights(gold: readonly (readonly number[])[], numLabels: number, options: FitOptions): { positiveWeight?: number[]; classWeight?: number[] } {
  const balance = options.balance ?? 0;
  if (!balance) return {};
  const counts = new Array<number>(numLabels).fill(0);
  for (const g of gold) for (const l of g) counts[l]++;
  const n = gold.length;
  if (options.kind === "softmax") return { classWeight: counts.map((c) => (c ? (n / (numLabels * c)) ** balance : 1)) };
  return { positiveWeight: counts.map((c) => (c ? Math.min(10, Math.max(1, ((n - c) / c) ** balance)) : 1)) };
}

export function fitClassifier(bags: readonly FeatureBag[], gold: readonly (readonly number[])[], labels: readonly string[], options: FitOptions): Classifier {
  const vocab = Vocabulary.build(bags, { minCount: options.minCount ?? 2 });
  const examples: Example[] = bags.map((b, i) => ({ x: vocab.vectorize(b, false), labels: gold[i] }));
  const train = (seed: number | undefined) =>
    trainLinear(examples, {
      kind: options.kind,
      labels,
      dims: vocab.size,
      epochs: options.epochs,
      learningRate: options.learningRate,
      l2: options.l2,
      seed,
      ...lossWeights(gold, labels.length, options),
    });
  const model = train(options.seed);
  const soup = options.seeds ?? 1;
  for (let k = 1; k < soup; k++) {
    const other = train((options.seed ?? 1) + 7919 * k);
    for (let j = 0; j < model.weights.length; j++) model.weights[j] += other.weights[j];
    for (let j = 0; j < model.bias.length; j++) model.bias[j] += other.bias[j];
  }
  if (soup > 1) {
    for (let j = 0; j < model.weights.length; j++) model.weights[j] /= soup;
    for (let j = 0; j < model.bias.length; j++) model.bias[j] /= soup;
  }
  if (options.threshold !== undefined) model.thresholds = labels.map(() => options.threshold!);
  return new Classifier(vocab, model);
}
