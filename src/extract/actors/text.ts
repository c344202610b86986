import type { Span } from "../../article/types.js";

export interface Word extends Span {
  readonly text: string;
}

/** Whitespace-separated words of text[start, end): "Kim Jong-un’s" stays two words, unlike tokens. */
export function wordsOf(text: string, start: number, end: number): Word[] {
  const words: Word[] = [];
  const re = /\S+/g;
  const slice = text.slice(start, end);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    words.push({ start: start + m.index, end: start + m.index + m[0].length, text: m[0] });
  }
  return words;
}

const LEADING_JUNK = /^[\s"“”‘’'(\[«]/u;
const TRAILING_JUNK = /[\s"“”‘’'`)\]»,;:!?…]$/u;
/** A final dot that belongs to the word: initials ("U.S.", "D.C.") and common abbreviations. */
const ABBREVIATION = /(?:^|[\s(])(?:(?:\p{Lu}\.)+|(?:Jr|Sr|Inc|Co|Corp|Ltd|St|Gen|Sen|Rep|Mr|Mrs|Ms|Dr)\.)$/u;
const POSSESSIVE = /['’][sS]$/;
const LEADING_THE = /^the\s+/i;

/**
 * Trims what taggers leave around a name: quotes, brackets, trailing punctuation, a possessive
 * ’s (and the bare ’ of "Reuters’"), and a leading "the" ("the Kremlin" → "Kremlin", so every
 * mention of one actor has the same shape). Returns null when nothing is left.
 */
export function cleanSpan(text: string, start: number, end: number): Span | null {
  if (isPlainName(text, start, end)) return { start, end };
  let s = start;
  let e = end;
  for (;;) {
    const before = e - s;
    while (s < e && LEADING_JUNK.test(text[s])) s++;
    while (s < e && TRAILING_JUNK.test(text[e - 1])) e--;
    const slice = text.slice(s, e);
    if (slice.endsWith(".") && !ABBREVIATION.test(slice)) e--;
    else if (POSSESSIVE.test(slice)) e -= 2;
    const the = LEADING_THE.exec(text.slice(s, e));
    if (the && the[0].length < e - s) s += the[0].length;
    if (e - s === before) break;
  }
  return e > s && /\p{L}/u.test(text.slice(s, e)) ? { start: s, end: e } : null;
}

/** The common case, checked without slicing: letters at both ends, no possessive, no "the". */
function isPlainName(text: string, start: number, end: number): boolean {
  const isAsciiLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (end - start < 2 || !isAsciiLetter(first) || !isAsciiLetter(last)) return false;
  if ((last | 32) === 115 && /['’]/.test(text[end - 2])) return false;
  return !((first | 32) === 116 && LEADING_THE.test(text.slice(start, start + 4)));
}

export const isCapitalized = (word: string): boolean => /^\p{Lu}/u.test(word);
