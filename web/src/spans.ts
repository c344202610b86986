/**
 * Evidence spans → flat text segments. Findings overlap freely (an actor mention inside a quote,
 * a technique across both), so the text is cut at every span boundary and each piece carries the
 * set of findings covering it. Pure, so it is unit-tested without a browser.
 */

/** "cue": a cue word a technique found by cue phrases rests on (keyed by its technique). */
export type Layer = "quote" | "speaker" | "actor" | "figure" | "technique" | "cue" | "narrative" | "frame";

export interface Mark {
  layer: Layer;
  start: number;
  end: number;
  /** Names the finding ("q3", "e5", "n1"); every piece of one finding shares it. */
  key: string;
}

export interface Segment {
  start: number;
  end: number;
  marks: Mark[];
}

/** Cuts [from, to) at every boundary of the marks that touch it. Empty marks are ignored. */
export function segmentsOf(from: number, to: number, marks: readonly Mark[]): Segment[] {
  const inside = marks.filter((m) => m.end > from && m.start < to && m.end > m.start);
  const cuts = new Set([from, to]);
  for (const m of inside) {
    if (m.start > from) cuts.add(m.start);
    if (m.end < to) cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    out.push({ start, end, marks: inside.filter((m) => m.start < end && m.end > start) });
  }
  return out;
}

/** Consecutive segments grouped by the quote covering them (key null outside quotes). */
export function quoteRuns(segments: readonly Segment[]): Array<{ key: string | null; segments: Segment[] }> {
  const runs: Array<{ key: string | null; segments: Segment[] }> = [];
  for (const s of segments) {
    const key = s.marks.find((m) => m.layer === "quote")?.key ?? null;
    const last = runs[runs.length - 1];
    if (last && last.key === key) last.segments.push(s);
    else runs.push({ key, segments: [s] });
  }
  return runs;
}
