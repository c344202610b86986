import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** The package root, found from this module's location (works from src/ under vitest and from dist/). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where a user keeps models retrained on their own data: each one there replaces the shipped one. */
const OWN_MODELS = "NEWSPRISM_MODELS";

/** Path of the model artifact to load, e.g. modelPath("ner.json.gz"): the user's (NEWSPRISM_MODELS) when there, else the shipped one. */
export function modelPath(file: string): string {
  const own = process.env[OWN_MODELS];
  return own && existsSync(join(own, file)) ? join(own, file) : shippedModelPath(file);
}

/** Where `newsprism train` writes a model by default: NEWSPRISM_MODELS when set, else over the shipped one. */
export function trainedModelPath(file: string): string {
  const own = process.env[OWN_MODELS];
  return own ? join(own, file) : shippedModelPath(file);
}

function shippedModelPath(file: string): string {
  return join(PACKAGE_ROOT, "models", file);
}

/** Path of a shipped taxonomy or lexicon data file. */
export function taxonomyPath(file: string): string {
  return join(PACKAGE_ROOT, "taxonomies", file);
}

/** Where the training data sits relative to the repo (../shared/data), overridable for users. */
export function defaultDataDir(): string {
  return process.env.NEWSPRISM_DATA ?? join(PACKAGE_ROOT, "..", "shared", "data");
}
