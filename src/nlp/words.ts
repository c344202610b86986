/**
 * Process-wide ids of token texts. The nlp stage gives every token the id of its exact text, so
 * later stages keep what they derive from a word (its normalized form, lexicon cues, feature
 * rows) in arrays indexed by id instead of hashing the token's text again, stage after stage.
 *
 * Bounded: past MAX_WORDS distinct texts (a long ingest meets ever new ones) the table starts
 * over under a new generation. Ids are only comparable within a generation: a Doc carries the
 * generation of its ids, and a per-word cache starts over when it meets another one.
 */
import type { Doc } from "./types.js";
import { holding } from "../holding.js";

/** What per-word caches read of a Doc. */
type DocWords = Pick<Doc, "tokens" | "words">;

/** Bounds every per-word cache as well: at about 100 bytes a word, some 20 MB each. */
export const MAX_WORDS = 200_000;

/** The ids of a Doc's tokens (by token index) and the generation they belong to. */
export interface WordIds {
  readonly generation: number;
  readonly ids: Int32Array;
}

let generation = 0;
let idOfText = new Map<string, number>();

/** The id of each text, in order (new texts get the next ids). */
export function wordIds(texts: readonly { readonly text: string }[]): WordIds {
  if (idOfText.size + texts.length > MAX_WORDS) {
    idOfText = new Map();
    generation++;
  }
  const ids = new Int32Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i].text;
    let id = idOfText.get(text);
    if (id === undefined) idOfText.set(text, (id = idOfText.size));
    ids[i] = id;
  }
  return { generation, ids };
}

/**
 * What a stage derives from a token's text alone, computed once per distinct text and read by
 * word id. Holds one generation's values at a time.
 */
export class PerWord<T> {
  private generation = -1;
  private values: (T | undefined)[] = [];

  constructor(private readonly derive: (text: string) => T) {}

  /** The value of every token of `doc`, by token index. */
  tokens(doc: DocWords): T[] {
    const byId = this.byId(doc);
    const { ids } = doc.words;
    const out = new Array<T>(ids.length);
    for (let i = 0; i < out.length; i++) out[i] = byId[ids[i]];
    return out;
  }

  /**
   * The values by word id, derived for every token of `doc` that lacked one: a stage that reads
   * every token reads them as byId[doc.words.ids[i]], with no check per token.
   */
  byId(doc: DocWords): readonly T[] {
    const { generation, ids } = doc.words;
    if (generation !== this.generation) {
      this.generation = generation;
      this.values = [];
    }
    const values = this.values;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id >= values.length) holding(values, id);
      if (values[id] === undefined) values[id] = this.derive(doc.tokens[i].text);
    }
    return values as readonly T[];
  }

  /** The value of one token of `doc`. */
  token(doc: DocWords, i: number): T {
    const { generation, ids } = doc.words;
    if (generation !== this.generation) {
      this.generation = generation;
      this.values = [];
    }
    return (holding(this.values, ids[i])[ids[i]] ??= this.derive(doc.tokens[i].text));
  }
}

/**
 * Small integers derived from a word, `width` per word id (UNSET until set), for the ids of one
 * generation: a flat table grown as ids come, where a cache kept on per-word objects costs a
 * cache miss or two per word read (the core stages run between articles and evict them).
 */
export class PerWordInts {
  static readonly UNSET = -2;
  private generation = -1;
  private values = new Int32Array(0);

  constructor(readonly width: number) {}

  /** The table, grown to hold word id `id` of the given ids' generation: its values at id * width. */
  holding(words: WordIds, id: number): Int32Array {
    if (words.generation !== this.generation) {
      this.generation = words.generation;
      this.values = new Int32Array(0);
    }
    const needed = (id + 1) * this.width;
    if (this.values.length < needed) {
      const grown = new Int32Array(Math.max(needed, 2 * this.values.length)).fill(PerWordInts.UNSET);
      grown.set(this.values);
      this.values = grown;
    }
    return this.values;
  }
}
