import { Command, InvalidArgumentError } from "commander";
import { availableParallelism } from "node:os";
import { ingest } from "../corpus/ingest.js";
import { normalizeDate } from "../corpus/metadata.js";
import { createAnalyzer } from "../corpus/pool.js";
import { countInputs, readInputs } from "../io/inputs.js";
import { DEFAULT_DB, SqliteStore } from "../store/sqlite.js";
import { Progress } from "./progress.js";

export function ingestCommand(): Command {
  return new Command("ingest")
    .description("analyze articles and store them in a corpus database (re-running resumes; stored content is skipped)")
    .argument("<inputs...>", "files, directories, docs.jsonl, RSS/Atom feed.xml, or - for stdin")
    .option("--db <file>", "corpus database (created when missing)", DEFAULT_DB)
    .option("--outlet <name>", "outlet of every article, instead of what the inputs say (also updates articles stored before)")
    .option("--published <date>", "publication date of every article (ISO 8601), instead of what the inputs say (also updates articles stored before)", parseDate)
    .option("--threads <n>", "analysis worker threads (0 analyzes in the main thread)", parseThreads, availableParallelism())
    .option("--encoding <name>", "text encoding of the input files", "utf-8")
    .action(async (inputs: string[], opts: { db: string; outlet?: string; published?: string; threads: number; encoding: string }) => {
      const store = SqliteStore.open(opts.db);
      const analyzer = createAnalyzer(opts.threads);
      const progress = new Progress("ingested", process.stderr);
      // The total only serves the bar, so only a terminal pays for counting.
      if (process.stderr.isTTY) {
        const total = await countInputs(inputs);
        if (total) progress.setTotal(total);
      }
      const stop = new AbortController();
      const onSigint = () => {
        if (stop.signal.aborted) process.exit(130); // second Ctrl-C: committed articles are safe in the database
        stop.abort();
        process.stderr.write("\nstopping: storing the articles being analyzed (Ctrl-C again to quit now)\n");
      };
      process.on("SIGINT", onSigint);
      const skipped: string[] = [];
      try {
        const summary = await ingest(readInputs(inputs, { encoding: opts.encoding, onSkip: (p) => skipped.push(p) }), {
          store,
          analyzer,
          overrides: { outlet: opts.outlet, published: opts.published },
          inFlight: Math.max(2, 3 * opts.threads),
          signal: stop.signal,
          onItem: (outcome) => progress.tick(outcome.status !== "failed"),
        });
        progress.finish();
        const stats = await store.stats();
        process.stderr.write(
          `${summary.stored} stored (${summary.nearDuplicates} near-duplicates), ${summary.existing} already stored${summary.updated ? ` (${summary.updated} with new outlet or date)` : ""}, ${summary.failed.length} failed; ` +
            `${opts.db} holds ${stats.articles} articles in ${stats.stories} stories\n`,
        );
        if (skipped.length) process.stderr.write(`skipped ${skipped.length} file(s) that are not articles by extension\n`);
        if (summary.failed.length) {
          process.stderr.write(`${summary.failed.slice(0, 20).map((f) => `  ${f}`).join("\n")}${summary.failed.length > 20 ? "\n  …" : ""}\n`);
          process.exitCode = 1;
        }
        if (summary.interrupted) {
          process.stderr.write("interrupted: run the same command again to resume\n");
          process.exitCode = 130;
        }
      } finally {
        process.off("SIGINT", onSigint);
        await analyzer.close();
        await store.close();
      }
    });
}

function parseDate(value: string): string {
  const date = normalizeDate(value);
  if (!date) throw new InvalidArgumentError("expected an ISO 8601 date such as 2022-09-27");
  return date;
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError("a number of threads from 0 to 64");
  return n;
}
