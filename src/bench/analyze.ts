/**
 * `npm run bench`: throughput of the full `analyze` pipeline in words/s, beside wink-nlp's own
 * tokenization of the same texts in the same run (`readDoc` with its default pipeline, then the
 * tokens), on the training articles (real news text).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../analyze.js";
import { Progress } from "../cli/progress.js";
import { defaultDataDir } from "../ml/paths.js";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

const TARGET_RATIO = 0.45;
const MAX_LEARNED_SHARE = 0.3;
/** Articles timed together on one side before the next side runs them (see main). */
const BLOCK = 32;

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
  // Rounds interleaved in blocks of BLOCK articles: each block runs on all three sides in turn (the
  // order rotating), so a slow spell of a shared machine hits the sides alike and the ratios hold
  // still (timing each side's whole pass apart, one round read +24% and the next +104%). Blocks,
  // not single articles: a side that ran just before leaves the caches full of its own data, and
  // article by article that slowed the core stages by the learned ones' memory, which is the
  // learned analyses' cost. Throughput: the least time of each side over the rounds; ratios: the
  // median of the rounds' own.
  const rounds = 7;
  // The sides, in the order of the totals below: wink-nlp, the core stages, all analyses.
  const runs: ((text: string) => void)[] = [
    (t) => void defaultNlp.readDoc(t).tokens().out(its.value),
    (t) => void analyze(t, { validate: false, learned: false }),
    (t) => void analyze(t, { validate: false }),
  ];
  const wink: number[] = [];
  const core: number[] = [];
  const all: number[] = [];
  let peakRss = process.memoryUsage().rss;
  // About two minutes: a bar on a TTY, a count line now and then otherwise (on stderr, between timings).
  const progress = new Progress("articles timed", process.stderr, rounds * runs.length * texts.length);
  for (let r = 0; r < rounds; r++) {
    const totals = [0, 0, 0];
    for (let from = 0, b = 0; from < texts.length; from += BLOCK, b++) {
      const block = texts.slice(from, from + BLOCK);
      for (let k = 0; k < runs.length; k++) {
        const side = (b + r + k) % runs.length;
        totals[side] += time(() => block.forEach(runs[side]));
        block.forEach(() => progress.tick(true));
      }
    }
    wink.push(totals[0]);
    core.push(totals[1]);
    all.push(totals[2]);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  progress.finish();
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
