import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { segment } from "./index.js";

const seed = (name: string) => readFileSync(new URL(`../../../shared/seeds/${name}`, import.meta.url), "utf8");
const SEED_000 = seed("000_638606e8f34ca23d.txt");
const SEED_003 = seed("003_d963496e65695f6c.txt");
const doc = (text: string) => segment({ id: "t", text, meta: {} }).article;

describe("segment", () => {
  it("treats a headline followed by a blank line as the title (seed 003)", () => {
    const a = doc(SEED_003);
    expect(a.title).not.toBeNull();
    expect(a.text.slice(a.title!.start, a.title!.end)).toBe("After Russian debacle in Ukraine, US escalates conflict with Russia and China");
    expect(a.paragraphs[0].kind).toBe("title");
  });

  it("does not take a first sentence for a headline (seed 000)", () => {
    const a = doc(SEED_000);
    expect(a.title).toBeNull();
    expect(a.paragraphs[0].kind).toBe("body");
  });

  it("marks a trailing 'Read more' as boilerplate, with no sentences", () => {
    const a = doc(SEED_003);
    const last = a.paragraphs[a.paragraphs.length - 1];
    expect(a.text.slice(last.start, last.end)).toBe("Read more");
    expect(last.kind).toBe("boilerplate");
    expect(a.sentences.some((s) => s.paragraph === last.index)).toBe(false);
  });

  it("keeps labelled editorial blocks with their label and body start", () => {
    const a = doc(SEED_000);
    const labelled = a.paragraphs.filter((p) => p.label);
    expect(labelled.map((p) => p.label)).toEqual(["TREND FORECAST", "TRENDPOST"]);
    for (const p of labelled) expect(a.text.slice(p.bodyStart, p.bodyStart + 4)).toMatch(/^(The |TheT)/);
  });

  it("records quoted headlines with dates as references", () => {
    const a = doc(SEED_000);
    expect(a.references.map((r) => r.date)).toEqual(["27 Sep 2022", "20 Sep 2022", "20 Sep 2022"]);
    expect(a.references[0].headline).toBe("PUTIN SENDS STERN WARNING TO THE WEST, VOWS TO KEEP UP THE FIGHT IN UKRAINE");
    for (const r of a.references) expect(a.text.slice(r.start, r.end)).toContain(r.headline);
  });

  it("does not take an ordinary quotation for a reference", () => {
    expect(doc("He said “we will win this war soon” (on Monday) and left.").references).toEqual([]);
  });

  it("cuts sentences inside paragraphs, with exact offsets, never across paragraphs", () => {
    const a = doc(SEED_000);
    const para = a.paragraphs[3];
    const inPara = a.sentences.filter((s) => s.paragraph === para.index);
    expect(inPara).toHaveLength(2);
    expect(a.text.slice(inPara[1].start, inPara[1].end)).toMatch(/^“And the equipment.*just that\.”$/);
    for (const s of a.sentences) {
      const p = a.paragraphs[s.paragraph];
      expect(s.start).toBeGreaterThanOrEqual(p.start);
      expect(s.end).toBeLessThanOrEqual(p.end);
      expect(a.text.slice(s.start, s.end).trim()).toBe(a.text.slice(s.start, s.end));
    }
  });

  it("joins hard-wrapped lines into one paragraph", () => {
    const wrapped = ["A headline", "", "First line of a paragraph that was wrapped", "at a fixed width by an old mail client so", "the sentence goes on.", "", "Second paragraph starts", "here and ends here.", "", "Third one."].join("\n");
    const a = doc(wrapped);
    expect(a.paragraphs.map((p) => a.text.slice(p.start, p.end).split("\n").length)).toEqual([1, 3, 2, 1]);
  });

  it("survives hostile text: whitespace only, one word, control characters, CRLF", () => {
    expect(doc("   \n\n  ").paragraphs).toEqual([]);
    expect(doc("Word").sentences).toHaveLength(1);
    const crlf = doc("Title here\r\n\r\nBody sentence one. Body two.\r\n");
    expect(crlf.title).not.toBeNull();
    expect(crlf.sentences.filter((s) => s.paragraph > 0)).toHaveLength(2);
    expect(doc("a\u0007b \u200b c").sentences.length).toBeGreaterThan(0);
  });
});
