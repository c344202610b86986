import type { EntityType } from "../types.js";

/**
 * BIO labels as small ints: 0 = O, then B/I for each entity type in CoNLL order.
 * Label 1 + 2t is B-type, 2 + 2t is I-type.
 */
export const CONLL_TYPES = ["PER", "ORG", "LOC", "MISC"] as const;
export type ConllType = (typeof CONLL_TYPES)[number];
export const ENTITY_TYPES: readonly EntityType[] = ["PERSON", "ORGANIZATION", "LOCATION", "MISC"];

export const NUM_LABELS = 1 + 2 * CONLL_TYPES.length;
export const OUTSIDE = 0;

export const beginLabel = (type: number): number => 1 + 2 * type;
export const typeOfLabel = (label: number): number => (label - 1) >> 1;
export const isInside = (label: number): boolean => label > 0 && (label & 1) === 0;

/** "B-PER" → 1, "I-LOC" → 6, anything else → O. */
export function labelFromTag(tag: string): number {
  const type = CONLL_TYPES.indexOf(tag.slice(2) as ConllType);
  if (type < 0 || tag[1] !== "-") return OUTSIDE;
  return tag[0] === "B" ? beginLabel(type) : tag[0] === "I" ? beginLabel(type) + 1 : OUTSIDE;
}

/** BIO well-formedness: an I- label may only continue an entity of the same type. */
export function isAllowed(prev: number, label: number): boolean {
  return !isInside(label) || (prev > 0 && typeOfLabel(prev) === typeOfLabel(label));
}

export interface LabelSpan {
  type: number;
  /** Token range [start, end). */
  start: number;
  end: number;
}

/** Entity spans of a label sequence; an I- after a different type starts a new entity (conlleval). */
export function spansFromLabels(labels: ArrayLike<number>, n: number = labels.length): LabelSpan[] {
  const spans: LabelSpan[] = [];
  let open: LabelSpan | null = null;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    const continues = open !== null && isInside(label) && typeOfLabel(label) === open.type;
    if (continues) {
      open!.end = i + 1;
      continue;
    }
    if (open) spans.push(open);
    open = label === OUTSIDE ? null : { type: typeOfLabel(label), start: i, end: i + 1 };
  }
  if (open) spans.push(open);
  return spans;
}
