import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Entity, Source } from "../analysis/schema.js";
import { buildDoc, flattenTokens } from "../nlp/index.js";
import type { Doc } from "../nlp/types.js";
import { segment } from "../segment/index.js";
import { extractActors } from "./actors/index.js";
import { extractSources } from "./sources.js";

const SEEDS = new URL("../../../shared/seeds/", import.meta.url);

/** A seed through the real pipeline; returns its sources as [outlet, kind, cue, claim]. */
function seedSources(file: string): { rows: string[][]; sources: Source[]; entities: Entity[] } {
  const text = readFileSync(new URL(file, SEEDS), "utf8");
  const doc = buildDoc(segment({ id: file, text, meta: {} }));
  const entities = extractActors(doc);
  const sources = extractSources(doc, entities);
  return { rows: rows(doc, sources), sources, entities };
}

/** Real segmentation and tokens, no tagger: sources must not depend on it. */
function sourcesOf(text: string): string[][] {
  const segmented = segment({ id: "test", text, meta: {} });
  const { article } = segmented;
  const { tokens, words, sentenceTokens } = flattenTokens(segmented);
  const doc: Doc = { article, tokens, words, sentenceTokens, entities: [] };
  return rows(doc, extractSources(doc, []));
}

function rows(doc: Doc, sources: Source[]): string[][] {
  const text = doc.article.text;
  for (const s of sources) expect(s.outlet.length).toBeGreaterThan(0);
  return sources.map((s) => [text.slice(s.start, s.end), s.kind, s.cue, text.slice(s.claimSpan.start, s.claimSpan.end)]);
}

describe("extractSources on the seeds", () => {
  let seed000: ReturnType<typeof seedSources>;
  let seed003: ReturnType<typeof seedSources>;
  beforeAll(() => {
    seed000 = seedSources("000_638606e8f34ca23d.txt");
    seed003 = seedSources("003_d963496e65695f6c.txt");
  });

  it("finds the outlets of seed 000 with what they are cited for", () => {
    const [rt, wsj, cbs, trends] = seed000.rows;
    expect(seed000.rows).toHaveLength(4);
    expect(rt.slice(0, 3)).toEqual(["RT", "media", "reported"]);
    expect(rt[3]).toMatch(/^U\.S\. Secretary of State Antony Blinken, .* Kherson$/);
    expect(wsj.slice(0, 3)).toEqual(["Wall Street Journal", "media", "according to"]);
    expect(wsj[3]).toMatch(/^“The results are clear,” Dmitry Medvedev, .*, said$/);
    expect(cbs.slice(0, 3)).toEqual(["CBS’s “60 Minutes”", "media", "told"]);
    expect(cbs[3]).toMatch(/^last month that he is in constant contact/);
    expect(trends.slice(0, 3)).toEqual(["Trends Journal", "media", "reported"]);
    expect(trends[3]).toMatch(/^the Ukrainian forces are simply no match/);
  });

  it("links outlets to organization actors", () => {
    const rt = seed000.sources.find((s) => s.outlet === "RT")!;
    expect(rt.entityId).toBe(seed000.entities.find((e) => e.name === "RT")?.id);
    expect(rt.entityId).not.toBeNull();
  });

  it("keeps non-outlet sources, marked other, and channels as sources in seed 003", () => {
    const [officials, ft] = seed003.rows;
    expect(seed003.rows).toHaveLength(2);
    expect(officials.slice(0, 3)).toEqual(["Ukrainian officials", "other", "according to"]);
    expect(officials[3]).toMatch(/^In the course of one week, .* thousands of Russian soldiers$/); // cited mid-sentence
    expect(ft.slice(0, 3)).toEqual(["Financial Times", "media", "in a statement to"]);
    expect(ft[3]).toMatch(/^Alexander Gabuev, senior fellow .* commented/);
    expect(seed003.sources[0].entityId).toBeNull();
  });
});

describe("extractSources on hard cases", () => {
  it("reads the claim before a trailing cue and after a leading one", () => {
    expect(sourcesOf("Prices rose sharply, Reuters reported.")).toEqual([["Reuters", "media", "reported", "Prices rose sharply"]]);
    expect(sourcesOf("According to the ministry, 20 people died.")).toEqual([["the ministry", "other", "according to", "20 people died"]]);
    expect(sourcesOf("The agency has reported that 20 people died.")).toEqual([["The agency", "other", "reported", "20 people died"]]);
  });

  it("cites the author of a report, and keeps dates out of claims", () => {
    expect(sourcesOf("The proposal is terrorism, according to a report by TASS.")).toEqual([["TASS", "media", "according to", "The proposal is terrorism"]]);
    expect(sourcesOf("The army advanced, Sputnik reported on Monday.")).toEqual([["Sputnik", "media", "reported", "The army advanced"]]);
    expect(sourcesOf("Kyiv fell, according to the head of the alliance.")[0].slice(0, 2)).toEqual(["the head of the alliance", "other"]);
  });

  it("finds reported-by and citing", () => {
    expect(sourcesOf("The army advanced, as reported by Al Jazeera.")).toEqual([["Al Jazeera", "media", "reported by", "The army advanced"]]);
    expect(sourcesOf("Officials, citing intelligence reports, said the attack was planned.")[0].slice(0, 3)).toEqual([
      "intelligence reports",
      "other",
      "citing",
    ]);
  });

  it("takes news outlets, not people, as channels", () => {
    expect(sourcesOf("The mayor told The New York Times that the city was safe.")).toEqual([
      ["New York Times", "media", "told", "the city was safe"],
    ]);
    expect(sourcesOf("Modi told Putin that peace matters.")).toEqual([]);
  });

  it("skips sourcing inside a quotation and texts with none", () => {
    expect(sourcesOf("“According to my sources, it is fine,” he said.")).toEqual([]);
    expect(sourcesOf("")).toEqual([]);
  });
});
