/**
 * Direct quotations and their speakers.
 *
 * What counts as a quotation
 * - Text between double marks (“…”, "…", «…», „…“), or between single marks (‘…’) outside any
 *   double quote; single marks inside a double quote are nested and stay part of its text.
 * - Real articles are unbalanced. A quote never closed runs to its paragraph end. A closing mark
 *   with nothing open is stray and ignored, except as the paragraph's first mark: then the writer
 *   lost the opening mark and the quote starts at the paragraph start. An opening mark inside an
 *   open quote either nests (“He called it “a disaster” and left”) or, after a cue (“…, adding,
 *   “ it’s …) or between spaces, ends the first quote and opens a new one. “ after a word and
 *   before a space is used as a closing mark.
 * - `start`/`end`/`text` cover the quoted words without the marks; bracketed insertions and
 *   ellipses are kept as written.
 * - Not quotations: spans inside `Article.references` (quoted headlines); Title-Case runs of up to
 *   twelve words with no closing punctuation, or all-caps text (titles of shows and works: CBS’s
 *   “60 Minutes”); fragments of one to three words woven into a sentence unless a speech cue of
 *   their own, within a dozen words, names who said them (scare quotes: “drawdown”, “defensive
 *   manner”, “preemptive”, “so-called “experts””; but "Putin said the elites are teaching “sexual
 *   deviation”" is Putin's).
 * - kind: "partial" when the quote is woven into the reporter's sentence (it starts in lower
 *   case, or follows a word other than the speech verb itself: "states that “Taiwan…”"); else
 *   "full".
 *
 * Who said it (first rule that applies)
 * 1. A cue right before the quote: "X said, “…”", "X commented “…”", "Said X: “…”".
 * 2. A cue right after it: "“…,” X said", "“…,” X, the deputy chairman of …, said", "“…,” said X",
 *    "“…,” X told Y", "“…,” he said", "“…,” according to X", and a cue closing the sentence
 *    after a comma ("“…” from Gaza, said X", "“…” show …, a diplomat claimed"). Not when the
 *    quote ends with a period and a capitalized sentence follows ("“….” Jones said he …").
 * 3. A speech verb earlier in the same sentence governs a quote woven into it: "Putin said the
 *    elites are teaching “sexual deviation”" is Putin's. A verb with no subject ("and said …",
 *    ", adding, “…", "continued by stating") takes the subject of an earlier cue in the clause, or
 *    hands on the speaker of the previous quote in the same sentence.
 * 4. A speech noun with an owner: "his declaration … “…”", "the statement by X", "X’s remarks";
 *    an unowned one ("with the declaration that “…”") belongs to the sentence's subject.
 * 5. With no cue of its own, a quote continues the previous quote's speaker ("continuation") when
 *    only that quote's attribution, a conjunction or commas separate them in the paragraph, when
 *    both sit in one sentence, or when it opens the paragraph after one that ended inside or
 *    right after the previous quote. A quote over several paragraphs attributed only at its end
 *    hands that speaker back to its earlier, unclosed paragraphs.
 * 6. A paragraph ending in a colon introduces the quote opening the next one ("introduction").
 * 7. Otherwise the speaker is null: never guessed.
 * The speaker's name is read at the head of the subject: the entity whose mention covers it
 * (canonical name and id), else the run of capitalized words after its last title word ("Senate
 * Minority Leader Mitch McConnell" → "Mitch McConnell", entityId null), else a document noun
 * ("The Bill states" → via "document"), else a descriptive phrase ("the official"). A place or
 * body after "of"/"to" is not the speaker ("Senator X of Texas", "the Ambassador to the UN").
 * Pronouns resolve to the most recent agreeing actor in subject position or named as a speaker,
 * within five paragraphs: he/she a person, it anything else (a document, a country), they an
 * organization; I/we (the author) stay unresolved.
 */
import type { Article, Paragraph } from "../article/types.js";
import type { Entity, Quote } from "../analysis/schema.js";
import { tokenAtOrAfter } from "../nlp/tokens.js";
import type { Doc, EntitySpan, EntityType, Token } from "../nlp/types.js";
import { OwnedCache } from "../owned-cache.js";

type Via = NonNullable<Quote["speaker"]>["via"];
type TextSpan = { text: string; start: number; end: number };
type SpeakerKind = "person" | "group" | "place" | "document";

/** A quotation as the mark scanner found it. */
export interface Quotation {
  /** Offset of the opening mark (the paragraph start when the writer left it out). */
  readonly open: number;
  /** Offset just past the closing mark; for an unclosed quote, where its text ends. */
  readonly close: number;
  /** The quoted words, marks excluded. */
  readonly start: number;
  readonly end: number;
  readonly paragraph: number;
  /** False when the quote ran to its paragraph end without a closing mark. */
  readonly closed: boolean;
}

// ---------------------------------------------------------------------------------------------
// Lexicon

const words = (s: string): Set<string> => new Set(s.split(/\s+/));

/** Speech verbs in the forms news prose uses; matched on lower-case tokens only (not "States"). */
const CUE_VERBS = words(`say says said saying tell tells told telling add adds added adding
  declare declares declared declaring warn warns warned write writes wrote writing stated
  comment commented insist insists insisted claim claimed argue argues argued note noted noting
  explain explains explained ask asks asked tweet tweets tweeted tweeting post posted demand
  demands demanded demanding reply replies replied respond responds responded announce announced
  stress stressed emphasize emphasized emphasise emphasised remark remarked recall recalled
  acknowledge acknowledged admit admits admitted assert asserts asserted urge urges urged continued
  conclude concluded quip quipped joke joked observe observed predict predicted vow vowed
  promise promised pledge pledged reiterate reiterated confirm confirmed deny denies denied call
  calls called describe describes described dub dubbed label labelled labeled reads read
  states writes shouted boasted lamented complained suggested mused recounted testified notes
  comments claims remarks claiming stating explaining insisting arguing asking commenting
  announcing stressing urging promising vowing suggesting describing calling replying responding
  warning confirming denying admitting acknowledging continues alleged alleges scolded whined whines
  shout shouts chanted retorted fumed cautioned echoed wondered exclaimed proclaimed conceded
  countered reported reports spoke repeat repeats repeated`);

/** Cue forms that are also nouns: a determiner, possessive or modifier before them makes them nouns. */
const NOUN_LIKE = words("notes comments claims remarks calls posts demands tweets reads states warning");

/** Nouns that carry someone's words: "his declaration", "the statement by X". */
const SPEECH_NOUNS = words(`statement statements declaration remarks comments words warning
  message tweet post claim assertion testimony speech address pledge vow promise assessment appeal
  plea`);

/** Heads of a subject that is a text, not a person: "The Bill states that …". */
const DOCUMENT_NOUNS = words(`bill act law resolution report statement document letter declaration
  treaty communique communiqué memo memorandum order decree constitution charter agreement ruling
  indictment complaint lawsuit filing text draft proposal amendment directive regulation study
  survey paper manifesto tweet post article editorial analysis email warrant`);

/** Heads of a descriptive speaker that is a person ("a senior official said"). */
const PERSON_NOUNS = words(`official officials spokesman spokeswoman spokesperson minister
  president analyst expert source sources officer diplomat lawmaker senator man woman person
  commander general leader adviser advisor aide researcher professor economist resident witness`);

/** Words that name a role, stripped from a capitalized run to leave the name. */
const TITLES = words(`president senator sen secretary minister chancellor commander general gen
  chairman chairwoman chair spokesman spokeswoman spokesperson director chief ambassador governor
  gov mayor leader deputy vice prime premier king queen prince pope representative rep
  congressman congresswoman judge justice officer colonel col lieutenant lt captain capt major
  admiral adm dr mr mrs ms prof professor sir lord lady head ceo founder editor correspondent
  analyst fellow adviser advisor envoy diplomat commissioner speaker attorney lawmaker mp mep
  patriarch sheikh emir state defense defence foreign affairs interior finance treasury commerce`);

const ABBREVIATIONS = words("mr mrs ms dr sen rep gov gen lt col capt adm st jr sr vs etc inc corp co ltd no prof rev mt ft");
/** A plural common noun (most end in a single "s"), and determiners that only go with a singular. */
const PLURAL = /[^s]s$/;
const SINGULAR_DETERMINERS = new Set(["a", "an", "another", "each", "every"]);
const PASSIVE = words("was were is are be been being");
const HAVE = words("has have had will would may might could also later then once reportedly previously again");
const RELATIVE = words("who which that");
const TELL = words("tell tells told telling");
const POSSESSIVES = words("his her its their our my your");

/** Pronouns by what they can stand for; I/we are the author and are never resolved. */
type PronounClass = "he" | "it" | "they" | "author";
const PRONOUN_KIND = new Map<string, PronounClass>([
  ...["he", "she", "his", "her"].map((w) => [w, "he"] as const),
  ...["it", "its"].map((w) => [w, "it"] as const),
  ...["they", "their"].map((w) => [w, "they"] as const),
  ...["i", "we", "my", "our"].map((w) => [w, "author"] as const),
]);

/** he/she stand for a person, it for anything else, they for an organization or group. */
function agrees(pronoun: PronounClass, kind: SpeakerKind): boolean {
  return pronoun === "he" ? kind === "person" : pronoun === "they" ? kind === "group" : kind !== "person";
}

const kindOfType = (type: EntityType): SpeakerKind => (type === "PERSON" ? "person" : type === "LOCATION" ? "place" : "group");

/** Names of news organizations and programmes (for channels and media sources). */
export const MEDIA = /\b(?:Times|Post|Journal|News|Newsweek|Reuters|AFP|AP|FT|WSJ|Associated Press|Bloomberg|CNN|BBC|CBS|NBC|ABC|Fox|MSNBC|NPR|PBS|RT|TASS|RIA|Interfax|Sputnik|Xinhua|Al Jazeera|Guardian|Telegraph|Independent|Economist|Politico|Axios|Herald|Tribune|Gazette|Daily|Magazine|Radio|TV|Television|Channel|Agency|Press|Izvestia|Kommersant|Vedomosti|Pravda|Spiegel|Monde|Figaro|Minutes|Mail|Express|Mirror|Observer|Breitbart|Insider|Intercept|Newsmax|Substack)\b/;

/** Where words were said: "told CBS’s “60 Minutes”", "in a statement to the Financial Times". */
const CHANNEL = new RegExp(
  String.raw`\b(?:told|telling|(?:[Ii]n|[Dd]uring) (?:a|an|his|her|their|its) (?:statement|interview|op-ed|article|post|letter|message|speech|column|address|briefing|comments|remarks) (?:to|with|for|on|in)|(?:[Ss]peaking|[Tt]alking|spoke|talked) (?:to|with)|(?:wrote|posted|said|tweeted|writing|posting) (?:on|in))\s+(?:the\s+)?` +
    String.raw`(reporters|journalists|the press|(?:Twitter|X|Telegram|Facebook|Instagram|TikTok|YouTube|Truth Social|VKontakte)\b|\p{Lu}[\p{L}\p{N}&.’'-]*(?:\s+(?:of\s+|for\s+)?\p{Lu}[\p{L}\p{N}&.’'-]*)*(?:\s+[“"][^”"]{1,40}[”"])?)`,
  "gu",
);

// ---------------------------------------------------------------------------------------------
// Quotation marks

const DOUBLE_MARKS = "“”\"«»„";
const OPENERS = "“„«";
const CLOSERS = "”»";
/** ", adding, " left at the end of a quote whose closing mark was forgotten before the next one. */
const TRAILING_CUE = /[,;:]\s*((?:\p{L}+\s+){0,3}\p{L}+)[,:]?\s*$/u;

const quotationsOf = new OwnedCache<Article, readonly Quotation[]>();

/** Every quotation of the article, in text order (references excluded); found once per article (quotes, sources and the justification read them). */
export function findQuotations(article: Article): readonly Quotation[] {
  let found = quotationsOf.get(article);
  if (!found) quotationsOf.set(article, (found = scanQuotations(article)));
  return found;
}

function scanQuotations(article: Article): Quotation[] {
  const out: Quotation[] = [];
  for (const p of article.paragraphs) {
    if (p.kind === "boilerplate") continue;
    const from = out.length;
    scanDouble(article.text, p, out);
    scanSingle(article.text, p, out, from);
    // In place: a paragraph may hold more quotations than a call can take arguments.
    if (out.length - from > 1) out.slice(from).sort((a, b) => a.open - b.open).forEach((q, k) => (out[from + k] = q));
  }
  const refs = article.references;
  return out.filter((q) => !titleLike(article.text.slice(q.start, q.end)) && !refs.some((r) => q.open < r.end && r.start < q.close));
}

function scanDouble(text: string, p: Paragraph, out: Quotation[]): void {
  const lo = p.bodyStart;
  const hi = p.end;
  const first = out.length;
  let open = -1;
  let straight = false;
  let depth = 0;
  let straightInside = false;
  // A scan of the paragraph's own characters: searching the text from `lo` for the next mark would read on past `hi` (quadratic over many paragraphs without marks).
  for (let i = lo; i < hi; i++) {
    const ch = text[i];
    if (!DOUBLE_MARKS.includes(ch)) continue;
    const spaceBefore = i === lo || /[\s([—–-]/.test(text[i - 1]);
    const spaceAfter = i + 1 >= hi || /[\s,.;:!?)\]—–-]/.test(text[i + 1]);
    const opens = spaceBefore && !spaceAfter;
    const closes = spaceAfter && !spaceBefore;
    if (open < 0) {
      if (CLOSERS.includes(ch) ? !opens : ch === '"' && closes) {
        // A closing mark with nothing open: when it is the paragraph's first mark, the quote
        // began at the paragraph start and its opening mark was lost; otherwise it is stray.
        if (out.length === first && closes) pushQuote(text, out, lo, lo, i, p.index, true, i + 1);
        continue;
      }
      open = i;
      straight = ch === '"';
      depth = 0;
      straightInside = false;
    } else if (ch === '"' && !straight && !(closes && !straightInside)) {
      // Straight marks nested in a curly quote (“He said "no" to me”); an unpaired closing one
      // closes the curly quote (“…country," he said).
      if (opens) straightInside = true;
      else if (closes) straightInside = false;
    } else if ((OPENERS.includes(ch) && !closes) || (ch === '"' && opens)) {
      const end = implicitEnd(text, open + 1, i);
      if (end === i && opens) {
        depth++; // a quote within the quote, marked like it: “He called it “a disaster” and left.”
        continue;
      }
      // The writer never closed the first quote: “we may be …, adding, “ it’s …
      pushQuote(text, out, open, open + 1, end, p.index, false);
      open = i;
      straight = ch === '"';
    } else if (depth > 0) {
      depth--;
    } else {
      pushQuote(text, out, open, open + 1, i, p.index, true, i + 1);
      open = -1;
    }
  }
  if (open >= 0) pushQuote(text, out, open, open + 1, hi, p.index, false);
}

/** Where a quote ends whose closing mark is missing before the mark at `at` (`at` if no cue). */
function implicitEnd(text: string, from: number, at: number): number {
  const m = TRAILING_CUE.exec(text.slice(from, at));
  if (m && m[1].split(/\s+/).some((w) => CUE_VERBS.has(w.toLowerCase()))) return from + m.index + 1;
  return at;
}

/** A single-quoted quotation closes within this many characters of its opening mark. */
const MAX_SINGLE_QUOTE = 400;

/** ‘…’ as top-level quotes; the closing ’ is the first not followed by a letter (not don’t). */
function scanSingle(text: string, p: Paragraph, out: Quotation[], from: number): void {
  // The marks inside a double quotation are not openers. The opening marks are met in text
  // order: one sweep over the double quotations by opening keeps the furthest close so far.
  const doubles = out.slice(from).sort((a, b) => a.open - b.open);
  let nextDouble = 0;
  let furthestClose = -1;
  // Marks are searched within the paragraph (as scanDouble does), a closing mark no further than a quote may run.
  const next = (mark: string, at: number, end: number) => {
    for (let k = at; k < end; k++) if (text[k] === mark) return k;
    return -1;
  };
  for (let i = next("‘", p.bodyStart, p.end); i >= 0; i = next("‘", i + 1, p.end)) {
    for (; nextDouble < doubles.length && doubles[nextDouble].open <= i; nextDouble++) furthestClose = Math.max(furthestClose, doubles[nextDouble].close);
    if (i < furthestClose) continue;
    if (!(i === p.bodyStart || /[\s([—–-]/.test(text[i - 1])) || /\s/.test(text[i + 1] ?? " ")) continue;
    const reach = Math.min(p.end, i + MAX_SINGLE_QUOTE + 1);
    let j = next("’", i + 1, reach);
    while (j >= 0 && j + 1 < p.end && /[\p{L}\p{N}]/u.test(text[j + 1])) j = next("’", j + 1, reach);
    if (j < 0) continue;
    pushQuote(text, out, i, i + 1, j, p.index, true, j + 1);
    i = j;
  }
}

function pushQuote(text: string, out: Quotation[], open: number, from: number, contentEnd: number, paragraph: number, closed: boolean, close = contentEnd): void {
  let start = from;
  let end = contentEnd;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start) out.push({ open, close, start, end, paragraph, closed });
}

// ---------------------------------------------------------------------------------------------
// Text and token helpers

/** A named-entity mention with the actor it belongs to (null when only the tagger saw it). */
export interface MentionRef {
  readonly start: number;
  readonly end: number;
  readonly type: EntityType;
  readonly entity: Entity | null;
}

/** Entity mentions sorted by offset, for "which actor covers this token" lookups. */
export class MentionIndex {
  private readonly refs: MentionRef[];

  constructor(doc: Doc, entities: readonly Entity[]) {
    const refs: MentionRef[] = [];
    for (const entity of entities) {
      for (const m of entity.mentions) {
        // Pronoun mentions (coreference) are resolved here by the quote rules, not taken as names.
        if (!PRONOUN_KIND.has(m.text.toLowerCase())) refs.push({ start: m.start, end: m.end, type: entity.type, entity });
      }
    }
    refs.sort((a, b) => a.start - b.start);
    const covered = (s: { start: number; end: number }) => {
      const r = this.lastAtOrBefore(refs, s.start);
      return r !== undefined && r.end > s.start;
    };
    // Tagger spans no actor took are kept for their type, when they look like a name at all.
    const nameLike = (e: EntitySpan) => e.tokenEnd - e.tokenStart <= 5 && !/[,“”"«»]/.test(e.text);
    const extra = doc.entities.filter((e) => nameLike(e) && !covered(e)).map((e) => ({ start: e.start, end: e.end, type: e.type, entity: null }));
    this.refs = extra.length ? [...refs, ...extra].sort((a, b) => a.start - b.start) : refs;
  }

  private lastAtOrBefore(refs: readonly MentionRef[], offset: number): MentionRef | undefined {
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (refs[mid].start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return refs[lo - 1];
  }

  /** The mention that covers [start, end), if any. */
  at(start: number, end: number): MentionRef | undefined {
    const r = this.lastAtOrBefore(this.refs, start);
    return r && r.end >= end ? r : undefined;
  }

  all(): readonly MentionRef[] {
    return this.refs;
  }
}

const lower = (t: Token): string => t.text.toLowerCase();
const isCapitalized = (t: Token): boolean => /^\p{Lu}/u.test(t.text) && /^(?:PROPN|NOUN|ADJ|X)$/.test(t.pos);
const isComma = (t: Token): boolean => t.text === "," || t.text === "—" || t.text === "–";
/** Whether token `k` is a hyphen inside a word ("Drukker-Schardl", "23-year-old"). */
const joins = (tokens: readonly Token[], k: number): boolean =>
  tokens[k].text === "-" && k > 0 && k + 1 < tokens.length && tokens[k - 1].end === tokens[k].start && tokens[k].end === tokens[k + 1].start;

/**
 * The clause around a quote is looked for this many characters away at most: a paragraph without
 * sentence ends (a list, a hostile text) would otherwise be walked again for every quote in it.
 * The longest sentence of the 653 training articles has 950 characters (99.9% have under 505).
 */
const MAX_CLAUSE = 1000;

/** A sentence ends at . ! ? followed by a space and a non-lowercase character (not after U.S. or Sen.). */
function isSentenceEnd(text: string, i: number, hi: number): boolean {
  const ch = text[i];
  if (ch !== "." && ch !== "!" && ch !== "?") return false;
  if (i + 1 < hi && !/\s/.test(text[i + 1])) return false;
  let k = i + 1;
  while (k < hi && /\s/.test(text[k])) k++;
  if (k < hi && /\p{Ll}/u.test(text[k])) return false;
  if (ch !== ".") return true;
  const word = /(\p{L}+)$/u.exec(text.slice(Math.max(0, i - 12), i));
  return !word || (word[1].length > 1 && !ABBREVIATIONS.has(word[1].toLowerCase()));
}

// ---------------------------------------------------------------------------------------------
// Speakers

/** A speaker as read from the text, before pronouns are resolved. */
export interface Ref {
  name: string;
  entityId: string | null;
  start: number;
  end: number;
  kind: SpeakerKind;
  pronoun?: PronounClass;
  /** A common-noun phrase ("the agency"), not a name. */
  descriptive?: boolean;
}

interface Attribution {
  ref: Ref | null;
  via: Via;
  cue?: Token;
  /** The cue has no subject of its own ("and said …", ", adding,"). */
  elided?: boolean;
  /** The cue touches the quote (only punctuation or "that" between). */
  adjacent?: boolean;
}

interface Resolved {
  quote: Quotation;
  speaker: Quote["speaker"];
  channel?: TextSpan;
  /** End of the clause that attributed this quote, for the continuation rule. */
  clauseEnd: number;
  /** Offset of its cue word, so a cue between two quotes is not counted twice as governing. */
  cueStart?: number;
}

/** Reads speaker and source phrases around cue words from the tokens and entity mentions. */
export class PhraseReader {
  protected readonly text: string;
  protected readonly tokens: readonly Token[];
  readonly mentions: MentionIndex;
  private names?: Map<string, string>;

  constructor(
    protected readonly doc: Doc,
    entities: readonly Entity[],
  ) {
    this.text = doc.article.text;
    this.tokens = doc.tokens;
    this.mentions = new MentionIndex(doc, entities);
  }

  /** Whether token `i` is a speech verb ("The Bill states", not "his comments", "to say"). */
  isCue(i: number): boolean {
    const t = this.tokens[i];
    // Not "to say" (an intention) nor "so-called" (a scare quote's marker).
    if (!CUE_VERBS.has(t.text) || lower(this.tokens[i - 1] ?? t) === "to" || this.text[t.start - 1] === "-") return false;
    if (!NOUN_LIKE.has(t.text) || t.pos === "VERB") return true;
    const before = this.tokens[i - 1];
    if (!before || RELATIVE.has(lower(before))) return true;
    return !(/^(?:DET|ADJ|NUM|PART|VERB|ADP)$/.test(before.pos) || POSSESSIVES.has(lower(before)));
  }

  /** The subject of the speech verb at `v`, skipping auxiliaries, appositives, relative "who". */
  subjectLeftOf(v: number, lo: number): Ref | null {
    const tokens = this.tokens;
    let i = v - 1;
    while (i >= lo && (HAVE.has(lower(tokens[i])) || tokens[i].pos === "ADV")) i--;
    if (i < lo || PASSIVE.has(lower(tokens[i]))) return null;
    for (let pass = 0; pass < 3 && i >= lo; pass++) {
      if (tokens[i].text === ")") {
        // "X (R-Fla.) told", "X (former board member of Raytheon) who stated"
        while (i >= lo && tokens[i].text !== "(") i--;
        i--;
        if (i >= lo && isComma(tokens[i])) i--;
      } else if (isComma(tokens[i])) {
        // "X, the deputy chairman of …, said": jump over the appositive to the comma that opens it,
        // unless the appositive is the name ("one of Lew’s deputies, Adam Szubin, testified").
        let j = i - 1;
        while (j >= lo && j > i - 40 && !isComma(tokens[j])) j--;
        if (j < lo || j <= i - 40) return null;
        const name = this.mentions.at(tokens[i - 1].start, tokens[i - 1].end);
        if (name?.type === "PERSON" && tokenAtOrAfter(tokens, name.start) === j + 1) return this.head(i - 1, j + 1);
        i = j - 1;
      } else if (RELATIVE.has(lower(tokens[i]))) {
        i--; // "X, who …": the comma before a relative pronoun opens no appositive
        if (i >= lo && isComma(tokens[i])) i--;
      } else break;
    }
    return i >= lo ? this.subjectHead(i, lo) : null;
  }

  /** First token of the noun phrase whose head starts at token `s`. */
  protected phraseStart(s: number, lo: number): number {
    while (s > lo && /^(?:DET|ADJ|PROPN|NOUN|NUM)$/.test(this.tokens[s - 1].pos)) s--;
    return s;
  }

  /**
   * The speaker in a subject phrase ending at token `i`: its first noun, before any "of"/"for"
   * phrase ("a spokesman for the ministry", "Senator X of Texas", "an email from an official"),
   * unless the last noun already names a person.
   */
  protected subjectHead(i: number, lo: number): Ref | null {
    const tokens = this.tokens;
    let ref = this.head(i, lo);
    for (let n = 0; n < 3 && ref && !ref.pronoun && (ref.kind !== "person" || ref.descriptive); n++) {
      const p = this.phraseStart(tokenAtOrAfter(tokens, ref.start), lo) - 1;
      if (p - 1 < lo || !/^(?:of|for|from|at|to|with)$/.test(tokens[p].text) || !/^(?:NOUN|PROPN)$/.test(tokens[p - 1].pos)) break;
      const outer = this.head(p - 1, lo);
      if (!outer) break;
      // A common-noun head keeps its modifier in the name: "the head of the agency".
      ref = outer.descriptive ? { ...outer, name: this.text.slice(outer.start, ref.end), end: ref.end } : outer;
    }
    return ref;
  }

  /** "said former US Army Europe Commander Ben Hodges", "according to The Wall Street Journal". */
  nounPhraseRight(from: number, to: number): Ref | null {
    const tokens = this.tokens;
    let i = from;
    if (i < to && PRONOUN_KIND.has(lower(tokens[i])) && !POSSESSIVES.has(lower(tokens[i]))) {
      return i + 1 >= to || tokens[i + 1].pos === "PUNCT" ? this.head(i, i) : null;
    }
    if (i < to && POSSESSIVES.has(lower(tokens[i]))) i++;
    // Possessives stay inside the phrase: "said Putin’s spokesman Dmitry Peskov".
    while (i < to && (/^(?:DET|ADJ|PROPN|NOUN|NUM)$/.test(tokens[i].pos) || joins(tokens, i) || /^[’']s$/.test(tokens[i].text))) i++;
    if (i > from && /^[’']s$/.test(tokens[i - 1].text)) i--;
    return i > from ? this.head(i - 1, from) : null;
  }

  /** Reads a speaker whose phrase ends at token `i` (and starts no earlier than `lo`). */
  head(i: number, lo: number): Ref | null {
    const tokens = this.tokens;
    const t = tokens[i];
    const pronoun = PRONOUN_KIND.get(lower(t));
    if (pronoun !== undefined) {
      if (pronoun === "author") return null;
      return { name: t.text, entityId: null, start: t.start, end: t.end, kind: pronoun === "he" ? "person" : "group", pronoun };
    }
    const headWord = lower(t);
    const m = this.mentions.at(t.start, t.end);
    let j = i;
    if (DOCUMENT_NOUNS.has(headWord) && m?.type !== "PERSON" && !MEDIA.test(t.text)) {
      // "The Bill states", "the report says": the text speaks; keep its determiner in the name.
      while (j - 1 >= lo && /^(?:ADJ|NOUN|PROPN|NUM|DET)$/.test(tokens[j - 1].pos) && tokens[j].pos !== "DET") j--;
      return { ...this.span(j, i, "document"), entityId: m?.entity?.id ?? null };
    }
    if (m) {
      const name = m.entity?.name ?? this.text.slice(m.start, m.end);
      return { name, entityId: m.entity?.id ?? null, start: m.start, end: m.end, kind: kindOfType(m.type) };
    }
    if (isCapitalized(t)) {
      while (j - 1 >= lo && (isCapitalized(tokens[j - 1]) || (joins(tokens, j - 1) && j - 2 >= lo && isCapitalized(tokens[j - 2])))) j--;
    } else if (t.pos === "NOUN") {
      // "the prosecutor’s office": the possessor belongs to the phrase.
      while (j - 1 >= lo && (/^(?:ADJ|NOUN|PROPN|NUM)$/.test(tokens[j - 1].pos) || /^[’']s$/.test(tokens[j - 1].text))) {
        // "a phrase critics call …": "a" cannot determine a plural, so the plural starts a clause of its own.
        if (PLURAL.test(headWord) && tokens[j - 1].pos === "NOUN" && SINGULAR_DETERMINERS.has(lower(tokens[j - 2] ?? t))) break;
        j--;
      }
    } else return null;
    if (!isCapitalized(t)) {
      if (j - 1 >= lo && (tokens[j - 1].pos === "DET" || POSSESSIVES.has(lower(tokens[j - 1])))) j--;
      const person = PERSON_NOUNS.has(headWord) || TITLES.has(headWord);
      return { ...this.span(j, i, person ? "person" : "group"), descriptive: true };
    }
    // A name the tagger missed: the capitalized run after its last title word, completed from its
    // longest form in the article ("McConnell said" → "Mitch McConnell").
    const ref = this.span(this.afterTitles(j, i), i, "person");
    const full = this.fullNames().get(headWord);
    return full && full.endsWith(ref.name) ? { ...ref, name: full } : ref;
  }

  /** First token after the last title word of the capitalized run [j, i]. */
  private afterTitles(j: number, i: number): number {
    let k = i;
    while (k > j && !TITLES.has(lower(this.tokens[k - 1]).replace(/\.$/, ""))) k--;
    return k;
  }

  /** Longest untitled form of every multi-word capitalized run, by its last word (built once). */
  private fullNames(): Map<string, string> {
    if (this.names) return this.names;
    const names = new Map<string, string>();
    const tokens = this.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (!isCapitalized(tokens[i]) || (i + 1 < tokens.length && isCapitalized(tokens[i + 1]) && tokens[i + 1].sentence === tokens[i].sentence)) continue;
      let j = i;
      while (j > 0 && isCapitalized(tokens[j - 1]) && tokens[j - 1].sentence === tokens[i].sentence) j--;
      const k = this.afterTitles(j, i);
      if (k === i) continue;
      const name = this.text.slice(tokens[k].start, tokens[i].end);
      const key = lower(tokens[i]);
      if (name.length > (names.get(key)?.length ?? 0)) names.set(key, name);
    }
    return (this.names = names);
  }

  protected span(from: number, to: number, kind: SpeakerKind): Ref {
    const start = this.tokens[from].start;
    const end = this.tokens[to].end;
    return { name: this.text.slice(start, end), entityId: null, start, end, kind };
  }
}

class Extractor extends PhraseReader {
  /** Possible antecedents of he/she/it/they, in text order. */
  private readonly antecedents: { pos: number; ref: Ref }[] = [];
  private readonly paragraphStarts: number[];
  private readonly quotedParagraphs: Set<number>;

  constructor(
    doc: Doc,
    entities: readonly Entity[],
    private readonly quotes: readonly Quotation[],
  ) {
    super(doc, entities);
    this.paragraphStarts = doc.article.paragraphs.map((p) => p.start);
    this.quotedParagraphs = new Set(quotes.map((q) => q.paragraph));
    this.collectSubjects();
  }

  run(): Quote[] {
    const out: Quote[] = [];
    const done: Resolved[] = [];
    // The right clause may run over a scare quote ("an adviser to the head of the “DPR”, said"):
    // the quotation after each that is not one (found in one pass from the end).
    const notFragment = new Int32Array(this.quotes.length + 1).fill(this.quotes.length);
    for (let k = this.quotes.length - 1; k > 0; k--) notFragment[k - 1] = this.embeddedFragment(this.quotes[k]) ? notFragment[k] : k;
    for (let n = 0; n < this.quotes.length; n++) {
      const q = this.quotes[n];
      const prev = done.length && done[done.length - 1].quote.paragraph >= q.paragraph - 1 ? done[done.length - 1] : undefined;
      const resolved = this.resolve(q, prev, this.quotes[notFragment[n]]);
      if (resolved) {
        done.push(resolved.r);
        out.push(resolved.quote);
      }
    }
    // A quote running over several paragraphs is often attributed only at its end: hand the
    // speaker back to the unclosed paragraphs before it.
    for (let n = out.length - 2; n >= 0; n--) {
      const q = done[n].quote;
      const next = out[n + 1];
      const nextOpensParagraph = done[n + 1].quote.paragraph === q.paragraph + 1 && done[n + 1].quote.open === this.doc.article.paragraphs[q.paragraph + 1].bodyStart;
      if (out[n].speaker === null && !q.closed && next.speaker && nextOpensParagraph) out[n] = { ...out[n], speaker: { ...next.speaker, via: "continuation" } };
    }
    return out;
  }

  private resolve(q: Quotation, prev: Resolved | undefined, next: Quotation | undefined): { r: Resolved; quote: Quote } | null {
    const text = this.text;
    const para = this.doc.article.paragraphs[q.paragraph];
    const samePara = prev !== undefined && prev.quote.paragraph === q.paragraph;
    // Left clause: back to a sentence end, the previous quote, or the paragraph start.
    const floor = samePara ? prev.quote.close : para.bodyStart;
    const reach = q.open - MAX_CLAUSE;
    let lo = q.open;
    while (lo > floor && lo > reach && !isSentenceEnd(text, lo - 1, q.open)) lo--;
    // Right clause: up to a sentence end, the next quote, or the paragraph end.
    const ceil = next && next.paragraph === q.paragraph ? next.open : para.end;
    let hi = q.close;
    while (hi < ceil && hi < q.close + MAX_CLAUSE && !isSentenceEnd(text, hi, ceil)) hi++;
    hi = Math.min(ceil, hi + 1);

    const content = text.slice(q.start, q.end);
    const before = text.slice(lo, q.open).trimEnd();
    // A sentence's subject is looked for before the quote, but not inside an earlier quote.
    const left = this.leftCue(lo, q.open, samePara && lo === floor ? lo : this.sentenceStart(lo, Math.max(para.bodyStart, reach)));
    const endsSentence = /\.$/.test(content) && /^\s*\p{Lu}/u.test(text.slice(q.close, hi));
    const right = this.rightCue(q.close, hi, endsSentence, content.endsWith(","));
    // Partial: woven into the reporter's sentence, after a word that is not the speech verb itself.
    const partial = /^\p{Ll}/u.test(content) || (/[\p{L}\p{N}]$/u.test(before) && left?.cue?.end !== lo + before.length);

    let att: Attribution | null = null;
    let clauseEnd = q.close;
    if (left?.adjacent && (left.ref || left.elided)) att = left;
    else if (right?.ref) {
      att = right;
      clauseEnd = hi;
    } else att = left;

    let speaker: Quote["speaker"] = null;
    if (att?.elided && !att.ref && samePara && prev.speaker && lo === floor) {
      speaker = prev.speaker; // "…” and said “…”": the subject of the sentence is the previous quote's
    } else if (att?.ref) {
      speaker = this.finish(att.ref, att.via);
    } else if (prev?.speaker && (this.continues(q, prev, samePara) || (samePara && lo === floor && !/[.!?…]$/.test(text.slice(prev.quote.start, prev.quote.end))))) {
      // No cue of its own: it continues the previous quote's turn, or shares its sentence's cue.
      speaker = { ...prev.speaker, via: "continuation" };
      att = null;
    } else if (!samePara) {
      const intro = this.introduction(q, para);
      if (intro?.ref) {
        att = intro;
        speaker = this.finish(intro.ref, "introduction");
      }
    }

    // A short fragment is a quote only when a speech cue of its own governs it from nearby.
    const wordCount = content.split(/\s+/).length;
    const cue = att?.cue;
    const sharedCue = cue !== undefined && samePara && prev.cueStart === cue.start;
    const near = cue !== undefined && Math.abs(tokenAtOrAfter(this.tokens, cue.start > q.close ? q.close : q.open) - tokenAtOrAfter(this.tokens, cue.start)) <= 12;
    const governed = near && !sharedCue && speaker !== null;
    if (partial && wordCount <= 3 && !governed) return null;

    const sameSpeaker = samePara && speaker !== null && prev.speaker?.name === speaker.name;
    const channel = this.channel(lo, q.open) ?? this.channel(q.close, hi) ?? (sameSpeaker ? prev.channel : undefined);
    if (speaker && speaker.via !== "pronoun" && speaker.via !== "continuation") this.addAntecedent(speaker);
    const quote: Quote = {
      start: q.start,
      end: q.end,
      text: content,
      kind: partial ? "partial" : "full",
      speaker,
      ...(att?.cue ? { cue: { text: att.cue.text, start: att.cue.start, end: att.cue.end } } : {}),
      ...(channel ? { channel } : {}),
    };
    return { r: { quote: q, speaker, channel, clauseEnd, cueStart: cue?.start }, quote };
  }

  /** One to three quoted words inside a sentence: "the “DPR”", "such “drawdown”". */
  private embeddedFragment(q: Quotation): boolean {
    return this.text.slice(q.start, q.end).split(/\s+/).length <= 3 && /\p{L}\s*$/u.test(this.text.slice(Math.max(0, q.open - 3), q.open));
  }

  /** A quote with no cue of its own continues the previous speaker's turn. */
  private continues(q: Quotation, prev: Resolved, samePara: boolean): boolean {
    const gap = this.text.slice(prev.clauseEnd, q.open);
    if (samePara) return /^[\s,;]*(?:and|or|but)?[\s,;]*$/.test(gap);
    const prevPara = this.doc.article.paragraphs[prev.quote.paragraph];
    const opensParagraph = q.open === this.doc.article.paragraphs[q.paragraph].bodyStart;
    return opensParagraph && prev.quote.paragraph === q.paragraph - 1 && /^[\s.,]*$/.test(this.text.slice(prev.clauseEnd, prevPara.end));
  }

  /**
   * The last sentence of the previous paragraph introduces the quote opening this one when it
   * ends in a colon ("X commented:"), or names who spoke and quotes nobody ("X said in a
   * statement on Thursday.").
   */
  private introduction(q: Quotation, para: Paragraph): Attribution | null {
    if (q.open !== para.bodyStart || para.index === 0) return null;
    const prevPara = this.doc.article.paragraphs[para.index - 1];
    const colon = this.text.slice(prevPara.start, prevPara.end).trimEnd().endsWith(":");
    if (!colon && this.quotedParagraphs.has(prevPara.index)) return null;
    let lo = prevPara.end - 1;
    while (lo > prevPara.bodyStart && !isSentenceEnd(this.text, lo - 1, prevPara.end)) lo--;
    const intro = this.leftCue(lo, prevPara.end, lo);
    return intro && (colon || intro.cue?.pos === "VERB") ? intro : null;
  }

  /** The cue before a quote: the nearest speech verb of the clause, else a speech noun. */
  private leftCue(lo: number, hi: number, sentenceStart: number): Attribution | null {
    const tokens = this.tokens;
    const a = tokenAtOrAfter(tokens, lo);
    const b = tokenAtOrAfter(tokens, hi);
    for (let v = b - 1; v >= a; v--) {
      const t = tokens[v];
      if (t.text.length === 9 && lower(t) === "according" && tokens[v + 1]?.text === "to") {
        const ref = this.nounPhraseRight(v + 2, b);
        if (ref) return { ref, via: "according-to", cue: t };
      }
      if (!this.isCue(v)) continue;
      const adjacent = this.touches(v + 1, b);
      const inverted = v === a || tokens[v - 1].pos === "PUNCT";
      let ref = this.subjectLeftOf(v, a) ?? (inverted ? this.nounPhraseRight(v + 1, b) : null);
      // A participle's subject is the main clause's, not the thing before it ("the event claiming").
      if (ref?.descriptive && ref.kind !== "person" && t.text.endsWith("ing")) ref = null;
      if (ref) return { ref, via: this.via(ref), cue: t, adjacent };
      if (this.passive(v, a)) continue;
      // No subject ("and said", "by stating", ", tweeting"): an earlier cue of the clause may have
      // one, else the sentence's subject speaks, when it is a name or a pronoun.
      for (let u = v - 1; u >= a && !isComma(tokens[u]); u--) {
        const outer = this.isCue(u) ? this.subjectLeftOf(u, a) : null;
        if (outer) return { ref: outer, via: this.via(outer), cue: t, adjacent };
      }
      const main = this.clauseSubject(tokenAtOrAfter(tokens, sentenceStart), v);
      if (main && !main.descriptive) return { ref: main, via: this.via(main), cue: t, adjacent };
      return { ref: null, via: "cue", cue: t, adjacent, elided: true };
    }
    for (let v = b - 1; v >= a; v--) {
      const t = tokens[v];
      if (!SPEECH_NOUNS.has(lower(t))) continue;
      const ref = this.ownerOf(v, b) ?? this.clauseSubject(tokenAtOrAfter(tokens, sentenceStart), v);
      if (ref) return { ref, via: this.via(ref), cue: t };
    }
    return null;
  }

  /**
   * The cue after a quote: "X said", "X, the …, said", "said X", "according to X". After a quote
   * that ended its sentence only a closing "X said." counts; after “…,” any first verb does
   * ("“…,” Dan Fishback whines").
   */
  private rightCue(lo: number, hi: number, endsSentence: boolean, comma: boolean): Attribution | null {
    const tokens = this.tokens;
    let a = tokenAtOrAfter(tokens, lo);
    const b = tokenAtOrAfter(tokens, hi);
    while (a < b && tokens[a].pos === "PUNCT") a++;
    if (a >= b) return null;
    // "“…”, a phrase critics call a “warning”": a verb whose object is the next quote is that quote's.
    const cueOfNext = (v: number) => {
      let o = v + 1;
      while (o < tokens.length && (tokens[o].pos === "DET" || tokens[o].pos === "ADJ")) o++;
      return o < tokens.length && /^[“"«]$/.test(tokens[o].text);
    };
    if (this.isCue(a) && !endsSentence) {
      // "said Putin", "says the report"; not "telling stories" (an object, not a speaker).
      const ref = /ing$/.test(tokens[a].text) || TELL.has(tokens[a].text) ? null : this.nounPhraseRight(a + 1, b);
      return { ref, via: ref ? this.via(ref) : "cue", cue: tokens[a] };
    }
    if (lower(tokens[a]) === "according" && tokens[a + 1]?.text === "to" && !endsSentence) {
      return { ref: this.nounPhraseRight(a + 2, b), via: "according-to", cue: tokens[a] };
    }
    for (let v = a + 1; v < Math.min(b, a + 40); v++) {
      const cue = this.isCue(v);
      if (!cue && !(comma && tokens[v].pos === "VERB")) continue;
      if (cueOfNext(v)) return null;
      const last = v + 1 >= b || tokens[v + 1].pos === "PUNCT";
      // "“…,” X, the …, said": the first chunk, unless it only describes the name after it
      // ("the lawyer, Lisa Page, wrote").
      const chunk = this.firstChunk(a, v);
      const near = this.subjectLeftOf(v, a);
      const named = near && !near.descriptive && near.kind === "person";
      const ref = (chunk && !(chunk.descriptive && named) ? chunk : near) ?? this.relativeSubject(a, v);
      // The subject must open the clause ("“…,” Putin said"), else the verb is another sentence's,
      // unless subject and verb close the sentence after a comma ("“…” show …, a diplomat claimed").
      const s = ref ? tokenAtOrAfter(tokens, ref.start) : -1;
      const closing = s > a && isComma(tokens[this.phraseStart(s, a) - 1]) && last;
      if (ref && (this.opensClause(a, s) || closing) && (last || !endsSentence)) return { ref, via: this.via(ref), cue: tokens[v] };
      if (!cue) continue;
      // "“…” from the Gaza Strip, said X": a cue closing the sentence governs all of it.
      const inverted = isComma(tokens[v - 1]) && !endsSentence ? this.nounPhraseRight(v + 1, b) : null;
      return inverted ? { ref: inverted, via: this.via(inverted), cue: tokens[v] } : null;
    }
    return null;
  }

  /** "“…,” Sara Henderson, director for X, which filed the suit, told": the phrase before the first comma. */
  private firstChunk(a: number, v: number): Ref | null {
    if (!isComma(this.tokens[v - 1])) return null;
    let c = a;
    while (c < v && !isComma(this.tokens[c])) c++;
    return c > a && c < v - 1 && this.opensClause(a, c) ? this.subjectHead(c - 1, a) : null;
  }

  /** "a person who worked on the case told": the phrase before the relative pronoun. */
  private relativeSubject(a: number, v: number): Ref | null {
    for (let r = a + 1; r < v; r++) {
      if (RELATIVE.has(lower(this.tokens[r]))) return this.opensClause(a, r) ? this.subjectHead(r - 1, a) : null;
    }
    return null;
  }

  /** Only noun-phrase words (a title, a determiner) between token `a` and the subject at `s`. */
  private opensClause(a: number, s: number): boolean {
    const tokens = this.tokens;
    for (let i = a; i < s; i++) {
      const t = tokens[i];
      if (!/^(?:DET|ADJ|PROPN|NOUN|NUM|PART)$/.test(t.pos) && !isComma(t) && t.text !== "of" && !joins(tokens, i)) return false;
    }
    return true;
  }

  private via(ref: Ref): Via {
    return ref.pronoun ? "pronoun" : ref.kind === "document" ? "document" : "cue";
  }

  /** Only punctuation, "that" or spaces between token `from` and the quote at token `to`. */
  private touches(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.tokens[i].pos !== "PUNCT" && lower(this.tokens[i]) !== "that") return false;
    return true;
  }

  private passive(v: number, lo: number): boolean {
    return v - 1 >= lo && PASSIVE.has(lower(this.tokens[v - 1]));
  }

  /** "his declaration", "Hodges’ statement", "the statement by Hodges". */
  private ownerOf(v: number, to: number): Ref | null {
    const tokens = this.tokens;
    const before = tokens[v - 1];
    if (!before) return null;
    if (PRONOUN_KIND.has(lower(before))) return this.head(v - 1, v - 1);
    if (/^[’']s?$/.test(before.text) && v >= 2) return this.head(v - 2, Math.max(0, v - 8));
    if (tokens[v + 1] && lower(tokens[v + 1]) === "by") return this.nounPhraseRight(v + 2, to);
    return null;
  }

  /** The subject of a sentence's first verb ("Critically, it replaces …", "O'Neill spoke out, tweeting"). */
  private clauseSubject(from: number, to: number): Ref | null {
    for (let u = from; u < to; u++) {
      const t = this.tokens[u];
      if (/^(?:VERB|AUX)$/.test(t.pos) && /^\p{Ll}/u.test(t.text)) return this.subjectLeftOf(u, from);
    }
    return null;
  }

  /** Turns a read speaker into the output shape, resolving a pronoun to its antecedent. */
  private finish(ref: Ref, via: Via): Quote["speaker"] {
    if (ref.pronoun) {
      const target = this.antecedent(ref.start, ref.pronoun);
      if (!target) return null;
      return { name: target.name, entityId: target.entityId, start: ref.start, end: ref.end, via: "pronoun" };
    }
    return { name: ref.name, entityId: ref.entityId, start: ref.start, end: ref.end, via };
  }

  private sentenceStart(lo: number, floor: number): number {
    let s = lo;
    while (s > floor && !isSentenceEnd(this.text, s - 1, lo)) s--;
    return s;
  }

  private channel(lo: number, hi: number): TextSpan | undefined {
    const slice = this.text.slice(lo, hi);
    for (const m of slice.matchAll(CHANNEL)) {
      const name = m[1];
      const start = lo + m.index + m[0].length - name.length;
      const mention = this.mentions.at(start, start + 1);
      if (mention?.type === "PERSON") continue;
      if (!(MEDIA.test(name) || /[“"]/.test(name) || /^[a-z]|^(?:Twitter|X|Telegram|Facebook|Instagram|TikTok|YouTube|Truth Social|VKontakte)$/.test(name) || mention?.type === "ORGANIZATION")) continue;
      return { text: name, start, end: start + name.length };
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Antecedents of he/she/it/they

  private paragraphOf(offset: number): number {
    let lo = 0;
    let hi = this.paragraphStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.paragraphStarts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Person and organization mentions in subject position (not after a verb or preposition). */
  private collectSubjects(): void {
    const tokens = this.tokens;
    let qi = 0;
    for (const m of this.mentions.all()) {
      if (m.type === "MISC") continue;
      while (qi < this.quotes.length && this.quotes[qi].close <= m.start) qi++;
      if (qi < this.quotes.length && this.quotes[qi].open < m.start) continue; // inside a quote
      let i = tokenAtOrAfter(tokens, m.start);
      const last = tokenAtOrAfter(tokens, m.end);
      if (i >= tokens.length || /^[’']s?$/.test(tokens[last]?.text ?? "")) continue; // a possessor
      const sentence = tokens[i].sentence;
      // Walk over the rest of the noun phrase ("But Putin's spokesman Dmitry Peskov rejected").
      while (i > 0 && tokens[i - 1].sentence === sentence && /^(?:DET|ADJ|NOUN|PROPN|NUM|PART)$/.test(tokens[i - 1].pos)) i--;
      const prev = i > 0 && tokens[i - 1].sentence === sentence ? tokens[i - 1] : undefined;
      if (prev && !/^(?:PUNCT|CCONJ|SCONJ|ADV)$/.test(prev.pos)) continue;
      const ref = this.head(last - 1, this.doc.sentenceTokens[sentence].tokenStart);
      if (ref) this.antecedents.push({ pos: ref.start, ref });
    }
  }

  private addAntecedent(speaker: NonNullable<Quote["speaker"]>): void {
    const kind: SpeakerKind = speaker.via === "document" ? "document" : this.kindOf(speaker);
    const ref: Ref = { name: speaker.name, entityId: speaker.entityId, start: speaker.start, end: speaker.end, kind };
    let i = this.antecedents.length;
    while (i > 0 && this.antecedents[i - 1].pos > speaker.start) i--;
    this.antecedents.splice(i, 0, { pos: speaker.start, ref });
  }

  private kindOf(speaker: NonNullable<Quote["speaker"]>): SpeakerKind {
    const m = this.mentions.at(speaker.start, speaker.end);
    return m ? kindOfType(m.type) : "person";
  }

  /** The most recent agreeing antecedent within five paragraphs before `pos`. */
  private antecedent(pos: number, pronoun: PronounClass): Ref | null {
    const minParagraph = this.paragraphOf(pos) - 5;
    for (let i = this.antecedents.length - 1; i >= 0; i--) {
      const a = this.antecedents[i];
      if (a.pos >= pos) continue;
      if (this.paragraphOf(a.pos) < minParagraph) break;
      if (agrees(pronoun, a.ref.kind)) return a.ref;
    }
    return null;
  }
}

/**
 * Title-Case or all-caps words with no closing punctuation: the name of a show, a work or a
 * headline, not speech (“60 Minutes”, “Electric Vehicle Maintenance Is Easy, But …”).
 */
function titleLike(s: string): boolean {
  if (/[.!?,;:…]$/.test(s)) return false;
  const ws = s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const content = ws.filter((w) => !/^(?:of|the|a|an|and|or|but|in|on|for|to|at|by|with|from|&)$/.test(w));
  if (content.length === 0 || !content.every((w) => /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u.test(w))) return false;
  return ws.length <= 12 || s === s.toUpperCase();
}

/** Every direct quotation of the document with its speaker (see the rules above). */
export function extractQuotes(doc: Doc, entities: readonly Entity[]): Quote[] {
  const quotes = findQuotations(doc.article);
  return quotes.length ? new Extractor(doc, entities, quotes).run() : [];
}
