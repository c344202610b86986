import { describe, expect, it } from "vitest";
import type { Token } from "./types.js";
import { MAX_WORDS, PerWord, PerWordInts, wordIds } from "./words.js";

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

  it("keep small integers per word id in one flat table, grown as ids come and started over with a new generation", () => {
    const table = new PerWordInts(3);
    const words = { generation: 1, ids: new Int32Array([0, 5]) };
    const values = table.holding(words, 5);
    expect(values.length).toBeGreaterThanOrEqual(18);
    expect([...values.subarray(15, 18)]).toEqual([PerWordInts.UNSET, PerWordInts.UNSET, PerWordInts.UNSET]);
    values.set([7, 8, 9], 15);
    // Grown for a larger id: what was set stays, the new room is unset.
    const grown = table.holding(words, 40);
    expect(grown.length).toBeGreaterThanOrEqual(123);
    expect([...grown.subarray(15, 18)]).toEqual([7, 8, 9]);
    expect(grown[120]).toBe(PerWordInts.UNSET);
    // Ids of another generation name other words: nothing set before is read back.
    expect(table.holding({ generation: 2, ids: new Int32Array([5]) }, 5)[15]).toBe(PerWordInts.UNSET);
  });
});

