/**
 * Inference without feature strings: the same features as mentionFeatures (features.ts), scored
 * straight into the label scores. Per model, every feature name the extractor can build is
 * resolved to its vocabulary row once (per distinct stem, cue category, camp); per doc, each
 * token's word, stem and cues are read from a cache by word id (words.ts); the features a mention shares
 * with others (the article's, its sentence's, its actor's) are summed once into score vectors.
 *
 * Scores are the main and fine models' logits side by side (they share the vocabulary). Only
 * the order of the floating-point sums differs from scoring the bag, so probabilities agree to
 * ~1e-15; roles.test.ts checks that predictions are the same on seeds and training articles.
 * features.ts stays the reference (and what training reads): a feature added there must be added
 * here too, or that test fails.
 */
import type { Span } from "../../article/types.js";
import type { LinearModel, Vocabulary } from "../../ml/linear.js";
import type { Doc, Token } from "../../nlp/types.js";
import { PerWord, PerWordInts, type WordIds } from "../../nlp/words.js";
import {
  CONTENT,
  ENTITY_WINDOW,
  WINDOW,
  docStance,
  entityTypeFeature,
  markQuoted,
  mentionWordsOf,
  mentionTokens,
  walkPredicate,
} from "./features.js";
import { cuesStartingWith, matchCues, normalizeWord, phraseMatches, stem, STANCES, type Cue, type RoleLexicon, type Stance } from "./lexicon.js";
import { OwnedCache } from "../../owned-cache.js";

/** Relations whose stems and cues are features: the window sides (stems only), the sentence, the predicate roles. */
const RELATIONS = ["s", "L", "R", "poss", "pass", "subj", "cop", "epi", "pobj", "obj", "agent"] as const;
type Relation = (typeof RELATIONS)[number];
const REL = Object.fromEntries(RELATIONS.map((r, i) => [r, i])) as Record<Relation, number>;
const NR = RELATIONS.length;
/** Cue feature prefixes besides `${relation}Cue`: article and entity cue counts. */
const ART = NR;
const ENT = NR + 1;
const CUE_PREFIXES = [...RELATIONS.map((r) => `${r}Cue`), "art", "ent"];
/** Bounds the per-model caches of words and stems (distinct words across articles). */
const CACHE_LIMIT = 200_000;
const NONE: readonly never[] = [];

/** A token text's normalized word, stem and the cues starting with it (before phrase checks). */
interface WordInfo {
  readonly word: string;
  /** Small integer naming `word`: comparing ids beats comparing strings scattered in memory. */
  readonly id: number;
  readonly stem: string;
  readonly categories: readonly number[];
  /** Multi-word cues that start with this word, to check against the following words. */
  readonly phrases: readonly Cue[];
}

/** What one actor's mentions with the same text share: identity features and the camp. */
interface Identity {
  /** Scores of the identity features (name, head, camp, article-wide framing, frequency, case). */
  readonly scores: Scores;
  /** Rows of `${camp}:nearCue:${category}`, by category. */
  readonly near: Int32Array;
}

/** A mention text's features that do not depend on the doc, as vocabulary rows. */
interface Name {
  readonly head: string | undefined;
  /** Name, head, modifier words, group, camps, case: rows present in the vocabulary. */
  readonly rows: Int32Array;
  /** `${domain}:mh:${head}` for CC, URW. */
  readonly domainRows: readonly number[];
  /** `${bloc}|${stance}` of each camp, by STANCE_VALUES. */
  readonly stanceRows: readonly Int32Array[];
  readonly near: Int32Array;
}

/**
 * Logits as a plain array: score vectors are many and short-lived, and a typed array of this
 * size is allocated outside the JS heap, several times slower than an array.
 */
type Scores = number[];

const STANCE_VALUES: readonly (Stance | "mixed")[] = [...STANCES, "mixed"];

interface FastDoc {
  /** The scorer whose words and weights these are (a Doc holds one scorer's at a time: in practice there is one). */
  readonly scorer: FastRoleScorer;
  readonly infos: readonly WordInfo[];
  /** The doc's word ids and their generation (Doc.words). */
  readonly wordIds: WordIds;
  readonly words: readonly string[];
  /** Cue category ids starting at each token (phrases checked). */
  readonly cues: readonly (readonly number[])[];
  readonly quoted: Uint8Array;
  readonly domain: "CC" | "URW";
  readonly stance: Stance | "mixed";
  /** bias + the article's features. */
  readonly base: Scores;
  readonly sentences: (Scores | undefined)[];
  readonly identities: Map<string, Identity>;
  /** Framing and frequency scores of each actor head word. */
  readonly heads: Map<string, Scores>;
  /** What the framed-actor gate reads of the tokens (built on first request). */
  view?: TokenView;
}

/** Per token of a doc: normalized word, number of role cues starting there, inside quotation marks. */
export interface TokenView {
  readonly words: readonly string[];
  /** Cues of a main or fine role (not domain or stance cues) starting at each token. */
  readonly roleCues: Uint8Array;
  readonly quoted: Uint8Array;
}

const fastDocs = new OwnedCache<Doc, FastDoc>();

export class FastRoleScorer {
  /** Number of logits: main labels, then fine labels. */
  readonly width: number;
  private readonly weights: Float32Array;
  private readonly bias: Scores;
  /** Zeros of the logits' width, as doubles (slice() keeps the element kind). */
  private readonly zeros: Scores;
  /** The logits of the mention being scored: reused, read by the caller before the next call. */
  private readonly scratch: Float64Array;
  /** Cue counts by category: reused, zeroed after each use. */
  private counts: Int32Array;
  private readonly categoryId = new Map<string, number>();
  private readonly categories: string[] = [];
  /** cueRows[prefix * categories + category]: rows of `${relation}Cue:c`, `art:c`, `ent:c`. */
  private readonly cueRows: Int32Array;
  /** Each token text's info, by word id. */
  private readonly byWord = new PerWord((text) => this.info(text));
  private readonly byStem = new Map<string, Int32Array>();
  /**
   * The stem rows by word id: reading a token's row is one memory access here, where through its
   * WordInfo and its stem's rows it took three (each likely a cache miss: the core stages run
   * between articles). Checked against the generation of the Doc read, not the last one set up.
   */
  private readonly stemRowsById = new PerWordInts(NR);
  private readonly wordIds = new Map<string, number>();
  private readonly names = new Map<string, Name>();
  private readonly campRows = new Map<string, Int32Array>();
  private readonly named = new Map<string, number>();
  private readonly fixed: { readonly title: number; readonly lead: number; readonly quoted: number; readonly speaker: number };
  /** Whether each cue category (by id) names a main or fine role; grows with the categories. */
  private readonly roleCategory: boolean[] = [];

  constructor(
    private readonly lexicon: RoleLexicon,
    private readonly vocab: Vocabulary,
    main: LinearModel,
    fine: LinearModel,
  ) {
    const M = main.labels.length;
    const F = fine.labels.length;
    const W = (this.width = M + F);
    this.weights = new Float32Array(vocab.size * W);
    for (let f = 0; f < vocab.size; f++) {
      for (let l = 0; l < M; l++) this.weights[f * W + l] = f < main.dims ? main.weights[f * M + l] : 0;
      for (let l = 0; l < F; l++) this.weights[f * W + M + l] = f < fine.dims ? fine.weights[f * F + l] : 0;
    }
    this.zeros = new Array<number>(W).fill(0.5).fill(0);
    this.bias = this.zeros.slice();
    for (let l = 0; l < M; l++) this.bias[l] = main.bias[l];
    for (let l = 0; l < F; l++) this.bias[M + l] = fine.bias[l];
    this.scratch = new Float64Array(W);
    for (const index of [lexicon.cues.byWord, lexicon.cues.byStem]) {
      for (const cues of index.values()) for (const c of cues) this.category(c.category);
    }
    const C = this.categories.length;
    this.counts = new Int32Array(C);
    this.cueRows = new Int32Array(CUE_PREFIXES.length * C);
    CUE_PREFIXES.forEach((p, i) => this.categories.forEach((c, k) => (this.cueRows[i * C + k] = this.row(`${p}:${c}`))));
    this.fixed = { title: this.row("title"), lead: this.row("lead"), quoted: this.row("quoted"), speaker: this.row("speaker") };
  }

  private category(name: string): number {
    let id = this.categoryId.get(name);
    if (id === undefined) {
      id = this.categories.length;
      this.categories.push(name);
      this.categoryId.set(name, id);
    }
    return id;
  }

  private row(name: string): number {
    return this.vocab.lookup(name) ?? -1;
  }

  /** Row of a fixed feature name (cached). */
  private namedRow(name: string): number {
    let r = this.named.get(name);
    if (r === undefined) {
      r = this.row(name);
      if (this.named.size < CACHE_LIMIT) this.named.set(name, r);
    }
    return r;
  }

  private add(z: Scores | Float64Array, row: number, value = 1): void {
    if (row < 0) return;
    const W = this.width;
    const w = this.weights;
    const o = row * W;
    for (let l = 0; l < W; l++) z[l] += w[o + l] * value;
  }

  private addCue(z: Scores | Float64Array, prefix: number, category: number, value = 1): void {
    this.add(z, this.cueRows[prefix * this.categories.length + category], value);
  }

  private info(text: string): WordInfo {
    const word = normalizeWord(text);
    const found = cuesStartingWith(this.lexicon.cues, word);
    // Most words start no cue: they share one empty list (one object in cache, not one per word).
    const categories = found.categories.length ? found.categories.map((c) => this.category(c)) : NONE;
    return { word, id: this.wordId(word), stem: stem(word), categories, phrases: found.phrases.length ? found.phrases : NONE };
  }

  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.wordIds.size;
      if (id < CACHE_LIMIT) this.wordIds.set(word, id);
      else id = -1;
    }
    return id;
  }

  /** Vocabulary rows of `${relation}:${stem}`, by relation; -1 when not in the vocabulary. */
  private stemRows(stem: string): Int32Array {
    let rows = this.byStem.get(stem);
    if (!rows) {
      rows = new Int32Array(NR);
      for (let r = 0; r < NR; r++) rows[r] = this.row(`${RELATIONS[r]}:${stem}`);
      if (this.byStem.size < CACHE_LIMIT) this.byStem.set(stem, rows);
    }
    return rows;
  }

  /** The stem row of token j under a relation. */
  private stemRow(ctx: FastDoc, j: number, relation: number): number {
    const id = ctx.wordIds.ids[j];
    const rows = this.stemRowsById.holding(ctx.wordIds, id);
    const at = id * NR;
    if (rows[at] === PerWordInts.UNSET) rows.set(this.stemRows(ctx.infos[j].stem), at);
    return rows[at + relation];
  }

  private context(doc: Doc): FastDoc {
    let ctx = fastDocs.get(doc);
    if (ctx?.scorer === this) return ctx;
    const n = doc.tokens.length;
    const infos = this.byWord.tokens(doc);
    const words = new Array<string>(n);
    for (let i = 0; i < n; i++) words[i] = infos[i].word;
    const cues = new Array<readonly number[]>(n);
    const counts = this.takeCounts();
    for (let i = 0; i < n; i++) {
      const { categories, phrases } = infos[i];
      const found = (cues[i] = phrases.length ? this.withPhrases(categories, phrases, words, i) : categories);
      for (const c of found) counts[c]++;
    }
    const C = this.categories.length;
    const count = (name: string) => counts[this.categoryId.get(name) ?? -1] ?? 0;
    const { domain, stance } = docStance(count);
    const base = this.bias.slice();
    this.add(base, this.namedRow("bias"));
    this.add(base, this.namedRow(`dom:${domain}`));
    this.add(base, this.namedRow(`stance:${stance}`));
    for (let c = 0; c < C; c++) if (counts[c]) this.addCue(base, ART, c, Math.fround(Math.log1p(counts[c]) / 3));
    counts.fill(0);
    ctx = { scorer: this, infos, wordIds: doc.words, words, cues, quoted: markQuoted(doc), domain, stance, base, sentences: [], identities: new Map(), heads: new Map() };
    fastDocs.set(doc, ctx);
    return ctx;
  }

  /** The doc's words, role-cue counts and quoted tokens, from the same cache as the scores. */
  view(doc: Doc): TokenView {
    const ctx = this.context(doc);
    if (ctx.view) return ctx.view;
    const roleCues = new Uint8Array(ctx.words.length);
    const { mainOf, fineRoles } = this.lexicon;
    for (let i = 0; i < roleCues.length; i++) {
      for (const c of ctx.cues[i]) {
        let role = this.roleCategory[c];
        if (role === undefined) {
          const name = this.categories[c];
          role = this.roleCategory[c] = mainOf.has(name) || name in fineRoles;
        }
        if (role) roleCues[i]++;
      }
    }
    return (ctx.view = { words: ctx.words, roleCues, quoted: ctx.quoted });
  }

  /** Categories of the cues starting at word i: its one-word cues, and the phrases that match (as matchCues). */
  private withPhrases(categories: readonly number[], phrases: readonly Cue[], words: readonly string[], i: number): readonly number[] {
    let found: number[] | undefined;
    for (const cue of phrases) {
      const c = this.category(cue.category);
      if (categories.includes(c) || found?.includes(c)) continue;
      if (phraseMatches(cue, words, i)) (found ??= [...categories]).push(c);
    }
    return found ?? categories;
  }

  /** Token positions of a normalized word (a scan: a doc has only a few distinct actor heads). */
  private positions(ctx: FastDoc, word: string): number[] {
    const at: number[] = [];
    const id = this.wordIds.get(word);
    if (id !== undefined) {
      const { infos } = ctx;
      for (let i = 0; i < infos.length; i++) if (infos[i].id === id) at.push(i);
    } else {
      // Past the cache bound, or a word no token has.
      const { words } = ctx;
      for (let i = 0; i < words.length; i++) if (words[i] === word) at.push(i);
    }
    return at;
  }

  private takeCounts(): Int32Array {
    if (this.counts.length < this.categories.length) this.counts = new Int32Array(this.categories.length);
    return this.counts;
  }

  private sentence(doc: Doc, ctx: FastDoc, s: number): Scores {
    let z = ctx.sentences[s];
    if (z) return z;
    z = this.zeros.slice();
    const { tokenStart, tokenEnd } = doc.sentenceTokens[s];
    for (let j = tokenStart; j < tokenEnd; j++) {
      if (CONTENT.has(doc.tokens[j].pos)) this.add(z, this.stemRow(ctx, j, REL.s), 0.5);
      for (const c of ctx.cues[j]) this.addCue(z, REL.s, c, 0.5);
    }
    ctx.sentences[s] = z;
    return z;
  }

  /** The doc-independent part of a mention text's identity features (cached across docs). */
  private nameOf(raw: string): Name {
    let name = this.names.get(raw);
    if (name) return name;
    const words = mentionWordsOf(raw);
    const head = words.at(-1);
    const blocs = [...new Set(matchCues(this.lexicon.blocs, words).flat())].sort();
    const camp = blocs.length ? blocs.join("&") : "none";
    const rows: number[] = [];
    const push = (feature: string) => {
      const r = this.row(feature);
      if (r >= 0) rows.push(r);
    };
    let h = "";
    if (head !== undefined) {
      h = stem(head);
      push(`m:${words.join(" ")}`);
      push(`mh:${h}`);
      for (const w of words.slice(0, -1)) push(`mw:${stem(w)}`);
      if (this.lexicon.groups.has(head)) push("group");
      for (const bloc of blocs) push(bloc);
    }
    push(/^\p{Lu}/u.test(raw) ? "cap" : "lower");
    if (/^the\s/i.test(raw)) push("det");
    let near = this.campRows.get(camp);
    if (!near) {
      near = Int32Array.from(this.categories, (c) => this.row(`${camp}:nearCue:${c}`));
      this.campRows.set(camp, near);
    }
    name = {
      head,
      rows: Int32Array.from(rows),
      // Read by the doc's domain and stance.
      domainRows: head === undefined ? [] : (["CC", "URW"] as const).map((d) => this.row(`${d}:mh:${h}`)),
      stanceRows: head === undefined ? [] : STANCE_VALUES.map((st) => Int32Array.from(blocs, (b) => this.row(`${b}|${st}`))),
      near,
    };
    if (this.names.size < CACHE_LIMIT) this.names.set(raw, name);
    return name;
  }

  /** Cues around every occurrence of an actor head word (entityFeatures in features.ts) and its frequency. */
  private framing(ctx: FastDoc, head: string): Scores {
    let z = ctx.heads.get(head);
    if (z) return z;
    z = this.zeros.slice();
    const at = this.positions(ctx, head);
    const counts = this.takeCounts();
    for (const i of at) {
      for (let j = Math.max(0, i - ENTITY_WINDOW); j <= i + ENTITY_WINDOW && j < ctx.words.length; j++) for (const c of ctx.cues[j]) counts[c]++;
    }
    for (let c = 0; c < counts.length; c++) if (counts[c]) this.addCue(z, ENT, c, Math.fround(Math.log1p(counts[c]) / 2));
    counts.fill(0);
    const n = at.length;
    this.add(z, this.namedRow(n <= 1 ? "freq:1" : n <= 3 ? "freq:2-3" : n <= 8 ? "freq:4-8" : "freq:9+"));
    ctx.heads.set(head, z);
    return z;
  }

  private identity(ctx: FastDoc, raw: string): Identity {
    let id = ctx.identities.get(raw);
    if (id) return id;
    const name = this.nameOf(raw);
    const z = this.zeros.slice();
    for (const r of name.rows) this.add(z, r);
    if (name.head !== undefined) {
      this.add(z, name.domainRows[ctx.domain === "CC" ? 0 : 1]);
      for (const r of name.stanceRows[STANCE_VALUES.indexOf(ctx.stance)]) this.add(z, r);
      const framing = this.framing(ctx, name.head);
      for (let l = 0; l < z.length; l++) z[l] += framing[l];
    }
    id = { scores: z, near: name.near };
    ctx.identities.set(raw, id);
    return id;
  }

  /** A token's stem and cues under one relation to the mention (addRelated in features.ts). */
  private related(z: Float64Array, ctx: FastDoc, relation: number, j: number): void {
    this.add(z, this.stemRow(ctx, j, relation));
    for (const c of ctx.cues[j]) this.addCue(z, relation, c);
  }

  /** The predicate walk of features.ts, scored instead of named. */
  private predicate(z: Float64Array, tokens: readonly Token[], ctx: FastDoc, from: number, to: number, sentenceStart: number, sentenceEnd: number): void {
    walkPredicate(
      tokens,
      ctx.words,
      from,
      to,
      sentenceStart,
      sentenceEnd,
      (relation, j) => this.related(z, ctx, REL[relation], j),
      (prep) => this.add(z, this.namedRow(`prep:${prep}`)),
    );
  }

  /**
   * Logits of the main labels then the fine labels for one mention (half-open span), in a
   * buffer that the next call overwrites.
   */
  scores(doc: Doc, span: Span): Float64Array {
    const ctx = this.context(doc);
    const { tokens } = doc;
    const z = this.scratch;
    const raw = doc.article.text.slice(span.start, span.end);
    const id = this.identity(ctx, raw);
    const W = this.width;
    const { base } = ctx;
    for (let l = 0; l < W; l++) z[l] = base[l] + id.scores[l];
    this.add(z, this.namedRow(entityTypeFeature(doc, span)));
    const located = mentionTokens(doc, span);
    if (!located) return z;
    const { from, to, sentence, tokenStart, tokenEnd } = located;
    const title = doc.article.title;
    if (title && span.start < title.end && span.end > title.start) this.add(z, this.fixed.title);
    else if (sentence <= 2) this.add(z, this.fixed.lead);
    if (ctx.quoted[from]) this.add(z, this.fixed.quoted);
    const { speech } = this.lexicon;
    const said = (j: number) => j >= tokenStart && j < tokenEnd && speech.has(ctx.words[j]);
    if (said(to) || said(to + 1) || said(from - 1)) this.add(z, this.fixed.speaker);
    this.predicate(z, tokens, ctx, from, to, tokenStart, tokenEnd);
    const s = this.sentence(doc, ctx, sentence);
    for (let l = 0; l < W; l++) z[l] += s[l];
    const end = Math.min(tokenEnd, to + WINDOW);
    for (let j = Math.max(tokenStart, from - WINDOW); j < end; j++) {
      if (j >= from && j < to) continue;
      const side = j < from ? REL.L : REL.R;
      if (CONTENT.has(tokens[j].pos)) this.add(z, this.stemRow(ctx, j, side));
      for (const c of ctx.cues[j]) this.add(z, id.near[c]);
    }
    return z;
  }
}
