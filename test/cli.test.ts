import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AnalysisSchema } from "../src/analysis/schema.js";

const ROOT = new URL("..", import.meta.url).pathname;
const BIN = join(ROOT, "bin", "newsprism.js");
const SEEDS = join(ROOT, "..", "shared", "seeds");
const SEED_003 = join(SEEDS, "003_d963496e65695f6c.txt");

/** Runs the built CLI (npm test builds first) the way a user does. */
function cli(args: string[], input?: string, env?: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", cwd: ROOT, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "newsprism-cli-"));
}

describe("newsprism analyze", () => {
  it("prints a readable report of a seed with its quotes and speakers", () => {
    const r = cli(["analyze", SEED_003]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("After Russian debacle in Ukraine");
    expect(r.stdout).toMatch(/QUOTES \(\d+\)/);
    for (const name of ["Mitch McConnell", "Marco Rubio", "Ben Hodges", "Olaf Scholz", "Narendra Modi", "Alexander Gabuev"]) expect(r.stdout).toContain(name);
  });

  it("emits schema-valid JSON whose id is the file name and whose spans match the text", () => {
    const r = cli(["analyze", SEED_003, "--format", "json"]);
    expect(r.code).toBe(0);
    const a = AnalysisSchema.parse(JSON.parse(r.stdout));
    expect(a.id).toBe("003_d963496e65695f6c");
    for (const q of a.quotes) expect(a.text.slice(q.start, q.end)).toBe(q.text);
    for (const e of a.entities) for (const m of e.mentions) expect(a.text.slice(m.start, m.end)).toBe(m.text);
    for (const f of a.figures) expect(a.text.slice(f.start, f.end)).toBe(f.text);
  });

  it("analyzes a directory as JSONL into --out, one line per article", () => {
    const out = join(tmp(), "out.jsonl");
    const r = cli(["analyze", SEEDS, "--format", "jsonl", "--out", out]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines.map((l) => AnalysisSchema.parse(JSON.parse(l)).id)).toEqual(["000_638606e8f34ca23d", "003_d963496e65695f6c"]);
  });

  it("reads JSONL from stdin", () => {
    const r = cli(["analyze", "-", "--format", "jsonl"], `${JSON.stringify({ id: "n1", title: "Mayor quits", text: "The mayor resigned on Monday, officials said." })}\n`);
    expect(r.code).toBe(0);
    const a = AnalysisSchema.parse(JSON.parse(r.stdout));
    expect(a.id).toBe("n1");
    expect(a.title?.text).toBe("Mayor quits");
  });

  it("finishes a batch with bad inputs, lists each failure on one line, exits 1", () => {
    const dir = tmp();
    writeFileSync(join(dir, "a-empty.txt"), "");
    writeFileSync(join(dir, "b-binary.txt"), Buffer.from([0, 1, 2, 3, 255, 254]));
    writeFileSync(join(dir, "c-good.txt"), "Mayor quits\n\n“I am done,” the mayor, Ann Lee, said on Monday.");
    writeFileSync(join(dir, "d-docs.jsonl"), `${JSON.stringify({ id: "ok", text: "A fine line." })}\n{broken\n`);
    const r = cli(["analyze", dir, "--format", "jsonl"]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l).id)).toEqual(["c-good", "ok"]);
    expect(r.stderr).toMatch(/3 input\(s\) failed/);
    expect(r.stderr).toMatch(/a-empty\.txt: empty/);
    expect(r.stderr).toMatch(/b-binary\.txt: binary data/);
    expect(r.stderr).toMatch(/d-docs\.jsonl:2: invalid JSON/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("rejects an unknown flag and a missing argument with a usage error (exit 2)", () => {
    const flag = cli(["analyze", SEED_003, "--frobnicate"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--frobnicate'/);
    expect(flag.stdout).toBe("");
    const bad = cli(["analyze", SEED_003, "--format", "xml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format/);
    expect(cli(["analyze"]).code).toBe(2);
    expect(cli(["frobnicate"]).code).toBe(2);
  });

  it("fails on a missing file with a one-line error naming it", () => {
    const r = cli(["analyze", "/nonexistent/article.txt"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/nonexistent\/article\.txt: no such file or directory/);
  });
  it("names a damaged model of the user's models folder and says how to mend it", () => {
    const models = tmp();
    const damaged = join(models, "genre.json.gz");
    writeFileSync(damaged, readFileSync(join(ROOT, "models", "genre.json.gz")).subarray(0, 2000));
    const r = cli(["analyze", SEED_003], undefined, { NEWSPRISM_MODELS: models });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`model ${damaged} cannot be read`);
    expect(r.stderr).toMatch(/retrain it or remove it/);
  });
});

describe("newsprism ingest and outlets", () => {
  it("names plain files' outlet from a sidecar file or, failing that, their folder, and re-ingesting with --outlet renames", () => {
    const dir = tmp();
    const seeds = join(dir, "collection", "seeds");
    mkdirSync(seeds, { recursive: true });
    writeFileSync(join(seeds, "003.txt"), readFileSync(SEED_003));
    writeFileSync(join(seeds, "000.txt"), readFileSync(join(SEEDS, "000_638606e8f34ca23d.txt")));
    writeFileSync(join(seeds, "newsprism-meta.jsonl"), `${JSON.stringify({ file: "000.txt", outlet: "Trends Journal", published: "2022-10-03" })}\n`);
    const db = join(dir, "corpus.db");
    const first = cli(["ingest", "--db", db, "--threads", "0", seeds]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/2 stored/);
    const outlets = cli(["outlets", "--db", db]);
    expect(outlets.stdout).toMatch(/^Trends Journal: 1 article/m);
    expect(outlets.stdout).toMatch(/^collection\/seeds \(folder\): 1 article/m);
    const again = cli(["ingest", "--db", db, "--threads", "0", "--outlet", "WSWS", join(seeds, "003.txt")]);
    expect(again.stderr).toMatch(/1 already stored \(1 with new outlet or date\)/);
    expect(cli(["search", "--db", db, "--outlet", "WSWS"]).stdout).toMatch(/^1–1 of 1 article\(s\)\n.* WSWS — /);
  }, 120_000);
});

describe("newsprism semeval on malformed task files", () => {
  it("names the file, the line and what it expected, in one line, and exits non-zero", () => {
    const dir = tmp();
    const docs = join(dir, "raw-documents");
    mkdirSync(docs);
    const article = "Title\n\nChina and Russia met in Beijing on Monday.";
    writeFileSync(join(docs, "EN_UA_1.txt"), article);
    const file = (name: string, body: string) => (writeFileSync(join(dir, name), body), join(dir, name));
    const cases: [string[], RegExp][] = [
      [["semeval", "predict", "--task", "2025-st1", "--input", dir, "--mentions", file("m1.txt", "just one field\n"), "--out", join(dir, "o.txt")], /m1\.txt:1: expected file<TAB>entity<TAB>start<TAB>end, got 1 field/],
      [["semeval", "predict", "--task", "2025-st1", "--input", dir, "--mentions", file("m2.txt", "EN_UA_1.txt\tChina\tseven\t11\n"), "--out", join(dir, "o.txt")], /m2\.txt:1: start must be a whole number/],
      [["semeval", "predict", "--task", "2025-st1", "--input", dir, "--mentions", file("m3.txt", "EN_UA_1.txt\tChina\t7\t9999\n"), "--out", join(dir, "o.txt")], /end offset 9999 is past the article's \d+ characters/],
      [["semeval", "score", "--task", "2023-st1", "--gold", file("g.txt", "123\n"), "--pred", file("p.txt", "123\topinion\n")], /g\.txt:1: expected ID<TAB>genre/],
      [["semeval", "score", "--task", "2023-st3", "--gold", file("t.txt", "123\tx\t\n"), "--pred", file("t2.txt", "123\t1\t\n")], /t\.txt:1: line must be a whole number, got "x"/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    // A well-formed mention of the same article goes through.
    const ok = cli(["semeval", "predict", "--task", "2025-st1", "--input", dir, "--mentions", file("m4.txt", "EN_UA_1.txt\tChina\t7\t11\n"), "--out", join(dir, "o.txt")]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(dir, "o.txt"), "utf8")).toMatch(/^EN_UA_1\.txt\tChina\t7\t11\t(Protagonist|Antagonist|Innocent)\t/);
  }, 60_000);
});

describe("newsprism train on a user's own annotations", () => {
  it("trains entity roles from a folder of any name into NEWSPRISM_MODELS, which analyze then reads; a bad line is named", () => {
    const corpus = join(ROOT, "..", "shared", "data", "semeval2025-t10-en-train");
    const lines = readFileSync(join(corpus, "subtask-1-annotations.txt"), "utf8").split("\n").filter(Boolean);
    const files = [...new Set(lines.map((l) => l.split("\t")[0]))].slice(0, 12);
    const dir = join(tmp(), "my-annotations");
    mkdirSync(join(dir, "raw-documents"), { recursive: true });
    for (const f of files) writeFileSync(join(dir, "raw-documents", f), readFileSync(join(corpus, "raw-documents", f)));
    writeFileSync(join(dir, "subtask-1-annotations.txt"), lines.filter((l) => files.includes(l.split("\t")[0])).join("\n") + "\n");
    const models = join(dir, "..", "models");
    const trained = cli(["train", "--task", "2025-st1", "--data", dir], undefined, { NEWSPRISM_MODELS: models });
    expect(trained.code, trained.stderr).toBe(0);
    expect(readFileSync(join(models, "roles.json.gz")).length).toBeGreaterThan(1000);
    expect(readFileSync(join(models, "role-gate.json.gz")).length).toBeGreaterThan(100);
    expect(cli(["analyze", SEED_003], undefined, { NEWSPRISM_MODELS: models }).stdout).toMatch(/\[(Protagonist|Antagonist|Innocent): /);
    writeFileSync(join(dir, "subtask-1-annotations.txt"), `${files[0]}\tChina\t7\tseven\tAntagonist\tSpy\n`);
    const bad = cli(["train", "--task", "2025-st1", "--data", dir], undefined, { NEWSPRISM_MODELS: models });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/subtask-1-annotations\.txt:1: end must be a whole number/);
  }, 120_000);
});

describe("newsprism semeval predict", () => {
  it("2025-st3 explains exactly the given dominant narratives, in the official format", () => {
    const data = join(ROOT, "..", "shared", "data", "semeval2025-t10-en-train");
    const dir = tmp();
    const given = readFileSync(join(data, "subtask-3-annotations.txt"), "utf8").split("\n").filter(Boolean).slice(0, 3);
    const input = join(dir, "given.txt");
    writeFileSync(input, given.map((l) => l.split("\t").slice(0, 3).join("\t")).join("\n") + "\n");
    const out = join(dir, "pred.txt");
    const r = cli(["semeval", "predict", "--task", "2025-st3", "--input", join(data, "raw-documents"), "--narratives", input, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(out, "utf8").split("\n").filter(Boolean).map((l) => l.split("\t"));
    expect(rows.map((c) => c.slice(0, 3).join("\t"))).toEqual(given.map((l) => l.split("\t").slice(0, 3).join("\t")).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const c of rows) expect(c[3].split(/\s+/).length).toBeLessThanOrEqual(80);
  }, 120_000);

  it("2023-st3 lists every paragraph line the task lists, a line holding only a byte-order mark included", () => {
    const data = join(ROOT, "..", "shared", "data", "semeval2023-t3-en-train");
    const dir = tmp();
    const articles = join(dir, "articles");
    mkdirSync(articles);
    // 718595845 has a line that is only U+FEFF; 729549972 a caption line the segmenter sets aside as boilerplate.
    const ids = ["718595845", "729549972", "111111111"];
    for (const id of ids) writeFileSync(join(articles, `article${id}.txt`), readFileSync(join(data, "articles", `article${id}.txt`)));
    const out = join(dir, "pred.txt");
    const r = cli(["semeval", "predict", "--task", "2023-st3", "--input", articles, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const keys = (text: string) => text.split("\n").filter(Boolean).map((l) => l.split("\t").slice(0, 2).join("\t"));
    const gold = keys(readFileSync(join(data, "train-labels-subtask-3.txt"), "utf8")).filter((k) => ids.includes(k.split("\t")[0]));
    expect(keys(readFileSync(out, "utf8")).sort()).toEqual(gold.sort());
    const bomLine = readFileSync(out, "utf8").split("\n").find((l) => l.startsWith("718595845\t16\t"));
    expect(bomLine).toBe("718595845\t16\t");
  }, 120_000);

  it("2023-st3 adds the techniques found by cue phrases only when asked, on the lines of their sentences", () => {
    const dir = tmp();
    const articles = join(dir, "articles");
    mkdirSync(articles);
    const seed = readFileSync(join(ROOT, "..", "shared", "seeds", "000_638606e8f34ca23d.txt"), "utf8");
    writeFileSync(join(articles, "article900000000.txt"), seed);
    const [plain, cued] = [join(dir, "plain.txt"), join(dir, "cued.txt")];
    expect(cli(["semeval", "predict", "--task", "2023-st3", "--input", articles, "--out", plain]).code).toBe(0);
    expect(cli(["semeval", "predict", "--task", "2023-st3", "--input", articles, "--out", cued, "--cue-techniques"]).code).toBe(0);
    const lines = (f: string) => readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => l.split("\t"));
    expect(lines(plain).some((c) => c[2].includes("Appeal_to_Values"))).toBe(false);
    const withValues = lines(cued).filter((c) => c[2].includes("Appeal_to_Values")).map((c) => seed.split("\n")[Number(c[1]) - 1]);
    expect(withValues.length).toBeGreaterThan(0);
    for (const line of withValues) expect(line).toMatch(/holy war|grandchildren|spiritual/);
    // The model's own techniques are kept on every line.
    lines(plain).forEach((c, i) => expect(lines(cued)[i][2].startsWith(c[2])).toBe(true));
    const wrongTask = cli(["semeval", "predict", "--task", "2023-st2", "--input", articles, "--out", cued, "--cue-techniques"]);
    expect(wrongTask.code).not.toBe(0);
    expect(wrongTask.stderr.trim().split("\n")).toHaveLength(1);
  }, 120_000);
});
