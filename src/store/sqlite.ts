import type Database from "better-sqlite3";
import type { Analysis } from "../analysis/schema.js";
import { bandKeys, contentHash, minhash, signatureFromBuffer, signatureToBuffer, similarity } from "../corpus/fingerprint.js";
import type { ArticleMeta } from "../article/types.js";
import { normalizeDate, type OutletSource, outletRank, resolveOutlet } from "../corpus/metadata.js";
import { SAME_STORY_SCORE, storyKeys, storyScore, withinStoryWindow } from "../corpus/stories.js";
import { decodeAnalysis, encodeAnalysis, insertForecasts } from "./codec.js";
import { LATEST_VERSION, MIGRATIONS } from "./migrations.js";
import { lazyModule } from "../lazy-module.js";
import { ftsQuery, nameMatcher, nameQuery, normalizeLabel, queryTerms, snippet, textSpans } from "./query.js";
import type {
  ArticleFilter,
  ArticleSummary,
  CorpusStats,
  FigureDisagreement,
  ForecastFilter,
  ForecastStatus,
  MatchSpan,
  NameCount,
  OutletInStory,
  OutletProfile,
  Page,
  Paged,
  ProfileOptions,
  PutOptions,
  PutItem,
  PutResult,
  QuoteHit,
  SearchHit,
  SearchQuery,
  Store,
  StoredArticle,
  StoredForecast,
  StoryComparison,
  StoryFilter,
  StorySummary,
} from "./types.js";

/** The SQLite binding, loaded when a store is first opened (lazyModule). */
const betterSqlite = lazyModule<typeof Database>("better-sqlite3");

export const DEFAULT_DB = "newsprism.db";

/** Estimated Jaccard similarity of word 5-shingles from which an article counts as a near-duplicate. */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;
const UNKNOWN_OUTLET = "(unknown)";

/** Where search plans change; see `search`. */
export interface PlanLimits {
  /** Counting matches of broad filters stops this many past the page offset (a full count would read the corpus). */
  countCap: number;
  /** A filter matching at most this many rows drives a search; broader ones are probed on articles walked newest first. */
  drive: number;
  /** Up to this many rows a filter is read once into a rowid list (cheap to test); past it each article is probed. */
  list: number;
}
export const PLAN_LIMITS: PlanLimits = { countCap: 1000, drive: 5000, list: 20000 };

export interface SqliteOptions {
  /** Open for reading only (a server next to a running ingest); the schema must be current. */
  readonly?: boolean;
  /** Other plan limits than PLAN_LIMITS (tests use tiny ones to exercise every plan on a few articles). */
  planLimits?: Partial<PlanLimits>;
}

type Row = Record<string, unknown>;
interface ArticleRow {
  rowid: number;
  id: string;
  doc_id: string;
  label: string | null;
  title: string | null;
  outlet: string | null;
  outlet_from: OutletSource | null;
  url: string | null;
  published: string | null;
  ingested_at: string;
  words: number;
  duplicate_of: string | null;
  story_id: number;
  n_actors: number;
  n_quotes: number;
  n_figures: number;
  n_forecasts: number;
}

const SUMMARY_COLUMNS =
  "a.rowid, a.id, a.doc_id, a.label, a.title, a.outlet, a.outlet_from, a.url, a.published, a.ingested_at, a.words, a.duplicate_of, a.story_id, a.n_actors, a.n_quotes, a.n_figures, a.n_forecasts";
/** Undated articles last (NULL sorts lowest); plain columns so the published index can serve the order. */
const NEWEST_FIRST = "a.published DESC, a.rowid DESC";

/**
 * The embedded store: one SQLite file in WAL mode, so one ingest can write while servers read.
 * With synchronous=NORMAL a committed article survives a process crash (power loss may drop the
 * last few commits, which a re-run of the ingest restores).
 */
export class SqliteStore implements Store {
  private readonly putTransaction: (items: readonly PutItem[]) => PutResult[];
  private readonly statements = new Map<string, Database.Statement>();

  private readonly limits: PlanLimits;

  private constructor(
    private readonly db: Database.Database,
    limits: Partial<PlanLimits> = {},
  ) {
    this.limits = { ...PLAN_LIMITS, ...limits };
    this.putTransaction = db.transaction((items: readonly PutItem[]) => items.map((item) => this.put(item.analysis, item.options ?? {})));
  }

  /** Statements are compiled once per connection: compiling costs more than running most of them. */
  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  static open(path: string = DEFAULT_DB, options: SqliteOptions = {}): SqliteStore {
    const readonly = Boolean(options.readonly);
    let db: Database.Database | undefined;
    try {
      db = new (betterSqlite())(path, { readonly, fileMustExist: readonly });
      db.pragma("busy_timeout = 10000");
      if (!readonly) {
        db.pragma("journal_mode = WAL");
        db.pragma("synchronous = NORMAL");
      }
      migrate(db, path, readonly);
      return new SqliteStore(db, options.planLimits);
    } catch (err) {
      db?.close();
      const message = (err as Error).message;
      if (/file is not a database|SQLITE_NOTADB/i.test(message)) throw new Error(`${path}: not a SQLite database`);
      if (/unable to open|SQLITE_CANTOPEN/i.test(message)) throw new Error(`${path}: cannot open the database (${message})`);
      throw err;
    }
  }

  async has(id: string): Promise<boolean> {
    return this.prepare("SELECT 1 FROM articles WHERE id = ?").get(id) !== undefined;
  }

  async putAnalysis(analysis: Analysis, options: PutOptions = {}): Promise<PutResult> {
    return this.putTransaction([{ analysis, options }])[0];
  }

  async putAnalyses(items: readonly PutItem[]): Promise<PutResult[]> {
    return this.putTransaction(items);
  }

  async updateMetadata(id: string, meta: ArticleMeta, options: PutOptions = {}): Promise<boolean> {
    return this.db.transaction(() => this.refresh(id, meta, options))();
  }

  /** See `updateMetadata`; in the caller's transaction. */
  private refresh(id: string, meta: ArticleMeta, options: PutOptions): boolean {
    const row = this.prepare("SELECT rowid, outlet, outlet_from, published, url, title, story_id FROM articles WHERE id = ?").get(id) as
      | Pick<ArticleRow, "rowid" | "outlet" | "outlet_from" | "published" | "url" | "title" | "story_id">
      | undefined;
    if (!row) return false;
    const next = { outlet: row.outlet, outlet_from: row.outlet_from, published: row.published, url: row.url, title: row.title };
    const outlet = resolveOutlet(meta, options.outlet, options.input);
    const stronger = outletRank(outlet.from, outlet.outlet) > outletRank(row.outlet_from, row.outlet);
    // An edited sidecar entry replaces what the sidecar said before.
    const resaid = outlet.from === "sidecar" && row.outlet_from === "sidecar";
    if (outlet.outlet !== null && (outlet.from === "override" || stronger || resaid)) Object.assign(next, { outlet: outlet.outlet, outlet_from: outlet.from });
    const published = normalizeDate(options.published);
    if (published) next.published = published;
    else next.published ??= normalizeDate(meta.published ?? options.input?.published);
    next.url ??= meta.url ?? options.input?.url ?? null;
    next.title ??= options.input?.title ?? null;
    const changed = (Object.keys(next) as Array<keyof typeof next>).filter((k) => next[k] !== row[k]);
    if (!changed.length) return false;
    this.prepare("UPDATE articles SET outlet = @outlet, outlet_from = @outlet_from, published = @published, url = @url, title = @title WHERE rowid = @rowid").run({ ...next, rowid: row.rowid });
    if (next.published !== row.published) {
      // The story's dates follow its articles'.
      this.prepare("UPDATE stories SET first_published = (SELECT min(published) FROM articles WHERE story_id = @id), last_published = (SELECT max(published) FROM articles WHERE story_id = @id) WHERE id = @id").run({ id: row.story_id });
    }
    return true;
  }

  private put(analysis: Analysis, options: PutOptions): PutResult {
    const id = contentHash(analysis.text);
    const existing = this.prepare("SELECT duplicate_of, story_id FROM articles WHERE id = ?").get(id) as Pick<ArticleRow, "duplicate_of" | "story_id"> | undefined;
    if (existing) {
      const updated = this.refresh(id, analysis.meta, options);
      return { id, status: "existing", duplicateOf: existing.duplicate_of, storyId: existing.story_id, ...(updated ? { updated } : {}) };
    }

    const published = normalizeDate(options.published ?? analysis.meta.published ?? options.input?.published);
    const title = analysis.title?.text ?? options.input?.title ?? null;
    const outlet = resolveOutlet(analysis.meta, options.outlet, options.input);
    const signature = minhash(analysis.text);
    const bands = bandKeys(signature);
    const nearDuplicates = this.findNearDuplicates(bands, signature);
    const original = nearDuplicates[0];
    const keys = storyKeys(analysis);
    const storyId = original ? original.story_id : (this.matchStory(keys, published) ?? this.newStory(title));

    const rowid = Number(
      this
        .prepare(
          `INSERT INTO articles (id, doc_id, label, title, outlet, outlet_from, url, published, ingested_at, words, genre, n_actors, n_quotes, n_figures,
             analysis_version, duplicate_of, story_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          analysis.id,
          options.label ?? null,
          title,
          outlet.outlet,
          outlet.from,
          analysis.meta.url ?? options.input?.url ?? null,
          published,
          new Date().toISOString(),
          analysis.stats.words,
          analysis.genre?.label ?? null,
          analysis.entities.length,
          analysis.quotes.length,
          analysis.figures.length,
          analysis.schemaVersion,
          original ? (original.duplicate_of ?? original.id) : null,
          storyId,
        ).lastInsertRowid,
    );
    this.prepare("INSERT INTO article_content (rowid, title, text, analysis, signature) VALUES (?, ?, ?, ?, ?)").run(
      rowid,
      title ?? "",
      analysis.text,
      encodeAnalysis(analysis),
      signatureToBuffer(signature),
    );
    this.prepare("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)").run(rowid, title ?? "", analysis.text);
    const band = this.prepare("INSERT OR IGNORE INTO minhash_bands (band, key, article) VALUES (?, ?, ?)");
    bands.forEach((key, i) => band.run(i, key, rowid));
    const link = this.prepare("INSERT INTO near_duplicates (article, other, similarity) VALUES (?, ?, ?)");
    for (const d of nearDuplicates) link.run(rowid, d.rowid, d.similarity);
    const key = this.prepare("INSERT OR IGNORE INTO story_keys (key, article) VALUES (?, ?)");
    const keyCount = this.prepare("INSERT INTO story_key_counts (key, articles) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET articles = articles + 1");
    for (const k of keys) {
      key.run(k, rowid);
      keyCount.run(k);
    }
    this.insertFindings(rowid, analysis);
    insertForecasts((sql) => this.prepare(sql), rowid, analysis);
    this
      .prepare(
        `UPDATE stories SET articles = articles + 1,
           first_published = CASE WHEN first_published IS NULL OR @published < first_published THEN @published ELSE first_published END,
           last_published = CASE WHEN last_published IS NULL OR @published > last_published THEN @published ELSE last_published END
         WHERE id = @storyId`,
      )
      .run({ published, storyId });
    return { id, status: "new", duplicateOf: original ? (original.duplicate_of ?? original.id) : null, storyId };
  }

  private insertFindings(rowid: number, analysis: Analysis): void {
    const entity = this.prepare("INSERT INTO entities (article, name, aliases, type, role, mentions) VALUES (?, ?, ?, ?, ?, ?)");
    const actorId = this.prepare("SELECT id FROM actors WHERE name = ? AND aliases = ?").pluck();
    const newActor = this.prepare("INSERT INTO actors (name, aliases) VALUES (?, ?)");
    const actorFts = this.prepare("INSERT INTO actors_fts (rowid, name, aliases) VALUES (?, ?, ?)");
    const actorArticle = this.prepare("INSERT OR IGNORE INTO actor_articles (actor, article) VALUES (?, ?)");
    for (const e of analysis.entities) {
      const aliases = e.aliases.join(" | ");
      entity.run(rowid, e.name, aliases, e.type, e.role?.main ?? null, JSON.stringify(e.mentions.map((m) => [m.start, m.end])));
      let id = actorId.get(e.name, aliases) as number | undefined;
      if (id === undefined) {
        id = Number(newActor.run(e.name, aliases).lastInsertRowid);
        actorFts.run(id, e.name, aliases);
      }
      actorArticle.run(id, rowid);
    }
    const quote = this.prepare("INSERT INTO quotes (article, start, end, text, speaker) VALUES (?, ?, ?, ?, ?)");
    const quotesBy = new Map<string, number>();
    for (const q of analysis.quotes) {
      quote.run(rowid, q.start, q.end, q.text, q.speaker?.name ?? null);
      if (q.speaker) quotesBy.set(q.speaker.name, (quotesBy.get(q.speaker.name) ?? 0) + 1);
    }
    const speakerId = this.prepare("SELECT id FROM speakers WHERE name = ?").pluck();
    const newSpeaker = this.prepare("INSERT INTO speakers (name) VALUES (?)");
    const speakerFts = this.prepare("INSERT INTO speakers_fts (rowid, name) VALUES (?, ?)");
    const speakerQuotes = this.prepare("UPDATE speakers SET quotes = quotes + ? WHERE id = ?");
    const speakerArticle = this.prepare("INSERT OR IGNORE INTO speaker_articles (speaker, article) VALUES (?, ?)");
    for (const [name, count] of quotesBy) {
      let id = speakerId.get(name) as number | undefined;
      if (id === undefined) {
        id = Number(newSpeaker.run(name).lastInsertRowid);
        speakerFts.run(id, name);
      }
      speakerQuotes.run(count, id);
      speakerArticle.run(id, rowid);
    }
    const narrative = this.prepare("INSERT INTO narratives (article, label, narrative, evidence) VALUES (?, ?, ?, ?)");
    for (const n of analysis.narratives ?? []) narrative.run(rowid, n.label, n.narrative, JSON.stringify(n.evidence.map((e) => [e.start, e.end])));
    const technique = this.prepare("INSERT INTO techniques (article, technique, start, end) VALUES (?, ?, ?, ?)");
    for (const t of analysis.techniques ?? []) technique.run(rowid, t.technique, t.start, t.end);
    const frame = this.prepare("INSERT INTO frames (article, label) VALUES (?, ?)");
    for (const f of analysis.frames ?? []) frame.run(rowid, f.label);
    const figure = this.prepare("INSERT INTO figures (article, start, end, text, kind, value, subject) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const f of analysis.figures) figure.run(rowid, f.start, f.end, f.text, f.kind, f.value, f.counted?.toLowerCase() ?? null);
  }

  /** Earlier articles whose signatures share an LSH band and are similar enough, most similar first. */
  private findNearDuplicates(bands: number[], signature: Uint32Array): Array<{ rowid: number; id: string; duplicate_of: string | null; story_id: number; similarity: number }> {
    const candidates = new Set<number>();
    const lookup = this.prepare("SELECT article FROM minhash_bands WHERE band = ? AND key = ?").pluck();
    bands.forEach((key, band) => {
      for (const rowid of lookup.all(band, key) as number[]) candidates.add(rowid);
    });
    const row = this.prepare("SELECT a.id, a.duplicate_of, a.story_id, c.signature FROM articles a JOIN article_content c ON c.rowid = a.rowid WHERE a.rowid = ?");
    const found = [];
    for (const rowid of candidates) {
      const r = row.get(rowid) as { id: string; duplicate_of: string | null; story_id: number; signature: Buffer };
      const s = similarity(signature, signatureFromBuffer(r.signature));
      if (s >= NEAR_DUPLICATE_SIMILARITY) found.push({ rowid, id: r.id, duplicate_of: r.duplicate_of, story_id: r.story_id, similarity: s });
    }
    return found.sort((a, b) => b.similarity - a.similarity);
  }

  /** The story of the earlier article that shares most salient actors and terms within the story window. */
  private matchStory(keys: string[], published: string | null): number | null {
    const shared = new Map<number, number>();
    // Most recent holders of each key only: bounds the work on a large corpus with common keys.
    const holders = this.prepare("SELECT article FROM story_keys WHERE key = ? ORDER BY article DESC LIMIT 200").pluck();
    for (const key of keys) for (const rowid of holders.all(key) as number[]) shared.set(rowid, (shared.get(rowid) ?? 0) + 1);
    const keysOf = this.prepare("SELECT key FROM story_keys WHERE article = ?").pluck();
    const article = this.prepare("SELECT published, story_id FROM articles WHERE rowid = ?");
    const keyCount = this.prepare("SELECT articles FROM story_key_counts WHERE key = ?").pluck();
    const articlesWith = (key: string) => (keyCount.get(key) as number | undefined) ?? 0;
    // Rowids only grow: the largest is the article count without counting.
    const articles = this.prepare("SELECT max(rowid) FROM articles").pluck().get() as number | null;
    let best: { story: number; score: number } | null = null;
    const candidates = [...shared].filter(([, n]) => n >= 3).sort((a, b) => b[1] - a[1]).slice(0, 30);
    for (const [rowid] of candidates) {
      const other = article.get(rowid) as { published: string | null; story_id: number };
      if (!withinStoryWindow(published, other.published)) continue;
      const score = storyScore(keys, keysOf.all(rowid) as string[], articlesWith, articles ?? 0);
      if (score >= SAME_STORY_SCORE && (!best || score > best.score)) best = { story: other.story_id, score };
    }
    return best?.story ?? null;
  }

  private newStory(title: string | null): number {
    return Number(this.prepare("INSERT INTO stories (title) VALUES (?)").run(title).lastInsertRowid);
  }

  async getArticle(id: string): Promise<StoredArticle | null> {
    const row = this.prepare(`SELECT ${SUMMARY_COLUMNS}, c.text, c.analysis FROM articles a JOIN article_content c ON c.rowid = a.rowid WHERE a.id = ?`).get(id) as (ArticleRow & { text: string; analysis: Buffer }) | undefined;
    if (!row) return null;
    const nearDuplicates = this
      .prepare(
        `SELECT a.id, a.title, a.outlet, d.similarity FROM near_duplicates d JOIN articles a ON a.rowid = d.other WHERE d.article = @rowid
         UNION SELECT a.id, a.title, a.outlet, d.similarity FROM near_duplicates d JOIN articles a ON a.rowid = d.article WHERE d.other = @rowid
         ORDER BY similarity DESC`,
      )
      .all({ rowid: row.rowid }) as Array<{ id: string; title: string | null; outlet: string | null; similarity: number }>;
    const forecasts = (this.prepare(`${FORECAST_SELECT} WHERE f.article = ? ORDER BY f.start`).all(row.rowid) as Row[]).map(toForecast);
    return { ...toSummary(row), analysis: decodeAnalysis(row.analysis, row.text), nearDuplicates, forecasts };
  }

  async listArticles(filter: ArticleFilter = {}, page: Page = {}): Promise<Paged<ArticleSummary>> {
    const where = new Where();
    where.articleFilter(filter);
    return this.paged(`FROM articles a ${where.sql}`, where.params, `SELECT ${SUMMARY_COLUMNS}`, NEWEST_FIRST, page, (r) => toSummary(r as unknown as ArticleRow));
  }

  /**
   * Plans by selectivity, from how many rows each filter matches (counted only up to a limit):
   * - a small filter (at most `drive` rows, see PlanLimits) drives a search without text: its articles are
   *   fetched by rowid, the other filters checked on them and the few left sorted and counted;
   * - when all filters are broad, articles are walked newest first through an index and each
   *   probed until the page is full; counting walks the narrowest filter and stops at a cap;
   * - with text, the full-text index drives. Filters cheap to list (`list` rows) are read
   *   once into rowid lists, and then only the matches that pass them are scored and counted.
   *   Broader ones are probed on the matches in rank order until the page is full.
   */
  async search(query: SearchQuery, page: Page = {}): Promise<Paged<SearchHit>> {
    const text = query.text?.trim() ? ftsQuery(query.text) : null;
    const sets = this.articleSets(query);
    const toHit = (r: Row) => this.toHit(r as unknown as ArticleRow, query);
    const select = `SELECT ${SUMMARY_COLUMNS}`;
    if (!sets) return { total: 0, offset: Math.max(0, page.offset ?? 0), items: [] };
    const columns = new Where();
    columns.articleFilter(query);
    // Article columns (outlet, dates, story) as one filter, answered by the articles' own indexes.
    const columnSet: ArticleSet | null = columns.empty ? null : { probe: () => "", source: `SELECT a.rowid AS article FROM articles a ${columns.sql}`, params: columns.params };
    const size = new Map([...sets, ...(columnSet ? [columnSet] : [])].map((set) => [set, this.rowsUpTo(set.source, set.params, this.limits.drive)]));
    const small = (set: ArticleSet) => size.get(set)! <= this.limits.drive;
    /** Cheaper to list once than to probe per article. */
    const listable = (set: ArticleSet) => {
      if (small(set)) return true;
      if (size.get(set)! <= this.limits.drive + 1) size.set(set, this.rowsUpTo(set.source, set.params, this.limits.list));
      return size.get(set)! <= this.limits.list;
    };

    if (text) {
      const match = "SELECT rowid AS article FROM articles_fts WHERE articles_fts MATCH ?";
      let matches: number | undefined;
      // Listing a broad set pays when it spares scoring more matches than it has rows.
      const worthListing = (set: ArticleSet) => {
        if (listable(set)) return true;
        matches ??= this.rowsUpTo(match, [text], 4 * this.limits.list);
        return matches > this.limits.list && this.rowsUpTo(set.source, set.params, matches) <= matches;
      };
      const listed = new Where();
      listed.add("articles_fts MATCH ?", text);
      const probed = new Where();
      const probedSets: ArticleSet[] = [];
      // A unary plus keeps the full-text table from being asked for each listed rowid in turn.
      for (const set of [...sets, ...(columnSet ? [columnSet] : [])]) {
        if (worthListing(set)) listed.add(`+f.rowid IN (${set.source})`, ...set.params);
        else if (set === columnSet) probed.addAll(columns);
        else {
          probed.add(set.probe("f.rowid"), ...set.params);
          probedSets.push(set);
        }
      }
      if (probed.empty) {
        // Only the matches that pass the filters are scored, once, and counted from the same list.
        const offset = Math.max(0, page.offset ?? 0);
        const rows = this.prepare(
          `WITH m AS MATERIALIZED (SELECT f.rowid AS r, bm25(articles_fts) AS score FROM articles_fts f ${listed.sql})
           SELECT (SELECT count(*) FROM m) AS m_total, ${SUMMARY_COLUMNS} FROM (SELECT r, score FROM m ORDER BY score, r LIMIT ? OFFSET ?) p
           CROSS JOIN articles a ON a.rowid = p.r ORDER BY p.score, p.r`,
        ).all(...listed.params, clampLimit(page.limit ?? 20), offset) as Row[];
        const total = rows.length ? (rows[0].m_total as number) : (this.prepare(`SELECT count(*) FROM articles_fts f ${listed.sql}`).pluck().get(...listed.params) as number);
        return { total, offset, items: rows.map(toHit) };
      }
      // Every match is scored; the broad filters are probed in rank order until the page is full.
      const where = new Where();
      where.addAll(listed);
      where.addAll(probed);
      const from = `FROM articles_fts f JOIN articles a ON a.rowid = f.rowid ${where.sql}`;
      matches ??= this.rowsUpTo(match, [text], 4 * this.limits.list);
      // Counting walks the matches, probing, unless a probed set is small beside them: then its articles.
      const matchCount = matches;
      const driver = probedSets.find((set) => this.rowsUpTo(set.source, set.params, 5 * matchCount) <= 5 * matchCount);
      if (!driver) {
        const countFrom = `FROM articles_fts f${probed.empty || !columnSet || listable(columnSet) ? "" : " JOIN articles a ON a.rowid = f.rowid"} ${where.sql}`;
        return this.paged(from, where.params, select, "f.rank", page, toHit, { capped: true, countFrom, countParams: where.params });
      }
      const rest = probedSets.filter((set) => set !== driver);
      const counted = new Where();
      counted.add(`+d.article IN (SELECT f.rowid FROM articles_fts f ${listed.sql})`, ...listed.params);
      for (const set of rest) counted.add(set.probe("d.article"), ...set.params);
      if (!columns.empty && columnSet && !listable(columnSet)) counted.addAll(columns);
      const countFrom = `FROM (SELECT DISTINCT article FROM (${driver.source})) d${counted.sql.includes("a.") ? " CROSS JOIN articles a ON a.rowid = d.article" : ""} ${counted.sql}`;
      return this.paged(from, where.params, select, "f.rank", page, toHit, { capped: true, countFrom, countParams: [...driver.params, ...counted.params] });
    }

    if (!sets.length) return this.paged(`FROM articles a ${columns.sql}`, columns.params, select, NEWEST_FIRST, page, toHit);
    const [narrowest, ...others] = [...sets].sort((a, b) => size.get(a)! - size.get(b)!);
    if (small(narrowest) && !(columnSet && small(columnSet) && size.get(columnSet)! < size.get(narrowest)!)) {
      // The narrowest set's distinct articles, looked up by rowid; the other filters checked on those.
      const where = new Where();
      where.addAll(columns);
      for (const set of others) {
        if (listable(set)) where.add(`a.rowid IN (${set.source})`, ...set.params);
        else where.add(set.probe("a.rowid"), ...set.params);
      }
      const from = `FROM (SELECT DISTINCT article FROM (${narrowest.source})) d CROSS JOIN articles a ON a.rowid = d.article ${where.sql}`;
      return this.paged(from, [...narrowest.params, ...where.params], select, NEWEST_FIRST, page, toHit, { narrow: true });
    }
    // Articles walked newest first (or through a small column filter's index), each probed.
    const where = new Where();
    where.addAll(columns);
    for (const set of sets) where.add(set.probe("a.rowid"), ...set.params);
    const from = `FROM articles a ${where.sql}`;
    if (columnSet && small(columnSet)) return this.paged(from, where.params, select, NEWEST_FIRST, page, toHit);
    // Counting walks the narrowest set's distinct articles, checking the rest, up to the cap.
    const counted = new Where();
    counted.addAll(columns);
    for (const set of others) {
      if (listable(set)) counted.add(`d.article IN (${set.source})`, ...set.params);
      else counted.add(set.probe("d.article"), ...set.params);
    }
    const countFrom = `FROM (SELECT DISTINCT article FROM (${narrowest.source})) d${columns.empty ? "" : " CROSS JOIN articles a ON a.rowid = d.article"} ${counted.sql}`;
    return this.paged(from, where.params, select, NEWEST_FIRST, page, toHit, { capped: true, countFrom, countParams: [...narrowest.params, ...counted.params] });
  }

  /** Rows `source` yields, counted up to `limit + 1`. */
  private rowsUpTo(source: string, params: unknown[], limit: number): number {
    return this.prepare(`SELECT count(*) FROM (${source} LIMIT ?)`).pluck().get(...params, limit + 1) as number;
  }

  /**
   * The filters on what an article contains, each as a probe of one article and as the list of
   * the articles it matches (`article` column); null when a name matches no speaker or actor at all.
   */
  private articleSets(query: SearchQuery): ArticleSet[] | null {
    const sets: ArticleSet[] = [];
    if (query.speaker) {
      const ids = this.speakerIds(query.speaker);
      if (!ids.length) return null;
      sets.push(linkedNames("speaker_articles", "speaker", ids));
    }
    if (query.actor) {
      const ids = this.prepare("SELECT rowid FROM actors_fts WHERE actors_fts MATCH ?").pluck().all(nameQuery(query.actor)) as number[];
      if (!ids.length) return null;
      sets.push(linkedNames("actor_articles", "actor", ids));
    }
    if (query.narrative) {
      const labels = JSON.stringify([...new Set(labelVariants(query.narrative))]);
      sets.push({
        probe: (rowid) => `EXISTS (SELECT 1 FROM narratives n WHERE n.article = ${rowid} AND (n.label IN (SELECT value FROM json_each(?)) OR n.narrative IN (SELECT value FROM json_each(?))))`,
        source: "SELECT article FROM narratives WHERE label IN (SELECT value FROM json_each(?)) OR narrative IN (SELECT value FROM json_each(?))",
        params: [labels, labels],
      });
    }
    if (query.technique) {
      const labels = JSON.stringify([...new Set(labelVariants(query.technique))]);
      sets.push({
        probe: (rowid) => `EXISTS (SELECT 1 FROM techniques t WHERE t.article = ${rowid} AND t.technique IN (SELECT value FROM json_each(?)))`,
        source: "SELECT article FROM techniques WHERE technique IN (SELECT value FROM json_each(?))",
        params: [labels],
      });
    }
    return sets;
  }

  /** Ids of the speaker names that contain every word of `name`. */
  private speakerIds(name: string): number[] {
    return this.prepare("SELECT rowid FROM speakers_fts WHERE speakers_fts MATCH ?").pluck().all(nameQuery(name)) as number[];
  }

  /** The spans that made an article match, in text order. */
  private toHit(row: ArticleRow, query: SearchQuery): SearchHit {
    const text = this.prepare("SELECT text FROM article_content WHERE rowid = ?").pluck().get(row.rowid) as string;
    const spans: MatchSpan[] = [];
    const at = (start: number, end: number, kind: MatchSpan["kind"]) => spans.push({ start, end, text: text.slice(start, end), kind });
    if (query.text) for (const s of textSpans(text, queryTerms(query.text))) at(s.start, s.end, "text");
    const matchesSpeaker = nameMatcher(query.speaker ?? "");
    const matchesActor = nameMatcher(query.actor ?? "");
    if (query.speaker) {
      for (const q of this.prepare("SELECT start, end, speaker FROM quotes WHERE article = ?").all(row.rowid) as Array<{ start: number; end: number; speaker: string | null }>) {
        if (q.speaker && matchesSpeaker(q.speaker)) at(q.start, q.end, "quote");
      }
    }
    if (query.actor) {
      for (const e of this.prepare("SELECT name, aliases, mentions FROM entities WHERE article = ?").all(row.rowid) as Array<{ name: string; aliases: string; mentions: string }>) {
        if (!matchesActor(`${e.name} ${e.aliases}`)) continue;
        for (const [start, end] of JSON.parse(e.mentions) as Array<[number, number]>) at(start, end, "actor");
      }
    }
    if (query.technique) {
      for (const t of this.prepare("SELECT start, end FROM techniques WHERE article = ? AND technique IN (?, ?)").all(row.rowid, ...labelVariants(query.technique)) as Array<{ start: number; end: number }>) {
        at(t.start, t.end, "technique");
      }
    }
    if (query.narrative) {
      const [label, normalized] = labelVariants(query.narrative);
      const rows = this
        .prepare("SELECT evidence FROM narratives WHERE article = @rowid AND (label IN (@label, @normalized) OR narrative IN (@label, @normalized))")
        .all({ rowid: row.rowid, label, normalized }) as Array<{ evidence: string }>;
      for (const n of rows) for (const [start, end] of JSON.parse(n.evidence) as Array<[number, number]>) at(start, end, "narrative");
    }
    spans.sort((a, b) => a.start - b.start || a.end - b.end);
    return { article: toSummary(row), snippet: snippet(text, spans[0] ?? null), spans };
  }

  async quotesBySpeaker(name: string, filter: ArticleFilter = {}, page: Page = {}): Promise<Paged<QuoteHit>> {
    const ids = this.speakerIds(name);
    if (!ids.length) return { total: 0, offset: Math.max(0, page.offset ?? 0), items: [] };
    const names = JSON.stringify(ids);
    // Every quote of these speakers, counted as they were stored.
    const quotes = this.prepare("SELECT sum(quotes) FROM speakers WHERE id IN (SELECT value FROM json_each(?))").pluck().get(names) as number;
    const select = `SELECT ${SUMMARY_COLUMNS}, q.start AS q_start, q.end AS q_end, q.text AS q_text, q.speaker AS q_speaker`;
    const toHit = (r: Row) => ({ article: toSummary(r as unknown as ArticleRow), speaker: r.q_speaker as string, quote: { start: r.q_start as number, end: r.q_end as number, text: r.q_text as string } });
    const order = `${NEWEST_FIRST}, q.start`;
    const where = new Where();
    where.articleFilter(filter);
    const filtered = !where.empty;
    where.add("q.speaker IN (SELECT name FROM speakers WHERE id IN (SELECT value FROM json_each(?)))", names);
    const articles = "SELECT article FROM speaker_articles WHERE speaker IN (SELECT value FROM json_each(?))";
    if (this.rowsUpTo(articles, [names], this.limits.drive) <= this.limits.drive) {
      // Quoted in few articles: those articles' quotes by these speakers, sorted by their keys
      // alone (narrow rows), then the page's rows read.
      const from = `FROM (SELECT DISTINCT article FROM (${articles})) d CROSS JOIN articles a ON a.rowid = d.article CROSS JOIN quotes q ON q.article = a.rowid ${where.sql}`;
      const params = [names, ...where.params];
      const offset = Math.max(0, page.offset ?? 0);
      const rows = this.prepare(
        `${select} FROM (SELECT a.rowid AS ar, a.published AS ap, q.rowid AS qr, q.start AS qs ${from} ORDER BY ap DESC, ar DESC, qs LIMIT ? OFFSET ?) m
         CROSS JOIN articles a ON a.rowid = m.ar CROSS JOIN quotes q ON q.rowid = m.qr ORDER BY m.ap DESC, m.ar DESC, m.qs`,
      ).all(...params, clampLimit(page.limit ?? 20), offset) as Row[];
      const total = filtered ? (this.prepare(`SELECT count(*) ${from}`).pluck().get(...params) as number) : quotes;
      return { total, offset, items: rows.map(toHit) };
    }
    // In many: walk the articles newest first, probing which quote these speakers.
    where.add(`EXISTS (SELECT 1 FROM speaker_articles s WHERE s.article = a.rowid AND s.speaker IN (SELECT value FROM json_each(?)))`, names);
    const from = `FROM articles a CROSS JOIN quotes q ON q.article = a.rowid ${where.sql}`;
    return this.paged(from, where.params, select, order, page, toHit, filtered ? { capped: true } : { total: quotes });
  }

  async speakers(prefix = "", limit = 50): Promise<NameCount[]> {
    const like = prefix.replace(/[\\%_]/g, "\\$&");
    return this.prepare("SELECT name, quotes AS count FROM speakers WHERE quotes > 0 AND (name LIKE @start ESCAPE '\\' OR name LIKE @word ESCAPE '\\') ORDER BY count DESC, name LIMIT @limit").all({
      start: `${like}%`,
      word: `% ${like}%`,
      limit: clampLimit(limit),
    }) as NameCount[];
  }

  async stories(filter: StoryFilter = {}, page: Page = {}): Promise<Paged<StorySummary>> {
    const where = new Where();
    if (filter.minArticles) where.add("s.articles >= ?", filter.minArticles);
    if (filter.storyId !== undefined) where.add("s.id = ?", filter.storyId);
    const { storyId: _all, minArticles: _min, ...articleFilter } = filter;
    if (Object.values(articleFilter).some((v) => v !== undefined)) {
      const inner = new Where();
      inner.articleFilter(articleFilter);
      where.add(`s.id IN (SELECT a.story_id FROM articles a ${inner.sql})`, ...inner.params);
    }
    return this.paged(`FROM stories s ${where.sql}`, where.params, "SELECT s.*", "s.articles DESC, s.last_published DESC, s.id", page, (r) => this.toStorySummary(r));
  }

  private toStorySummary(r: Row): StorySummary {
    const id = r.id as number;
    const outlets = this.prepare("SELECT DISTINCT coalesce(outlet, ?) FROM articles WHERE story_id = ? ORDER BY 1").pluck().all(UNKNOWN_OUTLET, id) as string[];
    const actors = this
      .prepare("SELECT e.name FROM entities e JOIN articles a ON a.rowid = e.article WHERE a.story_id = ? GROUP BY e.name ORDER BY count(DISTINCT e.article) DESC, sum(json_array_length(e.mentions)) DESC LIMIT 5")
      .pluck()
      .all(id) as string[];
    return { id, title: r.title as string | null, articles: r.articles as number, outlets, firstPublished: r.first_published as string | null, lastPublished: r.last_published as string | null, actors };
  }

  async story(id: number): Promise<StoryComparison | null> {
    const row = this.prepare("SELECT * FROM stories WHERE id = ?").get(id) as Row | undefined;
    if (!row) return null;
    const members = (this.prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.story_id = ? ORDER BY a.published, a.rowid`).all(id) as ArticleRow[]).map(toSummary);
    const counts = (sql: string) => {
      const byOutlet = new Map<string, NameCount[]>();
      for (const r of this.prepare(sql).all({ unknown: UNKNOWN_OUTLET, id }) as Array<{ outlet: string; name: string; count: number }>) {
        byOutlet.set(r.outlet, [...(byOutlet.get(r.outlet) ?? []), { name: r.name, count: r.count }]);
      }
      return byOutlet;
    };
    const perOutlet = (table: string, column: string) =>
      counts(`SELECT coalesce(a.outlet, @unknown) AS outlet, t.${column} AS name, count(*) AS count FROM ${table} t JOIN articles a ON a.rowid = t.article
              WHERE a.story_id = @id AND t.${column} IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`);
    const speakers = perOutlet("quotes", "speaker");
    const narratives = perOutlet("narratives", "label");
    const techniques = perOutlet("techniques", "technique");
    const roles = counts(`SELECT coalesce(a.outlet, @unknown) AS outlet, t.name || char(31) || t.role AS name, count(*) AS count FROM entities t JOIN articles a ON a.rowid = t.article
                          WHERE a.story_id = @id AND t.role IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`);
    const byOutlet: OutletInStory[] = [...new Set(members.map((m) => m.outlet ?? UNKNOWN_OUTLET))].map((outlet) => ({
      outlet,
      articleIds: members.filter((m) => (m.outlet ?? UNKNOWN_OUTLET) === outlet).map((m) => m.id),
      speakers: speakers.get(outlet) ?? [],
      narratives: narratives.get(outlet) ?? [],
      techniques: techniques.get(outlet) ?? [],
      roles: (roles.get(outlet) ?? []).map(({ name, count }) => {
        const [actor, role] = name.split("\u001f"); // char(31), a separator no name contains
        return { actor, role, count };
      }),
    }));
    return { ...this.toStorySummary(row), members, byOutlet, figureDisagreements: this.figureDisagreements(id) };
  }

  /** Figures counting the same thing whose values differ between outlets of one story. */
  private figureDisagreements(storyId: number): FigureDisagreement[] {
    const rows = this
      .prepare(
        `SELECT f.subject, coalesce(a.outlet, ?) AS outlet, a.id AS articleId, f.text, f.value FROM figures f JOIN articles a ON a.rowid = f.article
         WHERE a.story_id = ? AND f.subject IS NOT NULL AND f.value IS NOT NULL ORDER BY f.subject, outlet`,
      )
      .all(UNKNOWN_OUTLET, storyId) as Array<{ subject: string; outlet: string; articleId: string; text: string; value: number }>;
    const bySubject = new Map<string, typeof rows>();
    for (const r of rows) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r]);
    const disagreements: FigureDisagreement[] = [];
    for (const [subject, values] of bySubject) {
      if (new Set(values.map((v) => v.outlet)).size > 1 && new Set(values.map((v) => v.value)).size > 1) {
        disagreements.push({ subject, values: values.map(({ outlet, articleId, text, value }) => ({ outlet, articleId, text, value })) });
      }
    }
    return disagreements;
  }

  async outletProfiles(options: ProfileOptions = {}): Promise<OutletProfile[]> {
    const params = { chars: options.period === "year" ? 4 : 7, undated: "undated", unknown: UNKNOWN_OUTLET, outlet: options.outlet ?? null };
    const outlet = "coalesce(a.outlet, @unknown)";
    const scope = options.outlet === undefined ? "" : `AND ${outlet} = @outlet`;
    const period = "coalesce(substr(a.published, 1, @chars), @undated)";
    // One pass per distribution, counted per (outlet, period); totals are sums over periods.
    const distribution = (name: string, from: string, count = "count(DISTINCT a.rowid)") =>
      this.db
        .prepare(`SELECT ${outlet} AS outlet, ${period} AS period, ${name} AS name, ${count} AS count FROM ${from} WHERE ${name} IS NOT NULL ${scope} GROUP BY 1, 2, 3`)
        .all(params) as Array<{ outlet: string; period: string; name: string; count: number }>;
    const articles = this.db
      .prepare(
        `SELECT ${outlet} AS outlet, ${period} AS period, count(*) AS count, min(a.published) AS first, max(a.published) AS last,
           min(coalesce(a.outlet_from = 'folder', 0)) AS folder FROM articles a WHERE 1 ${scope} GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all(params) as Array<{ outlet: string; period: string; count: number; first: string | null; last: string | null; folder: number }>;
    const narratives = distribution("t.label", "narratives t JOIN articles a ON a.rowid = t.article");
    const techniques = distribution("t.technique", "techniques t JOIN articles a ON a.rowid = t.article");
    const frames = distribution("t.label", "frames t JOIN articles a ON a.rowid = t.article");
    const genres = distribution("a.genre", "articles a");
    const roles = distribution("t.name || ': ' || t.role", "entities t JOIN articles a ON a.rowid = t.article", "count(*)");
    const speakers = distribution("t.speaker", "quotes t JOIN articles a ON a.rowid = t.article", "count(*)");
    const forecasts = this.db
      .prepare(`SELECT ${outlet} AS outlet, f.status, count(*) AS count FROM forecasts f JOIN articles a ON a.rowid = f.article WHERE 1 ${scope} GROUP BY 1, 2`)
      .all(params) as Array<{ outlet: string; status: ForecastStatus; count: number }>;

    const profiles = new Map<string, OutletProfile>();
    for (const r of articles) {
      const p = profiles.get(r.outlet) ?? {
        outlet: r.outlet, articles: 0, firstPublished: null, lastPublished: null, narratives: [], techniques: [], frames: [], genres: [], roles: [], topSpeakers: [], timeline: [],
        forecasts: { open: 0, "came-true": 0, "did-not": 0 },
      };
      p.articles += r.count;
      // A folder's name, unless any of its articles named the outlet itself.
      const folder = r.folder === 1 && (p.articles === r.count || p.outletFrom === "folder");
      if (folder) p.outletFrom = "folder";
      else delete p.outletFrom;
      if (r.first && (!p.firstPublished || r.first < p.firstPublished)) p.firstPublished = r.first;
      if (r.last && (!p.lastPublished || r.last > p.lastPublished)) p.lastPublished = r.last;
      const inPeriod = (rows: typeof narratives) => ranked(rows.filter((x) => x.outlet === r.outlet && x.period === r.period));
      p.timeline.push({ period: r.period, articles: r.count, narratives: inPeriod(narratives), techniques: inPeriod(techniques), frames: inPeriod(frames), genres: inPeriod(genres) });
      profiles.set(r.outlet, p);
    }
    for (const p of profiles.values()) {
      const total = (rows: typeof narratives) => ranked(rows.filter((x) => x.outlet === p.outlet));
      Object.assign(p, { narratives: total(narratives), techniques: total(techniques), frames: total(frames), genres: total(genres), roles: total(roles).slice(0, 50), topSpeakers: total(speakers).slice(0, 20) });
      for (const f of forecasts.filter((x) => x.outlet === p.outlet)) p.forecasts[f.status] = f.count;
    }
    return [...profiles.values()].sort((a, b) => b.articles - a.articles || (a.outlet < b.outlet ? -1 : 1));
  }

  async forecasts(filter: ForecastFilter = {}, page: Page = {}): Promise<Paged<StoredForecast>> {
    const where = new Where();
    where.articleFilter(filter);
    if (filter.status) where.add("f.status = ?", filter.status);
    if (filter.predictor) where.add("f.predictor LIKE ?", `%${filter.predictor}%`);
    return this.paged(`FROM forecasts f JOIN articles a ON a.rowid = f.article ${where.sql}`, where.params, FORECAST_COLUMNS, `${NEWEST_FIRST}, f.start`, page, toForecast);
  }

  async setForecastStatus(id: number, status: ForecastStatus, note?: string): Promise<StoredForecast | null> {
    this.prepare("UPDATE forecasts SET status = ?, note = ?, status_changed_at = ? WHERE id = ?").run(status, note ?? null, new Date().toISOString(), id);
    const row = this.prepare(`${FORECAST_SELECT} WHERE f.id = ?`).get(id) as Row | undefined;
    return row ? toForecast(row) : null;
  }

  async stats(): Promise<CorpusStats> {
    const count = (sql: string) => this.prepare(sql).pluck().get() as number;
    return {
      articles: count("SELECT count(*) FROM articles"),
      nearDuplicates: count("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
      stories: count("SELECT count(*) FROM stories"),
      outlets: count("SELECT count(DISTINCT coalesce(outlet, '')) FROM articles"),
      quotes: count("SELECT count(*) FROM quotes"),
      forecasts: count("SELECT count(*) FROM forecasts"),
      schemaVersion: this.db.pragma("user_version", { simple: true }) as number,
    };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * Runs a count and one page of a query; `from` holds the FROM and WHERE clauses. The count is
   * exact unless `capped`: then it stops at `countCap` matches past the offset and says so.
   */
  private paged<T>(from: string, params: unknown[], select: string, order: string, page: Page, map: (row: Row) => T, count: CountPlan = {}): Paged<T> {
    const offset = Math.max(0, page.offset ?? 0);
    // Sorting many matches sorts their rowids and sort keys only; the page's rows are read after.
    const sql = count.narrow
      ? `${select} FROM (SELECT a.rowid AS ar, a.published ${from} ORDER BY ${order} LIMIT ? OFFSET ?) m CROSS JOIN articles a ON a.rowid = m.ar ORDER BY ${order}`
      : `${select} ${from} ORDER BY ${order} LIMIT ? OFFSET ?`;
    const rows = this.prepare(sql).all(...params, clampLimit(page.limit ?? 20), offset) as Row[];
    const items = rows.map(map);
    if (count.total !== undefined) return { total: count.total, offset, items };
    if (count.countSql) return { total: this.prepare(count.countSql).pluck().get(...(count.countParams ?? [])) as number, offset, items };
    if (!count.capped) return { total: this.prepare(`SELECT count(*) ${from}`).pluck().get(...params) as number, offset, items };
    const cap = offset + this.limits.countCap;
    const total = this.prepare(`SELECT count(*) FROM (SELECT 1 ${count.countFrom ?? from} LIMIT ?)`).pluck().get(...(count.countParams ?? params), cap + 1) as number;
    return total > cap ? { total: cap, offset, items, capped: true } : { total, offset, items };
  }
}

/**
 * How `paged` counts: exactly by running the query (the default), a count known beforehand, another
 * query (`countSql`), or up to a cap (`capped`, over `countFrom` instead of the page's FROM when given).
 */
interface CountPlan {
  total?: number;
  countSql?: string;
  countFrom?: string;
  countParams?: unknown[];
  capped?: boolean;
  /** Many rows to sort (ordered by article columns only): sort their rowids first. */
  narrow?: boolean;
}

/** A filter on what articles contain: `probe` tests one article's rowid, `source` lists the matching articles' rowids (`article`). */
interface ArticleSet {
  probe: (rowid: string) => string;
  source: string;
  params: unknown[];
}

/**
 * The articles linked to any of the name ids in a link table (speaker_articles, actor_articles).
 * Beyond 3 ids the probe's "+" keeps SQLite on the article index rather than the name index.
 */
function linkedNames(table: string, column: string, ids: readonly number[]): ArticleSet {
  return {
    probe: (rowid) => `EXISTS (SELECT 1 FROM ${table} l WHERE l.article = ${rowid} AND ${ids.length > 3 ? "+" : ""}l.${column} IN (SELECT value FROM json_each(?)))`,
    source: `SELECT article FROM ${table} WHERE ${column} IN (SELECT value FROM json_each(?))`,
    params: [JSON.stringify(ids)],
  };
}

/** Brings a database to the latest schema, or says why it cannot. */
function migrate(db: Database.Database, path: string, readonly: boolean): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > LATEST_VERSION) {
    throw new Error(`${path}: written by a newer newsprism (schema v${version}; this version reads up to v${LATEST_VERSION}) — upgrade newsprism`);
  }
  if (version === 0 && (db.prepare("SELECT count(*) FROM sqlite_master").pluck().get() as number) > 0) {
    throw new Error(`${path}: not a newsprism database (it has tables but no newsprism schema version)`);
  }
  if (version === LATEST_VERSION) return;
  if (readonly) throw new Error(`${path}: schema v${version} needs upgrading to v${LATEST_VERSION}; open it once for writing (e.g. newsprism ingest) first`);
  for (const m of MIGRATIONS.filter((step) => step.version > version)) {
    db.transaction(() => {
      db.exec(m.sql);
      m.backfill?.(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/** WHERE clause under construction with its positional parameters. */
class Where {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  /** `clause` uses plain `?` placeholders, one per param, in order. */
  add(clause: string, ...params: unknown[]): void {
    this.clauses.push(clause);
    this.params.push(...params);
  }

  articleFilter(filter: ArticleFilter): void {
    if (filter.outlet !== undefined) this.add(filter.outlet === UNKNOWN_OUTLET ? "a.outlet IS NULL" : "a.outlet = ?", ...(filter.outlet === UNKNOWN_OUTLET ? [] : [filter.outlet]));
    if (filter.since) this.add("a.published >= ?", filter.since);
    if (filter.until) this.add("a.published < ?", untilExclusive(filter.until));
    if (filter.storyId !== undefined) this.add("a.story_id = ?", filter.storyId);
  }

  addAll(other: Where): void {
    this.clauses.push(...other.clauses);
    this.params.push(...other.params);
  }

  get empty(): boolean {
    return this.clauses.length === 0;
  }

  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(" AND ")}` : "";
  }
}

/** "until 2022-09-30" includes that whole day. */
function untilExclusive(until: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}\uffff` : until;
}

function labelVariants(label: string): [string, string] {
  return [label.trim(), normalizeLabel(label)];
}

function ranked(rows: Array<{ name: string; count: number }>): NameCount[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.name, (totals.get(r.name) ?? 0) + r.count);
  return [...totals].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
}

function clampLimit(limit: number): number {
  return Math.min(500, Math.max(1, Math.floor(limit)));
}

function toSummary(r: ArticleRow): ArticleSummary {
  return {
    id: r.id,
    title: r.title,
    outlet: r.outlet,
    outletFrom: r.outlet_from ?? null,
    url: r.url,
    published: r.published,
    ingestedAt: r.ingested_at,
    words: r.words,
    label: r.label,
    duplicateOf: r.duplicate_of,
    storyId: r.story_id,
    counts: { actors: r.n_actors, quotes: r.n_quotes, figures: r.n_figures, forecasts: r.n_forecasts },
  };
}

const FORECAST_COLUMNS = "SELECT f.*, a.id AS article_id, a.outlet, a.published";
const FORECAST_SELECT = `${FORECAST_COLUMNS} FROM forecasts f JOIN articles a ON a.rowid = f.article`;

function toForecast(r: Row): StoredForecast {
  return {
    id: r.id as number,
    articleId: r.article_id as string,
    outlet: r.outlet as string | null,
    published: r.published as string | null,
    start: r.start as number,
    end: r.end as number,
    text: r.text as string,
    claim: r.claim as string,
    predictor: r.predictor as string | null,
    cue: r.cue as string,
    deadline: r.deadline as string | null,
    deadlineDate: r.deadline_date as string | null,
    status: r.status as ForecastStatus,
    note: r.note as string | null,
    statusChangedAt: r.status_changed_at as string | null,
  };
}
