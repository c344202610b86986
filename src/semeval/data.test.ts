import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as data from "./data.js";

const dir = mkdtempSync(join(tmpdir(), "semeval-"));
const roundTrip = <T>(text: string, parse: (f: string) => T[], format: (rows: T[]) => string) => {
  const file = join(dir, `${Math.random()}.txt`);
  writeFileSync(file, text);
  return format(parse(file));
};

describe("task file formats", () => {
  it("reads and writes every layout unchanged", () => {
    const narratives = "EN_UA_1.txt\tURW: Praise of Russia;URW: Discrediting Ukraine\tURW: Praise of Russia: Other;URW: Discrediting Ukraine: Other\nEN_CC_2.txt\tOther\tOther\n";
    expect(roundTrip(narratives, data.readNarratives, data.formatNarratives)).toBe(narratives);
    const mentions = "EN_UA_1.txt\tPutin\t10\t14\tAntagonist\tTyrant\tInstigator\n";
    expect(roundTrip(mentions, data.readMentions, data.formatMentions)).toBe(mentions);
    const lines = "111\t1\t\n111\t3\tDoubt,Loaded_Language\n";
    expect(roundTrip(lines, data.readTechniqueLines, data.formatTechniqueLines)).toBe(lines);
    const frames = "111\tPolitical,Morality\n";
    expect(roundTrip(frames, data.readFrames, data.formatFrames)).toBe(frames);
    const genres = "111\topinion\n";
    expect(roundTrip(genres, data.readGenres, data.formatGenres)).toBe(genres);
    const just = "EN_UA_1.txt\tURW: Praise of Russia\tURW: Praise of Russia: Other\tThe text praises.\n";
    expect(roundTrip(just, data.readJustifications, data.formatJustifications)).toBe(just);
  });

  it("tolerates CRLF and spaces around labels, and drops duplicate labels", () => {
    const file = join(dir, "crlf.txt");
    writeFileSync(file, "a.txt\tN1; N1\tN1: x; N1: x\r\n");
    expect(data.readNarratives(file)).toEqual([{ id: "a.txt", narratives: ["N1"], subnarratives: ["N1: x"] }]);
  });

  it("numbers lines from 1 and gives their character ranges", () => {
    const text = "Title\n\nFirst para.\r\nSecond";
    expect(data.lineRanges(text)).toEqual([
      { line: 1, start: 0, end: 5 },
      { line: 2, start: 6, end: 6 },
      { line: 3, start: 7, end: 18 },
      { line: 4, start: 20, end: 26 },
    ]);
  });

  it("reads 2025-st1 input, which has no gold columns", () => {
    const file = join(dir, "m.txt");
    writeFileSync(file, "a.txt\tPutin\t3\t7\n");
    expect(data.readMentions(file)).toEqual([{ id: "a.txt", entity: "Putin", start: 3, end: 7 }]);
  });
});
