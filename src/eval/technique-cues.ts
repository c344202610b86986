/**
 * `npm run eval:cues [-- --data DIR]`: what can be measured of the cue-phrase techniques
 * (technique-cues.ts) on SemEval-2023 Task 3 English, whose annotators had none of the four
 * labels to give. No precision can be computed, only a proxy: how often a paragraph the cues flag
 * holds some gold technique (persuasive text), beside the share of all paragraphs that do, and
 * which gold techniques the annotators gave it instead. The rules were written from the
 * techniques' definitions, not tuned on this.
 */
import { scriptArgs } from "../cli/script-args.js";
import { defaultDataDir } from "../ml/paths.js";
import { cueTechniqueLines, loadItems, taskDir, techniquesTask } from "../semeval/tasks.js";

const { values } = scriptArgs({ options: { data: { type: "string" } } });
const dir = taskDir(values.data ?? defaultDataDir(), 2023);
const items = loadItems(dir, 2023);
const gold = new Map(techniquesTask.gold(dir, items).flat().map((row) => [`${row.id}\t${row.line}`, row.techniques]));
const paragraphs = gold.size;
const persuasive = [...gold.values()].filter((techniques) => techniques.length).length;

const flagged = new Map<string, { paragraphs: number; persuasive: number; given: Map<string, number> }>();
for (const row of cueTechniqueLines(items, new Set())) {
  const labels = gold.get(`${row.id}\t${row.line}`);
  if (!labels) continue;
  for (const technique of row.techniques) {
    const entry = flagged.get(technique) ?? { paragraphs: 0, persuasive: 0, given: new Map() };
    entry.paragraphs++;
    if (labels.length) entry.persuasive++;
    for (const l of labels) entry.given.set(l, (entry.given.get(l) ?? 0) + 1);
    flagged.set(technique, entry);
  }
}

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`.padStart(7);
const lines = [
  `cue-phrase techniques on ${items.length} SemEval-2023 articles (${paragraphs} labelled paragraphs; ${pct(persuasive, paragraphs).trim()} hold some gold technique)`,
  `${"technique".padEnd(34)}${"flagged".padStart(8)}${"with gold technique".padStart(21)}  gold techniques given instead`,
];
for (const [technique, e] of [...flagged].sort((a, b) => b[1].paragraphs - a[1].paragraphs)) {
  const given = [...e.given].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3).map(([l, n]) => `${l} ${n}`);
  lines.push(`${technique.padEnd(34)}${String(e.paragraphs).padStart(8)}${pct(e.persuasive, e.paragraphs).padStart(21)}  ${given.join(", ")}`);
}
process.stdout.write(`${lines.join("\n")}\n`);
