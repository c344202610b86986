import type Database from "better-sqlite3";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Analysis } from "../analysis/schema.js";
import { extractForecasts } from "../extract/forecasts.js";

/** Analyses are stored deflated and without their text, which the articles row already holds. */
export function encodeAnalysis(analysis: Analysis): Buffer {
  // The fastest level: storing is on ingest's critical path, and it still shrinks JSON about 4×.
  return deflateRawSync(JSON.stringify({ ...analysis, text: undefined }), { level: 1 });
}

export function decodeAnalysis(blob: Buffer, text: string): Analysis {
  return { ...(JSON.parse(inflateRawSync(blob).toString("utf8")) as Omit<Analysis, "text">), text } as Analysis;
}

/** Writes an article's forecasts and their count; shared by ingest and the migration that introduced them. */
export function insertForecasts(prepare: (sql: string) => Database.Statement, articleRowid: number, analysis: Analysis): void {
  const insert = prepare(
    "INSERT INTO forecasts (article, start, end, text, claim, predictor, cue, deadline, deadline_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  // Analyses from before forecasts joined the Analysis (older stores being migrated) lack them.
  const forecasts = analysis.forecasts ?? extractForecasts(analysis, analysis.entities, analysis.quotes);
  for (const f of forecasts) insert.run(articleRowid, f.start, f.end, f.text, f.claim, f.predictor, f.cue, f.deadline, f.deadlineDate);
  prepare("UPDATE articles SET n_forecasts = ? WHERE rowid = ?").run(forecasts.length, articleRowid);
}
