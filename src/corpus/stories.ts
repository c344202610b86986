import type { Analysis } from "../analysis/schema.js";

/**
 * Story clustering: articles about the same event share their salient actors and terms and
 * appear within days of each other. Each new article joins the story of its best-matching earlier
 * article, or opens a new one — incremental, so ingest never reclusters the corpus.
 */
const ACTOR_KEYS = 6;
const TERM_KEYS = 12;
/** Weighted Jaccard overlap of the key sets above which two articles tell the same story. */
export const SAME_STORY_SCORE = 0.22;
/** Articles further apart than this (when both are dated) are different events. */
export const STORY_WINDOW_DAYS = 7;

const STOPWORDS = new Set(
  ("about above after again against also among another because been before being below between both could does doing down during each " +
    "even every from further have having here however into itself just more most much must never other over only same said says should " +
    "since some such than that their them then there these they this those through under until upon very what when where which while " +
    "whom will with within without would year years your first last many like make made told according people time times week weeks " +
    "still well back including called part news report reported government president minister").split(" "),
);

/** Keys like "a:vladimir putin" (actor) and "t:annexation" (term), most salient first. */
export function storyKeys(analysis: Pick<Analysis, "text" | "entities">): string[] {
  const actors = [...analysis.entities]
    .sort((a, b) => b.mentions.length - a.mentions.length)
    .slice(0, ACTOR_KEYS)
    .map((e) => `a:${e.name.toLowerCase()}`);
  // Words of actor names would only repeat the actor keys ("t:putin" beside "a:vladimir putin").
  const nameWords = new Set(analysis.entities.flatMap((e) => e.name.toLowerCase().match(/\p{L}+/gu) ?? []));
  const counts = new Map<string, number>();
  for (const word of analysis.text.toLowerCase().match(/\p{L}{4,}/gu) ?? []) {
    if (!STOPWORDS.has(word) && !nameWords.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const terms = [...counts]
    .filter(([, n]) => n > 1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TERM_KEYS)
    .map(([w]) => `t:${w}`);
  return [...new Set([...actors, ...terms])];
}

/**
 * Overlap of two key sets, each key weighted by its rarity in the corpus (inverse document
 * frequency): sharing "ukraine" says little in a corpus about the war, sharing "himars" a lot.
 */
export function storyScore(a: readonly string[], b: readonly string[], articlesWith: (key: string) => number, articles: number): number {
  const weight = (key: string) => Math.log((articles + 1) / (articlesWith(key) + 1)) + 1;
  const inA = new Set(a);
  let shared = 0;
  let union = 0;
  for (const key of new Set([...a, ...b])) {
    const w = weight(key);
    union += w;
    if (inA.has(key) && b.includes(key)) shared += w;
  }
  return union ? shared / union : 0;
}

export function withinStoryWindow(a: string | null, b: string | null): boolean {
  if (!a || !b) return true;
  return Math.abs(Date.parse(a) - Date.parse(b)) <= STORY_WINDOW_DAYS * 86_400_000;
}
