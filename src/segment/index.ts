import type { Article, Paragraph, RawDocument, Reference, Sentence, Span } from "../article/types.js";
import { tokenizeRange, type TokenizedBlock } from "../nlp/tokenize.js";
import { wordCount } from "../nlp/tokens.js";

/** The article plus the tokens its sentences were cut from, handed to the nlp stage as is. */
export interface Segmented {
  readonly article: Article;
  /** One block per paragraph (boilerplate paragraphs get empty blocks: they are not analyzed). */
  readonly blocks: readonly TokenizedBlock[];
}

const TERMINAL = /[.!?…]["”’')\]]*$/;
const MAX_TITLE_WORDS = 30;

/** Page furniture that ends or interrupts articles; marked, never analyzed. */
const BOILERPLATE = [
  /^(read|see) (more|also|the full story)\b/i,
  /^(related|recommended|more from|most read)\b[:\s]?/i,
  /^(share|share this|tweet|email|print)( this)?( article| story)?[.!]?$/i,
  /^(subscribe|sign up|follow us|join us|click here|advertisement|sponsored)\b/i,
  /^(copyright|©|\(c\))/i,
  /^(tags?|filed under|topics?):/i,
];

/** An editorial block label opening a paragraph: "TREND FORECAST: …", "UPDATE: …". */
const LABEL = /^([A-Z][A-Z0-9&' -]{1,38}[A-Z0-9]):[ \t]+(?=\S)/;

/** “HEADLINE IN CAPS” (27 Sep 2022) — a cross-reference to an earlier piece. */
const REFERENCE = /[“"]([^“”"\n]{8,240}?)[”"]\s*\((\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})\)/g;

/** Splits a text into title, paragraphs and sentences, all as offsets into `raw.text`. */
export function segment(raw: RawDocument): Segmented {
  const text = raw.text;
  const lines = paragraphSpans(text);
  const title = raw.titleSpan === undefined ? detectTitle(text, lines) : raw.titleSpan;
  const paragraphs: Paragraph[] = lines.map((span, index) => describeParagraph(text, span, index, title));
  // One wink-nlp pass over the whole text (per-paragraph calls cost more than the tagging itself).
  const whole = tokenizeRange(text, 0, text.length);
  const blocks = splitIntoParagraphs(whole, paragraphs);
  const sentences: Sentence[] = [];
  blocks.forEach((block, index) => {
    for (const s of block.sentences) {
      sentences.push({ index: sentences.length, paragraph: index, start: block.tokens[s.from].start, end: block.tokens[s.to - 1].end });
    }
  });
  const article: Article = {
    id: raw.id,
    text,
    title,
    paragraphs,
    sentences,
    references: findReferences(text),
    meta: raw.meta,
  };
  return { article, blocks };
}

function describeParagraph(text: string, span: Span, index: number, title: Span | null): Paragraph {
  const body = text.slice(span.start, span.end);
  const isTitle = title !== null && span.start === title.start;
  const kind = isTitle ? "title" : BOILERPLATE.some((re) => re.test(body)) && wordCount(body) <= 12 ? "boilerplate" : "body";
  const label = kind === "body" ? LABEL.exec(body) : null;
  return {
    index,
    kind,
    start: span.start,
    end: span.end,
    bodyStart: label ? span.start + label[0].length : span.start,
    ...(label ? { label: label[1] } : {}),
  };
}

/**
 * Deals the tokens of the whole text out to paragraphs, cutting any sentence that crosses a
 * paragraph break; boilerplate paragraphs keep no tokens, as they are not analyzed.
 */
function splitIntoParagraphs(whole: TokenizedBlock, paragraphs: readonly Paragraph[]): TokenizedBlock[] {
  const blocks: TokenizedBlock[] = paragraphs.map(() => ({ tokens: [], sentences: [] }));
  const paragraphOf = new Int32Array(whole.tokens.length);
  let p = 0;
  whole.tokens.forEach((token, i) => {
    while (p < paragraphs.length - 1 && token.start >= paragraphs[p].end) p++;
    paragraphOf[i] = p;
  });
  for (const s of whole.sentences) {
    let from = s.from;
    while (from < s.to) {
      const para = paragraphOf[from];
      let to = from + 1;
      while (to < s.to && paragraphOf[to] === para) to++;
      const block = blocks[para];
      if (paragraphs[para].kind !== "boilerplate") {
        const first = block.tokens.length;
        for (let i = from; i < to; i++) block.tokens.push(whole.tokens[i]);
        block.sentences.push({ from: first, to: block.tokens.length });
      }
      from = to;
    }
  }
  return blocks;
}

/**
 * Paragraphs are non-empty lines; hard-wrapped text (short lines with blank lines between
 * blocks) is instead split on blank lines, so a wrapped paragraph stays one paragraph.
 */
function paragraphSpans(text: string): Span[] {
  const lines = nonEmptyRanges(text, /\r?\n|\r/g);
  const blankSeparated = /\n[ \t]*\r?\n/.test(text);
  const lengths = lines.map((l) => l.end - l.start).sort((a, b) => a - b);
  const median = lengths.length ? lengths[lengths.length >> 1] : 0;
  if (blankSeparated && lines.length >= 6 && median < 90) return nonEmptyRanges(text, /(?:\r?\n[ \t]*){2,}/g);
  return lines;
}

function nonEmptyRanges(text: string, separator: RegExp): Span[] {
  const spans: Span[] = [];
  let from = 0;
  const push = (a: number, b: number) => {
    const slice = text.slice(a, b);
    const lead = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (trimmed) spans.push({ start: a + lead, end: a + lead + trimmed.length });
  };
  for (const m of text.matchAll(separator)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return spans;
}

/** A first line is a headline when it is short and does not end like a sentence. */
function detectTitle(text: string, paragraphs: readonly Span[]): Span | null {
  if (paragraphs.length < 2) return null;
  const first = paragraphs[0];
  const line = text.slice(first.start, first.end);
  if (line.includes("\n") || wordCount(line) > MAX_TITLE_WORDS) return null;
  if (TERMINAL.test(line) && !/[?!]["”’]?$/.test(line)) return null;
  return first;
}

function findReferences(text: string): Reference[] {
  const refs: Reference[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const headline = m[1];
    // A reference headline is set in capitals or Title Case, unlike an ordinary quotation.
    const words = headline.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w));
    const capitalized = words.filter((w) => /^[A-Z]/.test(w)).length;
    if (words.length === 0 || capitalized / words.length < 0.6) continue;
    refs.push({ start: m.index, end: m.index + m[0].length, headline, date: m[2] });
  }
  return refs;
}

