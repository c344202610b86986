import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../analyze.js";
import { PACKAGE_ROOT } from "../ml/paths.js";

const SEEDS = join(PACKAGE_ROOT, "..", "shared", "seeds");

describe("forecasts in the Analysis", () => {
  const a = analyze(readFileSync(join(SEEDS, "000_638606e8f34ca23d.txt"), "utf8"));

  it("lists the outlet's TREND FORECAST and the 'matter of time' prediction, each a span of the text", () => {
    const forecasts = a.forecasts ?? [];
    expect(forecasts.map((f) => f.cue)).toEqual(expect.arrayContaining(["TREND FORECAST", "it is just a matter of time before"]));
    for (const f of forecasts) expect(a.text.slice(f.start, f.end)).toBe(f.text);
    const time = forecasts.find((f) => f.cue.includes("matter of time"))!;
    expect(time.claim).toMatch(/^Russian President Vladimir Putin declares an all-out war against Ukraine/);
    expect(isArticleText(time.claim)).toBe(true);
  });

  it("is computed without the learned analyses too (rules, not models)", () => {
    const core = analyze(a.text, { learned: false });
    expect(core.forecasts).toEqual(a.forecasts);
  });
});

/** The claim is text of the article, not invented. */
function isArticleText(claim: string): boolean {
  return readFileSync(join(SEEDS, "000_638606e8f34ca23d.txt"), "utf8").includes(claim);
}
