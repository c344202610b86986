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

  it("tags a possessive's neighbours the same way whatever the process read before", () => {
    const sentence = "Trump’s address has the potential to shock.";
    const before = tokens(sentence);
    expect(before.slice(0, 3)).toEqual(["Trump/PROPN", "’s/PART", "address/NOUN"]);
    // A possessive before one of these marks made wink learn "Bergoglio’s" as one word.
    for (const mark of [".", ",", ":", "-", "—", "–", "'", "/", "«", "»", "&", "·", "%"]) tokens(`It was Trump’s${mark} then`);
    expect(tokens(sentence)).toEqual(before);
    const text = "It was Bergoglio’s, Trump’s. And Biden’s—";
    const { tokens: ts } = tokenizeRange(text, 0, text.length);
    expect(ts.map((t) => t.text)).toEqual(["It", "was", "Bergoglio", "’s", ",", "Trump", "’s", ".", "And", "Biden", "’s", "—"]);
    for (const t of ts) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it("tags numbers in digits NUM whatever the process read before", () => {
    // wink's cache learns "83" as a word from this CoNLL-style line, and tagged it PROPN ever after.
    tokens("EXERCISE PERIOD 02.SEP.82-21.NOV.83 PAYDATE");
    expect(tokens("He was 83 years old, with 1,200 acres and 3.5 tractors.")).toEqual(expect.arrayContaining(["83/NUM", "1,200/NUM", "3.5/NUM"]));
  });

  it("keeps offsets exact and sentences whole when it splits", () => {
    const text = "It was Ukraine’s. Then came Russia’s";
    const { tokens: ts, sentences } = tokenizeRange(text, 0, text.length);
    for (const t of ts) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(sentences).toHaveLength(2);
    expect(sentences.at(-1)!.to).toBe(ts.length);
    expect(ts.at(-1)!.text).toBe("’s");
  });

  it("reads a run without white space as tokens of at most 200 characters, offsets exact", () => {
    const blob = "abcdefghij".repeat(120);
    const text = `Data follows: ${blob} and ends.`;
    const { tokens: ts } = tokenizeRange(text, 0, text.length);
    for (const t of ts) expect(text.slice(t.start, t.end)).toBe(t.text);
    const pieces = ts.filter((t) => t.start >= text.indexOf(blob) && t.end <= text.indexOf(blob) + blob.length);
    expect(pieces.length).toBe(Math.ceil(blob.length / 201));
    expect(Math.max(...pieces.map((t) => t.text.length))).toBe(200);
    // Only the character after each 200 belongs to no token.
    expect(pieces.reduce((n, t) => n + t.text.length, 0)).toBe(blob.length - (pieces.length - 1));
    expect(ts.slice(-3).map((t) => t.text)).toEqual(["and", "ends", "."]);
  });
});
