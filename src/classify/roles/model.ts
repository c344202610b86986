import type { Span } from "../../article/types.js";
import type { Role } from "../../analysis/schema.js";
import { LinearModel, Vocabulary, trainLinear, type Example, type FeatureBag, type LinearModelJSON, type SparseVector, type VocabularyJSON } from "../../ml/linear.js";
import type { Doc } from "../../nlp/types.js";
import { mentionFeatures } from "./features.js";
import { MAIN_ROLES, type MainRole, type RoleLexicon } from "./lexicon.js";

/** One annotated mention: a half-open span of `doc` with its gold roles. */
export interface RoleExample {
  readonly doc: Doc;
  readonly span: Span;
  readonly main: MainRole;
  readonly fine: readonly string[];
}

export interface RoleTrainParams {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /** A feature must occur in this many training mentions to enter the vocabulary. */
  readonly minCount: number;
  readonly seed: number;
  /** A further fine role is added when its probability reaches this share of the best one's. */
  readonly extraRatio: number;
}

/**
 * Chosen on 5-fold CV averaged over three fold seeds. Scores are flat (±0.01) across l2 1e-3…3e-2,
 * 15…60 epochs and minCount 2…3; minCount 3 keeps the file small. Extra fine roles cost more
 * exact matches than they win (5% of gold mentions have two), so only a near-tie adds one.
 */
export const DEFAULT_PARAMS: RoleTrainParams = { epochs: 30, learningRate: 0.2, l2: 1e-2, minCount: 3, seed: 7, extraRatio: 0.95 };

export interface RolesModelJSON {
  readonly version: 1;
  readonly vocab: VocabularyJSON;
  readonly main: LinearModelJSON;
  readonly fine: LinearModelJSON;
  readonly extraRatio: number;
}

/**
 * Hierarchical role classifier: a softmax picks the main role, then a softmax over all fine
 * roles is read only over that main role's children, so the fine roles always fit the main one.
 */
export class RolesModel {
  constructor(
    readonly lexicon: RoleLexicon,
    readonly vocab: Vocabulary,
    readonly main: LinearModel,
    readonly fine: LinearModel,
    readonly extraRatio: number,
  ) {}

  predict(doc: Doc, span: Span): Role {
    const x = vectorize(this.vocab, mentionFeatures(doc, span, this.lexicon));
    const pMain = this.main.predict(x);
    let m = 0;
    for (let i = 1; i < pMain.length; i++) if (pMain[i] > pMain[m]) m = i;
    const main = this.main.labels[m] as MainRole;
    const pFine = this.fine.predict(x);
    // Renormalize over the children: the fine softmax also spreads mass over other main roles.
    const children = this.lexicon.fineRoles[main].map((label) => ({ label, p: pFine[this.fine.labels.indexOf(label)] ?? 0 }));
    const total = children.reduce((s, c) => s + c.p, 0) || 1;
    children.sort((a, b) => b.p - a.p || (a.label < b.label ? -1 : 1));
    const best = children[0];
    const fine = children.filter((c, i) => i === 0 || c.p >= this.extraRatio * best.p).map((c) => c.label);
    return { main, fine, confidence: round3(pMain[m] * (best.p / total)) };
  }

  toJSON(): RolesModelJSON {
    return { version: 1, vocab: this.vocab.toJSON(), main: this.main.toJSON(), fine: this.fine.toJSON(), extraRatio: this.extraRatio };
  }

  static fromJSON(json: RolesModelJSON, lexicon: RoleLexicon): RolesModel {
    if (json.version !== 1) throw new Error(`roles model version ${String(json.version)} is not supported`);
    return new RolesModel(lexicon, Vocabulary.fromJSON(json.vocab), LinearModel.fromJSON(json.main), LinearModel.fromJSON(json.fine), json.extraRatio);
  }
}

/**
 * Feature values are kept as extracted, not L2-normalized: a mention with a long sentence would
 * otherwise have its own name and predicate features shrunk by the sentence's bag of words.
 */
function vectorize(vocab: Vocabulary, bag: FeatureBag): SparseVector {
  return vocab.vectorize(bag, false);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function trainRoleModel(examples: readonly RoleExample[], lexicon: RoleLexicon, params: RoleTrainParams = DEFAULT_PARAMS): RolesModel {
  const bags = examples.map((e) => mentionFeatures(e.doc, e.span, lexicon));
  const vocab = Vocabulary.build(bags, { minCount: params.minCount });
  const xs = bags.map((b) => vectorize(vocab, b));
  const common = { dims: vocab.size, epochs: params.epochs, learningRate: params.learningRate, l2: params.l2, seed: params.seed };
  const main = trainLinear(
    examples.map((e, i) => ({ x: xs[i], labels: [MAIN_ROLES.indexOf(e.main)] })),
    { ...common, kind: "softmax", labels: [...MAIN_ROLES] },
  );
  const fineLabels = MAIN_ROLES.flatMap((m) => lexicon.fineRoles[m]);
  // A mention with several fine roles counts once in total, split over its roles.
  const fineExamples: Example[] = examples.flatMap((e, i) =>
    e.fine.map((f) => ({ x: xs[i], labels: [fineLabels.indexOf(f)], weight: 1 / e.fine.length })),
  );
  const fine = trainLinear(fineExamples, { ...common, kind: "softmax", labels: fineLabels });
  return new RolesModel(lexicon, vocab, main, fine, params.extraRatio);
}
