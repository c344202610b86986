import { describe, expect, it } from "vitest";
import { toRawDocument } from "../analyze.js";
import { buildDoc } from "../nlp/index.js";
import { segment } from "../segment/index.js";
import { compileCueRules, cueRules, cueTechniques } from "./technique-cues.js";

const docOf = (text: string) => buildDoc(segment(toRawDocument({ title: "A headline about the vote", text })));

/** A small rule set with every kind of cue: a phrase, a stem, a contraction, a capitalized cue. */
const rules = compileCueRules({
  techniques: {
    Appeal_to_Values: {
      definition: "test",
      strong: ["our children and grandchildren", "holy war", "God bless"],
      weak: ["freedom", "democracy", "spirit*", "our children", "holy", "tradition|traditions|traditional"],
    },
    Questioning_the_Reputation: { definition: "test", strong: ["can't be trusted", "cannot be trusted"], weak: [] },
  },
});
const none = new Set<string>();
const found = (text: string, skip = none) => cueTechniques(docOf(text), skip, rules);

describe("techniques found by cue phrases", () => {
  it("takes one strong cue, or two different weak ones, never one weak cue alone or repeated", () => {
    expect(found("They called it a holy war against the West.").map((t) => t.technique)).toEqual(["Appeal_to_Values"]);
    expect(found("Protesters spoke of freedom and democracy in the square.")).toHaveLength(1);
    expect(found("The committee discussed democracy for an hour.")).toEqual([]);
    expect(found("Democracy here, democracy there, democracy everywhere.")).toEqual([]);
    // Forms of one word written as alternatives are one cue: a tradition and traditional dishes weigh 0.5.
    expect(found("The region's traditions include traditional dishes.")).toEqual([]);
    expect(found("Traditional values and freedom, they said.")).toHaveLength(1);
  });

  it("grounds each finding on its sentence and its cue words, at the text's own offsets", () => {
    const doc = docOf("The vote was held on Sunday. Officials said they would protect our children and grandchildren from it. Turnout was low.");
    const a = doc.article;
    const [t] = cueTechniques(doc, none, rules);
    expect(a.text.slice(t.start, t.end)).toBe("Officials said they would protect our children and grandchildren from it.");
    expect(t.granularity).toBe("span");
    expect(t.basis).toBe("cues");
    // The weak cue inside the strong one is not a second cue: one cue, weight 1.
    expect(t.cues).toEqual([{ start: a.text.indexOf("our children"), end: a.text.indexOf(" from it"), text: "our children and grandchildren" }]);
    expect(t.confidence).toBe(0.5);
    for (const c of t.cues!) expect(a.text.slice(c.start, c.end)).toBe(c.text);
  });

  it("reads a lower-case cue capitalized inside a sentence as a name, not as the cue", () => {
    expect(found("Envoys of the Holy See met the spirited delegates.")).toEqual([]);
    expect(found("Holy men and spirited women marched.")).toHaveLength(1);
    expect(found("They thanked the crowd: God bless this land.")).toHaveLength(1);
  });

  it("matches curly apostrophes, stems (one cue however many words they match) and any white space inside a phrase", () => {
    expect(found("The minister can’t be trusted with this file.").map((t) => t.technique)).toEqual(["Questioning_the_Reputation"]);
    expect(found("Their spirits and their spiritual leaders agree.")).toEqual([]);
    expect(found("The spirited defence of freedom won.")).toHaveLength(1);
    expect(found("This is a holy\u00a0 war, he said.")).toHaveLength(1);
  });

  it("leaves out the techniques a trained model decides, and page furniture", () => {
    expect(found("They called it a holy war.", new Set(["Appeal_to_Values"]))).toEqual([]);
    const withFurniture = docOf("A holy war, they said.\n\nShare this article on Facebook\n\nRead more: holy war");
    const { paragraphs } = withFurniture.article;
    const kinds = cueTechniques(withFurniture, none, rules).map((t) => paragraphs[t.paragraph].kind);
    expect(paragraphs.some((p) => p.kind === "boilerplate")).toBe(true);
    expect(kinds).toEqual(["body"]);
  });

  it("reports one finding per paragraph and technique: the sentence whose cues weigh most", () => {
    const doc = docOf("Freedom matters to democracy. It is a holy war for freedom and democracy and the spirit of it.\n\nNothing here.");
    const a = doc.article;
    const ts = cueTechniques(doc, none, rules);
    expect(ts).toHaveLength(1);
    expect(a.text.slice(ts[0].start, ts[0].end)).toBe("It is a holy war for freedom and democracy and the spirit of it.");
    expect(ts[0].confidence).toBeCloseTo(1 - 2 ** -2.5, 3);
  });

  it("ships rules for exactly the four techniques the English training set never labels", () => {
    expect([...cueRules().techniques].sort()).toEqual(["Appeal_to_Time", "Appeal_to_Values", "Consequential_Oversimplification", "Questioning_the_Reputation"]);
  });

  it("stays on plain reporting that names values in passing", () => {
    const reporting = "The Justice Department said on Tuesday that the family of the victim had been informed. The Church of England declined to comment. Officials of the Democratic Party met in Ohio.";
    expect(cueTechniques(docOf(reporting), none)).toEqual([]);
  });
});
