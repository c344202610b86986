import type { Article, Span } from "../article/types.js";
import type { WordIds } from "./words.js";

/** Universal POS tags as wink-nlp emits them. */
export type Pos = string;

export interface Token extends Span {
  readonly text: string;
  readonly pos: Pos;
  /** Index of the sentence (in `Article.sentences`) the token belongs to. */
  readonly sentence: number;
}

export type EntityType = "PERSON" | "ORGANIZATION" | "LOCATION" | "MISC";

/** A named-entity mention as the tagger found it. */
export interface EntitySpan extends Span {
  readonly type: EntityType;
  readonly text: string;
  /** Token index range [tokenStart, tokenEnd). */
  readonly tokenStart: number;
  readonly tokenEnd: number;
}

/** Sentence → token index range, so stages can walk tokens sentence by sentence. */
export interface SentenceTokens {
  readonly tokenStart: number;
  readonly tokenEnd: number;
}

/** The article plus the linguistic layer every later stage reads (never re-parses). */
export interface Doc {
  readonly article: Article;
  readonly tokens: readonly Token[];
  /** Process-wide id of each token's text (words.ts): what later stages key per-word work by. */
  readonly words: WordIds;
  readonly sentenceTokens: readonly SentenceTokens[];
  readonly entities: readonly EntitySpan[];
}
