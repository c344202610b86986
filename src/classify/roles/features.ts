import type { Span } from "../../article/types.js";
import { addFeature, type FeatureBag } from "../../ml/linear.js";
import type { Doc, Token } from "../../nlp/types.js";
import { matchCues, normalizeWord, stem, type RoleLexicon, type Stance } from "./lexicon.js";
import { OwnedCache } from "../../owned-cache.js";

/** Words either side of the mention whose cues count as "near". */
export const WINDOW = 6;
/** Words either side of each of the actor's occurrences that count for its article-wide framing. */
export const ENTITY_WINDOW = 4;
/** How far the predicate search walks from the mention before giving up. */
const PREDICATE_REACH = 6;
/** Part-of-speech tags whose words carry meaning for bag-of-words features. */
export const CONTENT: ReadonlySet<string> = new Set(["NOUN", "VERB", "ADJ", "ADV", "PROPN"]);
/** Punctuation that closes a clause: a predicate is never looked for across it. */
const CLAUSE_BREAK = /^[,;:()\[\]–—-]$/;
/** Quotation marks are skipped, not breaks: quoted predicates are common ("is 'ready to fight'"). */
const QUOTE = /^["“”«»‘’']$/;
/** Words that build a noun phrase around a head. */
const MODIFIER: ReadonlySet<string> = new Set(["ADJ", "NOUN", "PROPN"]);
export const BE: ReadonlySet<string> = new Set(["be", "is", "are", "was", "were", "been", "being", "'re", "'m"]);
/** How far (as a share of all stance cues) one side must lead for the article to take it. */
const STANCE_MARGIN = 0.2;
const OPEN_QUOTE = new Set(["“", "«"]);
const CLOSE_QUOTE = new Set(["”", "»"]);

/** Named feature values, precomputed once and copied into every bag that shares them. */
type Features = readonly (readonly [string, number])[];

/** What every mention of an article shares; computed once per Doc, parts of it lazily. */
interface DocContext {
  readonly words: readonly string[];
  readonly cues: readonly (readonly string[])[];
  /** Token lies inside quotation marks (someone else's words). */
  readonly quoted: Uint8Array;
  readonly domain: "CC" | "URW";
  /** The article's side in its domain, or "mixed" when its cues do not lean clearly. */
  readonly stance: Stance | "mixed";
  /** Token positions of each normalized word. */
  readonly positions: ReadonlyMap<string, readonly number[]>;
  /** Features of the article as a whole (domain, stance, cue counts). */
  readonly article: Features;
  /** Bag-of-words and cue features of each sentence, by sentence index. */
  readonly sentences: Map<number, Features>;
  /** Article-wide framing of each actor head word (see entityFeatures). */
  readonly entities: Map<string, Features>;
}

const contexts = new OwnedCache<Doc, DocContext>();

function docContext(doc: Doc, lexicon: RoleLexicon): DocContext {
  let ctx = contexts.get(doc);
  if (ctx) return ctx;
  const words = doc.tokens.map((t) => normalizeWord(t.text));
  const cues = matchCues(lexicon.cues, words);
  const articleCues = new Map<string, number>();
  for (const found of cues) for (const c of found) articleCues.set(c, (articleCues.get(c) ?? 0) + 1);
  const positions = new Map<string, number[]>();
  words.forEach((w, i) => {
    const list = positions.get(w);
    if (list) list.push(i);
    else positions.set(w, [i]);
  });
  const quoted = markQuoted(doc);
  const { domain, stance } = docStance((c) => articleCues.get(c) ?? 0);
  const article: Features = [
    ["bias", 1],
    [`dom:${domain}`, 1],
    [`stance:${stance}`, 1],
    ...[...articleCues].map(([c, n]) => [`art:${c}`, Math.log1p(n) / 3] as const),
  ];
  ctx = { words, cues, quoted, domain, stance, positions, article, sentences: new Map(), entities: new Map() };
  contexts.set(doc, ctx);
  return ctx;
}

/** Which tokens lie inside quotation marks. Straight quotes toggle; curly ones say which side they are. Quotes never span paragraphs. */
export function markQuoted(doc: Doc): Uint8Array {
  const quoted = new Uint8Array(doc.tokens.length);
  let inside = false;
  let paragraph = -1;
  doc.sentenceTokens.forEach(({ tokenStart, tokenEnd }, s) => {
    const p = doc.article.sentences[s]?.paragraph ?? -1;
    if (p !== paragraph) [inside, paragraph] = [false, p];
    for (let i = tokenStart; i < tokenEnd; i++) {
      const text = doc.tokens[i].text;
      if (text.length !== 1) {
        if (inside) quoted[i] = 1;
      } else if (text === '"') inside = !inside;
      else if (OPEN_QUOTE.has(text)) inside = true;
      else if (CLOSE_QUOTE.has(text)) inside = false;
      else if (inside) quoted[i] = 1;
    }
  });
  return quoted;
}

/** The article's domain, and its stance in it, from the counts of domain and stance cues. */
export function docStance(count: (category: string) => number): { domain: "CC" | "URW"; stance: Stance | "mixed" } {
  const domain = count("CC") > count("URW") ? "CC" : "URW";
  const [a, b]: Stance[] = domain === "URW" ? ["proRussia", "proUkraine"] : ["climateSkeptic", "climateConcern"];
  const lean = (count(a) - count(b)) / (count(a) + count(b) + 2);
  const stance = lean > STANCE_MARGIN ? a : lean < -STANCE_MARGIN ? b : "mixed";
  return { domain, stance };
}

/** The words of a mention's own text that name the actor ("the" dropped); the last is its head. */
export function mentionWordsOf(raw: string): string[] {
  return normalizeWord(raw)
    .split(/[^\p{L}\p{N}.'-]+/u)
    .filter((w) => w && w !== "the");
}

/** Index range [from, to) of the tokens overlapping `span`; empty (from === to) when none do. */
export function overlappingTokens(tokens: readonly Token[], span: Span): { from: number; to: number } {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  let to = lo;
  while (to < tokens.length && tokens[to].start < span.end) to++;
  return { from: lo, to };
}

export function isPossessive(t: Token): boolean {
  return t.pos === "PART" && /^['’]s?$/.test(t.text);
}

export function isQuote(text: string): boolean {
  return text.length === 1 && QUOTE.test(text);
}

function isClauseBreak(t: Token): boolean {
  return (t.pos === "PUNCT" && CLAUSE_BREAK.test(t.text)) || t.pos === "SCONJ" || t.pos === "CCONJ";
}

/** Looks like a past participle: a passive predicate after a form of "be". */
export function participle(word: string): boolean {
  return /(ed|en|wn|ught|ung|ne)$/.test(word);
}

/** Adds a word's stem and its cue categories under one syntactic relation to the mention. */
function addRelated(bag: FeatureBag, ctx: DocContext, relation: string, j: number): void {
  addFeature(bag, `${relation}:${stem(ctx.words[j])}`);
  for (const c of ctx.cues[j]) addFeature(bag, `${relation}Cue:${c}`);
}

/**
 * Predicate features without a parser. A mention before a verb is taken as its subject (the
 * nearest verb to the right in the same clause); "was attacked" after it makes it the patient,
 * "is the aggressor" gives a copular predicate. A verb shortly before the mention governs it as
 * object, unless "by" marks it as the agent of a passive; a noun before a preposition governs it
 * too ("attacks on Ukraine"). Epithets right before the name ("war criminal Putin") come along.
 * What the actor does, suffers or is called is the strongest role signal.
 */
export function walkPredicate(
  tokens: readonly Token[],
  words: readonly string[],
  from: number,
  to: number,
  sentenceStart: number,
  sentenceEnd: number,
  related: (relation: PredicateRelation, j: number) => void,
  preposition: (word: string) => void,
): void {
  // The possessor of a noun ("Russia's invasion") is framed by that noun.
  let k = to;
  if (k < sentenceEnd && isPossessive(tokens[k])) {
    let head = k + 1;
    while (head < sentenceEnd && head < k + 4 && MODIFIER.has(tokens[head].pos)) head++;
    if (head > k + 1) related("poss", head - 1);
    k = head;
  }
  let be = false;
  for (let steps = 0; k < sentenceEnd && steps < PREDICATE_REACH; k++, steps++) {
    const t = tokens[k];
    if (isQuote(t.text)) continue;
    if (isClauseBreak(t)) break;
    if (t.pos === "AUX") {
      be ||= BE.has(words[k]);
      continue;
    }
    if (t.pos === "VERB") {
      related(be && participle(words[k]) ? "pass" : "subj", k);
      break;
    }
    if (be && (t.pos === "NOUN" || t.pos === "ADJ")) {
      for (let j = k; j < sentenceEnd && j < k + 3 && MODIFIER.has(tokens[j].pos); j++) related("cop", j);
      break;
    }
  }
  // To the left: epithets, then one preposition, then the verb or noun that governs the mention.
  let prep: string | undefined;
  for (let j = from - 1, steps = 0; j >= sentenceStart && steps < 5; j--, steps++) {
    const t = tokens[j];
    if (isQuote(t.text) || t.pos === "DET" || t.pos === "NUM") continue;
    if (MODIFIER.has(t.pos)) {
      if (prep === undefined) {
        related("epi", j);
        continue;
      }
      if (t.pos === "NOUN") related("pobj", j);
      break;
    }
    if (t.pos === "ADP" && prep === undefined) {
      prep = words[j];
      preposition(prep);
      continue;
    }
    if (t.pos === "VERB") related(prep === "by" ? "agent" : "obj", j);
    break;
  }
}

/**
 * The mention's tokens [from, to) — without a possessive ending it takes in ("Russia's") — and
 * its sentence with that sentence's token range; null when the span covers no token.
 */
export function mentionTokens(doc: Doc, span: Span): { from: number; to: number; sentence: number; tokenStart: number; tokenEnd: number } | null {
  const { tokens } = doc;
  const range = overlappingTokens(tokens, span);
  const from = range.from;
  const to = range.to - from > 1 && isPossessive(tokens[range.to - 1]) ? range.to - 1 : range.to;
  if (from >= to) return null;
  const sentence = tokens[from].sentence;
  return { from, to, sentence, ...doc.sentenceTokens[sentence] };
}

/** How a word relates to the mention, as walkPredicate finds it. */
export type PredicateRelation = "poss" | "pass" | "subj" | "cop" | "epi" | "pobj" | "obj" | "agent";

/** Cues around every occurrence of the actor's head word: how the article frames it overall. */
function entityFeatures(ctx: DocContext, head: string): Features {
  let features = ctx.entities.get(head);
  if (features) return features;
  const counts = new Map<string, number>();
  for (const i of ctx.positions.get(head) ?? []) {
    for (let j = Math.max(0, i - ENTITY_WINDOW); j <= i + ENTITY_WINDOW && j < ctx.words.length; j++) {
      for (const c of ctx.cues[j]) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  features = [...counts].map(([c, n]) => [`ent:${c}`, Math.log1p(n) / 2] as const);
  ctx.entities.set(head, features);
  return features;
}

/** Content words and cues of a whole sentence, at half weight: the mention's wider context. */
function sentenceFeatures(doc: Doc, ctx: DocContext, sentence: number): Features {
  let features = ctx.sentences.get(sentence);
  if (features) return features;
  const bag: FeatureBag = new Map();
  const { tokenStart, tokenEnd } = doc.sentenceTokens[sentence];
  for (let j = tokenStart; j < tokenEnd; j++) {
    if (CONTENT.has(doc.tokens[j].pos)) addFeature(bag, `s:${stem(ctx.words[j])}`, 0.5);
    for (const c of ctx.cues[j]) addFeature(bag, `sCue:${c}`, 0.5);
  }
  features = [...bag];
  ctx.sentences.set(sentence, features);
  return features;
}

function addAll(bag: FeatureBag, features: Features): void {
  for (const [name, value] of features) addFeature(bag, name, value);
}

/**
 * The type the tagger gave the mention (a named entity overlapping it), or none: a Tyrant or a
 * Traitor is a person, a Foreign Adversary mostly a state. Over nine fold seeds, main-role
 * accuracy 0.708 → 0.718 (seven seeds up) and exact match 0.236 → 0.238 (six up, one down).
 */
export function entityTypeFeature(doc: Doc, span: Span): string {
  return `etype:${doc.entities.find((e) => e.start < span.end && span.start < e.end)?.type ?? "NONE"}`;
}

/**
 * Features of one actor mention from its context. `span` is a half-open character range. A
 * mention that overlaps no token (e.g. in page furniture) still gets its own words' and the
 * article's features.
 */
export function mentionFeatures(doc: Doc, span: Span, lexicon: RoleLexicon): FeatureBag {
  const bag: FeatureBag = new Map();
  const ctx = docContext(doc, lexicon);
  const { tokens } = doc;
  const { words, cues } = ctx;
  addAll(bag, ctx.article);

  // The actor itself: who it is matters across articles (Putin, NATO, "the West").
  const mentionWords = mentionWordsOf(doc.article.text.slice(span.start, span.end));
  const head = mentionWords.at(-1);
  const blocs = [...new Set(matchCues(lexicon.blocs, mentionWords).flat())];
  // Cues near an actor read differently by camp: "attacks" near Russia vs near Ukraine.
  const camp = blocs.length ? blocs.sort().join("&") : "none";
  if (head !== undefined) {
    addFeature(bag, `m:${mentionWords.join(" ")}`);
    addFeature(bag, `mh:${stem(head)}`);
    addFeature(bag, `${ctx.domain}:mh:${stem(head)}`);
    for (const w of mentionWords.slice(0, -1)) addFeature(bag, `mw:${stem(w)}`);
    if (lexicon.groups.has(head)) addFeature(bag, "group");
    // The actor's camp read against the article's stance: Russia is the villain of one side's
    // story and the hero of the other's.
    for (const bloc of blocs) {
      addFeature(bag, bloc);
      addFeature(bag, `${bloc}|${ctx.stance}`);
    }
    addAll(bag, entityFeatures(ctx, head));
    const n = ctx.positions.get(head)?.length ?? 0;
    addFeature(bag, n <= 1 ? "freq:1" : n <= 3 ? "freq:2-3" : n <= 8 ? "freq:4-8" : "freq:9+");
  }
  const raw = doc.article.text.slice(span.start, span.end);
  addFeature(bag, /^\p{Lu}/u.test(raw) ? "cap" : "lower");
  if (/^the\s/i.test(raw)) addFeature(bag, "det");
  addFeature(bag, entityTypeFeature(doc, span));

  const located = mentionTokens(doc, span);
  if (!located) return bag;
  const { from, to, sentence, tokenStart, tokenEnd } = located;
  const title = doc.article.title;
  if (title && span.start < title.end && span.end > title.start) addFeature(bag, "title");
  else if (sentence <= 2) addFeature(bag, "lead");
  if (ctx.quoted[from]) addFeature(bag, "quoted");

  // Speaker of a quote or report: a speech verb right after ("Putin said") or before ("said Putin").
  for (const j of [to, to + 1, from - 1]) {
    if (j >= tokenStart && j < tokenEnd && lexicon.speech.has(words[j])) {
      addFeature(bag, "speaker");
      break;
    }
  }

  walkPredicate(tokens, words, from, to, tokenStart, tokenEnd, (relation, j) => addRelated(bag, ctx, relation, j), (prep) => addFeature(bag, `prep:${prep}`));

  addAll(bag, sentenceFeatures(doc, ctx, sentence));
  for (let j = Math.max(tokenStart, from - WINDOW); j < Math.min(tokenEnd, to + WINDOW); j++) {
    if (j >= from && j < to) continue;
    const side = j < from ? "L" : "R";
    if (CONTENT.has(tokens[j].pos)) addFeature(bag, `${side}:${stem(words[j])}`);
    // Cues in the window count only by camp: on their own they repeat the sentence's cues (sCue),
    // and a second tied offset for the same evidence overweighted it (see CUE_FEATURE_PREFIXES).
    for (const c of cues[j]) addFeature(bag, `${camp}:nearCue:${c}`);
  }
  return bag;
}
