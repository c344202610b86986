import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { defaultDataDir, modelPath } from "../ml/paths.js";
import { OTHER } from "../semeval/data.js";
import { loadItems, narrativesTask, taskDir, techniquesTask } from "../semeval/tasks.js";
import { pipelineDoc } from "./roles/data.js";
import { articleVector } from "./features.js";
import { decideNarratives } from "./narratives.js";
import { justify, MAX_WORDS } from "./justification.js";
import { wordCount } from "../nlp/tokens.js";
import { classifyArticle } from "./index.js";
import { findQuotations } from "../extract/quotes.js";

const dataDir = defaultDataDir();
const hasData = existsSync(taskDir(dataDir, 2025));

describe.skipIf(!hasData)("learned analyses on a small training subset", () => {
  const dir2025 = taskDir(dataDir, 2025);
  const items = loadItems(dir2025, 2025, 40);
  const gold = narrativesTask.gold(dir2025, items);
  const model = narrativesTask.fit(dir2025, items, gold, 1);

  it("keeps the narrative hierarchy: subnarrative ⇒ narrative, Other only alone", () => {
    for (const item of items) {
      const d = decideNarratives(model, articleVector(item.doc));
      const narratives = d.narratives.map((n) => n.label);
      expect(narratives.length).toBeGreaterThan(0);
      if (narratives.includes(OTHER)) expect(narratives).toEqual([OTHER]);
      for (const s of d.subnarratives) {
        expect(narratives).toContain(s.narrative);
        if (s.label !== OTHER) expect(s.label.startsWith(`${s.narrative}: `)).toBe(true);
      }
      for (const n of narratives) if (n !== OTHER) expect(d.subnarratives.some((s) => s.narrative === n)).toBe(true);
    }
  }, 120_000);

  it("justifies with at most 80 words, every sentence a span of the article", () => {
    let justified = 0;
    for (const item of items) {
      const j = justify(model, item.doc);
      if (!j) continue;
      justified++;
      expect(wordCount(j.text)).toBeLessThanOrEqual(MAX_WORDS);
      expect(j.text).toBe(j.sentences.map((s) => item.text.slice(s.start, s.end).replace(/\s+/g, " ")).join(" "));
      expect(j.sentences.every((s, i) => i === 0 || j.sentences[i - 1].end <= s.start)).toBe(true);
    }
    expect(justified).toBeGreaterThan(0);
  }, 120_000);

  it("trains deterministically: the same data give the same bytes", () => {
    const bytes = (m: typeof model) => gzipSync(JSON.stringify(m.toJSON())).toString("base64");
    const few = items.slice(0, 12);
    expect(bytes(narrativesTask.fit(dir2025, few, gold.slice(0, 12), 3))).toBe(bytes(narrativesTask.fit(dir2025, few, gold.slice(0, 12), 3)));
    const dir2023 = taskDir(dataDir, 2023);
    const articles = loadItems(dir2023, 2023, 6);
    const lines = techniquesTask.gold(dir2023, articles);
    const a = techniquesTask.fit(dir2023, articles, lines, 5);
    const b = techniquesTask.fit(dir2023, articles, lines, 5);
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
  }, 180_000);
});

const seedsDir = join(dataDir, "..", "seeds");
const shipped = ["techniques.json.gz", "narratives.json.gz", "genre.json.gz", "frames.json.gz"].every((f) => existsSync(modelPath(f)));

describe.skipIf(!shipped || !existsSync(seedsDir))("shipped models on the seed articles", () => {
  const file = readdirSync(seedsDir).find((f) => f.startsWith("000_"))!;
  const text = readFileSync(join(seedsDir, file), "utf8");
  const doc = pipelineDoc("seed-000", text);
  const result = classifyArticle(doc);

  it("finds loaded, value-laden persuasion in the Putin passages of seed 000", () => {
    const putin = doc.article.paragraphs.filter((p) => /Putin said/.test(text.slice(p.start, p.end)));
    expect(putin.length).toBeGreaterThan(0);
    const found = new Set(result.techniques!.filter((t) => putin.some((p) => p.index === t.paragraph)).map((t) => t.technique));
    expect(found.has("Loaded_Language")).toBe(true);
    // Word-level techniques are localized to a few words, not the whole paragraph.
    const loaded = result.techniques!.filter((t) => t.technique === "Loaded_Language" && putin.some((p) => p.index === t.paragraph));
    expect(loaded.some((t) => t.granularity === "span" && text.slice(t.start, t.end).split(/\s+/).length <= 6)).toBe(true);
    for (const t of result.techniques!) {
      const p = doc.article.paragraphs[t.paragraph];
      expect(t.start >= p.start && t.end <= p.end && t.start < t.end).toBe(true);
    }
  });

  it("leaves article-level labels out for a few words, and keeps them few and in one taxonomy for odd text", () => {
    const short = classifyArticle(pipelineDoc("short", "Hello. Putin lies."));
    expect(short.techniques).toBeDefined();
    expect([short.narratives, short.justification, short.genre, short.frames]).toEqual([undefined, undefined, undefined, undefined]);
    // One sentence over and over: flat probabilities that once passed 60 narrative labels and a dozen frames.
    const odd = classifyArticle(pipelineDoc("odd", "The evil regime lies again. ".repeat(300)));
    const narratives = odd.narratives!.filter((n) => n.level === "narrative");
    expect(narratives.length).toBeGreaterThan(0);
    expect(narratives.length).toBeLessThanOrEqual(5);
    expect(new Set(narratives.map((n) => n.label.split(":")[0])).size).toBe(1);
    for (const n of narratives) expect(odd.narratives!.filter((s) => s.level === "subnarrative" && s.narrative === n.label).length).toBeLessThanOrEqual(3);
    expect(odd.frames!.length).toBeLessThanOrEqual(5);
  });

  it("reads seed 000 as a war narrative with a grounded justification, and gives genre and frames", () => {
    expect(result.narratives!.some((n) => n.label.startsWith("URW: "))).toBe(true);
    expect(result.justification?.narrative.startsWith("URW: ")).toBe(true);
    // No sentence of it begins inside a quotation: Blinken's "I’m going to grab its territory.’" is his, cut from its attribution.
    const quotations = findQuotations(doc.article);
    expect(quotations.length).toBeGreaterThan(3);
    for (const s of result.justification!.sentences) expect(quotations.some((q) => q.open < s.start && s.start < q.close), text.slice(s.start, s.end)).toBe(false);
    expect(result.genre!.label).toMatch(/^(opinion|reporting|satire)$/);
    expect(result.frames!.length).toBeGreaterThan(0);
  });

  it("grounds genre, frames and narratives on whole sentences of the article, of six words or more, not cut from a quotation nor citing another piece, best first", () => {
    const labels = [result.genre!, ...result.frames!, ...result.narratives!];
    const quotations = findQuotations(doc.article);
    // Seed 000 ends its paragraphs with "(See “PUTIN SENDS STERN WARNING…” (27 Sep 2022), …)".
    const { references } = doc.article;
    expect(references.length).toBe(3);
    expect(labels.every((l) => l.evidence!.length > 0)).toBe(true);
    for (const l of labels) {
      const scores = l.evidence!.map((e) => e.score!);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const e of l.evidence!) {
        const sentence = doc.article.sentences.find((x) => x.start === e.start && x.end === e.end);
        expect(sentence, text.slice(e.start, e.end)).toBeDefined();
        expect(e.score!).toBeGreaterThan(0);
        expect(text.slice(e.start, e.end).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length).toBeGreaterThanOrEqual(6);
        expect(quotations.some((q) => q.open < e.start && e.start < q.close), text.slice(e.start, e.end)).toBe(false);
        expect(references.some((r) => r.start < e.end && e.start < r.end), text.slice(e.start, e.end)).toBe(false);
      }
    }
    // Each frame shows its own evidence: they do not all point at one sentence.
    expect(new Set(result.frames!.map((f) => f.evidence![0].start)).size).toBeGreaterThan(1);
  });
});
