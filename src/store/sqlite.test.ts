import Database from "better-sqlite3";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Analysis } from "../analysis/schema.js";
import { analyze } from "../analyze.js";
import { contentHash } from "../corpus/fingerprint.js";
import { LATEST_VERSION } from "./migrations.js";
import { SqliteStore } from "./sqlite.js";
import type { SearchQuery } from "./types.js";

const SEEDS = join(__dirname, "..", "..", "..", "shared", "seeds");
const TRAINING = join(__dirname, "..", "..", "..", "shared", "data", "semeval2023-t3-en-train", "articles");
const SEED_003 = join(SEEDS, "003_d963496e65695f6c.txt");

const dir = mkdtempSync(join(tmpdir(), "newsprism-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const tempDb = () => join(dir, `t${n++}.db`);

function analyzeFile(path: string, id = path): Analysis {
  return analyze({ id, text: readFileSync(path, "utf8") });
}

let seed003: Analysis;
let training: Analysis[];
beforeAll(() => {
  seed003 = analyzeFile(SEED_003, "003");
  training = readdirSync(TRAINING)
    .sort()
    .slice(0, 12)
    .map((f) => analyzeFile(join(TRAINING, f), f));
}, 120_000);

describe("SqliteStore", () => {
  it("stores an article once, keyed by its content", async () => {
    const store = SqliteStore.open(tempDb());
    const first = await store.putAnalysis(seed003, { outlet: "WSWS", published: "2022-09-17" });
    expect(first).toMatchObject({ id: contentHash(seed003.text), status: "new", duplicateOf: null });
    // Same content, different spacing and metadata: still the same article.
    const again = await store.putAnalysis({ ...seed003, text: seed003.text.replace(/\n\n/g, "\n \n") }, { outlet: "Other" });
    // Stored once; an explicit outlet given again replaces the stored one.
    expect(again).toMatchObject({ id: first.id, status: "existing", updated: true });
    expect((await store.stats()).articles).toBe(1);
    const stored = await store.getArticle(first.id);
    expect(stored).toMatchObject({ outlet: "Other", outletFrom: "override" });
    expect(await store.putAnalysis(seed003)).not.toHaveProperty("updated");
    expect(stored?.published).toBe("2022-09-17");
    expect(stored?.analysis).toEqual(seed003);
    await store.close();
  });

  it("links a lightly edited copy to its original as a near-duplicate, in the same story", async () => {
    const store = SqliteStore.open(tempDb());
    const original = await store.putAnalysis(seed003, { outlet: "WSWS" });
    const edited = analyze({ id: "copy", text: `${seed003.text.replace("On Thursday", "On Thursday morning")}\n\nThis article first appeared on wsws.org.` });
    const copy = await store.putAnalysis(edited, { outlet: "Syndicator" });
    expect(copy.status).toBe("new");
    expect(copy.duplicateOf).toBe(original.id);
    expect(copy.storyId).toBe(original.storyId);
    const stored = await store.getArticle(original.id);
    expect(stored?.nearDuplicates.map((d) => d.id)).toEqual([copy.id]);
    expect(stored?.nearDuplicates[0].similarity).toBeGreaterThan(0.8);
    // Unrelated articles are not linked.
    for (const a of training) expect((await store.putAnalysis(a)).duplicateOf).toBeNull();
    await store.close();
  });

  describe("search", () => {
    let store: SqliteStore;
    beforeAll(async () => {
      store = SqliteStore.open(tempDb());
      await store.putAnalysis(seed003, { outlet: "WSWS", published: "2022-09-17" });
      for (const a of training) await store.putAnalysis(a, { outlet: "Training", published: "2019-01-01" });
    });
    afterAll(() => store.close());

    it("finds words and phrases with their spans in the text", async () => {
      const result = await store.search({ text: '"HIMARS missile"' });
      expect(result.total).toBe(1);
      const hit = result.items[0];
      expect(hit.article.outlet).toBe("WSWS");
      expect(hit.spans.length).toBeGreaterThan(0);
      for (const s of hit.spans) expect(seed003.text.slice(s.start, s.end).toLowerCase()).toBe("himars missile");
      expect(hit.snippet).toContain("«HIMARS missile»");
    });

    it("narrows by outlet and date", async () => {
      expect((await store.search({ text: "the", outlet: "wsws" })).total).toBe(1);
      expect((await store.search({ text: "the", since: "2022-01-01" })).total).toBe(1);
      expect((await store.search({ text: "the", until: "2019-01-01" })).total).toBe(training.length);
      expect((await store.listArticles({ outlet: "Training" }, { limit: 5 })).items).toHaveLength(5);
    });

    it("finds what a speaker said across articles, by any part of the name", async () => {
      const speaker = seed003.quotes.find((q) => q.speaker)?.speaker?.name;
      expect(speaker).toBeTruthy();
      const lastName = speaker!.split(" ").at(-1)!;
      const quotes = await store.quotesBySpeaker(lastName);
      expect(quotes.total).toBe(seed003.quotes.filter((q) => q.speaker?.name.split(" ").includes(lastName)).length);
      for (const q of quotes.items) expect(seed003.text.slice(q.quote.start, q.quote.end)).toBe(q.quote.text);
      const hits = await store.search({ speaker: lastName });
      expect(hits.items[0].spans.every((s) => s.kind === "quote")).toBe(true);
      expect((await store.speakers(lastName.slice(0, 3)))[0].name).toContain(lastName.slice(0, 3));
    });

    it("filters by actor with the actor's mentions as spans", async () => {
      const actor = seed003.entities.find((e) => e.type === "PERSON")!;
      const hits = await store.search({ actor: actor.name });
      expect(hits.items.map((h) => h.article.outlet)).toContain("WSWS");
      const wsws = hits.items.find((h) => h.article.outlet === "WSWS")!;
      expect(wsws.spans.filter((s) => s.kind === "actor").length).toBeGreaterThanOrEqual(actor.mentions.length);
    });

    it("rejects a query without words", async () => {
      await expect(store.search({ text: '"" *' })).rejects.toThrow(/nothing to search for/);
    });
  });

  it("plans each search by selectivity without changing its results; counts past the cap say so", async () => {
    const path = tempDb();
    const writer = SqliteStore.open(path);
    const outlets = ["North", "South", "East"];
    const all = [seed003, ...training];
    for (const [i, a] of all.entries()) await writer.putAnalysis(a, { outlet: outlets[i % 3], published: `2022-0${1 + (i % 9)}-1${i % 10}` });
    await writer.close();
    // Every filter "small" (exact counts, filters driving) against every filter "broad" (probed, counts capped at 2).
    const exact = SqliteStore.open(path, { readonly: true, planLimits: { drive: 10_000, list: 10_000, countCap: 10_000 } });
    const tiny = SqliteStore.open(path, { readonly: true, planLimits: { drive: 1, list: 2, countCap: 2 } });
    const mostCommon = (names: string[]) => [...names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0];
    const actor = mostCommon(all.flatMap((a) => [...new Set(a.entities.map((e) => e.name))]))!;
    const speaker = mostCommon(all.flatMap((a) => [...new Set(a.quotes.flatMap((q) => (q.speaker ? [q.speaker.name] : [])))]))!;
    const technique = mostCommon(all.flatMap((a) => [...new Set((a.techniques ?? []).map((t) => t.technique))]));
    const narrative = mostCommon(all.flatMap((a) => [...new Set((a.narratives ?? []).map((n) => n.label))]));
    const queries: SearchQuery[] = [
      {},
      { outlet: "North" },
      { since: "2022-03-01" },
      { actor },
      { speaker },
      { actor, outlet: "South" },
      { actor, speaker },
      { actor, since: "2022-02-01", until: "2022-08-31" },
      { text: "the" },
      { text: "the", actor },
      { text: "the", outlet: "East" },
      { text: "the", actor, speaker, since: "2022-02-01" },
      ...(technique ? [{ technique }, { technique, actor }, { text: "the", technique }] : []),
      ...(narrative ? [{ narrative }, { narrative, outlet: "North" }] : []),
    ];
    let capped = 0;
    for (const query of queries) {
      const want = await exact.search(query, { limit: 500 });
      const got = await tiny.search(query, { limit: 500 });
      const ids = (page: typeof want) => page.items.map((h) => h.article.id);
      // Newest first is one order; ranked matches may tie, so only their set is compared.
      if (query.text) expect(new Set(ids(got)), JSON.stringify(query)).toEqual(new Set(ids(want)));
      else expect(ids(got), JSON.stringify(query)).toEqual(ids(want));
      expect(want.capped).toBeUndefined();
      if (got.capped) {
        capped++;
        expect(got.total).toBe(2);
        expect(want.total).toBeGreaterThan(2);
      } else expect(got.total, JSON.stringify(query)).toBe(want.total);
      // A later page still counts past its offset.
      const later = await tiny.search(query, { offset: 2, limit: 2 });
      const laterWant = await exact.search(query, { offset: 2, limit: 2 });
      if (!query.text) expect(ids(later)).toEqual(ids(laterWant));
      expect(later.total).toBe(later.capped ? 4 : laterWant.total);
    }
    expect(capped).toBeGreaterThan(0);
    for (const filter of [{}, { outlet: "North" }]) {
      const want = await exact.quotesBySpeaker(speaker, filter, { limit: 500 });
      const got = await tiny.quotesBySpeaker(speaker, filter, { limit: 500 });
      expect(got.items).toEqual(want.items);
      expect(got.capped ? want.total > got.total : got.total === want.total).toBe(true);
    }
    await exact.close();
    await tiny.close();
  });

  it("filters by narrative and technique labels, in the taxonomy's or the user's spelling", async () => {
    const store = SqliteStore.open(tempDb());
    const labelled: Analysis = {
      ...seed003,
      narratives: [{ label: "Blaming the war on others", narrative: "Blaming the war on others", level: "narrative", confidence: 0.9, evidence: [{ start: 0, end: 10 }] }],
      techniques: [{ start: 11, end: 30, technique: "Loaded_Language", paragraph: 0, granularity: "span", confidence: 0.8 }],
    };
    await store.putAnalysis(labelled, { outlet: "WSWS" });
    await store.putAnalysis(training[0]);
    const byTechnique = await store.search({ technique: "loaded language" });
    expect(byTechnique.total).toBe(1);
    expect(byTechnique.items[0].spans).toEqual([{ start: 11, end: 30, text: seed003.text.slice(11, 30), kind: "technique" }]);
    expect((await store.search({ narrative: "blaming the war on others" })).total).toBe(1);
    const [profile] = await store.outletProfiles({ outlet: "WSWS" });
    expect(profile.techniques).toEqual([{ name: "Loaded_Language", count: 1 }]);
    expect(profile.narratives).toEqual([{ name: "Blaming the war on others", count: 1 }]);
    await store.close();
  });

  it("keeps forecasts with a status the user sets", async () => {
    const store = SqliteStore.open(tempDb());
    const seed000 = analyzeFile(join(SEEDS, "000_638606e8f34ca23d.txt"), "000");
    await store.putAnalysis(seed000, { outlet: "Trends Journal", published: "2022-10-03" });
    const { items } = await store.forecasts();
    const trend = items.find((f) => f.cue === "TREND FORECAST");
    expect(trend?.claim).toMatch(/^The U\.S\. has been trying/);
    expect(trend?.claim).not.toContain("(See");
    const updated = await store.setForecastStatus(trend!.id, "came-true", "checked");
    expect(updated).toMatchObject({ status: "came-true", note: "checked" });
    expect((await store.forecasts({ status: "came-true" })).total).toBe(1);
    const [profile] = await store.outletProfiles();
    expect(profile.forecasts["came-true"]).toBe(1);
    await store.close();
  });

  describe("schema versions", () => {
    it("upgrades a database from schema v1, deriving the forecasts of stored articles", async () => {
      const path = tempDb();
      const seed000 = analyzeFile(join(SEEDS, "000_638606e8f34ca23d.txt"), "000");
      const store = SqliteStore.open(path);
      await store.putAnalysis(seed000);
      const forecasts = (await store.forecasts()).total;
      expect(forecasts).toBeGreaterThan(0);
      const speakers = await store.speakers();
      const speaker = speakers[0].name;
      const byActor = (await store.search({ actor: seed000.entities[0].name })).total;
      await store.close();
      // What v1 wrote: the same tables, without the forecasts that v2 added, and with the
      // per-mention name indexes instead of v3's name dictionaries.
      const db = new Database(path);
      db.exec(`DROP TABLE forecasts; ALTER TABLE articles DROP COLUMN n_forecasts; ALTER TABLE articles DROP COLUMN outlet_from;
        DROP TABLE speakers_fts; DROP TABLE speakers; DROP TABLE speaker_articles; DROP TABLE actors_fts; DROP TABLE actors; DROP TABLE actor_articles;
        CREATE VIRTUAL TABLE entities_fts USING fts5(name, aliases, content='entities', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE quotes_fts USING fts5(speaker, content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
        INSERT INTO entities_fts (entities_fts) VALUES ('rebuild'); INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');
        PRAGMA user_version = 1`);
      db.close();
      const upgraded = SqliteStore.open(path);
      expect((await upgraded.stats()).schemaVersion).toBe(LATEST_VERSION);
      expect((await upgraded.forecasts()).total).toBe(forecasts);
      // Names found through the dictionaries the upgrade derived.
      expect(await upgraded.speakers()).toEqual(speakers);
      expect((await upgraded.quotesBySpeaker(speaker)).total).toBe(speakers[0].count);
      expect((await upgraded.search({ actor: seed000.entities[0].name })).total).toBe(byActor);
      await upgraded.close();
    });

    it("refuses a database from a newer version, or one that is not newsprism's, saying why", () => {
      const newer = tempDb();
      const db = new Database(newer);
      db.pragma(`user_version = ${LATEST_VERSION + 1}`);
      db.close();
      expect(() => SqliteStore.open(newer)).toThrow(/newer newsprism .* upgrade newsprism/);
      const foreign = tempDb();
      const other = new Database(foreign);
      other.exec("CREATE TABLE t (x)");
      other.close();
      expect(() => SqliteStore.open(foreign)).toThrow(/not a newsprism database/);
      const text = tempDb();
      writeFileSync(text, "hello, not a database at all".repeat(100));
      expect(() => SqliteStore.open(text)).toThrow(/not a SQLite database/);
    });
  });

  it("lets a reader query while a writer stores (WAL)", async () => {
    const path = tempDb();
    const writer = SqliteStore.open(path);
    await writer.putAnalysis(seed003);
    const reader = SqliteStore.open(path, { readonly: true });
    for (const [i, a] of training.entries()) {
      await writer.putAnalysis(a);
      expect((await reader.stats()).articles).toBe(i + 2);
      expect((await reader.search({ text: "the" })).total).toBe(i + 2);
    }
    await reader.close();
    await writer.close();
  });
});
