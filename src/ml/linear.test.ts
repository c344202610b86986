import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  addFeature,
  hashVectorize,
  kFolds,
  LinearModel,
  readGzJson,
  trainLinear,
  Vocabulary,
  writeGzJson,
  type Example,
  type FeatureBag,
  type LinearModelJSON,
} from "./linear.js";

/** Toy problem: label 0 ("sport") iff a sport word, label 1 ("war") iff a war word; noise words everywhere. */
function toyBags(): { bags: FeatureBag[]; gold: number[][] } {
  const sport = ["goal", "match", "team"];
  const war = ["tank", "missile", "troops"];
  const noise = ["the", "a", "today", "said"];
  const bags: FeatureBag[] = [];
  const gold: number[][] = [];
  for (let i = 0; i < 60; i++) {
    const bag: FeatureBag = new Map();
    const labels: number[] = [];
    if (i % 2 === 0) (addFeature(bag, sport[i % 3]), labels.push(0));
    if (i % 3 === 0) (addFeature(bag, war[i % 3]), labels.push(1));
    addFeature(bag, noise[i % 4]);
    addFeature(bag, noise[(i + 1) % 4]);
    bags.push(bag);
    gold.push(labels);
  }
  return { bags, gold };
}

function toyExamples(): { vocab: Vocabulary; examples: Example[] } {
  const { bags, gold } = toyBags();
  const vocab = Vocabulary.build(bags, { minCount: 2 });
  return { vocab, examples: bags.map((b, i) => ({ x: vocab.vectorize(b), labels: gold[i] })) };
}

describe("linear models", () => {
  it("learns a separable multi-label problem", () => {
    const { vocab, examples } = toyExamples();
    const model = trainLinear(examples, { kind: "multilabel", labels: ["sport", "war"], dims: vocab.size, seed: 7 });
    for (const e of examples) expect(model.decide(model.predict(e.x))).toEqual([...e.labels]);
  });

  it("learns a separable single-label problem with softmax", () => {
    const bags = ["red", "green", "blue"].flatMap((c) => [1, 2, 3].map(() => new Map([[c, 1]])));
    const vocab = Vocabulary.build(bags, { minCount: 1 });
    const examples = bags.map((b, i) => ({ x: vocab.vectorize(b), labels: [Math.floor(i / 3)] }));
    const model = trainLinear(examples, { kind: "softmax", labels: ["r", "g", "b"], dims: vocab.size, seed: 1 });
    const probs = model.predict(vocab.vectorize(new Map([["green", 1]])));
    expect(probs.indexOf(Math.max(...probs))).toBe(1);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it("is deterministic given the seed", () => {
    const { vocab, examples } = toyExamples();
    const train = (seed: number) => JSON.stringify(trainLinear(examples, { kind: "multilabel", labels: ["s", "w"], dims: vocab.size, seed }).toJSON());
    expect(train(3)).toBe(train(3));
    expect(train(3)).not.toBe(train(4));
  });

  it("round-trips through gzip'd JSON with identical predictions and stable bytes", () => {
    const { vocab, examples } = toyExamples();
    const model = trainLinear(examples, { kind: "multilabel", labels: ["s", "w"], dims: vocab.size, seed: 2 });
    model.thresholds = [0.3, 0.6];
    const dir = mkdtempSync(join(tmpdir(), "linear-"));
    const a = join(dir, "a.json.gz");
    const b = join(dir, "b.json.gz");
    writeGzJson(a, { vocab: vocab.toJSON(), model: model.toJSON() });
    writeGzJson(b, { vocab: vocab.toJSON(), model: model.toJSON() });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const loaded = readGzJson<{ vocab: ReturnType<Vocabulary["toJSON"]>; model: ReturnType<LinearModel["toJSON"]> }>(a);
    const vocab2 = Vocabulary.fromJSON(loaded.vocab);
    const model2 = LinearModel.fromJSON(loaded.model);
    expect(model2.thresholds).toEqual([0.3, 0.6]);
    for (const e of examples) {
      const p1 = model.predict(e.x);
      const p2 = model2.predict(e.x);
      p1.forEach((p, l) => expect(p2[l]).toBeCloseTo(p, 3));
    }
    expect(vocab2.features).toEqual(vocab.features);
  });

  it("ties weights to a shared learned offset: a label's own cue counts before any example shows it", () => {
    // Feature k is "a cue of label k"; labels 0–2 are seen with their cue, label 3 only without it.
    const examples: Example[] = [];
    for (let r = 0; r < 20; r++) {
      for (let k = 0; k < 3; k++) examples.push({ x: { indices: Int32Array.of(k, 4), values: Float32Array.of(1, 1) }, labels: [k] });
      examples.push({ x: { indices: Int32Array.of(4), values: Float32Array.of(1) }, labels: [3] });
    }
    const options = { kind: "softmax" as const, labels: ["a", "b", "c", "d"], dims: 5, seed: 1, epochs: 20 };
    const tie = [[0, 1, 2, 3].map((k) => [k, k] as const)];
    const untied = trainLinear(examples, options);
    const tied = trainLinear(examples, { ...options, tie });
    const ownCue = { indices: Int32Array.of(3, 4), values: Float32Array.of(1, 1) };
    expect(untied.weights[3 * 4 + 3]).toBe(0);
    expect(tied.weights[3 * 4 + 3]).toBeGreaterThan(0.5);
    expect(tied.predict(ownCue)[3]).toBeGreaterThan(untied.predict(ownCue)[3]);
    // Seen cues keep their own part on top of the offset.
    expect(tied.weights[0 * 4 + 0]).toBeGreaterThan(tied.weights[3 * 4 + 3]);
  });

  it("packs weights at any index gap and sign, reads the earlier array form, and refuses a damaged one", () => {
    const dims = 70_000;
    const weights = new Float32Array(dims * 2);
    // Gaps of one byte (5), two (300) and three (69_695) as varints; negative values; both labels.
    for (const [f, l, w] of [[0, 0, 0.5], [5, 0, -1.25], [300, 1, 2], [69_999, 0, -0.75], [69_999, 1, 0.001]] as const) weights[f * 2 + l] = w;
    const model = new LinearModel("multilabel", ["a", "b"], dims, weights, Float64Array.from([0.1, -0.2]));
    const json = model.toJSON();
    expect(typeof json.weights[0].idx).toBe("string");
    const revived = LinearModel.fromJSON(JSON.parse(JSON.stringify(json)) as LinearModelJSON);
    for (let k = 0; k < weights.length; k++) expect(revived.weights[k]).toBeCloseTo(weights[k], 3);
    // The form written before packing: JSON arrays of index gaps and quantized values.
    const arrays = { ...json, weights: [{ idx: [0, 5, 69_994], q: [2, -5, -3], scale: 0.25 }, { idx: [300, 69_699], q: [2, 0], scale: 1 }] };
    const earlier = LinearModel.fromJSON(arrays);
    expect([earlier.weights[0], earlier.weights[5 * 2], earlier.weights[69_999 * 2], earlier.weights[300 * 2 + 1]]).toEqual([0.5, -1.25, -0.75, 2]);
    const cut = { ...json, weights: [{ ...json.weights[0], idx: Buffer.from([0x80]).toString("base64") }, json.weights[1]] };
    expect(() => LinearModel.fromJSON(cut as LinearModelJSON)).toThrow(/cut off/);
  });

  it("deals balanced seeded folds and hashes features into buckets", () => {
    const folds = kFolds(10, 3, 1);
    expect(folds).toEqual(kFolds(10, 3, 1));
    expect([0, 1, 2].map((k) => folds.filter((f) => f === k).length).sort()).toEqual([3, 3, 4]);
    const v = hashVectorize(new Map([["x", 3], ["y", 4]]), 10);
    expect([...v.values].reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 6);
    expect([...v.indices].every((i) => i < 1024)).toBe(true);
  });
});
