import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

/**
 * One shared wink-nlp instance (loading the model costs ~100 ms). Only sentence boundaries and
 * POS are run: tokens, tags and sentences are identical to the default pipeline, and skipping
 * its negation, sentiment and entity passes halves the cost of reading a document.
 */
export const nlp = winkNLP(model, ["sbd", "pos"]);
export const its = nlp.its;
