import { Command, Option } from "commander";
import { existsSync, writeFileSync } from "node:fs";
import { loadRolesModel, predictMentionRoles } from "../classify/roles/index.js";
import { modelPath } from "../ml/paths.js";
import { formatMentions, readJustifications, readMentions, type MentionRow } from "../semeval/data.js";
import { scoreMentionRoles, type Scores } from "../semeval/score.js";
import { loadItems, TASK_SPECS, TASKS, withCueTechniques, type Item, type TaskName } from "../semeval/tasks.js";

const taskOption = () => new Option("--task <task>", "shared task").choices(TASKS as unknown as string[]).makeOptionMandatory();

/** Rows of a given-input file by article, in the order of `items`; an id that names no article is an error. */
function givenRows<T extends { id: string }>(items: readonly Item[], rows: readonly T[]): T[][] {
  const ids = new Set(items.map((i) => i.id));
  const unknown = rows.find((r) => !ids.has(r.id));
  if (unknown) throw new Error(`no article ${unknown.id} in the input folder`);
  return items.map((item) => rows.filter((r) => r.id === item.id));
}

/** 2025-st1: the roles of the given mentions (inclusive ends in the file, half-open spans inside). */
function predictRoles(items: readonly Item[], mentions: readonly MentionRow[], model: string | undefined): MentionRow[] {
  const roles = loadRolesModel(model ?? modelPath("roles.json.gz"));
  if (!roles) throw new Error("no roles model: run `newsprism train --task 2025-st1` first");
  const byId = new Map(items.map((i) => [i.id, i]));
  return mentions.map((m) => {
    const item = byId.get(m.id);
    if (!item) throw new Error(`mention of ${m.id}: no such article in the input folder`);
    if (m.end >= item.text.length) throw new Error(`mention ${m.entity} of ${m.id}: end offset ${m.end} is past the article's ${item.text.length} characters`);
    const [role] = predictMentionRoles(item.doc, [{ start: m.start, end: m.end + 1 }], roles);
    return { id: m.id, entity: m.entity, start: m.start, end: m.end, main: role.main, fine: role.fine };
  });
}

function printScores(scores: Scores): void {
  for (const [metric, value] of Object.entries(scores)) process.stdout.write(`${metric}\t${value.toFixed(4)}\n`);
}

export function semevalCommand(): Command {
  const command = new Command("semeval").description("SemEval shared tasks: predict in the official submission format, and score");
  command
    .command("predict")
    .exitOverride()
    .description("predict a shared-task folder of articles into the task's submission format")
    .addOption(taskOption())
    .requiredOption("--input <dir>", "folder of articles (or the task folder holding raw-documents/ or articles/)")
    .option("--mentions <file>", "2025-st1: entity mentions, file<TAB>entity<TAB>start<TAB>end")
    .option("--narratives <file>", "2025-st3: the dominant narrative to explain, file<TAB>narrative<TAB>subnarrative (else ours)")
    .option("--cue-techniques", "2023-st3: add the techniques the model never learned, found by cue phrases (for data that labels them)")
    .option("--model <file>", "a model other than the shipped one")
    .requiredOption("--out <file>", "where to write the predictions")
    .action((opts: { task: TaskName; input: string; mentions?: string; narratives?: string; cueTechniques?: boolean; model?: string; out: string }) => {
      if (opts.task === "2025-st1") {
        if (!opts.mentions) throw new Error("2025-st1 needs --mentions FILE");
        const items = loadItems(opts.input, 2025);
        writeFileSync(opts.out, formatMentions(predictRoles(items, readMentions(opts.mentions), opts.model)));
        return;
      }
      const task = TASK_SPECS[opts.task]!;
      const path = opts.model ?? modelPath(task.modelFile);
      if (!existsSync(path)) throw new Error(`no model at ${path}: run \`newsprism train --task ${opts.task}\` first`);
      const items = loadItems(opts.input, task.year);
      if (!items.length) throw new Error(`no .txt articles in ${opts.input}`);
      if (opts.narratives && opts.task !== "2025-st3") throw new Error("--narratives is an input of 2025-st3 only");
      if (opts.cueTechniques && opts.task !== "2023-st3") throw new Error("--cue-techniques applies to 2023-st3 only");
      const given = opts.narratives ? givenRows(items, readJustifications(opts.narratives)) : undefined;
      const model = task.load(path);
      const rows = task.predict(model, items, given);
      writeFileSync(opts.out, task.format(opts.cueTechniques ? withCueTechniques(model, items, rows) : rows));
    });
  command
    .command("score")
    .exitOverride()
    .description("score predictions against gold annotations with the task's official metric")
    .addOption(taskOption())
    .requiredOption("--gold <file>", "gold annotation file")
    .requiredOption("--pred <file>", "predictions in the same format")
    .action((opts: { task: TaskName; gold: string; pred: string }) => {
      for (const f of [opts.gold, opts.pred]) if (!existsSync(f)) throw new Error(`no such file: ${f}`);
      if (opts.task === "2025-st1") return printScores(scoreMentionRoles(readMentions(opts.gold), readMentions(opts.pred)));
      const task = TASK_SPECS[opts.task]!;
      printScores(task.score(task.parse(opts.gold), task.parse(opts.pred)));
    });
  return command;
}
