import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MentionRole } from "../../analysis/schema.js";
import { defaultDataDir } from "../../ml/paths.js";
import { pipelineDoc, readRoleAnnotations } from "./data.js";
import { extractActors } from "../../extract/actors/index.js";
import { wordCount } from "../../nlp/tokens.js";
import { aggregateRoles, assignRoles, loadRoleGate, loadRolesModel, predictMentionRoles, roleEvidence, trainRoles } from "./index.js";
import { roleLexicon } from "./lexicon.js";
import type { RolesModel } from "./model.js";
import { GATE_FEATURES, RoleGate, type RoleGateJSON } from "./salience.js";

const SEEDS = new URL("../../../../shared/seeds/", import.meta.url);
const seedDoc = (file: string) => pipelineDoc(file, readFileSync(new URL(file, SEEDS), "utf8"));
const hasData = existsSync(join(defaultDataDir(), "semeval2025-t10-en-train"));
const shipped = loadRolesModel();

/** Spans of every word-bounded occurrence of `name` in the doc's text. */
function spansOf(text: string, name: string): { start: number; end: number }[] {
  return [...text.matchAll(new RegExp(`\\b${name.replace(/\./g, "\\.")}\\b`, "g"))].map((m) => ({ start: m.index, end: m.index + name.length }));
}

function expectHierarchical(roles: readonly MentionRole[]): void {
  const { mainOf } = roleLexicon();
  for (const r of roles) {
    expect(r.fine.length).toBeGreaterThan(0);
    for (const f of r.fine) expect(mainOf.get(f)).toBe(r.main);
    expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
  }
}

describe.runIf(hasData)("training", () => {
  const dir = mkdtempSync(join(tmpdir(), "roles-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is deterministic: two runs on the same subset write identical bytes, roles and framed-actor gate", async () => {
    const a = await trainRoles({ limit: 12, outPath: join(dir, "a", "roles.json.gz") });
    const b = await trainRoles({ limit: 12, outPath: join(dir, "b", "roles.json.gz") });
    expect(a.mentions).toBeGreaterThan(20);
    expect(readFileSync(a.outPath).equals(readFileSync(b.outPath))).toBe(true);
    expect(a.gatePath).toBe(join(dir, "a", "role-gate.json.gz"));
    expect(readFileSync(a.gatePath).equals(readFileSync(b.gatePath))).toBe(true);
    expect(a.gateCV.actors).toBeGreaterThan(a.gateCV.marked);
    const gate = loadRoleGate(a.gatePath)!;
    expect(gate.threshold).toBeGreaterThan(0);
    expect(gate.threshold).toBeLessThan(1);
  }, 60_000);

  it("predicts fine roles that are children of the predicted main role, for any span", () => {
    const model = loadRolesModel(join(dir, "a", "roles.json.gz"))!;
    const doc = seedDoc("003_d963496e65695f6c.txt");
    const spans = doc.tokens.filter((t) => t.pos === "PROPN" || t.pos === "NOUN").map((t) => ({ start: t.start, end: t.end }));
    const roles = predictMentionRoles(doc, spans, model);
    expect(roles).toHaveLength(spans.length);
    expectHierarchical(roles);
  });
});

describe("hostile inputs", () => {
  const model = shipped;
  it.runIf(model !== null)("handles mentions at the very start and end, empty and out-of-token spans", () => {
    const text = "Russia\n\nUkraine said Russia attacked it. NATO";
    const doc = pipelineDoc("t", text);
    const spans = [
      { start: 0, end: 6 },
      { start: text.length - 4, end: text.length },
      { start: 6, end: 6 },
      { start: 6, end: 8 }, // only the blank line between paragraphs
    ];
    const roles = predictMentionRoles(doc, spans, model);
    expect(roles.map((r) => [r.start, r.end])).toEqual(spans.map((s) => [s.start, s.end]));
    expectHierarchical(roles);
  });

  it.runIf(model !== null)("returns nothing for an empty doc with no mentions", () => {
    const doc = pipelineDoc("empty", "");
    expect(predictMentionRoles(doc, [], model)).toEqual([]);
    expect(assignRoles(doc, [], model)).toEqual([]);
  });

  it("assigns no roles without a model", () => {
    const doc = pipelineDoc("t", "Russia attacked Ukraine.");
    const entity = { id: "location:russia", name: "Russia", type: "LOCATION" as const, aliases: [], mentions: [{ start: 0, end: 6, text: "Russia" }] };
    expect(predictMentionRoles(doc, [{ start: 0, end: 6 }], null)).toEqual([]);
    expect(assignRoles(doc, [entity], null)).toEqual([entity]);
  });
});

describe("aggregateRoles", () => {
  it("takes the main role with the most confidence and its best-supported fine roles", () => {
    const at = (main: MentionRole["main"], fine: string[], confidence: number): MentionRole => ({ start: 0, end: 1, main, fine, confidence });
    const mentions = [at("Antagonist", ["Tyrant"], 0.5), at("Antagonist", ["Instigator"], 0.3), at("Protagonist", ["Guardian"], 0.6), at("Antagonist", ["Tyrant"], 0.2)];
    expect(aggregateRoles(mentions)).toEqual({ main: "Antagonist", fine: ["Tyrant"], confidence: 0.25 });
    // A second fine role close enough behind the first is kept.
    expect(aggregateRoles([...mentions, at("Antagonist", ["Instigator"], 0.2)])?.fine).toEqual(["Tyrant", "Instigator"]);
    // Without any confidence the first mention's main role stands.
    expect(aggregateRoles([at("Innocent", ["Victim"], 0), at("Antagonist", ["Spy"], 0)])?.main).toBe("Innocent");
    expect(aggregateRoles([])).toBeUndefined();
  });
});

describe.runIf(shipped !== null)("shipped model on the seeds", () => {
  // Only what the model gets right with a wide margin: the aggregate main role of the war's two
  // sides (000: 8 of 8 Russia mentions Antagonist; 003: 10 of 13), never a single fine role.
  const roleOf = (file: string, name: string) => {
    const doc = seedDoc(file);
    const roles = predictMentionRoles(doc, spansOf(doc.article.text, name));
    expectHierarchical(roles);
    return aggregateRoles(roles);
  };

  it.each(["000_638606e8f34ca23d.txt", "003_d963496e65695f6c.txt"])("%s: Russia is an antagonist, Ukraine is not", (file) => {
    expect(roleOf(file, "Russia")?.main).toBe("Antagonist");
    expect(roleOf(file, "Ukraine")?.main).not.toBe("Antagonist");
  });

  it("assigns roles to the actors of a seed through assignRoles, places named as a setting excepted", () => {
    const doc = seedDoc("003_d963496e65695f6c.txt");
    const text = doc.article.text;
    const entity = (name: string, type: "LOCATION" | "PERSON") => ({ id: name, name, type, aliases: [], mentions: spansOf(text, name).map((s) => ({ ...s, text: name })) });
    // Without the gate: every actor the role model reads gets a role.
    const [russia, bucha] = assignRoles(doc, [entity("Russia", "LOCATION"), entity("Bucha", "LOCATION")], shipped, null);
    expect(russia.role?.main).toBe("Antagonist");
    expect(russia.mentionRoles).toHaveLength(russia.mentions.length - spansOf(text, "in Russia").length);
    // "in Bucha": Bucha is only ever the scene.
    expect(spansOf(text, "in Bucha")).toHaveLength(spansOf(text, "Bucha").length);
    expect(bucha.role).toBeUndefined();
  });
});

describe.runIf(shipped !== null && loadRoleGate() !== null)("framed-actor gate on the seeds", () => {
  /** The seed's actors as `analyze` finds them, with roles through the shipped model and gate. */
  const actorsOf = (file: string) => {
    const doc = seedDoc(file);
    const actors = extractActors(doc);
    const gated = assignRoles(doc, actors);
    const ungated = assignRoles(doc, actors, shipped, null);
    const names = (list: typeof actors) => new Set(list.map((e) => e.name));
    return { all: names(actors), framed: names(gated.filter((e) => e.role)), ungated: names(ungated.filter((e) => e.role)), gated };
  };
  /** Every name must be an actor of the seed (so a renamed actor cannot pass vacuously), and none framed. */
  const expectUnframed = (seed: ReturnType<typeof actorsOf>, names: readonly string[]) => {
    for (const name of names) {
      expect(seed.all, name).toContain(name);
      expect(seed.framed, name).not.toContain(name);
    }
  };

  it("000: frames the war's protagonists and antagonists, not the list of target places or the cited outlets", () => {
    const seed = actorsOf("000_638606e8f34ca23d.txt");
    for (const name of ["Vladimir Putin", "Antony Blinken", "Russia", "Ukraine"]) expect(seed.framed, name).toContain(name);
    expect(["United States", "the West"].some((name) => seed.framed.has(name))).toBe(true);
    // "strike into Donetsk, Lugansk, Zaporizhzhia, and Kherson, RT reported"; "according to The Wall Street Journal";
    // "told CBS’s “60 Minutes”"; "The Trends Journal has reported"; "a rally in Moscow’s Red Square".
    expectUnframed(seed, ["Donetsk", "Luhansk", "Zaporizhzhia", "Kherson", "RT", "Wall Street Journal", "CBS", "Trends Journal", "Red Square"]);
    // Ungated, every one of them had a role: the gate is what removes them.
    expect(seed.ungated).toContain("Donetsk");
    expect(seed.ungated).toContain("RT");
    expect(seed.framed.size).toBeLessThanOrEqual(seed.ungated.size / 2);
  });

  it("003: frames the war's sides and the US, not a list of regions, a cited newspaper or an affiliation", () => {
    const seed = actorsOf("003_d963496e65695f6c.txt");
    for (const name of ["Russia", "Ukraine", "United States", "Vladimir Putin"]) expect(seed.framed, name).toContain(name);
    // "people out in Tuva and Siberia and Chechnya"; "In a statement to the Financial Times"; Gabuev's title.
    // The tagger may end the think tank's name at "Endowment": either name is one actor.
    const carnegie = [...seed.all].find((name) => name.startsWith("Carnegie Endowment")) ?? "Carnegie Endowment";
    expectUnframed(seed, ["Tuva", "Siberia", "Chechnya", "Financial Times", carnegie]);
    expect(seed.framed.size).toBeLessThanOrEqual(seed.ungated.size / 2);
  });

  it("leaves unframed actors without role or mention roles, and framed ones with both", () => {
    const { gated } = actorsOf("000_638606e8f34ca23d.txt");
    for (const e of gated) {
      if (e.role) {
        expect(e.mentionRoles?.length).toBeGreaterThan(0);
        expectHierarchical(e.mentionRoles!);
      } else expect(e.mentionRoles).toBeUndefined();
    }
  });

  it.each(["000_638606e8f34ca23d.txt", "003_d963496e65695f6c.txt"])("%s: an actor's role rests on whole sentences where a mention is read in that role, most confident first", (file) => {
    const doc = seedDoc(file);
    const { sentences } = doc.article;
    const framed = actorsOf(file).gated.filter((e) => e.role);
    expect(framed.length).toBeGreaterThan(2);
    for (const { name, role, mentionRoles } of framed) {
      const evidence = role!.evidence!;
      expect(evidence.length, name).toBeGreaterThan(0);
      expect(evidence.length, name).toBeLessThanOrEqual(2);
      for (const ev of evidence) {
        // One sentence, or a short one ("Blinken said.") with the sentence before it.
        const last = sentences.findIndex((s) => s.end === ev.end);
        expect(last, name).toBeGreaterThanOrEqual(0);
        const first = sentences[last].start === ev.start ? last : last - 1;
        expect(sentences[first].start, name).toBe(ev.start);
        if (first < last) expect(wordCount(doc.article.text.slice(sentences[last].start, sentences[last].end)), name).toBeLessThan(6);
        const readSo = mentionRoles!.filter((r) => r.start >= ev.start && r.end <= ev.end && r.main === role!.main && r.fine.includes(role!.fine[0]));
        expect(readSo.map((r) => r.confidence), name).toContain(ev.score);
      }
      expect(evidence.map((ev) => ev.score!), name).toEqual(evidence.map((ev) => ev.score!).sort((a, b) => b - a));
    }
  });

  it("shows a short speech tag with the sentence it attributes, within its paragraph", () => {
    const text = "Kyiv was shelled again on Monday.\n\n“We will stand with Ukraine for as long as it takes.” Blinken said. Blinken spoke in Brussels after meeting the allies.";
    const doc = pipelineDoc("tag", text);
    const at = (from: number) => ({ start: text.indexOf("Blinken", from), end: text.indexOf("Blinken", from) + 7 });
    const [tagged, plain] = [at(0), at(text.indexOf("said"))];
    const read = (span: { start: number; end: number }, confidence: number): MentionRole => ({ ...span, main: "Protagonist", fine: ["Guardian"], confidence });
    const evidence = roleEvidence(doc, { main: "Protagonist", fine: ["Guardian"], confidence: 0.5 }, [read(tagged, 0.6), read(plain, 0.4)]);
    expect(evidence.map((e) => text.slice(e.start, e.end))).toEqual([
      "“We will stand with Ukraine for as long as it takes.” Blinken said.",
      "Blinken spoke in Brussels after meeting the allies.",
    ]);
  });

  it("refuses a gate file whose features differ from the code's", () => {
    const json = loadRoleGate()!.toJSON();
    expect(RoleGate.fromJSON(json).threshold).toBe(json.threshold);
    const stale: RoleGateJSON = { ...json, features: [...GATE_FEATURES].reverse() };
    expect(() => RoleGate.fromJSON(stale)).toThrow(/features/);
  });
});

describe.runIf(shipped !== null)("fast inference", () => {
  /** predict (no feature strings, cached score vectors) against the feature-bag reference on every span. */
  const expectSameAsBag = (model: RolesModel, doc: ReturnType<typeof pipelineDoc>, spans: readonly { start: number; end: number }[]) => {
    expect(spans.length).toBeGreaterThan(0);
    const fast = spans.map((s) => model.predict(doc, s));
    const bag = spans.map((s) => model.predictFromBag(doc, s));
    expect(fast).toEqual(bag);
  };
  /** Every noun and name token, and every entity the tagger found (multi-word, possessive). */
  const spansOf = (doc: ReturnType<typeof pipelineDoc>) => [
    ...doc.tokens.filter((t) => t.pos === "PROPN" || t.pos === "NOUN").map((t) => ({ start: t.start, end: t.end })),
    ...doc.entities.map((e) => ({ start: e.start, end: e.end })),
    ...doc.entities.map((e) => ({ start: e.start, end: Math.min(doc.article.text.length, e.end + 2) })),
  ];

  it.each(["000_638606e8f34ca23d.txt", "003_d963496e65695f6c.txt"])("predicts exactly as the feature-bag path on seed %s", (file) => {
    const doc = seedDoc(file);
    expectSameAsBag(shipped!, doc, spansOf(doc));
  });

  it.runIf(hasData)("predicts exactly as the feature-bag path on training articles", () => {
    for (const a of readRoleAnnotations(defaultDataDir(), roleLexicon()).filter((_, i) => i % 10 === 0)) {
      const doc = pipelineDoc(a.id, a.text);
      expectSameAsBag(shipped!, doc, [...a.mentions.map((m) => m.span), ...spansOf(doc)]);
    }
  }, 60_000);
});
