import { describe, expect, it } from "vitest";
import { scoreFrames, scoreGenres, scoreJustifications, scoreMentionRoles, scoreNarratives, scoreTechniqueLines, setF1, tokenF1 } from "./score.js";

describe("official scorers on hand-computed cases", () => {
  it("2025 ST1: exact match of the fine-role set per gold mention", () => {
    const gold = [
      { id: "a", entity: "X", start: 0, end: 3, main: "Antagonist", fine: ["Tyrant", "Instigator"] },
      { id: "a", entity: "Y", start: 9, end: 12, main: "Innocent", fine: ["Victim"] },
      { id: "b", entity: "Z", start: 5, end: 6, main: "Protagonist", fine: ["Guardian"] },
    ];
    const pred = [
      { id: "a", entity: "X", start: 0, end: 3, main: "Antagonist", fine: ["Instigator", "Tyrant"] }, // same set, other order
      { id: "a", entity: "Y", start: 9, end: 12, main: "Innocent", fine: ["Victim", "Exploited"] }, // superset: no match
    ]; // b's mention missing: counts as wrong
    expect(scoreMentionRoles(gold, pred)).toEqual({ exactMatchRatio: 1 / 3, mainRoleAccuracy: 2 / 3 });
  });

  it("2025 ST2: samples-averaged F1, coarse and fine", () => {
    const gold = [
      { id: "a", narratives: ["N1", "N2"], subnarratives: ["N1: s", "N2: t"] },
      { id: "b", narratives: ["Other"], subnarratives: ["Other"] },
    ];
    const pred = [
      { id: "a", narratives: ["N1"], subnarratives: ["N1: s", "N1: u"] },
      { id: "b", narratives: ["N3"], subnarratives: ["N3: v"] },
    ];
    // a: coarse P=1 R=1/2 → 2/3; fine P=1/2 R=1/2 → 1/2. b: 0 and 0.
    const s = scoreNarratives(gold, pred);
    expect(s.samplesF1Coarse).toBeCloseTo((2 / 3 + 0) / 2, 10);
    expect(s.samplesF1Fine).toBeCloseTo((1 / 2 + 0) / 2, 10);
  });

  it("2025 ST3 stand-in: multiset token F1", () => {
    // ref: the(2) cat sat ; cand: the cat the dog → overlap the,cat,the = 3; P=3/4 R=3/4
    expect(tokenF1("The cat sat the", "the cat, the dog")).toBeCloseTo(0.75, 10);
    expect(scoreJustifications([{ id: "a", narrative: "N", subnarrative: "S", explanation: "x y" }], []).tokenF1).toBe(0);
  });

  it("2023 ST1: macro-F1 over genres", () => {
    const gold = [{ id: "1", genre: "opinion" }, { id: "2", genre: "opinion" }, { id: "3", genre: "reporting" }, { id: "4", genre: "satire" }];
    const pred = [{ id: "1", genre: "opinion" }, { id: "2", genre: "reporting" }, { id: "3", genre: "reporting" }, { id: "4", genre: "opinion" }];
    // opinion: tp1 fp1 fn1 → 1/2; reporting: tp1 fp1 → 2/3; satire: 0
    const s = scoreGenres(gold, pred);
    expect(s.macroF1).toBeCloseTo((1 / 2 + 2 / 3 + 0) / 3, 10);
    expect(s.microF1).toBeCloseTo(0.5, 10);
    expect([s["f1:opinion"], s["f1:reporting"], s["f1:satire"]]).toEqual([1 / 2, 2 / 3, 0]);
  });

  it("2023 ST2 and ST3: micro-F1 over (article, frame) and (article, line, technique)", () => {
    const frames = scoreFrames([{ id: "1", frames: ["A", "B"] }, { id: "2", frames: ["C"] }], [{ id: "1", frames: ["A"] }, { id: "2", frames: ["C", "D"] }]);
    // tp 2, pred 3, gold 3 → P=R=F=2/3
    expect(frames.microF1).toBeCloseTo(2 / 3, 10);
    const lines = scoreTechniqueLines(
      [{ id: "1", line: 1, techniques: [] }, { id: "1", line: 3, techniques: ["Doubt", "Loaded_Language"] }],
      [{ id: "1", line: 1, techniques: ["Doubt"] }, { id: "1", line: 3, techniques: ["Loaded_Language"] }],
    );
    // tp 1, pred 2, gold 2
    expect(lines).toEqual({ microF1: 0.5, precision: 0.5, recall: 0.5 });
  });

  it("set F1 treats two empty sets as agreement", () => {
    expect(setF1(new Set(), new Set())).toBe(1);
    expect(setF1(new Set(["a"]), new Set())).toBe(0);
  });
});
