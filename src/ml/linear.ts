/**
 * Small, fast sparse linear models for every learned analysis (narratives, techniques, genre,
 * frames, entity roles). Everything is deterministic given the seed, so `npm run train` rebuilds
 * byte-identical models.
 *
 * Features
 *   type FeatureBag = Map<string, number>       named features of one example
 *   addFeature(bag, name, value = 1)             accumulates a feature value
 *   Vocabulary.build(bags, { minCount })         frozen string→index map; keeps features seen in
 *                                                ≥ minCount examples, indexed in sorted order
 *   vocab.vectorize(bag, normalize = true)       → SparseVector (unknown features dropped, L2-normalized)
 *   hashVectorize(bag, bits, normalize = true)   → SparseVector without a vocabulary (FNV-1a buckets)
 *   SparseVector = { indices: Int32Array (ascending), values: Float32Array }
 *
 * Models
 *   trainLinear(examples, options) → LinearModel
 *     options.kind "multilabel": one-vs-rest logistic regression (Example.labels = all positives)
 *     options.kind "softmax": single-label multinomial regression (Example.labels[0] = the class)
 *     seeded AdaGrad SGD, L2 on the active features, optional per-label positive weights
 *     (multilabel) or class weights (softmax), optional per-example weight, optional groups of
 *     weights tied to a shared learned offset (options.tie).
 *   model.predict(x) → Float64Array of probabilities (sigmoid per label, or softmax)
 *   model.scores(x) → raw scores; model.link(scores) → probabilities
 *   model.decide(probs) → indices of the labels whose probability reaches their threshold
 *   model.thresholds: per-label decision thresholds (default 0.5)
 *
 * Determinism and cross-validation
 *   seededRandom(seed) → () => number in [0, 1)   (mulberry32)
 *   shuffleInPlace(array, random)
 *   kFolds(n, k, seed) → fold number of each of n items (balanced sizes, seeded)
 *
 * Serialization (compact: near-zero weights pruned, values quantized to 16 bits per label ≈ 4–5 significant digits)
 *   model.toJSON() / LinearModel.fromJSON(json), vocab.toJSON() / Vocabulary.fromJSON(json)
 *   writeGzJson(path, value) / readGzJson(path)   gzip'd JSON with fixed header → stable bytes
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hashString } from "../nlp/ner/hash.js";
import { packInt16, packVarints, unpackInt16, unpackVarints } from "./packing.js";

export type FeatureBag = Map<string, number>;

export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export function addFeature(bag: FeatureBag, name: string, value = 1): void {
  bag.set(name, (bag.get(name) ?? 0) + value);
}

/** Builds a SparseVector from index/value pairs (summing duplicates, sorting indices). */
function toSparse(pairs: Map<number, number>, normalize: boolean): SparseVector {
  const indices = Int32Array.from([...pairs.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  let norm = 0;
  indices.forEach((ix, i) => {
    values[i] = pairs.get(ix)!;
    norm += values[i] * values[i];
  });
  if (normalize && norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < values.length; i++) values[i] *= scale;
  }
  return { indices, values };
}

export class Vocabulary {
  private readonly index: Map<string, number>;

  private constructor(readonly features: readonly string[]) {
    this.index = new Map();
    for (let i = 0; i < features.length; i++) this.index.set(features[i], i);
  }

  get size(): number {
    return this.features.length;
  }

  /** Keeps features present in at least `minCount` bags; sorted so the order never depends on input order. */
  static build(bags: Iterable<FeatureBag>, { minCount = 2 }: { minCount?: number } = {}): Vocabulary {
    const df = new Map<string, number>();
    for (const bag of bags) for (const name of bag.keys()) df.set(name, (df.get(name) ?? 0) + 1);
    const kept = [...df].filter(([, n]) => n >= minCount).map(([f]) => f);
    return new Vocabulary(kept.sort());
  }

  static fromJSON(json: VocabularyJSON): Vocabulary {
    return new Vocabulary(json.features);
  }

  lookup(name: string): number | undefined {
    return this.index.get(name);
  }

  vectorize(bag: FeatureBag, normalize = true): SparseVector {
    const pairs = new Map<number, number>();
    for (const [name, value] of bag) {
      const ix = this.index.get(name);
      if (ix !== undefined && value !== 0) pairs.set(ix, value);
    }
    return toSparse(pairs, normalize);
  }

  toJSON(): VocabularyJSON {
    return { features: [...this.features] };
  }
}

export interface VocabularyJSON {
  features: string[];
}

/** Vocabulary-free vectorization into 2^bits buckets (collisions add up). */
export function hashVectorize(bag: FeatureBag, bits: number, normalize = true): SparseVector {
  const mask = (1 << bits) - 1;
  const pairs = new Map<number, number>();
  for (const [name, value] of bag) {
    const ix = hashString(name) & mask;
    pairs.set(ix, (pairs.get(ix) ?? 0) + value);
  }
  return toSparse(pairs, normalize);
}

// ---------------------------------------------------------------------------------------------
// Determinism helpers

/** mulberry32: tiny, fast, good enough for shuffling and fold assignment. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(array: T[], random: () => number): T[] {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

/** Fold number (0..k-1) of each of n items: a seeded permutation dealt round-robin. */
export function kFolds(n: number, k: number, seed: number): number[] {
  const order = shuffleInPlace([...Array(n).keys()], seededRandom(seed));
  const fold = new Array<number>(n);
  order.forEach((item, i) => (fold[item] = i % k));
  return fold;
}

// ---------------------------------------------------------------------------------------------
// Models

export type ModelKind = "multilabel" | "softmax";

export interface Example {
  readonly x: SparseVector;
  /** multilabel: every positive label index (possibly none); softmax: exactly one class index. */
  readonly labels: readonly number[];
  /** Importance of this example in the loss (default 1). */
  readonly weight?: number;
}

export interface TrainOptions {
  readonly kind: ModelKind;
  readonly labels: readonly string[];
  /** Feature space size (vocabulary size or 2^bits). */
  readonly dims: number;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly l2?: number;
  readonly seed?: number;
  /** multilabel: loss weight of a positive example, per label (counters rare labels). */
  readonly positiveWeight?: readonly number[];
  /** softmax: loss weight of each class (counters skewed priors). */
  readonly classWeight?: readonly number[];
  /**
   * Groups of weights that share a learned offset: each weight of a group is its own (L2-penalized)
   * value plus the group's (unpenalized) one, entries as [feature, label]. A group pools evidence
   * over labels, e.g. "a cue of the label itself in the mention's sentence" for every label.
   * The offsets are folded into the weights, so the trained model scores as any other.
   */
  readonly tie?: readonly (readonly (readonly [feature: number, label: number])[])[];
}

export class LinearModel {
  /** Per-label decision thresholds on the probabilities; tuned on held-out folds. */
  thresholds: number[];

  constructor(
    readonly kind: ModelKind,
    readonly labels: readonly string[],
    readonly dims: number,
    /** Feature-major weights: weights[feature * labels.length + label], so a sparse dot product walks memory in order. */
    readonly weights: Float32Array,
    readonly bias: Float64Array,
    thresholds?: number[],
  ) {
    this.thresholds = thresholds ?? labels.map(() => 0.5);
  }

  /** Raw scores (logits) of every label. */
  scores(x: SparseVector): Float64Array {
    const L = this.labels.length;
    const z = Float64Array.from(this.bias);
    for (let k = 0; k < x.indices.length; k++) {
      const ix = x.indices[k];
      if (ix >= this.dims) continue;
      const v = x.values[k];
      const row = ix * L;
      for (let l = 0; l < L; l++) z[l] += this.weights[row + l] * v;
    }
    return z;
  }

  predict(x: SparseVector): Float64Array {
    return this.link(this.scores(x));
  }

  /** Scores → probabilities (softmax, or a sigmoid per label); overwrites `z`. */
  link<Z extends Float64Array | number[]>(z: Z): Z {
    if (this.kind === "softmax") return softmaxInPlace(z);
    for (let l = 0; l < z.length; l++) z[l] = sigmoid(z[l]);
    return z;
  }

  decide(probs: ArrayLike<number>): number[] {
    const chosen: number[] = [];
    for (let l = 0; l < this.labels.length; l++) if (probs[l] >= this.thresholds[l]) chosen.push(l);
    return chosen;
  }

  /**
   * Compact form: per label, the weights that matter, quantized to 16-bit integers of a
   * per-label scale (≈ 4–5 significant digits), packed as base64: their indices as varint deltas,
   * their values as little-endian 16-bit integers. A million weights as JSON numbers took most of
   * a model's load time to parse; packed, they decode in a few milliseconds.
   */
  toJSON(prune = 1e-4): LinearModelJSON {
    const L = this.labels.length;
    const weights = this.labels.map((_, l) => {
      let max = 0;
      for (let f = 0; f < this.dims; f++) max = Math.max(max, Math.abs(this.weights[f * L + l]));
      const scale = max > 0 ? round4(max / QUANT) : 1;
      const deltas: number[] = [];
      const values: number[] = [];
      let last = 0;
      for (let f = 0; f < this.dims; f++) {
        const w = this.weights[f * L + l];
        // The scale is rounded to 4 digits: the largest weight may come out a quantum or two past QUANT.
        const v = Math.max(-QUANT, Math.min(QUANT, Math.round(w / scale)));
        if (Math.abs(w) < prune || v === 0) continue;
        deltas.push(f - last);
        values.push(v);
        last = f;
      }
      return { idx: packVarints(deltas), q: packInt16(values), scale };
    });
    return {
      kind: this.kind,
      labels: [...this.labels],
      dims: this.dims,
      bias: [...this.bias].map(round4),
      thresholds: this.thresholds.map(round4),
      weights,
    };
  }

  static fromJSON(json: LinearModelJSON): LinearModel {
    const L = json.labels.length;
    const weights = new Float32Array(json.dims * L);
    for (let l = 0; l < L; l++) {
      const w = json.weights[l];
      // Earlier files store the indices and values as JSON arrays; the first ones, plain values.
      const deltas = typeof w.idx === "string" ? unpackVarints(w.idx) : w.idx;
      const [values, scale] = "q" in w ? [typeof w.q === "string" ? unpackInt16(w.q) : w.q, w.scale] : [w.val, 1];
      if (values.length !== deltas.length) throw new Error(`model weights of label ${json.labels[l]}: ${deltas.length} indices but ${values.length} values`);
      for (let i = 0, f = 0; i < deltas.length; i++) {
        f += deltas[i];
        weights[f * L + l] = values[i] * scale;
      }
    }
    return new LinearModel(json.kind, json.labels, json.dims, weights, Float64Array.from(json.bias), [...json.thresholds]);
  }
}

export interface LinearModelJSON {
  kind: ModelKind;
  labels: string[];
  dims: number;
  bias: number[];
  thresholds: number[];
  weights: ({ idx: string; q: string; scale: number } | { idx: number[]; q: number[]; scale: number } | { idx: number[]; val: number[] })[];
}

/** Largest quantized weight magnitude (16-bit). */
const QUANT = 32767;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function softmaxInPlace<Z extends Float64Array | number[]>(z: Z): Z {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += z[i] = Math.exp(z[i] - max);
  for (let i = 0; i < z.length; i++) z[i] /= sum;
  return z;
}

/** Rounds to 4 significant digits: weights beyond that precision only bloat the files. */
export function round4(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

/** Seeded AdaGrad SGD on the logistic (one-vs-rest) or softmax loss with L2 on active features. */
export function trainLinear(examples: readonly Example[], options: TrainOptions): LinearModel {
  const { kind, labels, dims, epochs = 20, learningRate = 0.5, l2 = 1e-4, seed = 1 } = options;
  const L = labels.length;
  const weights = new Float32Array(dims * L);
  const squares = new Float32Array(dims * L);
  const bias = new Float64Array(L);
  const biasSquares = new Float64Array(L);
  const model = new LinearModel(kind, labels, dims, weights, bias);
  const random = seededRandom(seed);
  const order = [...examples.keys()];
  const grad = new Float64Array(L);
  const eps = 1e-8;
  const tie = options.tie?.length ? tiedIndex(options.tie, dims, L) : undefined;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const e of order) {
      const { x, labels: gold, weight = 1 } = examples[e];
      const probs = model.predict(x);
      for (let l = 0; l < L; l++) grad[l] = probs[l];
      if (kind === "softmax") {
        const y = gold[0];
        grad[y] -= 1;
        const w = weight * (options.classWeight?.[y] ?? 1);
        for (let l = 0; l < L; l++) grad[l] *= w;
      } else {
        for (let l = 0; l < L; l++) grad[l] *= weight;
        for (const y of gold) grad[y] = (probs[y] - 1) * weight * (options.positiveWeight?.[y] ?? 1);
      }
      for (let l = 0; l < L; l++) {
        biasSquares[l] += grad[l] * grad[l];
        bias[l] -= (learningRate * grad[l]) / Math.sqrt(biasSquares[l] + eps);
      }
      if (tie) tie.gradient.fill(0);
      for (let k = 0; k < x.indices.length; k++) {
        const ix = x.indices[k];
        if (ix >= dims) continue;
        const v = x.values[k];
        const row = ix * L;
        for (let l = 0; l < L; l++) {
          // A tied weight's own part is what the penalty sees; its gradient also moves the group's offset.
          const group = tie ? tie.groupOf[row + l] : -1;
          const own = group < 0 ? weights[row + l] : weights[row + l] - tie!.offset[group];
          if (group >= 0) tie!.gradient[group] += grad[l] * v;
          const g = grad[l] * v + l2 * own;
          if (g === 0) continue;
          squares[row + l] += g * g;
          weights[row + l] -= (learningRate * g) / Math.sqrt(squares[row + l] + eps);
        }
      }
      if (tie) {
        for (let group = 0; group < tie.offset.length; group++) {
          const g = tie.gradient[group];
          if (g === 0) continue;
          tie.squares[group] += g * g;
          const step = (learningRate * g) / Math.sqrt(tie.squares[group] + eps);
          tie.offset[group] -= step;
          for (const entry of tie.entries[group]) weights[entry] -= step;
        }
      }
    }
  }
  return model;
}

interface TiedIndex {
  /** Group of each weight (feature * L + label), or -1. */
  readonly groupOf: Int32Array;
  /** Weight positions of each group. */
  readonly entries: readonly Int32Array[];
  readonly offset: Float64Array;
  readonly squares: Float64Array;
  /** The current example's gradient of each offset. */
  readonly gradient: Float64Array;
}

function tiedIndex(groups: NonNullable<TrainOptions["tie"]>, dims: number, L: number): TiedIndex {
  const groupOf = new Int32Array(dims * L).fill(-1);
  const entries = groups.map((members, g) => {
    const positions: number[] = [];
    for (const [f, l] of members) {
      // A weight belongs to one group at most (the first that names it).
      if (f < 0 || f >= dims || l < 0 || l >= L || groupOf[f * L + l] >= 0) continue;
      groupOf[f * L + l] = g;
      positions.push(f * L + l);
    }
    return Int32Array.from(positions);
  });
  const n = groups.length;
  return { groupOf, entries, offset: new Float64Array(n), squares: new Float64Array(n), gradient: new Float64Array(n) };
}

// ---------------------------------------------------------------------------------------------
// Files

/** gzip'd JSON; node's gzip header carries no timestamp, so equal values give equal bytes. */
export function writeGzJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gzipSync(JSON.stringify(value), { level: 9 }));
}

export function readGzJson<T>(path: string): T {
  return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as T;
}

/** A model file (gzip'd JSON) through `revive`; a damaged or foreign file is an error that names it. */
export function readModelFile<J, T>(path: string, revive: (json: J) => T): T {
  try {
    return revive(readGzJson<J>(path));
  } catch (error) {
    throw new Error(`model ${path} cannot be read (${error instanceof Error ? error.message : String(error)}): retrain it or remove it`);
  }
}
