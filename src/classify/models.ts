/** Models load lazily, once per process and path; a missing model file disables its analysis. */
import { existsSync } from "node:fs";
import { readModelFile } from "../ml/linear.js";
import { modelPath } from "../ml/paths.js";

const cache = new Map<string, unknown>();
/** Shipped models by file name: `analyze` asks for them article after article, without resolving paths again. */
const byFile = new Map<string, unknown>();

/** The model file at `path` through `revive`, loaded once; null when there is none. */
export function loadModel<J, T>(path: string, revive: (json: J) => T): T | null {
  if (!cache.has(path)) cache.set(path, existsSync(path) ? readModelFile(path, revive) : null);
  return cache.get(path) as T | null;
}

/** A model by file name (modelPath: the user's or the shipped one). */
export function loadShipped<J, T>(file: string, revive: (json: J) => T): T | null {
  if (!byFile.has(file)) byFile.set(file, loadModel(modelPath(file), revive));
  return byFile.get(file) as T | null;
}

/** Forgets loaded models (after `newsprism train` rewrote them in this process). */
export function clearModelCache(): void {
  cache.clear();
  byFile.clear();
}
