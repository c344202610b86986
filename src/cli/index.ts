import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { analyzeCommand } from "./analyze.js";
import { ingestCommand } from "./ingest.js";
import { forecastsCommand, outletsCommand, searchCommand, storiesCommand } from "./search.js";
import { semevalCommand } from "./semeval.js";
import { trainCommand } from "./train.js";
import { serveCommand } from "./serve.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

export function buildProgram(): Command {
  const program = new Command("newsprism")
    .description("Shows, with evidence, what news articles do: quotes and speakers, actors, sources, figures.")
    .version(version)
    .showSuggestionAfterError()
    .exitOverride();
  program.addCommand(analyzeCommand());
  program.addCommand(ingestCommand());
  program.addCommand(searchCommand());
  program.addCommand(storiesCommand());
  program.addCommand(outletsCommand());
  program.addCommand(forecastsCommand());
  program.addCommand(semevalCommand());
  program.addCommand(trainCommand());
  program.addCommand(serveCommand());
  return program;
}

/** Runs the CLI; every failure is one line on stderr and a non-zero exit, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.commands.forEach((c) => c.exitOverride());
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its one-line message (or help/version).
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`newsprism: ${(err as Error).message?.split("\n")[0] ?? String(err)}\n`);
    if (process.env.NEWSPRISM_DEBUG) console.error(err);
    process.exitCode = 1;
  }
}
