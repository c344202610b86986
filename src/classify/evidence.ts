/** Ranks an article's sentences by a label's score: the evidence shown beside a learned label. */
import type { Doc } from "../nlp/types.js";
import type { FeatureVector } from "../ml/feature-space.js";
import type { Classifier } from "../ml/classifier.js";
import { findQuotations } from "../extract/quotes.js";
import { countWords } from "../nlp/tokens.js";
import { unitVector } from "./features.js";
import { OwnedCache } from "../owned-cache.js";

export interface SentenceBag {
  readonly sentence: number;
  readonly start: number;
  readonly end: number;
  /** Its features: only ever scored, so ids only. */
  readonly bag: FeatureVector;
  readonly words: number;
  /** It begins inside a quotation: the middle of someone's words, cut from who said them. */
  readonly quoteCut: boolean;
  /** A quotation opens where it begins: someone's words, whose speaker a reader of it alone does not meet. */
  readonly opensQuote: boolean;
  /** It holds a cross-reference to another piece (`(See "HEADLINE" (27 Sep 2022))`): it points elsewhere, it argues nothing here. */
  readonly citesPiece: boolean;
}

const cache = new OwnedCache<Doc, SentenceBag[]>();

/** Features of every sentence, computed once per article and shared by all labels and analyses. */
export function sentenceBags(doc: Doc): readonly SentenceBag[] {
  let bags = cache.get(doc);
  if (!bags) cache.set(doc, (bags = computeSentenceBags(doc)));
  return bags;
}

function computeSentenceBags(doc: Doc): SentenceBag[] {
  const quotations = findQuotations(doc.article);
  // Both lists are in text order: one sweep keeps the furthest close of the quotations opened before each sentence.
  let next = 0;
  let furthestClose = -1;
  const { references } = doc.article;
  return doc.article.sentences.map((s, i) => {
    for (; next < quotations.length && quotations[next].open < s.start; next++) furthestClose = Math.max(furthestClose, quotations[next].close);
    const { tokenStart, tokenEnd } = doc.sentenceTokens[i];
    return {
      sentence: i,
      start: s.start,
      end: s.end,
      bag: unitVector(doc, tokenStart, tokenEnd),
      words: countWords(doc.tokens, tokenStart, tokenEnd),
      quoteCut: s.start < furthestClose,
      opensQuote: quotations[next]?.open === s.start,
      citesPiece: references.some((r) => r.start < s.end && s.start < r.end),
    };
  });
}

/** How many sentences a label shows as its evidence. */
export const EVIDENCE_SENTENCES = 3;
/** Shorter sentences ("Blinken said.", "Welcome home to Russia!") score high on a word or two and show a reader nothing. */
export const MIN_EVIDENCE_WORDS = 6;

export interface ScoredSentence {
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/**
 * The k sentences the label's weights favour most (positive scores only), best first: of at least
 * MIN_EVIDENCE_WORDS words, not cut from inside a quotation, and not a cross-reference.
 */
export function topSentences(sentences: readonly SentenceBag[], score: (bag: FeatureVector) => number, k: number): ScoredSentence[] {
  const top: ScoredSentence[] = [];
  for (const s of sentences) if (shown(s)) offer(top, s, score(s.bag), k);
  return top;
}

/**
 * topSentences of each of a few labels of one classifier, by its raw scores: each sentence's
 * features are read once for all the labels, not once per label.
 */
export function topSentencesOf(classifier: Classifier, sentences: readonly SentenceBag[], labels: readonly number[], k: number): ScoredSentence[][] {
  const tops = labels.map((): ScoredSentence[] => []);
  if (!labels.length) return tops;
  for (const s of sentences) {
    if (!shown(s)) continue;
    const scores = classifier.rawScoresOf(s.bag, labels);
    for (let j = 0; j < labels.length; j++) offer(tops[j], s, scores[j], k);
  }
  return tops;
}

/** Whether a sentence may be shown as evidence. */
function shown(s: SentenceBag): boolean {
  return s.words >= MIN_EVIDENCE_WORDS && !s.quoteCut && !s.citesPiece;
}

/**
 * Keeps the sentence among the best k so far (best first; ties: the earlier sentence) when its
 * score is positive: kept as they come, where sorting every sentence cost more for each label shown.
 */
function offer(top: ScoredSentence[], s: SentenceBag, score: number, k: number): void {
  const value = Math.round(score * 1000) / 1000;
  if (!(value > 0)) return;
  let at = top.length;
  while (at > 0 && (value > top[at - 1].score || (value === top[at - 1].score && s.start < top[at - 1].start))) at--;
  if (at >= k) return;
  top.splice(at, 0, { start: s.start, end: s.end, score: value });
  if (top.length > k) top.pop();
}
