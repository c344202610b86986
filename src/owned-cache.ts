/**
 * A cache of what is derived from an object (a Doc, a feature bag), held by the object itself
 * rather than by a WeakMap, so it dies with the object. V8's young-generation collector keeps a
 * WeakMap's values alive while their key is young: every article's derived data outlived the
 * article, was copied by each scavenge, promoted, and left to full collections.
 *
 * Made once per module, not per object of a class: each cache takes a slot in every key it is set on.
 */
import { holding } from "./holding.js";

const OWNED = Symbol("owned caches");

interface Holder {
  [OWNED]?: unknown[];
}

let cachesMade = 0;

export class OwnedCache<K extends object, V> {
  /** This cache's slot in each key's array of cached values. */
  private readonly slot = cachesMade++;

  get(key: K): V | undefined {
    return (key as Holder)[OWNED]?.[this.slot] as V | undefined;
  }

  set(key: K, value: V): this {
    let slots = (key as Holder)[OWNED];
    // Not enumerable: a spread or a deep equality check of the key must not see (or share) its cache.
    if (!slots) Object.defineProperty(key, OWNED, { value: (slots = []) });
    holding(slots, this.slot)[this.slot] = value;
    return this;
  }
}
