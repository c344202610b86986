/**
 * Narratives and subnarratives (SemEval-2025 Task 10 ST2). Two one-vs-rest models — over the
 * narratives (coarse) and the subnarratives (fine) — decided together so the output respects
 * the taxonomy: each narrative carries its most probable subnarratives ("…: Other" included),
 * every subnarrative comes under its narrative, and "Other" stands only alone.
 */
import type { Doc } from "../nlp/types.js";
import type { Narrative } from "../analysis/schema.js";
import type { Scorable } from "../ml/feature-space.js";
import { Classifier, fitClassifier, type ClassifierJSON, type FitOptions } from "../ml/classifier.js";
import { OTHER } from "../semeval/data.js";
import { articleBag, articleVector } from "./features.js";
import { EVIDENCE_SENTENCES, sentenceBags, topSentencesOf } from "./evidence.js";

export const NARRATIVES_MODEL = "narratives.json.gz";

export interface NarrativeExample {
  readonly doc: Doc;
  readonly narratives: readonly string[];
  readonly subnarratives: readonly string[];
}

export interface NarrativeModelJSON {
  version: 1;
  coarse: ClassifierJSON;
  fine: ClassifierJSON;
}

export class NarrativeModel {
  constructor(
    readonly coarse: Classifier,
    readonly fine: Classifier,
  ) {}

  static fromJSON(json: NarrativeModelJSON): NarrativeModel {
    return new NarrativeModel(Classifier.fromJSON(json.coarse), Classifier.fromJSON(json.fine));
  }

  toJSON(): NarrativeModelJSON {
    return { version: 1, coarse: this.coarse.toJSON(), fine: this.fine.toJSON() };
  }
}

/** Thresholds are not tuned per label here: the joint rule of decideNarratives replaces them. */
const FIT: FitOptions = { kind: "multilabel", minCount: 3, epochs: 20, learningRate: 0.3, l2: 1e-4, balance: 0.5 };

/**
 * Decision rule, chosen by 5-fold CV for the samples-averaged F1 (rare labels make per-label
 * thresholds overfit on 200 articles): "Other" when its probability reaches OTHER_AT;
 * otherwise every narrative within RELATIVE of the best one (the best always), each with its
 * most probable subnarratives (SUB_RELATIVE). OTHER_AT over four fold seeds (coarse / fine): 0.1 0.528 / 0.487,
 * 0.15 0.537 / 0.485, 0.2 0.540 / 0.479, 0.3 0.534 / 0.459. 0.15 and 0.2 tie on the mean;
 * 0.2 keeps the best coarse score and names a narrative more often (chosen with one
 * subnarrative per narrative).
 */
const OTHER_AT = 0.2;
const RELATIVE = 0.5;
/**
 * A narrative carries its most probable subnarrative and every other within SUB_RELATIVE of it
 * (never its "Other" beside a named one): 30% of the narratives annotated have two or more.
 * Over the four fold seeds, fine samples-F1 0.479 (best only) → 0.488 at 0.35, better on each
 * seed; 0.25–0.5 all within 0.002 of it; coarse unchanged.
 */
const SUB_RELATIVE = 0.35;
/**
 * Bounds for text unlike the training articles (a few words, one sentence repeated), whose flat
 * probabilities would pass the relative rules above by the dozen. Annotated articles have at most
 * 6 narratives, most 1–3, and 1–2 subnarratives per narrative. With the one-taxonomy rule, CV
 * (four fold seeds) moves by −0.0015 coarse and −0.0005 fine: it is for the reader, not the score.
 */
const MAX_NARRATIVES = 5;
const MAX_SUBNARRATIVES = 3;

export function fitNarratives(examples: readonly NarrativeExample[], narratives: readonly string[], subnarratives: readonly string[], seed = 1): NarrativeModel {
  const bags = examples.map((e) => articleBag(e.doc));
  const indexOf = (labels: readonly string[], names: readonly string[]) => names.map((n) => labels.indexOf(n)).filter((i) => i >= 0);
  const coarse = fitClassifier(bags, examples.map((e) => indexOf(narratives, e.narratives)), narratives, { ...FIT, seed });
  // Subnarratives never seen in training could never win: leaving them out keeps the model small.
  const seen = subnarratives.filter((s) => examples.some((e) => e.subnarratives.includes(s)));
  const fine = fitClassifier(bags, examples.map((e) => indexOf(seen, e.subnarratives)), seen, { ...FIT, seed: seed + 1 });
  return new NarrativeModel(coarse, fine);
}

export interface NarrativeDecision {
  readonly narratives: { label: string; confidence: number }[];
  readonly subnarratives: { label: string; narrative: string; confidence: number }[];
}

/** A decision fixed from outside (the shared task's given dominant narrative), e.g. to explain it. */
export function givenDecision(narrative: string, subnarrative: string): NarrativeDecision {
  return { narratives: [{ label: narrative, confidence: 1 }], subnarratives: [{ label: subnarrative, narrative, confidence: 1 }] };
}

export function decideNarratives(model: NarrativeModel, bag: Scorable): NarrativeDecision {
  const pc = model.coarse.predict(bag);
  const other = model.coarse.labels.indexOf(OTHER);
  const ranked = model.coarse.labels.map((label, i) => ({ label, confidence: pc[i] })).filter((n) => n.label !== OTHER).sort((a, b) => b.confidence - a.confidence);
  // The fine model scores only the subnarratives the decision reads (of 71, those of the narratives chosen).
  if (ranked.length === 0 || (other >= 0 && pc[other] >= OTHER_AT)) {
    const otherFine = model.fine.labels.indexOf(OTHER);
    const confidence = otherFine >= 0 ? model.fine.predictLabels(bag, [otherFine])[otherFine] : 1;
    return { narratives: [{ label: OTHER, confidence: other >= 0 ? pc[other] : 1 }], subnarratives: [{ label: OTHER, narrative: OTHER, confidence }] };
  }
  // An article argues in one taxonomy (one of the 200 annotated mixes them): the best narrative's.
  const domain = domainOf(ranked[0].label);
  const inDomain = ranked.filter((n) => domainOf(n.label) === domain);
  const narratives = inDomain.filter((n, k) => k === 0 || n.confidence >= RELATIVE * inDomain[0].confidence).slice(0, MAX_NARRATIVES);
  const childrenOf = narratives.map(({ label: narrative }) => model.fine.labels.flatMap((label, i) => (label.startsWith(`${narrative}: `) ? [i] : [])));
  const pf = model.fine.predictLabels(bag, childrenOf.flat());
  const subnarratives = narratives.map(({ label: narrative, confidence }, n) => {
    const children = childrenOf[n].map((i) => ({ label: model.fine.labels[i], narrative, confidence: pf[i] }));
    // A narrative none of whose subnarratives was seen in training falls back to its "Other".
    if (!children.length) return [{ label: `${narrative}: ${OTHER}`, narrative, confidence }];
    const best = children.reduce((a, b) => (b.confidence > a.confidence ? b : a));
    return [best, ...children.filter((c) => c !== best && c.confidence >= SUB_RELATIVE * best.confidence && !c.label.endsWith(`: ${OTHER}`)).sort((a, b) => b.confidence - a.confidence).slice(0, MAX_SUBNARRATIVES - 1)];
  }).flat();
  return { narratives, subnarratives };
}

/** The taxonomy a narrative belongs to: "URW" or "CC" (the prefix of its label). */
function domainOf(label: string): string {
  return label.slice(0, label.indexOf(":"));
}

/** The Analysis form: every narrative followed by its subnarratives, each with its best sentences. */
export function narrativesOf(
  model: NarrativeModel,
  doc: Doc,
  decision: NarrativeDecision = decideNarratives(model, articleVector(doc)),
): Narrative[] {
  // Each model's evidence for all the labels shown, in one pass over the sentences.
  const shown = (classifier: Classifier, labels: readonly string[]) => {
    const indices = labels.map((label) => (label === OTHER ? -1 : classifier.labels.indexOf(label)));
    const known = indices.filter((l) => l >= 0);
    const tops = topSentencesOf(classifier, sentenceBags(doc), known, EVIDENCE_SENTENCES);
    return new Map(labels.map((label, j) => [label, indices[j] < 0 ? [] : tops[known.indexOf(indices[j])]]));
  };
  const subnarratives = decision.subnarratives.filter((s) => s.label !== OTHER);
  const coarse = shown(model.coarse, decision.narratives.map((n) => n.label));
  const fine = shown(model.fine, subnarratives.map((s) => s.label));
  return decision.narratives.flatMap((n) => [
    { label: n.label, narrative: n.label, level: "narrative" as const, confidence: round(n.confidence), evidence: coarse.get(n.label)! },
    ...subnarratives
      .filter((s) => s.narrative === n.label)
      .map((s) => ({ label: s.label, narrative: n.label, level: "subnarrative" as const, confidence: round(s.confidence), evidence: fine.get(s.label)! })),
  ]);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
