/**
 * The shared tasks' official metrics, computed over parsed rows. Every score is over the gold
 * items: a gold item the prediction lacks counts as predicted empty.
 */
import type { FramesRow, GenreRow, JustificationRow, MentionRow, NarrativeLabels, TechniqueLineRow } from "./data.js";

export type Scores = Record<string, number>;

/** F1 of two sets; two empty sets agree perfectly. */
export function setF1(gold: ReadonlySet<string>, pred: ReadonlySet<string>): number {
  if (gold.size === 0 && pred.size === 0) return 1;
  let tp = 0;
  for (const p of pred) if (gold.has(p)) tp++;
  return tp === 0 ? 0 : (2 * tp) / (gold.size + pred.size);
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/** 2025 ST1: share of gold mentions whose predicted fine-role set equals the gold one; main-role accuracy beside. */
export function scoreMentionRoles(gold: readonly MentionRow[], pred: readonly MentionRow[]): Scores {
  const key = (r: MentionRow) => `${r.id}\t${r.start}\t${r.end}`;
  const byKey = new Map(pred.map((r) => [key(r), r]));
  let exact = 0;
  let main = 0;
  for (const g of gold) {
    const p = byKey.get(key(g));
    if (!p) continue;
    const gf = new Set(g.fine);
    const pf = new Set(p.fine);
    if (gf.size === pf.size && [...gf].every((f) => pf.has(f))) exact++;
    if (p.main === g.main) main++;
  }
  return { exactMatchRatio: gold.length ? exact / gold.length : 0, mainRoleAccuracy: gold.length ? main / gold.length : 0 };
}

/** 2025 ST2: samples-averaged F1 on narratives (coarse) and subnarratives (fine). */
export function scoreNarratives(gold: readonly NarrativeLabels[], pred: readonly NarrativeLabels[]): Scores {
  const byId = new Map(pred.map((r) => [r.id, r]));
  const coarse = gold.map((g) => setF1(new Set(g.narratives), new Set(byId.get(g.id)?.narratives)));
  const fine = gold.map((g) => setF1(new Set(g.subnarratives), new Set(byId.get(g.id)?.subnarratives)));
  return { samplesF1Coarse: mean(coarse), samplesF1Fine: mean(fine) };
}

/** Lower-cased word tokens, the unit of the similarity stand-in. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

/**
 * 2025 ST3 stand-in for BERTScore (no pretrained encoder offline): bag-of-words token F1 between
 * the predicted and reference explanation (multiset overlap, as SQuAD's F1), averaged over gold
 * rows. Deterministic and documented; it rewards the same content words, not paraphrases.
 */
export function tokenF1(reference: string, candidate: string): number {
  const ref = words(reference);
  const cand = words(candidate);
  if (!ref.length || !cand.length) return ref.length === cand.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const w of ref) counts.set(w, (counts.get(w) ?? 0) + 1);
  let overlap = 0;
  for (const w of cand) {
    const n = counts.get(w) ?? 0;
    if (n > 0) (overlap++, counts.set(w, n - 1));
  }
  if (overlap === 0) return 0;
  const precision = overlap / cand.length;
  const recall = overlap / ref.length;
  return (2 * precision * recall) / (precision + recall);
}

export function scoreJustifications(gold: readonly JustificationRow[], pred: readonly JustificationRow[]): Scores {
  const byId = new Map(pred.map((r) => [r.id, r]));
  return { tokenF1: mean(gold.map((g) => tokenF1(g.explanation, byId.get(g.id)?.explanation ?? ""))) };
}

/**
 * 2023 ST1: macro-F1 over the genres (those in gold or predicted), micro-F1 (= accuracy) and each
 * genre's F1 ("f1:<genre>") beside: with 41 reporting and 10 satire articles, macro-F1 moves with
 * one or two of them, and the per-genre figures show which.
 */
export function scoreGenres(gold: readonly GenreRow[], pred: readonly GenreRow[]): Scores {
  const byId = new Map(pred.map((r) => [r.id, r.genre]));
  const classes = [...new Set([...gold.map((g) => g.genre), ...gold.map((g) => byId.get(g.id)).filter((p): p is string => !!p)])].sort();
  const f1s = classes.map((c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const g of gold) {
      const p = byId.get(g.id);
      if (p === c && g.genre === c) tp++;
      else if (p === c) fp++;
      else if (g.genre === c) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const correct = gold.filter((g) => byId.get(g.id) === g.genre).length;
  return { macroF1: mean(f1s), microF1: gold.length ? correct / gold.length : 0, ...Object.fromEntries(classes.map((c, k) => [`f1:${c}`, f1s[k]])) };
}

/** Micro-F1 over (item, label) pairs. */
export function microF1(gold: Iterable<string>, pred: Iterable<string>): Scores {
  const g = new Set(gold);
  const p = new Set(pred);
  let tp = 0;
  for (const x of p) if (g.has(x)) tp++;
  const precision = p.size ? tp / p.size : 0;
  const recall = g.size ? tp / g.size : 0;
  return { microF1: tp === 0 ? 0 : (2 * precision * recall) / (precision + recall), precision, recall };
}

/** 2023 ST2: micro-F1 over (article, frame) over the gold articles. */
export function scoreFrames(gold: readonly FramesRow[], pred: readonly FramesRow[]): Scores {
  const ids = new Set(gold.map((g) => g.id));
  const pairs = (rows: readonly FramesRow[]) => rows.filter((r) => ids.has(r.id)).flatMap((r) => r.frames.map((f) => `${r.id}\t${f}`));
  return microF1(pairs(gold), pairs(pred));
}

/** 2023 ST3: micro-F1 over (article, paragraph line, technique) over the gold articles. */
export function scoreTechniqueLines(gold: readonly TechniqueLineRow[], pred: readonly TechniqueLineRow[]): Scores {
  const ids = new Set(gold.map((g) => g.id));
  const triples = (rows: readonly TechniqueLineRow[]) => rows.filter((r) => ids.has(r.id)).flatMap((r) => r.techniques.map((t) => `${r.id}\t${r.line}\t${t}`));
  return microF1(triples(gold), triples(pred));
}
