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
 * offsets in `text`. wink reads the slice with a few punctuation marks swapped in place
 * (GLUING_MARK), keeps each token's characters, so a forward search from a cursor aligns them
 * exactly (texts are taken from the slice itself); a token wink normalized away (never seen in
 * practice) is skipped.
 */
export function tokenizeRange(text: string, start: number, end: number): TokenizedBlock {
  const slice = text.slice(start, end);
  const nlp = wink();
  const its = nlp.its;
  const fed = slice.replace(GLUING_MARK, (mark) => (mark.length > 1 ? mark : mark === "." ? "!" : ";")).replace(OVERLONG_RUN, cutRun);
  const swapped = fed !== slice;
  const wdoc = nlp.readDoc(fed);
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
    const at = fed.indexOf(value, cursor);
    if (at < 0) continue;
    firstOf[i] = tokens.length;
    const original = swapped ? slice.slice(at, at + value.length) : value;
    const possessive = POSSESSIVE.exec(original);
    if (possessive) {
      const cut = start + at + possessive[1].length;
      tokens.push({ start: start + at, end: cut, text: possessive[1], pos: tags[i] }, { start: cut, end: start + at + value.length, text: possessive[2], pos: "PART" });
    } else tokens.push({ start: start + at, end: start + at + value.length, text: original, pos: isNumeral(value) ? "NUM" : tags[i] });
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
 * wink splits "Ukraine’s" into "Ukraine" + "’s" — unless most marks follow ("Ukraine’s.",
 * "Ukraine’s,", "Ukraine’s—", "Ukraine’s»"…), and after that once, everywhere: its shared cache
 * then knows "Ukraine’s" as a word, so tokens, and the tags of their neighbours, would depend on
 * what the process read before. wink reads any mark after a possessive, but those it splits
 * before (! ? ; ) ] and double quotes), as one it splits before, of the same length (one UTF-16
 * unit) and role (a sentence end for a sentence end); the token keeps the original mark.
 */
const GLUING_MARK = /(?<=[\p{L}\p{N}]['’][sS])[^\p{L}\p{N}\s!?;)\]"“”…]/gu;

/**
 * wink's tokenizer takes time quadratic in a token's length (a regular expression tests every
 * token for an abbreviation): a megabyte without white space ("aaaa…", a base64 blob) would take
 * hours. A run longer than MAX_TOKEN_CHARS is read as tokens of that length, every next character
 * read as a space: those few characters stay in the text but belong to no token.
 */
const MAX_TOKEN_CHARS = 200;
const OVERLONG_RUN = new RegExp(`\\S{${MAX_TOKEN_CHARS + 1},}`, "g");
function cutRun(run: string): string {
  const pieces: string[] = [];
  for (let at = 0; at < run.length; at += MAX_TOKEN_CHARS + 1) pieces.push(run.slice(at, at + MAX_TOKEN_CHARS));
  // The same length: each space stands where a character was.
  return pieces.join(" ").padEnd(run.length, " ");
}

/** An "'s" wink still leaves on its word ("here's", and a possessive should a mark escape the swap): split ourselves, always. */
const POSSESSIVE = /^(.*[^'’\s])(['’][sS])$/u;

/**
 * A number written in digits ("97", "1,000", "3.5"): always NUM. wink tags it so, unless its
 * shared cache first met the string as a piece of a word (CoNLL's "21.NOV.97" leaves "97" a
 * word, tagged PROPN from then on): without this, tags would depend on what the process read before.
 */
function isNumeral(value: string): boolean {
  const first = value.charCodeAt(0);
  return first >= 48 && first <= 57 && NUMERAL.test(value);
}
const NUMERAL = /^\d+(?:[.,]\d+)*$/;
