import { describe, expect, it } from "vitest";
import { tokenizeRange } from "./tokenize.js";

const tokens = (text: string) => tokenizeRange(text, 0, text.length).tokens.map((t) => `${t.text}/${t.pos}`);

describe("tokenizeRange", () => {
  it("splits possessives the same way whatever the process read before", () => {
    const sentence = "Hezbollah’s fighters met Kazakhstan’s army.";
    const before = tokens(sentence);
    expect(before).toEqual(expect.arrayContaining(["’s/PART"]));
    expect(before.filter((t) => t === "’s/PART")).toHaveLength(2);
    // Possessives before punctuation used to stay glued, and made wink treat the word as known.
    expect(tokens("Hezbollah’s, then Kazakhstan’s.")).toEqual(["Hezbollah/PROPN", "’s/PART", ",/PUNCT", "then/ADV", "Kazakhstan/PROPN", "’s/PART", "./PUNCT"]);
    expect(tokens(sentence)).toEqual(before);
  });

  it("keeps offsets exact and sentences whole when it splits", () => {
    const text = "It was Ukraine’s. Then came Russia’s";
    const { tokens: ts, sentences } = tokenizeRange(text, 0, text.length);
    for (const t of ts) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(sentences).toHaveLength(2);
    expect(sentences.at(-1)!.to).toBe(ts.length);
    expect(ts.at(-1)!.text).toBe("’s");
  });
});
