import type { Span } from "../../article/types.js";
import type { Doc, EntitySpan, EntityType, Token } from "../../nlp/types.js";
import { leadingLetters, nameKey, type AliasEntry, type AliasIndex } from "./aliases.js";
import {
  DOCUMENT_WORDS,
  HEADWORDS,
  HONORIFICS,
  INSTITUTION_WORDS,
  MODIFIERS,
  ORG_WORDS,
  PLACE_FIRST_WORDS,
  PLACE_WORDS,
  PARTICLES,
  PLACE_QUALIFIERS,
  STATE_HEADS,
  STATE_HEADS_2,
  wordKey,
} from "./lexicon.js";
import { tokenAtOrAfter } from "../../nlp/tokens.js";
import { cleanSpan, isCapitalized, wordsOf, type Word } from "./text.js";

/** One mention of a would-be actor, before mentions are grouped into actors. */
export interface Candidate extends Span {
  type: EntityType;
  /** nameKey of the mention text. */
  readonly key: string;
  /** The name as words (for persons: without the title words the tagger included). */
  readonly words: readonly string[];
  readonly alias?: AliasEntry;
  /**
   * ner: a cleaned tagger span; demonym: "Russian forces", "the Russians"; scan: an alias-file
   * form the tagger missed; headline: a known name found in a headline-style sentence.
   */
  readonly source: "ner" | "demonym" | "scan" | "headline";
}

/** Per-article state shared by the mention passes. */
export interface Context {
  readonly doc: Doc;
  readonly text: string;
  readonly aliases: AliasIndex;
  /** Spans never read for actors: quoted headline references and editorial labels ("TREND FORECAST:"). */
  readonly excluded: readonly Span[];
  /** Per sentence: set for headline-style sentences (capitals, Title Case): the tagger's output there is noise. */
  readonly headline: Uint8Array;
  /** Per token: set when a candidate already covers it. */
  readonly covered: Uint8Array;
}

export function makeContext(doc: Doc, aliases: AliasIndex): Context {
  const { article } = doc;
  const excluded: Span[] = [...article.references];
  for (const p of article.paragraphs) if (p.bodyStart > p.start) excluded.push({ start: p.start, end: p.bodyStart });
  return {
    doc,
    text: article.text,
    aliases,
    excluded,
    headline: headlineSentences(doc),
    covered: new Uint8Array(doc.tokens.length),
  };
}

/**
 * Headline-style sentences: written in capitals (at least 8 capitals and 80% of letters), or in
 * Title Case: mostly capitalized words, two or more of them past the first not nouns or
 * adjectives ("Zelensky Exposed: Former Advisor Reveals How …"); in prose only the first word
 * of a sentence (or "I") is such a word.
 */
function headlineSentences(doc: Doc): Uint8Array {
  const { text } = doc.article;
  const flags = new Uint8Array(doc.sentenceTokens.length);
  doc.sentenceTokens.forEach(({ tokenStart, tokenEnd }, i) => {
    if (tokenEnd <= tokenStart) return;
    // One pass over the characters; the tokens are read only for the rare mostly-capitalized sentence.
    let upper = 0;
    let lower = 0;
    let words = 0;
    let capitalized = 0;
    let inWord = false;
    for (let c = doc.tokens[tokenStart].start; c < doc.tokens[tokenEnd - 1].end; c++) {
      const code = text.charCodeAt(c);
      const isUpper = code >= 65 && code <= 90;
      const isLetter = isUpper || (code >= 97 && code <= 122);
      if (isUpper) upper++;
      else if (isLetter) lower++;
      if (isLetter && !inWord) {
        words++;
        if (isUpper) capitalized++;
      }
      inWord = isLetter || code === 39 || code === 0x2019;
    }
    if (upper >= 8 && upper >= 4 * lower) flags[i] = 1;
    // Prose quoting a title ("the “Pottery Barn rule” – You Break It, You Own It –") stays prose.
    else if (capitalized >= 0.6 * words && titleCaseWords(doc, tokenStart, tokenEnd) >= 2) flags[i] = 1;
  });
  return flags;
}

/** Capitalized words past the first that are not nouns, names or adjectives ("Reveals", "How"). */
function titleCaseWords(doc: Doc, tokenStart: number, tokenEnd: number): number {
  let n = 0;
  for (let t = tokenStart + 1; t < tokenEnd; t++) {
    const tok = doc.tokens[t];
    if (TITLE_CASE_POS.has(tok.pos) && /^\p{Lu}\p{Ll}/u.test(tok.text) && !/^[:“"‘(]$/.test(doc.tokens[t - 1].text)) n++;
  }
  return n;
}

/** Word classes that are capitalized mid-sentence only in Title Case. */
const TITLE_CASE_POS = new Set(["VERB", "AUX", "ADP", "DET", "CCONJ", "SCONJ", "PRON", "ADV", "PART"]);

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

function isExcluded(ctx: Context, span: Span): boolean {
  return ctx.excluded.some((x) => overlaps(x, span));
}

/** `from`: a token at or before the span, when the caller knows one. */
function cover(ctx: Context, span: Span, from = 0): void {
  const { tokens } = ctx.doc;
  for (let i = tokenAtOrAfter(tokens, span.start, from); i < tokens.length && tokens[i].start < span.end; i++) ctx.covered[i] = 1;
}

function isCovered(ctx: Context, span: Span, from = 0): boolean {
  const { tokens } = ctx.doc;
  for (let i = tokenAtOrAfter(tokens, span.start, from); i < tokens.length && tokens[i].start < span.end; i++) if (ctx.covered[i]) return true;
  return false;
}

/** A word that cannot be part of a person's name: a title word, a demonym, a known place or body. */
function isTitleLike(word: string, aliases: AliasIndex): boolean {
  const k = wordKey(word);
  if (HEADWORDS.has(k) || MODIFIERS.has(k) || INSTITUTION_WORDS.has(k) || HONORIFICS.has(k)) return true;
  if (aliases.demonyms.has(word)) return true;
  const entry = aliases.byKey.get(nameKey(word));
  return entry !== undefined && entry.type !== "PERSON";
}

/**
 * The name at the end of a tagged PERSON span: the longest run of name words ending it, so
 * "U.S. Secretary of State Antony Blinken" → "Antony Blinken", "Mr. Putin" → "Putin". Lowercase
 * particles stay ("Ursula von der Leyen"). Null when the span is only a title ("President").
 */
function personName(words: readonly Word[], aliases: AliasIndex): Word[] | null {
  const nameWord = (w: string): boolean => isCapitalized(w) && !isTitleLike(w, aliases);
  let first = words.length;
  while (first > 0) {
    const w = words[first - 1].text;
    const last = first === words.length;
    // A surname may look like a title word ("Martin Luther King") when a given name precedes it.
    const ok = PARTICLES.has(w) ? !last : nameWord(w) || (last && first >= 2 && HEADWORDS.has(wordKey(w)) && isCapitalized(w) && nameWord(words[first - 2].text));
    if (!ok) break;
    first--;
  }
  return first < words.length ? words.slice(first) : null;
}

/** "Russian forces", "the German government", "the Russians": the state acting (see index.ts). */
function demonymPhrase(tokens: readonly Token[], i: number, sentenceEnd: number): Span | null {
  const next = i + 1 < sentenceEnd ? tokens[i + 1] : undefined;
  const next2 = i + 2 < sentenceEnd ? tokens[i + 2] : undefined;
  if (next && next2 && STATE_HEADS_2.has(`${next.text}-${next2.text}`)) return { start: tokens[i].start, end: next2.end };
  // The head must end the noun phrase: "Russian military debacle" is about a debacle.
  const endsPhrase = (t: Token | undefined): boolean => !t || !["NOUN", "PROPN"].includes(t.pos);
  if (next && STATE_HEADS.has(next.text) && endsPhrase(next2)) return { start: tokens[i].start, end: next.end };
  const prev = tokens[i - 1];
  const plural = /(?:s|ese|sh|ch)$/.test(tokens[i].text);
  if (prev && /^the$/i.test(prev.text) && plural && (!next || !["NOUN", "PROPN", "ADJ", "NUM"].includes(next.pos))) return tokens[i];
  return null;
}

function candidate(ctx: Context, span: Span, type: EntityType, source: Candidate["source"], words?: readonly string[]): Candidate {
  const text = ctx.text.slice(span.start, span.end);
  const key = nameKey(text);
  const alias = ctx.aliases.byKey.get(key);
  return { start: span.start, end: span.end, type: alias?.type ?? type, key, words: words ?? text.split(/\s+/), alias, source };
}

/**
 * Pass 1: the tagger's spans, cleaned and fixed up: pronouns ("I’m") dropped; persons cut down
 * to their name, or retyped when the span is a place, a body or a law; a title the tagger took for
 * an organization ("US Senate Minority Leader" before "Mitch McConnell") cut to the body it names;
 * "Security Council" after the tagger's MISC "Russian" widened to "Russian Security Council";
 * MISC kept only when the alias file knows it.
 */
function fromTagger(ctx: Context, out: Candidate[]): void {
  const { doc, text, aliases } = ctx;
  const entities = joinSplitNames(text, doc.entities, aliases);
  entities.forEach((e, n) => {
    if (ctx.headline[doc.tokens[e.tokenStart]?.sentence ?? 0] || isExcluded(ctx, e)) return;
    const span = e.type === "PERSON" ? withoutVerbs(text, doc.tokens, e) : cleanSpan(text, e.start, e.end);
    const first = span && doc.tokens[tokenAtOrAfter(doc.tokens, span.start, e.tokenStart)];
    if (!span || first?.pos === "PRON" || (span.end - span.start <= 6 && PRONOUN_CONTRACTION.test(text.slice(span.start, span.end)))) return;
    let words = wordsOf(text, span.start, span.end);
    if (!looksLikeName(words)) return;
    const entry = aliases.byKey.get(nameKey(text.slice(span.start, span.end)));
    let type = e.type;
    const last = wordKey(words[words.length - 1].text);
    if (!entry && DOCUMENT_WORDS.has(last)) return;
    if (type === "PERSON" && ORG_WORDS.has(last)) type = "ORGANIZATION";
    else if (type === "PERSON" && words.length >= 2 && (PLACE_WORDS.has(last) || PLACE_FIRST_WORDS.has(wordKey(words[0].text)))) type = "LOCATION";
    if (type !== "PERSON" && !entry && isTitledName(words, aliases)) type = "PERSON";
    let c: Candidate | null;
    if (type === "PERSON" && !(entry && entry.type !== "PERSON")) {
      const name = personName(words, aliases);
      c = name && candidate(ctx, { start: name[0].start, end: name[name.length - 1].end }, "PERSON", "ner", name.map((w) => w.text));
    } else if (words.length >= 2 && words.length <= 3 && aliases.demonyms.has(words[0].text) && isStateHead(words.slice(1))) {
      const country = aliases.demonyms.get(words[0].text)!;
      c = { ...span, type: country.type, key: nameKey(country.name), words: [country.name], alias: country, source: "demonym" };
    } else {
      const next = entities[n + 1];
      if (next?.type === "PERSON") words = withoutTrailingTitle(words, text.slice(span.end, next.start));
      if (!words.length) return;
      const widened = withDemonym(ctx, words);
      c = placeWithQualifier(ctx, candidate(ctx, { start: widened, end: words[words.length - 1].end }, type, "ner"));
      if (c.type === "MISC" && !c.alias) c = null;
    }
    if (!c) return;
    out.push(c);
    cover(ctx, c, c.start >= e.start ? e.tokenStart : 0);
  });
}

/**
 * Title-case headlines run names into verbs ("Zelensky Exposed", "Advisor Reveals Biden"): a
 * PERSON span keeps the tokens after its leading verbs and before the next one. Only inflected
 * verbs count, since the tagger calls given names verbs too ("Ted", "Will", "Josh").
 */
function withoutVerbs(text: string, tokens: readonly Token[], e: EntitySpan): Span | null {
  const isVerb = (i: number): boolean => (tokens[i].pos === "VERB" || tokens[i].pos === "AUX") && INFLECTED.test(tokens[i].text);
  let first = e.tokenStart;
  while (first < e.tokenEnd && isVerb(first)) first++;
  let end = first;
  while (end < e.tokenEnd && !isVerb(end)) end++;
  return first < end ? cleanSpan(text, Math.max(e.start, tokens[first].start), Math.min(e.end, tokens[end - 1].end)) : null;
}

const INFLECTED = /^\p{L}{3,}(?:s|ed|ing)$/u;

const NAME_FUNCTION_WORDS = new Set(["of", "for", "the", "and", "&", "on", "in", "at", "to", "de", "y"]);

/**
 * A tagger span that runs on through a clause is no name: at most one lowercase word that is
 * neither a function word, a name particle nor a title word ("Senate Foreign relations Committee").
 */
function looksLikeName(words: readonly Word[]): boolean {
  let lower = 0;
  for (const { text: w } of words) {
    const c = w.charCodeAt(0);
    const isLower = c < 128 ? c >= 97 && c <= 122 : /^\p{Ll}/u.test(w);
    if (!isLower || NAME_FUNCTION_WORDS.has(w) || PARTICLES.has(w) || HEADWORDS.has(wordKey(w)) || MODIFIERS.has(wordKey(w))) continue;
    lower++;
  }
  return lower <= 1;
}

/** wink keeps "I’m" as one PROPN token, which taggers then take for a name. */
const PRONOUN_CONTRACTION = /^(?:I|you|we|they|he|she|it)['’](?:m|re|ve|ll|d|s)$/i;

/**
 * Rejoins names the tagger cut in two: "People’s" + "Liberation Army" (a one-word, unknown first
 * part before ’s: "Russia’s Gazprom" stays apart) and "Carnegie Endowment" + "for International
 * Peace" (the first part ends in a body word).
 */
function joinSplitNames(text: string, entities: readonly EntitySpan[], aliases: AliasIndex): EntitySpan[] {
  const out: EntitySpan[] = [];
  const lastWord = (s: string): string => wordKey(s.slice(s.lastIndexOf(" ") + 1));
  for (const e of entities) {
    const prev = out[out.length - 1];
    // Only spans at most " for " apart can be halves of one name.
    const near = prev !== undefined && e.start - prev.end <= 5 && prev.type !== "LOCATION";
    const isBody = e.type === "ORGANIZATION" || (e.type === "PERSON" && ORG_WORDS.has(lastWord(e.text)));
    const head = near ? text.slice(prev.start, e.start) : "";
    const joins =
      near &&
      isBody &&
      ((/^\S+['’]s $/.test(head) && !aliases.byKey.has(nameKey(head.slice(0, -3)))) ||
        (/ (?:for|of) $/.test(head) && ORG_WORDS.has(lastWord(prev.text))));
    if (joins) out[out.length - 1] = { ...prev, end: e.end, text: text.slice(prev.start, e.end), type: "ORGANIZATION", tokenEnd: e.tokenEnd };
    else out.push(e);
  }
  return out;
}

/** "American Secretary of State Madeleine Albright" tagged ORG: a title, then a full name. */
function isTitledName(words: readonly Word[], aliases: AliasIndex): boolean {
  const name = personName(words, aliases);
  const last = wordKey(words[words.length - 1].text);
  if (!name || name.length < 2 || ORG_WORDS.has(last) || DOCUMENT_WORDS.has(last)) return false;
  return words.slice(0, words.length - name.length).some((w) => HEADWORDS.has(wordKey(w.text)));
}

/**
 * "US Senate Minority Leader" → "US Senate" when the span, or the span plus the title words up
 * to the next person's name (`gap`), is a pre-name title: keeps the words that name a body.
 */
function withoutTrailingTitle(words: Word[], gap: string): Word[] {
  const isTitle = (w: string): boolean => HEADWORDS.has(wordKey(w)) || MODIFIERS.has(wordKey(w));
  const gapWords = gap.split(/\s+/).filter(Boolean);
  const last = gapWords.length ? gapWords[gapWords.length - 1] : words[words.length - 1].text;
  if (!gapWords.every(isTitle) || !HEADWORDS.has(wordKey(last))) return words;
  let end = words.length;
  while (end > 0 && isTitle(words[end - 1].text)) end--;
  while (end > 0 && CONNECTORS.has(words[end - 1].text)) end--;
  return words.slice(0, end);
}

/** Start of a body name, widened over a demonym right before it: "Russian Security Council". */
function withDemonym(ctx: Context, words: readonly Word[]): number {
  const start = words[0].start;
  if (!INSTITUTION_WORDS.has(wordKey(words[0].text))) return start;
  const m = /(\p{Lu}\p{Ll}+) $/u.exec(ctx.text.slice(Math.max(0, start - 16), start));
  return m && ctx.aliases.demonyms.has(m[1]) ? start - m[0].length : start;
}

const CONNECTORS = new Set(["of", "for", "the", "and"]);

const isStateHead = (words: readonly Word[]): boolean =>
  words.length === 1 ? STATE_HEADS.has(words[0].text) : STATE_HEADS_2.has(words.map((w) => w.text).join("-"));

/**
 * "Latin America", "Western Ukraine": a known place right after a capitalized compass word is
 * part of a longer name, so the qualifier joins the mention and the alias is looked up again
 * (tagger spans "Korea" → "North Korea"; "America" after "Latin" is not the United States).
 */
function placeWithQualifier(ctx: Context, c: Candidate): Candidate {
  if (!c.alias || c.alias.type !== "LOCATION") return c;
  const m = /(\p{Lu}\p{Ll}+) $/u.exec(ctx.text.slice(Math.max(0, c.start - 12), c.start));
  if (!m || !PLACE_QUALIFIERS.has(m[1].toLowerCase())) return c;
  return candidate(ctx, { start: c.start - m[0].length, end: c.end }, c.type, c.source);
}

/**
 * Pass 2, over tokens the tagger left alone:
 * - alias-file forms it missed ("the West", "US" in "US-NATO"), matched with their exact case. A
 *   form followed by a capitalized word, or after a compass word, is part of a longer name ("US
 *   Senate", "West Bank", "Latin America") and is left alone;
 * - demonym phrases that stand for the state ("Russian forces", "the Russians").
 */
function fromKnownForms(ctx: Context, out: Candidate[]): void {
  const { doc, text } = ctx;
  // Every form and demonym starts a word with a capital or "the": a regex over the text finds
  // those starts without touching the other ~80% of token objects (token loops are memory-bound).
  const starts = /\b(?:[A-Z]|the )/g;
  for (let m = starts.exec(text); m; m = starts.exec(text)) {
    const i = tokenAtOrAfter(doc.tokens, m.index);
    const tok = doc.tokens[i];
    if (!tok || tok.start !== m.index || ctx.covered[i] || ctx.headline[tok.sentence]) continue;
    const { tokenStart, tokenEnd } = doc.sentenceTokens[tok.sentence];
    const found = scanForm(ctx, i, tokenStart, tokenEnd) ?? demonymMention(ctx, i, tokenEnd);
    if (!found || isExcluded(ctx, found)) continue;
    out.push(found);
    cover(ctx, found, i);
    starts.lastIndex = found.end;
  }
}

function scanForm(ctx: Context, i: number, sentenceStart: number, sentenceEnd: number): Candidate | null {
  const { doc, text } = ctx;
  const tok = doc.tokens[i];
  const forms = ctx.aliases.scan.get(leadingLetters(tok.text));
  if (!forms) return null;
  const prev = i > sentenceStart ? doc.tokens[i - 1] : undefined;
  if (prev && isCapitalized(prev.text) && PLACE_QUALIFIERS.has(prev.text.toLowerCase())) return null;
  for (const form of forms) {
    const end = tok.start + form.text.length;
    if (!text.startsWith(form.text, tok.start) || /[\p{L}\p{N}]/u.test(text[end] ?? "")) continue;
    let j = i;
    while (j < sentenceEnd && doc.tokens[j].start < end) j++;
    const after = j < sentenceEnd ? doc.tokens[j] : undefined;
    if (after && after.start - end <= 1 && /^\p{Lu}\p{L}/u.test(after.text)) return null;
    const span = { start: /^the /i.test(form.text) ? tok.start + 4 : tok.start, end };
    if (isCovered(ctx, span)) return null;
    return { ...span, type: form.entry.type, key: nameKey(form.entry.name), words: form.text.split(/\s+/), alias: form.entry, source: "scan" };
  }
  return null;
}

function demonymMention(ctx: Context, i: number, sentenceEnd: number): Candidate | null {
  const country = ctx.aliases.demonyms.get(ctx.doc.tokens[i].text);
  const span = country && demonymPhrase(ctx.doc.tokens, i, sentenceEnd);
  if (!span || isCovered(ctx, span)) return null;
  return { start: span.start, end: span.end, type: country.type, key: nameKey(country.name), words: [country.name], alias: country, source: "demonym" };
}

/** All candidates of the article outside headline-style sentences, sorted by start. */
export function collectCandidates(ctx: Context): Candidate[] {
  const out: Candidate[] = [];
  fromTagger(ctx, out);
  fromKnownForms(ctx, out);
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Names known elsewhere in the article (or from the alias file) found in headline-style
 * sentences, matched case-insensitively over 1–4 tokens, longest first. `known` maps a nameKey to
 * a candidate carrying the actor's identity. Keys that are also common words ("US" = "us") are
 * not trusted there.
 */
export function collectInHeadlines(ctx: Context, known: (key: string) => Candidate | undefined): Candidate[] {
  const { doc, text } = ctx;
  const out: Candidate[] = [];
  doc.sentenceTokens.forEach(({ tokenStart, tokenEnd }, s) => {
    if (!ctx.headline[s]) return;
    for (let i = tokenStart; i < tokenEnd; i++) {
      if (!/\p{L}/u.test(doc.tokens[i].text)) continue;
      for (let n = Math.min(4, tokenEnd - i); n >= 1; n--) {
        const span = cleanSpan(text, doc.tokens[i].start, doc.tokens[i + n - 1].end);
        if (!span) continue;
        const key = nameKey(text.slice(span.start, span.end));
        const like = known(key);
        if (!like || HEADLINE_AMBIGUOUS.has(key) || isExcluded(ctx, span)) continue;
        out.push({ ...span, type: like.type, key, words: like.words, alias: like.alias, source: "headline" });
        i += n - 1;
        break;
      }
    }
  });
  return out;
}

const HEADLINE_AMBIGUOUS = new Set(["us", "who", "it", "am", "is", "in", "on", "an", "or", "at", "as", "me", "we", "un"]);
