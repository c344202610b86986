import type { Token } from "./types.js";

/** Index of the first token that starts at or after `offset` (tokens are sorted by start). */
export function tokenAtOrAfter(tokens: readonly Token[], offset: number, from = 0): number {
  // A caller that knows a token at or before `offset` walks from it: a step or two, where a
  // binary search touches ~16 tokens scattered over memory.
  if (from > 0) {
    while (from < tokens.length && tokens[from].start < offset) from++;
    return from;
  }
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Words as people and the shared tasks count them in a text: whitespace-separated. */
export function wordCount(text: string): number {
  // Tested, not matched: no array of the words is made.
  WORD.lastIndex = 0;
  let n = 0;
  while (WORD.test(text)) n++;
  return n;
}

const WORD = /\S+/g;

/** Words among the tokens [from, to): all but punctuation, symbols and spaces (the `stats.words` of an Analysis). */
export function countWords(tokens: readonly Token[], from = 0, to = tokens.length): number {
  let n = 0;
  for (let i = from; i < to; i++) if (tokens[i].pos !== "PUNCT" && tokens[i].pos !== "SPACE" && tokens[i].pos !== "SYM") n++;
  return n;
}
