/**
 * Entity-level precision/recall/F1 of the shipped NER model on CoNLL-2003 valid, beside a
 * most-frequent-label-per-word baseline learned from train in the same run.
 * Run: `npm run eval:ner [-- dataDir [modelPath]]`.
 */
import { join } from "node:path";
import { EntityScore, readConll, toWordSpans, wordIndexAt, type ConllSentence } from "../nlp/ner/conll.js";
import { loadNerModel, tagEntities } from "../nlp/ner/index.js";
import { wordIds } from "../nlp/words.js";
import { CONLL_TYPES, NUM_LABELS, OUTSIDE, spansFromLabels, type LabelSpan } from "../nlp/ner/labels.js";

const dataDir = process.argv[2] ?? process.env.NEWSPRISM_DATA ?? "/work/shared/data";
const modelPath = process.argv[3];

const train = readConll(join(dataDir, "conll2003", "train.txt"));
const valid = readConll(join(dataDir, "conll2003", "valid.txt"));

const loadStart = performance.now();
const model = loadNerModel(modelPath);
const loadMs = performance.now() - loadStart;

const modelScore = new EntityScore();
let tokens = 0;
// CPU time, not wall time: the machine is shared, and other processes would skew wall-clock speed.
let tagMicros = 0;
for (const s of valid) {
  const t0 = process.cpuUsage();
  const entities = tagEntities(model, s.text, s.tokens, wordIds(s.tokens), [{ tokenStart: 0, tokenEnd: s.tokens.length }]);
  const used = process.cpuUsage(t0);
  tagMicros += used.user + used.system;
  tokens += s.tokens.length;
  modelScore.add(s.gold, toWordSpans(s, entities));
}

const baseline = mostFrequentLabelTagger(train);
const baselineScore = new EntityScore();
for (const s of valid) baselineScore.add(s.gold, baseline(s));

const row = (name: string, score: EntityScore, types: number[]): string => {
  const { precision, recall, f1, gold } = score.prf(types);
  const pct = (x: number): string => (100 * x).toFixed(2).padStart(7);
  return `${name.padEnd(14)}${pct(precision)}${pct(recall)}${pct(f1)}${String(gold).padStart(7)}`;
};
const groups: [string, number[]][] = [
  ...CONLL_TYPES.map((t, i): [string, number[]] => [t, [i]]),
  ["PER+ORG+LOC", [0, 1, 2]],
  ["all four", [0, 1, 2, 3]],
];
for (const [title, score] of [["model", modelScore], ["baseline: most frequent label per word", baselineScore]] as const) {
  console.log(`\n${title}\n${"".padEnd(14)}${"P".padStart(7)}${"R".padStart(7)}${"F1".padStart(7)}${"gold".padStart(7)}`);
  for (const [name, types] of groups) console.log(row(name, score, types));
}
console.log(`\nmodel load ${loadMs.toFixed(0)} ms; tagging ${tokens} tokens in ${(tagMicros / 1000).toFixed(0)} ms CPU = ${Math.round(tokens / (tagMicros / 1e6))} tokens/s`);

/** Tags each token with the label it most often had in train (O when unseen); spans mapped to CoNLL words. */
function mostFrequentLabelTagger(sentences: readonly ConllSentence[]): (s: ConllSentence) => LabelSpan[] {
  const counts = new Map<string, Uint32Array>();
  for (const s of sentences) {
    s.tokens.forEach((t, i) => {
      let c = counts.get(t.text);
      if (!c) counts.set(t.text, (c = new Uint32Array(NUM_LABELS)));
      c[s.labels[i]]++;
    });
  }
  const best = new Map<string, number>();
  for (const [word, c] of counts) best.set(word, c.indexOf(Math.max(...c)));
  return (s) => {
    const labels = s.tokens.map((t) => best.get(t.text) ?? OUTSIDE);
    return spansFromLabels(labels).map((span) => ({
      type: span.type,
      start: wordIndexAt(s.wordStarts, s.tokens[span.start].start),
      end: wordIndexAt(s.wordStarts, s.tokens[span.end - 1].end - 1) + 1,
    }));
  };
}
