import { wink } from "./wink.js";

export interface RawToken {
  start: number;
  end: number;
  text: string;
  pos: string;
}

export interface TokenizedBlock {
  tokens: RawToken[];
  /** Sentences as token index ranges [from, to) into `tokens`. */
  sentences: { from: number; to: number }[];
}

/**
 * Tokenizes and POS-tags `text.slice(start, end)` with wink-nlp and maps every token back to
 * offsets in `text`. wink keeps each token's original characters, so a forward search from a
 * cursor aligns them exactly; a token wink normalized away (never seen in practice) is skipped.
 */
export function tokenizeRange(text: string, start: number, end: number): TokenizedBlock {
  const slice = text.slice(start, end);
  const nlp = wink();
  const its = nlp.its;
  const wdoc = nlp.readDoc(slice);
  const values = wdoc.tokens().out(its.value) as string[];
  const tags = wdoc.tokens().out(its.pos) as string[];
  const tokens: RawToken[] = [];
  // wink token index → our first and last token index (-1 for line breaks and other whitespace).
  const firstOf = new Int32Array(values.length + 1).fill(-1);
  const lastOf = new Int32Array(values.length + 1).fill(-1);
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value.trim() === "") continue;
    const at = slice.indexOf(value, cursor);
    if (at < 0) continue;
    firstOf[i] = tokens.length;
    const possessive = POSSESSIVE.exec(value);
    if (possessive) {
      const cut = start + at + possessive[1].length;
      tokens.push({ start: start + at, end: cut, text: possessive[1], pos: tags[i] }, { start: cut, end: start + at + value.length, text: possessive[2], pos: "PART" });
    } else tokens.push({ start: start + at, end: start + at + value.length, text: value, pos: tags[i] });
    lastOf[i] = tokens.length - 1;
    cursor = at + value.length;
  }
  const sentences: { from: number; to: number }[] = [];
  for (const [first, last] of wdoc.sentences().out(its.span) as [number, number][]) {
    let from = -1;
    let to = -1;
    for (let k = first; k <= last; k++) {
      if (firstOf[k] < 0) continue;
      if (from < 0) from = firstOf[k];
      to = lastOf[k] + 1;
    }
    if (from >= 0) sentences.push({ from, to });
  }
  return { tokens, sentences };
}

/**
 * A possessive wink left on its word. wink splits "Ukraine’s" into "Ukraine" + "’s" — unless
 * punctuation follows ("Ukraine’s."), and after that once, everywhere: wink's shared cache then
 * knows "Ukraine’s" as a word, so its tokens would depend on what the process read before. We
 * split them ourselves, always.
 */
const POSSESSIVE = /^(.*[^'’\s])(['’][sS])$/u;
