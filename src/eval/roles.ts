/**
 * `node dist/eval/roles.js [--folds K] [--data DIR]`: k-fold cross-validation (folds by article,
 * fixed seed) of the entity-role classifier on SemEval-2025 Task 10 subtask 1, beside the
 * majority baseline (most frequent fine-role set of the training folds) and the target; then
 * the framed-actor gate that `analyze` puts before roles (which actors get one), on the same
 * folds, beside simple baselines.
 */
import { scriptArgs, wholeNumberArg } from "../cli/script-args.js";
import { evaluateGateCV, evaluateRolesCV } from "../classify/roles/train.js";
import { defaultDataDir } from "../ml/paths.js";

const { values } = scriptArgs({ options: { folds: { type: "string", default: "5" }, data: { type: "string" } } });
const folds = wholeNumberArg(values.folds, "--folds", 2);
const started = performance.now();
const r = evaluateRolesCV({ dataDir: values.data ?? defaultDataDir(), folds });
const f = (x: number) => x.toFixed(3).padStart(10);
process.stdout.write(
  [
    `${r.folds}-fold CV by article (seed fixed): ${r.mentions} mentions in ${r.articles} articles, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    `${"metric".padEnd(20)}${"ours".padStart(10)}${"majority".padStart(10)}${"target".padStart(10)}`,
    `${"exact match (fine)".padEnd(20)}${f(r.exactMatch)}${f(r.baselineExactMatch)}${f(r.target)}`,
    `${"main-role accuracy".padEnd(20)}${f(r.mainAccuracy)}${f(r.baselineMainAccuracy)}${"".padStart(10)}`,
  ].join("\n") + "\n",
);

const gateStarted = performance.now();
const g = evaluateGateCV({ dataDir: values.data ?? defaultDataDir(), folds });
const p = (x: number) => x.toFixed(3).padStart(10);
const f05 = ({ precision: pr, recall: re }: { precision: number; recall: number }) => (pr + re ? (1.25 * pr * re) / (0.25 * pr + re) : 0);
process.stdout.write(
  [
    "",
    `framed-actor gate, ${g.folds}-fold CV by article (same folds): ${g.actors} candidate actors in ${g.articles} articles, ${g.marked} with an annotated mention, ${((performance.now() - gateStarted) / 1000).toFixed(0)} s`,
    `(annotated mentions on a candidate actor: ${g.covered} of ${g.annotated}; unmarked actors count as not framed, so precision is a lower bound)`,
    `${"rule".padEnd(24)}${"selected".padStart(10)}${"precision".padStart(10)}${"recall".padStart(10)}${"F1".padStart(10)}${"F0.5".padStart(10)}`,
    ...g.rows.map((r) => `${r.name.padEnd(24)}${String(r.scores.selected).padStart(10)}${p(r.scores.precision)}${p(r.scores.recall)}${p(r.scores.f1)}${p(f05(r.scores))}`),
    `operating point: the threshold with the best out-of-fold F0.5 (precision weighted over recall): ${g.threshold.toFixed(2)}`,
  ].join("\n") + "\n",
);
