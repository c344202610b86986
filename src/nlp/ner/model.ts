import { gunzipSync, gzipSync } from "node:zlib";
import { Gazetteer } from "./gazetteer.js";
import { lowerHash, MAX_FEATURES, type FeatureContext, type SentenceFeatures } from "./features.js";
import { CONLL_TYPES, NUM_LABELS, OUTSIDE, isAllowed, type ConllType } from "./labels.js";
import { packInt16, unpackInt16 } from "../../ml/packing.js";

const FORMAT = "newsprism-ner/1";

/** Adds each feature's per-label weights to `scores`. Training and inference implement it differently. */
export interface Scorer {
  score(features: Uint32Array, count: number, scores: Float64Array): void;
}

/** The label with the highest score that keeps the BIO sequence well-formed after `prev`. */
function bestAllowed(scores: Float64Array, prev: number): number {
  let best = 0;
  for (let label = 1; label < NUM_LABELS; label++) {
    if (scores[label] > scores[best] && isAllowed(prev, label)) best = label;
  }
  return best;
}

/** Reusable per-sentence buffers, so decoding allocates nothing per token. */
export class DecodeScratch {
  readonly features = new Uint32Array(MAX_FEATURES);
  readonly scores = new Float64Array(NUM_LABELS);
  labels = new Uint8Array(64);

  ensure(n: number): void {
    if (this.labels.length < n) this.labels = new Uint8Array(Math.max(n, this.labels.length * 2));
  }
}

/**
 * Greedy left-to-right decoding over a loaded sentence. Training passes `learn`, called with each
 * token's features and prediction before that prediction becomes history, so both paths share
 * exactly the same features.
 */
export function decodeGreedy(
  sentence: SentenceFeatures,
  scorer: Scorer,
  scratch: DecodeScratch,
  learn?: (token: number, features: Uint32Array, count: number, predicted: number) => void,
): Uint8Array {
  const { features, scores } = scratch;
  scratch.ensure(sentence.n);
  let prev = -1;
  let prev2 = -1;
  for (let i = 0; i < sentence.n; i++) {
    if (!learn && prev === OUTSIDE && !sentence.mayBeginEntity(i)) {
      scratch.labels[i] = OUTSIDE;
      prev2 = prev;
      continue;
    }
    let count = sentence.staticFeatures(i, features);
    count = sentence.labelFeatures(i, prev, prev2, features, count);
    scores.fill(0);
    scorer.score(features, count, scores);
    const label = bestAllowed(scores, prev);
    learn?.(i, features, count, label);
    scratch.labels[i] = label;
    prev2 = prev;
    prev = label;
  }
  return scratch.labels;
}

/** Slot layout: int32 key, then NUM_LABELS int16 weights, padded to 24 bytes. */
const SLOT_INT32S = 6;
const WEIGHTS_AT_INT16 = 2;

/**
 * The shipped, read-only weights in an open-addressing hash table (linear probing) whose slots
 * hold the feature key and its int16 weights together: each of a token's ~40 lookups is then a
 * single memory access, which is what bounds tagging speed. Scores stay in quantization units
 * (a positive factor doesn't change the argmax).
 */
export class WeightTable implements Scorer {
  private readonly keys: Int32Array;
  private readonly weights: Int16Array;
  private readonly mask: number;

  constructor(featureKeys: Uint32Array, rows: Int16Array) {
    let capacity = 16;
    while (capacity < featureKeys.length * 1.5) capacity *= 2;
    const buffer = new ArrayBuffer(capacity * SLOT_INT32S * 4);
    this.keys = new Int32Array(buffer);
    this.weights = new Int16Array(buffer);
    this.mask = capacity - 1;
    featureKeys.forEach((key, row) => {
      const k = key | 0 || 1; // 0 marks an empty slot
      let s = k & this.mask;
      while (this.keys[s * SLOT_INT32S] !== 0) s = (s + 1) & this.mask;
      this.keys[s * SLOT_INT32S] = k;
      this.weights.set(rows.subarray(row * NUM_LABELS, (row + 1) * NUM_LABELS), s * SLOT_INT32S * 2 + WEIGHTS_AT_INT16);
    });
  }

  score(features: Uint32Array, count: number, scores: Float64Array): void {
    const { keys, weights, mask } = this;
    for (let f = 0; f < count; f++) {
      const k = features[f] | 0 || 1;
      let s = k & mask;
      let found: number;
      while ((found = keys[s * SLOT_INT32S]) !== 0 && found !== k) s = (s + 1) & mask;
      if (found === 0) continue;
      const base = s * SLOT_INT32S * 2 + WEIGHTS_AT_INT16;
      for (let l = 0; l < NUM_LABELS; l++) scores[l] += weights[base + l];
    }
  }
}

/** Everything a trained tagger consists of, before quantization. */
export interface NerParameters {
  /** Known entity names per CoNLL type, words separated by single spaces (wink tokenization). */
  gazetteer: Record<ConllType, string[]>;
  commonWords: string[];
  titleWords: string[];
  /** Sorted, distinct feature hashes. */
  keys: Uint32Array;
  /** keys.length × NUM_LABELS weights, row-major. */
  weights: Float32Array;
}

interface ModelFile {
  format: typeof FORMAT;
  gazetteer: Record<ConllType, string[]>;
  commonWords: string[];
  titleWords: string[];
  /** base64 little-endian uint32 deltas between consecutive sorted keys (deltas gzip well). */
  keys: string;
  /** base64 little-endian int16, row-major. */
  weights: string;
}

export function buildContext(
  gazetteer: Record<ConllType, readonly string[]>,
  commonWords: readonly string[],
  titleWords: readonly string[],
): FeatureContext {
  const gaz = new Gazetteer();
  CONLL_TYPES.forEach((type, t) => {
    for (const phrase of gazetteer[type]) gaz.add(phrase.split(" ").map(lowerHash), t);
  });
  return { gazetteer: gaz, commonWords: new Set(commonWords.map(lowerHash)), titleWords: new Set(titleWords.map(lowerHash)) };
}

/** Quantizes weights to int16 (ample for perceptron weights; only their ratios matter) and gzips the JSON. */
export function encodeModel(p: NerParameters): Buffer {
  let max = 0;
  for (const w of p.weights) max = Math.max(max, Math.abs(w));
  const scale = max / 32767 || 1;
  const quantized = Int16Array.from(p.weights, (w) => Math.round(w / scale));
  const deltas = new Uint32Array(p.keys.length);
  for (let i = 0; i < p.keys.length; i++) deltas[i] = p.keys[i] - (i > 0 ? p.keys[i - 1] : 0);
  const file: ModelFile = {
    format: FORMAT,
    gazetteer: p.gazetteer,
    commonWords: p.commonWords,
    titleWords: p.titleWords,
    keys: Buffer.from(deltas.buffer).toString("base64"),
    weights: packInt16(quantized),
  };
  return gzipSync(JSON.stringify(file), { level: 9 });
}

export interface DecodedModel {
  table: WeightTable;
  context: FeatureContext;
}

export function decodeModel(gz: Buffer): DecodedModel {
  const file = JSON.parse(gunzipSync(gz).toString("utf8")) as ModelFile;
  if (file.format !== FORMAT) throw new Error(`unsupported NER model format: ${String(file.format)}`);
  const deltaBytes = Buffer.from(file.keys, "base64");
  const keys = new Uint32Array(deltaBytes.buffer.slice(deltaBytes.byteOffset, deltaBytes.byteOffset + deltaBytes.length));
  for (let i = 1; i < keys.length; i++) keys[i] += keys[i - 1];
  return { table: new WeightTable(keys, unpackInt16(file.weights)), context: buildContext(file.gazetteer, file.commonWords, file.titleWords) };
}
