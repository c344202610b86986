import type Database from "better-sqlite3";
import { decodeAnalysis, insertForecasts } from "./codec.js";

/**
 * Versioned SQLite schema. A database records its version in `PRAGMA user_version`; opening it
 * applies the missing steps in order, each in its own transaction. Never edit a released step:
 * add a new one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Derives the new tables' rows for data already stored. */
  backfill?: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "articles, full-text index, actors, quotes, learned labels, figures, near-duplicates, stories",
    sql: `
      CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        articles INTEGER NOT NULL DEFAULT 0,
        first_published TEXT,
        last_published TEXT
      );
      CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        doc_id TEXT NOT NULL,
        label TEXT,
        title TEXT,
        outlet TEXT COLLATE NOCASE,
        url TEXT,
        published TEXT,
        ingested_at TEXT NOT NULL,
        words INTEGER NOT NULL,
        genre TEXT,
        n_actors INTEGER NOT NULL,
        n_quotes INTEGER NOT NULL,
        n_figures INTEGER NOT NULL,
        analysis_version TEXT NOT NULL,
        duplicate_of TEXT,
        story_id INTEGER NOT NULL REFERENCES stories(id)
      );
      CREATE INDEX articles_outlet ON articles(outlet, published);
      CREATE INDEX articles_published ON articles(published);
      CREATE INDEX articles_story ON articles(story_id);
      -- The large columns live apart: filtering, sorting and counting articles then reads small rows.
      CREATE TABLE article_content (
        rowid INTEGER PRIMARY KEY REFERENCES articles(rowid),
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        analysis BLOB NOT NULL,
        signature BLOB NOT NULL
      );
      CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='article_content', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');

      CREATE TABLE entities (
        rowid INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid),
        name TEXT NOT NULL,
        aliases TEXT NOT NULL,
        type TEXT NOT NULL,
        role TEXT,
        mentions TEXT NOT NULL
      );
      CREATE INDEX entities_article ON entities(article);
      CREATE VIRTUAL TABLE entities_fts USING fts5(name, aliases, content='entities', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');

      CREATE TABLE quotes (
        rowid INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT COLLATE NOCASE
      );
      CREATE INDEX quotes_article ON quotes(article);
      CREATE INDEX quotes_speaker ON quotes(speaker);
      CREATE VIRTUAL TABLE quotes_fts USING fts5(speaker, content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');

      CREATE TABLE narratives (article INTEGER NOT NULL REFERENCES articles(rowid), label TEXT NOT NULL COLLATE NOCASE, narrative TEXT NOT NULL COLLATE NOCASE, evidence TEXT NOT NULL);
      CREATE INDEX narratives_label ON narratives(label);
      CREATE INDEX narratives_narrative ON narratives(narrative);
      CREATE INDEX narratives_article ON narratives(article);
      CREATE TABLE techniques (article INTEGER NOT NULL REFERENCES articles(rowid), technique TEXT NOT NULL COLLATE NOCASE, start INTEGER NOT NULL, end INTEGER NOT NULL);
      CREATE INDEX techniques_technique ON techniques(technique);
      CREATE INDEX techniques_article ON techniques(article);
      CREATE TABLE frames (article INTEGER NOT NULL REFERENCES articles(rowid), label TEXT NOT NULL);
      CREATE INDEX frames_article ON frames(article);
      CREATE TABLE figures (
        article INTEGER NOT NULL REFERENCES articles(rowid),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        value REAL,
        subject TEXT
      );
      CREATE INDEX figures_article ON figures(article);

      -- Near-duplicates: LSH band keys of each article's MinHash signature, and the links found.
      CREATE TABLE minhash_bands (band INTEGER NOT NULL, key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (band, key, article)) WITHOUT ROWID;
      CREATE TABLE near_duplicates (article INTEGER NOT NULL, other INTEGER NOT NULL, similarity REAL NOT NULL, PRIMARY KEY (article, other)) WITHOUT ROWID;
      -- Story clustering: each article's salient actors and terms.
      CREATE TABLE story_keys (key TEXT NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)) WITHOUT ROWID;
      CREATE INDEX story_keys_article ON story_keys(article);
      CREATE TABLE story_key_counts (key TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: "forecasts with a user-set status",
    sql: `
      CREATE TABLE forecasts (
        id INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        claim TEXT NOT NULL,
        predictor TEXT,
        cue TEXT NOT NULL,
        deadline TEXT,
        deadline_date TEXT,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'came-true', 'did-not')),
        note TEXT,
        status_changed_at TEXT
      );
      CREATE INDEX forecasts_article ON forecasts(article);
      CREATE INDEX forecasts_status ON forecasts(status);
      ALTER TABLE articles ADD COLUMN n_forecasts INTEGER NOT NULL DEFAULT 0;
    `,
    // Articles stored before forecasts existed get theirs from the stored analyses.
    backfill(db) {
      const rows = db.prepare("SELECT rowid, text, analysis FROM article_content").all() as Array<{ rowid: number; text: string; analysis: Buffer }>;
      for (const row of rows) insertForecasts((sql) => db.prepare(sql), row.rowid, decodeAnalysis(row.analysis, row.text));
    },
  },
  {
    version: 3,
    description: "speaker and actor name dictionaries, covering indexes for the search filters",
    sql: `
      -- Searching by name finds the few matching names in a small full-text index, then their
      -- articles through an index, instead of matching every quote and mention of the corpus.
      -- One row per speaker name (case aside, as quotes.speaker compares), with its quote count.
      CREATE TABLE speakers (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, quotes INTEGER NOT NULL DEFAULT 0);
      CREATE VIRTUAL TABLE speakers_fts USING fts5(name, content='speakers', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
      CREATE TABLE speaker_articles (speaker INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (speaker, article)) WITHOUT ROWID;
      CREATE INDEX speaker_articles_article ON speaker_articles(article, speaker);
      -- One row per actor name with its aliases, as the entities rows spell them.
      CREATE TABLE actors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, aliases TEXT NOT NULL, UNIQUE (name, aliases));
      CREATE VIRTUAL TABLE actors_fts USING fts5(name, aliases, content='actors', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
      CREATE TABLE actor_articles (actor INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (actor, article)) WITHOUT ROWID;
      CREATE INDEX actor_articles_article ON actor_articles(article, actor);

      INSERT INTO speakers (name, quotes) SELECT speaker, count(*) FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY min(rowid);
      INSERT INTO speakers_fts (rowid, name) SELECT id, name FROM speakers;
      INSERT OR IGNORE INTO speaker_articles (speaker, article) SELECT s.id, q.article FROM quotes q JOIN speakers s ON s.name = q.speaker ORDER BY 1, 2;
      INSERT INTO actors (name, aliases) SELECT name, aliases FROM entities GROUP BY name, aliases ORDER BY min(rowid);
      INSERT INTO actors_fts (rowid, name, aliases) SELECT id, name, aliases FROM actors;
      INSERT OR IGNORE INTO actor_articles (actor, article) SELECT x.id, e.article FROM entities e JOIN actors x ON x.name = e.name AND x.aliases = e.aliases ORDER BY 1, 2;
      -- The per-mention full-text indexes they replace.
      DROP TABLE entities_fts;
      DROP TABLE quotes_fts;

      -- Covering indexes: a filter is answered from the index alone, both ways (which articles have
      -- the label; does this article have it).
      DROP INDEX narratives_label;
      DROP INDEX narratives_narrative;
      DROP INDEX narratives_article;
      CREATE INDEX narratives_label ON narratives(label, article);
      CREATE INDEX narratives_narrative ON narratives(narrative, article);
      CREATE INDEX narratives_article ON narratives(article, label, narrative);
      DROP INDEX quotes_article;
      CREATE INDEX quotes_article ON quotes(article, speaker, start);
      DROP INDEX techniques_technique;
      DROP INDEX techniques_article;
      CREATE INDEX techniques_technique ON techniques(technique, article);
      CREATE INDEX techniques_article ON techniques(article, technique);
    `,
  },
  {
    version: 4,
    description: "where each article's outlet came from",
    sql: `
      -- 'override' (--outlet), 'document', 'sidecar' (newsprism-meta.jsonl) or 'folder'; NULL for
      -- articles stored before (their outlet, if any, came with the input).
      ALTER TABLE articles ADD COLUMN outlet_from TEXT;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
