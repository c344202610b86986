import type { Segmented } from "../segment/index.js";
import type { Doc, SentenceTokens, Token } from "./types.js";
import { loadNerModel, tagEntities } from "./ner/index.js";
import { wordIds } from "./words.js";

export interface NlpOptions {
  /** Path to a NER model other than the shipped one. */
  nerModel?: string;
}

/** Flattens the segmenter's per-paragraph tokens into one token array and adds named entities. */
export function buildDoc(segmented: Segmented, options: NlpOptions = {}): Doc {
  const { tokens, words, sentenceTokens } = flattenTokens(segmented);
  const entities = tagEntities(loadNerModel(options.nerModel), segmented.article.text, tokens, words, sentenceTokens);
  return { article: segmented.article, tokens, words, sentenceTokens, entities };
}

/** The article's tokens in one array, each knowing its sentence and its word id, and each sentence its token range. */
export function flattenTokens(segmented: Segmented): Pick<Doc, "tokens" | "words" | "sentenceTokens"> {
  const tokens: Token[] = [];
  const sentenceTokens: SentenceTokens[] = [];
  for (const block of segmented.blocks) {
    for (const s of block.sentences) {
      const sentence = sentenceTokens.length;
      const tokenStart = tokens.length;
      // Explicit fields: object spread is several times slower on this hot path.
      for (let i = s.from; i < s.to; i++) {
        const t = block.tokens[i];
        tokens.push({ start: t.start, end: t.end, text: t.text, pos: t.pos, sentence });
      }
      sentenceTokens.push({ tokenStart, tokenEnd: tokens.length });
    }
  }
  return { tokens, words: wordIds(tokens), sentenceTokens };
}
