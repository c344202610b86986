import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "../analyze.js";
import { extractForecasts, resolveDeadline } from "../extract/forecasts.js";
import { folderLabel, readInputs, SIDECAR } from "../io/inputs.js";
import { PACKAGE_ROOT } from "../ml/paths.js";
import { SqliteStore } from "../store/sqlite.js";
import { bandKeys, contentHash, minhash, similarity } from "./fingerprint.js";
import { ingest } from "./ingest.js";
import { normalizeDate, outletOf, resolveOutlet } from "./metadata.js";
import { createAnalyzer } from "./pool.js";

const SHARED = join(PACKAGE_ROOT, "..", "shared");
const SEEDS = join(SHARED, "seeds");
const TRAINING = join(SHARED, "data", "semeval2023-t3-en-train", "articles");
const SEED_000 = readFileSync(join(SEEDS, "000_638606e8f34ca23d.txt"), "utf8");
const SEED_003 = readFileSync(join(SEEDS, "003_d963496e65695f6c.txt"), "utf8");
const CLI = join(PACKAGE_ROOT, "bin", "newsprism.js");

const dir = mkdtempSync(join(tmpdir(), "newsprism-corpus-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A directory of the first `n` training articles. */
function trainingDir(name: string, n: number): string {
  const out = join(dir, name);
  mkdirSync(out);
  for (const f of readdirSync(TRAINING).sort().slice(0, n)) writeFileSync(join(out, f), readFileSync(join(TRAINING, f)));
  return out;
}

describe("fingerprints", () => {
  it("give the same id to the same content whatever its spacing and case", () => {
    expect(contentHash(SEED_003)).toBe(contentHash(SEED_003.toUpperCase().replace(/\n\n/g, "\r\n \r\n")));
    expect(contentHash(SEED_003)).not.toBe(contentHash(SEED_000));
  });

  it("estimate the similarity of syndicated copies high and of different articles low", () => {
    const copy = `${SEED_003.replace("On Thursday", "On Thursday morning")}\nThis article first appeared elsewhere.`;
    expect(similarity(minhash(SEED_003), minhash(copy))).toBeGreaterThan(0.8);
    expect(similarity(minhash(SEED_003), minhash(SEED_000))).toBeLessThan(0.1);
    // Near-duplicates share at least one LSH band, which is how the store finds them.
    const shared = bandKeys(minhash(SEED_003)).filter((k, i) => bandKeys(minhash(copy))[i] === k);
    expect(shared.length).toBeGreaterThan(0);
  });
});

describe("metadata", () => {
  it("takes the outlet from the override, the source, the site name or the URL's host", () => {
    expect(resolveOutlet({ source: "Reuters", siteName: "reuters.com" }, "Override").outlet).toBe("Override");
    expect(outletOf({ siteName: "The Guardian", url: "https://www.theguardian.com/x" })).toBe("The Guardian");
    expect(outletOf({ url: "https://www.theguardian.com/x" })).toBe("theguardian.com");
    expect(outletOf({})).toBeNull();
  });

  it("normalizes dates from ISO, RSS and plain dates so that they compare as strings", () => {
    expect(normalizeDate("2022-09-27")).toBe("2022-09-27");
    expect(normalizeDate("Tue, 27 Sep 2022 10:00:00 GMT")).toBe("2022-09-27T10:00:00.000Z");
    expect(normalizeDate("not a date")).toBeNull();
  });
});

describe("forecasts", () => {
  it("takes a TREND FORECAST paragraph as the outlet's own prediction, without its cross-references", () => {
    const a = analyze(SEED_000);
    const trend = extractForecasts(a, a.entities, a.quotes).find((f) => f.cue === "TREND FORECAST");
    expect(trend).toMatchObject({ predictor: null });
    expect(trend!.claim).toMatch(/^The U\.S\. has been trying to provide Ukraine with weapons.*they are at war\.$/s);
  });

  it("finds 'a matter of time before …' and predictions in reported speech", () => {
    const plague = analyze(readFileSync(join(TRAINING, "article708071969.txt"), "utf8"));
    const forecasts = extractForecasts(plague, plague.entities, plague.quotes);
    expect(forecasts.map((f) => f.claim)).toContain("the plague becomes resistant to the antibiotics that are currently being used to treat the outbreak.");
    const who = analyze(readFileSync(join(TRAINING, "article111111111.txt"), "utf8"));
    const warned = extractForecasts(who, who.entities, who.quotes).find((f) => /next outbreak would likely be stronger/.test(f.text));
    expect(warned?.cue).toBe("warned");
  });

  it("resolves deadlines to the last day they allow", () => {
    expect(resolveDeadline("by 2024", undefined)).toBe("2024-12-31");
    expect(resolveDeadline("by march 2023", undefined)).toBe("2023-03-31");
    expect(resolveDeadline("within six months", "2022-09-27")).toBe("2023-03-27");
    expect(resolveDeadline("by next year", "2022-09-27")).toBe("2023-12-31");
    expect(resolveDeadline("within six months", undefined)).toBeNull();
  });
});

describe("ingest", () => {
  it("stores each content once, keeps the best-sourced input metadata unless overridden, and groups the same event into one story", async () => {
    const inputs = join(dir, "mixed");
    mkdirSync(inputs);
    writeFileSync(join(inputs, "003.txt"), SEED_003);
    writeFileSync(join(inputs, "000.txt"), SEED_000);
    const [title, ...paragraphs] = SEED_003.split("\n\n");
    // Another outlet's take on the same event: reordered, shortened, retitled — not a copy.
    const retold = [`US pours more arms into Ukraine after Russian retreat`, ...paragraphs.filter((_, i) => i % 2 === 1).reverse()].join("\n\n");
    const jsonl = [
      JSON.stringify({ id: "wire-1", text: SEED_003, source: "Wire", published: "2022-09-17" }), // same content as 003.txt
      JSON.stringify({ id: "other-1", title: "", text: retold, source: "Other Outlet", published: "2022-09-18" }),
    ];
    writeFileSync(join(inputs, "wire.jsonl"), `${jsonl.join("\n")}\n`);
    expect(title).toMatch(/^After Russian debacle/);

    const store = SqliteStore.open(join(dir, "mixed.db"));
    const analyzer = createAnalyzer(0);
    const summary = await ingest(readInputs([inputs]), { store, analyzer });
    expect(summary).toMatchObject({ read: 4, stored: 3, existing: 1, updated: 1, failed: [], interrupted: false });
    const seed = await store.getArticle(contentHash(SEED_003));
    expect(seed?.label).toBe(join(inputs, "003.txt"));
    const retoldArticle = (await store.search({ outlet: "Other Outlet" })).items[0].article;
    expect(retoldArticle.published).toBe("2022-09-18");
    expect(retoldArticle.storyId).toBe(seed!.storyId);
    expect((await store.getArticle(contentHash(SEED_000)))!.storyId).not.toBe(seed!.storyId);
    const story = await store.story(seed!.storyId);
    expect(story?.members.map((m) => m.id).sort()).toEqual([seed!.id, retoldArticle.id].sort());
    // The plain file named no outlet (its folder stood in); the same content from the wire names one, which replaces it.
    expect(seed).toMatchObject({ outlet: "Wire", outletFrom: "document", published: "2022-09-17" });
    expect((await store.getArticle(contentHash(SEED_000)))).toMatchObject({ outlet: folderLabel(join(inputs, "000.txt")), outletFrom: "folder" });
    expect(story?.byOutlet.map((o) => o.outlet).sort()).toEqual(["Other Outlet", "Wire"]);
    expect(story?.byOutlet.find((o) => o.outlet === "Wire")?.speakers.length).toBeGreaterThan(0);

    // Overrides win over what the inputs say.
    const again = await ingest(readInputs([join(TRAINING, "article111111111.txt")]), { store, analyzer, overrides: { outlet: "Mine", published: "2020-01-02" } });
    expect(again.stored).toBe(1);
    expect((await store.listArticles({ outlet: "Mine" })).items[0].published).toBe("2020-01-02");
    await store.close();
  }, 120_000);

  it("takes the outlet from --outlet, then the document, then a sidecar file, then the folder", async () => {
    expect(resolveOutlet({ source: "Doc" }, "Mine", { outlet: "Side", folder: "x/y" })).toEqual({ outlet: "Mine", from: "override" });
    expect(resolveOutlet({ url: "https://www.doc.example/a" }, undefined, { outlet: "Side", folder: "x/y" })).toEqual({ outlet: "doc.example", from: "document" });
    expect(resolveOutlet({}, undefined, { outlet: "Side", folder: "x/y" })).toEqual({ outlet: "Side", from: "sidecar" });
    expect(resolveOutlet({}, undefined, { url: "https://side.example/a", folder: "x/y" })).toEqual({ outlet: "side.example", from: "sidecar" });
    expect(resolveOutlet({}, undefined, { folder: "x/y" })).toEqual({ outlet: "x/y", from: "folder" });
    expect(resolveOutlet({}, undefined, {})).toEqual({ outlet: null, from: null });

    const files = readdirSync(TRAINING).sort().slice(0, 4);
    const text = (i: number) => readFileSync(join(TRAINING, files[i]), "utf8");
    const inputs = join(dir, "precedence", "collection-a");
    mkdirSync(inputs, { recursive: true });
    writeFileSync(join(inputs, "a.txt"), text(0));
    writeFileSync(join(inputs, "b.txt"), text(1));
    writeFileSync(join(inputs, "wire.jsonl"), `${JSON.stringify({ text: text(2), source: "Doc Source" })}
`);
    writeFileSync(
      join(inputs, SIDECAR),
      [
        { file: "a.txt", outlet: "Sidecar Times", published: "2022-10-03", url: "https://sidecar.example/a" },
        { file: "wire.jsonl", outlet: "Sidecar Wire", published: "2022-10-04" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    const store = SqliteStore.open(join(dir, "precedence.db"));
    const analyzer = createAnalyzer(0);
    const first = await ingest(readInputs([inputs]), { store, analyzer });
    expect(first).toMatchObject({ read: 3, stored: 3, failed: [] });
    const stored = async (i: number) => (await store.getArticle(contentHash(text(i))))!;
    expect(await stored(0)).toMatchObject({ outlet: "Sidecar Times", outletFrom: "sidecar", published: "2022-10-03", url: "https://sidecar.example/a" });
    expect(await stored(1)).toMatchObject({ outlet: "precedence/collection-a", outletFrom: "folder", published: null });
    // The document's own outlet wins over the sidecar's; the sidecar still fills in the date it lacks.
    expect(await stored(2)).toMatchObject({ outlet: "Doc Source", outletFrom: "document", published: "2022-10-04" });
    const profiles = await store.outletProfiles();
    expect(profiles.find((p) => p.outlet === "precedence/collection-a")?.outletFrom).toBe("folder");
    expect(profiles.find((p) => p.outlet === "Sidecar Times")?.outletFrom).toBeUndefined();

    // A sidecar entry written later names the outlet of what was stored under the folder's name.
    writeFileSync(join(inputs, SIDECAR), `${readFileSync(join(inputs, SIDECAR), "utf8")}\n${JSON.stringify({ file: "b.txt", outlet: "Late Sidecar" })}\n`);
    const second = await ingest(readInputs([inputs]), { store, analyzer });
    expect(second).toMatchObject({ stored: 0, existing: 3, updated: 1 });
    expect(await stored(1)).toMatchObject({ outlet: "Late Sidecar", outletFrom: "sidecar" });
    // Nothing new to say: nothing changes.
    expect(await ingest(readInputs([inputs]), { store, analyzer })).toMatchObject({ existing: 3, updated: 0 });

    // Explicit overrides on stored content replace its outlet and date, and move its story's dates.
    const third = await ingest(readInputs([inputs]), { store, analyzer, overrides: { outlet: "Renamed", published: "2021-05-06" } });
    expect(third).toMatchObject({ stored: 0, existing: 3, updated: 3 });
    for (const i of [0, 1, 2]) expect(await stored(i)).toMatchObject({ outlet: "Renamed", outletFrom: "override", published: "2021-05-06" });
    expect((await store.listArticles({ outlet: "Sidecar Times" })).total).toBe(0);
    expect((await store.story((await stored(0)).storyId))?.firstPublished).toBe("2021-05-06");
    // ... and no weaker source takes them back.
    expect(await ingest(readInputs([inputs]), { store, analyzer })).toMatchObject({ existing: 3, updated: 0 });
    // A single file keeps its folder too; an explicit outlet beats it.
    const single = join(dir, "precedence", "loose.txt");
    writeFileSync(single, text(3));
    await ingest(readInputs([single]), { store, analyzer, overrides: { outlet: "Explicit" } });
    expect(await stored(3)).toMatchObject({ outlet: "Explicit", outletFrom: "override" });
    await store.close();
  }, 120_000);

  it("reports a malformed sidecar line and still reads the articles", async () => {
    const inputs = join(dir, "bad-sidecar");
    mkdirSync(inputs);
    writeFileSync(join(inputs, "a.txt"), SEED_000);
    writeFileSync(join(inputs, SIDECAR), `{"outlet": "no file"}\nnot json\n`);
    const items = [];
    for await (const item of readInputs([inputs])) items.push(item);
    expect(items.filter((i) => "error" in i).map((i) => ("error" in i ? i.error : ""))).toEqual([
      expect.stringMatching(/newsprism-meta\.jsonl:1: a sidecar line needs "file"/),
      expect.stringMatching(/newsprism-meta\.jsonl:2: invalid JSON/),
    ]);
    expect(items.filter((i) => "doc" in i)).toHaveLength(1);
  });

  it("analyzes in worker threads", async () => {
    const store = SqliteStore.open(join(dir, "threads.db"));
    const analyzer = createAnalyzer(2);
    const summary = await ingest(readInputs([trainingDir("threads", 6)]), { store, analyzer, inFlight: 4 });
    await analyzer.close();
    expect(summary).toMatchObject({ read: 6, stored: 6, failed: [] });
    const article = (await store.listArticles({}, { limit: 1 })).items[0];
    expect((await store.getArticle(article.id))?.analysis.entities.length).toBeGreaterThan(0);
    await store.close();
  }, 120_000);

  it("redoes an article that outgrows a worker's bounded heap in a worker without the bound", async () => {
    // 16 MB cannot even hold the models: every bounded worker dies out of memory on its first job.
    const analyzer = createAnalyzer(1, { heapMb: 16 });
    const [a, b] = await Promise.all([analyzer.analyze({ id: "a", text: SEED_000, meta: {} }), analyzer.analyze({ id: "b", text: "Putin said the West is lying.", meta: {} })]);
    await analyzer.close();
    expect(a.entities.map((e) => e.name)).toEqual(analyze(SEED_000, { validate: false }).entities.map((e) => e.name));
    expect({ id: b.id, text: b.text }).toEqual({ id: "b", text: "Putin said the West is lying." });
  }, 120_000);

  describe("from the command line", () => {
    // Runs the built CLI (`npm test` builds first).
    it(
      "loses nothing committed when killed or interrupted, and a re-run resumes",
      async () => {
        // Enough articles that the interrupted run cannot finish before its Ctrl-C arrives.
        const total = 200;
        const inputs = trainingDir("crash", total);
        const db = join(dir, "crash.db");
        const stored = () => (existsSync(db) ? countArticles(db) : 0);
        const run = () => spawn(process.execPath, [CLI, "ingest", inputs, "--db", db, "--threads", "1"], { stdio: ["ignore", "ignore", "pipe"] });

        // A crash: SIGKILL once a few articles are committed.
        const crashed = run();
        await until(() => stored() >= 3);
        crashed.kill("SIGKILL");
        await exited(crashed);
        const afterCrash = stored();
        expect(afterCrash).toBeGreaterThanOrEqual(3);

        // Ctrl-C: stops reading, stores what is being analyzed, says how to resume.
        const interrupted = run();
        let stderr = "";
        interrupted.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        await until(() => stored() > afterCrash);
        interrupted.kill("SIGINT");
        expect(await exited(interrupted)).toBe(130);
        expect(stderr).toMatch(/interrupted: run the same command again to resume/);

        const resumed = spawnSync(process.execPath, [CLI, "ingest", inputs, "--db", db], { encoding: "utf8" });
        expect({ status: resumed.status, stderr: resumed.stderr }).toMatchObject({ status: 0 });
        expect(resumed.stderr).toMatch(/\d+ stored \(\d+ near-duplicates\), (\d+) already stored, 0 failed/);
        const already = Number(/(\d+) already stored/.exec(resumed.stderr)![1]);
        expect(already).toBeGreaterThan(afterCrash - 1);
        expect(countArticles(db)).toBe(total);
        const sql = new Database(db, { readonly: true });
        expect(sql.pragma("integrity_check", { simple: true })).toBe("ok");
        sql.close();

        const search = spawnSync(process.execPath, [CLI, "search", "the", "--db", db, "--format", "json", "--limit", "2"], { encoding: "utf8" });
        expect(JSON.parse(search.stdout)).toMatchObject({ total });
        const missing = spawnSync(process.execPath, [CLI, "search", "x", "--db", join(dir, "none.db")], { encoding: "utf8" });
        expect(missing.status).toBe(1);
        expect(missing.stderr).toBe(`newsprism: no corpus database at ${join(dir, "none.db")}: run \`newsprism ingest <inputs>\` first, or pass --db\n`);
      },
      180_000,
    );
  });
});

function countArticles(db: string): number {
  const sql = new Database(db, { readonly: true });
  try {
    return sql.prepare("SELECT count(*) FROM articles").pluck().get() as number;
  } catch {
    return 0; // the schema is not created yet
  } finally {
    sql.close();
  }
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));
}
