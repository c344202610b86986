import type { Analysis } from "../analysis/schema.js";
import type { ArticleMeta } from "../article/types.js";
import type { InputMeta, OutletSource } from "../corpus/metadata.js";
import type { Forecast } from "../extract/forecasts.js";

/**
 * The corpus store: analyzed articles and what the workbench asks of them.
 *
 * Every method returns a Promise so that a networked store (PostgreSQL) can implement the same
 * contract; the embedded SQLite store answers synchronously inside them. Article ids are content
 * hashes (see `contentHash`), so storing the same text twice stores it once.
 */
export interface Store {
  /** True when an article with this content hash is stored (lets ingest skip analysis on re-runs). */
  has(id: string): Promise<boolean>;
  /**
   * Stores one analysis with its derived rows (actors, quotes, forecasts, near-duplicate links,
   * story membership) in one transaction: after it resolves the article survives a crash.
   */
  putAnalysis(analysis: Analysis, options?: PutOptions): Promise<PutResult>;
  /** Stores several analyses in one transaction (much faster per article; what ingest uses); results in order. */
  putAnalyses(items: readonly PutItem[]): Promise<PutResult[]>;
  /**
   * Brings a stored article's metadata up to date with what an input says of it (`meta`: the
   * document's own, before analysis), without analyzing it again: explicit overrides always win,
   * otherwise an outlet replaces a weaker one (see `resolveOutlet`). Also moves the story's dates.
   * True when something changed; false also when no article has this id.
   */
  updateMetadata(id: string, meta: ArticleMeta, options?: PutOptions): Promise<boolean>;
  getArticle(id: string): Promise<StoredArticle | null>;
  listArticles(filter?: ArticleFilter, page?: Page): Promise<Paged<ArticleSummary>>;
  /** Full-text search (FTS5 syntax-free: words, "quoted phrases") narrowed by the filters. */
  search(query: SearchQuery, page?: Page): Promise<Paged<SearchHit>>;
  /** What a person said, across articles and outlets; `name` matches the speaker's name or any part of it. */
  quotesBySpeaker(name: string, filter?: ArticleFilter, page?: Page): Promise<Paged<QuoteHit>>;
  /** Speakers with their quote counts, most quoted first; `prefix` matches the start of any word of the name (for pickers). */
  speakers(prefix?: string, limit?: number): Promise<NameCount[]>;
  /** Stories, largest first. */
  stories(filter?: StoryFilter, page?: Page): Promise<Paged<StorySummary>>;
  story(id: number): Promise<StoryComparison | null>;
  outletProfiles(options?: ProfileOptions): Promise<OutletProfile[]>;
  forecasts(filter?: ForecastFilter, page?: Page): Promise<Paged<StoredForecast>>;
  setForecastStatus(id: number, status: ForecastStatus, note?: string): Promise<StoredForecast | null>;
  stats(): Promise<CorpusStats>;
  close(): Promise<void>;
}

/** User overrides of what the input says about an article. */
export interface PutOptions {
  outlet?: string;
  /** ISO 8601 date or date-time. */
  published?: string;
  /** Where the article came from (file path, "feed.xml:3"), kept for display. */
  label?: string;
  /** What the input says besides the document (sidecar file, folder): used where the document says nothing. */
  input?: InputMeta;
}

export interface PutItem {
  analysis: Analysis;
  options?: PutOptions;
}

export interface PutResult {
  id: string;
  /** "existing": the same content was stored before (its metadata may have been updated: `updated`). */
  status: "new" | "existing";
  /** An existing article whose outlet or date this input changed. */
  updated?: boolean;
  /** The earlier article this one nearly duplicates (syndicated copy, light edit). */
  duplicateOf: string | null;
  storyId: number;
}

export interface Page {
  /** 0-based offset into the result list. */
  offset?: number;
  /** Defaults to 20, at most 500. */
  limit?: number;
}

export interface Paged<T> {
  /** How many match; a lower bound when `capped`. */
  total: number;
  offset: number;
  items: T[];
  /**
   * Counting stopped at `total` (a broad filter: counting every match would read much of the
   * corpus); there may be more. Absent when `total` is exact.
   */
  capped?: true;
}

export interface ArticleFilter {
  outlet?: string;
  /** Inclusive lower bound on the publication date (ISO). */
  since?: string;
  /** Inclusive upper bound on the publication date (ISO). */
  until?: string;
  storyId?: number;
}

export interface StoryFilter extends ArticleFilter {
  /** Only stories with at least this many articles (2 shows the ones worth comparing). */
  minArticles?: number;
}

export interface SearchQuery extends ArticleFilter {
  /** Free text; empty means "all articles that pass the filters". */
  text?: string;
  speaker?: string;
  actor?: string;
  narrative?: string;
  technique?: string;
}

export interface ArticleSummary {
  id: string;
  title: string | null;
  outlet: string | null;
  /** Where the outlet came from; "folder" means no outlet was given and the name is the folder's the file was read from. */
  outletFrom: OutletSource | null;
  url: string | null;
  published: string | null;
  ingestedAt: string;
  words: number;
  /** Input the article was read from. */
  label: string | null;
  duplicateOf: string | null;
  storyId: number;
  counts: { actors: number; quotes: number; figures: number; forecasts: number };
}

export interface StoredArticle extends ArticleSummary {
  analysis: Analysis;
  nearDuplicates: Array<{ id: string; similarity: number; title: string | null; outlet: string | null }>;
  forecasts: StoredForecast[];
}

export interface TextSpan {
  start: number;
  end: number;
  text: string;
}

export interface MatchSpan extends TextSpan {
  /** Why the span matched: a query word, a quote by the speaker, an actor mention, a technique or narrative evidence. */
  kind: "text" | "quote" | "actor" | "technique" | "narrative";
}

export interface SearchHit {
  article: ArticleSummary;
  /** Short excerpt around the first match, with the match in «guillemets». */
  snippet: string;
  spans: MatchSpan[];
}

export interface QuoteHit {
  article: ArticleSummary;
  speaker: string;
  quote: TextSpan;
}

export interface NameCount {
  name: string;
  count: number;
}

export interface StorySummary {
  id: number;
  /** Title of the earliest article. */
  title: string | null;
  articles: number;
  outlets: string[];
  firstPublished: string | null;
  lastPublished: string | null;
  /** Actors most articles of the story share. */
  actors: string[];
}

/** One story, outlet beside outlet. */
export interface StoryComparison extends StorySummary {
  members: ArticleSummary[];
  byOutlet: OutletInStory[];
  /** Same counted thing, different numbers across outlets. */
  figureDisagreements: FigureDisagreement[];
}

export interface OutletInStory {
  outlet: string;
  articleIds: string[];
  /** Who the outlet quotes and how often. */
  speakers: NameCount[];
  narratives: NameCount[];
  techniques: NameCount[];
  /** How the outlet casts each actor (main role, when role analysis ran). */
  roles: Array<{ actor: string; role: string; count: number }>;
}

export interface FigureDisagreement {
  /** What is counted ("HIMARS launchers"), or the unit for money/percent. */
  subject: string;
  values: Array<{ outlet: string; articleId: string; text: string; value: number | null }>;
}

export interface ProfileOptions {
  outlet?: string;
  /** Bucket for the change over time. */
  period?: "month" | "year";
}

export interface OutletProfile {
  outlet: string;
  /** Present when the name is a folder's (the files read from it named no outlet), not an outlet's. */
  outletFrom?: "folder";
  articles: number;
  firstPublished: string | null;
  lastPublished: string | null;
  narratives: NameCount[];
  techniques: NameCount[];
  frames: NameCount[];
  genres: NameCount[];
  /** Main roles per actor, e.g. { name: "Vladimir Putin: Antagonist", count: 12 }. */
  roles: NameCount[];
  topSpeakers: NameCount[];
  /** Per period ("2022-09"), the same distributions over that period's articles. */
  timeline: Array<{ period: string; articles: number; narratives: NameCount[]; techniques: NameCount[]; frames: NameCount[]; genres: NameCount[] }>;
  forecasts: Record<ForecastStatus, number>;
}

export type ForecastStatus = "open" | "came-true" | "did-not";
export const FORECAST_STATUSES: readonly ForecastStatus[] = ["open", "came-true", "did-not"];

export interface ForecastFilter extends ArticleFilter {
  status?: ForecastStatus;
  predictor?: string;
}

/** A forecast as extracted (see extract/forecasts.ts), with where it stands and its status. */
export interface StoredForecast extends Forecast {
  id: number;
  articleId: string;
  outlet: string | null;
  published: string | null;
  status: ForecastStatus;
  note: string | null;
  statusChangedAt: string | null;
}

export interface CorpusStats {
  articles: number;
  nearDuplicates: number;
  stories: number;
  outlets: number;
  quotes: number;
  forecasts: number;
  schemaVersion: number;
}
