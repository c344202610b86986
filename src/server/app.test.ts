import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { AnalysisSchema } from "../analysis/schema.js";
import { createAnalyzer } from "../corpus/pool.js";
import { SqliteStore } from "../store/sqlite.js";
import { buildServer } from "./app.js";
import {
  ArticleSummarySchema,
  CorpusStatsSchema,
  IngestResultSchema,
  OutletProfileSchema,
  paged,
  QuoteHitSchema,
  SearchHitSchema,
  StoredArticleSchema,
  StoredForecastSchema,
  StoryComparisonSchema,
  StorySummarySchema,
} from "./schemas.js";

const SEED_003 = readFileSync(new URL("../../../shared/seeds/003_d963496e65695f6c.txt", import.meta.url), "utf8");
const SEED_000 = readFileSync(new URL("../../../shared/seeds/000_638606e8f34ca23d.txt", import.meta.url), "utf8");
const XSS = "Shock report\n\nThe minister said: “<script>window.__xss=1</script> is not a threat.” <img src=x onerror=alert(1)> Critics disagreed.";

let dir: string;
let store: SqliteStore;
let app: FastifyInstance;
let id003: string;

/** The body as the schema says it is; fails the test when the route answers something else. */
function parsed<T extends z.ZodType>(res: LightMyRequestResponse, schema: T): z.output<T> {
  expect(res.statusCode, res.body).toBeLessThan(300);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  return schema.parse(res.json());
}

function expectError(res: LightMyRequestResponse, status: number): string {
  expect(res.statusCode).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = res.json() as { error: unknown };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error).toBe("string");
  const error = body.error as string;
  expect(error).not.toContain("\n");
  expect(error).not.toMatch(/\bat .*\.(js|ts):\d+/); // no stack frames
  return error;
}

const post = (url: string, type: string, payload: string) => app.inject({ method: "POST", url, headers: { "content-type": type }, payload });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "newsprism-server-"));
  store = SqliteStore.open(join(dir, "corpus.db"));
  app = await buildServer({ analyzer: createAnalyzer(0), store, bulkBodyLimit: 1024 * 1024 });
  const res = await post("/api/articles?source=WSWS&published=2022-09-16", "text/plain", SEED_003);
  expect(res.statusCode).toBe(201);
  id003 = parsed(res, IngestResultSchema).stored[0].id;
  await post("/api/articles?source=WSWS&published=2022-09-17", "text/plain", SEED_000);
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("analysis", () => {
  it("analyzes plain text without storing it", async () => {
    const res = await post("/api/analyze", "text/plain", SEED_003);
    expect(res.statusCode).toBe(200);
    const a = parsed(res, AnalysisSchema);
    expect(a.quotes.map((q) => q.speaker?.name)).toContain("Mitch McConnell");
  });

  it("analyzes a JSON article with its metadata", async () => {
    const res = await post("/api/analyze", "application/json", JSON.stringify({ title: "A headline", text: "Body text here. “It works,” she said.", source: "Example" }));
    const a = parsed(res, AnalysisSchema);
    expect(a.text.startsWith("A headline\n\n")).toBe(true);
    expect(a.meta.source).toBe("Example");
  });

  it("extracts the article from HTML", async () => {
    const html = `<html><head><title>Page title</title><meta property="og:site_name" content="Site"></head><body><nav>Menu</nav><article><h1>Page title</h1><p>${"A paragraph of the article with enough words to count as content. ".repeat(5)}</p><p>“We will win,” the general said.</p></article></body></html>`;
    const a = parsed(await post("/api/analyze", "text/html", html), AnalysisSchema);
    expect(a.text).toContain("We will win");
    expect(a.text).not.toContain("Menu");
  });
});

describe("corpus routes", () => {
  it("stores an article once and serves it with its analysis", async () => {
    const again = parsed(await post("/api/articles", "text/plain", SEED_003), IngestResultSchema);
    expect(again.stored).toEqual([{ label: "body", id: id003, status: "existing", duplicateOf: null }]);
    const article = parsed(await app.inject(`/api/articles/${id003}`), StoredArticleSchema);
    expect(article.outlet).toBe("WSWS");
    expect(article.analysis.text).toContain("Mitch McConnell demanding that the White House");
    const speakers = article.analysis.quotes.map((q) => q.speaker?.name);
    expect(speakers).toEqual(expect.arrayContaining(["Mitch McConnell", "Marco Rubio", "Ben Hodges", "Vladimir Putin"]));
  });

  it("ingests JSONL and reports the lines it could not read", async () => {
    const body = [JSON.stringify({ id: "j1", title: "Talks stall", text: "“We are far apart,” the envoy said on Monday.", source: "Wire" }), "{not json", JSON.stringify({ title: "no text" })].join("\n");
    const result = parsed(await post("/api/articles", "application/x-ndjson", body), IngestResultSchema);
    expect(result.stored).toHaveLength(1);
    expect(result.failed.map((f) => f.label)).toEqual(["line 2", "line 3"]);
  });

  it("lists articles", async () => {
    const page = parsed(await app.inject("/api/articles?limit=2"), paged(ArticleSummarySchema));
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.items).toHaveLength(2);
  });

  it("searches text and finds what a speaker said across articles", async () => {
    const hits = parsed(await app.inject("/api/search?q=ATACMS"), paged(SearchHitSchema));
    expect(hits.items.map((h) => h.article.id)).toContain(id003);
    const quotes = parsed(await app.inject("/api/quotes?speaker=Putin"), paged(QuoteHitSchema));
    expect(quotes.total).toBeGreaterThan(0);
    expect(quotes.items.every((q) => q.speaker.includes("Putin"))).toBe(true);
    const bySpeaker = parsed(await app.inject("/api/search?speaker=Putin"), paged(SearchHitSchema));
    expect(bySpeaker.items.map((h) => h.article.id)).toContain(id003);
    const speakers = (await app.inject("/api/speakers?prefix=Vlad")).json() as Array<{ name: string }>;
    expect(speakers.map((s) => s.name)).toContain("Vladimir Putin");
  });

  it("serves stories, outlets, forecasts and stats", async () => {
    const stories = parsed(await app.inject("/api/stories"), paged(StorySummarySchema));
    expect(stories.total).toBeGreaterThan(0);
    parsed(await app.inject(`/api/stories/${stories.items[0].id}`), StoryComparisonSchema);
    const outlets = parsed(await app.inject("/api/outlets?period=month"), OutletProfileSchema.array());
    expect(outlets.map((o) => o.outlet)).toContain("WSWS");
    parsed(await app.inject("/api/forecasts?status=open"), paged(StoredForecastSchema));
    expect(parsed(await app.inject("/api/stats"), CorpusStatsSchema).articles).toBeGreaterThanOrEqual(3);
  });

  it("records a forecast's outcome", async () => {
    const page = parsed(await app.inject("/api/forecasts"), paged(StoredForecastSchema));
    if (page.items.length === 0) return; // the seeds may hold no forecast
    const res = await app.inject({ method: "PUT", url: `/api/forecasts/${page.items[0].id}/status`, payload: { status: "came-true" } });
    expect(parsed(res, StoredForecastSchema).status).toBe("came-true");
  });
});

describe("bad requests get a 4xx with a one-line JSON error", () => {
  it.each([
    ["unknown article", () => app.inject("/api/articles/nope"), 404],
    ["unknown story", () => app.inject("/api/stories/999999"), 404],
    ["story id not a number", () => app.inject("/api/stories/abc"), 400],
    ["limit not a number", () => app.inject("/api/articles?limit=many"), 400],
    ["limit too large", () => app.inject("/api/search?q=x&limit=100000"), 400],
    ["quotes without speaker", () => app.inject("/api/quotes"), 400],
    ["unknown forecast status", () => app.inject("/api/forecasts?status=maybe"), 400],
    ["unknown period", () => app.inject("/api/outlets?period=decade"), 400],
    ["unknown route", () => app.inject("/api/nothing-here"), 404],
    ["wrong method", () => app.inject({ method: "DELETE", url: "/api/articles" }), 404],
    ["empty text", () => post("/api/analyze", "text/plain", ""), 400],
    ["blank text", () => post("/api/articles", "text/plain", "   \n "), 400],
    ["invalid JSON", () => post("/api/analyze", "application/json", "{oops"), 400],
    ["JSON without text", () => post("/api/analyze", "application/json", JSON.stringify({ title: "t" })), 400],
    ["JSON text of the wrong type", () => post("/api/articles", "application/json", JSON.stringify({ text: 42 })), 400],
    ["JSON array", () => post("/api/analyze", "application/json", "[]"), 400],
    ["JSONL with no readable line", () => post("/api/articles", "application/x-ndjson", "{bad\n[1]"), 400],
    ["unsupported content type", () => post("/api/analyze", "image/png", "x"), 415],
    ["JSONL to the single-article route", () => post("/api/analyze", "application/x-ndjson", "{}"), 415],
    ["no content type", () => app.inject({ method: "POST", url: "/api/analyze", payload: Buffer.from("text") }), 415],
    ["single article over 5 MB", () => post("/api/analyze", "text/plain", "word ".repeat(1_100_000)), 413],
    ["bulk body over the limit", () => post("/api/articles", "application/x-ndjson", "x".repeat(1024 * 1024 + 10)), 413],
    ["bad forecast status", () => app.inject({ method: "PUT", url: "/api/forecasts/1/status", payload: { status: "perhaps" } }), 400],
  ])("%s", async (_name, request, status) => {
    expectError(await request(), status);
  });

  it("answers 500 without internals when the analysis itself fails", async () => {
    const failing = await buildServer({
      analyzer: { analyze: async () => Promise.reject(new Error("secret detail\n    at internal (file.js:1:1)")), close: async () => {} },
    });
    const res = await failing.inject({ method: "POST", url: "/api/analyze", headers: { "content-type": "text/plain" }, payload: "Some text." });
    expect(expectError(res, 500)).not.toContain("secret");
    await failing.close();
  });

  it("answers 503 on corpus routes when no database is attached", async () => {
    const bare = await buildServer({ analyzer: createAnalyzer(0) });
    expect(expectError(await bare.inject("/api/articles"), 503)).toMatch(/--db/);
    expect((await bare.inject("/api/health")).json()).toMatchObject({ store: false });
    await bare.close();
  });
});

describe("OpenAPI", () => {
  it("documents every route as valid JSON whose references resolve", async () => {
    const res = await app.inject("/api/openapi.json");
    const doc = JSON.parse(res.body) as { openapi: string; paths: Record<string, Record<string, { responses: object }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/api/articles", "/api/articles/{id}", "/api/search", "/api/quotes", "/api/stories", "/api/stories/{id}", "/api/outlets", "/api/forecasts", "/api/analyze", "/api/openapi.json"]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(Object.keys(doc.paths["/api/articles"]).sort()).toEqual(["get", "post"]);
    const refs = [...res.body.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split("/").pop()!], ref).toBeDefined();
    }
    const post = doc.paths["/api/articles"].post as unknown as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(post.requestBody.content)).toEqual(expect.arrayContaining(["application/json", "text/plain", "text/html", "application/x-ndjson"]));
  });
});

describe("article text is never markup", () => {
  it("stores and returns a script as text, in JSON the browser will not render", async () => {
    const stored = parsed(await post("/api/articles", "text/plain", XSS), IngestResultSchema).stored[0];
    const res = await app.inject(`/api/articles/${stored.id}`);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(parsed(res, StoredArticleSchema).analysis.text).toContain("<script>window.__xss=1</script>");
  });

  it("serves the UI shell with a policy that forbids inline scripts", async () => {
    const res = await app.inject("/");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain('src="/app.js"');
    const scripts = res.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.every((tag) => /\bsrc="\/[^/]/.test(tag))).toBe(true); // only same-origin files, no inline script
    expect(String(res.headers["content-security-policy"])).toMatch(/script-src 'self'/);
  });

  it("does not reflect markup from the URL into an error", async () => {
    const res = await app.inject("/api/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.statusCode).toBe(404);
  });
});

describe("static UI", () => {
  it("serves the compiled scripts and the stylesheet", async () => {
    for (const [path, type] of [["/app.js", /javascript/], ["/article.js", /javascript/], ["/style.css", /text\/css/]] as const) {
      const res = await app.inject(path);
      expect(res.statusCode, `${path} (run npm run build to compile web/)`).toBe(200);
      expect(res.headers["content-type"]).toMatch(type);
    }
  });

  it("serves nothing outside the web folders", async () => {
    expect((await app.inject("/../package.json")).statusCode).toBe(404);
    expect((await app.inject("/%2e%2e/package.json")).statusCode).toBe(404);
    expect((await app.inject("/tsconfig.json")).statusCode).toBe(404);
  });
});
