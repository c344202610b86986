/**
 * One integer id per feature name over every classifier in the process. A bag that several
 * models read (the article's bag feeds narratives, genre and frames) has its names looked up
 * once, not once per model; each model then maps ids to its own weight rows through an array.
 * Features that are only ever scored (each sentence's, for the evidence of every label) skip
 * names altogether: their builder gives them as ids (a FeatureVector).
 */
import type { FeatureBag } from "./linear.js";
import { OwnedCache } from "../owned-cache.js";

/**
 * Known features as ids with their values, resolved when the space had `spaceSize` ids: what
 * scoring reads. Plain arrays: a bag is resolved once and read a few times, and typed arrays
 * cost more to make than they save.
 */
export interface ResolvedFeatures {
  readonly ids: readonly number[];
  readonly values: readonly number[];
  readonly spaceSize: number;
}

/** A bag's known features as ids, with the bag size it was resolved at. */
export interface ResolvedBag extends ResolvedFeatures {
  readonly bagSize: number;
}

/** Features only ever scored, given as ids by their builder (no named bag is built), for the space as it is when asked. */
export interface FeatureVector {
  resolve(): ResolvedFeatures;
}

/** What a classifier scores: a named bag, or a feature vector. */
export type Scorable = FeatureBag | FeatureVector;

/** The item's known features as ids, for the space as it is now. */
export function resolveFeatures(item: Scorable): ResolvedFeatures {
  return item instanceof Map ? resolveBag(item) : item.resolve();
}

const ids = new Map<string, number>();
const resolved = new OwnedCache<FeatureBag, ResolvedBag>();
const nameLists = new WeakMap<readonly string[], { ids: Int32Array; spaceSize: number }>();

/** Gives every feature an id (new names get the next ones); returns the id of each, in order. */
export function registerFeatures(features: readonly string[]): Int32Array {
  return Int32Array.from(features, (name) => {
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = ids.size));
    return id;
  });
}

/** Number of ids given so far. */
export function spaceSize(): number {
  return ids.size;
}

/** The id of a feature name, or -1 when no model knows it. */
export function featureId(name: string): number {
  return ids.get(name) ?? -1;
}

/**
 * The id of each name of a list (-1: no model knows it), memoized per list object: feature
 * names built once and read many times (an article's words, the style names) are looked up
 * once. A list may grow; it is looked up again when it did or when models registered more.
 */
export function spaceIdsOf(names: readonly string[]): Int32Array {
  const known = nameLists.get(names);
  if (known && known.spaceSize === ids.size && known.ids.length === names.length) return known.ids;
  const found = Int32Array.from(names, (name) => ids.get(name) ?? -1);
  nameLists.set(names, { ids: found, spaceSize: ids.size });
  return found;
}

/**
 * Records the ids of a bag's features as its builder already knows them (`ids[k]` holds
 * `values[k]`; features no model knows are left out), so scoring does not look names up. The
 * arrays are kept, not copied: the builder hands them over.
 */
export function primeResolved(bag: FeatureBag, found: readonly number[], values: readonly number[]): void {
  resolved.set(bag, { ids: found, values, bagSize: bag.size, spaceSize: ids.size });
}

/**
 * The bag's registered features as ids (unknown names left out). Cached per bag. Bags only
 * grow: features added after the bag was resolved are looked up and appended; everything is
 * looked up again when models registered new features since.
 */
export function resolveBag(bag: FeatureBag): ResolvedBag {
  const r = resolved.get(bag);
  if (r && r.spaceSize === ids.size && r.bagSize === bag.size) return r;
  // Bags only grow: while the space did not, the resolved part is kept and only the rest looked up.
  const known = r && r.spaceSize === ids.size ? r : undefined;
  const found = known ? known.ids.slice() : [];
  const values = known ? known.values.slice() : [];
  let k = 0;
  // Keys, not entries: walking past the resolved part allocates nothing.
  for (const name of bag.keys()) {
    if (k++ < (known?.bagSize ?? 0)) continue;
    const id = ids.get(name);
    if (id !== undefined) (found.push(id), values.push(bag.get(name)!));
  }
  const next = { ids: found, values, bagSize: bag.size, spaceSize: ids.size };
  resolved.set(bag, next);
  return next;
}
