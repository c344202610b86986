/** Trains one shared-task model from a task folder (or the data root) and writes it. */
import { statSync } from "node:fs";
import { trainRoles } from "../classify/roles/index.js";
import { trainedModelPath } from "../ml/paths.js";
import { loadItems, TASK_SPECS, taskDir, type TaskName } from "../semeval/tasks.js";

/** Fixed so `npm run train` rebuilds byte-identical models. */
export const TRAIN_SEED = 1;

export interface TrainTaskOptions {
  readonly outPath?: string;
  readonly log?: (line: string) => void;
}

/** Returns the path written. 2025-st2 and 2025-st3 share the narrative model. */
export async function trainTask(name: TaskName, dataDir: string, { outPath, log = () => {} }: TrainTaskOptions = {}): Promise<string> {
  const started = performance.now();
  if (name === "2025-st1") {
    return (await trainRoles({ dataDir, outPath, log })).outPath;
  }
  const task = TASK_SPECS[name]!;
  const dir = taskDir(dataDir, task.year);
  const items = loadItems(dir, task.year);
  if (!items.length) throw new Error(`no articles in ${dir}`);
  const model = task.fit(dir, items, task.gold(dir, items), TRAIN_SEED);
  const path = outPath ?? trainedModelPath(task.modelFile);
  task.save(model, path);
  log(`${name}: ${items.length} articles → ${path} (${(statSync(path).size / 1024).toFixed(0)} KB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const caveat of task.caveats?.(model) ?? []) log(`${name}: ${caveat}`);
  return path;
}
