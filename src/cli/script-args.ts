/**
 * Options of the evaluation and benchmark scripts (`npm run eval`, `bench:ingest`, …): node's
 * parseArgs, with a bad or unknown flag reported in one line and exit code 2, as the CLI does.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

export function scriptArgs<T extends Omit<ParseArgsConfig, "args" | "strict">>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

/** A flag's value that must be a whole number of at least `min`; anything else is a one-line usage error (exit 2). */
export function wholeNumberArg(value: string, flag: string, min = 0): number {
  const n = Number(value);
  if (/^-?\d+$/.test(value.trim()) && n >= min) return n;
  process.stderr.write(`error: ${flag} must be a whole number of at least ${min}, got "${value}"\n`);
  process.exit(2);
}
