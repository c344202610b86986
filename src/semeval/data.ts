/**
 * Readers and writers for the shared-task file layouts (SemEval-2025 Task 10, SemEval-2023
 * Task 3), exactly as the annotation files in ../shared/data use them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

/** The training folders of ../shared/data. */
const CORPUS_2025 = "semeval2025-t10-en-train";
const CORPUS_2023 = "semeval2023-t3-en-train";

/** A task folder given directly, or the shared data root that holds it. */
export function taskDir(dir: string, year: 2023 | 2025): string {
  const nested = join(dir, year === 2025 ? CORPUS_2025 : CORPUS_2023);
  return existsSync(nested) ? nested : dir;
}

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

/** One row of a task file: its cells, and where it is for messages ("file:line"). */
interface Row {
  readonly cells: string[];
  readonly at: string;
}

/**
 * Tab-separated rows of at least as many cells as `layout` names (a malformed line is an error
 * naming it, not a row of undefined cells); trailing empty cells are kept, so "ID<TAB>line<TAB>"
 * has three.
 */
function rows(file: string, layout: string): Row[] {
  const fields = layout.split("<TAB>").length;
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .flatMap((line, i) => {
      if (line.trim() === "") return [];
      const at = `${file}:${i + 1}`;
      const cells = line.split("\t");
      if (cells.length < fields) throw new Error(`${at}: expected ${layout}, got ${cells.length} field(s)`);
      return [{ cells, at }];
    });
}

/** A cell that must be a non-negative integer (an offset, a line number). */
function integer(row: Row, k: number, name: string): number {
  const cell = row.cells[k].trim();
  if (!/^\d+$/.test(cell)) throw new Error(`${row.at}: ${name} must be a whole number, got "${cell}"`);
  return Number(cell);
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
  return rows(file, "file<TAB>narrative;…").map(({ cells: [id, n, s] }) => ({ id, narratives: unique(splitLabels(n, ";")), subnarratives: unique(splitLabels(s, ";")) }));
}

export function readJustifications(file: string): JustificationRow[] {
  return rows(file, "file<TAB>narrative<TAB>subnarrative").map(({ cells: [id, narrative, subnarrative, explanation] }) => ({
    id,
    narrative: narrative.trim(),
    subnarrative: subnarrative.trim(),
    explanation: (explanation ?? "").trim(),
  }));
}

export function readMentions(file: string): MentionRow[] {
  return rows(file, "file<TAB>entity<TAB>start<TAB>end").map((row) => {
    const [id, entity, , , main, ...fine] = row.cells;
    const [start, end] = [integer(row, 2, "start"), integer(row, 3, "end")];
    if (end < start) throw new Error(`${row.at}: end ${end} is before start ${start}`);
    return { id, entity, start, end, ...(main ? { main: main.trim(), fine: fine.map((f) => f.trim()).filter(Boolean) } : {}) };
  });
}

export function readGenres(file: string): GenreRow[] {
  return rows(file, "ID<TAB>genre").map(({ cells: [id, genre] }) => ({ id, genre: genre.trim() }));
}

export function readFrames(file: string): FramesRow[] {
  return rows(file, "ID<TAB>frame,…").map(({ cells: [id, frames] }) => ({ id, frames: splitLabels(frames, ",") }));
}

export function readTechniqueLines(file: string): TechniqueLineRow[] {
  return rows(file, "ID<TAB>line<TAB>technique,…").map((row) => ({ id: row.cells[0], line: integer(row, 1, "line"), techniques: splitLabels(row.cells[2], ",") }));
}

/** Reads every *-labels-subtask-3.txt in a folder (or a single file). */
export function readTechniqueSpans(path: string): TechniqueSpanRow[] {
  const files = path.endsWith(".txt") ? [path] : readdirSync(path).filter((f) => f.endsWith(".txt")).sort().map((f) => join(path, f));
  return files.flatMap((f) =>
    rows(f, "ID<TAB>technique<TAB>start<TAB>end").map((row) => ({ id: row.cells[0], technique: row.cells[1].trim(), start: integer(row, 2, "start"), end: integer(row, 3, "end") })),
  );
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
