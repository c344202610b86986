import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Entity } from "../../analysis/schema.js";
import type { Doc, EntitySpan, EntityType } from "../../nlp/types.js";
import { flattenTokens } from "../../nlp/index.js";
import { segment } from "../../segment/index.js";
import { entityAt, extractActors } from "./index.js";

const SEEDS = new URL("../../../../shared/seeds/", import.meta.url);
const seed = (file: string): string => readFileSync(new URL(file, SEEDS), "utf8");

type Tags = Partial<Record<EntityType, string[]>>;

/**
 * A Doc with real segmentation and tokens and a stand-in tagger: every word-bounded occurrence
 * of each listed string becomes an entity of that type (longer strings first, no overlaps), so
 * the tests fix the tagger's output, including the mistakes a real one makes.
 */
function docOf(text: string, tags: Tags): Doc {
  const segmented = segment({ id: "test", text, meta: {} });
  const { article } = segmented;
  const { tokens, words, sentenceTokens } = flattenTokens(segmented);
  const wanted = Object.entries(tags).flatMap(([type, list]) => list.map((s) => ({ s, type: type as EntityType })));
  wanted.sort((a, b) => b.s.length - a.s.length);
  const entities: EntitySpan[] = [];
  const taken = new Uint8Array(text.length);
  for (const { s, type } of wanted) {
    for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) {
      const end = at + s.length;
      if (/\w/.test(text[at - 1] ?? "") || /\w/.test(text[end] ?? "") || taken.subarray(at, end).some((x) => x)) continue;
      const tokenStart = tokens.findIndex((t) => t.end > at);
      const tokenEnd = tokens.findIndex((t) => t.start >= end);
      if (tokenStart < 0 || tokens[tokenStart].start !== at) continue;
      taken.fill(1, at, end);
      entities.push({ start: at, end, type, text: s, tokenStart, tokenEnd: tokenEnd < 0 ? tokens.length : tokenEnd });
    }
  }
  entities.sort((a, b) => a.start - b.start);
  return { article, tokens, words, sentenceTokens, entities };
}

function byName(entities: readonly Entity[], name: string): Entity {
  const e = entities.find((x) => x.name === name);
  if (!e) throw new Error(`no actor "${name}" among: ${entities.map((x) => x.name).join(", ")}`);
  return e;
}

const texts = (e: Entity): string[] => e.mentions.map((m) => m.text);

function expectConsistent(text: string, entities: readonly Entity[]): void {
  const ids = new Set<string>();
  for (const e of entities) {
    expect(ids.has(e.id)).toBe(false);
    ids.add(e.id);
    for (const m of e.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(e.mentions.map((m) => m.start)).toEqual([...e.mentions.map((m) => m.start)].sort((a, b) => a - b));
    if (e.titleSpan) expect(text.slice(e.titleSpan.start, e.titleSpan.end)).toBe(e.title);
  }
}

describe("extractActors on seed 000", () => {
  const text = seed("000_638606e8f34ca23d.txt");
  // Tagger output as a CoNLL-trained model gives it, titles partly inside PERSON spans.
  const doc = docOf(text, {
    PERSON: ["U.S. Secretary of State Antony Blinken", "Blinken", "Dmitry Medvedev", "President Vladimir Putin", "Putin", "PUTIN", "Lloyd Austin"],
    LOCATION: ["U.S.", "Russia", "Kyiv", "Washington", "Ukraine", "Donetsk", "Lugansk", "Zaporizhzhia", "Kherson", "Moscow", "Red Square", "America", "West"],
    ORGANIZATION: ["RT", "Russian Security Council", "The Wall Street Journal", "CBS", "NATO", "The Trends Journal", "Raytheon", "MEDVEDEV WARNS"],
    MISC: ["Russian", "Ukrainian", "Western", "HIMARS", "60 Minutes", "TREND FORECAST"],
  });
  const actors = extractActors(doc);

  it("gives every mention exact offsets and a unique id", () => expectConsistent(text, actors));

  it("merges Putin’s forms into one person with his title", () => {
    const putin = byName(actors, "Vladimir Putin");
    expect(putin.type).toBe("PERSON");
    expect(putin.title).toBe("Russian President");
    expect(putin.id).toBe("person:vladimir-putin");
    expect(texts(putin)).toEqual(["Vladimir Putin", "Vladimir Putin", "Putin", "Putin", "Putin"]);
    expect(putin.aliases).toEqual(["Putin"]);
  });

  it("skips quoted headline references and editorial labels", () => {
    for (const ref of doc.article.references) {
      for (const e of actors) for (const m of e.mentions) expect(m.end <= ref.start || m.start >= ref.end).toBe(true);
    }
    expect(actors.some((e) => /TREND|MEDVEDEV/.test(e.name))).toBe(false);
  });

  it("reads titles before the name and in apposition", () => {
    const blinken = byName(actors, "Antony Blinken");
    expect(blinken.title).toBe("U.S. Secretary of State");
    expect(texts(blinken)).toEqual(["Antony Blinken", "Blinken", "Blinken", "Blinken"]);
    expect(byName(actors, "Dmitry Medvedev").title).toBe("deputy chairman of the Russian Security Council");
    expect(byName(actors, "Lloyd Austin").title).toBe("U.S. Secretary of Defense");
  });

  it("maps spelling variants to one canonical place", () => {
    expect(texts(byName(actors, "Kyiv"))).toEqual(["Kyiv", "Kyiv"]);
    expect(texts(byName(actors, "Luhansk"))).toEqual(["Lugansk"]);
    const us = byName(actors, "United States");
    expect(us.type).toBe("LOCATION");
    expect(new Set(texts(us))).toEqual(new Set(["U.S.", "America"]));
    expect(us.mentions.find((m) => m.text === "America")!.start).toBe(text.indexOf("America’s second largest"));
  });

  it("finds the West the tagger missed and keeps demonyms apart from countries", () => {
    const west = byName(actors, "the West");
    expect(west.mentions.map((m) => m.start)).toContain(text.indexOf("West]"));
    // "Western governments" is the bloc acting; "Western hegemony" is not a mention.
    expect(texts(west)).toContain("Western governments");
    const russia = byName(actors, "Russia");
    expect(texts(russia)).toContain("Russian military");
    expect(texts(russia)).not.toContain("Russian people");
    expect(texts(byName(actors, "Ukraine"))).toEqual(expect.arrayContaining(["Ukrainian government", "Ukrainian leadership", "Ukrainian forces"]));
  });

  it("drops MISC spans and a leading 'The'", () => {
    expect(actors.some((e) => e.name === "HIMARS" || e.name === "60 Minutes")).toBe(false);
    expect(byName(actors, "Wall Street Journal").type).toBe("ORGANIZATION");
  });
});

describe("extractActors on seed 003", () => {
  const text = seed("003_d963496e65695f6c.txt");
  const doc = docOf(text, {
    PERSON: ["Biden", "US Senate Minority Leader Mitch McConnell", "McConnell", "Senator Marco Rubio", "Ben Hodges", "Hodges", "Olaf Scholz", "Vladimir Putin", "Putin", "Xi Jinping", "Xi", "Narendra Modi", "Modi", "Alexander Gabuev", "Gabuev"],
    LOCATION: ["Ukraine", "US", "Russia", "China", "Moscow", "United States", "Taiwan", "Russian Federation", "Tuva", "Siberia", "Chechnya", "Kiev", "Bucha", "Izum", "Northern Ukraine"],
    ORGANIZATION: ["White House", "NATO", "Rosneft", "Senate Foreign relations Committee", "People’s Liberation Army", "Shanghai Cooperation Organization", "Financial Times", "Carnegie Endowment for International Peace"],
    MISC: ["Russian", "Ukrainian", "German", "Chinese", "Indian", "HIMARS", "ATACMS", "Taiwan Policy Act", "One China Policy"],
  });
  const actors = extractActors(doc);

  it("gives every mention exact offsets and a unique id", () => expectConsistent(text, actors));

  it("reads each person's title and keeps it out of the name", () => {
    const titles = Object.fromEntries(actors.filter((e) => e.type === "PERSON").map((e) => [e.name, e.title]));
    expect(titles).toMatchObject({
      "Mitch McConnell": "US Senate Minority Leader",
      "Marco Rubio": "Senator",
      "Ben Hodges": "former US Army Europe Commander",
      "Olaf Scholz": "German Chancellor",
      "Vladimir Putin": "Russian president",
      "Xi Jinping": "Chinese President",
      "Narendra Modi": "Indian President",
      "Alexander Gabuev": "senior fellow at the Carnegie Endowment for International Peace",
    });
  });

  it("merges surnames and the alias file's variants", () => {
    expect(texts(byName(actors, "Ben Hodges"))).toEqual(["Ben Hodges", "Hodges"]);
    // Chinese names put the family name first: "[Xi]" is Xi Jinping by the alias file.
    expect(texts(byName(actors, "Xi Jinping"))).toEqual(["Xi Jinping", "Xi"]);
    expect(texts(byName(actors, "Kyiv"))).toEqual(["Kiev"]);
    expect(texts(byName(actors, "Izium"))).toEqual(["Izum"]);
    expect(texts(byName(actors, "Russia"))).toContain("Russian Federation");
    const us = byName(actors, "United States");
    expect(new Set(texts(us))).toEqual(new Set(["US", "United States"]));
    expect(actors.filter((e) => e.name.includes("Putin"))).toHaveLength(1);
  });

  it("counts demonym phrases that stand for the state, not for people", () => {
    expect(texts(byName(actors, "Germany"))).toEqual(["German government"]);
    expect(texts(byName(actors, "Ukraine"))).toContain("Ukrainians");
    // "thousands of Russian soldiers", "Russian oil company", "Russian military debacle": no.
    expect(texts(byName(actors, "Russia")).filter((t) => t.startsWith("Russian "))).toEqual(["Russian Federation"]);
  });

  it("keeps a region apart from its country", () => {
    expect(byName(actors, "Northern Ukraine").type).toBe("LOCATION");
  });
});

describe("extractActors on adversarial snippets", () => {
  it("returns nothing for an empty article", () => {
    expect(extractActors(docOf("", {}))).toEqual([]);
  });

  it("does not merge two people who share a surname, and binds a bare surname to the nearest", () => {
    const text = "Joe Biden spoke first. Hunter Biden answered questions later. Biden said he regretted nothing.";
    const actors = extractActors(docOf(text, { PERSON: ["Joe Biden", "Hunter Biden", "Biden"] }));
    expect(actors.map((e) => e.name)).toEqual(["Joe Biden", "Hunter Biden"]);
    expect(texts(byName(actors, "Hunter Biden"))).toEqual(["Hunter Biden", "Biden"]);
  });

  it("keeps one actor per name when the tagger types its mentions differently", () => {
    const text = "Oswald fired from the window. Witnesses saw Oswald leave. Police later arrested Oswald.";
    const doc = docOf(text, { PERSON: ["Oswald"] });
    // The tagger's slip: the second mention typed as a place.
    const mixed: Doc = { ...doc, entities: doc.entities.map((e, i) => (i === 1 ? { ...e, type: "LOCATION" as const } : e)) };
    expect(extractActors(mixed).map((e) => [e.name, e.type, e.mentions.length])).toEqual([["Oswald", "PERSON", 3]]);
  });

  it("retypes names the tagger took for people: outlets by their last word, places by their first or last", () => {
    const text = "The Alder Gazette reported that shelling hit Kherson Oblast. Residents of Port Alder and Maricopa County protested.";
    const doc = docOf(text, { PERSON: ["Alder Gazette", "Kherson Oblast", "Port Alder", "Maricopa County"] });
    expect(extractActors(doc).map((e) => [e.name, e.type])).toEqual([
      ["Alder Gazette", "ORGANIZATION"],
      ["Kherson Oblast", "LOCATION"],
      ["Port Alder", "LOCATION"],
      ["Maricopa County", "LOCATION"],
    ]);
  });

  it("merges a surname that comes before the full name", () => {
    const text = "Kuznetsov denied it. Later, Pavel Kuznetsov, a spokesman for the ministry, repeated the denial.";
    const actors = extractActors(docOf(text, { PERSON: ["Kuznetsov", "Pavel Kuznetsov"] }));
    expect(actors).toHaveLength(1);
    expect(actors[0]).toMatchObject({ name: "Pavel Kuznetsov", title: "spokesman for the ministry", aliases: ["Kuznetsov"] });
  });

  it("binds a family name written first to the full name", () => {
    const text = "South Korean President Yoon Suk Yeol arrived on Monday. Yoon said little.";
    const actors = extractActors(docOf(text, { PERSON: ["Yoon Suk Yeol", "Yoon"] }));
    expect(actors.map((e) => [e.name, e.title, texts(e)])).toEqual([["Yoon Suk Yeol", "South Korean President", ["Yoon Suk Yeol", "Yoon"]]]);
  });

  it("cuts a name the tagger ran into a title-case headline's verb", () => {
    const text = "Zelensky Exposed: Former Advisor Reveals How He Thinks\n\nThe adviser spoke about Zelensky.";
    const actors = extractActors(docOf(text, { PERSON: ["Zelensky Exposed", "Zelensky"] }));
    expect(actors.map((e) => [e.name, texts(e)])).toEqual([["Volodymyr Zelensky", ["Zelensky", "Zelensky"]]]);
  });

  it("matches names in an all-caps headline only against known actors", () => {
    const text = "PUTIN WARNS THE WEST OVER KIEV ATTACKS\n\nRussian President Vladimir Putin said on Monday that the West would pay.";
    const actors = extractActors(docOf(text, { ORGANIZATION: ["PUTIN WARNS THE WEST"], PERSON: ["Vladimir Putin"], LOCATION: ["KIEV"] }));
    expectConsistent(text, actors);
    expect(actors.map((e) => e.name).sort()).toEqual(["Kyiv", "Vladimir Putin", "the West"]);
    expect(texts(byName(actors, "Vladimir Putin"))).toEqual(["PUTIN", "Vladimir Putin"]);
    expect(byName(actors, "Vladimir Putin").aliases).toEqual(["PUTIN"]);
    expect(texts(byName(actors, "Kyiv"))).toEqual(["KIEV"]);
    expect(texts(byName(actors, "the West"))).toEqual(["WEST", "West"]);
  });

  it("reads a person in a span the tagger called an organization", () => {
    const text = "Former American Secretary of State Madeleine Albright said so.";
    const actors = extractActors(docOf(text, { ORGANIZATION: ["American Secretary of State Madeleine Albright"] }));
    expect(actors.map((e) => [e.name, e.type, e.title])).toEqual([["Madeleine Albright", "PERSON", "Former American Secretary of State"]]);
  });

  it("strips possessives and trailing punctuation from mentions", () => {
    const text = "Russia’s army and Putin's allies read Reuters’ report, and Mr. Putin’s aides read The Guardian.";
    const actors = extractActors(docOf(text, { LOCATION: ["Russia’s"], PERSON: ["Putin's", "Mr. Putin’s"], ORGANIZATION: ["Reuters’", "The Guardian."] }));
    expectConsistent(text, actors);
    expect(texts(byName(actors, "Russia"))).toEqual(["Russia"]);
    expect(texts(byName(actors, "Vladimir Putin"))).toEqual(["Putin", "Putin"]);
    expect(texts(byName(actors, "Reuters"))).toEqual(["Reuters"]);
    expect(texts(byName(actors, "Guardian"))).toEqual(["Guardian"]);
  });

  it("retypes a place the tagger called a person, and keeps Latin America apart from the US", () => {
    const text = "Kiev asked for help. America and Latin America answered.";
    const actors = extractActors(docOf(text, { PERSON: ["Kiev"], LOCATION: ["America"] }));
    expect(byName(actors, "Kyiv").type).toBe("LOCATION");
    expect(texts(byName(actors, "United States"))).toEqual(["America"]);
    expect(texts(byName(actors, "Latin America"))).toEqual(["Latin America"]);
  });

  it("drops a tagger span that runs through a clause but still finds the known names in it", () => {
    const text = "Emboldened by the debacle in Ukraine, the US is only escalating its preparations.";
    const actors = extractActors(docOf(text, { LOCATION: ["Ukraine, the US is only escalating its preparations"] }));
    expect(actors.map((e) => [e.name, texts(e)])).toEqual([
      ["Ukraine", ["Ukraine"]],
      ["United States", ["US"]],
    ]);
  });

  it("joins an acronym with its spelled-out name", () => {
    const text = "The Institute for Economic Studies (IES) disagreed. IES economists said the Global Energy Monitor and GEM data differ.";
    const actors = extractActors(docOf(text, { ORGANIZATION: ["Institute for Economic Studies", "IES", "Global Energy Monitor", "GEM"] }));
    expect(actors.map((e) => [e.name, e.mentions.length])).toEqual([
      ["Institute for Economic Studies", 3],
      ["Global Energy Monitor", 2],
    ]);
  });

  it("does not give a title to a name that is the object of a preposition or a list", () => {
    const text = "He praised the board member of Raytheon, Gregory Hayes, and Xi, Modi and Lula met.";
    const actors = extractActors(docOf(text, { ORGANIZATION: ["Raytheon"], PERSON: ["Gregory Hayes", "Xi", "Modi", "Lula"] }));
    for (const e of actors) expect(e.title).toBeUndefined();
  });

  it("finds the actor at a span for quote attribution", () => {
    const text = "“We will win,” said Ukrainian President Volodymyr Zelenskyy. Zelensky added more.";
    const actors = extractActors(docOf(text, { PERSON: ["Volodymyr Zelenskyy", "Zelensky"] }));
    const zelensky = byName(actors, "Volodymyr Zelensky");
    expect(zelensky.title).toBe("Ukrainian President");
    expect(zelensky.mentions).toHaveLength(2);
    const at = text.indexOf("Zelensky added");
    expect(entityAt(actors, at, at + 8)).toBe(zelensky);
    expect(entityAt(actors, at + 2, at + 2)).toBe(zelensky);
    expect(entityAt(actors, 0, 5)).toBeUndefined();
  });
});
