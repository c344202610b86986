import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** The package root, found from this module's location (works from src/ under vitest and from dist/). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Path of a shipped model artifact, e.g. modelPath("ner.json.gz"). */
export function modelPath(file: string): string {
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
