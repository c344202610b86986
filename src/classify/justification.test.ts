import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { defaultDataDir, modelPath } from "../ml/paths.js";
import { wordCount } from "../nlp/tokens.js";
import { loadItems, taskDir } from "../semeval/tasks.js";
import { loadShipped } from "./models.js";
import { givenDecision, NarrativeModel, NARRATIVES_MODEL } from "./narratives.js";
import { pipelineDoc } from "./roles/data.js";
import { justify, MAX_WORDS, TARGET_WORDS } from "./justification.js";

const dir2025 = taskDir(defaultDataDir(), 2025);

describe.skipIf(!existsSync(modelPath(NARRATIVES_MODEL)))("justification with the shipped narrative model", () => {
  const model = loadShipped(NARRATIVES_MODEL, NarrativeModel.fromJSON)!;
  const nuclear = givenDecision(
    "URW: Amplifying war-related fears",
    "URW: Amplifying war-related fears: There is a real possibility that nuclear weapons will be employed",
  );
  const activists = givenDecision("CC: Criticism of climate movement", "CC: Criticism of climate movement: Climate movement is alarmist");

  it.skipIf(!existsSync(dir2025))("gives whole sentences of the article, in reading order, within the word budget, the same each time", () => {
    const items = loadItems(dir2025, 2025, 25);
    let justified = 0;
    for (const item of items) {
      const j = justify(model, item.doc);
      if (!j) continue;
      justified++;
      expect(TARGET_WORDS).toBeLessThanOrEqual(MAX_WORDS);
      expect(wordCount(j.text)).toBeLessThanOrEqual(TARGET_WORDS);
      expect(j.text).toBe(j.sentences.map((s) => item.text.slice(s.start, s.end).replace(/\s+/g, " ")).join(" "));
      expect(j.sentences.every((s, i) => i === 0 || j.sentences[i - 1].end <= s.start)).toBe(true);
      for (const s of j.sentences) expect(Object.keys(s).sort()).toEqual(["end", "start"]);
      const starts = new Set(item.doc.article.sentences.map((s) => s.start));
      expect(j.sentences.every((s) => starts.has(s.start))).toBe(true);
      expect(justify(model, pipelineDoc(item.id, item.text))).toEqual(j);
    }
    expect(justified).toBeGreaterThan(5);
  }, 120_000);

  const mixed = [
    "Fears grow over the war",
    "",
    "Officials warned on Monday that Russia could use nuclear weapons if the war in Ukraine escalates further.",
    "",
    "The city council approved a new budget for road repairs and school buses after a long debate on Tuesday.",
    "",
    "Climate activists glued themselves to a famous painting in the national museum to protest against oil drilling.",
    "",
    "Experts say the risk of a nuclear strike by Russia is now higher than at any time since the Cuban missile crisis.",
    "",
    "Officials warned on Monday that Russia could use nuclear weapons if the war in Ukraine escalates further.",
  ].join("\n");

  it("explains the narrative it is given, with its own sentences", () => {
    const doc = pipelineDoc("mixed", mixed);
    const war = justify(model, doc, nuclear)!;
    const climate = justify(model, doc, activists)!;
    expect(war.text).toMatch(/nuclear/);
    expect(climate.text).toMatch(/Climate activists glued/);
  });

  it("does not say the same thing twice", () => {
    const war = justify(model, pipelineDoc("mixed", mixed), nuclear)!;
    const texts = war.sentences.map((s) => mixed.slice(s.start, s.end));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("cuts a single over-long sentence to the budget, still a span of the text", () => {
    const long = `A long one\n\n${"Russia may use nuclear weapons in the war, officials said, ".repeat(12).trim()}.`;
    const j = justify(model, pipelineDoc("long", long), nuclear)!;
    expect(wordCount(j.text)).toBe(TARGET_WORDS);
    expect(long.slice(j.sentences[0].start, j.sentences[0].end).replace(/\s+/g, " ")).toBe(j.text);
  });
});
