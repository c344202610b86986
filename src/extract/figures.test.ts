import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Figure } from "../analysis/schema.js";
import { flattenTokens } from "../nlp/index.js";
import type { Doc } from "../nlp/types.js";
import { segment } from "../segment/index.js";
import { extractFigures } from "./figures.js";

const seed = (name: string) => readFileSync(new URL(`../../../shared/seeds/${name}`, import.meta.url), "utf8");

/** The real segmenter and tokens as buildDoc flattens them; figures never read entities, so NER is left out. */
function docOf(text: string, published?: string): Doc {
  const segmented = segment({ id: "t", text, meta: published ? { published } : {} });
  return { article: segmented.article, ...flattenTokens(segmented), entities: [] };
}

function figuresOf(text: string, published?: string): Figure[] {
  const doc = docOf(text, published);
  const figures = extractFigures(doc);
  for (const f of figures) expect(text.slice(f.start, f.end)).toBe(f.text);
  return figures;
}

/** Figures without offsets (checked separately), for compact expectations. */
function bare(figures: Figure[]): Omit<Figure, "start" | "end">[] {
  return figures.map(({ start: _s, end: _e, ...rest }) => rest);
}

/** Expected figures in order; each one's offset is found by searching on from the previous one. */
function expectSeed(text: string, figures: Figure[], expected: Omit<Figure, "start" | "end">[]) {
  expect(bare(figures)).toEqual(expected);
  let cursor = 0;
  for (const f of figures) {
    const at = text.indexOf(f.text, cursor);
    expect(f.start).toBe(at);
    expect(f.end).toBe(at + f.text.length);
    cursor = f.end;
  }
}

describe("extractFigures on the seeds", () => {
  it("003: weapons, money, vague counts, weekdays and months", () => {
    const text = seed("003_d963496e65695f6c.txt");
    expectSeed(text, figuresOf(text), [
      { text: "dozens of miles", kind: "quantity", value: null, unit: "mi", min: 24, qualifier: "dozens" },
      { text: "thousands of Russian soldiers", kind: "count", value: null, min: 2000, qualifier: "thousands", counted: "Russian soldiers" },
      { text: "Thursday", kind: "date", value: null },
      { text: "$600 million", kind: "money", value: 600_000_000, unit: "USD" },
      { text: "more than $50 billion", kind: "money", value: 50_000_000_000, unit: "USD", qualifier: "more than" },
      { text: "21st such “drawdown”", kind: "count", value: 21, ordinal: true, counted: "drawdown" },
      { text: "36,000 rounds of 105mm artillery", kind: "count", value: 36_000, counted: "rounds of 105mm artillery" },
      { text: "a thousand precision-guided 155mm artillery rounds", kind: "count", value: 1000, counted: "precision-guided 155mm artillery rounds" },
      { text: "tens of thousands of antitank missiles", kind: "count", value: null, min: 20_000, qualifier: "tens of thousands", counted: "antitank missiles" },
      { text: "hundreds of drones", kind: "count", value: null, min: 200, qualifier: "hundreds", counted: "drones" },
      { text: "15 HIMARS missile launchers", kind: "count", value: 15, counted: "HIMARS missile launchers" },
      { text: "hundreds of vehicles", kind: "count", value: null, min: 200, qualifier: "hundreds", counted: "vehicles" },
      { text: "120 different ethnic groups", kind: "count", value: 120, counted: "different ethnic groups" },
      { text: "April", kind: "date", value: null, date: "--04" },
      { text: "April", kind: "date", value: null, date: "--04" },
      { text: "Friday", kind: "date", value: null },
      { text: "three refineries", kind: "count", value: 3, counted: "refineries" },
      { text: "Wednesday", kind: "date", value: null },
      { text: "$6.5 billion", kind: "money", value: 6_500_000_000, unit: "USD" },
    ]);
  });

  it("000: relative dates, reference dates, no pronoun 'one', no title numbers", () => {
    const text = seed("000_638606e8f34ca23d.txt");
    expectSeed(text, figuresOf(text), [
      { text: "last week", kind: "date", value: null },
      { text: "last month", kind: "date", value: null },
      { text: "27 Sep 2022", kind: "date", value: null, date: "2022-09-27" },
      { text: "20 Sep 2022", kind: "date", value: null, date: "2022-09-20" },
      { text: "20 Sep 2022", kind: "date", value: null, date: "2022-09-20" },
      { text: "four regions", kind: "count", value: 4, counted: "regions" },
    ]);
  });

  it("anchors seed dates on the publication date", () => {
    const text = seed("003_d963496e65695f6c.txt");
    const dates = figuresOf(text, "2022-09-17T10:00:00Z").filter((f) => f.kind === "date");
    expect(dates.map((f) => [f.text, f.date])).toEqual([
      ["Thursday", "2022-09-15"],
      ["April", "2022-04"],
      ["April", "2022-04"],
      ["Friday", "2022-09-16"],
      ["Wednesday", "2022-09-14"],
    ]);
    const relative = figuresOf(seed("000_638606e8f34ca23d.txt"), "2022-10-03").filter((f) => f.kind === "date");
    expect(relative.slice(0, 2).map((f) => f.date)).toEqual(["2022-W39", "2022-09"]);
  });
});

describe("extractFigures on snippets", () => {
  const one = (text: string, published?: string) => bare(figuresOf(text, published));

  it("normalizes money in symbols, scales and currency words", () => {
    expect(one("It cost €2bn, then £300,000, then 5 million euros, then $1.2 trillion and US$5bn.")).toEqual([
      { text: "€2bn", kind: "money", value: 2e9, unit: "EUR" },
      { text: "£300,000", kind: "money", value: 300_000, unit: "GBP" },
      { text: "5 million euros", kind: "money", value: 5e6, unit: "EUR" },
      { text: "$1.2 trillion", kind: "money", value: 1.2e12, unit: "USD" },
      { text: "US$5bn", kind: "money", value: 5e9, unit: "USD" },
    ]);
    expect(one("Billions of dollars and half a million euros went to a $50-billion plan.")).toEqual([
      { text: "Billions of dollars", kind: "money", value: null, unit: "USD", min: 2e9, qualifier: "billions" },
      { text: "half a million euros", kind: "money", value: 500_000, unit: "EUR" },
      { text: "$50-billion", kind: "money", value: 5e10, unit: "USD" },
    ]);
  });

  it("reads decimals, commas and glued scales", () => {
    expect(one("About 1.5m people fled and 1,234.56 tonnes of grain rotted; 10k troops stayed.")).toEqual([
      { text: "About 1.5m people", kind: "count", value: 1_500_000, counted: "people", qualifier: "about" },
      { text: "1,234.56 tonnes", kind: "quantity", value: 1234.56, unit: "t" },
      { text: "10k troops", kind: "count", value: 10_000, counted: "troops" },
    ]);
    expect(one("The wall is 1.5m tall.")).toEqual([{ text: "1.5m", kind: "quantity", value: 1.5, unit: "m" }]);
  });

  it("reports percentages in all spellings", () => {
    expect(one("Support fell from 40% to forty percent, then 40 per cent, a drop of 3 percentage points and −3.5%.")).toEqual([
      { text: "40%", kind: "percent", value: 40, unit: "%" },
      { text: "forty percent", kind: "percent", value: 40, unit: "%" },
      { text: "40 per cent", kind: "percent", value: 40, unit: "%" },
      { text: "3 percentage points", kind: "percent", value: 3, unit: "pp" },
      { text: "−3.5%", kind: "percent", value: -3.5, unit: "%" },
    ]);
  });

  it("reports ranges with bounds", () => {
    expect(one("They sent 10-15 tanks and between 5,000 and 10,000 troops, then 10 to 15 drones.")).toEqual([
      { text: "10-15 tanks", kind: "count", value: null, min: 10, max: 15, counted: "tanks" },
      { text: "between 5,000 and 10,000 troops", kind: "count", value: null, min: 5000, max: 10_000, counted: "troops", qualifier: "between" },
      { text: "10 to 15 drones", kind: "count", value: null, min: 10, max: 15, counted: "drones" },
    ]);
    expect(one("Aid of $5-10 billion was pledged for 2014-2022 and from 2015 to 2020.")).toEqual([
      { text: "$5-10 billion", kind: "money", value: null, unit: "USD", min: 5e9, max: 1e10 },
      { text: "2014-2022", kind: "date", value: null, date: "2014/2022" },
      { text: "from 2015 to 2020", kind: "date", value: null, date: "2015/2020" },
    ]);
  });

  it("normalizes spelled-out numbers and skips the pronoun 'one'", () => {
    expect(one("One of them said twenty-five tanks, two hundred and fifty soldiers and a dozen drones arrived, one way or the other.")).toEqual([
      { text: "twenty-five tanks", kind: "count", value: 25, counted: "tanks" },
      { text: "two hundred and fifty soldiers", kind: "count", value: 250, counted: "soldiers" },
      { text: "a dozen drones", kind: "count", value: 12, counted: "drones" },
    ]);
    expect(one("The two met. A few dozen cases, a couple hundred dollars.")).toEqual([]);
  });

  it("measures distances and speeds; calibres and ages are modifiers", () => {
    expect(one("A missile with a range of 300 km flew at 600mph past a 155mm howitzer and a 10-year-old boy.")).toEqual([
      { text: "300 km", kind: "quantity", value: 300, unit: "km" },
      { text: "600mph", kind: "quantity", value: 600, unit: "mph" },
    ]);
  });

  it("parses dates and anchors them on the publication date", () => {
    expect(one("On September 27, 2022, in April, on 5 Sep. 2022, in the 1990s and in mid-2022 and the 19th century.")).toEqual([
      { text: "September 27, 2022", kind: "date", value: null, date: "2022-09-27" },
      { text: "April", kind: "date", value: null, date: "--04" },
      { text: "5 Sep. 2022", kind: "date", value: null, date: "2022-09-05" },
      { text: "1990s", kind: "date", value: null, date: "199" },
      { text: "mid-2022", kind: "date", value: null, date: "2022", qualifier: "mid" },
      { text: "19th century", kind: "date", value: null, date: "18" },
    ]);
    expect(one("Last Friday, yesterday, two weeks ago and next month; talks on 20-21 March.", "2022-10-03")).toEqual([
      { text: "Last Friday", kind: "date", value: null, date: "2022-09-30" },
      { text: "yesterday", kind: "date", value: null, date: "2022-10-02" },
      { text: "two weeks ago", kind: "date", value: null, date: "2022-W38" },
      { text: "next month", kind: "date", value: null, date: "2022-11" },
      { text: "20-21 March", kind: "date", value: null, date: "2022-03-20/2022-03-21" },
    ]);
    expect(one("May see opportunity. April Smith and Saturday Night Live.")).toEqual([]);
  });

  it("infers a missing year: the latest past month, or a coming one up to three months ahead", () => {
    expect(one("Talks in January, in March and in December.", "2022-10-03").map((f) => f.date)).toEqual(["2023-01", "2022-03", "2022-12"]);
  });

  it("reads rates, temperatures, areas and pounds", () => {
    expect(one("It pumps 1 million barrels per day at –10°C across 5 sq km; £2m or 5 million pounds, not a 300 pounds load.")).toEqual([
      { text: "1 million barrels per day", kind: "quantity", value: 1e6, unit: "bbl/day" },
      { text: "–10°C", kind: "quantity", value: -10, unit: "°C" },
      { text: "5 sq km", kind: "quantity", value: 5, unit: "km2" },
      { text: "£2m", kind: "money", value: 2e6, unit: "GBP" },
      { text: "5 million pounds", kind: "money", value: 5e6, unit: "GBP" },
      { text: "300 pounds", kind: "quantity", value: 300, unit: "lb" },
    ]);
  });

  it("tells years from counts", () => {
    expect(one("In 2014 Russia annexed Crimea; the 2022 elections; 2000 troops; a 2012 conviction; in 1013; the 1500 soldiers.")).toEqual([
      { text: "2014", kind: "date", value: null, date: "2014" },
      { text: "2022", kind: "date", value: null, date: "2022" },
      { text: "2000 troops", kind: "count", value: 2000, counted: "troops" },
      { text: "2012", kind: "date", value: null, date: "2012" },
      { text: "1013", kind: "date", value: null, date: "1013" },
      { text: "1500 soldiers", kind: "count", value: 1500, counted: "soldiers" },
    ]);
    expect(one("Between 2000 and 3000 troops served from 2014 to 2022.")).toEqual([
      { text: "Between 2000 and 3000 troops", kind: "count", value: null, min: 2000, max: 3000, counted: "troops", qualifier: "between" },
      { text: "from 2014 to 2022", kind: "date", value: null, date: "2014/2022" },
    ]);
  });

  it("ignores numbers in names, identifiers and junk", () => {
    const junk = [
      "The G7 sent Su-27 and F-16 jets under Article 5 and Boeing 737 rules, see No. 10.",
      "Call +1 (555) 123-4567 or 555-123-4567 at 10:30 a.m. or 5 p.m.",
      "He won 2-1 on CBS’s “60 Minutes”, a 2,000-strong crowd at pic.twitter.com/3eXXAQgc6o.",
      "Deborah Ramirez, 53, said so.[4] See the 7th Fleet.",
      "Labor force 129,656 129,196 -460 and an 11-page statement on 5G.",
      "",
    ];
    for (const text of junk) expect(one(text)).toEqual([]);
  });

  it("keeps offsets exact across Unicode and odd spacing", () => {
    const text = "«Über» — €2bn\u00a0and  “15   HIMARS launchers”.";
    const figures = figuresOf(text);
    expect(figures.map((f) => f.text)).toEqual(["€2bn", "15   HIMARS launchers"]);
  });
});
