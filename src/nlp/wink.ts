import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

type Wink = ReturnType<typeof winkNLP>;

/**
 * wink-nlp remembers every word it has not seen in its model (≈ 3 MB per 650 articles), so a
 * long ingest or server would grow without bound: the instance is rebuilt after this many
 * documents (≈ 0.2 s each time, nothing per document).
 */
const DOCUMENTS_PER_INSTANCE = 5000;

let instance: Wink | undefined;
let documents = 0;

/**
 * The wink-nlp instance for the next document, made on first use: building it costs ~0.2–0.4 s,
 * which commands that never tokenize (search, serve's startup, --help) should not pay. Only
 * sentence boundaries and POS are run: tokens, tags and sentences are identical to the default
 * pipeline, and skipping its negation, sentiment and entity passes halves the cost of reading a
 * document.
 */
export function winkForDocument(): Wink {
  if (!instance || documents >= DOCUMENTS_PER_INSTANCE) {
    instance = winkNLP(model, ["sbd", "pos"]);
    documents = 0;
  }
  documents++;
  return instance;
}
