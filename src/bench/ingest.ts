/**
 * `npm run bench:ingest [-- --articles 20000 --scale 5]`: ingest throughput (articles/s) and peak
 * RSS on a synthetic corpus made from the training texts, then search latency (p50/p95) on it and
 * on a copy scaled to `scale`× the articles.
 *
 * The synthetic articles mix paragraphs of the training articles (so analysis costs what real
 * news costs), carry one of 12 outlets and a date, and 5% are light edits of earlier ones (the
 * near-duplicate path). The scaled copy repeats the analyzed rows with new ids — full-text
 * postings and filter tables grow as a corpus of the same distribution would, which is what search
 * latency depends on — so 100k is measured, not extrapolated, at the cost of a few minutes.
 */
import Database from "better-sqlite3";
import { copyFileSync, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { scriptArgs, wholeNumberArg } from "../cli/script-args.js";
import { ingest } from "../corpus/ingest.js";
import { createAnalyzer } from "../corpus/pool.js";
import { readInputs } from "../io/inputs.js";
import { defaultDataDir } from "../ml/paths.js";
import { SqliteStore } from "../store/sqlite.js";
import type { PutItem, SearchQuery, Store } from "../store/types.js";

const OUTLETS = ["Daily Ledger", "Morning Wire", "Global Courier", "The Sentinel", "Capital Post", "Harbor Times", "Free Press Hub", "Eastern Herald", "Nordic Review", "Plain Report", "Trend Watch", "Civic Voice"];
const TARGETS = { articlesPerSecond: 50, peakRssMb: 1024, searchP95Ms: 50 };

/** Deterministic pseudo-random numbers, so runs compare. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function trainingArticles(dataDir: string): Array<{ title: string; paragraphs: string[] }> {
  const dirs = [join(dataDir, "semeval2023-t3-en-train", "articles"), join(dataDir, "semeval2025-t10-en-train", "raw-documents")];
  return dirs.flatMap((d) =>
    readdirSync(d)
      .sort()
      .map((f) => {
        // One paragraph a line, as both task sets write them (some with blank lines between, some without).
        const [title, ...rest] = readFileSync(join(d, f), "utf8").split(/\n/).map((p) => p.trim()).filter(Boolean);
        return { title, paragraphs: rest };
      })
      .filter((a) => a.paragraphs.length > 0),
  );
}

const wordsOf = (text: string) => text.match(/\S+/g)?.length ?? 0;

/** Writes `count` synthetic articles as JSONL; returns the mean words per article, and the training articles' beside it. */
async function writeCorpus(path: string, count: number, dataDir: string): Promise<{ words: number; trainingWords: number }> {
  const base = trainingArticles(dataDir);
  const rand = random(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out = createWriteStream(path);
  const recent: Array<{ title: string; text: string; published: string }> = [];
  const day0 = Date.parse("2022-01-01");
  let words = 0;
  for (let i = 0; i < count; i++) {
    let record: { id: string; title: string; text: string; source: string; published: string };
    if (recent.length > 10 && rand() < 0.05) {
      // A syndicated copy: same text, a line added, another outlet.
      const original = pick(recent);
      record = { id: `bench-${i}`, title: original.title, text: `${original.text}\n\nThis story was first published by a partner outlet.`, source: pick(OUTLETS), published: original.published };
    } else {
      const story = Math.floor(rand() * base.length);
      const main = base[story];
      const other = pick(base);
      const paragraphs = main.paragraphs.filter(() => rand() < 0.8);
      paragraphs.splice(Math.floor(rand() * (paragraphs.length + 1)), 0, ...other.paragraphs.slice(0, 1 + Math.floor(rand() * 3)));
      // Articles from one training article read as one event: dates cluster around it.
      const published = new Date(day0 + (story * 1.7 + rand() * 3) * 86_400_000).toISOString().slice(0, 10);
      record = { id: `bench-${i}`, title: main.title, text: paragraphs.join("\n\n"), source: pick(OUTLETS), published };
      recent.push(record);
      if (recent.length > 200) recent.shift();
    }
    words += wordsOf(record.title) + wordsOf(record.text);
    if (!out.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const trainingWords = base.reduce((n, a) => n + wordsOf(a.title) + a.paragraphs.reduce((m, p) => m + wordsOf(p), 0), 0) / base.length;
  return { words: words / count, trainingWords };
}

async function measureIngest(corpus: string, db: string, threads: number) {
  const sqlite = SqliteStore.open(db);
  // Time spent storing (main thread), apart from analyzing (workers).
  let storeMs = 0;
  const store: Store = Object.assign(Object.create(sqlite) as Store, {
    putAnalyses: async (items: readonly PutItem[]) => {
      const t0 = performance.now();
      const results = await sqlite.putAnalyses(items);
      storeMs += performance.now() - t0;
      return results;
    },
  });
  const analyzer = createAnalyzer(threads);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  let done = 0;
  const summary = await ingest(readInputs([corpus]), {
    store,
    analyzer,
    inFlight: 3 * Math.max(1, threads),
    onItem: () => {
      if (++done % 1000 === 0) process.stderr.write(`  ${done} articles, ${(done / ((performance.now() - started) / 1000)).toFixed(1)}/s, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB\n`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await analyzer.close();
  await sqlite.close();
  const cpu = process.cpuUsage();
  return {
    ...summary,
    failed: summary.failed.length,
    seconds,
    articlesPerSecond: summary.read / seconds,
    peakRssMb: peakRss / 1048576,
    storeMsPerArticle: storeMs / Math.max(1, summary.stored),
    cpuMsPerArticle: (cpu.user + cpu.system) / 1000 / Math.max(1, summary.read),
  };
}

type BenchQuery = SearchQuery | { speaker: string; quotes: true };

/** Realistic workbench queries: names, topic words, phrases, filters, and quotes by speaker. */
function searchQueries(db: string): BenchQuery[] {
  const sql = new Database(db, { readonly: true });
  const speakers = sql.prepare("SELECT speaker FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY count(*) DESC LIMIT 20").pluck().all() as string[];
  const actors = sql.prepare("SELECT name FROM entities GROUP BY name ORDER BY count(*) DESC LIMIT 20").pluck().all() as string[];
  const narratives = sql.prepare("SELECT label FROM narratives GROUP BY label ORDER BY count(*) DESC LIMIT 5").pluck().all() as string[];
  const techniques = sql.prepare("SELECT technique FROM techniques GROUP BY technique ORDER BY count(*) DESC LIMIT 5").pluck().all() as string[];
  sql.close();
  const words = ["ukraine", "vaccine", "climate", "election", "migrants", "sanctions", "pandemic", "border", "nato", "inflation", "police", "border wall", "gas prices"];
  const queries: BenchQuery[] = [];
  for (const w of words) queries.push({ text: w }, { text: `"${w}"`, outlet: pick(OUTLETS, w) }, { text: w, since: "2022-06-01" });
  for (const s of speakers) queries.push({ speaker: s.split(" ").at(-1)! }, { speaker: s, quotes: true }, { text: pick(words, s), speaker: s });
  for (const a of actors) queries.push({ actor: a }, { text: pick(words, a), actor: a });
  // Filters alone, which match a large share of the corpus: the workbench's browsing pages.
  queries.push({}, { since: "2022-06-01" }, { until: "2022-03-31" }, { since: "2022-03-01", until: "2022-03-31" });
  for (const o of OUTLETS.slice(0, 4)) queries.push({ outlet: o }, { outlet: o, since: "2022-06-01" });
  for (const n of narratives) queries.push({ narrative: n }, { narrative: n, outlet: pick(OUTLETS, n) });
  for (const t of techniques) queries.push({ technique: t }, { technique: t, since: "2022-06-01" });
  return queries;
}

function pick<T>(xs: readonly T[], key: string): T {
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return xs[h % xs.length];
}

/** What kind of query: its fields, e.g. "text+outlet" or "quotes". */
function kindOf(q: BenchQuery): string {
  if ("quotes" in q) return "quotes";
  return Object.keys(q).sort().join("+") || "(all)";
}

async function measureSearch(db: string) {
  const store = SqliteStore.open(db, { readonly: true });
  const queries = searchQueries(db);
  const run = (q: BenchQuery) => ("quotes" in q ? store.quotesBySpeaker(q.speaker) : store.search(q));
  for (const q of queries) await run(q); // warm the page cache
  const millis: number[] = [];
  const byKind = new Map<string, number[]>();
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      await run(q);
      const ms = performance.now() - t0;
      millis.push(ms);
      byKind.set(kindOf(q), [...(byKind.get(kindOf(q)) ?? []), ms]);
    }
  }
  await store.close();
  const percentiles = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    return { queries: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted[sorted.length - 1] };
  };
  const kinds = Object.fromEntries([...byKind].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([kind, xs]) => [kind, percentiles(xs)]));
  return { ...percentiles(millis), kinds };
}

/** Repeats every analyzed article `times` times under new ids: a corpus `times`× larger of the same distribution. */
function scaleCopy(from: string, to: string, times: number): number {
  copyFileSync(from, to);
  const db = new Database(to);
  const articleColumns = (db.prepare("SELECT name FROM pragma_table_info('articles') WHERE name NOT IN ('rowid', 'id')").pluck().all() as string[]).join(", ");
  const max = db.prepare("SELECT max(rowid) FROM articles").pluck().get() as number;
  const copyTable = (table: string, columns: string, offset: number) => db.exec(`INSERT INTO ${table} (article, ${columns}) SELECT article + ${offset}, ${columns} FROM ${table} WHERE article <= ${max}`);
  db.transaction(() => {
    for (let k = 1; k < times; k++) {
      const offset = k * max;
      db.exec(`INSERT INTO articles (rowid, id, ${articleColumns}) SELECT rowid + ${offset}, id || '-${k}', ${articleColumns} FROM articles WHERE rowid <= ${max}`);
      db.exec(`INSERT INTO article_content (rowid, title, text, analysis, signature) SELECT rowid + ${offset}, title, text, analysis, signature FROM article_content WHERE rowid <= ${max}`);
      db.exec(`INSERT INTO articles_fts (rowid, title, text) SELECT rowid, title, text FROM article_content WHERE rowid > ${offset} AND rowid <= ${offset + max}`);
      db.exec(`INSERT INTO entities (article, name, aliases, type, role, mentions) SELECT article + ${offset}, name, aliases, type, role, mentions FROM entities WHERE article <= ${max} ORDER BY rowid`);
      db.exec(`INSERT INTO quotes (article, start, end, text, speaker) SELECT article + ${offset}, start, end, text, speaker FROM quotes WHERE article <= ${max} ORDER BY rowid`);
      // The same names: the name dictionaries stay, their links to articles grow.
      copyTable("actor_articles", "actor", offset);
      copyTable("speaker_articles", "speaker", offset);
      copyTable("narratives", "label, narrative, evidence", offset);
      copyTable("techniques", "technique, start, end", offset);
    }
    db.exec(`UPDATE speakers SET quotes = quotes * ${times}`);
  })();
  db.exec("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')");
  const count = db.prepare("SELECT count(*) FROM articles").pluck().get() as number;
  db.close();
  return count;
}

async function main(): Promise<void> {
  const { values } = scriptArgs({
    options: {
      articles: { type: "string", default: "20000" },
      scale: { type: "string", default: "5" },
      threads: { type: "string" },
      data: { type: "string" },
      keep: { type: "boolean" },
      // Search latency of an existing database only (e.g. a scaled.db kept by --keep): no ingest.
      "search-only": { type: "string" },
    },
  });
  if (values["search-only"]) {
    const db = values["search-only"];
    await SqliteStore.open(db).close(); // brings the schema up to date, as `newsprism ingest` would
    const search = await measureSearch(db);
    const articles = SqliteStore.open(db, { readonly: true });
    const count = (await articles.stats()).articles;
    await articles.close();
    process.stdout.write(`${JSON.stringify({ articles: count, ...search }, null, 2)}\n`);
    process.stdout.write(`search:  ${count} articles: p50 ${search.p50Ms.toFixed(1)} ms, p95 ${search.p95Ms.toFixed(1)} ms (target p95 < ${TARGETS.searchP95Ms} ms)\n`);
    return;
  }
  const count = wholeNumberArg(values.articles, "--articles", 1);
  const scale = wholeNumberArg(values.scale, "--scale", 1);
  const threads = values.threads === undefined ? availableParallelism() : wholeNumberArg(values.threads, "--threads", 0);
  const dir = mkdtempSync(join(tmpdir(), "newsprism-bench-"));
  try {
    const corpus = join(dir, "corpus.jsonl");
    const db = join(dir, "bench.db");
    const length = await writeCorpus(corpus, count, values.data ?? defaultDataDir());
    process.stderr.write(`ingesting ${count} synthetic articles (${length.words.toFixed(0)} words on average; the training articles ${length.trainingWords.toFixed(0)}) with ${threads} worker thread(s) on ${availableParallelism()} core(s)…\n`);
    const ingested = await measureIngest(corpus, db, threads);
    const search = await measureSearch(db);
    let scaled = null;
    if (scale > 1) {
      process.stderr.write(`scaling the corpus ${scale}×…\n`);
      const articles = scaleCopy(db, join(dir, "scaled.db"), scale);
      scaled = { articles, ...(await measureSearch(join(dir, "scaled.db"))) };
    }
    const result = { cores: availableParallelism(), threads, wordsPerArticle: length.words, ingest: ingested, search: { articles: ingested.stored, ...search }, scaledSearch: scaled, targets: TARGETS };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    process.stdout.write(
      [
        `ingest:  ${ingested.articlesPerSecond.toFixed(1)} articles/s of ${length.words.toFixed(0)} words (target ≥ ${TARGETS.articlesPerSecond}), peak RSS ${ingested.peakRssMb.toFixed(0)} MB (target < ${TARGETS.peakRssMb})`,
        `         ${ingested.stored} stored, ${ingested.nearDuplicates} near-duplicates linked, ${ingested.existing} already stored, ${ingested.failed} failed`,
        `         CPU ${ingested.cpuMsPerArticle.toFixed(0)} ms/article over all threads, of which storing ${ingested.storeMsPerArticle.toFixed(1)} ms (main thread)`,
        `search:  ${ingested.stored} articles: p50 ${ms(search.p50Ms)}, p95 ${ms(search.p95Ms)}`,
        scaled ? `search:  ${scaled.articles} articles: p50 ${ms(scaled.p50Ms)}, p95 ${ms(scaled.p95Ms)} (target p95 < ${TARGETS.searchP95Ms} ms)` : "",
      ].join("\n") + "\n",
    );
  } finally {
    if (values.keep) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
