import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalyzer } from "../corpus/pool.js";
import { SqliteStore } from "../store/sqlite.js";
import { buildServer } from "./app.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SEMEVAL = join(ROOT, "../shared/data/semeval2023-t3-en-train/articles");
const SEEDS = join(ROOT, "../shared/seeds");

/**
 * `newsprism ingest` (another process, as a user runs it) writes to the database the server is
 * serving and writing to: neither waits for the other to finish, and no request fails.
 */
describe("ingest and serve on one database", () => {
  let dir: string;
  let store: SqliteStore;
  const analyzer = createAnalyzer(0);

  beforeAll(() => {
    expect(existsSync(join(ROOT, "dist/cli/index.js")), "run `npm run build` first: the ingest runs the built CLI").toBe(true);
    dir = mkdtempSync(join(tmpdir(), "newsprism-concurrent-"));
    // A handful of articles keeps the test short while the ingest still overlaps the requests.
    mkdirSync(join(dir, "inputs"));
    for (const f of readdirSync(SEMEVAL).sort().slice(0, 8)) copyFileSync(join(SEMEVAL, f), join(dir, "inputs", f));
    store = SqliteStore.open(join(dir, "corpus.db"));
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves reads and stores POSTed articles while an ingest runs", async () => {
    const app = await buildServer({ analyzer, store });
    const child = spawn(process.execPath, [join(ROOT, "bin/newsprism.js"), "ingest", "--db", join(dir, "corpus.db"), "--threads", "1", join(dir, "inputs")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));

    const statuses: number[] = [];
    let done = false;
    void exited.then(() => (done = true));
    // Write from the server too, while the ingest writes.
    for (const seed of readdirSync(SEEDS).filter((f) => f.endsWith(".txt"))) {
      const res = await app.inject({ method: "POST", url: "/api/articles", headers: { "content-type": "text/plain" }, payload: readFileSync(join(SEEDS, seed)) });
      statuses.push(res.statusCode);
    }
    while (!done) {
      for (const url of ["/api/articles", "/api/stats", "/api/stories", "/api/search?q=Ukraine", "/api/outlets"]) statuses.push((await app.inject(url)).statusCode);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await exited, stderr).toBe(0);
    const seeds = readdirSync(SEEDS).filter((f) => f.endsWith(".txt")).length;
    expect(statuses.length, "no read overlapped the ingest").toBeGreaterThan(seeds);
    expect(statuses.filter((s) => s !== 200 && s !== 201)).toEqual([]);
    const stats = (await app.inject("/api/stats")).json() as { articles: number };
    expect(stats.articles).toBe(8 + seeds);
    await app.close();
  });
});
