/**
 * The framed-actor gate: which of an article's actors the article actually casts as hero,
 * villain or victim, so that only they get a role in `analyze`. In the SemEval-2025 T10 ST1
 * annotations about three actors per article carry roles (325 of the 1,948 people,
 * organizations and places the role model reads in the 106 annotated articles have an
 * annotated mention); the rest are settings, targets named in passing, cited outlets, places
 * in a list.
 *
 * A logistic model (models/role-gate.json.gz, trained by gate.ts) reads a fixed, dense set of
 * actor features (GATE_FEATURES): how often and where the article names the actor, what its
 * mentions do in their sentences (subject of a verb, object, after which preposition, in a list
 * of places, a news outlet cited as a source or channel, inside someone's title), how many role
 * cues surround it. It does not read the role model: roles are predicted only for the actors
 * it keeps (about one in six), which makes roles several times cheaper for an out-of-fold F0.5
 * about 0.01 lower than with the role model's main role and confidence as features. Quotes and
 * sources are found after roles, so those cues are read here from the tokens and the lexicon.
 * Dense slots keep inference to a few token look-ups per mention and one dot product per actor.
 *
 * On 5-fold CV by article (node dist/eval/roles.js) the mention counts carry most of the signal;
 * the context cues each move F0.5 by about ±0.01 there (cited outlets and listed places are rare
 * among the training articles' actors), and they are what keeps a cited outlet or a listed
 * place that the article names more than once from getting a role. */
import type { Entity } from "../../analysis/schema.js";
import type { Span } from "../../article/types.js";
import { MEDIA } from "../../extract/quotes.js";
import { LinearModel, sigmoid, type LinearModelJSON } from "../../ml/linear.js";
import { loadModel, loadShipped } from "../models.js";
import type { Doc } from "../../nlp/types.js";
import type { TokenView } from "./fast.js";
import { BE, isPossessive, isQuote, mentionWordsOf, overlappingTokens, participle, WINDOW } from "./features.js";
import { matchCues, type RoleLexicon } from "./lexicon.js";

/** Actor types that are framed as heroes, villains or victims; MISC (events, products, laws) is not. */
export const FRAMED_TYPES: ReadonlySet<Entity["type"]> = new Set<Entity["type"]>(["PERSON", "ORGANIZATION", "LOCATION"]);
/**
 * A place after these is the setting of events ("fighting in Bakhmut"), not an actor: 2 of the
 * 414 annotated training mentions follow one, though such settings are common in the text.
 */
export const SETTING_PREPOSITIONS: ReadonlySet<string> = new Set(["in", "at", "near", "across", "throughout", "around", "inside", "outside", "within"]);

/** Prepositions before a mention that get a slot of their own (others share "prep:other"). */
const PREPOSITIONS = ["to", "into", "from", "toward", "against", "by", "with", "of", "on", "for", "between", "over"] as const;
/** A motion or target: "strike into Donetsk", "weapons to Kyiv", "missiles from Belarus". */
const MOTION = new Set(["into", "to", "from", "toward", "towards", "onto"]);
const LIST_JOINERS = new Set([",", "and", "or", "&"]);
const REPORTED = new Set(["reported", "reports", "reporting", "report", "wrote", "writes", "published", "revealed"]);
/** Words before "to"/"with" that make the next name the channel of someone's words ("in an interview with X"). */
const CHANNEL_NOUNS = new Set(["interview", "statement", "speaking", "spoke", "talking", "talked", "remarks", "comments", "speech", "letter"]);
const TOLD = new Set(["told", "tells", "telling", "tell"]);

/** The gate's features, in slot order (the model file names them and must match). */
export const GATE_FEATURES = [
  "type:PERSON",
  "type:ORGANIZATION",
  "type:LOCATION",
  "mentions:log",
  "mentions:1",
  "mentions:2",
  "mentions:3-4",
  "mentions:5+",
  "mentionShare",
  "mentionsVsTop",
  "rank:1",
  "rank:2",
  "rank:3",
  "rank:4-5",
  "firstPosition",
  "spread",
  "paragraphShare",
  "title",
  "lead",
  "subject",
  "passive",
  "object",
  "possessive",
  "quoted",
  "speaker",
  "reported",
  "accordingTo",
  "channel",
  "media",
  "inTitleOf",
  "setting",
  "motion",
  "listOfPlaces",
  "listOfActors",
  ...PREPOSITIONS.map((p) => `prep:${p}`),
  "prep:other",
  "cues:share",
  "cues:log",
  "proper",
  "bloc",
  "group",
] as const;
export type GateFeature = (typeof GATE_FEATURES)[number];
const slot = (f: GateFeature): number => GATE_FEATURES.indexOf(f);
// Slots as plain numbers: the extractor runs per mention, and a keyed lookup per feature costs more than the rest.
const TYPE_SLOT: Readonly<Record<Entity["type"], number>> = { PERSON: slot("type:PERSON"), ORGANIZATION: slot("type:ORGANIZATION"), LOCATION: slot("type:LOCATION"), MISC: -1 };
const MENTIONS_LOG = slot("mentions:log");
const MENTIONS_SLOTS = [slot("mentions:1"), slot("mentions:2"), slot("mentions:3-4"), slot("mentions:5+")];
const MENTION_SHARE = slot("mentionShare");
const MENTIONS_VS_TOP = slot("mentionsVsTop");
const RANK_SLOTS = [slot("rank:1"), slot("rank:2"), slot("rank:3"), slot("rank:4-5"), slot("rank:4-5")];
const FIRST_POSITION = slot("firstPosition");
const SPREAD = slot("spread");
const PARAGRAPH_SHARE = slot("paragraphShare");
const TITLE = slot("title");
const LEAD = slot("lead");
const SUBJECT = slot("subject");
const PASSIVE = slot("passive");
const OBJECT = slot("object");
const POSSESSIVE = slot("possessive");
const QUOTED = slot("quoted");
const SPEAKER = slot("speaker");
const REPORTED_SLOT = slot("reported");
const ACCORDING_TO = slot("accordingTo");
const CHANNEL = slot("channel");
const MEDIA_SLOT = slot("media");
const IN_TITLE_OF = slot("inTitleOf");
const SETTING = slot("setting");
const MOTION_SLOT = slot("motion");
const LIST_OF_PLACES = slot("listOfPlaces");
const LIST_OF_ACTORS = slot("listOfActors");
const PREP_SLOT = new Map<string, number>(PREPOSITIONS.map((p) => [p, slot(`prep:${p}`)]));
const PREP_OTHER = slot("prep:other");
const CUES_SHARE = slot("cues:share");
const CUES_LOG = slot("cues:log");
const PROPER = slot("proper");
const BLOC = slot("bloc");
const GROUP = slot("group");
/**
 * Slots counted per mention, then divided by the actor's mentions (shares): "subject" through
 * "proper", but for the two that are the actor's own ("media": its name is an outlet's;
 * "cues:log": the count itself).
 */
const PER_MENTION = Int32Array.from(
  GATE_FEATURES.slice(slot("subject"), slot("proper") + 1)
    .filter((f) => f !== "media" && f !== "cues:log")
    .map(slot),
);

/**
 * An actor's feature vector before it is filled: a plain array of doubles (allocating a small
 * typed array per actor costs more than filling it), copied (slice keeps the element kind).
 */
const NO_FEATURES: readonly number[] = new Array<number>(GATE_FEATURES.length).fill(0.5).fill(0);

/** An actor that may be framed: its mentions the role model would read (a place's settings left out), and its index among the article's entities. */
export interface RoleCandidate {
  readonly entity: Entity;
  readonly spans: readonly Span[];
  readonly index: number;
}

/** Whether the mention is a place named as the setting of events ("in Bakhmut"). */
export function isSetting(doc: Doc, span: Span): boolean {
  const { from } = overlappingTokens(doc.tokens, span);
  return from > 0 && SETTING_PREPOSITIONS.has(doc.tokens[from - 1].text.toLowerCase());
}

/** Where each entity type's mentions start and end, by token (bit 1: any actor, bit 2: a place). */
function mentionMarks(doc: Doc, entities: readonly Entity[]): { starts: Uint8Array; ends: Uint8Array } {
  const n = doc.tokens.length;
  const starts = new Uint8Array(n);
  const ends = new Uint8Array(n);
  for (const e of entities) {
    const bits = e.type === "LOCATION" ? 3 : 1;
    for (const m of e.mentions) {
      const { from, to } = overlappingTokens(doc.tokens, m);
      if (from >= to) continue;
      starts[from] |= bits;
      ends[to - 1] |= bits;
    }
  }
  return { starts, ends };
}

/**
 * Feature vectors (GATE_FEATURES order) of `actors` in `doc`. `entities` are all the article's
 * actors (lists and titles are read against them); counts and ranks are among `actors`.
 */
export function gateFeatures(doc: Doc, view: TokenView, entities: readonly Entity[], actors: readonly RoleCandidate[], lexicon: RoleLexicon): number[][] {
  const { tokens } = doc;
  const { words } = view;
  const textLength = Math.max(1, doc.article.text.length);
  const title = doc.article.title;
  const paragraphs = Math.max(1, doc.article.paragraphs.filter((p) => p.kind === "body").length);
  const marks = mentionMarks(doc, entities);
  const titles = entities.filter((e) => e.titleSpan).map((e) => ({ entity: e, span: e.titleSpan! }));
  let total = 0;
  for (const a of actors) total += a.entity.mentions.length;
  const counts = actors.map((a) => a.entity.mentions.length);
  const topCount = Math.max(1, ...counts);
  const word = (i: number) => (i >= 0 && i < words.length ? words[i] : "");

  return actors.map(({ entity }, index) => {
    const x = NO_FEATURES.slice();
    const n = entity.mentions.length;
    x[TYPE_SLOT[entity.type]] = 1;
    x[MENTIONS_LOG] = Math.log1p(n);
    x[MENTIONS_SLOTS[n <= 1 ? 0 : n === 2 ? 1 : n <= 4 ? 2 : 3]] = 1;
    x[MENTION_SHARE] = total ? n / total : 0;
    x[MENTIONS_VS_TOP] = n / topCount;
    let rank = 1;
    for (const c of counts) if (c > counts[index]) rank++;
    if (rank <= 5) x[RANK_SLOTS[rank - 1]] = 1;

    let first = Infinity;
    let last = -Infinity;
    let cues = 0;
    let paragraphsSeen = 0;
    let lastParagraph = -1;
    for (const m of entity.mentions) {
      first = Math.min(first, m.start);
      last = Math.max(last, m.start);
      const inTitle = title !== null && m.start < title.end && m.end > title.start;
      if (inTitle) x[TITLE] = 1;
      const range = overlappingTokens(tokens, m);
      const from = range.from;
      const to = range.to - from > 1 && isPossessive(tokens[range.to - 1]) ? range.to - 1 : range.to;
      if (from >= to) continue;
      const sentence = tokens[from].sentence;
      const paragraph = doc.article.sentences[sentence]?.paragraph ?? -1;
      // Mentions come in text order: a new paragraph is one not seen last.
      if (paragraph !== lastParagraph) [paragraphsSeen, lastParagraph] = [paragraphsSeen + 1, paragraph];
      if (sentence <= 2 && !inTitle) x[LEAD] = 1;
      const { tokenStart, tokenEnd } = doc.sentenceTokens[sentence];
      if (view.quoted[from]) x[QUOTED]++;
      if (tokens[to - 1].pos === "PROPN") x[PROPER]++;
      if (titles.some((t) => t.entity !== entity && m.start >= t.span.start && m.end <= t.span.end)) x[IN_TITLE_OF]++;

      // Right: possessive, then the verb the mention is the subject of.
      let k = to;
      if (k < tokenEnd && isPossessive(tokens[k])) {
        x[POSSESSIVE]++;
        // "CBS’s “60 Minutes”": an outlet's programme.
        if (k + 1 < tokenEnd && isQuote(tokens[k + 1].text)) x[CHANNEL]++;
      } else {
        let be = false;
        for (let steps = 0; k < tokenEnd && steps < 4; k++, steps++) {
          const t = tokens[k];
          if (isQuote(t.text) || t.pos === "ADV" || t.pos === "PART") continue;
          if (t.pos === "AUX") {
            be ||= BE.has(words[k]);
            continue;
          }
          if (t.pos === "VERB") {
            if (be && participle(words[k])) x[PASSIVE]++;
            else x[SUBJECT]++;
            if (REPORTED.has(words[k])) x[REPORTED_SLOT]++;
          }
          break;
        }
      }
      if (isSpeech(lexicon, words, to, tokenStart, tokenEnd) || isSpeech(lexicon, words, to + 1, tokenStart, tokenEnd) || isSpeech(lexicon, words, from - 1, tokenStart, tokenEnd)) x[SPEAKER]++;

      // Left: the preposition or verb that governs the mention, past determiners and modifiers.
      let p = from - 1;
      while (p >= tokenStart && p > from - 4 && (tokens[p].pos === "DET" || tokens[p].pos === "ADJ" || tokens[p].pos === "NUM" || isQuote(tokens[p].text))) p--;
      if (p >= tokenStart) {
        const w = words[p];
        if (tokens[p].pos === "ADP" || w === "to") {
          x[PREP_SLOT.get(w) ?? PREP_OTHER]++;
          if (SETTING_PREPOSITIONS.has(w)) x[SETTING]++;
          if (MOTION.has(w)) x[MOTION_SLOT]++;
          if (w === "to" && word(p - 1) === "according") x[ACCORDING_TO]++;
          else if ((w === "to" || w === "with") && CHANNEL_NOUNS.has(word(p - 1))) x[CHANNEL]++;
          else if (w === "by" && REPORTED.has(word(p - 1))) x[ACCORDING_TO]++;
        } else if (w === "citing") x[ACCORDING_TO]++;
        else if (TOLD.has(w)) x[CHANNEL]++;
        else if (tokens[p].pos === "VERB") x[OBJECT]++;
      }

      // A list: another name right before or after, joined by commas or "and".
      const listed = listNeighbor(words, marks, from, to, tokenStart, tokenEnd);
      if (listed) x[LIST_OF_ACTORS]++;
      if (listed & 2 && entity.type === "LOCATION") x[LIST_OF_PLACES]++;

      let near = 0;
      const end = Math.min(tokenEnd, to + WINDOW);
      for (let j = Math.max(tokenStart, from - WINDOW); j < end; j++) if (j < from || j >= to) near += view.roleCues[j];
      if (near) x[CUES_SHARE]++;
      cues += near;
    }
    for (let f = 0; f < PER_MENTION.length; f++) x[PER_MENTION[f]] /= n;
    x[FIRST_POSITION] = first / textLength;
    x[SPREAD] = (last - first) / textLength;
    x[PARAGRAPH_SHARE] = Math.min(1, paragraphsSeen / paragraphs);
    x[CUES_LOG] = Math.log1p(cues) / 2;

    const name = nameFeatures(entity, lexicon);
    if (name & 1) x[MEDIA_SLOT] = 1;
    if (name & 2) x[BLOC] = 1;
    if (name & 4) x[GROUP] = 1;
    return x;
  });
}

/** Name features by entity type, then name. */
const nameCache = new Map<Entity["type"], Map<string, number>>();

/** Bits of what an actor's name says: 1 a news outlet (not a place), 2 a camp of the lexicon ("bloc"), 4 a group noun as head. Cached by name. */
function nameFeatures(entity: Entity, lexicon: RoleLexicon): number {
  let byName = nameCache.get(entity.type);
  if (!byName) nameCache.set(entity.type, (byName = new Map()));
  let bits = byName.get(entity.name);
  if (bits !== undefined) return bits;
  bits = 0;
  if (entity.type !== "LOCATION" && MEDIA.test(entity.name)) bits |= 1;
  const words = mentionWordsOf(entity.name);
  if (matchCues(lexicon.blocs, words).some((c) => c.length)) bits |= 2;
  const head = words.at(-1);
  if (head !== undefined && lexicon.groups.has(head)) bits |= 4;
  if (byName.size < 50_000) byName.set(entity.name, bits);
  return bits;
}

function isSpeech(lexicon: RoleLexicon, words: readonly string[], j: number, start: number, end: number): boolean {
  return j >= start && j < end && lexicon.speech.has(words[j]);
}

/** Bits of the mention marks of a name joined to [from, to) by commas / "and" / "or" (0: none). */
function listNeighbor(words: readonly string[], marks: { starts: Uint8Array; ends: Uint8Array }, from: number, to: number, start: number, end: number): number {
  let bits = 0;
  let k = from - 1;
  while (k >= start && k > from - 3 && LIST_JOINERS.has(words[k])) k--;
  if (k < from - 1 && k >= start) bits |= marks.ends[k];
  k = to;
  while (k < end && k < to + 2 && LIST_JOINERS.has(words[k])) k++;
  if (k > to && k < end) bits |= marks.starts[k];
  return bits;
}

export interface RoleGateJSON {
  readonly version: 1;
  readonly features: readonly string[];
  readonly model: LinearModelJSON;
  /** Probability from which an actor counts as framed. */
  readonly threshold: number;
}

/** The trained gate: P(framed) of a feature vector, and the decision at the chosen threshold. */
export class RoleGate {
  private readonly weights: Float64Array;
  private readonly bias: number;

  constructor(
    readonly model: LinearModel,
    readonly threshold: number,
  ) {
    this.weights = Float64Array.from({ length: GATE_FEATURES.length }, (_, f) => (f < model.dims ? model.weights[f] : 0));
    this.bias = model.bias[0];
  }

  probability(x: ArrayLike<number>): number {
    let z = this.bias;
    for (let f = 0; f < this.weights.length; f++) z += this.weights[f] * x[f];
    return sigmoid(z);
  }

  framed(x: ArrayLike<number>): boolean {
    return this.probability(x) >= this.threshold;
  }

  toJSON(): RoleGateJSON {
    return { version: 1, features: [...GATE_FEATURES], model: this.model.toJSON(0), threshold: this.threshold };
  }

  static fromJSON(json: RoleGateJSON): RoleGate {
    if (json.version !== 1) throw new Error(`role gate version ${String(json.version)} is not supported`);
    if (json.features.join("\n") !== GATE_FEATURES.join("\n")) throw new Error("role gate: the model's features differ from the code's (retrain with npm run train)");
    return new RoleGate(LinearModel.fromJSON(json.model), json.threshold);
  }
}

/** File name of the shipped gate, in the models folder beside roles.json.gz. */
export const GATE_FILE = "role-gate.json.gz";

/** The framed-actor gate at `path` (default: the shipped one, or the user's: modelPath), or null when none was trained. Cached. */
export function loadRoleGate(path?: string): RoleGate | null {
  return path === undefined ? loadShipped(GATE_FILE, RoleGate.fromJSON) : loadModel(path, RoleGate.fromJSON);
}

/**
 * The actors the role model reads: people, organizations and places (a place's mentions as a
 * mere setting left out; an actor left with no mentions is skipped).
 */
export function roleCandidates(doc: Doc, entities: readonly Entity[]): RoleCandidate[] {
  const out: RoleCandidate[] = [];
  entities.forEach((entity, index) => {
    if (!FRAMED_TYPES.has(entity.type)) return;
    const spans = entity.type === "LOCATION" ? entity.mentions.filter((m) => !isSetting(doc, m)) : entity.mentions;
    if (spans.length) out.push({ entity, spans, index });
  });
  return out;
}
