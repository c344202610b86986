import { Command, InvalidArgumentError } from "commander";
import { createAnalyzer } from "../corpus/pool.js";
import { DEFAULT_DB, SqliteStore } from "../store/sqlite.js";

export function serveCommand(): Command {
  return new Command("serve")
    .description("serve the workbench (web UI and JSON API, documented at /api/openapi.json) over a corpus database")
    .option("-p, --port <port>", "port to listen on (0 picks a free one)", parsePort, 8080)
    .option("--host <host>", "address to listen on; 0.0.0.0 exposes the workbench to the network", "127.0.0.1")
    .option("--db <file>", "corpus database (created when missing; `newsprism ingest` may write to it meanwhile)", DEFAULT_DB)
    .option("--threads <n>", "analysis worker threads for POSTed articles (0 analyzes in the server's thread)", parseThreads, 1)
    .option("--quiet", "do not log requests")
    .action(async (opts: { port: number; host: string; db: string; threads: number; quiet?: boolean }) => {
      const store = SqliteStore.open(opts.db);
      const analyzer = createAnalyzer(opts.threads);
      // fastify is loaded only by the command that serves (it costs other commands ~0.3 s at start).
      const { buildServer } = await import("../server/app.js");
      const app = await buildServer({ analyzer, store, logger: !opts.quiet });
      const close = async () => {
        await app.close();
        await analyzer.close();
        await store.close();
      };
      process.once("SIGINT", close);
      process.once("SIGTERM", close);
      const address = await app.listen({ port: opts.port, host: opts.host });
      // The address line is what scripts (and the browser tests) read to find a port picked by 0.
      process.stdout.write(`newsprism workbench on ${address} (database ${opts.db})\n`);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError("a port is a number from 0 to 65535");
  return port;
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError("threads is a number from 0 to 64");
  return n;
}
