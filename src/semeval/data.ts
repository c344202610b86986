/**
 * Readers and writers for the shared-task file layouts (SemEval-2025 Task 10, SemEval-2023
 * Task 3), exactly as the annotation files in ../shared/data use them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

export interface TaskArticle {
  /** The id the task files use: "EN_UA_103861.txt" (2025) or "111111111" (2023). */
  readonly id: string;
  readonly text: string;
}

/** 2025 ST2: labels of one article. */
export interface NarrativeLabels {
  readonly id: string;
  readonly narratives: string[];
  readonly subnarratives: string[];
}

/** 2025 ST3: the dominant narrative and its explanation. */
export interface JustificationRow {
  readonly id: string;
  readonly narrative: string;
  readonly subnarrative: string;
  readonly explanation: string;
}

/** 2025 ST1: one entity mention; `end` is inclusive, as in the task files. */
export interface MentionRow {
  readonly id: string;
  readonly entity: string;
  readonly start: number;
  readonly end: number;
  readonly main?: string;
  readonly fine?: string[];
}

export interface GenreRow {
  readonly id: string;
  readonly genre: string;
}

export interface FramesRow {
  readonly id: string;
  readonly frames: string[];
}

/** 2023 ST3: the techniques of one line (1-based; the title is line 1). */
export interface TechniqueLineRow {
  readonly id: string;
  readonly line: number;
  readonly techniques: string[];
}

export interface TechniqueSpanRow {
  readonly id: string;
  readonly technique: string;
  readonly start: number;
  readonly end: number;
}

export const OTHER = "Other";

/** Tab-separated rows; trailing empty columns are kept so "ID<TAB>line<TAB>" has three fields. */
function rows(file: string): string[][] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map((l) => l.split("\t"));
}

function splitLabels(field: string | undefined, separator: string): string[] {
  return (field ?? "")
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One label a line (narratives.txt, techniques.txt, …). */
export function readLabelList(file: string): string[] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every .txt file of a folder, sorted by name so runs are reproducible. */
export function readArticles(dir: string, idOf: (file: string) => string): TaskArticle[] {
  if (!existsSync(dir)) throw new Error(`no such folder: ${dir}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => ({ id: idOf(f), text: readFileSync(join(dir, f), "utf8") }));
}

/** 2025 articles are named by their file name; 2023 ones by the digits of article<ID>.txt. */
export const id2025 = (file: string): string => basename(file);
export const id2023 = (file: string): string => basename(file).replace(/^article/, "").replace(/\.txt$/, "");

/** Finds the articles folder of a task data dir, accepting the folder itself too. */
export function articlesDir(dir: string, year: 2023 | 2025): string {
  const sub = join(dir, year === 2025 ? "raw-documents" : "articles");
  return existsSync(sub) ? sub : dir;
}

export function readNarratives(file: string): NarrativeLabels[] {
  return rows(file).map(([id, n, s]) => ({ id, narratives: unique(splitLabels(n, ";")), subnarratives: unique(splitLabels(s, ";")) }));
}

export function readJustifications(file: string): JustificationRow[] {
  return rows(file).map(([id, narrative, subnarrative, explanation]) => ({
    id,
    narrative: narrative.trim(),
    subnarrative: subnarrative.trim(),
    explanation: (explanation ?? "").trim(),
  }));
}

export function readMentions(file: string): MentionRow[] {
  return rows(file).map(([id, entity, start, end, main, ...fine]) => ({
    id,
    entity,
    start: Number(start),
    end: Number(end),
    ...(main ? { main: main.trim(), fine: fine.map((f) => f.trim()).filter(Boolean) } : {}),
  }));
}

export function readGenres(file: string): GenreRow[] {
  return rows(file).map(([id, genre]) => ({ id, genre: genre.trim() }));
}

export function readFrames(file: string): FramesRow[] {
  return rows(file).map(([id, frames]) => ({ id, frames: splitLabels(frames, ",") }));
}

export function readTechniqueLines(file: string): TechniqueLineRow[] {
  return rows(file).map(([id, line, techniques]) => ({ id, line: Number(line), techniques: splitLabels(techniques, ",") }));
}

/** Reads every *-labels-subtask-3.txt in a folder (or a single file). */
export function readTechniqueSpans(path: string): TechniqueSpanRow[] {
  const files = path.endsWith(".txt") ? [path] : readdirSync(path).filter((f) => f.endsWith(".txt")).sort().map((f) => join(path, f));
  return files.flatMap((f) => rows(f).map(([id, technique, start, end]) => ({ id, technique: technique.trim(), start: Number(start), end: Number(end) })));
}

/** Character ranges of an article's lines, 1-based as the 2023 ST3 files count them. */
/**
 * Whether a line is blank as the task's own tools judge it (Python's str.strip): a line holding
 * only a byte-order mark is a paragraph of the task's files, which JavaScript's trim would drop.
 */
export function isBlankLine(line: string): boolean {
  return /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/.test(line);
}

export function lineRanges(text: string): { line: number; start: number; end: number }[] {
  const out: { line: number; start: number; end: number }[] = [];
  let start = 0;
  text.split("\n").forEach((l, i) => {
    out.push({ line: i + 1, start, end: start + l.replace(/\r$/, "").length });
    start += l.length + 1;
  });
  return out;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

// ---------------------------------------------------------------------------------------------
// Writers: the same layouts, gold columns only where the task's submission has them.

export function formatNarratives(rows: readonly NarrativeLabels[]): string {
  return rows.map((r) => `${r.id}\t${r.narratives.join(";")}\t${r.subnarratives.join(";")}\n`).join("");
}

export function formatJustifications(rows: readonly JustificationRow[]): string {
  return rows.map((r) => `${r.id}\t${r.narrative}\t${r.subnarrative}\t${r.explanation.replace(/\s+/g, " ")}\n`).join("");
}

export function formatMentions(rows: readonly MentionRow[]): string {
  return rows.map((r) => `${r.id}\t${r.entity}\t${r.start}\t${r.end}\t${r.main ?? ""}\t${(r.fine ?? []).join("\t")}\n`).join("");
}

export function formatGenres(rows: readonly GenreRow[]): string {
  return rows.map((r) => `${r.id}\t${r.genre}\n`).join("");
}

export function formatFrames(rows: readonly FramesRow[]): string {
  return rows.map((r) => `${r.id}\t${r.frames.join(",")}\n`).join("");
}

export function formatTechniqueLines(rows: readonly TechniqueLineRow[]): string {
  return rows.map((r) => `${r.id}\t${r.line}\t${r.techniques.join(",")}\n`).join("");
}
