/**
 * Actors: the people, organizations and places an article names, one entity per real-world
 * referent, each with every mention's exact offsets and the title the text gives a person.
 *
 * Rules (see the tests for examples):
 * - Mentions come from the NER spans, cleaned (quotes, trailing punctuation, possessive ’s and a
 *   leading "the" are trimmed; a PERSON span keeps only its trailing name words, so title words
 *   are never part of a name) and fixed up where taggers typically fail (see fromTagger in
 *   mentions.ts: pronouns, names cut in two, a title tagged as an organization, a PERSON that is
 *   a body or a law). MISC spans are dropped unless the alias file knows them. Spans in quoted
 *   headline references (`article.references`) and editorial labels ("TREND FORECAST:") are
 *   skipped: they name other articles and page furniture, not actors of this one.
 * - taxonomies/actor-aliases.json maps variants to one canonical actor ("US", "U.S.", "America"
 *   → United States; "Kiev" → Kyiv); its type wins over the tagger's (a PERSON "Kiev" is a
 *   place). Forms the tagger missed are found by an exact-case scan of the same file.
 * - Demonyms ("Russian", "Ukrainian") are modifiers, not mentions of the country. Two
 *   exceptions mean the state acting: a demonym + state head ("Russian forces", "the German
 *   government", "Ukrainian leadership") and a plural demonym as a noun ("the Russians").
 * - People: full names merge when surnames match and given names are compatible (equal, an
 *   initial, or a prefix: "Vlad"/"Vladimir"); "Joe Biden" and "Hunter Biden" stay apart. A bare
 *   surname joins the nearest earlier full name with that surname, else the nearest later one,
 *   else the alias file, else a full name starting with that word ("Yoon" → "Yoon Suk Yeol").
 *   An ORG span equal to a person's name or surname is that person (a LOC is not: "Austin" the
 *   town vs "Lloyd Austin").
 * - Mentions inside a title are kept: "U.S." in "U.S. Secretary of State" is a mention of the
 *   United States, "Russian Security Council" in Medvedev's title an actor of its own.
 * - One name, one actor: groups that end up with the same name are one, whatever types the
 *   tagger gave their mentions ("Oswald" a person in one sentence, a place in another).
 * - Acronyms join their expansion when their letters are its initials ("North Atlantic Treaty
 *   Organization (NATO)", "SCO" ~ "Shanghai Cooperation Organization").
 * - Headline-style sentences (all caps, Title Case) are not trusted to the tagger: only names
 *   known from the rest of the article or the alias file are matched there, case-insensitively.
 * - name: the alias file's canonical name, else the longest form seen (for people, the one with
 *   most words). aliases: the other name forms seen (demonym phrases are mentions, not
 *   aliases). id: "<type>:<slug of name>" ("person:
 *   vladimir-putin"), deterministic; entities are ordered by first mention.
 * - title: the first one found over the person's mentions, before the name ("Russian President")
 *   or in apposition after it (", the deputy chairman of the Russian Security Council,").
 */
import type { Entity } from "../../analysis/schema.js";
import type { Span } from "../../article/types.js";
import type { Doc, EntityType } from "../../nlp/types.js";
import { aliasIndex, nameKey, type AliasIndex } from "./aliases.js";
import { NAME_SUFFIXES } from "./lexicon.js";
import { collectCandidates, collectInHeadlines, makeContext, type Candidate, type Context } from "./mentions.js";
import { tokenAtOrAfter } from "../../nlp/tokens.js";
import { titleAfter, titleBefore } from "./titles.js";

/** The article's actors, ordered by first mention. `aliases` defaults to the shipped alias file. */
export function extractActors(doc: Doc, aliases: AliasIndex = aliasIndex()): Entity[] {
  const ctx = makeContext(doc, aliases);
  const candidates = collectCandidates(ctx);
  const groups = new Groups();
  const groupOf = resolve(candidates);
  linkAcronyms(ctx.text, candidates, groupOf, groups);

  addHeadlineMentions(ctx, candidates, groupOf);

  const members = new Map<string, Candidate[]>();
  candidates.forEach((c, i) => {
    const root = groups.find(groupOf[i]);
    let list = members.get(root);
    if (!list) members.set(root, (list = []));
    list.push(c);
  });
  // Titles never reach across another person's name ("Vladimir Putin and Chinese President Xi").
  const personTokens = new Uint8Array(doc.tokens.length);
  for (const c of candidates) {
    if (c.type !== "PERSON") continue;
    for (let i = tokenAtOrAfter(doc.tokens, c.start); i < doc.tokens.length && doc.tokens[i].start < c.end; i++) personTokens[i] = 1;
  }
  const entities = [...sameNameMerged(doc.article.text, members)].map(([root, list]) => toEntity(doc, root, list.sort((a, b) => a.start - b.start), personTokens));
  entities.sort((a, b) => a.mentions[0].start - b.mentions[0].start);
  assignIds(entities);
  return entities;
}

/** Headlines: only names already known from the article or the alias file. */
function addHeadlineMentions(ctx: Context, candidates: Candidate[], groupOf: string[]): void {
  const known = new Map<string, { like: Candidate; group: string }>();
  candidates.forEach((c, i) => {
    known.set(c.key, { like: c, group: groupOf[i] });
    if (c.type === "PERSON" && c.words.length >= 2) known.set(nameKey(surname(c.words)), { like: c, group: groupOf[i] });
  });
  const lookup = (key: string): { like: Candidate; group: string } | undefined => {
    const entry = ctx.aliases.byKey.get(key);
    const fromFile = entry && { like: { start: 0, end: 0, type: entry.type, key, words: [entry.name], alias: entry, source: "headline" as const }, group: aliasGroup(entry.name) };
    return known.get(key) ?? fromFile;
  };
  for (const c of collectInHeadlines(ctx, (key) => lookup(key)?.like)) {
    candidates.push(c);
    groupOf.push(lookup(c.key)!.group);
  }
}

/** The entity one of whose mentions overlaps [start, end) the most (for quote attribution). */
export function entityAt(entities: readonly Entity[], start: number, end: number): Entity | undefined {
  let best: Entity | undefined;
  let bestOverlap = 0;
  for (const e of entities) {
    for (const m of e.mentions) {
      // An empty span counts as overlapping the mention it falls in.
      const overlap = start === end ? Number(m.start <= start && start < m.end) : Math.min(end, m.end) - Math.max(start, m.start);
      if (overlap > bestOverlap) {
        best = e;
        bestOverlap = overlap;
      }
    }
  }
  return best;
}

/** Union–find over group ids; a merged group keeps an alias-file id so the canonical name wins. */
class Groups {
  private readonly parent = new Map<string, string>();

  find(id: string): string {
    let root = id;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    if (root !== id) this.parent.set(id, root);
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (rb.startsWith("a:") && !ra.startsWith("a:")) this.parent.set(ra, rb);
    else this.parent.set(rb, ra);
  }
}

const aliasGroup = (name: string): string => `a:${name}`;

/** The surname: the last word that is not a suffix ("Jr."). */
function surname(words: readonly string[]): string {
  for (let i = words.length - 1; i > 0; i--) if (!NAME_SUFFIXES.has(nameKey(words[i]))) return words[i];
  return words[words.length - 1];
}

/** Given names that can belong to one person: equal, an initial ("J."), or a prefix ("Vlad"). */
function compatibleGiven(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length === 1 ? long.startsWith(short) : short.length >= 3 && long.startsWith(short);
}

interface Person {
  readonly group: string;
  readonly given: string;
  /** Where its full-name mentions start, to pick the nearest one for a bare surname. */
  readonly starts: number[];
}

/** Assigns every candidate a group id (see the rules at the top of the file). */
function resolve(candidates: readonly Candidate[]): string[] {
  const groupOf = new Array<string>(candidates.length);
  const bySurname = new Map<string, Person[]>();
  const byGiven = new Map<string, Person[]>();
  const singles = new Map<string, string>();
  const addPerson = (c: Candidate, group: string): void => {
    const given = nameKey(c.words[0]);
    for (const [index, key] of [[bySurname, nameKey(surname(c.words))], [byGiven, given]] as const) {
      let list = index.get(key);
      if (!list) index.set(key, (list = []));
      const person = list.find((p) => p.group === group) ?? list[list.push({ group, given, starts: [] }) - 1];
      person.starts.push(c.start);
    }
  };
  const nearestPerson = (key: string, at: number, index = bySurname): string | undefined => {
    let before: [number, string] | undefined;
    let after: [number, string] | undefined;
    for (const p of index.get(key) ?? []) {
      for (const s of p.starts) {
        if (s < at && (!before || s > before[0])) before = [s, p.group];
        if (s > at && (!after || s < after[0])) after = [s, p.group];
      }
    }
    return (before ?? after)?.[1];
  };

  // Full names first, so bare surnames anywhere in the article can find them.
  candidates.forEach((c, i) => {
    const fullName = c.type === "PERSON" && c.words.length >= 2;
    if (c.alias && (c.alias.type !== "PERSON" || fullName)) groupOf[i] = aliasGroup(c.alias.name);
    else if (fullName) {
      const given = nameKey(c.words[0]);
      const match = bySurname.get(nameKey(surname(c.words)))?.find((p) => compatibleGiven(p.given, given));
      groupOf[i] = match?.group ?? `p:${c.key}`;
    } else return;
    if (fullName) addPerson(c, groupOf[i]);
  });
  // Bare surnames: a full name in the article beats the alias file ("Biden" after "Hunter Biden").
  // Then the first word of a full name: a family name put first ("Yoon" for "Yoon Suk Yeol") or a
  // given name ("Hunter").
  candidates.forEach((c, i) => {
    if (groupOf[i] || c.type !== "PERSON") return;
    groupOf[i] =
      nearestPerson(c.key, c.start) ??
      (c.alias ? aliasGroup(c.alias.name) : (nearestPerson(c.key, c.start, byGiven) ?? singles.get(c.key) ?? `p:${c.key}`));
    singles.set(c.key, groupOf[i]);
  });
  // Organizations and places. A tagger's ORG "Blinken" is the person Blinken; a LOC is left
  // alone, since towns share names with people ("Austin" and "Lloyd Austin").
  candidates.forEach((c, i) => {
    if (groupOf[i]) return;
    const person = c.type === "ORGANIZATION" ? (nearestPerson(c.key, c.start) ?? singles.get(c.key)) : undefined;
    groupOf[i] = person ?? `o:${c.key}`;
  });
  return groupOf;
}

const FUNCTION_WORDS = new Set(["of", "for", "the", "and", "on", "in", "at", "to", "de", "&"]);

/** "Shanghai Cooperation Organization" → "SCO"; null for one-word names. */
function initials(words: readonly string[]): string | null {
  const letters = words.filter((w) => !FUNCTION_WORDS.has(w.toLowerCase())).map((w) => w[0]);
  return letters.length >= 2 && letters.every((l) => /\p{Lu}/u.test(l)) ? letters.join("") : null;
}

/**
 * Joins acronyms with their expansions: written side by side "(NATO)", or by initials. Two
 * different alias-file actors are never joined ("Federal Security Service" is not "FSS").
 */
function linkAcronyms(text: string, candidates: readonly Candidate[], groupOf: string[], groups: Groups): void {
  const link = (a: string, b: string): void => {
    const [ra, rb] = [groups.find(a), groups.find(b)];
    if (!(ra.startsWith("a:") && rb.startsWith("a:"))) groups.union(ra, rb);
  };
  const byInitials = new Map<string, string>();
  candidates.forEach((c, i) => {
    if (c.type === "PERSON" || c.source === "demonym") return;
    const acronym = initials(c.words);
    if (acronym) byInitials.set(acronym, groupOf[i]);
    const paren = /^\s*\(([A-Z][A-Z0-9&.]{1,9})\)/.exec(text.slice(c.end, c.end + 14));
    if (paren) link(groupOf[i], `o:${nameKey(paren[1])}`);
  });
  candidates.forEach((c, i) => {
    if (c.type === "PERSON" || c.words.length !== 1 || !/^[A-Z]{2,6}$/.test(c.words[0])) return;
    const expansion = byInitials.get(c.words[0]);
    if (expansion) link(groupOf[i], expansion);
  });
}

/**
 * One name, one actor: groups whose names are the same are one group, whatever types the tagger
 * gave their mentions ("Oswald" a person in one sentence and a place in another). An alias-file
 * group keeps its root, so its canonical name and type win.
 */
function sameNameMerged(text: string, members: ReadonlyMap<string, Candidate[]>): Map<string, Candidate[]> {
  const byName = new Map<string, { root: string; list: Candidate[] }>();
  for (const [root, list] of members) {
    const key = nameKey(groupName(text, root, list).name);
    const same = byName.get(key);
    if (!same) byName.set(key, { root, list });
    else {
      same.list.push(...list);
      if (root.startsWith("a:") && !same.root.startsWith("a:")) same.root = root;
    }
  }
  return new Map([...byName.values()].map(({ root, list }) => [root, list]));
}

/** A group's alias entry (only its own: a bare "Biden" bound to "Hunter Biden" carries Joe's) and name. */
function groupName(text: string, root: string, list: readonly Candidate[]): { alias: Candidate["alias"]; name: string; named: Candidate[] } {
  const alias = list.find((c) => c.alias && aliasGroup(c.alias.name) === root)?.alias;
  const named = list.filter((c) => c.source === "ner" || c.source === "scan");
  return { alias, named, name: alias?.name ?? bestName(named.length ? named : list, (c) => text.slice(c.start, c.end)) };
}

function toEntity(doc: Doc, root: string, list: readonly Candidate[], personTokens: Uint8Array): Entity {
  const { text } = doc.article;
  const surface = (c: Candidate): string => text.slice(c.start, c.end);
  const { alias, named, name } = groupName(text, root, list);
  const type = alias?.type ?? majorityType(list);
  const aliases: string[] = [];
  const seen = new Set([name.toLowerCase()]);
  // Demonym phrases are mentions, not names; capitals come last so "Putin" beats "PUTIN".
  for (const c of [...named, ...list.filter((c) => c.source === "headline")]) {
    const s = surface(c);
    if (!seen.has(s.toLowerCase())) {
      seen.add(s.toLowerCase());
      aliases.push(s);
    }
  }
  const entity: Entity = { id: "", name, type, aliases, mentions: list.map((c) => ({ start: c.start, end: c.end, text: surface(c) })) };
  if (type === "PERSON") {
    const titled = personTitle(doc, list, personTokens);
    if (titled) {
      entity.title = text.slice(titled.start, titled.end);
      entity.titleSpan = titled;
    }
  }
  return entity;
}

/** The tagger's majority type, except that one full personal name makes a person. */
function majorityType(list: readonly Candidate[]): EntityType {
  if (list.some((c) => c.type === "PERSON" && c.words.length >= 2)) return "PERSON";
  const counts = new Map<EntityType, number>();
  for (const c of list) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  let best = list[0].type;
  for (const [type, n] of counts) if (n > counts.get(best)!) best = type;
  return best;
}

/** Most words, then most characters; mixed case over all caps; first seen on ties. */
function bestName(list: readonly Candidate[], surface: (c: Candidate) => string): string {
  const score = (c: Candidate): number => {
    const s = surface(c);
    const caps = s === s.toUpperCase() && s.length > 4 ? 0 : 1;
    return caps * 1e6 + c.words.length * 1e3 + s.length;
  };
  let best = list[0];
  for (const c of list) if (score(c) > score(best)) best = c;
  return surface(best);
}

/** The first title the text gives over the person's mentions. */
function personTitle(doc: Doc, list: readonly Candidate[], personTokens: Uint8Array): Span | null {
  for (const c of list) {
    if (c.source === "headline") continue;
    const title = titleBefore(doc.tokens, c.start, personTokens) ?? titleAfter(doc.tokens, c.end, personTokens);
    if (title) return title;
  }
  return null;
}

function slug(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");
}

const TYPE_PREFIX: Record<EntityType, string> = { PERSON: "person", ORGANIZATION: "org", LOCATION: "loc", MISC: "misc" };

/** "<type>:<slug>", with -2, -3 … when two actors would share one. */
function assignIds(entities: Entity[]): void {
  const used = new Set<string>();
  for (const e of entities) {
    const base = `${TYPE_PREFIX[e.type]}:${slug(e.name) || "actor"}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    e.id = id;
  }
}
