/**
 * The token model of technique localization: which words of a paragraph carry a technique.
 * A token is described by its word and the words up to two either side, its part of speech,
 * shape, lexicon cues, recurrence and quotation (tokenFeatures, read from a table built once per
 * Doc). The model is trained on the tokens of paragraphs that have a technique
 * (fitTokenModel) and scores a paragraph's words for the few techniques decided there
 * (tokenLogits) through a layout of its weights made for that (TokenScorer).
 */
import type { Doc } from "../nlp/types.js";
import { addFeature, LinearModel, seededRandom, shuffleInPlace, sigmoid, Vocabulary, type FeatureBag } from "../ml/linear.js";
import { Classifier } from "../ml/classifier.js";
import { PerWord, PerWordInts } from "../nlp/words.js";
import { PerTag, tagNumbers } from "../nlp/tags.js";
import { allCapitals, distinctForms, lexiconBits, lexiconCategories, wordForm, QUOTE_MARKS, type KnownForm } from "./features.js";
import { OwnedCache } from "../owned-cache.js";

/** The tokens [tokenStart, tokenEnd) of a paragraph (or a line of a task file). */
export interface TokenRange {
  readonly tokenStart: number;
  readonly tokenEnd: number;
}

const CONTENT_POS = new Set(["NOUN", "PROPN", "VERB", "ADJ", "ADV"]);
/** Tags a word-level span does not start on, and does not end on (LocalizeOptions.edges). */
const NO_START = new Set(["ADP", "CCONJ", "SCONJ", "PART"]);
const NO_END = new Set(["ADP", "CCONJ", "SCONJ", "PART", "DET"]);
/** Pronouns that stand before a noun like a determiner ("my", "their"): a span does not end on them either. */
const POSSESSIVE_PRONOUNS = new Set(["my", "your", "his", "her", "its", "our", "their"]);

/** A token feature of a fixed name (part of speech, lexicon, shape…), and its number: its index in FIXED_FEATURES, how tokenFeatures lists it. */
interface Feature {
  readonly name: string;
  readonly code: number;
}

const FIXED_FEATURES: Feature[] = [];

function feature(name: string): Feature {
  const f: Feature = { name, code: FIXED_FEATURES.length };
  FIXED_FEATURES.push(f);
  return f;
}

/**
 * Features named by word forms: "<kind>:<form>" of the token's form and of the words up to two
 * either side, and "suf:<last three letters>" of longer words ("-ous", "-ist": a shape of
 * loaded words the vocabulary may lack). They are many and the model keeps few: they are named
 * for training only; scoring finds their rows by form id in the scorer (TokenScorer), looked up
 * once per distinct form of an article. The bigrams a word forms with its neighbours were
 * features too: without them `npm run eval:spans` reads the same or better on three fold seeds
 * (0.475/0.674 → 0.476/0.677, 0.476/0.673 → 0.477/0.676, 0.475/0.676 → 0.476/0.678). Without
 * the words two tokens away as well it read about the same, but seed 000's "elites are teaching
 * “sexual deviation”" lost its word span.
 */
const WORD_KINDS = ["w", "prev", "next", "prev2", "next2"] as const;
const [WORD, PREV, NEXT, PREV2, NEXT2] = [0, 1, 2, 3, 4];
const SUFFIX = WORD_KINDS.length;
const WORD_KIND_OF = new Map<string, number>(WORD_KINDS.map((k, i) => [k, i]));
/** The form of form id -1: beyond the unit's ends, or of a token without a form (punctuation). */
const EDGE = "_";

/** Forms longer than this read alike by their length (and fit the token table's bits). */
const LONGEST_LENGTH = 12;
const hasSuffix = (formLength: number) => formLength > 4;
const suffixOf = (form: string) => form.slice(-3);
const LENGTH_NAMES = ["len:0", "len:1", "len:2", "len:3"].map(feature);
const lengthOf = (formLength: number) => LENGTH_NAMES[Math.min(formLength, LONGEST_LENGTH) >> 2];

/**
 * A token model laid out for scoring. Its weights are label-major (a paragraph's few techniques
 * each read their own column, small enough to stay in cache) and in an order of their own: the
 * word kinds of a form side by side, since the five neighbouring tokens of a word read them
 * one after another. Features named by word forms are found by form ids, not names.
 */
interface TokenScorer {
  readonly vocab: Vocabulary;
  readonly model: LinearModel;
  /** Weight of the feature at a position for a label: columns[label * size + position], filled per label when first scored. */
  readonly columns: Float32Array;
  readonly filled: Uint8Array;
  readonly size: number;
  /** Position of each vocabulary row. */
  readonly positions: Int32Array;
  /** Ids of the forms that word-kind features name (the edge's among them): word kind k of form f sits at f * WORD_KINDS.length + k, if held. */
  readonly formIds: ReadonlyMap<string, number>;
  readonly edge: number;
  /** Whether a word-kind position holds a feature of the vocabulary. */
  readonly held: Uint8Array;
  /** Positions of the suffix features by suffix. */
  readonly suffixes: ReadonlyMap<string, number>;
  /** A position of weights 0 (the scores of a feature not in the vocabulary). */
  readonly absent: number;
  /** Position of each fixed feature by its code (absent: not in the vocabulary), for the features made so far. */
  fixedPositions: Int32Array;
  /** The slots of the forms met so far, by word id (FORM_SLOTS per id). */
  readonly slotsByWord: PerWordInts;
}

const scorers = new WeakMap<Classifier, TokenScorer>();

function scorerOf(tokens: Classifier): TokenScorer {
  let scorer = scorers.get(tokens);
  if (scorer) return scorer;
  const { vocab, model } = tokens;
  const formIds = new Map<string, number>();
  const idOf = (form: string) => formIds.get(form) ?? formIds.set(form, formIds.size).size - 1;
  // Word kinds take their positions by form id; the other features follow them (-1 until then).
  const positions = new Int32Array(vocab.size).fill(-1);
  const suffixRows: [row: number, suffix: string][] = [];
  vocab.features.forEach((name, row) => {
    // Kinds hold no colon: the first one ends the kind.
    const colon = name.indexOf(":");
    const kind = colon < 0 ? name : name.slice(0, colon);
    const key = name.slice(colon + 1);
    const wordKind = WORD_KIND_OF.get(kind);
    if (wordKind !== undefined) positions[row] = idOf(key) * WORD_KINDS.length + wordKind;
    else if (kind === "suf") suffixRows.push([row, key]);
  });
  const wordSlots = formIds.size * WORD_KINDS.length;
  const held = new Uint8Array(wordSlots);
  let size = wordSlots;
  for (let row = 0; row < positions.length; row++) {
    if (positions[row] >= 0) held[positions[row]] = 1;
    else positions[row] = size++;
  }
  // A position no feature has (its weights stay 0): where scoring lists a feature the vocabulary lacks.
  const absent = size++;
  const suffixes = new Map(suffixRows.map(([row, suffix]) => [suffix, positions[row]]));
  const L = model.labels.length;
  scorer = { vocab, model, columns: new Float32Array(L * size), filled: new Uint8Array(L), size, positions, formIds, edge: formIds.get(EDGE) ?? -1, held, suffixes, absent, fixedPositions: new Int32Array(0), slotsByWord: new PerWordInts(FORM_SLOTS) };
  scorers.set(tokens, scorer);
  return scorer;
}

/** The scorer's columns with those of the labels filled. */
function columnsOf(scorer: TokenScorer, labels: readonly number[]): Float32Array {
  const { columns, filled, size, positions, model } = scorer;
  const L = model.labels.length;
  for (const l of labels) {
    if (filled[l]) continue;
    for (let row = 0; row < positions.length; row++) columns[l * size + positions[row]] = model.weights[row * L + l];
    filled[l] = 1;
  }
  return columns;
}

/** The scorer's positions of the fixed features by code, looked up again when features were made since (a new part-of-speech tag). */
function fixedPositionsOf(scorer: TokenScorer): Int32Array {
  cueFeatures();
  if (scorer.fixedPositions.length < FIXED_FEATURES.length) {
    scorer.fixedPositions = Int32Array.from(FIXED_FEATURES, (f) => {
      const row = scorer.vocab.lookup(f.name);
      return row === undefined ? scorer.absent : scorer.positions[row];
    });
  }
  return scorer.fixedPositions;
}

/** Position of word kind k of a scorer's form id (the absent one: not held). */
function wordPosition(scorer: TokenScorer, form: number, kind: number): number {
  const at = form * WORD_KINDS.length + kind;
  return form >= 0 && scorer.held[at] ? at : scorer.absent;
}

/** Features of the lexicon's categories (taxonomies/persuasion-lexicon.json): on a cue, and next to one. */
let lexiconFeatures: { readonly inCue: readonly Feature[]; readonly nearCue: readonly Feature[] } | undefined;

function cueFeatures(): NonNullable<typeof lexiconFeatures> {
  return (lexiconFeatures ??= { inCue: lexiconCategories().map((c) => feature(`lex:${c}`)), nearCue: lexiconCategories().map((c) => feature(`lexnear:${c}`)) });
}

const SHAPE_NAMES = ["shape:Cap", "shape:CAPS", "shape:hyphen"].map(feature);
const REP_NAMES = ["rep:2", "rep:3", "rep:5"].map(feature);
const ENTITY_TYPES = ["PERSON", "ORGANIZATION", "LOCATION", "MISC"];
const ENTITY_NAMES = ENTITY_TYPES.map((t) => feature(`ent:${t}`));
const IN_QUOTE = feature("quoted");
const SENTENCE_FIRST = feature("first");

/** What the token model and the span edges read of a part-of-speech tag. */
interface PosTag {
  /** The tag on the token, before it and after it. */
  readonly pos: Feature;
  readonly prev: Feature;
  readonly next: Feature;
  readonly content: boolean;
  /** A word-level span does not start (end) on such a word (LocalizeOptions.edges). */
  readonly noStart: boolean;
  readonly noEnd: boolean;
}

const posTags = new PerTag(
  (pos): PosTag => ({ pos: feature(`pos:${pos}`), prev: feature(`pprev:${pos}`), next: feature(`pnext:${pos}`), content: CONTENT_POS.has(pos), noStart: NO_START.has(pos), noEnd: NO_END.has(pos) }),
);

/** What the token model and the span search read of every token of a Doc, computed once per Doc. */
export interface TokenTable {
  /** The article's distinct word forms, and the index of each token's among them (-1: no form). */
  readonly forms: readonly KnownForm[];
  readonly formIds: Int32Array;
  readonly tags: readonly PosTag[];
  /** Index of the token's sentence. */
  readonly sentence: Int32Array;
  /** First token of its sentence. */
  readonly sentenceFirst: Uint8Array;
  /** Letters or digits: a span may start and end on it. */
  readonly word: Uint8Array;
  /** Begins with a letter or digit (not a clitic such as "'s"): a span may start on it. */
  readonly wordStart: Uint8Array;
  /** A word-level span does not end on it: its tag's noEnd, or a possessive pronoun. */
  readonly noEnd: Uint8Array;
  /** Bits of the lexicon categories of the cues the token is part of. */
  readonly lex: Int32Array;
  /** Index in REP_NAMES of how often the content word occurs in the article (-1: once, or not content). */
  readonly rep: Int8Array;
  /** Index in SHAPE_NAMES (-1: none). */
  readonly shape: Int8Array;
  readonly entity: Int8Array;
  readonly quoteMark: Uint8Array;
  /** Length of the token's word form (up to LONGEST_LENGTH): read from its text's bits, not from the form. */
  readonly formLength: Uint8Array;
  /**
   * Slots of the forms (FORM_SLOTS per form, after those of the edge: form id f at (f + 1) *
   * FORM_SLOTS) in the last token scorer that scored the article; UNKNOWN until a unit holding
   * the form is scored.
   */
  slots?: { readonly scorer: TokenScorer; readonly of: Int32Array };
}

/** A slot not looked up yet (slots are positions, 0 or more). */
const UNKNOWN = PerWordInts.UNSET;
const tokenTables = new OwnedCache<Doc, TokenTable>();

// Character tests of a token text: ASCII first, the Unicode classes only for the rest.
const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isCapital = (c: number) => c >= 65 && c <= 90;
const hasLetterOrDigit = (text: string) => isAsciiAlnum(text.charCodeAt(0)) || /[\p{L}\p{N}]/u.test(text);
const startsLetterOrDigit = (text: string) => isAsciiAlnum(text.charCodeAt(0)) || (text.charCodeAt(0) >= 128 && /^[\p{L}\p{N}]/u.test(text));
const hyphenated = (text: string) => text.includes("-") && /\p{L}-\p{L}/u.test(text);

/** What the token table reads of a token's text, as bits. */
const [QUOTE_MARK, WORD_LIKE, WORD_START, POSSESSIVE, ALL_CAPS, CAPITAL, HYPHENATED] = [1, 2, 4, 8, 16, 32, 64];
/** The bits above these hold the length of the text's word form, up to LONGEST_LENGTH. */
const FORM_LENGTH_SHIFT = 7;

/** The text tests of each distinct token text, made once process-wide (most texts recur across articles). */
const textBits = new PerWord((text) => {
  let bits = Math.min(wordForm(text).length, LONGEST_LENGTH) << FORM_LENGTH_SHIFT;
  // Quotation marks are one character: most texts skip the set.
  if (text.length === 1 && QUOTE_MARKS.has(text)) bits |= QUOTE_MARK;
  if (text.length <= 5 && POSSESSIVE_PRONOUNS.has(text.toLowerCase())) bits |= POSSESSIVE;
  if (!hasLetterOrDigit(text)) return bits;
  bits |= WORD_LIKE;
  if (startsLetterOrDigit(text)) bits |= WORD_START;
  if (text.length >= 2 && allCapitals(text)) bits |= ALL_CAPS;
  if (isCapital(text.charCodeAt(0))) bits |= CAPITAL;
  if (hyphenated(text)) bits |= HYPHENATED;
  return bits;
});

export function tokenTable(doc: Doc): TokenTable {
  let table = tokenTables.get(doc);
  if (table) return table;
  const { tokens } = doc;
  const { forms, ofToken: formIds } = distinctForms(doc);
  const n = tokens.length;
  const tags: PosTag[] = [];
  /** Occurrences of each distinct form as a content word. */
  const contentCounts = new Int32Array(forms.length);
  const sentence = new Int32Array(n);
  const sentenceFirst = new Uint8Array(n);
  const word = new Uint8Array(n);
  const wordStart = new Uint8Array(n);
  const noEnd = new Uint8Array(n);
  const shape = new Int8Array(n).fill(-1);
  const quoteMark = new Uint8Array(n);
  const formLength = new Uint8Array(n);
  const bitsOf = textBits.byId(doc);
  const { ids } = doc.words;
  const tagNumber = tagNumbers(doc);
  for (let i = 0; i < n; i++) {
    const bits = bitsOf[ids[i]];
    formLength[i] = bits >> FORM_LENGTH_SHIFT;
    tags.push(posTags.of(tagNumber[i]));
    sentence[i] = tokens[i].sentence;
    if (i === 0 || sentence[i - 1] !== sentence[i]) sentenceFirst[i] = 1;
    if (bits & QUOTE_MARK) quoteMark[i] = 1;
    if (tags[i].noEnd || bits & POSSESSIVE) noEnd[i] = 1;
    if (!(bits & WORD_LIKE)) continue;
    word[i] = 1;
    if (bits & WORD_START) wordStart[i] = 1;
    if (tags[i].content && formIds[i] >= 0) contentCounts[formIds[i]]++;
    if (bits & ALL_CAPS) shape[i] = 1;
    else if (bits & CAPITAL && !sentenceFirst[i]) shape[i] = 0;
    else if (bits & HYPHENATED) shape[i] = 2;
  }
  const rep = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const c = formIds[i] >= 0 && tags[i].content ? contentCounts[formIds[i]] : 0;
    rep[i] = c >= 5 ? 2 : c >= 3 ? 1 : c === 2 ? 0 : -1;
  }
  const lex = lexiconBits(doc);
  const entity = new Int8Array(n).fill(-1);
  for (const e of doc.entities) for (let i = e.tokenStart; i < e.tokenEnd; i++) entity[i] = ENTITY_TYPES.indexOf(e.type);
  table = { forms, formIds, tags, sentence, sentenceFirst, word, wordStart, noEnd, lex, rep, shape, entity, quoteMark, formLength };
  tokenTables.set(doc, table);
  return table;
}

/** Slots per form of an article in the scorer that scores it: the positions of its word kinds, then of its suffix. */
const FORM_SLOTS = SUFFIX + 1;

/** The slots of the forms of the unit's tokens, after the edge's (TokenTable.slots); a form's features the vocabulary lacks at the scorer's absent position. */
function unitFormSlots(doc: Doc, table: TokenTable, unit: TokenRange, scorer: TokenScorer): Int32Array {
  if (table.slots?.scorer !== scorer) {
    const of = new Int32Array((table.forms.length + 1) * FORM_SLOTS).fill(UNKNOWN);
    for (let kind = 0; kind < WORD_KINDS.length; kind++) of[kind] = wordPosition(scorer, scorer.edge, kind);
    // (A suffix is of the token's own form, never of the edge.)
    of[SUFFIX] = scorer.absent;
    table.slots = { scorer, of };
  }
  const slots = table.slots.of;
  for (let i = unit.tokenStart; i < unit.tokenEnd; i++) {
    const at = (table.formIds[i] + 1) * FORM_SLOTS;
    if (slots[at] !== UNKNOWN) continue;
    const id = doc.words.ids[i];
    const byWord = scorer.slotsByWord.holding(doc.words, id);
    const from = id * FORM_SLOTS;
    if (byWord[from] === UNKNOWN) fillFormSlots(scorer, table.forms[table.formIds[i]].form, byWord, from);
    for (let s = 0; s < FORM_SLOTS; s++) slots[at + s] = byWord[from + s];
  }
  return slots;
}

/** The FORM_SLOTS slots of a form in the scorer, into `slots` at `at`. */
function fillFormSlots(scorer: TokenScorer, form: string, slots: Int32Array, at: number): void {
  const id = scorer.formIds.get(form) ?? -1;
  for (let kind = 0; kind < WORD_KINDS.length; kind++) slots[at + kind] = wordPosition(scorer, id, kind);
  slots[at + SUFFIX] = hasSuffix(form.length) ? (scorer.suffixes.get(suffixOf(form)) ?? scorer.absent) : scorer.absent;
}

/** Per unit: which of its tokens sit between quotation marks. */
function quotedTokens(table: TokenTable, unit: TokenRange): Uint8Array {
  const quoted = new Uint8Array(unit.tokenEnd - unit.tokenStart);
  let open = false;
  for (let i = unit.tokenStart; i < unit.tokenEnd; i++) {
    if (table.quoteMark[i]) open = !open;
    else if (open) quoted[i - unit.tokenStart] = 1;
  }
  return quoted;
}

/**
 * A token's features as tokenFeatures lists them, with their values: shared scratch. A token
 * has at most 15 features besides its lexicon categories' (one each, on a cue or near one),
 * and there are at most 31 categories (lexiconBits).
 */
const MAX_TOKEN_FEATURES = 48;
const listed = new Int32Array(MAX_TOKEN_FEATURES);
const listedValues = new Float64Array(MAX_TOKEN_FEATURES);

function list(count: number, feature: number, value: number): number {
  listed[count] = feature;
  listedValues[count] = value;
  return count + 1;
}

/** The form id of token k seen from a token of the unit: -1 (the edge) beyond the unit's ends. */
function formIdAt(table: TokenTable, unit: TokenRange, k: number): number {
  return k >= unit.tokenStart && k < unit.tokenEnd ? table.formIds[k] : -1;
}

/**
 * How tokenFeatures lists features: fixed[code] for a fixed feature (Feature.code), and
 * slots[(form + 1) * FORM_SLOTS + kind] for kind (WORD…NEXT2, SUFFIX) of the article's form id
 * (-1: the edge). Scoring gives the scorer's positions (the article's slots), so the list holds
 * the positions of the weights to add; training gives codes to name them by (trainingCodes).
 */
interface Listing {
  readonly fixed: Int32Array;
  readonly slots: Int32Array;
}

/**
 * A token in its context: the word, its part of speech and shape, the words up to two either
 * side, lexicon cues it belongs to or stands next to, how often the word recurs in the article,
 * named entities and quotation marks. Listed in a fixed order into `listed` (as `listing` says)
 * and `listedValues`; returns how many.
 */
function tokenFeatures(table: TokenTable, i: number, unit: TokenRange, quoted: Uint8Array, { fixed, slots }: Listing): number {
  const { formIds, tags } = table;
  const { tokenStart, tokenEnd } = unit;
  const lex = cueFeatures();
  const own = formIds[i];
  const tag = tags[i];
  let c = list(0, slots[(own + 1) * FORM_SLOTS + WORD], 1);
  c = list(c, fixed[tag.pos.code], 1);
  c = list(c, slots[(formIdAt(table, unit, i - 1) + 1) * FORM_SLOTS + PREV], 0.5);
  c = list(c, slots[(formIdAt(table, unit, i + 1) + 1) * FORM_SLOTS + NEXT], 0.5);
  c = list(c, slots[(formIdAt(table, unit, i - 2) + 1) * FORM_SLOTS + PREV2], 0.25);
  c = list(c, slots[(formIdAt(table, unit, i + 2) + 1) * FORM_SLOTS + NEXT2], 0.25);
  if (i > tokenStart) c = list(c, fixed[tags[i - 1].prev.code], 0.5);
  if (i + 1 < tokenEnd) c = list(c, fixed[tags[i + 1].next.code], 0.5);
  const bits = table.lex[i];
  let near = 0;
  for (let k = Math.max(tokenStart, i - 2); k < Math.min(tokenEnd, i + 3); k++) if (k !== i) near |= table.lex[k];
  near &= ~bits;
  for (let b = 0; bits >> b; b++) if ((bits >> b) & 1) c = list(c, fixed[lex.inCue[b].code], 1);
  for (let b = 0; near >> b; b++) if ((near >> b) & 1) c = list(c, fixed[lex.nearCue[b].code], 0.5);
  if (table.rep[i] >= 0) c = list(c, fixed[REP_NAMES[table.rep[i]].code], 1);
  if (table.shape[i] >= 0) c = list(c, fixed[SHAPE_NAMES[table.shape[i]].code], 1);
  if (table.entity[i] >= 0) c = list(c, fixed[ENTITY_NAMES[table.entity[i]].code], 1);
  if (quoted[i - tokenStart]) c = list(c, fixed[IN_QUOTE.code], 1);
  if (own >= 0) {
    const length = table.formLength[i];
    if (hasSuffix(length) && tag.content) c = list(c, slots[(own + 1) * FORM_SLOTS + SUFFIX], 0.5);
    c = list(c, fixed[lengthOf(length).code], 0.5);
  }
  if (table.sentenceFirst[i]) c = list(c, fixed[SENTENCE_FIRST.code], 1);
  return c;
}

/** The listing training names features by: a fixed feature's code (≥ 0), and -1 - slot for a feature named by a form. */
function trainingCodes(table: TokenTable): Listing {
  cueFeatures();
  return { fixed: Int32Array.from(FIXED_FEATURES, (f) => f.code), slots: Int32Array.from({ length: (table.forms.length + 1) * FORM_SLOTS }, (_, slot) => -1 - slot) };
}

/** Training bags of the unit's tokens: their features named. */
export function tokenBags(doc: Doc, unit: TokenRange): FeatureBag[] {
  const table = tokenTable(doc);
  const quoted = quotedTokens(table, unit);
  const codes = trainingCodes(table);
  const bags: FeatureBag[] = [];
  for (let i = unit.tokenStart; i < unit.tokenEnd; i++) {
    const bag: FeatureBag = new Map();
    const count = tokenFeatures(table, i, unit, quoted, codes);
    for (let k = 0; k < count; k++) {
      const code = listed[k];
      if (code >= 0) {
        addFeature(bag, FIXED_FEATURES[code].name, listedValues[k]);
        continue;
      }
      const slot = -1 - code;
      const kind = slot % FORM_SLOTS;
      const form = (slot - kind) / FORM_SLOTS - 1;
      const text = form < 0 ? EDGE : table.forms[form].form;
      addFeature(bag, kind === SUFFIX ? `suf:${suffixOf(text)}` : `${WORD_KINDS[kind]}:${text}`, listedValues[k]);
    }
    bags.push(bag);
  }
  return bags;
}

/**
 * The token model's logits (bias included) of the given labels only, token-major:
 * z[(i - unit.tokenStart) * labels.length + j] for labels[j]. Only of word tokens (TokenTable.word,
 * the only ones localize reads): punctuation is left at 0. Each label's logit is summed over the
 * token's listed weights in their order (the same sums as their named bag's: a feature the
 * vocabulary lacks adds the absent position's 0).
 */
export function tokenLogits(tokens: Classifier, doc: Doc, unit: TokenRange, labels: readonly number[]): Float64Array {
  const scorer = scorerOf(tokens);
  const { size } = scorer;
  const { bias } = scorer.model;
  const m = labels.length;
  const table = tokenTable(doc);
  const z = new Float64Array((unit.tokenEnd - unit.tokenStart) * m);
  const slots = unitFormSlots(doc, table, unit, scorer);
  const positions: Listing = { fixed: fixedPositionsOf(scorer), slots };
  const columns = columnsOf(scorer, labels);
  const quoted = quotedTokens(table, unit);
  for (let i = unit.tokenStart, base = 0; i < unit.tokenEnd; i++, base += m) {
    if (!table.word[i]) continue;
    const count = tokenFeatures(table, i, unit, quoted, positions);
    for (let j = 0; j < m; j++) {
      const offset = labels[j] * size;
      let sum = bias[labels[j]];
      for (let k = 0; k < count; k++) sum += columns[offset + listed[k]] * listedValues[k];
      z[base + j] = sum;
    }
  }
  return z;
}

/** Token model training, chosen by `npm run eval:spans`. */
const TOKEN_FIT = { minCount: 2, epochs: 5, learningRate: 0.2, l2: 1e-5 };

/**
 * Words two tokens away need more training tokens than TOKEN_FIT.minCount to be kept: they are
 * many and each adds little (without the rare ones the span CV F1 moved 0.461 → 0.459 and the
 * token model halved).
 */
const FAR_MIN_COUNT = 10;
const FAR_KINDS = new Set(["prev2", "next2"]);

function minCountOf(name: string, base: number): number {
  return FAR_KINDS.has(name.slice(0, name.indexOf(":"))) ? FAR_MIN_COUNT : base;
}

/**
 * The token model, trained the way it is used: for a technique present in a paragraph, which of
 * its tokens carry it. Each token example updates only the techniques with a gold span in its
 * paragraph (seeded AdaGrad on the logistic loss, as trainLinear, with that mask).
 */
export function fitTokenModel(bags: readonly FeatureBag[], gold: readonly (readonly number[])[], masks: readonly (readonly number[])[], labels: readonly string[], seed: number): Classifier {
  const { minCount, epochs, learningRate, l2 } = TOKEN_FIT;
  const df = new Map<string, number>();
  for (const bag of bags) for (const name of bag.keys()) df.set(name, (df.get(name) ?? 0) + 1);
  const vocab = Vocabulary.fromJSON({ features: [...df].filter(([name, count]) => count >= minCountOf(name, minCount)).map(([name]) => name).sort() });
  const xs = bags.map((b) => vocab.vectorize(b, false));
  const L = labels.length;
  const dims = vocab.size;
  const weights = new Float32Array(dims * L);
  const squares = new Float32Array(dims * L);
  const bias = new Float64Array(L);
  const biasSquares = new Float64Array(L);
  const random = seededRandom(seed);
  const order = [...xs.keys()];
  const eps = 1e-8;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const e of order) {
      const { indices, values } = xs[e];
      for (const l of masks[e]) {
        let z = bias[l];
        for (let k = 0; k < indices.length; k++) z += weights[indices[k] * L + l] * values[k];
        const g = sigmoid(z) - (gold[e].includes(l) ? 1 : 0);
        biasSquares[l] += g * g;
        bias[l] -= (learningRate * g) / Math.sqrt(biasSquares[l] + eps);
        for (let k = 0; k < indices.length; k++) {
          const at = indices[k] * L + l;
          const gw = g * values[k] + l2 * weights[at];
          if (gw === 0) continue;
          squares[at] += gw * gw;
          weights[at] -= (learningRate * gw) / Math.sqrt(squares[at] + eps);
        }
      }
    }
  }
  return new Classifier(vocab, new LinearModel("multilabel", labels, dims, weights, bias));
}
