import { readFileSync } from "node:fs";
import { modelPath } from "../../ml/paths.js";
import type { EntitySpan, Token } from "../types.js";
import type { WordIds } from "../words.js";
import { SentenceFeatures } from "./features.js";
import { ENTITY_TYPES, spansFromLabels } from "./labels.js";
import { DecodeScratch, decodeGreedy, decodeModel, type DecodedModel } from "./model.js";

/** A loaded tagger. Holds scratch buffers, so one model serves one synchronous caller at a time. */
export interface NerModel {
  readonly decoded: DecodedModel;
  readonly sentence: SentenceFeatures;
  readonly scratch: DecodeScratch;
}

const cache = new Map<string, NerModel>();
let defaultPath: string | undefined;

/** The tagger of a model file; without a path, the one modelPath names, looked up once. */
export function loadNerModel(path: string = (defaultPath ??= modelPath("ner.json.gz"))): NerModel {
  let model = cache.get(path);
  if (!model) {
    model = { decoded: decodeModel(readFileSync(path)), sentence: new SentenceFeatures(), scratch: new DecodeScratch() };
    cache.set(path, model);
  }
  return model;
}

/** Possessive endings a tokenizer may leave on a name ("Russia’s"); entity text stops before them. */
const POSSESSIVE = /['’]s$/i;

export function tagEntities(
  model: NerModel,
  text: string,
  tokens: readonly Token[],
  words: WordIds,
  sentences: readonly { tokenStart: number; tokenEnd: number }[],
): EntitySpan[] {
  const { decoded, sentence, scratch } = model;
  const entities: EntitySpan[] = [];
  for (const { tokenStart, tokenEnd } of sentences) {
    if (tokenEnd <= tokenStart) continue;
    const n = tokenEnd - tokenStart;
    const texts = new Array<string>(n);
    const tags = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      texts[i] = tokens[tokenStart + i].text;
      tags[i] = tokens[tokenStart + i].pos;
    }
    sentence.load(texts, { generation: words.generation, ids: words.ids.subarray(tokenStart, tokenEnd) }, tags, decoded.context);
    const labels = decodeGreedy(sentence, decoded.table, scratch);
    for (const span of spansFromLabels(labels, sentence.n)) {
      const first = tokens[tokenStart + span.start];
      const last = tokens[tokenStart + span.end - 1];
      let end = last.end;
      if (POSSESSIVE.test(last.text) && last.text.length > 2) end -= 2;
      entities.push({
        start: first.start,
        end,
        type: ENTITY_TYPES[span.type],
        text: text.slice(first.start, end),
        tokenStart: tokenStart + span.start,
        tokenEnd: tokenStart + span.end,
      });
    }
  }
  return entities;
}
