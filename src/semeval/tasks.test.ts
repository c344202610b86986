import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultDataDir } from "../ml/paths.js";
import { wordCount } from "../nlp/tokens.js";
import { justificationTask, loadItems, taskDir } from "./tasks.js";

const dir = taskDir(defaultDataDir(), 2025);

describe.skipIf(!existsSync(dir))("2025-st3 explains the dominant narrative it is given", () => {
  const items = loadItems(dir, 2025, 30);
  const gold = justificationTask.gold(dir, items);
  const model = justificationTask.fit(dir, items, gold, 1);

  it("keeps the given labels, one grounded explanation of at most 80 words per row", () => {
    const given = gold.map((rows) => justificationTask.inputOf!(rows));
    const pred = justificationTask.predict(model, items, given);
    const expected = given.flat();
    expect(expected.length).toBeGreaterThan(0);
    expect(pred.map((p) => [p.id, p.narrative, p.subnarrative])).toEqual(expected.map((g) => [g.id, g.narrative, g.subnarrative]));
    for (const p of pred) {
      expect(wordCount(p.explanation)).toBeGreaterThan(0);
      expect(wordCount(p.explanation)).toBeLessThanOrEqual(80);
      // Extractive: every word comes from the article (sentence order may differ from the text's).
      const words = new Set(items.find((i) => i.id === p.id)!.text.split(/\s+/));
      expect(p.explanation.split(/\s+/).filter((w) => !words.has(w))).toEqual([]);
    }
  }, 120_000);
});
