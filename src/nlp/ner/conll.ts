import { readFileSync } from "node:fs";
import { tokenizeRange } from "../tokenize.js";
import type { EntitySpan, Token } from "../types.js";
import { ENTITY_TYPES, OUTSIDE, beginLabel, isInside, labelFromTag, spansFromLabels, typeOfLabel, type LabelSpan } from "./labels.js";

/**
 * A CoNLL-2003 sentence seen the way the tagger sees text at inference: its words written out
 * as text and re-tokenized (and POS-tagged) by the shared wink tokenizer, which splits some CoNLL
 * tokens ("U.S.-led" → "U.S.", "-", "led") and joins others ("I'm"). Gold stays on CoNLL tokens
 * for scoring.
 */
export interface ConllSentence {
  readonly text: string;
  readonly tokens: Token[];
  /** Gold labels projected onto `tokens`: a split B- token continues as I-. */
  readonly labels: Uint8Array;
  /** Start offset of each CoNLL token in `text`. */
  readonly wordStarts: number[];
  /** Gold entities over CoNLL token indexes. */
  readonly gold: LabelSpan[];
}

export function readConll(path: string): ConllSentence[] {
  const sentences: ConllSentence[] = [];
  let words: string[] = [];
  let tags: number[] = [];
  const flush = (): void => {
    if (words.length > 0) sentences.push(alignSentence(words, tags));
    words = [];
    tags = [];
  };
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const [word, tag] = line.trim().split(" ");
    if (!word || word === "-DOCSTART-") flush();
    else {
      words.push(word);
      tags.push(labelFromTag(tag ?? "O"));
    }
  }
  flush();
  return sentences;
}

/**
 * CoNLL splits clitics off ("I 'm", "Russia 's"); written text doesn't, and wink keeps some of
 * them attached ("I'm"), so they are re-attached before tokenizing, as in real articles.
 */
const CLITIC = /^(?:'s|'m|'re|'ve|'ll|'d|n't)$/i;

function alignSentence(words: string[], wordLabels: number[]): ConllSentence {
  let text = "";
  const wordStarts: number[] = [];
  for (const w of words) {
    if (text.length > 0 && !CLITIC.test(w)) text += " ";
    wordStarts.push(text.length);
    text += w;
  }
  const tokens = tokenizeRange(text, 0, text.length).tokens.map((t) => ({ ...t, sentence: 0 }));
  const labels = new Uint8Array(tokens.length);
  tokens.forEach((token, i) => {
    const w = wordIndexAt(wordStarts, token.start);
    const label = wordLabels[w];
    const split = token.start > wordStarts[w];
    labels[i] = split && label !== OUTSIDE && !isInside(label) ? beginLabel(typeOfLabel(label)) + 1 : label;
  });
  return { text, tokens, labels, wordStarts, gold: spansFromLabels(wordLabels) };
}

/** Tagger output as spans over the sentence's CoNLL tokens, comparable with `gold`. */
export function toWordSpans(sentence: ConllSentence, entities: readonly EntitySpan[]): LabelSpan[] {
  return entities.map((e) => ({
    type: ENTITY_TYPES.indexOf(e.type),
    start: wordIndexAt(sentence.wordStarts, e.start),
    end: wordIndexAt(sentence.wordStarts, e.end - 1) + 1,
  }));
}

/** Index of the word containing character `offset`. */
export function wordIndexAt(wordStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = wordStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (wordStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
}

/** Entity-level exact-match counts per type (CoNLL evaluation). */
export class EntityScore {
  private readonly correct = [0, 0, 0, 0];
  private readonly predicted = [0, 0, 0, 0];
  private readonly gold = [0, 0, 0, 0];

  add(gold: readonly LabelSpan[], predicted: readonly LabelSpan[]): void {
    const key = (s: LabelSpan): string => `${s.type}:${s.start}:${s.end}`;
    const goldKeys = new Set(gold.map(key));
    for (const s of gold) this.gold[s.type]++;
    // Two predicted pieces of one CoNLL token ("U.S.-led") map to the same span: count it once.
    const seen = new Set<string>();
    for (const s of predicted) {
      const k = key(s);
      if (seen.has(k)) continue;
      seen.add(k);
      this.predicted[s.type]++;
      if (goldKeys.has(k)) this.correct[s.type]++;
    }
  }

  /** Micro-averaged over the given type indexes (CONLL_TYPES order). */
  prf(types: readonly number[]): Prf {
    const sum = (counts: number[]): number => types.reduce((total, t) => total + counts[t], 0);
    const correct = sum(this.correct);
    const predicted = sum(this.predicted);
    const gold = sum(this.gold);
    const precision = predicted > 0 ? correct / predicted : 0;
    const recall = gold > 0 ? correct / gold : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, gold };
  }
}
