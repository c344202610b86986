import { describe, expect, it } from "vitest";
import { quoteRuns, segmentsOf, type Mark } from "../../web/src/spans.js";

const mark = (layer: Mark["layer"], start: number, end: number, key: string): Mark => ({ layer, start, end, key });

describe("segmentsOf", () => {
  it("cuts at every boundary and keeps every covering mark", () => {
    const q = mark("quote", 5, 20, "q0");
    const e = mark("actor", 10, 15, "e1");
    const segs = segmentsOf(0, 30, [q, e]);
    expect(segs.map((s) => [s.start, s.end, s.marks.map((m) => m.key).join(",")])).toEqual([
      [0, 5, ""],
      [5, 10, "q0"],
      [10, 15, "q0,e1"],
      [15, 20, "q0"],
      [20, 30, ""],
    ]);
  });

  it("clips marks to the range and ignores those outside it or empty", () => {
    const segs = segmentsOf(10, 20, [mark("technique", 0, 12, "t0"), mark("figure", 25, 30, "f0"), mark("actor", 15, 15, "e0")]);
    expect(segs.map((s) => [s.start, s.end, s.marks.length])).toEqual([
      [10, 12, 1],
      [12, 20, 0],
    ]);
  });

  it("covers the range without gaps when marks overlap partially", () => {
    const segs = segmentsOf(0, 10, [mark("quote", 2, 6, "q0"), mark("technique", 4, 8, "t0")]);
    expect(segs.map((s) => s.start)).toEqual([0, 2, 4, 6, 8]);
    expect(segs[segs.length - 1].end).toBe(10);
  });
});

describe("quoteRuns", () => {
  it("groups the pieces of one quote so it renders as one element", () => {
    const segs = segmentsOf(0, 30, [mark("quote", 5, 20, "q0"), mark("actor", 10, 15, "e1"), mark("quote", 22, 25, "q1")]);
    expect(quoteRuns(segs).map((r) => [r.key, r.segments.length])).toEqual([
      [null, 1],
      ["q0", 3],
      [null, 1],
      ["q1", 1],
      [null, 1],
    ]);
  });
});
