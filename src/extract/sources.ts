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
 *   id when there is one, else the phrase as written.
 * - Sources need not be news outlets: "according to Ukrainian officials" gives outlet
 *   "Ukrainian officials" with kind "other"; kind "media" marks news organizations and programmes.
 * - `claimSpan`: what the source is cited for, within the cue's sentence: the words after the cue
 *   phrase ("According to X, <claim>.", "X reported that <claim>", "told CBS’s “60 Minutes”
 *   <claim>"), or the words before it when nothing follows ("<claim>, RT reported.").
 */
import type { Entity, Source } from "../analysis/schema.js";
import type { Doc, Token } from "../nlp/types.js";
import { findQuotations, MEDIA, PhraseReader, tokenAtOrAfter, type Ref } from "./quotes.js";

/** A news outlet or programme as the channel of someone's words. */
const CHANNEL_CUE =
  /\b(?:told|telling|(?:[Ii]n|[Dd]uring) (?:a|an|his|her|their|its) (?:statement|interview|op-ed|article|column|comments|remarks) (?:to|with|for|in)|(?:[Ss]peaking|[Tt]alking|spoke|talked) (?:to|with))\s+(?:the\s+)?(?=\p{Lu})/gu;

const REPORTED = new Set(["reported", "reports", "reporting"]);
const CUE_WORDS = new Set([...REPORTED, "according", "According", "citing", "Citing"]);

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
      const end = this.sentenceEnd(i);
      const word = t.text.toLowerCase();
      const next = tokens[i + 1]?.text.toLowerCase();
      if (word === "according" && next === "to") {
        this.add(this.nounPhraseRight(i + 2, end), i, i + 1, "according to");
      } else if (word === "citing") {
        this.add(this.nounPhraseRight(i + 1, end), i, i, "citing");
      } else if (REPORTED.has(t.text) && next === "by") {
        const from = tokens[i - 1]?.text.toLowerCase() === "as" ? i - 1 : i;
        this.add(this.nounPhraseRight(i + 2, end), from, i + 1, "reported by");
      } else if (REPORTED.has(t.text)) {
        const ref = this.subjectLeftOf(i, this.doc.sentenceTokens[t.sentence].tokenStart);
        if (ref && !ref.pronoun) this.add(ref, tokenAtOrAfter(tokens, ref.start), i, "reported");
      }
    }
    this.channels(quotes);
    return this.out.sort((a, b) => a.start - b.start);
  }

  /** "told CBS’s “60 Minutes”", "in a statement to the Financial Times". */
  private channels(quotes: ReturnType<typeof findQuotations>): void {
    const text = this.text;
    for (const m of text.matchAll(CHANNEL_CUE)) {
      const at = m.index + m[0].length;
      if (quotes.some((q) => q.start <= m.index && m.index < q.end)) continue;
      const first = tokenAtOrAfter(this.tokens, at);
      if (first >= this.tokens.length) continue;
      const ref = this.nounPhraseRight(first, this.sentenceEnd(first));
      if (!ref || ref.pronoun) continue;
      // A programme title right after the outlet names the channel with it: CBS’s “60 Minutes”.
      const title = /^(?:[’']s)?\s*[“"][^”"\n]{1,40}[”"]/.exec(text.slice(ref.end));
      if (!title && (!MEDIA.test(ref.name) || this.mentions.at(ref.start, ref.end)?.type === "PERSON")) continue;
      const outlet = title ? { ...ref, name: text.slice(ref.start, ref.end + title[0].length), end: ref.end + title[0].length } : ref;
      const cueStart = tokenAtOrAfter(this.tokens, m.index);
      this.add(outlet, cueStart, first - 1, m[0].replace(/\s+(?:the\s+)?$/, "").toLowerCase(), title !== null);
    }
  }

  /** Records a source whose cue phrase spans tokens [from, to] (the outlet excluded). */
  private add(ref: Ref | null, from: number, to: number, cue: string, media = false): void {
    if (!ref || ref.pronoun || this.out.some((s) => s.start === ref.start)) return;
    const tokens = this.tokens;
    const sentence = this.doc.sentenceTokens[tokens[from].sentence];
    const phraseStart = Math.min(tokens[from].start, ref.start);
    const phraseEnd = Math.max(tokens[to].end, ref.end);
    const name = ref.name;
    this.out.push({
      outlet: name,
      start: ref.start,
      end: ref.end,
      entityId: ref.entityId,
      kind: media || MEDIA.test(name) ? "media" : "other",
      cue,
      claimSpan: this.claim(tokens[sentence.tokenStart].start, phraseStart, phraseEnd, tokens[sentence.tokenEnd - 1].end),
    });
  }

  /** The words after the cue phrase when there are some, else those before it. */
  private claim(sentenceStart: number, phraseStart: number, phraseEnd: number, sentenceEnd: number): { start: number; end: number } {
    const text = this.text;
    // "reported that …", "has reported extensively on how …": the claim starts after the linking words.
    const after = /^[\s,:;—–-]*(?:\p{L}+ly\s+)?(?:(?:on|about)\s+how\s+|that\s+)?/u.exec(text.slice(phraseEnd, sentenceEnd))![0].length + phraseEnd;
    const tail = text.slice(after, sentenceEnd).replace(/[\s.!?,;:]+$/, "");
    if (/\p{L}+\s+\p{L}+/u.test(tail)) return { start: after, end: after + tail.length };
    const head = text.slice(sentenceStart, phraseStart).replace(/[\s,;:—–-]+$/, "");
    return head ? { start: sentenceStart, end: sentenceStart + head.length } : { start: sentenceStart, end: sentenceEnd };
  }

  /** Index just past the last token of token `i`'s sentence. */
  private sentenceEnd(i: number): number {
    const t: Token = this.tokens[i];
    return this.doc.sentenceTokens[t.sentence].tokenEnd;
  }
}

/** Every secondhand source the article cites (see the rules above). */
export function extractSources(doc: Doc, entities: readonly Entity[]): Source[] {
  return new SourceReader(doc, entities).run();
}
