import { lazyModule } from "../lazy-module.js";

type WinkNLP = typeof import("wink-nlp").default;
type Wink = ReturnType<WinkNLP>;
const winkNLP = lazyModule<WinkNLP>("wink-nlp");
const model = lazyModule<typeof import("wink-eng-lite-web-model").default>("wink-eng-lite-web-model");

let instance: Wink | undefined;

/**
 * The shared wink-nlp instance, made on first use: building it costs ~0.4 s, which commands that
 * never tokenize (search, serve's startup, --help) should not pay. Only sentence boundaries and
 * POS are run: tokens, tags and sentences are identical to the default pipeline, and skipping
 * its negation, sentiment and entity passes halves the cost of reading a document.
 */
export function wink(): Wink {
  return (instance ??= winkNLP()(model(), ["sbd", "pos"]));
}
