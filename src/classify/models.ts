/** Shipped models load lazily, once per process; a missing model file disables its analysis. */
import { existsSync } from "node:fs";
import { readGzJson } from "../ml/linear.js";
import { modelPath } from "../ml/paths.js";

const cache = new Map<string, unknown>();

/** Loads models/<file> through `revive`, or returns null when the file is not there. */
export function loadShipped<T>(file: string, revive: (json: never) => T): T | null {
  const path = modelPath(file);
  if (!cache.has(path)) cache.set(path, existsSync(path) ? revive(readGzJson<never>(path)) : null);
  return cache.get(path) as T | null;
}

/** Forgets loaded models (after `newsprism train` rewrote them in this process). */
export function clearModelCache(): void {
  cache.clear();
}
