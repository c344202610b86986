import type { Span } from "../../article/types.js";
import type { Token } from "../../nlp/types.js";
import { HEADWORDS, HONORIFICS, INSTITUTION_WORDS, MODIFIERS, wordKey } from "./lexicon.js";
import { tokenAtOrAfter } from "../../nlp/tokens.js";
import { isCapitalized } from "./text.js";

/** Small words that may sit inside a title ("Secretary of State", "Minister for the Environment"). */
const CONNECTORS = new Set(["of", "for", "the", "on", "at", "in"]);
const POSSESSIVE = /^['’]s$/i;
/** Inside an appositive title these end it: a clause starts ("…, who has been …", "…, said"). */
const CLAUSE_POS = new Set(["VERB", "AUX", "PRON", "SCONJ"]);
const MAX_APPOSITIVE_TOKENS = 16;

const isTitleWord = (t: Token): boolean => {
  const k = wordKey(t.text);
  return HEADWORDS.has(k) || MODIFIERS.has(k);
};

/**
 * The title written before a name: the run of capitalized words and lowercase title words
 * ending right before it ("U.S. Secretary of State", "former US Army Europe Commander",
 * "Russian president"). The run must contain a role noun, and only an "of …"/"for …" part may
 * follow the last one, so "In Moscow Putin" or "the Kremlin Putin" give nothing. `stop` marks
 * tokens of other people's names, which a title never crosses.
 */
export function titleBefore(tokens: readonly Token[], nameStart: number, stop: Uint8Array): Span | null {
  const at = tokenAtOrAfter(tokens, nameStart);
  if (at === 0 || at >= tokens.length) return null;
  const sentence = tokens[at].sentence;
  let first = at;
  for (let j = at - 1; j >= 0 && tokens[j].sentence === sentence && !stop[j]; j--) {
    const t = tokens[j];
    const k = wordKey(t.text);
    // "Mr. Putin": a courtesy title, and the end of any title further left.
    if (HONORIFICS.has(k) && isCapitalized(t.text)) break;
    const glued = t.end === tokens[j + 1].start && j > 0 && tokens[j - 1].end === t.start;
    const ok =
      (isCapitalized(t.text) && ["PROPN", "NOUN", "ADJ"].includes(t.pos)) ||
      isTitleWord(t) ||
      CONNECTORS.has(t.text) ||
      (POSSESSIVE.test(t.text) && j > 0 && isCapitalized(tokens[j - 1].text)) ||
      (t.text === "-" && glued);
    if (!ok) break;
    first = j;
  }
  // The run starts with a title word or a name ("Russian", "Kremlin", "Army"), not with "the",
  // "of" or a sentence-opening "Yesterday".
  while (first < at) {
    const t = tokens[first];
    const named = isCapitalized(t.text) && (t.pos === "PROPN" || t.pos === "ADJ" || INSTITUTION_WORDS.has(wordKey(t.text)));
    if (isTitleWord(t) || (named && !CONNECTORS.has(t.text.toLowerCase()))) break;
    first++;
  }
  // "member of Raytheon": the name is the object of the title's preposition, not its bearer.
  if (first === at || CONNECTORS.has(tokens[at - 1].text)) return null;
  let lastHead = -1;
  for (let j = first; j < at; j++) if (HEADWORDS.has(wordKey(tokens[j].text))) lastHead = j;
  if (lastHead < 0) return null;
  if (lastHead + 1 < at && !["of", "for"].includes(tokens[lastHead + 1].text)) return null;
  return { start: tokens[first].start, end: tokens[at - 1].end };
}

/**
 * The title given in apposition after a name: ", the deputy chairman of the Russian Security
 * Council," or ", senior fellow at the Carnegie Endowment for International Peace,". The phrase
 * must open (after an article) with a role noun within four words, preceded only by qualifiers
 * ("senior", "Russia’s foreign"); it ends at punctuation or where a clause starts.
 */
export function titleAfter(tokens: readonly Token[], nameEnd: number, stop: Uint8Array): Span | null {
  const comma = tokenAtOrAfter(tokens, nameEnd);
  if (comma + 1 >= tokens.length || ![",", "("].includes(tokens[comma].text)) return null;
  const sentence = tokens[comma].sentence;
  let first = comma + 1;
  if (/^(the|a|an)$/i.test(tokens[first].text)) first++;
  let end = first;
  while (
    end < tokens.length &&
    end - first < MAX_APPOSITIVE_TOKENS &&
    tokens[end].sentence === sentence &&
    !stop[end] &&
    !CLAUSE_POS.has(tokens[end].pos) &&
    !(tokens[end].pos === "PUNCT" && tokens[end].text !== "-" && !POSSESSIVE.test(tokens[end].text))
  ) {
    end++;
  }
  let head = -1;
  for (let j = first; j < Math.min(end, first + 4); j++) {
    const t = tokens[j];
    if (HEADWORDS.has(wordKey(t.text))) {
      head = j;
      break;
    }
    if (!(MODIFIERS.has(wordKey(t.text)) || isCapitalized(t.text) || POSSESSIVE.test(t.text))) break;
  }
  // ", spokesperson Lin Jian": the title of the next person, not of this one.
  if (head < 0 || (stop[end] && head === end - 1)) return null;
  while (end - 1 > head && (CONNECTORS.has(tokens[end - 1].text) || ["-", "and", "&"].includes(tokens[end - 1].text))) end--;
  return { start: tokens[first].start, end: tokens[end - 1].end };
}
