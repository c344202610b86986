/**
 * Turning what a user types into FTS5 queries, and finding the matched words again in the text.
 * Users never write FTS5 syntax: words are ANDed, "quoted phrases" kept, a trailing * is a prefix.
 */
export interface QueryTerm {
  words: string[];
  prefix: boolean;
}

export function queryTerms(input: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const m of input.matchAll(/"([^"]*)"|(\S+)/g)) {
    const quoted = m[1] !== undefined;
    const prefix = !quoted && m[2].endsWith("*");
    const words = tokens(quoted ? m[1] : m[2]);
    if (words.length) terms.push({ words, prefix });
  }
  return terms;
}

/** An FTS5 MATCH expression; throws on a query without any word. */
export function ftsQuery(input: string): string {
  const terms = queryTerms(input);
  if (!terms.length) throw new Error(`nothing to search for in "${input}"`);
  return terms.map((t) => `"${t.words.join(" ")}"${t.prefix ? "*" : ""}`).join(" ");
}

/** Every word of the name must occur in the speaker's or actor's name: "Putin" finds "Vladimir Putin". */
export function nameQuery(name: string): string {
  const words = tokens(name);
  if (!words.length) throw new Error(`no name in "${name}"`);
  return words.map((w) => `"${w}"`).join(" ");
}

/** Tests names the way `nameQuery` matches them, for finding the matching spans again. */
export function nameMatcher(name: string): (candidate: string) => boolean {
  const wanted = tokens(name);
  return (candidate) => {
    const have = new Set(tokens(candidate));
    return wanted.every((w) => have.has(w));
  };
}

/** Label as the taxonomies spell it: "loaded language" → "Loaded_Language". */
export function normalizeLabel(label: string): string {
  return label
    .trim()
    .split(/[\s_]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("_");
}

/** Where the query's words and phrases occur in the text, as FTS5 would match them (case and accents aside). */
export function textSpans(text: string, terms: readonly QueryTerm[]): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  for (const term of terms) {
    const body = term.words.map(escapeRegExp).join("[^\\p{L}\\p{N}]+");
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${body}${term.prefix ? "[\\p{L}\\p{N}]*" : ""}(?![\\p{L}\\p{N}])`, "giu");
    for (const m of fold(text).matchAll(pattern)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/** About 200 characters around the span, the span in «guillemets». */
export function snippet(text: string, span: { start: number; end: number } | null, radius = 90): string {
  if (!span) return text.slice(0, 2 * radius).replace(/\s+/g, " ").trim();
  const from = Math.max(0, span.start - radius);
  const to = Math.min(text.length, span.end + radius);
  const clean = (s: string) => s.replace(/\s+/g, " ");
  return `${from > 0 ? "…" : ""}${clean(text.slice(from, span.start)).trimStart()}«${clean(text.slice(span.start, span.end))}»${clean(text.slice(span.end, to)).trimEnd()}${to < text.length ? "…" : ""}`;
}

function tokens(s: string): string[] {
  return fold(s).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Lower case without accents, keeping every character at its offset (as unicode61 remove_diacritics folds). */
function fold(s: string): string {
  // Only non-ASCII characters need Unicode work; keeping lengths equal keeps offsets valid.
  const folded = s.replace(/[^\x00-\x7f]/gu, (ch) => {
    const base = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    return base.length === ch.length ? base : ch;
  });
  return folded.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
