import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Entity, Quote } from "../analysis/schema.js";
import { buildDoc, flattenTokens } from "../nlp/index.js";
import type { Doc, EntitySpan } from "../nlp/types.js";
import { segment } from "../segment/index.js";
import { extractActors } from "./actors/index.js";
import { extractQuotes, findQuotations } from "./quotes.js";

const SEEDS = new URL("../../../shared/seeds/", import.meta.url);

/** A seed through the real pipeline: segmentation, tagger, actors. */
function pipelineDoc(file: string): { doc: Doc; entities: Entity[] } {
  const text = readFileSync(new URL(file, SEEDS), "utf8");
  const doc = buildDoc(segment({ id: file, text, meta: {} }));
  return { doc, entities: extractActors(doc) };
}

/**
 * A Doc with real segmentation and tokens and a stand-in tagger that knows only `people`
 * (every other name is a tagger miss), each person one actor.
 */
function docOf(text: string, people: string[] = []): { doc: Doc; entities: Entity[] } {
  const segmented = segment({ id: "test", text, meta: {} });
  const { article } = segmented;
  const { tokens, words, sentenceTokens } = flattenTokens(segmented);
  const spans: EntitySpan[] = [];
  const entities: Entity[] = people.map((name) => {
    const mentions = [];
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      const end = at + name.length;
      const tokenStart = tokens.findIndex((t) => t.start === at);
      const tokenEnd = tokens.findIndex((t) => t.start >= end);
      spans.push({ start: at, end, type: "PERSON", text: name, tokenStart, tokenEnd: tokenEnd < 0 ? tokens.length : tokenEnd });
      mentions.push({ start: at, end, text: name });
    }
    return { id: `person:${name.toLowerCase().replace(/\W+/g, "-")}`, name, type: "PERSON", aliases: [], mentions };
  });
  spans.sort((a, b) => a.start - b.start);
  return { doc: { article, tokens, words, sentenceTokens, entities: spans }, entities };
}

function quotes(input: { doc: Doc; entities: Entity[] }): Quote[] {
  const found = extractQuotes(input.doc, input.entities);
  for (const q of found) expect(input.doc.article.text.slice(q.start, q.end)).toBe(q.text);
  return found;
}

/** [start of the quote's text, speaker name (null: none), via] per expected quote, in order. */
type Expected = [string, string | null, string?][];

function expectQuotes(found: Quote[], expected: Expected): void {
  const row = (text: string, speaker: string | null, via?: string) => [text, speaker, ...(via ? [via] : [])];
  const got = found.map((q, i) => {
    const [text, , via] = expected[i] ?? [q.text];
    return row(q.text.slice(0, text.length), q.speaker?.name ?? null, via && q.speaker?.via);
  });
  expect(got).toEqual(expected.map(([text, speaker, via]) => row(text, speaker, via)));
}

const idOf = (entities: Entity[], name: string) => entities.find((e) => e.name === name)?.id;

describe("extractQuotes on seed 003 (Ukraine, Taiwan)", () => {
  let input: { doc: Doc; entities: Entity[] };
  let found: Quote[];
  beforeAll(() => {
    input = pipelineDoc("003_d963496e65695f6c.txt");
    found = quotes(input);
  });

  it("finds every quotation with its speaker", () => {
    expectQuotes(found, [
      ["The Ukrainians need more weapons", "Mitch McConnell", "cue"],
      ["I think the concern", "Marco Rubio", "cue"],
      ["The momentum has really shifted", "Ben Hodges", "cue"],
      ["we may be looking at the beginning", "Ben Hodges", "pronoun"],
      ["it’s a population", "Ben Hodges"],
      ["I think people out in Tuva", "Ben Hodges", "continuation"],
      ["breaking the back of Russia’s ability", "Ben Hodges", "pronoun"],
      ["This is a far-reaching energy policy", "Olaf Scholz", "cue"],
      ["Taiwan shall be treated", "The Bill", "document"],
      ["arms conducive to deterring", "The Bill", "pronoun"],
      ["We highly appreciate", "Vladimir Putin", "cue"],
      ["We understand your questions", "Vladimir Putin", "continuation"],
      ["I know that today’s era", "Narendra Modi", "cue"],
      ["I know your position", "Vladimir Putin", "cue"],
      ["We will do everything", "Vladimir Putin", "continuation"],
      ["If Putin is that obsessed", "Alexander Gabuev", "cue"],
      ["the departure of the Putin regime", "Alexander Gabuev", "cue"],
    ]);
  });

  it("links speakers to their actors", () => {
    for (const q of found.filter((q) => q.speaker?.name !== "The Bill")) {
      expect(q.speaker!.entityId).toBe(idOf(input.entities, q.speaker!.name));
      expect(q.speaker!.entityId).not.toBeNull();
    }
    expect(found.find((q) => q.text.startsWith("Taiwan shall"))!.speaker!.entityId).toBeNull();
  });

  it("splits the quote whose closing mark is missing before “ it’s", () => {
    const [first, second] = found.filter((q) => q.speaker?.name === "Ben Hodges").slice(1, 3);
    expect(first.text).toBe("we may be looking at the beginning of the collapse of the Russian Federation,");
    expect(second.text).toMatch(/^it’s a population .* out there…$/);
    expect(second.cue?.text).toBe("adding");
    expect(first.kind).toBe("partial");
  });

  it("records cues, kinds and channels", () => {
    const modi = found.find((q) => q.speaker?.name === "Narendra Modi")!;
    expect(modi.cue?.text).toBe("told");
    expect(modi.channel).toBeUndefined(); // told Putin: an addressee, not a channel
    for (const q of found.filter((q) => q.speaker?.name === "Alexander Gabuev")) expect(q.channel?.text).toBe("Financial Times");
    expect(found.find((q) => q.text.startsWith("breaking the back"))!.kind).toBe("partial");
    expect(found.find((q) => q.text.startsWith("Taiwan shall"))!.kind).toBe("partial");
    expect(found.find((q) => q.text.startsWith("If Putin is"))!.text).toContain("[Xi]");
  });

  it("leaves scare quotes out", () => {
    for (const word of ["drawdown", "defensive manner", "preemptive"]) expect(found.some((q) => q.text.includes(word))).toBe(false);
  });
});

describe("extractQuotes on seed 000 (Blinken, Putin)", () => {
  let input: { doc: Doc; entities: Entity[] };
  let found: Quote[];
  beforeAll(() => {
    input = pipelineDoc("000_638606e8f34ca23d.txt");
    found = quotes(input);
  });

  it("finds every quotation with its speaker", () => {
    expectQuotes(found, [
      ["Ukraine has the absolute right", "Antony Blinken", "pronoun"],
      ["And the equipment", "Antony Blinken", "continuation"],
      ["The results are clear", "Dmitry Medvedev", "cue"],
      ["Welcome home to Russia!", "Dmitry Medvedev", "continuation"],
      ["If one country can get away", "Antony Blinken", "cue"],
      ["We want to see Russia weakened.", "Lloyd Austin", "cue"],
      ["They [the West] are moving", "Vladimir Putin", "cue"],
      ["sexual deviation", "Vladimir Putin", "cue"],
      ["our children and grandchildren", "Vladimir Putin", "cue"],
      ["I believe in the spiritual power", "Vladimir Putin", "cue"],
      ["The destruction of the Western", "Vladimir Putin", "cue"],
    ]);
  });

  it("keeps nested single quotes and bracketed insertions inside the quote", () => {
    expect(found[4].text).toContain("‘You know what? I’m going to take over that country.");
    expect(found[6].text).toBe("They [the West] are moving toward open satanism.");
    expect(found[7].kind).toBe("partial");
    expect(found[6].kind).toBe("full");
  });

  it("skips the show title and the quoted headlines", () => {
    expect(found.some((q) => q.text.includes("60 Minutes") || /PUTIN|MEDVEDEV/.test(q.text))).toBe(false);
  });
});

describe("extractQuotes on hard cases", () => {
  it("returns nothing for empty or quote-free text", () => {
    expect(quotes(docOf(""))).toEqual([]);
    expect(quotes(docOf("No quotes here at all."))).toEqual([]);
  });

  it("finds quotes at the very start and end of the text", () => {
    const text = "“Start here,” Lee said. Later Lee added: “End here.”";
    const found = quotes(docOf(text, ["Lee"]));
    expectQuotes(found, [
      ["Start here,", "Lee", "cue"],
      ["End here.", "Lee", "cue"],
    ]);
    expect(found[0].start).toBe(1);
    expect(found[1].end).toBe(text.length - 1);
  });

  it("runs an unclosed quote to its paragraph end and continues it in the next paragraph", () => {
    const found = quotes(docOf("Kim said: “We will win this.\n\n“And we will rebuild,” she added.\n\nThe war goes on.", ["Kim"]));
    expectQuotes(found, [
      ["We will win this.", "Kim", "cue"],
      ["And we will rebuild,", "Kim", "pronoun"],
    ]);
  });

  it("hands a speaker named at the end of a long quote back to its first paragraphs", () => {
    const found = quotes(docOf("“First we build.\n\n“Then we grow,” the minister said."));
    expectQuotes(found, [
      ["First we build.", "the minister", "continuation"],
      ["Then we grow,", "the minister", "cue"],
    ]);
  });

  it("does not let a singular determiner's noun join a plural speaker (a reduced relative clause)", () => {
    const found = quotes(docOf("The consultants wrote that the design is “sound but ambitious”, a phrase critics now call a “warning”."));
    expectQuotes(found, [
      ["sound but ambitious", "The consultants", "cue"],
      ["warning", "critics", "cue"],
    ]);
    // A singular head keeps its noun modifier: "a campaign official".
    expectQuotes(quotes(docOf("“We are confident,” a campaign official said.")), [["We are confident,", "a campaign official", "cue"]]);
  });

  it("ignores a stray closing mark and treats “ after a word as a closing mark", () => {
    expectQuotes(quotes(docOf("“Yes,” Ann Lee said. Nobody agreed” with that.")), [["Yes,", "Ann Lee", "cue"]]);
    expectQuotes(quotes(docOf("“We are ready,“ Jones said.")), [["We are ready,", "Jones", "cue"]]);
  });

  it("reads straight quotes, split around the cue", () => {
    expectQuotes(quotes(docOf('"We are ready," Jones said. "Very ready."')), [
      ["We are ready,", "Jones", "cue"],
      ["Very ready.", "Jones", "continuation"],
    ]);
  });

  it("keeps a nested quote and ellipses inside the outer quote", () => {
    const [q] = quotes(docOf("“He told me, ‘You know what? Go home.’ And I did… twice,” Brown said."));
    expect(q.text).toBe("He told me, ‘You know what? Go home.’ And I did… twice,");
    expect(q.speaker?.name).toBe("Brown");
  });

  it("leaves the speaker null when nobody is named", () => {
    expectQuotes(quotes(docOf("The crowd gathered. “Freedom now and forever!” The police watched.")), [["Freedom now and forever!", null]]);
  });

  it("drops scare quotes and titles, keeps governed fragments", () => {
    expect(quotes(docOf("The so-called “experts” were wrong. He appeared on “Face the Nation” on Sunday."))).toEqual([]);
    expectQuotes(quotes(docOf("Lopez said the plan was “dead on arrival” and left.")), [["dead on arrival", "Lopez", "cue"]]);
  });

  it("leaves a later verb whose object is the next quote to that quote", () => {
    const found = quotes(docOf("Ana Ruiz wrote that the design is “sound but ambitious”, a phrase rivals now call a “warning”."));
    expect(found[0]).toMatchObject({ text: "sound but ambitious", speaker: { name: "Ana Ruiz", via: "cue" }, cue: { text: "wrote" } });
  });

  it("resolves pronouns to the last person in subject position", () => {
    const found = quotes(docOf("Maria Lopez met Tom Ford. “It is over,” she said.", ["Maria Lopez", "Tom Ford"]));
    expect(found[0].speaker).toMatchObject({ name: "Maria Lopez", entityId: "person:maria-lopez", via: "pronoun" });
  });

  it("names speakers the tagger missed from the capitalized run, minus titles", () => {
    expectQuotes(quotes(docOf("“No,” Senate Majority Leader John Smith, the head of the party, said.")), [["No,", "John Smith", "cue"]]);
    expect(quotes(docOf("“No,” John Smith said."))[0].speaker?.entityId).toBeNull();
  });

  it("attributes to documents and to according-to sources", () => {
    expectQuotes(quotes(docOf("The report states that “growth will slow.”")), [["growth will slow.", "The report", "document"]]);
    expectQuotes(quotes(docOf("“Prices will rise,” according to the central bank.")), [["Prices will rise,", "the central bank", "according-to"]]);
  });

  it("finds every quotation of a paragraph holding more than a call takes arguments, in order", () => {
    const text = `Title\n\n${"“yes” and ‘no’ then ".repeat(70_000)}`;
    const found = findQuotations(segment({ id: "many", text, meta: {} }).article);
    expect(found).toHaveLength(140_000);
    expect(found.every((q, k) => k === 0 || found[k - 1].open < q.open)).toBe(true);
    expect(text.slice(found[1].start, found[1].end)).toBe("no");
  });

  it("reads an introduction in the paragraph before", () => {
    expectQuotes(quotes(docOf("Then Ortega commented:\n\n“We never agreed to this.”")), [["We never agreed to this.", "Ortega", "introduction"]]);
  });
});
