/**
 * The shared tasks as one interface: load a task folder, fit, predict submission rows, score,
 * and a majority baseline — so `semeval predict|score`, `train` and `npm run eval` share one
 * code path per task. (2025-st1, entity roles, lives in src/classify/roles and is wired in the CLI.)
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Doc } from "../nlp/types.js";
import { pipelineDoc } from "../classify/roles/data.js";
import { readModelFile, writeGzJson } from "../ml/linear.js";
import { Classifier } from "../ml/classifier.js";
import { taxonomyPath } from "../ml/paths.js";
import { decideNarratives, givenDecision, fitNarratives, NarrativeModel, NARRATIVES_MODEL } from "../classify/narratives.js";
import { articleVector } from "../classify/features.js";
import { justify } from "../classify/justification.js";
import { fitGenre, genreOf, GENRE_MODEL } from "../classify/genre.js";
import { fitFrames, framesOf, FRAMES_MODEL } from "../classify/frames.js";
import { cueTechniques } from "../classify/technique-cues.js";
import { decideUnits, fitTechniques, medianSpanWords, TechniqueModel, TECHNIQUES_MODEL, unitOf, type TechniqueUnit } from "../classify/techniques.js";
import * as data from "./data.js";
import * as score from "./score.js";
import type { Scores } from "./score.js";

export const TASKS = ["2025-st1", "2025-st2", "2025-st3", "2023-st1", "2023-st2", "2023-st3"] as const;
export type TaskName = (typeof TASKS)[number];

export { taskDir } from "./data.js";

/** An article of a task folder with its pipeline Doc. */
export interface Item {
  readonly id: string;
  readonly text: string;
  readonly doc: Doc;
}

const docs = new Map<string, Doc>();

/** Articles of a folder (the first `limit` by name) run through the pipeline once per process (tasks of one corpus share them). */
export function loadItems(dir: string, year: 2023 | 2025, limit?: number): Item[] {
  return data.readArticles(data.articlesDir(dir, year), year === 2025 ? data.id2025 : data.id2023).slice(0, limit).map((a) => {
    const key = `${dir}\u0000${a.id}\u0000${a.text.length}`;
    let doc = docs.get(key);
    if (!doc) docs.set(key, (doc = pipelineDoc(a.id, a.text)));
    return { ...a, doc };
  });
}

/** The first file of the folder whose name matches (the label files keep the task's names). */
function findFile(dir: string, pattern: RegExp): string {
  const file = readdirSync(dir).sort().find((f) => pattern.test(f));
  if (!file) throw new Error(`no file matching ${pattern} in ${dir}`);
  return join(dir, file);
}

/** A label list: the data folder's own when it has one, else the shipped taxonomy. */
function labelList(dir: string, file: string): string[] {
  return data.readLabelList(existsSync(join(dir, file)) ? join(dir, file) : taxonomyPath(file));
}

/** Labels positive on at least half the items, else the single most frequent one. */
export function majorityLabels(golds: readonly (readonly string[])[]): string[] {
  const counts = new Map<string, number>();
  for (const g of golds) for (const l of g) counts.set(l, (counts.get(l) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const half = ranked.filter(([, n]) => n * 2 >= golds.length).map(([l]) => l);
  return half.length ? half : ranked.slice(0, 1).map(([l]) => l);
}

/**
 * One task: its gold rows per article, how to fit on some articles and predict rows for
 * others, the official score, and the majority baseline fitted on the same training articles.
 */
export interface Task<G, M> {
  readonly name: TaskName;
  readonly year: 2023 | 2025;
  readonly modelFile: string;
  /** Metrics the eval table reports, with the project's targets. */
  readonly targets: Readonly<Record<string, number>>;
  /** Gold rows of each item (possibly none: an article without a justification row). */
  gold(dir: string, items: readonly Item[]): G[][];
  fit(dir: string, items: readonly Item[], gold: readonly G[][], seed: number): M;
  /** `given`: per item, the input rows of a task whose input carries labels (2025-st3: the dominant narrative to explain). */
  predict(model: M, items: readonly Item[], given?: readonly G[][]): G[];
  /** The part of gold rows that is the task's input, for tasks whose input carries labels. */
  inputOf?(gold: readonly G[]): G[];
  baseline(items: readonly Item[], gold: readonly G[][], test: readonly Item[]): G[];
  score(gold: readonly G[], pred: readonly G[]): Scores;
  format(rows: readonly G[]): string;
  parse(file: string): G[];
  save(model: M, path: string): void;
  load(path: string): M;
  /** What a model trained on the given data cannot do (e.g. labels the data lacked), for the train log. */
  caveats?(model: M): string[];
}

function byId<T extends { id: string }>(rows: readonly T[], items: readonly Item[]): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(r.id, [...(map.get(r.id) ?? []), r]);
  return items.map((i) => map.get(i.id) ?? []);
}

// ---------------------------------------------------------------------------------------------
// SemEval-2025 Task 10

const narrativeTaxonomy = (dir: string) => ({ narratives: labelList(dir, "narratives.txt"), subnarratives: labelList(dir, "subnarratives.txt") });

function fitNarrativeModel(dir: string, items: readonly Item[], gold: readonly data.NarrativeLabels[][], seed: number): NarrativeModel {
  const { narratives, subnarratives } = narrativeTaxonomy(dir);
  const labelled = items.map((item, i) => ({ doc: item.doc, gold: gold[i][0] })).filter((e) => e.gold);
  return fitNarratives(labelled.map((e) => ({ doc: e.doc, narratives: e.gold.narratives, subnarratives: e.gold.subnarratives })), narratives, subnarratives, seed);
}

const narrativeModelIO = {
  save: (m: NarrativeModel, path: string) => writeGzJson(path, m.toJSON()),
  load: (path: string) => readModelFile(path, NarrativeModel.fromJSON),
};

const narrativeGold = (dir: string, items: readonly Item[]) => byId(data.readNarratives(findFile(dir, /subtask-2/)), items);

export const narrativesTask: Task<data.NarrativeLabels, NarrativeModel> = {
  name: "2025-st2",
  year: 2025,
  modelFile: NARRATIVES_MODEL,
  targets: { samplesF1Coarse: 0.5, samplesF1Fine: 0.35 },
  gold: narrativeGold,
  fit: fitNarrativeModel,
  predict: (model, items) =>
    items.map((item) => {
      const d = decideNarratives(model, articleVector(item.doc));
      return { id: item.id, narratives: d.narratives.map((n) => n.label), subnarratives: d.subnarratives.map((s) => s.label) };
    }),
  baseline: (_items, gold, test) => {
    const rows = gold.flat();
    const narratives = majorityLabels(rows.map((r) => r.narratives));
    const subnarratives = majorityLabels(rows.map((r) => r.subnarratives));
    return test.map((t) => ({ id: t.id, narratives, subnarratives }));
  },
  score: score.scoreNarratives,
  format: data.formatNarratives,
  parse: data.readNarratives,
  ...narrativeModelIO,
};

export const justificationTask: Task<data.JustificationRow, NarrativeModel> = {
  name: "2025-st3",
  year: 2025,
  modelFile: NARRATIVES_MODEL,
  targets: { tokenF1: 0 },
  gold: (dir, items) => byId(data.readJustifications(findFile(dir, /subtask-3/)), items),
  /** The explanation is extractive: what is learned is the narrative model it explains. */
  fit: (dir, items, _gold, seed) => fitNarrativeModel(dir, items, narrativeGold(dir, items), seed),
  /** As in the shared task, the given dominant narratives are explained (only those); without any, ours is. */
  predict: (model, items, given) =>
    items.flatMap((item, i) => {
      const decisions = given ? given[i].map((g) => givenDecision(g.narrative, g.subnarrative)) : [undefined];
      return decisions.flatMap((decision) => {
        const j = justify(model, item.doc, decision);
        return j ? [{ id: item.id, narrative: j.narrative, subnarrative: j.subnarrative, explanation: j.text }] : [];
      });
    }),
  inputOf: (gold) => gold.map((g) => ({ ...g, explanation: "" })),
  /** Lead baseline: the article's first 80 words under the most frequent dominant narrative. */
  baseline: (_items, gold, test) => {
    const rows = gold.flat();
    const [narrative] = majorityLabels(rows.map((r) => [r.narrative]));
    const [subnarrative] = majorityLabels(rows.filter((r) => r.narrative === narrative).map((r) => [r.subnarrative]));
    return test.map((t) => ({ id: t.id, narrative, subnarrative, explanation: t.text.split(/\s+/).slice(0, 80).join(" ") }));
  },
  score: score.scoreJustifications,
  format: data.formatJustifications,
  parse: data.readJustifications,
  ...narrativeModelIO,
};

// ---------------------------------------------------------------------------------------------
// SemEval-2023 Task 3

const classifierIO = {
  save: (m: Classifier, path: string) => writeGzJson(path, m.toJSON()),
  load: (path: string) => readModelFile(path, Classifier.fromJSON),
};

export const genreTask: Task<data.GenreRow, Classifier> = {
  name: "2023-st1",
  year: 2023,
  modelFile: GENRE_MODEL,
  targets: { macroF1: 0.5 },
  gold: (dir, items) => byId(data.readGenres(findFile(dir, /subtask-1/)), items),
  fit: (dir, items, gold, seed) => {
    const labelled = items.map((item, i) => ({ doc: item.doc, g: gold[i][0] })).filter((e) => e.g);
    return fitGenre(labelled.map((e) => e.doc), labelled.map((e) => e.g.genre), labelList(dir, "genres.txt"), seed);
  },
  predict: (model, items) => items.map((item) => ({ id: item.id, genre: genreOf(model, item.doc).label })),
  baseline: (_items, gold, test) => {
    const [genre] = majorityLabels(gold.flat().map((g) => [g.genre]));
    return test.map((t) => ({ id: t.id, genre }));
  },
  score: score.scoreGenres,
  format: data.formatGenres,
  parse: data.readGenres,
  ...classifierIO,
};

export const framesTask: Task<data.FramesRow, Classifier> = {
  name: "2023-st2",
  year: 2023,
  modelFile: FRAMES_MODEL,
  targets: { microF1: 0.58 },
  gold: (dir, items) => byId(data.readFrames(findFile(dir, /subtask-2/)), items),
  fit: (dir, items, gold, seed) => {
    const labelled = items.map((item, i) => ({ doc: item.doc, g: gold[i][0] })).filter((e) => e.g);
    return fitFrames(labelled.map((e) => e.doc), labelled.map((e) => e.g.frames), labelList(dir, "frames.txt"), seed);
  },
  predict: (model, items) => items.map((item) => ({ id: item.id, frames: framesOf(model, item.doc).map((f) => f.label) })),
  baseline: (_items, gold, test) => {
    const frames = majorityLabels(gold.flat().map((g) => g.frames));
    return test.map((t) => ({ id: t.id, frames }));
  },
  score: score.scoreFrames,
  format: data.formatFrames,
  parse: data.readFrames,
  ...classifierIO,
};

/** The non-blank lines of a 2023 article: the paragraphs the task labels (some without a word). */
function lineUnits(item: Item) {
  return data
    .lineRanges(item.text)
    .filter((l) => !data.isBlankLine(item.text.slice(l.start, l.end)))
    .map((l) => ({ line: l.line, unit: unitOf(item.doc, l.start, l.end, l.line === 1) }));
}

const hasTokens = (unit: TechniqueUnit) => unit.tokenEnd > unit.tokenStart;

export const techniquesTask: Task<data.TechniqueLineRow, TechniqueModel> = {
  name: "2023-st3",
  year: 2023,
  modelFile: TECHNIQUES_MODEL,
  targets: { microF1: 0.35 },
  gold: (dir, items) => byId(data.readTechniqueLines(findFile(dir, /subtask-3\.txt$/)), items),
  fit: (dir, items, gold, seed) => {
    const spansDir = join(dir, "labels-subtask-3-spans");
    const texts = new Map(items.map((i) => [i.id, i.text]));
    const spans = existsSync(spansDir) ? data.readTechniqueSpans(spansDir).filter((s) => texts.has(s.id)) : [];
    const examples = items.map((item, i) => {
      const byLine = new Map(gold[i].map((r) => [r.line, r.techniques]));
      const lines = lineUnits(item).filter((l) => byLine.has(l.line) && hasTokens(l.unit));
      return { doc: item.doc, units: lines.map((l) => l.unit), gold: lines.map((l) => byLine.get(l.line)!), spans: spans.filter((s) => s.id === item.id) };
    });
    const spanWords = medianSpanWords(spans.map((s) => ({ technique: s.technique, text: texts.get(s.id)!.slice(s.start, s.end) })));
    return fitTechniques(examples, labelList(dir, "techniques.txt"), spanWords, seed);
  },
  predict: (model, items) =>
    items.flatMap((item) => {
      const lines = lineUnits(item);
      const decided = decideUnits(model, item.doc, lines.map((l) => l.unit));
      // A line without a word (a lone byte-order mark) is listed, as the task lists it, with no technique.
      return lines.map((l, u) => ({ id: item.id, line: l.line, techniques: hasTokens(l.unit) ? decided[u].map((d) => model.classifier.labels[d.label]) : [] }));
    }),
  baseline: (_items, gold, test) => {
    const techniques = majorityLabels(gold.flat().map((g) => g.techniques));
    return test.flatMap((t) => lineUnits(t).map((l) => ({ id: t.id, line: l.line, techniques })));
  },
  score: score.scoreTechniqueLines,
  format: data.formatTechniqueLines,
  parse: data.readTechniqueLines,
  save: (m, path) => writeGzJson(path, m.toJSON()),
  load: (path) => readModelFile(path, TechniqueModel.fromJSON),
  caveats: (model) => (model.placesWords ? [] : ["no span labels (labels-subtask-3-spans/): techniques will be placed by sentence, not by words"]),
};

/**
 * The techniques found by cue phrases (technique-cues.ts), those in `skip` left out, as rows of
 * the task's lines: each on the line of its sentence.
 */
export function cueTechniqueLines(items: readonly Item[], skip: ReadonlySet<string>): data.TechniqueLineRow[] {
  return items.flatMap((item) => {
    const lines = lineUnits(item);
    const byLine = new Map<number, string[]>();
    for (const t of cueTechniques(item.doc, skip)) {
      const line = lines.find((l) => l.unit.start <= t.start && t.start < l.unit.end)?.line;
      if (line !== undefined) byLine.set(line, [...(byLine.get(line) ?? []), t.technique]);
    }
    return [...byLine].map(([line, techniques]) => ({ id: item.id, line, techniques }));
  });
}

/** The model's rows with the techniques it never learned added where cue phrases find them, for data that labels them. */
export function withCueTechniques(model: TechniqueModel, items: readonly Item[], rows: readonly data.TechniqueLineRow[]): data.TechniqueLineRow[] {
  const added = new Map(cueTechniqueLines(items, model.learned).map((r) => [`${r.id}\t${r.line}`, r.techniques]));
  return rows.map((r) => {
    const more = (added.get(`${r.id}\t${r.line}`) ?? []).filter((t) => !r.techniques.includes(t));
    return more.length ? { ...r, techniques: [...r.techniques, ...more] } : r;
  });
}

/** Tasks by name; the row and model types differ per task, hence `any` at this one seam. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTask = Task<any, any>;

export const TASK_SPECS: Partial<Record<TaskName, AnyTask>> = {
  "2025-st2": narrativesTask,
  "2025-st3": justificationTask,
  "2023-st1": genreTask,
  "2023-st2": framesTask,
  "2023-st3": techniquesTask,
};
