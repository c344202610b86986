import { readFileSync } from "node:fs";
import { taxonomyPath } from "../../ml/paths.js";

export const MAIN_ROLES = ["Protagonist", "Antagonist", "Innocent"] as const;
export type MainRole = (typeof MAIN_ROLES)[number];

interface RoleEntry {
  description: string;
  cues: string[];
}

interface LexiconFile {
  roles: Record<MainRole, RoleEntry & { fine: Record<string, RoleEntry> }>;
  domains: { CC: string[]; URW: string[] };
  stance: Record<Stance, string[]>;
  blocs: Record<string, string[]>;
  speech: string[];
  groups: string[];
}

/** One pattern of a cue phrase: a whole word, or a stem that matches any word starting with it. */
interface WordPattern {
  readonly word: string;
  readonly prefix: boolean;
}

/** Context cue categories: role names (main and fine), domains "CC" / "URW" and stances. */
export interface Cue {
  readonly words: readonly WordPattern[];
  readonly category: string;
}

export const STANCES = ["proRussia", "proUkraine", "climateSkeptic", "climateConcern"] as const;
export type Stance = (typeof STANCES)[number];

/** Cues indexed by their first word: exact words, and prefix stems. */
export interface CueIndex {
  readonly byWord: ReadonlyMap<string, readonly Cue[]>;
  readonly byStem: ReadonlyMap<string, readonly Cue[]>;
  /** The distinct stem lengths, so matching slices a word only where a stem could be. */
  readonly stemLengths: readonly number[];
  /** Lookups already done, by word: most words of an article were seen in earlier ones. */
  readonly memo: Map<string, WordCues>;
}

export interface WordCues {
  readonly categories: readonly string[];
  readonly phrases: readonly Cue[];
}

/** The compiled role lexicon: the taxonomy (fine roles per main role) and its cue matcher. */
export interface RoleLexicon {
  /** Fine roles under each main role, in file order. */
  readonly fineRoles: Readonly<Record<MainRole, readonly string[]>>;
  /** Main role of every fine role. */
  readonly mainOf: ReadonlyMap<string, MainRole>;
  readonly speech: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
  /** Role, domain and stance cues, matched in the article text. */
  readonly cues: CueIndex;
  /** Camp names ("bloc:russia"), matched in the mention itself. */
  readonly blocs: CueIndex;
}

/** Lowercase, ASCII apostrophes, possessive stripped: the form every cue and feature compares. */
export function normalizeWord(text: string): string {
  const lower = text.toLowerCase();
  // Most words carry no apostrophe: skip the regexes for them (this runs on every token).
  return APOSTROPHES.test(lower) ? lower.replace(APOSTROPHES_ALL, "'").replace(/'s?$/, "") : lower;
}

const APOSTROPHES = /['\u2018\u2019\u02bc`]/;
const APOSTROPHES_ALL = /[\u2018\u2019\u02bc`]/g;

/** Crude suffix stripping: enough to let "attacks", "attacked", "attacking" share one feature. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith("ies")) return word.slice(0, -3) + "y";
  if (word.endsWith("ing") && word.length > 5) return word.slice(0, -3);
  if (word.endsWith("ed")) return word.slice(0, -2);
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function compileCue(phrase: string, category: string): Cue {
  const words = phrase
    .split(/\s+/)
    .map(normalizeWord)
    .map((w) => (w.endsWith("*") ? { word: w.slice(0, -1), prefix: true } : { word: w, prefix: false }));
  return { words, category };
}

export function compileLexicon(file: LexiconFile): RoleLexicon {
  const cues: Cue[] = [];
  const fineRoles = {} as Record<MainRole, string[]>;
  const mainOf = new Map<string, MainRole>();
  for (const main of MAIN_ROLES) {
    const entry = file.roles[main];
    for (const c of entry.cues) cues.push(compileCue(c, main));
    fineRoles[main] = Object.keys(entry.fine);
    for (const [fine, fineEntry] of Object.entries(entry.fine)) {
      mainOf.set(fine, main);
      for (const c of fineEntry.cues) cues.push(compileCue(c, fine));
    }
  }
  for (const domain of ["CC", "URW"] as const) for (const c of file.domains[domain]) cues.push(compileCue(c, domain));
  for (const stance of STANCES) for (const c of file.stance[stance]) cues.push(compileCue(c, stance));
  const blocs = Object.entries(file.blocs)
    .filter(([name]) => name !== "about")
    .flatMap(([name, phrases]) => phrases.map((c) => compileCue(c, `bloc:${name}`)));
  return {
    fineRoles,
    mainOf,
    speech: new Set(file.speech),
    groups: new Set(file.groups),
    cues: indexCues(cues),
    blocs: indexCues(blocs),
  };
}

function indexCues(cues: readonly Cue[]): CueIndex {
  const byWord = new Map<string, Cue[]>();
  const byStem = new Map<string, Cue[]>();
  for (const cue of cues) {
    const first = cue.words[0];
    const index = first.prefix ? byStem : byWord;
    index.set(first.word, [...(index.get(first.word) ?? []), cue]);
  }
  const stemLengths = [...new Set([...byStem.keys()].map((k) => k.length))].sort((a, b) => a - b);
  return { byWord, byStem, stemLengths, memo: new Map() };
}

let shipped: RoleLexicon | undefined;

/** The lexicon shipped in taxonomies/role-lexicon.json (loaded once). */
export function roleLexicon(): RoleLexicon {
  shipped ??= compileLexicon(JSON.parse(readFileSync(taxonomyPath("role-lexicon.json"), "utf8")) as LexiconFile);
  return shipped;
}

function wordMatches(pattern: WordPattern, word: string): boolean {
  return pattern.prefix ? word.startsWith(pattern.word) : word === pattern.word;
}

/** Whether the phrase `cue` matches `words` from position i on. */
export function phraseMatches(cue: Cue, words: readonly string[], i: number): boolean {
  return cue.words.every((p, k) => i + k < words.length && wordMatches(p, words[i + k]));
}

/** Bounds the per-word memo of cue lookups (words seen across articles). */
const MEMO_LIMIT = 200_000;

/** The cues a word can start: categories of one-word cues it matches, and phrases to check. */
export function cuesStartingWith(index: CueIndex, word: string): WordCues {
  let hit = index.memo.get(word);
  if (hit) return hit;
  const categories: string[] = [];
  const phrases: Cue[] = [];
  const consider = (cues: readonly Cue[] | undefined) => {
    for (const cue of cues ?? []) {
      if (cue.words.length > 1) phrases.push(cue);
      else if (!categories.includes(cue.category)) categories.push(cue.category);
    }
  };
  consider(index.byWord.get(word));
  for (const n of index.stemLengths) if (n <= word.length) consider(index.byStem.get(word.slice(0, n)));
  hit = { categories, phrases };
  if (index.memo.size < MEMO_LIMIT) index.memo.set(word, hit);
  return hit;
}

/**
 * Categories of the cues that start at each position of `words` (normalized words). A category
 * is reported once per position even when several of its cues match there.
 */
export function matchCues(index: CueIndex, words: readonly string[]): (readonly string[])[] {
  return words.map((word, i) => {
    const { categories, phrases } = cuesStartingWith(index, word);
    if (!phrases.length) return categories;
    const found = [...categories];
    for (const cue of phrases) {
      if (found.includes(cue.category)) continue;
      if (phraseMatches(cue, words, i)) found.push(cue.category);
    }
    return found;
  });
}
