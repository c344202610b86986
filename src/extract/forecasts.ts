import type { Entity, Forecast, Quote } from "../analysis/schema.js";
import type { Article, Span } from "../article/types.js";

export type { Forecast };

/** What forecasts are read from: the article, or a stored Analysis (which has the same parts). */
type ForecastSource = Pick<Article, "text" | "sentences" | "paragraphs" | "references" | "meta">;

const FORECAST_LABEL = /forecast|prediction|outlook/i;
const MATTER_OF_TIME = /\b(?:it is|it's|it’s|is) (?:just |only )?a matter of (?:time|when)(?: before| until)?\b/i;
/** Explicit predicting verbs; plain "will" alone is too common ("the meeting will take place") to count. */
const PREDICTING_VERB = /\b(?:predict(?:s|ed)?|forecasts?|forecasted|warn(?:s|ed)?|expects?|expected|anticipates?|foresees?|projects?|projected|bets?)\b(?: that)?/i;
const FUTURE = /\b(?:will|won['’]t|is going to|are going to|is likely to|are likely to|is bound to|is set to|are set to|is expected to|are expected to|is poised to)\b/i;
/** Future in reported speech ("warned the outbreak would be stronger"): a forecast only after a predicting verb. */
const REPORTED_FUTURE = /\bwould (?:likely |probably |soon )?(?:be|become|have|see|lead|cause|spread|collapse|fall|rise|win|lose)\b/i;
const SCHEDULED = /\bwill (?:take place|be held|meet|visit|attend|travel|host|speak|hold|open|close|begin|start)\b/i;

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const DEADLINE = new RegExp(
  String.raw`\b(?:(?:by|before|until|in|within|during|through)\s+(?:the\s+)?(?:(?:end|middle|start|beginning)\s+of\s+(?:the\s+)?)?` +
    String.raw`(?:(?:next|coming|this)\s+(?:week|month|year|decade|winter|spring|summer|fall|autumn)|(?:${MONTHS.join("|")})(?:\s+\d{4})?|(?:19|20)\d{2}|(?:the\s+)?(?:next|coming)\s+(?:few\s+|\w+\s+)?(?:days|weeks|months|years)|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)\s+(?:days?|weeks?|months?|years?)))` +
    String.raw`|\b(?:next|this)\s+(?:week|month|year|winter|spring|summer|fall|autumn)\b`,
  "i",
);
const NUMBER_WORDS: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 };

/**
 * Finds predictions: paragraphs labelled "TREND FORECAST:" and alike, "it is just a matter of time
 * before …", and future statements carried by a predicting verb, a quote or a deadline.
 */
export function extractForecasts(source: ForecastSource, entities: readonly Entity[], quotes: readonly Quote[]): Forecast[] {
  const { text } = source;
  const forecasts: Forecast[] = [];

  for (const p of source.paragraphs) {
    if (p.kind !== "body" || !p.label || !FORECAST_LABEL.test(p.label)) continue;
    // "(See “HEADLINE” (27 Sep 2022))" cross-references close such paragraphs; they are not part of the claim.
    const firstReference = source.references.find((r) => r.start >= p.bodyStart && r.start < p.end);
    const cut = firstReference ? text.lastIndexOf("(", firstReference.start) : -1;
    const end = trimEnd(text, p.bodyStart, cut > p.bodyStart ? cut : p.end);
    const start = trimStart(text, p.bodyStart, end);
    const body = text.slice(start, end);
    forecasts.push({ start, end, text: body, claim: body, predictor: null, cue: p.label, ...deadlineOf(body, source.meta.published) });
  }

  // Per sentence, looked up once for all (sentence by sentence, a search over them all would be quadratic):
  // a labelled forecast holding it; a cross-reference ("(See “PUTIN WARNS …” (27 Sep 2022))"), which
  // cites a headline and predicts nothing; the first attributed quote overlapping it.
  const { sentences } = source;
  const labelled = firstOverlapping(sentences, [...forecasts]);
  const referenced = firstOverlapping(sentences, source.references);
  const quoted = firstOverlapping(sentences, quotes.filter((q) => q.speaker));
  for (const [i, s] of sentences.entries()) {
    if (labelled[i] || referenced[i]) continue;
    const sentence = text.slice(s.start, s.end);
    if (sentence.trimEnd().endsWith("?")) continue;
    const quote = quoted[i];
    const matter = MATTER_OF_TIME.exec(sentence);
    const verb = PREDICTING_VERB.exec(sentence);
    const future = FUTURE.exec(sentence);
    const deadline = deadlineOf(sentence, source.meta.published);
    let cue: string | null = null;
    let claim = sentence.trim();
    if (matter) {
      cue = matter[0];
      claim = sentence.slice(matter.index + matter[0].length).replace(/^[\s,]+/, "").trim();
    } else if (future && !SCHEDULED.test(sentence) && (verb || quote || deadline.deadline)) {
      cue = verb ? verb[0] : future[0];
    } else if (verb && REPORTED_FUTURE.test(sentence.slice(verb.index))) {
      cue = verb[0];
    }
    if (!cue) continue;
    const predictor = quote?.speaker?.name ?? (verb ? actorBefore(entities, s.start + verb.index, s.start) : null);
    forecasts.push({ start: s.start, end: s.end, text: sentence.trim(), claim, predictor, cue: cue.trim(), ...deadline });
  }
  return forecasts.sort((a, b) => a.start - b.start);
}

/** For each sentence (in text order), the first of `spans`, in their order, that overlaps it. */
function firstOverlapping<T extends Span>(sentences: readonly Span[], spans: readonly T[]): (T | undefined)[] {
  const out = new Array<T | undefined>(sentences.length);
  for (const span of spans) {
    let [lo, hi] = [0, sentences.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sentences[mid].end <= span.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sentences.length && sentences[i].start < span.end; i++) out[i] ??= span;
  }
  return out;
}

/** The named actor closest before the predicting verb in the same sentence ("Tedros warned that …"). */
function actorBefore(entities: readonly Entity[], verbAt: number, sentenceStart: number): string | null {
  let best: { name: string; end: number } | null = null;
  for (const e of entities) {
    if (e.type !== "PERSON" && e.type !== "ORGANIZATION") continue;
    for (const m of e.mentions) {
      if (m.start >= sentenceStart && m.end <= verbAt && (!best || m.end > best.end)) best = { name: e.name, end: m.end };
    }
  }
  return best?.name ?? null;
}

function deadlineOf(sentence: string, published: string | undefined): Pick<Forecast, "deadline" | "deadlineDate"> {
  const m = DEADLINE.exec(sentence);
  if (!m) return { deadline: null, deadlineDate: null };
  return { deadline: m[0], deadlineDate: resolveDeadline(m[0].toLowerCase(), published) };
}

/** Resolves "by 2024", "by March 2023", "within six months" (from the publication date) to the last day meant. */
export function resolveDeadline(phrase: string, published: string | undefined): string | null {
  const year = /\b((?:19|20)\d{2})\b/.exec(phrase);
  const month = MONTHS.findIndex((name) => phrase.includes(name));
  const base = published && !Number.isNaN(Date.parse(published)) ? new Date(published) : null;
  if (year) return lastDay(Number(year[1]), month >= 0 ? month : 11);
  if (!base) return null;
  if (month >= 0) return lastDay(base.getUTCFullYear() + (month < base.getUTCMonth() ? 1 : 0), month);
  const span = /\b(a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)\s+(day|week|month|year)s?\b/.exec(phrase);
  if (span) {
    const n = NUMBER_WORDS[span[1]] ?? Number(span[1]);
    const d = new Date(base);
    if (span[2] === "day") d.setUTCDate(d.getUTCDate() + n);
    else if (span[2] === "week") d.setUTCDate(d.getUTCDate() + 7 * n);
    else if (span[2] === "month") d.setUTCMonth(d.getUTCMonth() + n);
    else d.setUTCFullYear(d.getUTCFullYear() + n);
    return d.toISOString().slice(0, 10);
  }
  const next = /\b(next|coming)\b/.test(phrase) ? 1 : 0;
  if (/\byear\b/.test(phrase)) return lastDay(base.getUTCFullYear() + next, 11);
  if (/\bmonth\b/.test(phrase)) return lastDay(base.getUTCFullYear(), base.getUTCMonth() + next);
  if (/\bweek\b/.test(phrase)) {
    const d = new Date(base);
    d.setUTCDate(d.getUTCDate() + 7 * (next + 1));
    return d.toISOString().slice(0, 10);
  }
  return null;
}

function lastDay(year: number, month: number): string {
  return new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);
}

function trimStart(text: string, start: number, end: number): number {
  while (start < end && /\s/.test(text[start])) start++;
  return start;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
