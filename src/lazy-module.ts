import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A dependency loaded on its first use instead of at import: the HTML stack (linkedom,
 * Readability, the feed parser: ~0.3 s) and wink-nlp with its model (~0.15 s) would otherwise
 * slow every command, `--version` and plain-text input included. For CommonJS packages (or
 * packages with a CommonJS build): `require` keeps the callers synchronous.
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
