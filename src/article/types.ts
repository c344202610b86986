/** A half-open character range [start, end) into `Article.text`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** What a paragraph is: analyzed body text, the headline, or page furniture kept only for display. */
export type ParagraphKind = "title" | "body" | "boilerplate";

export interface Paragraph extends Span {
  readonly index: number;
  readonly kind: ParagraphKind;
  /** Label of an editorial block ("TREND FORECAST") when the paragraph opens with one. */
  readonly label?: string;
  /** Where the body after the label starts (equals `start` when unlabelled). */
  readonly bodyStart: number;
}

export interface Sentence extends Span {
  readonly index: number;
  readonly paragraph: number;
}

/** A cross-reference to an earlier piece: “HEADLINE” (27 Sep 2022). */
export interface Reference extends Span {
  readonly headline: string;
  readonly date?: string;
}

export interface ArticleMeta {
  readonly url?: string;
  readonly source?: string;
  readonly published?: string;
  readonly byline?: string;
  readonly siteName?: string;
}

/** Input before segmentation: what a loader (txt, html, jsonl, stdin) produces. */
export interface RawDocument {
  readonly id: string;
  /** Full text; offsets of every finding point into it. */
  readonly text: string;
  /** Title span when the loader knows it is part of `text`; undefined means "detect". */
  readonly titleSpan?: Span | null;
  readonly meta: ArticleMeta;
}

/** The immutable article that flows through every stage. */
export interface Article {
  readonly id: string;
  readonly text: string;
  readonly title: Span | null;
  readonly paragraphs: readonly Paragraph[];
  readonly sentences: readonly Sentence[];
  readonly references: readonly Reference[];
  readonly meta: ArticleMeta;
}
