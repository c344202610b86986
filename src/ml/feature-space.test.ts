import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Classifier, fitClassifier } from "./classifier.js";
import { resolveBag, type Scorable } from "./feature-space.js";
import { addFeature, type FeatureBag } from "./linear.js";
import { defaultDataDir } from "./paths.js";
import { articleBag, unitFeatures, unitVector } from "../classify/features.js";
import { pipelineDoc } from "../classify/roles/data.js";

const SEED = join(defaultDataDir(), "..", "seeds", "003_d963496e65695f6c.txt");

/** Scores by looking every name up in the model's own vocabulary: the reference the id path must match. */
function byName(model: Classifier, bag: FeatureBag): number[] {
  const L = model.labels.length;
  const z = new Array<number>(L).fill(0);
  for (const [name, value] of bag) {
    const row = model.vocab.lookup(name);
    if (row !== undefined) for (let l = 0; l < L; l++) z[l] += model.model.weights[row * L + l] * value;
  }
  return z;
}

/** A model whose vocabulary is exactly `names`, each with a weight. */
function modelOf(names: readonly string[], seed: number): Classifier {
  return fitClassifier(
    names.map((n) => new Map([[n, 1]]) as FeatureBag),
    names.map((_, i) => [i % 2]),
    ["a", "b"],
    { kind: "multilabel", minCount: 1, epochs: 2, seed },
  );
}

const fixed = (scores: ArrayLike<number>) => Array.from(scores, (x) => x.toFixed(12));

function toyModel(words: readonly string[], seed: number): Classifier {
  const bags = words.map((w, i) => new Map([[w, 1], [`x:${i % 3}`, 1]]) as FeatureBag);
  const gold = words.map((_, i) => [i % 2]);
  return fitClassifier(bags, gold, ["a", "b"], { kind: "multilabel", minCount: 1, epochs: 3, seed });
}

describe("feature space: ids shared by all classifiers", () => {
  it("scores a bag that grew after it was first scored, as by names", () => {
    const model = toyModel(["alpha", "beta", "gamma", "delta"], 1);
    const bag: FeatureBag = new Map([["alpha", 1]]);
    model.rawScoresOf(bag);
    addFeature(bag, "gamma", 2);
    const fresh = new Map(bag);
    expect([...model.predict(fresh)]).toEqual([...model.predict(new Map(bag))]);
    expect([...model.rawScoresOf(fresh)].map((x) => x.toFixed(12))).toEqual(byName(model, bag).map((x) => x.toFixed(12)));
  });

  it("sees features a model registered after the bag was resolved", () => {
    const first = toyModel(["alpha", "beta"], 1);
    const bag: FeatureBag = new Map([["alpha", 1], ["omega-feature", 1]]);
    first.rawScoresOf(bag);
    const later = toyModel(["omega-feature", "beta", "omega-feature", "beta"], 2);
    const scores = later.rawScoresOf(bag);
    expect(scores.some((z) => z !== 0)).toBe(true);
    expect([...scores].map((x) => x.toFixed(12))).toEqual(byName(later, bag).map((x) => x.toFixed(12)));
  });

  it("unit features of a real article score the same through ids as through names", () => {
    const doc = pipelineDoc("seed", readFileSync(SEED, "utf8"));
    const sentence = doc.sentenceTokens[3];
    const bags = [articleBag(doc), unitFeatures(doc, sentence.tokenStart, sentence.tokenEnd)];
    // A model whose vocabulary holds part of the sentence's features.
    const names = [...bags[1].keys()].filter((_, i) => i % 2 === 0);
    const model = fitClassifier(
      names.map((n) => new Map([[n, 1]]) as FeatureBag),
      names.map((_, i) => [i % 2]),
      ["a", "b"],
      { kind: "multilabel", minCount: 1, epochs: 2, seed: 3 },
    );
    for (const bag of bags) {
      expect([...model.rawScoresOf(bag)].map((x) => x.toFixed(9))).toEqual(byName(model, bag).map((x) => x.toFixed(9)));
    }
    expect(model.rawScoresOf(bags[1]).some((z) => z !== 0)).toBe(true);
  });
});

describe("feature vectors: sentences scored without a named bag", () => {
  const doc = pipelineDoc("seed", readFileSync(SEED, "utf8"));

  it("resolve to the ids and values of the named bag, in its order", () => {
    for (const { tokenStart, tokenEnd } of doc.sentenceTokens) {
      const { ids, values } = resolveBag(unitFeatures(doc, tokenStart, tokenEnd));
      expect(unitVector(doc, tokenStart, tokenEnd).resolve()).toMatchObject({ ids, values });
    }
  });

  it("are looked up again when a model registered features after they were resolved", () => {
    const { tokenStart, tokenEnd } = doc.sentenceTokens[2];
    const vector = unitVector(doc, tokenStart, tokenEnd);
    const before = vector.resolve();
    const bag = unitFeatures(doc, tokenStart, tokenEnd);
    const model = modelOf([...bag.keys(), "a-feature-no-bag-has"], 7);
    // A classifier registers its features when first scored: the vector is looked up again then.
    expect(model.rawScoresOf(vector).some((z) => z !== 0)).toBe(true);
    expect(vector.resolve()).not.toBe(before);
    expect(fixed(model.rawScoresOf(vector))).toEqual(fixed(byName(model, bag)));
  });

  it("score a few labels exactly as the scores of all labels do", () => {
    const model = modelOf([...unitFeatures(doc, 0, doc.tokens.length).keys()], 9);
    const items: Scorable[] = [articleBag(doc), ...doc.sentenceTokens.map(({ tokenStart, tokenEnd }) => unitVector(doc, tokenStart, tokenEnd))];
    for (const scored of items) {
      const all = model.rawScoresOf(scored);
      model.labels.forEach((_, l) => expect(model.rawScoresOf(scored, [l])[0]).toBe(all[l]));
      expect(model.rawScoresOf(scored, [1, 0])).toEqual([all[1], all[0]]);
    }
  });
});
