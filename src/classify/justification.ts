/**
 * Justification (SemEval-2025 Task 10 ST3): an extractive explanation of the dominant narrative —
 * the article's own sentences that score highest for its dominant subnarrative and narrative,
 * filling the 80-word budget (longer answers cover more of a reference explanation), in
 * reading order. Every part is a span of the article: nothing is invented.
 */
import type { Doc } from "../nlp/types.js";
import type { Span } from "../article/types.js";
import { OTHER } from "../semeval/data.js";
import { articleVector } from "./features.js";
import { sentenceBags, type SentenceBag } from "./evidence.js";
import { decideNarratives, type NarrativeDecision, type NarrativeModel } from "./narratives.js";
import { wordCount } from "../nlp/tokens.js";

export const MAX_WORDS = 80;
const MIN_WORDS = 6;
/** Reading more than this many extracted sentences stops being an explanation. */
const MAX_SENTENCES = 5;

export interface Justification {
  narrative: string;
  subnarrative: string;
  text: string;
  sentences: Span[];
}

export function justify(
  model: NarrativeModel,
  doc: Doc,
  decision: NarrativeDecision = decideNarratives(model, articleVector(doc)),
): Justification | null {
  const dominant = decision.narratives[0];
  if (!dominant || dominant.label === OTHER) return null;
  const sentences = sentenceBags(doc);
  const sub = decision.subnarratives.find((s) => s.narrative === dominant.label);
  const subnarrative = sub?.label ?? `${dominant.label}: ${OTHER}`;
  const n = model.coarse.labels.indexOf(dominant.label);
  const s = model.fine.labels.indexOf(subnarrative);
  const score = (bag: SentenceBag["bag"]) => (n >= 0 ? model.coarse.rawScore(bag, n) : 0) + (s >= 0 ? model.fine.rawScore(bag, s) : 0);
  const text = doc.article.text;
  const ranked = sentences
    // Cross-references to other pieces, fragments, and sentences cut from inside a quotation explain nothing.
    .filter((x) => !x.quoteCut && !doc.article.references.some((r) => r.start < x.end && x.start < r.end))
    .map((x) => ({ start: x.start, end: x.end, score: score(x.bag), words: wordCount(text.slice(x.start, x.end)) }))
    .filter((x) => x.words >= MIN_WORDS)
    .sort((a, b) => b.score - a.score || a.start - b.start);
  if (ranked.length === 0) return null;
  const picked: Span[] = [];
  let budget = MAX_WORDS;
  for (const x of ranked) {
    if (picked.length === MAX_SENTENCES) break;
    if (x.words <= budget) (picked.push({ start: x.start, end: x.end }), (budget -= x.words));
  }
  if (picked.length === 0) picked.push(firstWords(text, ranked[0], MAX_WORDS));
  picked.sort((a, b) => a.start - b.start);
  return { narrative: dominant.label, subnarrative, text: picked.map((p) => text.slice(p.start, p.end).replace(/\s+/g, " ")).join(" "), sentences: picked };
}

/** The prefix of a span holding its first `limit` words (a long sentence cut, still a span of the text). */
function firstWords(text: string, span: Span, limit: number): Span {
  const re = /\S+/g;
  re.lastIndex = span.start;
  let end = span.start;
  for (let i = 0; i < limit; i++) {
    const m = re.exec(text);
    if (!m || m.index >= span.end) break;
    end = m.index + m[0].length;
  }
  return { start: span.start, end };
}
