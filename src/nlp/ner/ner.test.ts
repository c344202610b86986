import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tokenizeRange } from "../tokenize.js";
import type { EntitySpan, EntityType, Token } from "../types.js";
import { EntityScore, readConll, toWordSpans } from "./conll.js";
import { loadNerModel, tagEntities } from "./index.js";
import { wordIds } from "../words.js";

const SEEDS = fileURLToPath(new URL("../../../../shared/seeds/", import.meta.url));
const DATA = process.env.NEWSPRISM_DATA ?? fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const VALID = join(DATA, "conll2003", "valid.txt");

const model = loadNerModel();

/** Tokenizes each line as a paragraph with the shared tokenizer, the way the pipeline does, and tags it. */
function tag(text: string): EntitySpan[] {
  const tokens: Token[] = [];
  const sentences: { tokenStart: number; tokenEnd: number }[] = [];
  for (const line of text.matchAll(/[^\n]+/g)) {
    const block = tokenizeRange(text, line.index, line.index + line[0].length);
    for (const s of block.sentences) {
      const tokenStart = tokens.length;
      for (let i = s.from; i < s.to; i++) tokens.push({ ...block.tokens[i], sentence: sentences.length });
      sentences.push({ tokenStart, tokenEnd: tokens.length });
    }
  }
  return tagEntities(model, text, tokens, wordIds(tokens), sentences);
}

const names = (entities: readonly EntitySpan[], type: EntityType): string[] => entities.filter((e) => e.type === type).map((e) => e.text);

describe("tagEntities on seed articles", () => {
  const article = readFileSync(join(SEEDS, "000_638606e8f34ca23d.txt"), "utf8");
  const entities = tag(article);
  const wsws = tag(readFileSync(join(SEEDS, "003_d963496e65695f6c.txt"), "utf8"));

  it("finds the people, including after titles, without the titles", () => {
    expect(names(entities, "PERSON")).toEqual(expect.arrayContaining(["Antony Blinken", "Blinken", "Dmitry Medvedev", "Vladimir Putin"]));
    expect(names(wsws, "PERSON")).toEqual(
      expect.arrayContaining(["Mitch McConnell", "Marco Rubio", "Ben Hodges", "Olaf Scholz", "Vladimir Putin", "Xi Jinping", "Narendra Modi"]),
    );
  });

  it("finds today's places, in both spellings, and cuts possessives off", () => {
    expect(names(entities, "LOCATION")).toEqual(
      expect.arrayContaining(["U.S.", "Russia", "Kyiv", "Ukraine", "Donetsk", "Lugansk", "Zaporizhzhia", "Kherson", "Washington", "West"]),
    );
    expect(names(wsws, "LOCATION")).toEqual(expect.arrayContaining(["Kiev", "Bucha", "Taiwan", "China", "Siberia", "Chechnya"]));
    for (const e of [...entities, ...wsws]) expect(e.text).not.toMatch(/['’]s$/);
  });

  it("keeps weapons systems out of PERSON and ORGANIZATION", () => {
    for (const e of [...entities, ...wsws].filter((e) => /HIMARS|ATACMS/.test(e.text))) expect(e.type).toBe("MISC");
  });

  it("finds organizations", () => {
    expect(names(entities, "ORGANIZATION")).toEqual(expect.arrayContaining(["NATO", "Raytheon", "The Wall Street Journal"]));
    expect(names(wsws, "ORGANIZATION")).toEqual(expect.arrayContaining(["Rosneft", "Shanghai Cooperation Organization", "Financial Times"]));
  });

  it("reports spans that slice to their text and point at their tokens", () => {
    for (const e of entities) {
      expect(article.slice(e.start, e.end)).toBe(e.text);
      expect(e.tokenEnd).toBeGreaterThan(e.tokenStart);
    }
  });
});

describe("tagEntities on single sentences", () => {
  it("separates a title from the name: Mr., Secretary of State, Russian President", () => {
    const entities = tag("Mr. Putin met U.S. Secretary of State Antony Blinken, and Russian President Vladimir Putin spoke to reporters.");
    expect(names(entities, "PERSON")).toEqual(["Putin", "Antony Blinken", "Vladimir Putin"]);
    expect(names(entities, "LOCATION")).toEqual(["U.S."]);
  });

  it("reads curly and straight possessives alike", () => {
    expect(tag("Ukraine’s army and Russia's navy met.").map((e) => [e.type, e.text])).toEqual([
      ["LOCATION", "Ukraine"],
      ["LOCATION", "Russia"],
    ]);
  });

  it("does not tag a capitalized common word opening a sentence", () => {
    expect(tag("Meanwhile, officials in Kyiv said nothing.").map((e) => e.text)).toEqual(["Kyiv"]);
  });
});

describe("tagEntities on hostile input", () => {
  it("returns nothing for no tokens or empty sentences", () => {
    expect(tagEntities(model, "", [], wordIds([]), [])).toEqual([]);
    expect(tagEntities(model, "abc", [], wordIds([]), [{ tokenStart: 0, tokenEnd: 0 }])).toEqual([]);
  });

  it("survives tokens with empty text", () => {
    const tokens: Token[] = [
      { start: 0, end: 0, text: "", pos: "", sentence: 0 },
      { start: 0, end: 5, text: "Putin", pos: "PROPN", sentence: 0 },
    ];
    expect(() => tagEntities(model, "Putin", tokens, wordIds(tokens), [{ tokenStart: 0, tokenEnd: 2 }])).not.toThrow();
  });

  it("handles an all-caps headline", () => {
    const entities = tag("PUTIN SAYS UKRAINE WANTS WAR, WON’T NEGOTIATE FOR PEACE");
    expect(names(entities, "PERSON")).toContain("PUTIN");
    expect(names(entities, "LOCATION")).toContain("UKRAINE");
  });

  it("handles emoji and a very long token", () => {
    const text = `🔥🔥 Zelensky 🇺🇦 thanked Biden. ${"x".repeat(20_000)} ${"A".repeat(5_000)}`;
    const entities = tag(text);
    expect(names(entities, "PERSON")).toEqual(expect.arrayContaining(["Zelensky", "Biden"]));
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.text);
  });
});

describe("shipped model on held-out CoNLL-2003 data", () => {
  it.skipIf(!existsSync(VALID))("reaches entity F1 >= 0.85 on PER/ORG/LOC over the first 500 valid sentences", () => {
    const score = new EntityScore();
    for (const s of readConll(VALID).slice(0, 500)) {
      score.add(s.gold, toWordSpans(s, tagEntities(model, s.text, s.tokens, wordIds(s.tokens), [{ tokenStart: 0, tokenEnd: s.tokens.length }])));
    }
    expect(score.prf([0, 1, 2]).f1).toBeGreaterThanOrEqual(0.85);
  });

  it("caches the loaded model", () => {
    expect(loadNerModel()).toBe(model);
  });
});
