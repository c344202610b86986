/** Shipped models load lazily, once per process; a missing model file disables its analysis. */
import { existsSync } from "node:fs";
import { readModelFile } from "../ml/linear.js";
import { modelPath } from "../ml/paths.js";

const cache = new Map<string, unknown>();

/** Loads the model file (modelPath: the user's or the shipped one) through `revive` once, or returns null when there is none. */
export function loadShipped<T>(file: string, revive: (json: never) => T): T | null {
  if (!cache.has(file)) {
    const path = modelPath(file);
    cache.set(file, existsSync(path) ? readModelFile(path, revive) : null);
  }
  return cache.get(file) as T | null;
}

/** Forgets loaded models (after `newsprism train` rewrote them in this process). */
export function clearModelCache(): void {
  cache.clear();
}
