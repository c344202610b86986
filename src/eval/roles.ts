/**
 * `node dist/eval/roles.js [--folds K] [--data DIR]`: k-fold cross-validation (folds by article,
 * fixed seed) of the entity-role classifier on SemEval-2025 Task 10 subtask 1, beside the
 * majority baseline (most frequent fine-role set of the training folds) and the target.
 */
import { parseArgs } from "node:util";
import { evaluateRolesCV } from "../classify/roles/train.js";
import { defaultDataDir } from "../ml/paths.js";

const { values } = parseArgs({ options: { folds: { type: "string", default: "5" }, data: { type: "string" } } });
const started = performance.now();
const r = evaluateRolesCV({ dataDir: values.data ?? defaultDataDir(), folds: Number(values.folds) });
const f = (x: number) => x.toFixed(3).padStart(10);
process.stdout.write(
  [
    `${r.folds}-fold CV by article (seed fixed): ${r.mentions} mentions in ${r.articles} articles, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    `${"metric".padEnd(20)}${"ours".padStart(10)}${"majority".padStart(10)}${"target".padStart(10)}`,
    `${"exact match (fine)".padEnd(20)}${f(r.exactMatch)}${f(r.baselineExactMatch)}${f(r.target)}`,
    `${"main-role accuracy".padEnd(20)}${f(r.mainAccuracy)}${f(r.baselineMainAccuracy)}${"".padStart(10)}`,
  ].join("\n") + "\n",
);
