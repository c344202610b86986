/**
 * Persuasion techniques that no model here can learn: the SemEval-2023 taxonomy names 23, its
 * English training set labels 19. The other four (Appeal_to_Values, Appeal_to_Time,
 * Consequential_Oversimplification, Questioning_the_Reputation) are found by cue phrases written
 * from their definitions (taxonomies/technique-cues.json): a sentence carries a technique when its
 * cues weigh at least 1, a strong cue alone or two different weak ones. The finding is the best
 * such sentence of the paragraph, with the cue words as its evidence. Cues are matched on the
 * article text, so their offsets are the text's own.
 */
import { readFileSync } from "node:fs";
import type { Technique } from "../analysis/schema.js";
import type { Sentence, Span } from "../article/types.js";
import type { Doc } from "../nlp/types.js";
import { PerWord } from "../nlp/words.js";
import { taxonomyPath } from "../ml/paths.js";

interface CueFile {
  techniques: Record<string, { definition: string; strong: string[]; weak: string[] }>;
}

const STRONG_WEIGHT = 1;
const WEAK_WEIGHT = 0.5;
const ENOUGH = 1;

/** One cue phrase of a technique. */
interface Cue {
  readonly technique: string;
  /** The cue as the file writes it, alternatives and all ("family|families"): what counts once in a sentence. */
  readonly concept: string;
  readonly weight: number;
  /** The token its first word starts ("ca" of "can't": the tokenizer splits "n't" off), lower case. */
  readonly first: string;
  /** The first word is a stem ("spirit*"): a token starting with `first` may start the cue. */
  readonly firstIsStem: boolean;
  /** The second word when the first two are plain words: the next token must be it (a cheap test before the pattern). */
  readonly second?: string;
  /** Written capitalized: it matches capitalized words inside a sentence too. */
  readonly capitalized: boolean;
  /** Sticky, ignoring case: the whole phrase at lastIndex, ending on a word boundary. */
  readonly pattern: RegExp;
}

export interface CueRules {
  readonly techniques: readonly string[];
  /** Cues by the token their first word starts; those starting with a stem apart. */
  readonly byFirst: ReadonlyMap<string, readonly Cue[]>;
  readonly stems: readonly Cue[];
}

const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;

/** A token's text as cues compare it: lower case, any apostrophe as "'". */
const formOf = (text: string) => text.toLowerCase().replace(/[\u2019\u02bc]/g, "'");

/** One cue phrase as a pattern: its words, any white space between them, any apostrophe for "'", "*" for a stem. */
function cuePattern(words: readonly string[]): RegExp {
  const parts = words.map((word) => {
    const stem = word.endsWith("*");
    const literal = (stem ? word.slice(0, -1) : word).replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/'/g, "['\u2019\u02bc]");
    return stem ? `${literal}[\\p{L}\\p{N}]*` : literal;
  });
  return new RegExp(`${parts.join("\\s+")}(?![\\p{L}\\p{N}])`, "iuy");
}

/** A cue of the file: one phrase, or forms of one word as alternatives ("family|families"). */
function compileCues(technique: string, concept: string, weight: number): Cue[] {
  return concept.split("|").map((text) => compileCue(technique, concept, text, weight));
}

function compileCue(technique: string, concept: string, text: string, weight: number): Cue {
  const words = text.trim().split(/\s+/);
  const head = formOf(words[0].replace(/\*$/, ""));
  const run = head.match(/^[\p{L}\p{N}]+/u)?.[0];
  if (!run) throw new Error(`technique cue "${text}" (${technique}) must start with a letter or digit`);
  // The tokenizer splits a word at a hyphen or an apostrophe ("God|-|given", "there|'s"), a contraction before "n't" ("ca|n't").
  const first = head.startsWith(`${run}'t`) && run.endsWith("n") ? run.slice(0, -1) : run;
  const plain = (w: string | undefined) => w !== undefined && PLAIN_WORD.test(w);
  return {
    technique,
    concept,
    weight,
    first,
    firstIsStem: words[0].endsWith("*"),
    second: plain(words[0]) && plain(words[1]) ? formOf(words[1]) : undefined,
    capitalized: text[0] !== text[0].toLowerCase(),
    pattern: cuePattern(words),
  };
}

export function compileCueRules(file: CueFile): CueRules {
  const byFirst = new Map<string, Cue[]>();
  const stems: Cue[] = [];
  for (const [technique, { strong, weak }] of Object.entries(file.techniques)) {
    for (const cue of [...strong.flatMap((t) => compileCues(technique, t, STRONG_WEIGHT)), ...weak.flatMap((t) => compileCues(technique, t, WEAK_WEIGHT))]) {
      if (cue.firstIsStem) stems.push(cue);
      else byFirst.set(cue.first, [...(byFirst.get(cue.first) ?? []), cue]);
    }
  }
  return { techniques: Object.keys(file.techniques), byFirst, stems };
}

let shipped: CueRules | undefined;

/** The rules of taxonomies/technique-cues.json (compiled once). */
export function cueRules(): CueRules {
  return (shipped ??= compileCueRules(JSON.parse(readFileSync(taxonomyPath("technique-cues.json"), "utf8")) as CueFile));
}

interface Hit extends Span {
  readonly cue: Cue;
  /** Its tokens [from, to). */
  readonly from: number;
  readonly to: number;
}

/** The cues a token's text may start (most: none). */
interface TokenCues {
  /** The cues it may start whatever follows: those that do not name their second word. */
  readonly cues: readonly Cue[];
  /**
   * By the next token's second-word number (SECOND_SHIFT), the cues it may start before it: those
   * naming that second word with the others, in the rules' order (most cues name a second word,
   * and most fail on it: one lookup instead of a comparison each).
   */
  readonly bySecond: ReadonlyMap<number, readonly Cue[]>;
}

/**
 * What every token's text is tested for, as bits: a number per word, read without reaching an
 * object. The bits from SECOND_SHIFT up number the form among the second words of the cues
 * (0: none), so that the next token is read as a number too.
 */
const [CAPITALIZED, WORD, STARTS_CUES] = [1, 2, 4];
const SECOND_SHIFT = 3;

interface PerWordCues {
  readonly cues: PerWord<TokenCues>;
  readonly bits: PerWord<number>;
}

const tokenCuesOf = new WeakMap<CueRules, PerWordCues>();

function tokenCues(rules: CueRules): PerWordCues {
  let cached = tokenCuesOf.get(rules);
  if (!cached) {
    const secondNumbers = new Map<string, number>();
    for (const cues of [...rules.byFirst.values(), rules.stems]) for (const { second } of cues) if (second !== undefined && !secondNumbers.has(second)) secondNumbers.set(second, secondNumbers.size + 1);
    const cuesOf = (text: string): TokenCues => {
      const form = formOf(text);
      const all = [...(rules.byFirst.get(form) ?? []), ...rules.stems.filter((c) => form.startsWith(c.first))];
      const bySecond = new Map<number, readonly Cue[]>();
      for (const { second } of all) {
        const number = second === undefined ? 0 : secondNumbers.get(second)!;
        if (number && !bySecond.has(number)) bySecond.set(number, all.filter((c) => c.second === undefined || c.second === second));
      }
      return { cues: all.filter((c) => c.second === undefined), bySecond };
    };
    // Whether a cue may start on the form, without building its lists (most forms start none).
    const startsCues = (form: string) => rules.byFirst.has(form) || rules.stems.some((c) => form.startsWith(c.first));
    const bitsOf = (text: string) => {
      const form = formOf(text);
      const flags = (text[0] !== text[0].toLowerCase() ? CAPITALIZED : 0) | (/^[\p{L}\p{N}]/u.test(text) ? WORD : 0) | (startsCues(form) ? STARTS_CUES : 0);
      return flags | ((secondNumbers.get(form) ?? 0) << SECOND_SHIFT);
    };
    cached = { cues: new PerWord(cuesOf), bits: new PerWord(bitsOf) };
    tokenCuesOf.set(rules, cached);
  }
  return cached;
}

/**
 * The cues of one sentence, none overlapping another: a stronger, then a longer cue takes its
 * words ("our children and grandchildren" holds "our children"). A cue written in lower case skips
 * a capitalized word inside the sentence: there it is a name ("Holy See").
 */
function sentenceCues(doc: Doc, rules: CueRules, sentence: Sentence, skip: ReadonlySet<string>, bitsOf: readonly number[]): Hit[] {
  const { text } = doc.article;
  const { tokenStart, tokenEnd } = doc.sentenceTokens[sentence.index];
  const { ids } = doc.words;
  const perWord = tokenCues(rules);
  const hits: Hit[] = [];
  let firstWord = true;
  for (let i = tokenStart; i < tokenEnd; i++) {
    const bits = bitsOf[ids[i]];
    const nameLike = !firstWord && (bits & CAPITALIZED) !== 0;
    if (bits & WORD) firstWord = false;
    if (!(bits & STARTS_CUES)) continue;
    const { cues, bySecond } = perWord.cues.token(doc, i);
    const next = i + 1 < tokenEnd ? bitsOf[ids[i + 1]] >> SECOND_SHIFT : 0;
    const candidates = (next && bySecond.get(next)) || cues;
    for (const cue of candidates) {
      if (skip.has(cue.technique) || (nameLike && !cue.capitalized)) continue;
      const at = doc.tokens[i].start;
      cue.pattern.lastIndex = at;
      // Sticky: a match ends at lastIndex (no match array made).
      if (!cue.pattern.test(text) || cue.pattern.lastIndex > sentence.end) continue;
      const end = cue.pattern.lastIndex;
      let to = i + 1;
      while (to < tokenEnd && doc.tokens[to].start < end) to++;
      hits.push({ start: at, end, cue, from: i, to });
    }
  }
  if (hits.length < 2) return hits;
  hits.sort((a, b) => b.cue.weight - a.cue.weight || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Tokens already taken by a kept cue: linear in the hits' length, however many there are.
  const taken = new Uint8Array(tokenEnd - tokenStart);
  const kept: Hit[] = [];
  for (const h of hits) {
    let free = true;
    for (let k = h.from; k < h.to && free; k++) free = !taken[k - tokenStart];
    if (!free) continue;
    taken.fill(1, h.from - tokenStart, h.to - tokenStart);
    kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Findings of the rules' techniques in the analyzed paragraphs (not page furniture), those in
 * `skip` left out (a model trained on them decides them instead). Per paragraph and technique:
 * the sentence whose distinct cues weigh most, at least ENOUGH (a cue counts once however often
 * it recurs), its confidence the cue strength 1 − 2^−weight (0.5 at the threshold; not a
 * calibrated probability).
 */
export function cueTechniques(doc: Doc, skip: ReadonlySet<string>, rules: CueRules = cueRules()): Technique[] {
  const { text, paragraphs, sentences } = doc.article;
  const best = new Map<string, { weight: number; sentence: Span; hits: Hit[] }>();
  // What each word is tested for, read by word id (derived once per distinct word).
  const bitsOf = tokenCues(rules).bits.byId(doc);
  for (const sentence of sentences) {
    if (paragraphs[sentence.paragraph].kind === "boilerplate") continue;
    const hits = sentenceCues(doc, rules, sentence, skip, bitsOf);
    if (!hits.length) continue;
    for (const technique of new Set(hits.map((h) => h.cue.technique))) {
      const own = hits.filter((h) => h.cue.technique === technique);
      const weight = [...new Map(own.map((h) => [h.cue.concept, h.cue.weight])).values()].reduce((sum, w) => sum + w, 0);
      const key = `${sentence.paragraph}\t${technique}`;
      if (weight >= ENOUGH && weight > (best.get(key)?.weight ?? 0)) best.set(key, { weight, sentence, hits: own });
    }
  }
  const sentencesIn = new Int32Array(paragraphs.length);
  for (const s of sentences) sentencesIn[s.paragraph]++;
  const found: Technique[] = [];
  for (const [key, { weight, sentence, hits }] of best) {
    const [paragraph, technique] = [Number(key.slice(0, key.indexOf("\t"))), key.slice(key.indexOf("\t") + 1)];
    // A paragraph of one sentence is the evidence as a whole, as the model's placements have it.
    const whole = sentencesIn[paragraph] === 1;
    const { start, end } = whole ? paragraphs[paragraph] : sentence;
    found.push({
      technique,
      paragraph,
      start,
      end,
      granularity: whole ? "paragraph" : "span",
      confidence: Math.round((1 - 2 ** -weight) * 1000) / 1000,
      basis: "cues",
      cues: hits.map((h) => ({ start: h.start, end: h.end, text: text.slice(h.start, h.end) })),
    });
  }
  // Paragraph by paragraph, then in the rules' order of techniques.
  return found.sort((a, b) => a.paragraph - b.paragraph || rules.techniques.indexOf(a.technique) - rules.techniques.indexOf(b.technique));
}
