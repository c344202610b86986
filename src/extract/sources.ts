/**
 * Secondhand sources: where the article says it got something from.
 *
 * Cues: "according to X", "X reported" / "X has reported that", "(as) reported by X", "citing X",
 * and a news outlet as the channel of someone's words: "told X", "in a statement to X",
 * "in an interview with X", "speaking to X" (only when X is a news outlet or programme: "Modi
 * told Putin" is not a source). Cues inside a quotation are the speaker's sourcing, not the
 * article's, and are skipped.
 *
 * - `outlet`, `start`, `end`: the source's name and span: the covering entity's canonical name and
 *   id when there is one, else the phrase as written. "according to a report by TASS" cites TASS;
 *   "according to the head of the alliance" keeps the whole phrase.
 * - Sources need not be news outlets: "according to Ukrainian officials" gives outlet
 *   "Ukrainian officials" with kind "other"; kind "media" marks news organizations, programmes
 *   and generic media ("state media reported").
 * - `claimSpan`: what the source is cited for, within the cue's sentence: the words after the cue
 *   phrase when it opens the sentence ("According to X, <claim>.") or when they form a clause
 *   ("X reported that <claim>", "told CBS’s “60 Minutes” <claim>"); the words before it when it
 *   closes the sentence ("<claim>, RT reported.", "<claim>, Sputnik reported on Monday."); the
 *   whole sentence when it sits in the middle between commas ("…, according to Ukrainian
 *   officials, thousands of …").
 */
import type { Entity, Source } from "../analysis/schema.js";
import type { Doc } from "../nlp/types.js";
import { tokenAtOrAfter } from "../nlp/tokens.js";
import { findQuotations, MEDIA, PhraseReader, type Quotation, type Ref } from "./quotes.js";

/** A news outlet or programme as the channel of someone's words. */
const CHANNEL_CUE =
  /\b(?:told|telling|(?:[Ii]n|[Dd]uring) (?:a|an|his|her|their|its) (?:statement|interview|op-ed|article|column|comments|remarks) (?:to|with|for|in)|(?:[Ss]peaking|[Tt]alking|spoke|talked) (?:to|with))\s+(?:the\s+)?(?=\p{Lu})/gu;

/** Media named by a common noun ("state media", "the newspaper"). */
const GENERIC_MEDIA = /\b(?:media|newspaper|outlet|broadcaster|tabloid|daily|website|magazine|network|news agency)\b/i;

/** What one can act "according to" without citing anyone. */
const NOT_SOURCES = /^(?:rules?|criteria|plans?|schedule|tradition|custom|standards?|guidelines|instructions|protocol)$/i;

const REPORTED = new Set(["reported", "reports", "reporting"]);
const CUE_WORDS = new Set([...REPORTED, "according", "According", "citing", "Citing"]);

type Span = { start: number; end: number };

class SourceReader extends PhraseReader {
  private readonly out: Source[] = [];

  run(): Source[] {
    const tokens = this.tokens;
    const quotes = findQuotations(this.doc.article);
    let qi = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (!CUE_WORDS.has(t.text)) continue;
      while (qi < quotes.length && quotes[qi].end <= t.start) qi++;
      if (qi < quotes.length && quotes[qi].start <= t.start) continue;
      const next = tokens[i + 1]?.text;
      if (t.text.toLowerCase() === "according" && next === "to") {
        this.add(this.sourceRight(i + 2), i, "according to");
      } else if (t.text.toLowerCase() === "citing") {
        this.add(this.sourceRight(i + 1), i, "citing");
      } else if (next === "by") {
        this.add(this.sourceRight(i + 2), tokens[i - 1]?.text.toLowerCase() === "as" ? i - 1 : i, "reported by");
      } else if (next !== "to") {
        // "X reported (that) …"; not "X is reported to have …".
        const sentenceStart = this.doc.sentenceTokens[t.sentence].tokenStart;
        const ref = this.subjectLeftOf(i, sentenceStart);
        if (ref && !ref.pronoun) this.add({ ref, last: i }, this.phraseStart(tokenAtOrAfter(tokens, ref.start), sentenceStart), "reported");
      }
    }
    this.channels(quotes);
    return this.out.sort((a, b) => a.start - b.start);
  }

  /** "told CBS’s “60 Minutes”", "in a statement to the Financial Times". */
  private channels(quotes: readonly Quotation[]): void {
    const text = this.text;
    for (const m of text.matchAll(CHANNEL_CUE)) {
      if (quotes.some((q) => q.start <= m.index && m.index < q.end)) continue;
      const found = this.sourceRight(tokenAtOrAfter(this.tokens, m.index + m[0].length));
      if (!found) continue;
      const { ref } = found;
      // A programme title right after the outlet names the channel with it: CBS’s “60 Minutes”.
      const title = /^(?:[’']s)?\s*[“"][^”"\n]{1,40}[”"]/.exec(text.slice(ref.end));
      if (!title && (!MEDIA.test(ref.name) || this.mentions.at(ref.start, ref.end)?.type === "PERSON")) continue;
      const outlet = title ? { ...ref, name: text.slice(ref.start, ref.end + title[0].length), end: ref.end + title[0].length } : ref;
      const last = title ? tokenAtOrAfter(this.tokens, outlet.end) - 1 : found.last;
      this.add({ ref: outlet, last }, tokenAtOrAfter(this.tokens, m.index), m[0].replace(/\s+(?:the\s+)?$/, "").toLowerCase(), title !== null);
    }
  }

  /**
   * The source named from token `i` on, with the last token of its phrase: "a report by TASS"
   * cites TASS; "the head of the alliance" is one phrase.
   */
  private sourceRight(i: number): { ref: Ref; last: number } | null {
    const tokens = this.tokens;
    if (i >= tokens.length) return null;
    const end = this.doc.sentenceTokens[tokens[i].sentence].tokenEnd;
    let ref = this.nounPhraseRight(i, end);
    if (!ref || ref.pronoun) return null;
    let last = tokenAtOrAfter(tokens, ref.end) - 1;
    for (let n = 0; n < 2 && last + 1 < end; n++) {
      const word = tokens[last + 1].text;
      if (!/^(?:by|from|of|at|in|with)$/.test(word)) break;
      const inner = this.nounPhraseRight(last + 2, end);
      if (!inner || inner.pronoun) break;
      if ((word === "by" || word === "from") && !inner.descriptive) ref = inner;
      else if (ref.descriptive) ref = { ...ref, name: this.text.slice(ref.start, inner.end), end: inner.end };
      else break;
      last = tokenAtOrAfter(tokens, inner.end) - 1;
    }
    return { ref, last };
  }

  /** Records a source whose cue phrase runs from token `from` to `found.last`. */
  private add(found: { ref: Ref; last: number } | null, from: number, cue: string, media = false): void {
    if (!found || this.out.some((s) => s.start === found.ref.start)) return;
    const { last } = found;
    let { ref } = found;
    if (NOT_SOURCES.test(this.text.slice(ref.start, ref.end).split(/\s+/).pop() ?? "")) return;
    // A sentence-final abbreviation keeps its period in the token ("according to FT.").
    if (ref.name.endsWith(".") && /^\p{Lu}{2,5}\.$/u.test(this.tokens[last].text)) ref = { ...ref, name: ref.name.slice(0, -1), end: ref.end - 1 };
    const kind = media || MEDIA.test(ref.name) || GENERIC_MEDIA.test(ref.name) ? "media" : "other";
    const claimSpan = this.claim(Math.min(from, tokenAtOrAfter(this.tokens, ref.start)), Math.max(last, from));
    this.out.push({ outlet: ref.name, start: ref.start, end: ref.end, entityId: ref.entityId, kind, cue, claimSpan });
  }

  /** What the source is cited for, around the cue phrase on tokens [first, last] (rules above). */
  private claim(first: number, last: number): Span {
    const tokens = this.tokens;
    const { tokenStart, tokenEnd } = this.doc.sentenceTokens[tokens[first].sentence];
    const sentence = this.trim(tokens[tokenStart].start, tokens[tokenEnd - 1].end, false);
    const before = this.trim(sentence.start, tokens[first].start, false);
    const afterStart = last + 1 < tokenEnd ? tokens[last + 1].start : sentence.end;
    const after = this.trim(afterStart, sentence.end, true);
    const words = (s: Span) => this.text.slice(s.start, s.end).split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
    const hasVerb = (s: Span) => tokens.slice(tokenAtOrAfter(tokens, s.start), tokenAtOrAfter(tokens, s.end)).some((t) => t.pos === "VERB" || t.pos === "AUX");
    if (words(before) < 2 && words(after) > 0) return after;
    if (/^\s*,/.test(this.text.slice(afterStart, sentence.end)) && words(after) > 0) return sentence;
    if (hasVerb(after)) return after;
    return words(before) >= 2 ? before : sentence;
  }

  /**
   * [start, end) without edge punctuation and, for words after the cue, without the linking words
   * a claim starts with ("that …", "extensively on how …").
   */
  private trim(start: number, end: number, linked: boolean): Span {
    const slice = this.text.slice(start, end);
    // Linked claims also skip a relative clause on the source: "According to Gates, who was …, wind …".
    const linkedLead = /^[\s,:;—–-]*(?:(?:who|which)\b[^,]*,\s*)?(?:\p{L}+ly\s+)?(?:(?:on|about)\s+how\s+|that\s+)?/u;
    const lead = (linked ? linkedLead : /^[\s,:;—–-]*/u).exec(slice)![0].length;
    const body = slice.slice(lead).replace(/[\s.!?,;:—–-]+$/, "");
    return { start: start + lead, end: start + lead + body.length };
  }
}

/** Every secondhand source the article cites (see the rules above). */
export function extractSources(doc: Doc, entities: readonly Entity[]): Source[] {
  return new SourceReader(doc, entities).run();
}
