/**
 * The workbench in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download). Needs `npm run build` (the UI is compiled into web/dist) and /usr/bin/chromium,
 * which .ci/run installs; the suite skips, saying so, only when that binary is absent.
 */
import type { FastifyInstance } from "fastify";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalyzer } from "../../src/corpus/pool.js";
import { buildServer } from "../../src/server/app.js";
import { SqliteStore } from "../../src/store/sqlite.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`);

const SEEDS = new URL("../../../shared/seeds/", import.meta.url);
const XSS = "Shock report\n\nThe minister said: “<script>window.__xss=1</script> is harmless.” <img src=x onerror=\"window.__xss=2\"> Critics disagreed.";

describe.skipIf(!hasChromium)("workbench in Chromium", () => {
  let dir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let id003: string;
  let id000: string;
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    expect(existsSync(new URL("../../web/dist/app.js", import.meta.url)), "web/dist/app.js missing: run `npm run build`").toBe(true);
    dir = mkdtempSync(join(tmpdir(), "newsprism-browser-"));
    store = SqliteStore.open(join(dir, "corpus.db"));
    app = await buildServer({ analyzer: createAnalyzer(0), store });
    for (const [file, published] of [["003_d963496e65695f6c.txt", "2022-09-16"], ["000_638606e8f34ca23d.txt", "2022-09-17"]]) {
      const res = await app.inject({ method: "POST", url: `/api/articles?source=WSWS&published=${published}`, headers: { "content-type": "text/plain" }, payload: readFileSync(new URL(file, SEEDS)) });
      expect(res.statusCode, res.body).toBe(201);
      if (file.startsWith("003")) id003 = res.json().stored[0].id;
      else id000 = res.json().stored[0].id;
    }
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1440, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    // The UI must work offline: nothing may be fetched from anywhere but the workbench.
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreignRequests.push(r.url());
    });
    page.on("pageerror", (err) => foreignRequests.push(`page error: ${err.message}`));
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows seed 003 with its quotes highlighted and their speakers named", async () => {
    await page.goto(`${base}/#/article/${id003}`);
    await page.locator(".quote .who").first().waitFor();
    const names = await page.locator(".quote .who").allInnerTexts();
    for (const who of ["McConnell", "Rubio", "Hodges", "Putin"]) expect(names.some((n) => n.includes(who)), `${who} in ${names.join(", ")}`).toBe(true);
    // One color per speaker: all of Hodges' quotes share a class, McConnell's differs.
    const colorOf = (who: string) => page.locator(".quote", { has: page.locator(".who", { hasText: who }) }).first().getAttribute("class");
    expect(await colorOf("Hodges")).not.toBe(await colorOf("McConnell"));
    await expect.poll(() => page.locator(".legend li").count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator(".text h1").innerText()).toContain("After Russian debacle in Ukraine");
    // The article-level labels: genre and frames.
    expect(await page.locator(".reader-head .labels").innerText()).toMatch(/^(opinion|reporting|satire) \(\d+%\) · framed as \w/);
  });

  it("opens a quote's card in the side panel when it is clicked", async () => {
    await page.locator(".quote", { has: page.locator(".who", { hasText: "Rubio" }) }).first().click();
    const card = page.locator(".panel-selected .quote-card");
    await card.waitFor();
    expect(await card.locator(".card-title").innerText()).toContain("Marco Rubio");
    expect(await card.locator("blockquote").innerText()).toContain("longer-range missiles");
    expect(await page.locator(".quote.focus").count()).toBeGreaterThan(0);
  });

  it("opens an actor's card with its role and the sentence the role rests on", async () => {
    await page.locator("ul.actors li", { has: page.locator(".name", { hasText: /^Russia$/ }) }).click();
    const card = page.locator(".panel-selected .card", { hasText: "Actor ·" });
    await card.waitFor();
    expect(await card.innerText()).toMatch(/Cast as [A-Z]\w+.*where the article casts it so:/s);
    // The quoted sentence is one of the article's, and names Russia.
    expect(await card.locator("blockquote").first().innerText()).toMatch(/Russia/);
    if (process.env.NEWSPRISM_SCREENSHOTS) await card.screenshot({ path: join(process.env.NEWSPRISM_SCREENSHOTS, "article-003-actor.png") });
  });

  it("saves a screenshot of the article page", async () => {
    const path = join(dir, "article-003.png");
    await page.screenshot({ path, fullPage: false });
    const png = readFileSync(path);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(path).size).toBeGreaterThan(20_000);
    if (process.env.NEWSPRISM_SCREENSHOTS) {
      // Kept for a person to look at: NEWSPRISM_SCREENSHOTS=/some/dir npx vitest run test/browser
      const { copyFileSync, mkdirSync } = await import("node:fs");
      mkdirSync(process.env.NEWSPRISM_SCREENSHOTS, { recursive: true });
      copyFileSync(path, join(process.env.NEWSPRISM_SCREENSHOTS, "article-003.png"));
    }
  });

  it("shows a script in an article as text and never runs it", async () => {
    const res = await page.request.post(`${base}/api/articles`, { headers: { "content-type": "text/plain" }, data: XSS });
    expect(res.status()).toBe(201);
    const { id } = (await res.json()).stored[0];
    await page.goto(`${base}/#/article/${id}`);
    await page.locator(".text p.para").first().waitFor();
    const shown = await page.locator(".text").innerText();
    expect(shown).toContain("<script>window.__xss=1</script>");
    expect(shown).toContain('<img src=x onerror="window.__xss=2">');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator(".text script, .text img").count()).toBe(0);
  });

  it("adds an article pasted into the form and opens it", async () => {
    await page.goto(`${base}/#/add`);
    await page.fill("textarea", "Talks resume in Geneva\n\n“We are closer than ever,” said UN envoy Maria Lopez on Tuesday.");
    await page.fill("input[name=source]", "Test Wire");
    await page.click("button[type=submit]");
    await page.locator(".quote .who").first().waitFor();
    expect(await page.locator(".quote .who").allInnerTexts()).toEqual(["Maria Lopez"]);
    expect(await page.locator(".kicker .outlet").innerText()).toBe("Test Wire".toUpperCase());
  });

  it("finds what Putin said across articles", async () => {
    await page.goto(`${base}/#/search?speaker=Putin`);
    await page.locator(".quote-list li").first().waitFor();
    expect(await page.locator(".quote-list .meta strong").first().innerText()).toContain("Putin");
    await page.locator(".quote-list li a").first().click();
    await page.locator(".quote.focus").first().waitFor();
    expect(await page.locator(".panel-selected .card-title").first().innerText()).toContain("Putin");
  });

  it("draws the corpus page", async () => {
    await page.goto(`${base}/#/corpus`);
    await page.locator(".tile").first().waitFor();
    expect(await page.locator(".tile .n").first().innerText()).toMatch(/^[1-9]/);
    expect(await page.locator(".grid-table td a", { hasText: "WSWS" }).count()).toBe(1);
  });

  it("compares the outlets covering a story", async () => {
    await page.goto(`${base}/#/stories?all=1`);
    await page.locator(".article-row a.title").first().click();
    await page.locator(".outlet-col").first().waitFor();
    expect(await page.locator(".outlet-col h2").first().innerText()).toBe("WSWS");
  });

  it("shows a technique found by cue phrases with its cue words marked and named instead of a probability", async () => {
    await page.goto(`${base}/#/article/${id000}`);
    // The cue words are marked inside the passage they make a finding of.
    await page.locator(".text .cue").first().waitFor();
    const cueWords = (await page.locator(".text .cue").allInnerTexts()).join(" ");
    for (const cue of ["holy war", "spiritual"]) expect(cueWords).toContain(cue);
    if (process.env.NEWSPRISM_SCREENSHOTS) {
      await page.locator(".text .cue").first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(process.env.NEWSPRISM_SCREENSHOTS, "article-000-cues.png") });
    }
    const row = page.locator(".findings li", { hasText: "cue phrases" }).first();
    expect(await row.innerText()).toMatch(/Appeal to values/i);
    await row.click();
    const card = page.locator(".panel-selected .card", { hasText: "Persuasion technique" }).first();
    expect(await card.innerText()).toMatch(/found by cue phrases “[^”]+”.*no training data labels this technique/s);
  });

  it("lists the genre and frames with the sentences they rest on", async () => {
    await page.goto(`${base}/#/article/${id000}`);
    const section = page.locator("section", { has: page.locator("h2", { hasText: "Genre and frames" }) });
    await section.waitFor();
    const rows = await section.locator(".findings li").allInnerTexts();
    expect(rows.some((r) => /^Genre: (Opinion|Reporting|Satire)/i.test(r))).toBe(true);
    expect(rows.length).toBeGreaterThan(1);
    await section.locator(".findings li").nth(1).click();
    expect(await page.locator(".panel-selected .card .card-kind").first().innerText()).toMatch(/frame/i);
    // Its evidence is marked in the text, once the layer is on.
    await page.locator(".layer-toggle.l-frame input").check();
    expect(await page.locator(".text .frame.focus").count()).toBeGreaterThan(0);
    if (process.env.NEWSPRISM_SCREENSHOTS) {
      await page.locator(".text .frame.focus").first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(process.env.NEWSPRISM_SCREENSHOTS, "article-000-frames.png") });
    }
  });

  it("loaded nothing from the network beyond the workbench and raised no script error", () => {
    expect(foreignRequests).toEqual([]);
  });
});
