/** Frames (SemEval-2023 Task 3 ST2): the 14 framing dimensions, multi-label per article, per-frame thresholds. */
import type { Doc } from "../nlp/types.js";
import { Classifier, fitClassifier, type FitOptions } from "../ml/classifier.js";
import { articleBag, articleVector } from "./features.js";

export const FRAMES_MODEL = "frames.json.gz";

const FIT: FitOptions = { kind: "multilabel", minCount: 3, epochs: 15, learningRate: 0.2, l2: 1e-4, balance: 0.5, tuneFolds: 4, thresholds: { minPositives: 3, fallback: 0.5 } };

export function fitFrames(docs: readonly Doc[], frames: readonly (readonly string[])[], labels: readonly string[], seed = 1): Classifier {
  return fitClassifier(docs.map(articleBag), frames.map((fs) => fs.map((f) => labels.indexOf(f)).filter((i) => i >= 0)), labels, { ...FIT, seed });
}

/**
 * At most this many frames, the most confident: thresholds tuned label by label pass too many
 * together (annotated articles have 3–4, at most 8). Micro-F1 over four fold seeds: no cap 0.637,
 * 6 0.645, 5 0.653, 4 0.659 (better on each seed), 3 0.642. It also keeps a few words from
 * passing a dozen near-threshold frames.
 */
const MAX_FRAMES = 4;

/** Frames above their thresholds, most confident first (at most MAX_FRAMES). */
export function framesOf(model: Classifier, doc: Doc): { label: string; confidence: number }[] {
  const probs = model.predict(articleVector(doc));
  return model
    .decide(probs)
    .map((i) => ({ label: model.labels[i], confidence: Math.round(probs[i] * 1000) / 1000 }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, MAX_FRAMES);
}
