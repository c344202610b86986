import { z } from "zod";
import { AnalysisSchema } from "../analysis/schema.js";
import {
  FORECAST_STATUSES,
  type ArticleSummary,
  type CorpusStats,
  type ForecastStatus,
  type OutletProfile,
  type QuoteHit,
  type SearchHit,
  type StoredArticle,
  type StoredForecast,
  type StoryComparison,
} from "../store/types.js";

/** The body of every failed request. */
export const ErrorSchema = z.object({ error: z.string().describe("what went wrong, in one line") });

const field = (max: number, description: string) => z.string().max(max).optional().describe(description);

/** A JSON article: the same fields a line of a JSONL file may carry. */
export const ArticleRecordSchema = z.object({
  text: z.string().min(1).describe("the article text; a title given apart is prepended as its first line"),
  title: field(2000, "headline, when it is not the first line of text"),
  id: z.union([z.string().max(200), z.number()]).optional().describe("article id; derived from the text when absent"),
  url: field(4000, "where the article was published"),
  source: field(200, "outlet name"),
  published: field(100, "publication date, ISO 8601"),
});

/** Metadata for a text or HTML body, which cannot carry its own. */
export const BodyMetaQuerySchema = z.object({
  id: field(200, "article id; derived from the text when absent"),
  source: field(200, "outlet name"),
  url: field(4000, "where the article was published"),
  published: field(100, "publication date, ISO 8601"),
});

/** Stored articles are named by their content hash, so an id cannot be chosen. */
export const IngestQuerySchema = BodyMetaQuerySchema.omit({ id: true });

export const HealthSchema = z.object({
  name: z.literal("newsprism"),
  version: z.string(),
  store: z.boolean().describe("whether a corpus database is attached (routes under /api/articles etc. need one)"),
});

/** A text or HTML body: a string the content-type parser hands over as is. */
export const TextBodySchema = z.string().min(1);

// Response shapes of the corpus routes: the Store's result types as zod, for the OpenAPI
// document. `Same` below fails to compile when one side changes without the other.

const NameCountSchema = z.object({ name: z.string(), count: z.number().int() });
const date = z.string().nullable();

export const ArticleSummarySchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  outlet: z.string().nullable(),
  outletFrom: z
    .enum(["override", "document", "sidecar", "folder"])
    .nullable()
    .describe("where the outlet came from: --outlet, the document, a newsprism-meta.jsonl sidecar, or (no outlet given) the folder's name"),
  url: z.string().nullable(),
  published: date,
  ingestedAt: z.string(),
  words: z.number().int(),
  label: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  storyId: z.number().int(),
  counts: z.object({ actors: z.number().int(), quotes: z.number().int(), figures: z.number().int(), forecasts: z.number().int() }),
});

export const ForecastStatusSchema = z.enum(FORECAST_STATUSES as [ForecastStatus, ...ForecastStatus[]]);

export const StoredForecastSchema = z.object({
  id: z.number().int(),
  articleId: z.string(),
  outlet: z.string().nullable(),
  published: date,
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  claim: z.string(),
  predictor: z.string().nullable(),
  cue: z.string(),
  deadline: z.string().nullable(),
  deadlineDate: date,
  status: ForecastStatusSchema,
  note: z.string().nullable(),
  statusChangedAt: date,
});

export const StoredArticleSchema = ArticleSummarySchema.extend({
  analysis: AnalysisSchema,
  nearDuplicates: z.array(z.object({ id: z.string(), similarity: z.number(), title: z.string().nullable(), outlet: z.string().nullable() })),
  forecasts: z.array(StoredForecastSchema),
});

const TextSpanSchema = z.object({ start: z.number().int(), end: z.number().int(), text: z.string() });

export const SearchHitSchema = z.object({
  article: ArticleSummarySchema,
  snippet: z.string().describe("excerpt around the first match, the match in «guillemets»"),
  spans: z.array(TextSpanSchema.extend({ kind: z.enum(["text", "quote", "actor", "technique", "narrative"]) })),
});

export const QuoteHitSchema = z.object({ article: ArticleSummarySchema, speaker: z.string(), quote: TextSpanSchema });

export const StorySummarySchema = z.object({
  id: z.number().int(),
  title: z.string().nullable(),
  articles: z.number().int(),
  outlets: z.array(z.string()),
  firstPublished: date,
  lastPublished: date,
  actors: z.array(z.string()),
});

export const StoryComparisonSchema = StorySummarySchema.extend({
  members: z.array(ArticleSummarySchema),
  byOutlet: z.array(
    z.object({
      outlet: z.string(),
      articleIds: z.array(z.string()),
      speakers: z.array(NameCountSchema),
      narratives: z.array(NameCountSchema),
      techniques: z.array(NameCountSchema),
      roles: z.array(z.object({ actor: z.string(), role: z.string(), count: z.number().int() })),
    }),
  ),
  figureDisagreements: z.array(
    z.object({
      subject: z.string(),
      values: z.array(z.object({ outlet: z.string(), articleId: z.string(), text: z.string(), value: z.number().nullable() })),
    }),
  ),
});

const distributions = {
  narratives: z.array(NameCountSchema),
  techniques: z.array(NameCountSchema),
  frames: z.array(NameCountSchema),
  genres: z.array(NameCountSchema),
};

export const OutletProfileSchema = z.object({
  outlet: z.string(),
  outletFrom: z.literal("folder").optional().describe("present when the name is a folder's: its files named no outlet"),
  articles: z.number().int(),
  firstPublished: date,
  lastPublished: date,
  ...distributions,
  roles: z.array(NameCountSchema),
  topSpeakers: z.array(NameCountSchema),
  timeline: z.array(z.object({ period: z.string(), articles: z.number().int(), ...distributions })),
  forecasts: z.record(ForecastStatusSchema, z.number().int()),
});

export const CorpusStatsSchema = z.object({
  articles: z.number().int(),
  nearDuplicates: z.number().int(),
  stories: z.number().int(),
  outlets: z.number().int(),
  quotes: z.number().int(),
  forecasts: z.number().int(),
  schemaVersion: z.number().int(),
});

export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    total: z.number().int().describe("how many match; a lower bound when capped"),
    offset: z.number().int(),
    items: z.array(item),
    capped: z.literal(true).optional().describe("counting stopped at total (a broad filter); there may be more"),
  });
}

/** What POST /api/articles did with each article of the body. */
export const IngestResultSchema = z.object({
  stored: z.array(
    z.object({
      label: z.string().describe('where in the body: "body", or "line 3" of JSONL'),
      id: z.string(),
      status: z.enum(["new", "existing"]).describe("existing: the same content was stored before"),
      updated: z.boolean().optional().describe("existing content whose outlet or date this request changed"),
      duplicateOf: z.string().nullable().describe("the earlier article this one nearly duplicates"),
    }),
  ),
  failed: z.array(z.object({ label: z.string(), error: z.string() })),
});

/** Compile-time check that each response schema describes exactly the store's type: a drift fails `tsc`. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _inSync: [
  Same<z.output<typeof ArticleSummarySchema>, ArticleSummary>,
  Same<z.output<typeof StoredArticleSchema>, StoredArticle>,
  Same<z.output<typeof SearchHitSchema>, SearchHit>,
  Same<z.output<typeof QuoteHitSchema>, QuoteHit>,
  Same<z.output<typeof StoryComparisonSchema>, StoryComparison>,
  Same<z.output<typeof OutletProfileSchema>, OutletProfile>,
  Same<z.output<typeof StoredForecastSchema>, StoredForecast>,
  Same<z.output<typeof CorpusStatsSchema>, CorpusStats>,
] = [true, true, true, true, true, true, true, true];

// Query strings. ajv coerces "20" to 20 and rejects what does not fit, before a handler runs.

const isoDate = (what: string) => z.string().max(40).optional().describe(`${what} (ISO 8601, inclusive)`);

export const PageQuerySchema = z.object({
  offset: z.number().int().min(0).optional().describe("0-based offset into the results"),
  limit: z.number().int().min(1).max(500).optional().describe("results per page (default 20)"),
});

export const FilterQuerySchema = PageQuerySchema.extend({
  outlet: z.string().max(200).optional().describe("only this outlet"),
  since: isoDate("published on or after"),
  until: isoDate("published on or before"),
  story: z.number().int().min(0).optional().describe("only articles of this story"),
});

export const SearchQuerySchema = FilterQuerySchema.extend({
  q: z.string().max(500).optional().describe('words or "quoted phrases"; empty matches every article the filters pass'),
  speaker: z.string().max(200).optional().describe("articles quoting this speaker (any part of the name)"),
  actor: z.string().max(200).optional().describe("articles mentioning this actor"),
  narrative: z.string().max(300).optional(),
  technique: z.string().max(200).optional(),
});

export const QuotesQuerySchema = FilterQuerySchema.extend({
  speaker: z.string().min(1).max(200).describe("the speaker's name or any part of it"),
});

export const SpeakersQuerySchema = z.object({
  prefix: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

export const StoriesQuerySchema = FilterQuerySchema.extend({
  minArticles: z.number().int().min(1).optional().describe("only stories with at least this many articles"),
});

export const OutletsQuerySchema = z.object({
  outlet: z.string().max(200).optional(),
  period: z.enum(["month", "year"]).optional().describe("bucket of the timeline (default month)"),
});

export const ForecastsQuerySchema = FilterQuerySchema.extend({
  status: ForecastStatusSchema.optional(),
  predictor: z.string().max(200).optional(),
});

export const ArticleIdParamsSchema = z.object({ id: z.string().min(1).max(200) });
export const NumericIdParamsSchema = z.object({ id: z.number().int().min(0) });

export const ForecastStatusBodySchema = z.object({
  status: ForecastStatusSchema,
  note: z.string().max(2000).optional(),
});
