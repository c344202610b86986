import { describe, expect, it } from "vitest";
import type { Token } from "./types.js";
import { MAX_WORDS, PerWord, wordIds } from "./words.js";

const tokensOf = (texts: readonly string[]): Token[] => texts.map((text, i) => ({ text, start: i, end: i + 1, pos: "X", sentence: 0 }));
const docOf = (texts: readonly string[]) => {
  const tokens = tokensOf(texts);
  return { tokens, words: wordIds(tokens) };
};

describe("word ids", () => {
  it("give one id per exact text, across calls", () => {
    const a = docOf(["Putin", "said", "Putin", "putin"]);
    const b = docOf(["said", "Putin"]);
    const [putin, said, again, lower] = a.words.ids;
    expect(again).toBe(putin);
    expect(new Set([putin, said, lower]).size).toBe(3);
    expect([...b.words.ids]).toEqual([said, putin]);
    expect(b.words.generation).toBe(a.words.generation);
  });

  it("derive a per-word value once per distinct text and read it back by id", () => {
    const seen: string[] = [];
    const lengths = new PerWord((text) => (seen.push(text), text.length));
    expect(lengths.tokens(docOf(["Kyiv", "is", "Kyiv"]))).toEqual([4, 2, 4]);
    expect(lengths.tokens(docOf(["is", "Kyiv", "shelled"]))).toEqual([2, 4, 7]);
    expect(seen).toEqual(["Kyiv", "is", "shelled"]);
  });

  it("start over under a new generation past the bound, and caches stay right for docs of either", () => {
    const upper = new PerWord((text) => text.toUpperCase());
    const before = docOf(["alpha", "beta"]);
    expect(upper.tokens(before)).toEqual(["ALPHA", "BETA"]);
    const filler = docOf(Array.from({ length: MAX_WORDS - 5 }, (_, i) => `w${i}`));
    expect(filler.words.generation).toBe(before.words.generation + 1);
    // Ids restart from 0: numbers the old generation gave other texts now name the filler's.
    expect(filler.words.ids[0]).toBe(0);
    const after = docOf(["w0", "alpha"]);
    expect(after.words.generation).toBe(filler.words.generation);
    expect(upper.tokens(after)).toEqual(["W0", "ALPHA"]);
    expect(upper.tokens(before)).toEqual(["ALPHA", "BETA"]);
    expect(upper.token(after, 0)).toBe("W0");
  });
});
