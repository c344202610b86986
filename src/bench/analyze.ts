/**
 * `npm run bench`: throughput of the full `analyze` pipeline in words/s, beside wink-nlp's own
 * tokenization of the same texts in the same run (`readDoc` with its default pipeline, then the
 * tokens), on the training articles (real news text).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../analyze.js";
import { defaultDataDir } from "../ml/paths.js";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

const TARGET_RATIO = 0.45;
const MAX_LEARNED_SHARE = 0.3;

/** wink-nlp as most callers use it (default pipeline): the point of comparison. */
const defaultNlp = winkNLP(model);
const its = defaultNlp.its;

function loadCorpus(dataDir: string): string[] {
  const dirs = [join(dataDir, "semeval2023-t3-en-train", "articles"), join(dataDir, "semeval2025-t10-en-train", "raw-documents")];
  return dirs.flatMap((d) => readdirSync(d).sort().map((f) => readFileSync(join(d, f), "utf8")));
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(run: () => void): number {
  const t0 = performance.now();
  run();
  return (performance.now() - t0) / 1000;
}

function main(): void {
  const texts = loadCorpus(process.argv[2] ?? defaultDataDir());
  const words = texts.reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);
  // Warm up both sides (model loading, JIT) before timing.
  for (const t of texts.slice(0, 20)) {
    analyze(t, { validate: false });
    analyze(t, { validate: false, learned: false });
    defaultNlp.readDoc(t).tokens().out(its.value);
  }
  // Interleaved rounds. Throughput: the least time of each side (a shared machine's load only ever
  // slows a round down). Ratios: the median of each round's own, so a slow spell that hits one side
  // of the comparison in one round does not decide it.
  const rounds = 7;
  const wink: number[] = [];
  const core: number[] = [];
  const all: number[] = [];
  let peakRss = process.memoryUsage().rss;
  for (let r = 0; r < rounds; r++) {
    wink.push(time(() => texts.forEach((t) => defaultNlp.readDoc(t).tokens().out(its.value))));
    core.push(time(() => texts.forEach((t) => analyze(t, { validate: false, learned: false }))));
    all.push(time(() => texts.forEach((t) => analyze(t, { validate: false }))));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const [winkSecs, coreSecs, analyzeSecs] = [wink, core, all].map((secs) => Math.min(...secs));
  const winkRate = words / winkSecs;
  const coreRate = words / coreSecs;
  const analyzeRate = words / analyzeSecs;
  const ratios = wink.map((w, r) => w / core[r]);
  const shares = all.map((a, r) => a / core[r] - 1);
  const ratio = median(ratios);
  const learnedShare = median(shares);
  console.log(`corpus: ${texts.length} articles, ${words.toLocaleString("en-US")} words (whitespace-separated)`);
  console.log(`wink-nlp readDoc+tokens: ${Math.round(winkRate).toLocaleString("en-US").padStart(9)} words/s`);
  const rate = (r: number, secs: number) => `${Math.round(r).toLocaleString("en-US").padStart(9)} words/s  (${((secs * 1000) / texts.length).toFixed(1)} ms/article)`;
  console.log(`analyze, core stages  : ${rate(coreRate, coreSecs)}`);
  console.log(`analyze, all analyses : ${rate(analyzeRate, analyzeSecs)}`);
  const spread = (xs: number[], f: (x: number) => string) => `median of ${rounds} rounds; ${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
  const percent = (x: number) => `${Math.round(x * 100)}%`;
  console.log(`core ratio            : ${ratio.toFixed(2)}× wink-nlp (${spread(ratios, (x) => x.toFixed(2))}; target ≥ ${TARGET_RATIO}×)  ${ratio >= TARGET_RATIO ? "OK" : "BELOW TARGET"}`);
  console.log(`learned analyses add  : ${percent(learnedShare)} (${spread(shares, percent)}; target ≤ ${percent(MAX_LEARNED_SHARE)})  ${learnedShare <= MAX_LEARNED_SHARE ? "OK" : "ABOVE TARGET"}`);
  console.log(`peak RSS              : ${Math.round(peakRss / 1048576)} MB`);
}

main();
