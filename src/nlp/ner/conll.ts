import { readFileSync } from "node:fs";
import { tokenizeRange } from "../tokenize.js";
import type { Token } from "../types.js";
import { OUTSIDE, beginLabel, isInside, labelFromTag, spansFromLabels, typeOfLabel, type LabelSpan } from "./labels.js";

/**
 * A CoNLL-2003 sentence seen the way the tagger sees text at inference: its words joined by
 * spaces and re-tokenized (and POS-tagged) by the shared wink tokenizer, which splits some CoNLL
 * tokens ("U.S.-led" → "U.S.", "-", "led"). Gold stays on CoNLL tokens for scoring.
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

function alignSentence(words: string[], wordLabels: number[]): ConllSentence {
  const text = words.join(" ");
  const wordStarts: number[] = [];
  let offset = 0;
  for (const w of words) {
    wordStarts.push(offset);
    offset += w.length + 1;
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
  private readonly tp = [0, 0, 0, 0];
  private readonly fp = [0, 0, 0, 0];
  private readonly fn = [0, 0, 0, 0];

  add(gold: readonly LabelSpan[], predicted: readonly LabelSpan[]): void {
    const key = (s: LabelSpan): string => `${s.type}:${s.start}:${s.end}`;
    const goldKeys = new Set(gold.map(key));
    const predictedKeys = new Set(predicted.map(key));
    for (const s of predicted) goldKeys.has(key(s)) ? this.tp[s.type]++ : this.fp[s.type]++;
    for (const s of gold) if (!predictedKeys.has(key(s))) this.fn[s.type]++;
  }

  /** Micro-averaged over the given type indexes (CONLL_TYPES order). */
  prf(types: readonly number[]): Prf {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const t of types) {
      tp += this.tp[t];
      fp += this.fp[t];
      fn += this.fn[t];
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, gold: tp + fn };
  }
}
