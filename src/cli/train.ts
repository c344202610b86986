import { Command, Option } from "commander";
import { defaultDataDir } from "../ml/paths.js";
import { TASKS, type TaskName } from "../semeval/tasks.js";
import { trainTask } from "../train/tasks.js";
import { clearModelCache } from "../classify/models.js";

export function trainCommand(): Command {
  return new Command("train")
    .description("retrain a model on shared-task data (the task's own folder layout and label files)")
    .addOption(new Option("--task <task>", "shared task").choices(TASKS as unknown as string[]).makeOptionMandatory())
    .option("--data <dir>", "task folder, or the data root holding it", defaultDataDir())
    .option("--out <file>", "where to write the model (default: $NEWSPRISM_MODELS/<model file> when set, which analyze then reads instead of the shipped one; else over the shipped model)")
    .action(async (opts: { task: TaskName; data: string; out?: string }) => {
      await trainTask(opts.task, opts.data, { outPath: opts.out, log: (l) => process.stderr.write(`${l}\n`) });
      clearModelCache();
    });
}
