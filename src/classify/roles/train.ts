import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { kFolds, writeGzJson } from "../../ml/linear.js";
import { defaultDataDir, trainedModelPath } from "../../ml/paths.js";
import { roleLexicon } from "./lexicon.js";
import { readRoleAnnotations, roleExamples, type AnnotatedArticle } from "./data.js";
import { crossValidateGate, gateData, trainRoleGate, type GateCVResult } from "./gate.js";
import { GATE_FILE } from "./salience.js";
import { DEFAULT_PARAMS, trainRoleModel, type RoleExample, type RoleTrainParams } from "./model.js";

/** Exact-match target of the project on k-fold CV (SemEval-2025 T10 ST1 official metric). */
export const EXACT_MATCH_TARGET = 0.35;
export const DEFAULT_FOLDS = 5;
const FOLD_SEED = 2025;

export interface RoleCVResult {
  readonly folds: number;
  readonly articles: number;
  readonly mentions: number;
  /** Share of mentions whose predicted fine-role set equals the gold set. */
  readonly exactMatch: number;
  readonly mainAccuracy: number;
  /** Majority baselines on the same folds: the training folds' most frequent fine-role set, and main role. */
  readonly baselineExactMatch: number;
  readonly baselineMainAccuracy: number;
  readonly target: number;
}

const setKey = (fine: readonly string[]) => [...fine].sort().join("+");

/** Most frequent value (ties broken by name, for determinism). */
function majority(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

/** k-fold cross-validation with folds by article, so no article feeds both sides. */
export function crossValidateRoles(
  articles: readonly (readonly RoleExample[])[],
  { folds = DEFAULT_FOLDS, seed = FOLD_SEED, params = DEFAULT_PARAMS }: { folds?: number; seed?: number; params?: RoleTrainParams } = {},
): RoleCVResult {
  const lexicon = roleLexicon();
  const foldOf = kFolds(articles.length, folds, seed);
  let exact = 0;
  let main = 0;
  let baseExact = 0;
  let baseMain = 0;
  let mentions = 0;
  for (let k = 0; k < folds; k++) {
    const train = articles.filter((_, i) => foldOf[i] !== k).flat();
    const test = articles.filter((_, i) => foldOf[i] === k).flat();
    if (!test.length) continue;
    const model = trainRoleModel(train, lexicon, params);
    const baselineSet = majority(train.map((e) => setKey(e.fine)));
    const baselineMain = majority(train.map((e) => e.main));
    for (const e of test) {
      const predicted = model.predict(e.doc, e.span);
      const gold = setKey(e.fine);
      if (setKey(predicted.fine) === gold) exact++;
      if (predicted.main === e.main) main++;
      if (baselineSet === gold) baseExact++;
      if (baselineMain === e.main) baseMain++;
    }
    mentions += test.length;
  }
  const ratio = (n: number) => (mentions ? n / mentions : 0);
  return {
    folds,
    articles: articles.length,
    mentions,
    exactMatch: ratio(exact),
    mainAccuracy: ratio(main),
    baselineExactMatch: ratio(baseExact),
    baselineMainAccuracy: ratio(baseMain),
    target: EXACT_MATCH_TARGET,
  };
}

export interface RolesEvalOptions {
  dataDir?: string;
  folds?: number;
  /** Use only the first n annotated articles (tests). */
  limit?: number;
  /** Fold seed of the role CV (default: the roles' own, FOLD_SEED). */
  seed?: number;
  log?: (s: string) => void;
}

function loadAnnotated({ dataDir = defaultDataDir(), limit }: RolesEvalOptions): { annotated: AnnotatedArticle[]; examples: RoleExample[][] } {
  const annotated = readRoleAnnotations(dataDir, roleLexicon()).slice(0, limit);
  return { annotated, examples: roleExamples(annotated) };
}

function loadArticles(options: RolesEvalOptions): RoleExample[][] {
  return loadAnnotated(options).examples;
}

/**
 * k-fold CV (folds by article, the roles' fold seed) of the framed-actor gate that `analyze`
 * puts before roles, beside baselines: every actor, actors named at least twice or three times,
 * an article's top k actors by mentions.
 */
export function evaluateGateCV(options: RolesEvalOptions = {}): GateCVResult {
  const { annotated, examples } = loadAnnotated(options);
  const folds = options.folds ?? DEFAULT_FOLDS;
  options.log?.(`role gate: ${folds}-fold CV over ${annotated.length} articles`);
  // What the gate reads of tokens depends on the lexicon alone: any roles model gives it.
  const model = trainRoleModel(examples.flat(), roleLexicon());
  return crossValidateGate(gateData(annotated, examples, (doc) => model.tokenView(doc), { folds, seed: FOLD_SEED }));
}

/** k-fold CV of the role classifier on the SemEval-2025 T10 ST1 training data. */
export function evaluateRolesCV(options: RolesEvalOptions = {}): RoleCVResult {
  const articles = loadArticles(options);
  options.log?.(`roles: ${options.folds ?? DEFAULT_FOLDS}-fold CV over ${articles.length} articles`);
  return crossValidateRoles(articles, { folds: options.folds, seed: options.seed });
}

export interface TrainRolesOptions extends RolesEvalOptions {
  /** Where the model goes (default models/roles.json.gz); the framed-actor gate goes beside it (role-gate.json.gz). */
  outPath?: string;
}

export interface TrainRolesResult {
  readonly outPath: string;
  readonly bytes: number;
  readonly articles: number;
  readonly mentions: number;
  /** Present when `folds` was given: the model's CV scores before the final fit on all data. */
  readonly cv?: RoleCVResult;
  /** Where the framed-actor gate was written, and its CV scores (its threshold is chosen on them). */
  readonly gatePath: string;
  readonly gateCV: GateCVResult;
}

/** Trains on every annotated mention and writes the model (gzip'd JSON, byte-stable). */
export async function trainRoles(options: TrainRolesOptions = {}): Promise<TrainRolesResult> {
  const { outPath = trainedModelPath("roles.json.gz"), log, folds } = options;
  const { annotated, examples: articles } = loadAnnotated(options);
  const cv = folds ? crossValidateRoles(articles, { folds }) : undefined;
  if (cv) log?.(`roles: CV exact match ${cv.exactMatch.toFixed(3)} (baseline ${cv.baselineExactMatch.toFixed(3)}), main accuracy ${cv.mainAccuracy.toFixed(3)}`);
  const examples = articles.flat();
  const model = trainRoleModel(examples, roleLexicon());
  writeGzJson(outPath, model.toJSON());
  const bytes = statSync(outPath).size;
  log?.(`roles: ${examples.length} mentions from ${articles.length} articles → ${outPath} (${(bytes / 1024).toFixed(0)} KB)`);
  const gatePath = join(dirname(outPath), GATE_FILE);
  const { cv: gateCV } = trainRoleGate(gateData(annotated, articles, (doc) => model.tokenView(doc), { folds: folds ?? DEFAULT_FOLDS, seed: FOLD_SEED }), gatePath);
  const [gate] = gateCV.rows;
  log?.(`roles: framed-actor gate (P ≥ ${gateCV.threshold}) on ${gateCV.actors} actors: CV precision ${gate.scores.precision.toFixed(3)}, recall ${gate.scores.recall.toFixed(3)} → ${gatePath}`);
  return { outPath, bytes, articles: articles.length, mentions: examples.length, ...(cv ? { cv } : {}), gatePath, gateCV };
}
