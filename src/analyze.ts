import type { RawDocument } from "./article/types.js";
import { AnalysisSchema, SCHEMA_VERSION, type Analysis } from "./analysis/schema.js";
import { extractActors } from "./extract/actors/index.js";
import { extractFigures } from "./extract/figures.js";
import { extractForecasts } from "./extract/forecasts.js";
import { extractQuotes } from "./extract/quotes.js";
import { extractSources } from "./extract/sources.js";
import { buildDoc, type NlpOptions } from "./nlp/index.js";
import { classifyArticle } from "./classify/index.js";
import { assignRoles } from "./classify/roles/index.js";
import { countWords } from "./nlp/tokens.js";
import { segment } from "./segment/index.js";

/** What a caller may hand to `analyze`: plain text, or text with metadata. */
export interface ArticleInput {
  id?: string;
  text: string;
  /** A title given apart from the text; it is prepended to the text as its first line. */
  title?: string;
  url?: string;
  source?: string;
  published?: string;
}

export interface AnalyzeOptions extends NlpOptions {
  /** Validate the result against the zod schema (on by default; costs a little time). */
  validate?: boolean;
  /** Run the learned analyses: roles, narratives, justification, techniques, genre, frames (on by default). */
  learned?: boolean;
}

/** Normalizes any accepted input to the loaders' RawDocument. */
export function toRawDocument(input: ArticleInput | RawDocument | string): RawDocument {
  if (typeof input === "string") return { id: "article", text: input, meta: {} };
  if ("meta" in input) return input;
  const title = input.title?.trim();
  const meta = Object.fromEntries(Object.entries({ url: input.url, source: input.source, published: input.published }).filter(([, v]) => v !== undefined));
  return {
    id: input.id ?? "article",
    text: title ? `${title}\n\n${input.text}` : input.text,
    titleSpan: title ? { start: 0, end: title.length } : undefined,
    meta,
  };
}

/** The whole pipeline: segment → nlp → extract → (classify) → one validated Analysis. */
export function analyze(input: ArticleInput | RawDocument | string, options: AnalyzeOptions = {}): Analysis {
  const started = performance.now();
  const raw = toRawDocument(input);
  const segmented = segment(raw);
  const doc = buildDoc(segmented, options);
  const { article } = doc;
  const learned = options.learned !== false;
  const actors = extractActors(doc);
  const entities = learned ? assignRoles(doc, actors) : actors;
  const quotes = extractQuotes(doc, entities);
  const analysis: Analysis = {
    schemaVersion: SCHEMA_VERSION,
    id: article.id,
    text: article.text,
    title: article.title ? { ...article.title, text: article.text.slice(article.title.start, article.title.end) } : null,
    meta: { ...article.meta },
    paragraphs: article.paragraphs.map((p) => ({ ...p })),
    sentences: article.sentences.map((s) => ({ ...s })),
    references: article.references.map((r) => ({ ...r })),
    entities,
    quotes,
    sources: extractSources(doc, entities),
    figures: extractFigures(doc),
    forecasts: extractForecasts(article, entities, quotes),
    ...(learned ? classifyArticle(doc) : {}),
    stats: { words: countWords(doc.tokens), millis: 0 },
  };
  analysis.stats.millis = Math.round((performance.now() - started) * 100) / 100;
  return options.validate === false ? analysis : AnalysisSchema.parse(analysis);
}
