/** k-fold cross-validation of a task, folds by article, beside the majority baseline on the same folds. */
import { kFolds } from "../ml/linear.js";
import type { Scores } from "./score.js";
import { loadItems, taskDir, type AnyTask, type Item } from "./tasks.js";

export const CV_SEED = 2025;

export interface CVResult {
  readonly ours: Scores;
  readonly baseline: Scores;
  readonly articles: number;
}

export interface CVOptions {
  readonly folds?: number;
  readonly seed?: number;
}

export function crossValidate(task: AnyTask, dataDir: string, options: CVOptions = {}): CVResult {
  const dir = taskDir(dataDir, task.year);
  return crossValidateItems(task, dir, loadItems(dir, task.year), options);
}

/** CV over given items of the task folder `dir` (tests pass a few; eval passes all). */
export function crossValidateItems(task: AnyTask, dir: string, items: readonly Item[], { folds = 5, seed = CV_SEED }: CVOptions = {}): CVResult {
  const gold = task.gold(dir, items);
  const foldOf = kFolds(items.length, folds, seed);
  const ours: unknown[] = [];
  const baseline: unknown[] = [];
  for (let k = 0; k < folds; k++) {
    const train = items.filter((_, i) => foldOf[i] !== k);
    const trainGold = gold.filter((_, i) => foldOf[i] !== k);
    const test = items.filter((_, i) => foldOf[i] === k);
    const model = task.fit(dir, train, trainGold, seed);
    const given = task.inputOf && gold.filter((_, i) => foldOf[i] === k).map((rows) => task.inputOf!(rows));
    ours.push(...task.predict(model, test, given));
    baseline.push(...task.baseline(train, trainGold, test));
  }
  const goldRows = gold.flat();
  return { ours: task.score(goldRows, ours), baseline: task.score(goldRows, baseline), articles: items.length };
}
