export { analyze, toRawDocument, type AnalyzeOptions, type ArticleInput } from "./analyze.js";
export * from "./analysis/schema.js";
export type { Article, Paragraph, RawDocument, Reference, Sentence, Span } from "./article/types.js";
export { segment } from "./segment/index.js";
export { renderText } from "./explain/report.js";
