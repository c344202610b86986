import type { Analysis } from "../../dist/analysis/schema.js";
import type {
  ArticleSummary,
  CorpusStats,
  ForecastStatus,
  NameCount,
  OutletProfile,
  Paged,
  QuoteHit,
  SearchHit,
  StoredArticle,
  StoredForecast,
  StoryComparison,
  StorySummary,
} from "../../dist/store/types.js";

export type { Analysis, ArticleSummary, OutletProfile, QuoteHit, SearchHit, StoredArticle, StoredForecast, StoryComparison, StorySummary, NameCount, ForecastStatus };

/** An API failure, with the server's one-line message. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Query = Record<string, string | number | undefined>;

async function call<T>(method: string, path: string, query: Query = {}, body?: { type: string; data: string }): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") q.set(k, String(v));
  const url = `/api/${path}${q.size ? `?${q}` : ""}`;
  const res = await fetch(url, body ? { method, headers: { "content-type": body.type }, body: body.data } : { method });
  const json = (await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }))) as T & { error?: string };
  if (!res.ok) throw new ApiError(res.status, json.error ?? `${res.status} ${res.statusText}`);
  return json;
}

export interface IngestResult {
  stored: Array<{ label: string; id: string; status: "new" | "existing"; duplicateOf: string | null }>;
  failed: Array<{ label: string; error: string }>;
}

export const api = {
  health: () => call<{ version: string; store: boolean }>("GET", "health"),
  stats: () => call<CorpusStats>("GET", "stats"),
  articles: (q: Query) => call<Paged<ArticleSummary>>("GET", "articles", q),
  article: (id: string) => call<StoredArticle>("GET", `articles/${encodeURIComponent(id)}`),
  search: (q: Query) => call<Paged<SearchHit>>("GET", "search", q),
  quotes: (q: Query) => call<Paged<QuoteHit>>("GET", "quotes", q),
  speakers: (prefix?: string) => call<NameCount[]>("GET", "speakers", { prefix, limit: 50 }),
  stories: (q: Query) => call<Paged<StorySummary>>("GET", "stories", q),
  story: (id: number) => call<StoryComparison>("GET", `stories/${id}`),
  outlets: (q: Query) => call<OutletProfile[]>("GET", "outlets", q),
  forecasts: (q: Query) => call<Paged<StoredForecast>>("GET", "forecasts", q),
  setForecastStatus: (id: number, status: ForecastStatus) =>
    call<StoredForecast>("PUT", `forecasts/${id}/status`, {}, { type: "application/json", data: JSON.stringify({ status }) }),
  ingest: (type: string, data: string) => call<IngestResult>("POST", "articles", {}, { type, data }),
  analyze: (type: string, data: string) => call<Analysis>("POST", "analyze", {}, { type, data }),
};
