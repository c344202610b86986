/**
 * `npm run eval [-- --task NAME] [--folds K] [--seed N] [--data DIR]`: k-fold cross-validation
 * (fixed seed, folds by article) of every learned analysis on the training sets, each official
 * metric beside the majority baseline on the same folds and the project's target. `--seed` draws
 * other folds: how much a figure owes to one draw.
 */
import { scriptArgs, wholeNumberArg } from "../cli/script-args.js";
import { defaultDataDir } from "../ml/paths.js";
import { evaluateRolesCV } from "../classify/roles/train.js";
import { crossValidate } from "../semeval/crossval.js";
import { TASK_SPECS, TASKS, type TaskName } from "../semeval/tasks.js";

const { values } = scriptArgs({ options: { task: { type: "string", multiple: true }, folds: { type: "string", default: "5" }, seed: { type: "string" }, data: { type: "string" } } });
const dataDir = values.data ?? defaultDataDir();
const folds = wholeNumberArg(values.folds, "--folds", 2);
const seed = values.seed === undefined ? undefined : wholeNumberArg(values.seed, "--seed");
const tasks = (values.task ?? [...TASKS]) as TaskName[];

const num = (x: number, width: number) => x.toFixed(3).padStart(width);
// The baseline may lack a metric of ours: a per-genre F1 of a genre only our model predicted.
const row = (task: string, metric: string, ours: number, baseline: number | undefined, target: number | undefined, secs: string) =>
  `${task.padEnd(10)}${metric.padEnd(18)}${num(ours, 8)}${baseline === undefined ? "".padStart(10) : num(baseline, 10)}${target ? num(target, 8) : "".padStart(8)}${secs.padStart(6)}`;
const rows: string[] = [`${"task".padEnd(10)}${"metric".padEnd(18)}${"ours".padStart(8)}${"majority".padStart(10)}${"target".padStart(8)}${"secs".padStart(6)}`];
for (const name of tasks) {
  const started = performance.now();
  const secs = () => ((performance.now() - started) / 1000).toFixed(0);
  if (name === "2025-st1") {
    const r = evaluateRolesCV({ dataDir, folds, seed });
    rows.push(row(name, "exactMatchRatio", r.exactMatch, r.baselineExactMatch, r.target, secs()));
    rows.push(row(name, "mainRoleAccuracy", r.mainAccuracy, r.baselineMainAccuracy, undefined, ""));
  } else {
    const task = TASK_SPECS[name]!;
    const r = crossValidate(task, dataDir, { folds, seed });
    const metrics = Object.keys(task.targets).concat(Object.keys(r.ours).filter((m) => !(m in task.targets)));
    metrics.forEach((m, i) => rows.push(row(name, m, r.ours[m], r.baseline[m], task.targets[m], i === 0 ? secs() : "")));
  }
  process.stderr.write(`${rows.at(-1)}\n`);
}
process.stdout.write(`${folds}-fold cross-validation, folds by article (${seed === undefined ? "seed fixed" : `seed ${seed}`})\n${rows.join("\n")}\n`);
