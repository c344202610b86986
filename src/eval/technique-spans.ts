/**
 * `npm run eval:spans [-- --folds K] [--seed N] [--data DIR] [--by-technique]`: how well persuasion
 * techniques are localized inside their paragraph, apart from whether they are detected.
 *
 * 5-fold cross-validation by article on SemEval-2023 Task 3 (the folds of `npm run eval`:
 * kFolds with CV_SEED). For every paragraph where a technique is gold (it has a gold character
 * span there), the span predicted for that (paragraph, technique) is compared with the gold spans
 * of that technique in that paragraph (clipped to it), SemEval-2020/2021 span-F1 style with
 * overlap credit:
 *   precision = mean over predictions of |pred ∩ gold| / |pred|
 *   recall    = mean over gold spans of |gold span ∩ pred| / |gold span|
 *   hit       = share of predictions that overlap some gold span
 * Characters are counted without whitespace. Baselines: the whole paragraph and its first sentence.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { scriptArgs, wholeNumberArg } from "../cli/script-args.js";
import type { Doc } from "../nlp/types.js";
import { kFolds } from "../ml/linear.js";
import { defaultDataDir } from "../ml/paths.js";
import { CV_SEED } from "../semeval/crossval.js";
import { lineRanges, readTechniqueSpans } from "../semeval/data.js";
import { loadItems, taskDir, techniquesTask } from "../semeval/tasks.js";
import { LOCALIZE, localizeUnit, unitOf, type LocalizeOptions, type TechniqueModel, type TechniqueUnit } from "../classify/techniques.js";

interface Range {
  readonly start: number;
  readonly end: number;
}

/** One (paragraph, technique) with gold spans: what a localizer is asked for and scored on. */
interface Case {
  readonly doc: Doc;
  readonly text: string;
  readonly unit: TechniqueUnit;
  readonly technique: string;
  readonly gold: readonly Range[];
}

type Localizer = (model: TechniqueModel, cases: readonly Case[]) => Range[];

function localizer(options: LocalizeOptions): Localizer {
  return (model, cases) =>
    cases.map((c) => {
      const label = model.classifier.labels.indexOf(c.technique);
      return label < 0 ? { start: c.unit.start, end: c.unit.end } : localizeUnit(model, c.doc, c.unit, [label], options)[0];
    });
}

const METHODS: Record<string, Localizer> = {
  paragraph: (_model, cases) => cases.map((c) => ({ start: c.unit.start, end: c.unit.end })),
  "first sentence": (_model, cases) =>
    cases.map((c) => {
      const s = c.doc.article.sentences.find((x) => x.end > c.unit.start && x.start < c.unit.end);
      return s ? { start: Math.max(s.start, c.unit.start), end: Math.min(s.end, c.unit.end) } : { start: c.unit.start, end: c.unit.end };
    }),
  newsprism: localizer(LOCALIZE),
  // The same model forced to one granularity: why short techniques go to words, long ones to sentences.
  "  words only": localizer({ ...LOCALIZE, wordLevelMax: Infinity }),
  "  sentences only": localizer({ ...LOCALIZE, wordLevelMax: 0 }),
};

/** Non-whitespace characters of text[start, end). */
function solid(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (!/\s/.test(text[i])) n++;
  return n;
}

/** Non-whitespace characters of [start, end) covered by some range. */
function covered(text: string, start: number, end: number, by: readonly Range[]): number {
  let n = 0;
  for (let i = start; i < end; i++) if (!/\s/.test(text[i]) && by.some((r) => r.start <= i && i < r.end)) n++;
  return n;
}

interface Tally {
  precision: number;
  predictions: number;
  recall: number;
  golds: number;
  hits: number;
  words: number;
}

const emptyTally = (): Tally => ({ precision: 0, predictions: 0, recall: 0, golds: 0, hits: 0, words: 0 });

/** Overlap credit of one predicted span against the gold spans of its (paragraph, technique). */
export function scoreSpan(text: string, pred: Range, gold: readonly Range[]): { precision: number; recalls: number[]; hit: boolean } {
  const size = solid(text, pred.start, pred.end);
  const recalls: number[] = [];
  for (const g of gold) {
    const n = solid(text, g.start, g.end);
    if (n) recalls.push(covered(text, g.start, g.end, [pred]) / n);
  }
  return { precision: size ? covered(text, pred.start, pred.end, gold) / size : 0, recalls, hit: gold.some((g) => g.start < pred.end && pred.start < g.end) };
}

function add(t: Tally, c: Case, pred: Range): void {
  const s = scoreSpan(c.text, pred, c.gold);
  t.predictions++;
  t.precision += s.precision;
  t.golds += s.recalls.length;
  for (const r of s.recalls) t.recall += r;
  if (s.hit) t.hits++;
  t.words += c.text.slice(pred.start, pred.end).split(/\s+/).filter(Boolean).length;
}

function summary(t: Tally): { p: number; r: number; f1: number; hit: number; words: number } {
  const p = t.predictions ? t.precision / t.predictions : 0;
  const r = t.golds ? t.recall / t.golds : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, hit: t.predictions ? t.hits / t.predictions : 0, words: t.predictions ? t.words / t.predictions : 0 };
}

/** The (paragraph, technique) cases of an article: gold spans grouped by the non-empty line they overlap, clipped to it. */
function casesOf(item: { text: string; doc: Doc }, spans: readonly { technique: string; start: number; end: number }[]): Case[] {
  const cases: Case[] = [];
  for (const l of lineRanges(item.text)) {
    if (item.text.slice(l.start, l.end).trim() === "") continue;
    const byTechnique = new Map<string, Range[]>();
    for (const s of spans) {
      const start = Math.max(s.start, l.start);
      const end = Math.min(s.end, l.end);
      if (start >= end || !/\S/.test(item.text.slice(start, end))) continue;
      byTechnique.set(s.technique, [...(byTechnique.get(s.technique) ?? []), { start, end }]);
    }
    if (!byTechnique.size) continue;
    const unit = unitOf(item.doc, l.start, l.end, l.line === 1);
    for (const [technique, gold] of [...byTechnique].sort(([a], [b]) => (a < b ? -1 : 1))) cases.push({ doc: item.doc, text: item.text, unit, technique, gold });
  }
  return cases;
}

export interface SpanEvalResult {
  readonly cases: number;
  /** Method → overall tally, and per technique. */
  readonly overall: Record<string, Tally>;
  readonly byTechnique: Record<string, Record<string, Tally>>;
}

export function evaluateSpans(dataDir: string, { folds = 5, seed = CV_SEED, methods = METHODS, log = (_: string) => {} }: { folds?: number; seed?: number; methods?: Record<string, Localizer>; log?: (line: string) => void } = {}): SpanEvalResult {
  const dir = taskDir(dataDir, 2023);
  const items = loadItems(dir, 2023);
  const gold = techniquesTask.gold(dir, items);
  const allSpans = readTechniqueSpans(join(dir, "labels-subtask-3-spans"));
  const spansOf = new Map<string, typeof allSpans>();
  for (const s of allSpans) spansOf.set(s.id, [...(spansOf.get(s.id) ?? []), s]);
  const foldOf = kFolds(items.length, folds, seed);
  const overall: Record<string, Tally> = Object.fromEntries(Object.keys(methods).map((m) => [m, emptyTally()]));
  const byTechnique: Record<string, Record<string, Tally>> = {};
  let count = 0;
  for (let k = 0; k < folds; k++) {
    const started = performance.now();
    const model = techniquesTask.fit(
      dir,
      items.filter((_, i) => foldOf[i] !== k),
      gold.filter((_, i) => foldOf[i] !== k),
      seed,
    );
    const cases = items.flatMap((item, i) => (foldOf[i] === k ? casesOf(item, spansOf.get(item.id) ?? []) : []));
    count += cases.length;
    for (const [name, localize] of Object.entries(methods)) {
      const predicted = localize(model, cases);
      cases.forEach((c, j) => {
        add(overall[name], c, predicted[j]);
        add(((byTechnique[c.technique] ??= {})[name] ??= emptyTally()), c, predicted[j]);
      });
    }
    log(`fold ${k + 1}/${folds}: ${cases.length} cases, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  return { cases: count, overall, byTechnique };
}

function main(): void {
  const { values } = scriptArgs({ options: { folds: { type: "string", default: "5" }, seed: { type: "string", default: String(CV_SEED) }, data: { type: "string" }, "by-technique": { type: "boolean", default: false } } });
  const folds = wholeNumberArg(values.folds, "--folds", 2);
  const seed = wholeNumberArg(values.seed, "--seed");
  const r = evaluateSpans(values.data ?? defaultDataDir(), { folds, seed, log: (l) => process.stderr.write(`${l}\n`) });
  const num = (x: number, width = 7) => x.toFixed(3).padStart(width);
  const header = `${"method".padEnd(18)}${"P".padStart(7)}${"R".padStart(7)}${"F1".padStart(7)}${"hit".padStart(7)}${"words".padStart(7)}`;
  const line = (name: string, t: Tally) => {
    const s = summary(t);
    return `${name.padEnd(18)}${num(s.p)}${num(s.r)}${num(s.f1)}${num(s.hit)}${s.words.toFixed(1).padStart(7)}`;
  };
  const out = [`technique span localization, ${folds}-fold CV by article (seed ${seed}): ${r.cases} gold (paragraph, technique) pairs`, header];
  for (const [name, t] of Object.entries(r.overall)) out.push(line(name, t));
  if (values["by-technique"]) {
    const names = Object.keys(r.overall);
    out.push("", `F1 / hit by technique${"".padEnd(14)}${"n".padStart(6)}${names.map((n) => n.slice(0, 14).padStart(16)).join("")}`);
    for (const [technique, tallies] of Object.entries(r.byTechnique).sort((a, b) => b[1][names[0]].predictions - a[1][names[0]].predictions)) {
      const cells = names.map((n) => {
        const s = summary(tallies[n]);
        return `${s.f1.toFixed(3)}/${s.hit.toFixed(2)}`.padStart(16);
      });
      out.push(`${technique.slice(0, 35).padEnd(35)}${String(tallies[names[0]].predictions).padStart(6)}${cells.join("")}`);
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
