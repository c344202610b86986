import { Command, Option } from "commander";
import { analyze } from "../analyze.js";
import { readInputs } from "../io/inputs.js";
import { AnalysisWriter, FORMATS, type Format } from "./output.js";
import { Progress } from "./progress.js";

export function analyzeCommand(): Command {
  return new Command("analyze")
    .description("analyze articles: .txt, .html, .jsonl files, directories (recursive) or - for stdin")
    .argument("<inputs...>", "files, directories, docs.jsonl, or - for stdin")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS as string[]).default("text"))
    .option("-o, --out <file>", "write the output to a file instead of stdout")
    .option("--encoding <name>", "text encoding of the input files", "utf-8")
    .option("--no-learned", "skip the learned analyses (roles, narratives, techniques, genre, frames): faster")
    .action(async (inputs: string[], opts: { format: Format; out?: string; encoding: string; learned: boolean }) => {
      const writer = new AnalysisWriter(opts.format, opts.out);
      const progress = new Progress("analyzed");
      const failures: string[] = [];
      const skipped: string[] = [];
      for await (const item of readInputs(inputs, { encoding: opts.encoding, onSkip: (p) => skipped.push(p) })) {
        if ("error" in item) {
          failures.push(item.error);
          progress.tick(false);
          continue;
        }
        try {
          await writer.write(analyze(item.doc, { learned: opts.learned }));
          progress.tick(true);
        } catch (err) {
          failures.push(`${item.label}: analysis failed: ${(err as Error).message.split("\n")[0]}`);
          progress.tick(false);
        }
      }
      await writer.close();
      if (progress.count > 1 || failures.length) progress.finish();
      if (skipped.length) process.stderr.write(`skipped ${skipped.length} file(s) that are not articles by extension: ${skipped.slice(0, 5).join(", ")}${skipped.length > 5 ? ", …" : ""}\n`);
      if (failures.length) {
        process.stderr.write(`${failures.length} input(s) failed:\n${failures.map((f) => `  ${f}`).join("\n")}\n`);
        process.exitCode = 1;
      }
    });
}
