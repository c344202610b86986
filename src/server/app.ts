import fastifyStatic from "@fastify/static";
import { Ajv } from "ajv";
import Fastify, { type FastifyInstance } from "fastify";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { AnalysisSchema } from "../analysis/schema.js";
import { ingest } from "../corpus/ingest.js";
import type { Analyzer } from "../corpus/pool.js";
import { MAX_ARTICLE_BYTES } from "../io/decode.js";
import type { ArticleFilter, Store } from "../store/types.js";
import { documentsFromBody, HTML_TYPE, JSON_TYPE, JSONL_TYPES, TEXT_TYPE } from "./body.js";
import { HttpError, installErrorHandling } from "./errors.js";
import { Api, type ResponseDoc } from "./openapi.js";
import {
  ArticleIdParamsSchema,
  ArticleRecordSchema,
  ArticleSummarySchema,
  BodyMetaQuerySchema,
  CorpusStatsSchema,
  ErrorSchema,
  FilterQuerySchema,
  ForecastStatusBodySchema,
  ForecastsQuerySchema,
  HealthSchema,
  IngestQuerySchema,
  IngestResultSchema,
  NumericIdParamsSchema,
  OutletProfileSchema,
  OutletsQuerySchema,
  paged,
  QuoteHitSchema,
  QuotesQuerySchema,
  SearchHitSchema,
  SearchQuerySchema,
  SpeakersQuerySchema,
  StoredArticleSchema,
  StoredForecastSchema,
  StoriesQuerySchema,
  StoryComparisonSchema,
  StorySummarySchema,
  TextBodySchema,
} from "./schemas.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** The static UI: hand-written files in web/public, compiled TypeScript in web/dist. */
const WEB = fileURLToPath(new URL("../../web/", import.meta.url));

export interface ServerOptions {
  /** The analysis pipeline (worker threads keep the server responsive while it runs). */
  analyzer: Analyzer;
  /** The corpus; without one only analysis and the UI are served, corpus routes answer 503. */
  store?: Store;
  /** Largest body of a bulk (JSONL) ingest in bytes; a single article is capped lower. */
  bulkBodyLimit?: number;
  /** fastify logger setting: off in tests, on for `newsprism serve`. */
  logger?: boolean;
}

const DEFAULT_BULK_LIMIT = 64 * 1024 * 1024;

const API_INFO = {
  title: "newsprism",
  version,
  description:
    "Analyze news articles and browse a corpus of them: who is quoted saying what, how actors are cast, narratives, persuasion techniques, figures — each finding with character offsets into the article text.",
};

const error = (description: string): ResponseDoc => ({ description, schema: { name: "Error", zod: ErrorSchema } });
const BAD_REQUEST = { 400: error("the request is malformed; the message says how") };
const NEEDS_STORE = { 503: error("no corpus database is attached") };
const BODY_ERRORS = {
  ...BAD_REQUEST,
  413: error("the body is larger than the limit"),
  415: error("the content type is not one this route accepts"),
};

/** One article in any format the CLI reads. */
const ARTICLE_BODY = {
  [JSON_TYPE]: { schema: ArticleRecordSchema, description: "an article with its metadata" },
  [TEXT_TYPE]: { schema: TextBodySchema, description: "plain article text; the segmenter decides whether line 1 is a headline (metadata in the query)" },
  [HTML_TYPE]: { schema: TextBodySchema, description: "a web page; its main text is extracted (Readability) with its meta tags" },
};

/** Bulk ingest also takes JSONL: one JSON article per line, as in `newsprism ingest docs.jsonl`. */
const INGEST_BODY = {
  ...ARTICLE_BODY,
  ...Object.fromEntries(JSONL_TYPES.map((t) => [t, { schema: TextBodySchema, description: "one JSON article per line (same fields as application/json)" }])),
};

const ok = (description: string, name: string, zod: z.ZodType): Record<number, ResponseDoc> => ({ 200: { description, schema: { name, zod } } });

/** Builds the app without listening, so tests can `inject` requests. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_ARTICLE_BYTES });
  installErrorHandling(app);
  // Query strings and paths are text, so "20" must become 20; a JSON body is typed already, and
  // coercing it would store {"text": 42} as the article "42".
  const coercing = new Ajv({ coerceTypes: "array", useDefaults: true, removeAdditional: true, allErrors: false });
  const strict = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: true, allErrors: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === "body" ? strict : coercing).compile(schema));
  app.addContentTypeParser([HTML_TYPE, ...JSONL_TYPES], { parseAs: "string" }, (_request, body, done) => done(null, body));
  app.addHook("onSend", async (_request, reply) => {
    // The UI loads nothing from elsewhere; the policy also makes an injected script inert should
    // some rendering path ever forget to escape.
    reply.header(
      "content-security-policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    reply.header("x-content-type-options", "nosniff");
  });

  const store = (): Store => {
    if (!options.store) throw new HttpError(503, "no corpus database is attached: start the server with `newsprism serve --db FILE`");
    return options.store;
  };
  const filterOf = (q: z.output<typeof FilterQuerySchema>): ArticleFilter => ({ outlet: q.outlet, since: q.since, until: q.until, storyId: q.story });
  const pageOf = (q: z.output<typeof FilterQuerySchema>) => ({ offset: q.offset, limit: q.limit });

  const api = new Api(app);

  api.route({
    method: "GET",
    url: "/api/health",
    tag: "meta",
    summary: "Version, and whether a corpus database is attached",
    responses: ok("the server is up", "Health", HealthSchema),
    handler: async () => ({ name: "newsprism" as const, version, store: options.store !== undefined }),
  });

  let openapi: unknown;
  api.route({
    method: "GET",
    url: "/api/openapi.json",
    tag: "meta",
    summary: "This document",
    responses: { 200: { description: "the OpenAPI 3.1 description of the API" } },
    // Built on first request, when every route has been registered.
    handler: async () => (openapi ??= api.openapi(API_INFO)),
  });

  api.route({
    method: "POST",
    url: "/api/analyze",
    tag: "analysis",
    summary: "Analyze one article without storing it",
    description: "The Analysis of one article: quotes and speakers, actors, sources, figures, with character offsets into `text`.",
    query: BodyMetaQuerySchema,
    body: ARTICLE_BODY,
    responses: { ...ok("the analysis", "Analysis", AnalysisSchema), ...BODY_ERRORS },
    handler: async (request) => {
      const [item] = documentsFromBody(request.headers["content-type"] ?? "", request.body, request.query);
      if ("error" in item) throw new HttpError(400, item.error);
      return options.analyzer.analyze(item.doc);
    },
  });

  api.route({
    method: "POST",
    url: "/api/articles",
    tag: "corpus",
    summary: "Analyze articles and store them in the corpus",
    description:
      "One article (JSON, text, HTML) or many (JSONL). Storing the same text again changes nothing. A JSONL line that cannot be read is reported in `failed`; the others are stored.",
    query: IngestQuerySchema,
    body: INGEST_BODY,
    bodyLimit: options.bulkBodyLimit ?? DEFAULT_BULK_LIMIT,
    responses: {
      201: { description: "what was stored, and what failed", schema: { name: "IngestResult", zod: IngestResultSchema } },
      ...BODY_ERRORS,
      ...NEEDS_STORE,
    },
    handler: async (request, reply) => {
      const items = documentsFromBody(request.headers["content-type"] ?? "", request.body, request.query);
      const result: z.output<typeof IngestResultSchema> = { stored: [], failed: [] };
      // The same path as `newsprism ingest`: stored content is not analyzed again.
      await ingest(toAsync(items), {
        store: store(),
        analyzer: options.analyzer,
        onItem: (outcome) => {
          if (outcome.status === "failed") result.failed.push({ label: outcome.label, error: outcome.error });
          else result.stored.push({ label: outcome.label, id: outcome.id, status: outcome.status, duplicateOf: outcome.status === "new" ? outcome.duplicateOf : null });
        },
      });
      if (result.stored.length === 0) throw new HttpError(400, result.failed[0]?.error ?? "no article in the body");
      return reply.status(201).send(result);
    },
  });

  api.route({
    method: "GET",
    url: "/api/articles",
    tag: "corpus",
    summary: "Articles, newest first",
    query: FilterQuerySchema,
    responses: { ...ok("a page of articles", "ArticlePage", paged(ArticleSummarySchema)), ...BAD_REQUEST, ...NEEDS_STORE },
    handler: async (request) => store().listArticles(filterOf(request.query), pageOf(request.query)),
  });

  api.route({
    method: "GET",
    url: "/api/articles/:id",
    tag: "corpus",
    summary: "One stored article with its analysis, near duplicates and forecasts",
    params: ArticleIdParamsSchema,
    responses: { ...ok("the article", "StoredArticle", StoredArticleSchema), 404: error("no article with this id"), ...NEEDS_STORE },
    handler: async (request) => {
      const article = await store().getArticle(request.params.id);
      if (!article) throw new HttpError(404, `no article with id ${request.params.id}`);
      return article;
    },
  });

  api.route({
    method: "GET",
    url: "/api/search",
    tag: "corpus",
    summary: "Articles matching words, a speaker, an actor, a narrative or a technique",
    query: SearchQuerySchema,
    responses: { ...ok("a page of matching articles with the matching spans", "SearchPage", paged(SearchHitSchema)), ...BAD_REQUEST, ...NEEDS_STORE },
    handler: async ({ query: q }) =>
      store().search(
        { ...filterOf(q), text: q.q, speaker: q.speaker, actor: q.actor, narrative: q.narrative, technique: q.technique },
        pageOf(q),
      ),
  });

  api.route({
    method: "GET",
    url: "/api/quotes",
    tag: "corpus",
    summary: "What a person said, across articles and outlets",
    query: QuotesQuerySchema,
    responses: { ...ok("a page of quotes", "QuotePage", paged(QuoteHitSchema)), ...BAD_REQUEST, ...NEEDS_STORE },
    handler: async ({ query: q }) => store().quotesBySpeaker(q.speaker, filterOf(q), pageOf(q)),
  });

  api.route({
    method: "GET",
    url: "/api/speakers",
    tag: "corpus",
    summary: "Speakers with their quote counts, most quoted first",
    query: SpeakersQuerySchema,
    responses: { ...ok("speakers", "Speakers", z.array(z.object({ name: z.string(), count: z.number().int() }))), ...BAD_REQUEST, ...NEEDS_STORE },
    handler: async ({ query: q }) => store().speakers(q.prefix, q.limit),
  });

  api.route({
    method: "GET",
    url: "/api/stories",
    tag: "corpus",
    summary: "Stories (articles about the same event), largest first",
    query: StoriesQuerySchema,
    responses: { ...ok("a page of stories", "StoryPage", paged(StorySummarySchema)), ...BAD_REQUEST, ...NEEDS_STORE },
    handler: async ({ query: q }) => store().stories({ ...filterOf(q), minArticles: q.minArticles }, pageOf(q)),
  });

  api.route({
    method: "GET",
    url: "/api/stories/:id",
    tag: "corpus",
    summary: "One story, outlet beside outlet: whom each quotes, how each casts the actors, where their figures differ",
    params: NumericIdParamsSchema,
    responses: { ...ok("the story", "StoryComparison", StoryComparisonSchema), ...BAD_REQUEST, 404: error("no story with this id"), ...NEEDS_STORE },
    handler: async (request) => {
      const story = await store().story(request.params.id);
      if (!story) throw new HttpError(404, `no story with id ${request.params.id}`);
      return story;
    },
  });

  api.route({
    method: "GET",
    url: "/api/outlets",
    tag: "corpus",
    summary: "Outlet profiles: narratives, techniques, frames, roles and speakers, overall and over time",
    query: OutletsQuerySchema,
    responses: { ...ok("one profile per outlet", "OutletProfiles", z.array(OutletProfileSchema)), ...BAD_REQUEST, ...NEEDS_STORE },
    handler: async ({ query: q }) => store().outletProfiles({ outlet: q.outlet, period: q.period }),
  });

  api.route({
    method: "GET",
    url: "/api/forecasts",
    tag: "corpus",
    summary: "Predictions made in the articles, to check against what happened",
    query: ForecastsQuerySchema,
    responses: { ...ok("a page of forecasts", "ForecastPage", paged(StoredForecastSchema)), ...BAD_REQUEST, ...NEEDS_STORE },
    handler: async ({ query: q }) => store().forecasts({ ...filterOf(q), status: q.status, predictor: q.predictor }, pageOf(q)),
  });

  api.route({
    method: "PUT",
    url: "/api/forecasts/:id/status",
    tag: "corpus",
    summary: "Record whether a forecast came true",
    params: NumericIdParamsSchema,
    body: { [JSON_TYPE]: { schema: ForecastStatusBodySchema } },
    responses: { ...ok("the updated forecast", "StoredForecast", StoredForecastSchema), ...BODY_ERRORS, 404: error("no forecast with this id"), ...NEEDS_STORE },
    handler: async (request) => {
      const body = request.body as z.output<typeof ForecastStatusBodySchema>;
      const updated = await store().setForecastStatus(request.params.id, body.status, body.note);
      if (!updated) throw new HttpError(404, `no forecast with id ${request.params.id}`);
      return updated;
    },
  });

  api.route({
    method: "GET",
    url: "/api/stats",
    tag: "corpus",
    summary: "Corpus counts",
    responses: { ...ok("the counts", "CorpusStats", CorpusStatsSchema), ...NEEDS_STORE },
    handler: async () => store().stats(),
  });

  await app.register(fastifyStatic, { root: [`${WEB}public`, `${WEB}dist`], prefix: "/", index: "index.html" });
  return app;
}

async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}
