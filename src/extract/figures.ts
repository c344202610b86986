/**
 * Figures: money, counts, percentages, measurements and dates, each with exact offsets.
 *
 * One left-to-right pass over each sentence's tokens; at every token a date is tried first, then
 * a number expression. Rules (the why is next to the code):
 * - Span: qualifier + number + unit/currency + counted noun phrase ("more than $50 billion",
 *   "36,000 rounds of 105mm artillery"). Dates span the date words only ("Thursday", not "On").
 * - Money: `value` in units of `unit` (ISO 4217): "$6.5 billion" → 6500000000 USD.
 * - Counts: `counted` is the ADJ/NOUN/PROPN run after the number plus an "of"-complement without
 *   determiner ("rounds of 105mm artillery"). Spelled numbers need a counted noun or a scale
 *   ("half a million"); the bare word "one" is never a figure ("one of the", "one way or the
 *   other"). Bare digits count without `counted` ("rose to 300") except footnote and list
 *   markers, ages in apposition and table rows.
 * - Vague plurals ("tens of thousands of", "hundreds of"): value null, qualifier = the phrase,
 *   `min` = the smallest value the plural admits (two of the unit: "hundreds" ≥ 200). With a
 *   unit they are quantities ("dozens of miles": unit mi) or money ("billions of dollars").
 * - Ranges ("10-15 tanks", "between 5,000 and 10,000 troops"): value null, `min`/`max`.
 * - Numeric ordinals before a lower-case noun ("the 21st such “drawdown”") are counts with
 *   `ordinal: true`; spelled ordinals ("first", "second largest") are discourse, not figures.
 * - Modifiers are not figures: calibres before a noun ("155mm artillery" inside or outside a
 *   counted phrase), ages and durations ("10-year-old", "six-month-old"), other hyphenated
 *   compounds ("an 11-page statement"). Measures are quantities: "300 km", "a 300-km range".
 * - Dates: ISO 8601 `date`, full or partial ("2022-09-27", "2022-04", "2022", "199" for the
 *   1990s, "18" for the 19th century, "2014/2022" for a range, "2022-W39" for a week). Without a
 *   year the publication date (`meta.published`) picks the year: the latest past occurrence of
 *   the month, or the coming one when it is at most three months ahead; without a publication
 *   date the ISO truncated form is kept ("--04", "--09-27"). Weekdays resolve to the latest such
 *   day on or before publication (news reports the past); relative dates ("last week",
 *   "yesterday", "two months ago") resolve only against a publication date, else `date` is unset.
 *   "today" is not a date: in news prose it mostly means "nowadays" ("today's era").
 * - Not figures: numbers inside names ("G7", "F-16" are single tokens; "Boeing 737", "Article 5",
 *   "“60 Minutes”" follow a capitalized name or open a quoted title), codes and phone-like digit
 *   groups, scores ("2-1"), times of day, bare years already part of a reported date.
 */
import type { Figure } from "../analysis/schema.js";
import type { Doc, Token } from "../nlp/types.js";

interface Ctx {
  readonly text: string;
  readonly toks: readonly Token[];
  /** Lower-cased token texts, parallel to `toks`. */
  readonly low: readonly string[];
  /** Sentence token range [from, to). */
  readonly from: number;
  readonly to: number;
  /** First token not consumed by an earlier figure: qualifiers are never taken from before it. */
  floor: number;
  readonly anchor: Day | null;
}

/** A match consumes tokens up to `next`; without a figure it only skips them (junk, names). */
interface Match {
  readonly figure?: Figure;
  readonly next: number;
}

interface Day {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

export function extractFigures(doc: Doc): Figure[] {
  const low = doc.tokens.map((t) => t.text.toLowerCase());
  const anchor = parseAnchor(doc.article.meta.published);
  const figures: Figure[] = [];
  for (const s of doc.sentenceTokens) {
    const c: Ctx = { text: doc.article.text, toks: doc.tokens, low, from: s.tokenStart, to: s.tokenEnd, floor: s.tokenStart, anchor };
    let i = s.tokenStart;
    while (i < s.tokenEnd) {
      const m = mayStart(low[i]) ? (matchDate(c, i) ?? matchNumber(c, i)) : null;
      if (m === null) {
        i++;
        continue;
      }
      if (m.figure) figures.push(m.figure);
      i = c.floor = m.next;
    }
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// Lexicon

const NUMERIC = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const RANGE = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[-–](\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)$/;
const ORDINAL = /^(\d+)(?:st|nd|rd|th)$/;
const DECADE = /^(?:(\d{3})0|['’](\d)0)s$/;
const YEAR = /^(1\d{3}|20\d\d)$/;
/** A day of the month or a day range: "27", "27th", "20-21". */
const DAYS = /^(\d{1,2})(?:st|nd|rd|th)?(?:[-–](\d{1,2})(?:st|nd|rd|th)?)?$/;
const MID_YEAR = /^mid-(1[89]\d\d|20\d\d)$/;
/** Three or more digit groups ("+1 (555) 123-4567", "020 7946 0958"): an identifier, not an amount. */
const PHONE = /[+(]?\d{1,5}\)?(?:[ .-]\(?\d{2,4}\)?){2,}/y;
const QUOTE = /^[“”"‘’'«»]$/;
const WORDISH = /^[\p{L}\p{N}]/u;

const UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
/** Scale words as powers of ten, so "6.5" + "billion" is computed exactly as Number("6.5e9"). */
const SCALE: Record<string, number> = {
  hundred: 2, thousand: 3, lakh: 5, million: 6, mn: 6, mln: 6, crore: 7, billion: 9, bn: 9, bln: 9,
  trillion: 12, tn: 12, trn: 12,
};
/** One-letter scales only count glued to the digits ("1.5m", "10k"); "m" is decided in context. */
const GLUED_SCALE: Record<string, number> = { k: 3, m: 6 };
/** Vague plurals: "hundreds of", "tens of thousands of". */
const VAGUE: Record<string, number> = {
  tens: 10, dozens: 12, hundreds: 100, thousands: 1e3, millions: 1e6, billions: 1e9, trillions: 1e12,
};

const CURRENCY_PREFIX: Record<string, string> = {
  $: "USD", US$: "USD", "U.S.$": "USD", C$: "CAD", A$: "AUD", HK$: "HKD", "€": "EUR", "£": "GBP",
  "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH", USD: "USD", EUR: "EUR", GBP: "GBP", RUB: "RUB",
  UAH: "UAH", CNY: "CNY", JPY: "JPY", INR: "INR", CHF: "CHF",
};
const CURRENCY_SUFFIX: Record<string, string> = {
  dollar: "USD", dollars: "USD", euro: "EUR", euros: "EUR", sterling: "GBP", ruble: "RUB",
  rubles: "RUB", rouble: "RUB", roubles: "RUB", hryvnia: "UAH", hryvnias: "UAH", hryvnas: "UAH",
  yuan: "CNY", renminbi: "CNY", yen: "JPY", rupees: "INR", naira: "NGN", shekel: "ILS",
  shekels: "ILS", lira: "TRY", usd: "USD", eur: "EUR", gbp: "GBP",
  rub: "RUB", uah: "UAH", cny: "CNY",
};
/** Words between the number and a currency word: "5 million US dollars". */
const CURRENCY_ADJ = new Set(["us", "u.s.", "american", "canadian", "australian", "hong", "kong"]);
/** "pounds" is money after a scale word ("5 million pounds"), a weight otherwise. */
const POUNDS = new Set(["pound", "pounds"]);

const MEASURE: Record<string, string> = {
  km: "km", kms: "km", kilometre: "km", kilometres: "km", kilometer: "km", kilometers: "km",
  mile: "mi", miles: "mi", metre: "m", metres: "m", meter: "m", meters: "m", mm: "mm",
  millimetre: "mm", millimetres: "mm", millimeter: "mm", millimeters: "mm", cm: "cm",
  centimetres: "cm", centimeters: "cm", kg: "kg", kilogram: "kg", kilograms: "kg", kilos: "kg",
  tonne: "t", tonnes: "t", ton: "t", tons: "t", lb: "lb", lbs: "lb", barrel: "bbl", barrels: "bbl",
  bbl: "bbl", litre: "L", litres: "L", liter: "L", liters: "L", gallon: "gal", gallons: "gal",
  hectare: "ha", hectares: "ha", acre: "acre", acres: "acre", ft: "ft", feet: "ft", foot: "ft",
  inch: "in", inches: "in", mph: "mph", degrees: "°", bcm: "bcm", mw: "MW", gw: "GW", kw: "kW",
  twh: "TWh", gwh: "GWh", mwh: "MWh", kilowatt: "kW", kilowatts: "kW", megawatt: "MW",
  megawatts: "MW", gigawatt: "GW", gigawatts: "GW", kilotons: "kt", kt: "kt", megatons: "Mt",
};
const PERIODS: Record<string, string> = { hour: "h", h: "h", hr: "h", day: "day", week: "week", month: "month", year: "year", annum: "year" };
/** "square kilometres", "sq km", "cubic metres". */
const AREA = new Set(["square", "sq", "cubic"]);
/** Calibres and ages written as modifiers: "155mm artillery", "10-year-old", "six-month-old". */
const MODIFIER_UNITS = new Set(["mm", "year", "month", "week", "day", "hour", "minute"]);

/** After a number these make it a time of day, which is not one of the figure kinds. */
const CLOCK = new Set(["a.m.", "p.m.", "am", "pm", "gmt", "utc", "o'clock", "o’clock", "hrs", "cet", "est", "edt", "bst"]);
/** Before a number these make it an identifier: "No. 10", "#5", "page 3". */
const IDENTIFIER = new Set(["no", "no.", "nos.", "#", "number", "page", "p.", "pp.", "article", "section", "chapter", "paragraph", "resolution", "flight", "route", "room", "vol.", "volume", "line", "step", "phase", "episode", "season"]);

/** Lower-case words a quoted title may contain ("“9 Steps to Win”"). */
const TITLE_SMALL_WORDS = new Set(["a", "an", "the", "and", "or", "to", "of", "in", "on", "at", "for", "by", "with", "from"]);

/** Leading words of a counted phrase that only quantify it: "such “drawdown”", "more tanks". */
const COUNTED_SKIP = new Set(["such", "more", "other", "additional", "further", "extra", "another"]);
const MAX_COUNTED_WORDS = 6;

/** Bound/approximation qualifiers, longest first so "no more than" wins over "more than". */
const QUALIFIERS: readonly string[][] = [
  ["no", "more", "than"], ["no", "fewer", "than"], ["as", "many", "as"], ["as", "much", "as"],
  ["as", "few", "as"], ["as", "little", "as"], ["in", "excess", "of"], ["more", "than"],
  ["less", "than"], ["fewer", "than"], ["greater", "than"], ["at", "least"], ["at", "most"],
  ["up", "to"], ["close", "to"], ["upwards", "of"], ["just", "over"], ["just", "under"],
  ["between"], ["from"], ["about"], ["around"], ["approximately"], ["roughly"], ["nearly"],
  ["almost"], ["some"], ["over"], ["under"], ["above"], ["below"], ["estimated"], ["circa"],
];
/** Qualifiers that only make sense with a range ("between 5 and 10", "from 2014 to 2022"). */
const RANGE_QUALIFIERS = new Set(["between", "from"]);

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8,
  september: 9, october: 10, november: 11, december: 12,
};
const MONTH_ABBR: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const WEEKDAYS: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
};
/** A month name with no day or year is a date only after these ("in April"), not "April Smith". */
const MONTH_CONTEXT = new Set(["in", "since", "until", "till", "by", "from", "to", "through", "during", "of", "early", "late", "mid", "last", "next", "this", "each", "every", "before", "after", "between", "and", "or", "on"]);
/** A bare four-digit number in year range is a year after these even when a noun follows. */
const YEAR_CONTEXT = new Set(["in", "since", "until", "till", "by", "from", "to", "through", "during", "of", "before", "after", "the", "early", "late", "mid", "year", "spring", "summer", "autumn", "fall", "winter", "between", "and", "or", "circa"]);
/** Plurals without a final s, for telling "2000 people" (a count) from "a 2012 conviction". */
const PLURALS = new Set(["people", "children", "men", "women", "police", "personnel", "staff", "troops", "cattle", "sheep", "fish", "aircraft", "refugees"]);
const DATE_QUALIFIERS = new Set(["early", "late", "mid"]);
/** "Thursday night" is a date, "Saturday Night Live" a title. */
const DAY_PARTS = new Set(["night", "morning", "afternoon", "evening"]);
const DAY_EVENTS = new Set(["black", "good", "super", "bloody", "cyber", "ash", "palm", "easter", "holy", "maundy"]);
const RELATIVE_UNITS = new Set(["week", "month", "year"]);
const AGO_UNITS: Record<string, string> = {
  day: "day", days: "day", week: "week", weeks: "week", month: "month", months: "month", year: "year", years: "year",
};

/** Words that can open a figure; with digits and symbols they make a cheap test for every token. */
const STARTERS = new Set([
  ...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(VAGUE), ...Object.keys(MONTHS), ...Object.keys(WEEKDAYS),
  ...Object.keys(MONTH_ABBR).flatMap((m) => [m, `${m}.`]), ...Object.keys(CURRENCY_PREFIX).map((k) => k.toLowerCase()),
  "a", "an", "half", "last", "next", "this", "yesterday", "tomorrow",
]);
const SYMBOL_START = /^[\d$€£¥₹₽₴+\-'’]|^mid-/;

function mayStart(w: string): boolean {
  return SYMBOL_START.test(w) || STARTERS.has(w);
}

// ---------------------------------------------------------------------------------------------
// Token helpers

function glued(c: Ctx, k: number): boolean {
  return k > c.from && k < c.to && c.toks[k].start === c.toks[k - 1].end;
}

function lowAt(c: Ctx, k: number): string {
  return k >= c.from && k < c.to ? c.low[k] : "";
}

function capitalized(t: Token): boolean {
  const ch = t.text.charCodeAt(0);
  return ch >= 65 && ch <= 90;
}

function make(c: Ctx, startTok: number, endTok: number, fields: Omit<Figure, "start" | "end" | "text">): Figure {
  const start = c.toks[startTok].start;
  const end = c.toks[endTok - 1].end;
  return { text: c.text.slice(start, end), start, end, ...fields };
}

// ---------------------------------------------------------------------------------------------
// Numbers

interface Num {
  value: number;
  /** Token after the number (and its scale word). */
  next: number;
  spelled: boolean;
  /** A scale word was applied ("million", "bn", "a thousand"). */
  scaled: boolean;
  /** Power of ten of the scale word ending the number (6 for "10 million"), else 0. */
  exp: number;
}

/** Digits with optional scale ("36,000", "6.5 billion", "2bn", "1.5m"), or spelled-out words. */
function parseNumeral(c: Ctx, i: number, money: boolean): Num | null {
  const w = lowAt(c, i);
  if (NUMERIC.test(w)) {
    const digits = w.replace(/,/g, "");
    let next = i + 1;
    let exp = 0;
    // "$50-billion package": a hyphenated scale still scales.
    const hyphen = lowAt(c, next) === "-" && glued(c, next) && glued(c, next + 1) && SCALE[lowAt(c, next + 1)] !== undefined;
    if (hyphen) next++;
    const s = lowAt(c, next);
    if (SCALE[s] !== undefined && s !== "hundred") exp = SCALE[s];
    else if (GLUED_SCALE[s] !== undefined && glued(c, next) && (s === "k" || money || c.toks[next].text === "M" || countedPhrase(c, next + 1) !== null)) {
      // Glued "m" is million with a currency, as "M", or before a counted noun ("1.5m people"); metres otherwise.
      exp = GLUED_SCALE[s];
    }
    if (exp === 0) return { value: Number(digits), next: i + 1, spelled: false, scaled: false, exp };
    return { value: Number(`${digits}e${exp}`), next: next + 1, spelled: false, scaled: true, exp };
  }
  return parseWords(c, i);
}

/** "forty", "twenty-five", "a thousand", "two hundred and fifty", "half a million", "a dozen". */
function parseWords(c: Ctx, i: number): Num | null {
  let j = i;
  const first = lowAt(c, i);
  if (first === "half" && (lowAt(c, i + 1) === "a" || lowAt(c, i + 1) === "an")) {
    const exp = SCALE[lowAt(c, i + 2)];
    if (exp === undefined || exp < 3) return lowAt(c, i + 2) === "dozen" ? { value: 6, next: i + 3, spelled: true, scaled: false, exp: 0 } : null;
    return { value: 0.5 * 10 ** exp, next: i + 3, spelled: true, scaled: true, exp };
  }
  let total = 0;
  let current = 0;
  let scaled = false;
  let exp = 0;
  // "a thousand", "a dozen": the article stands for one, but only before a scale word.
  if (first === "a" || first === "an") {
    const s = lowAt(c, i + 1);
    if (SCALE[s] === undefined && s !== "dozen") return null;
    current = 1;
    j++;
  } else if (UNITS[first] === undefined && TENS[first] === undefined) {
    // A scale word needs a number before it: "a few dozen", "a couple hundred" are not amounts.
    return null;
  }
  let last: "none" | "unit" | "tens" | "scale" = "none";
  while (j < c.to) {
    const w = c.low[j];
    if (UNITS[w] !== undefined && (last === "none" || last === "scale" || (last === "tens" && UNITS[w] < 10))) {
      current += UNITS[w];
      last = "unit";
      exp = 0;
      j++;
    } else if (TENS[w] !== undefined && (last === "none" || last === "scale")) {
      current += TENS[w];
      last = "tens";
      exp = 0;
      j++;
      // "twenty-five" is three glued tokens.
      if (lowAt(c, j) === "-" && glued(c, j) && glued(c, j + 1) && UNITS[lowAt(c, j + 1)] < 10) {
        current += UNITS[c.low[j + 1]];
        last = "unit";
        j += 2;
      }
    } else if (w === "hundred" || w === "dozen") {
      current = (current || 1) * (w === "hundred" ? 100 : 12);
      last = "scale";
      scaled = true;
      exp = w === "hundred" ? 2 : 0;
      j++;
    } else if (SCALE[w] !== undefined && SCALE[w] >= 3) {
      total += (current || 1) * 10 ** SCALE[w];
      current = 0;
      last = "scale";
      scaled = true;
      exp = SCALE[w];
      j++;
    } else if (w === "and" && last === "scale" && (UNITS[lowAt(c, j + 1)] !== undefined || TENS[lowAt(c, j + 1)] !== undefined)) {
      j++;
    } else break;
  }
  if (last === "none") return null;
  // The bare word "one" is a pronoun or determiner far more often than an amount.
  if (j === i + 1 && first === "one") return null;
  return { value: total + current, next: j, spelled: true, scaled, exp };
}

/** "tens of thousands", "hundreds", "dozens": the phrase, its floor, and where it ends. */
function parseVague(c: Ctx, i: number): { min: number; next: number } | null {
  const head = VAGUE[lowAt(c, i)];
  if (head === undefined) return null;
  let min = 2 * head;
  let j = i + 1;
  while (lowAt(c, j) === "of" && VAGUE[lowAt(c, j + 1)] !== undefined && VAGUE[lowAt(c, j + 1)] > 12) {
    min *= VAGUE[c.low[j + 1]];
    j += 2;
  }
  // "tens" alone is not a quantity ("tens of thousands" is).
  if (head === 10 && j === i + 1) return null;
  return { min, next: j };
}

/** The counted noun phrase at `j`: modifiers and nouns, then an "of"/"per" complement. */
function countedPhrase(c: Ctx, j: number, complement = true): { start: number; end: number } | null {
  let k = j;
  while (k < c.to && (COUNTED_SKIP.has(c.low[k]) || QUOTE.test(c.toks[k].text))) k++;
  let start = -1;
  let end = -1;
  let words = 0;
  while (k < c.to && words < MAX_COUNTED_WORDS) {
    // An opening quote glued to the next word ("“drawdown”") stays inside the phrase.
    if (QUOTE.test(c.toks[k].text) && start >= 0 && glued(c, k + 1)) {
      k++;
      continue;
    }
    const word = wordAt(c, k);
    if (word === null) break;
    if (start < 0) start = k;
    if (word.head) end = word.next;
    k = word.next;
    words++;
  }
  if (end < 0 || !countable(c, start, end)) return null;
  const phrase = { start, end };
  if (!complement) return phrase;
  // "rounds of 105mm artillery", "barrels per day": a determiner-less complement belongs to it.
  const link = lowAt(c, end);
  if ((link === "of" || link === "per") && end + 1 < c.to && c.toks[end + 1].pos !== "DET") {
    const tail = countedPhrase(c, end + 1, false);
    if (tail !== null && tail.start === end + 1) return { start, end: tail.end };
  }
  return phrase;
}

/**
 * A date word is no counted thing ("turned 4 Monday"), nor is a bare name ("3200 Phaethon",
 * "§197 IL"): a phrase of proper nouns only counts when plural ("20 Ukrainians").
 */
function countable(c: Ctx, start: number, end: number): boolean {
  const first = c.low[start];
  if (WEEKDAYS[first] !== undefined || MONTHS[first] !== undefined) return false;
  for (let k = start; k < end; k++) if (c.toks[k].pos !== "PROPN") return true;
  return /[a-z]s$/.test(c.toks[end - 1].text);
}

/**
 * One word of a noun phrase: glued tokens form one word ("precision-guided", "155mm",
 * "counter-battery"). `head` says whether the phrase may end on it (a noun, not a modifier).
 */
function wordAt(c: Ctx, k: number): { next: number; head: boolean } | null {
  const t = c.toks[k];
  if (!WORDISH.test(t.text)) return null;
  let j = k + 1;
  while (j < c.to && glued(c, j) && (WORDISH.test(c.toks[j].text) || (c.toks[j].text === "-" && glued(c, j + 1)))) {
    // A possessive ends the phrase before it ("the US’s most advanced").
    if (/^['’]s$/.test(c.low[j])) break;
    j++;
  }
  const last = c.toks[j - 1];
  if (j === k + 1) {
    if (t.pos !== "NOUN" && t.pos !== "PROPN" && t.pos !== "ADJ") return null;
    if (/^\d/.test(t.text)) return null;
    return { next: j, head: t.pos !== "ADJ" };
  }
  return { next: j, head: last.pos === "NOUN" || last.pos === "PROPN" };
}

/** Looks back from `i` for "more than", "about", "between"…; returns its first token and text. */
function qualifierBefore(c: Ctx, i: number): { at: number; text: string } | null {
  for (const words of QUALIFIERS) {
    const at = i - words.length;
    if (at < c.floor) continue;
    let ok = true;
    for (let n = 0; n < words.length && ok; n++) ok = c.low[at + n] === words[n];
    if (ok) return { at, text: words.join(" ") };
  }
  return null;
}

/**
 * True when the digits at `i` are no amount: part of a name or identifier ("Boeing 737", "No. 10",
 * "“60 Minutes”", "pic.twitter.com/3eX"), a footnote or list marker ("[4]", "5."), or an age in
 * apposition ("Deborah Ramirez, 53,").
 */
function isNotAmount(c: Ctx, i: number, next: number): boolean {
  const prev = i - 1 >= c.from ? c.toks[i - 1] : null;
  const after = lowAt(c, next);
  if (prev === null) return (after === "." || after === ")") && next === i + 1;
  if (glued(c, i) && /[\p{L}\p{N}/:§#@]$/u.test(prev.text)) return true;
  if ((prev.text === "[" || prev.text === "(") && (after === "]" || after === ")")) return true;
  if (prev.text === "," && (after === "," || after === "." || after === ")") && i - 2 >= c.from && c.toks[i - 2].pos === "PROPN" && /^\d{1,3}$/.test(c.low[i])) return true;
  if (IDENTIFIER.has(c.low[i - 1])) return true;
  if (prev.pos === "PROPN" && capitalized(prev) && MONTHS[c.low[i - 1]] === undefined && MONTH_ABBR[c.low[i - 1].replace(/\.$/, "")] === undefined && WEEKDAYS[c.low[i - 1]] === undefined) return true;
  if (QUOTE.test(prev.text) && isQuotedTitle(c, i + 1)) return true;
  // "MiG - 29" split apart: a hyphen glued on both sides ties the number to a name.
  return prev.text === "-" && glued(c, i) && glued(c, i - 1) && i - 2 >= c.from && /\p{L}/u.test(c.toks[i - 2].text);
}

/** Title-case words up to a closing quote: the number opened a quoted title ("“9 Steps to Win”"). */
function isQuotedTitle(c: Ctx, k: number): boolean {
  if (k >= c.to || !capitalized(c.toks[k])) return false;
  for (let n = 0; k < c.to && n < 12; k++, n++) {
    if (QUOTE.test(c.toks[k].text)) return true;
    if (WORDISH.test(c.toks[k].text) && !capitalized(c.toks[k]) && !TITLE_SMALL_WORDS.has(c.low[k])) return false;
  }
  return false;
}

function phoneEnd(c: Ctx, i: number): number {
  PHONE.lastIndex = c.toks[i].start;
  if (!PHONE.test(c.text)) return -1;
  const endChar = PHONE.lastIndex;
  let k = i;
  while (k < c.to && c.toks[k].start < endChar) k++;
  return k;
}

function matchNumber(c: Ctx, i: number): Match | null {
  const t = c.toks[i];
  let j = i;
  const currency: string | undefined = CURRENCY_PREFIX[t.text];
  if (currency !== undefined) {
    if (i + 1 >= c.to || !/^\d/.test(c.toks[i + 1].text)) return null;
    j = i + 1;
  }
  const w = c.low[j];
  if (/^[+(\d]/.test(w) && j < c.to) {
    const phone = phoneEnd(c, j);
    if (phone > j + 1) return { next: phone };
  }
  const ordinal = ORDINAL.exec(w);
  const range = RANGE.exec(w);
  if ((ordinal !== null || range !== null) && currency === undefined && isNotAmount(c, j, j + 1)) return { next: j + 1 };
  if (ordinal !== null && currency === undefined) return matchOrdinal(c, i, Number(ordinal[1]));
  if (range !== null) return matchRangeToken(c, i, j, range, currency);

  const vague = currency === undefined ? parseVague(c, i) : null;
  if (vague !== null) return matchVague(c, i, vague);

  const parsed = parseNumeral(c, j, currency !== undefined);
  if (parsed === null) return null;
  // A minus sign tokenized apart ("−3.5%") belongs to the number when glued to it only.
  const minus = currency === undefined && !parsed.spelled && j - 1 >= c.floor && /^[-−–]$/.test(c.toks[j - 1].text) && glued(c, j) && !glued(c, j - 1);
  const num = minus ? { ...parsed, value: -parsed.value } : parsed;
  const first = minus ? j - 1 : i;
  if (!num.spelled && currency === undefined && isNotAmount(c, j, num.next)) return { next: num.next };
  if (CLOCK.has(lowAt(c, num.next))) return { next: num.next + 1 };

  const qual = qualifierBefore(c, first);
  // A second number after "-", "to" or "and" (with "between") makes a range.
  const upper = rangeEnd(c, num, qual?.text);
  if (upper !== null) {
    // "5 to 10 million": the scale of the upper bound applies to both.
    const lo = !num.scaled && upper.num.exp > 0 ? Number(`${num.value}e${upper.num.exp}`) : num.value;
    return finishRange(c, qual?.at ?? first, upper.num.next, lo, upper.num.value, currency ?? upper.currency, qual?.text);
  }
  const qualifier = qual !== null && !RANGE_QUALIFIERS.has(qual.text) ? qual.text : undefined;
  const from = qual !== null && qualifier !== undefined ? qual.at : first;

  const suffix = suffixAt(c, num.next, currency !== undefined || num.scaled);
  if (currency !== undefined || suffix?.kind === "money") {
    const next = suffix?.kind === "money" ? suffix.next : num.next;
    const unit = suffix?.kind === "money" ? suffix.unit : currency!;
    return { next, figure: make(c, from, next, { kind: "money", value: num.value, unit, ...(qualifier ? { qualifier } : {}) }) };
  }
  if (suffix?.kind === "modifier") return { next: suffix.next };
  if (suffix !== null) {
    return { next: suffix.next, figure: make(c, from, suffix.next, { kind: suffix.kind, value: num.value, unit: suffix.unit, ...(qualifier ? { qualifier } : {}) }) };
  }
  // Digits glued to letters that are no unit ("3eXXAQgc6o", "5G") are a code; hyphenated to a
  // word they form a modifier ("an 11-page statement", "a 2,000-strong force").
  if (glued(c, num.next) && /^\p{L}/u.test(c.toks[num.next].text)) return { next: num.next + 1 };
  if (lowAt(c, num.next) === "-" && glued(c, num.next) && glued(c, num.next + 1)) return { next: num.next + 2 };
  const phrase = countedPhrase(c, num.next);
  const ago = agoDate(c, first, num.value, phrase);
  if (ago !== null) return ago;
  if (!num.spelled && !num.scaled && YEAR.test(w) && isYear(c, j, phrase)) return matchYear(c, j);
  if (phrase === null) {
    // A spelled number with nothing counted is usually a pronoun ("the two met"), unless scaled
    // ("half a million"); digits next to other digits are a table row ("129,656 129,196 -460").
    if ((num.spelled && !num.scaled) || /^[-+−]?\d/.test(lowAt(c, num.next)) || (first - 1 >= c.from && /\d$/.test(c.low[first - 1]))) return { next: num.next };
    return { next: num.next, figure: make(c, from, num.next, { kind: "count", value: num.value, ...(qualifier ? { qualifier } : {}) }) };
  }
  const end = closeQuote(c, phrase.start, phrase.end);
  return {
    next: end,
    figure: make(c, from, end, { kind: "count", value: num.value, counted: c.text.slice(c.toks[phrase.start].start, c.toks[phrase.end - 1].end), ...(qualifier ? { qualifier } : {}) }),
  };
}

/** Range upper bound after "-", "–", "to", or "and" following "between"; it must exceed the lower. */
function rangeEnd(c: Ctx, num: Num, qualifier: string | undefined): { num: Num; currency?: string } | null {
  const sep = lowAt(c, num.next);
  const ok = sep === "-" || sep === "–" || sep === "—" || sep === "to" || (sep === "and" && qualifier === "between");
  if (!ok) return null;
  let k = num.next + 1;
  const currency = k + 1 < c.to ? CURRENCY_PREFIX[c.toks[k].text] : undefined;
  if (currency !== undefined) k++;
  // Digits pair with digits ("10 to 15"); spelled numbers with either ("two to three").
  if (!num.spelled && !/^\d/.test(lowAt(c, k))) return null;
  const upper = parseNumeral(c, k, currency !== undefined);
  if (upper === null || upper.value <= num.value) return null;
  return { num: upper, ...(currency ? { currency } : {}) };
}

/** "10-15 tanks", "$5-10 billion", "2014-2022", "2014-15" as one token. */
function matchRangeToken(c: Ctx, i: number, j: number, m: RegExpExecArray, currency: string | undefined): Match {
  let lo = Number(m[1].replace(/,/g, ""));
  let hi = Number(m[2].replace(/,/g, ""));
  // "2014-15": an abbreviated upper year.
  if (YEAR.test(m[1]) && /^\d\d$/.test(m[2])) hi = Math.floor(lo / 100) * 100 + hi;
  if (hi <= lo) return { next: j + 1 }; // a score ("2-1") or an identifier, not a range
  const qual = qualifierBefore(c, i);
  let next = j + 1;
  const s = lowAt(c, next);
  if (SCALE[s] !== undefined && s !== "hundred") {
    lo = Number(`${lo}e${SCALE[s]}`);
    hi = Number(`${hi}e${SCALE[s]}`);
    next++;
  }
  return finishRange(c, qual?.at ?? i, next, lo, hi, currency, qual?.text);
}

/** A range [lo, hi] whose numbers end before token `next`: money, a measure, years, or a count. */
function finishRange(c: Ctx, startTok: number, next: number, lo: number, hi: number, currency: string | undefined, qualifier: string | undefined): Match {
  const q = qualifier !== undefined ? { qualifier } : {};
  if (currency !== undefined) return { next, figure: make(c, startTok, next, { kind: "money", value: null, unit: currency, min: lo, max: hi, ...q }) };
  const suffix = suffixAt(c, next, false);
  if (suffix?.kind === "modifier") return { next: suffix.next };
  if (suffix !== null) {
    return { next: suffix.next, figure: make(c, startTok, suffix.next, { kind: suffix.kind, value: null, unit: suffix.unit, min: lo, max: hi, ...q }) };
  }
  const phrase = countedPhrase(c, next);
  // "2014-2022", "the 2023-2026 cycle" are years unless something is counted ("2000-3000 troops").
  if (YEAR.test(String(lo)) && YEAR.test(String(hi)) && !countsThings(c, phrase)) {
    return { next, figure: make(c, startTok, next, { kind: "date", value: null, date: `${lo}/${hi}` }) };
  }
  const end = phrase?.end ?? next;
  const counted = phrase ? { counted: c.text.slice(c.toks[phrase.start].start, c.toks[phrase.end - 1].end) } : {};
  return { next: end, figure: make(c, startTok, end, { kind: "count", value: null, min: lo, max: hi, ...counted, ...q }) };
}

function matchVague(c: Ctx, i: number, vague: { min: number; next: number }): Match | null {
  const qualifier = c.text.slice(c.toks[i].start, c.toks[vague.next - 1].end).toLowerCase();
  // "hundreds of drones", "billions of dollars", "dozens of miles".
  const body = lowAt(c, vague.next) === "of" ? vague.next + 1 : vague.next;
  const suffix = suffixAt(c, body, true);
  if (suffix !== null && suffix.kind !== "modifier") {
    return { next: suffix.next, figure: make(c, i, suffix.next, { kind: suffix.kind, value: null, unit: suffix.unit, min: vague.min, qualifier }) };
  }
  const phrase = countedPhrase(c, body);
  // Without a counted noun ("hundreds were killed") the amount has no referent worth reporting.
  if (phrase === null || phrase.start !== body) return null;
  return {
    next: phrase.end,
    figure: make(c, i, phrase.end, { kind: "count", value: null, min: vague.min, qualifier, counted: c.text.slice(c.toks[phrase.start].start, c.toks[phrase.end - 1].end) }),
  };
}

/**
 * "the 21st such “drawdown”": a position in a series is reported as a count of that series;
 * "the 19th century" is a date ("18", the ISO century). Capitalized phrases are names
 * ("7th Fleet", "9th U.S. Circuit Court").
 */
function matchOrdinal(c: Ctx, i: number, value: number): Match {
  const phrase = countedPhrase(c, i + 1, false);
  if (phrase === null || capitalized(c.toks[phrase.start])) return { next: i + 1 };
  if (c.low[phrase.start] === "century" && value > 0) {
    return { next: phrase.start + 1, figure: make(c, i, phrase.start + 1, { kind: "date", value: null, date: pad(value - 1) }) };
  }
  const end = closeQuote(c, i + 1, phrase.end);
  return {
    next: end,
    figure: make(c, i, end, { kind: "count", value, ordinal: true, counted: c.text.slice(c.toks[phrase.start].start, c.toks[phrase.end - 1].end) }),
  };
}

/** Includes a closing quote right after the phrase when the phrase opened one. */
function closeQuote(c: Ctx, from: number, end: number): number {
  if (end >= c.to || !glued(c, end) || !/^[”"’»]$/.test(c.toks[end].text)) return end;
  for (let k = from; k < end; k++) if (/^[“"‘«]$/.test(c.toks[k].text)) return end + 1;
  return end;
}

type Suffix = { kind: "money" | "percent" | "quantity"; unit: string; next: number } | { kind: "modifier"; next: number };

/** What follows a number: %, per cent, a currency word, a measurement unit, or a modifier unit. */
function suffixAt(c: Ctx, k: number, scaled: boolean): Suffix | null {
  const w = lowAt(c, k);
  if (w === "") return null;
  if (w === "%" || w === "percent" || w === "pct" || (w === "pc" && glued(c, k))) return { kind: "percent", unit: "%", next: k + 1 };
  if (w === "per" && lowAt(c, k + 1) === "cent") return { kind: "percent", unit: "%", next: k + 2 };
  if (w === "percentage" && /^points?$/.test(lowAt(c, k + 1))) return { kind: "percent", unit: "pp", next: k + 2 };
  let cur = k;
  while (CURRENCY_ADJ.has(lowAt(c, cur)) && cur < k + 2) cur++;
  const money = CURRENCY_SUFFIX[lowAt(c, cur)] ?? (scaled && POUNDS.has(lowAt(c, cur)) ? "GBP" : undefined);
  if (money !== undefined) return { kind: "money", unit: money, next: cur + 1 };
  const hyphen = w === "-" && glued(c, k) && glued(c, k + 1);
  const u = hyphen ? k + 1 : k;
  // "1.5m." at a sentence end: the tokenizer keeps the period on the abbreviation.
  const unitWord = lowAt(c, u).replace(/(?<=.)\.$/, "");
  if (MODIFIER_UNITS.has(unitWord) && (hyphen || glued(c, u) || unitWord === "mm")) {
    // Ages and calibres describe a noun: "10-year-old", "six-month-old war", "155mm artillery".
    let end = u + 1;
    while (lowAt(c, end) === "-" && glued(c, end) && glued(c, end + 1)) end += 2;
    if (unitWord !== "mm" || countedPhrase(c, end) !== null) return { kind: "modifier", next: end };
  }
  if (AREA.has(unitWord) && MEASURE[lowAt(c, u + 1)] !== undefined) {
    const base = MEASURE[c.low[u + 1]];
    return { kind: "quantity", unit: unitWord === "cubic" ? `${base}3` : `${base}2`, next: u + 2 };
  }
  // "–10°C", "40 °F".
  if (unitWord === "°") {
    const scale = /^[cf]$/.test(lowAt(c, u + 1)) && glued(c, u + 1) ? c.toks[u + 1].text.toUpperCase() : "";
    return { kind: "quantity", unit: `°${scale}`, next: scale ? u + 2 : u + 1 };
  }
  // "m" alone is metres only glued to the number; spaced it is too often something else.
  const unit = unitWord === "m" ? (glued(c, u) ? "m" : undefined) : MEASURE[unitWord] ?? (POUNDS.has(unitWord) ? "lb" : undefined);
  if (unit === undefined) return null;
  // Rates: "140 miles per hour" (mph), "300 km/h", "1 million barrels per day" (bbl/day).
  const per = lowAt(c, u + 1) === "per" || (lowAt(c, u + 1) === "/" && glued(c, u + 1));
  const period = per ? PERIODS[lowAt(c, u + 2)] : undefined;
  if (period === undefined) return { kind: "quantity", unit, next: u + 1 };
  return { kind: "quantity", unit: unit === "mi" && period === "h" ? "mph" : `${unit}/${period}`, next: u + 3 };
}

// ---------------------------------------------------------------------------------------------
// Dates

function matchDate(c: Ctx, i: number): Match | null {
  const t = c.toks[i];
  const w = c.low[i];
  const decade = DECADE.exec(w);
  if (decade !== null) {
    const prefix = decade[1] ?? (Number(decade[2]) >= 3 ? `19${decade[2]}` : `20${decade[2]}`);
    return { next: i + 1, figure: make(c, i, i + 1, { kind: "date", value: null, date: prefix }) };
  }
  const mid = MID_YEAR.exec(w);
  if (mid !== null) return { next: i + 1, figure: make(c, i, i + 1, { kind: "date", value: null, date: mid[1], qualifier: "mid" }) };
  if (WEEKDAYS[w] !== undefined && capitalized(t)) return matchWeekday(c, i);
  if (capitalized(t)) {
    const month = matchMonthFirst(c, i);
    if (month !== null) return month;
  }
  // "27 Sep 2022", "5th of May", and day ranges "20-21 March 2024" (an ISO interval).
  const days = DAYS.exec(w);
  if (days !== null) {
    const of = lowAt(c, i + 1) === "of" ? 1 : 0;
    const month = i + 1 + of < c.to && capitalized(c.toks[i + 1 + of]) ? monthAt(c, i + 1 + of) : null;
    const first = Number(days[1]);
    const last = days[2] !== undefined ? Number(days[2]) : first;
    if (month !== null && first >= 1 && first <= last && last <= 31) {
      const year = yearAt(c, month.next);
      const next = year !== null ? month.next + 1 : month.next;
      const from = dateOf(c, year, month.value, first);
      const date = last === first ? from : `${from}/${dateOf(c, year, month.value, last)}`;
      return { next, figure: make(c, i, next, { kind: "date", value: null, date }) };
    }
  }
  if ((w === "a" || w === "an") && AGO_UNITS[lowAt(c, i + 1)] !== undefined && lowAt(c, i + 2) === "ago") {
    return agoDate(c, i, 1, { start: i + 1, end: i + 2 });
  }
  if (w === "yesterday" || w === "tomorrow") {
    const date = c.anchor ? isoDay(addDays(c.anchor, w === "yesterday" ? -1 : 1)) : undefined;
    return { next: i + 1, figure: make(c, i, i + 1, { kind: "date", value: null, ...(date ? { date } : {}) }) };
  }
  if ((w === "last" || w === "next" || w === "this") && RELATIVE_UNITS.has(lowAt(c, i + 1))) {
    const step = w === "last" ? -1 : w === "next" ? 1 : 0;
    const date = c.anchor ? relative(c.anchor, c.low[i + 1], step) : undefined;
    return { next: i + 2, figure: make(c, i, i + 2, { kind: "date", value: null, ...(date ? { date } : {}) }) };
  }
  return null;
}

function dayNumber(w: string): number | null {
  const m = DAYS.exec(w);
  if (m === null || m[2] !== undefined) return null;
  const d = Number(m[1]);
  return d >= 1 && d <= 31 ? d : null;
}

/** A month name (or "Sept."/"Sep" abbreviation) at `k`; `next` skips a separate period token. */
function monthAt(c: Ctx, k: number): { value: number; next: number; abbr: boolean } | null {
  const w = lowAt(c, k);
  if (MONTHS[w] !== undefined) return { value: MONTHS[w], next: k + 1, abbr: false };
  const abbr = MONTH_ABBR[w.replace(/\.$/, "")];
  if (abbr === undefined) return null;
  const dot = lowAt(c, k + 1) === "." && glued(c, k + 1) ? 1 : 0;
  return { value: abbr, next: k + 1 + dot, abbr: true };
}

function yearAt(c: Ctx, k: number): number | null {
  const w = lowAt(c, k);
  return YEAR.test(w) ? Number(w) : null;
}

/** "September 27, 2022", "Sep 27", "April 2022", "in April", "early April". */
function matchMonthFirst(c: Ctx, i: number): Match | null {
  const month = monthAt(c, i);
  if (month === null) return null;
  let next = month.next;
  let day: number | null = null;
  const d = dayNumber(lowAt(c, next));
  if (d !== null && !YEAR.test(lowAt(c, next))) {
    day = d;
    next++;
  }
  let k = next;
  if (day !== null && lowAt(c, k) === ",") k++;
  const year = yearAt(c, k);
  if (year !== null) next = k + 1;
  const prev = lowAt(c, i - 1);
  // Alone, a month name needs a date context: "in April", not "April Smith" or "May see".
  if (day === null && year === null && (month.abbr || !MONTH_CONTEXT.has(prev))) return null;
  const qualified = DATE_QUALIFIERS.has(prev) && i - 1 >= c.floor;
  const start = qualified ? i - 1 : i;
  return {
    next,
    figure: make(c, start, next, { kind: "date", value: null, date: dateOf(c, year, month.value, day), ...(qualified ? { qualifier: prev } : {}) }),
  };
}

/** "Thursday", "last Friday", "Thursday, September 29, 2022". */
function matchWeekday(c: Ctx, i: number): Match {
  const weekday = WEEKDAYS[c.low[i]];
  const mod = lowAt(c, i - 1);
  const hasMod = (mod === "last" || mod === "next" || mod === "this") && i - 1 >= c.floor;
  const start = hasMod ? i - 1 : i;
  const comma = lowAt(c, i + 1) === "," ? 1 : 0;
  const explicit = i + 1 + comma < c.to && capitalized(c.toks[i + 1 + comma]) ? matchMonthFirst(c, i + 1 + comma) : null;
  // "Thursday, September 29": the explicit date wins (a bare month after it would be another date).
  if (explicit?.figure?.date !== undefined && /-\d\d-\d\d$/.test(explicit.figure.date)) {
    return { next: explicit.next, figure: make(c, start, explicit.next, { kind: "date", value: null, date: explicit.figure.date }) };
  }
  // "Saturday Night Live", "Black Friday": a day inside a title or an event name.
  if ((DAY_PARTS.has(lowAt(c, i + 1)) && capitalized(c.toks[i + 1])) || DAY_EVENTS.has(mod)) return { next: i + 1 };
  let date: string | undefined;
  if (c.anchor) {
    const today = weekdayOf(c.anchor);
    let back = (today - weekday + 7) % 7;
    if (hasMod && mod === "last" && back === 0) back = 7;
    if (hasMod && mod === "next") back = -((weekday - today + 7) % 7 || 7);
    date = isoDay(addDays(c.anchor, -back));
  }
  return { next: i + 1, figure: make(c, start, i + 1, { kind: "date", value: null, ...(date ? { date } : {}) }) };
}

/** "in 2022", "the 2022 elections", "early 2023". */
function matchYear(c: Ctx, i: number): Match {
  const prev = lowAt(c, i - 1);
  const qualified = DATE_QUALIFIERS.has(prev) && i - 1 >= c.floor;
  const start = qualified ? i - 1 : i;
  return { next: i + 1, figure: make(c, start, i + 1, { kind: "date", value: null, date: c.low[i], ...(qualified ? { qualifier: prev } : {}) }) };
}

/**
 * A four-digit number is a year after a date word, or unless a plural noun follows: "2,000 troops"
 * and "2000 troops" are counts, "a 2012 conviction" and "2014 Russia annexed" are years.
 */
function isYear(c: Ctx, i: number, phrase: { start: number; end: number } | null): boolean {
  // Before 1800 only a preposition makes a year ("in 1013"); "the 1500 soldiers" are counted.
  const prev = lowAt(c, i - 1);
  if (YEAR_CONTEXT.has(prev)) return prev !== "the" || Number(c.low[i]) >= 1800;
  return Number(c.low[i]) >= 1800 && !countsThings(c, phrase);
}

/** A plural common-noun phrase: what a number in year range counts rather than dates. */
function countsThings(c: Ctx, phrase: { start: number; end: number } | null): boolean {
  if (phrase === null || capitalized(c.toks[phrase.start])) return false;
  const head = c.low[phrase.end - 1];
  return /[^s]s$/.test(head) || PLURALS.has(head);
}

/** "two weeks ago", "a year ago" (with `value` 1 for "a"). */
function agoDate(c: Ctx, i: number, value: number, phrase: { start: number; end: number } | null): Match | null {
  if (phrase === null || phrase.end !== phrase.start + 1 || lowAt(c, phrase.end) !== "ago") return null;
  const unit = AGO_UNITS[c.low[phrase.start]];
  if (unit === undefined) return null;
  let date: string | undefined;
  if (c.anchor) {
    if (unit === "day") date = isoDay(addDays(c.anchor, -value));
    else if (unit === "week") date = isoWeek(addDays(c.anchor, -7 * value));
    else if (unit === "month") date = isoMonth(shiftMonth(c.anchor, -value));
    else date = String(c.anchor.y - value);
  }
  return { next: phrase.end + 1, figure: make(c, i, phrase.end + 1, { kind: "date", value: null, ...(date ? { date } : {}) }) };
}

/** ISO date from parts; a missing year is inferred from the anchor or left as "--MM(-DD)". */
function dateOf(c: Ctx, year: number | null, month: number, day: number | null): string {
  const mm = pad(month);
  const dd = day !== null ? `-${pad(day)}` : "";
  if (year !== null) return `${year}-${mm}${dd}`;
  if (c.anchor === null) return `--${mm}${dd}`;
  // News mostly reports the past but announces near-term events: a month up to three months
  // after publication is the coming one, any other month the latest past one.
  const ahead = (month - c.anchor.m + 12) % 12;
  const y = ahead >= 1 && ahead <= 3 ? c.anchor.y + (month < c.anchor.m ? 1 : 0) : c.anchor.y - (month > c.anchor.m ? 1 : 0);
  return `${y}-${mm}${dd}`;
}

function relative(anchor: Day, unit: string, step: number): string {
  if (unit === "week") return isoWeek(addDays(anchor, 7 * step));
  if (unit === "month") return isoMonth(shiftMonth(anchor, step));
  return String(anchor.y + step);
}

function parseAnchor(published: string | undefined): Day | null {
  if (!published) return null;
  const ms = Date.parse(published);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function utc(day: Day): Date {
  return new Date(Date.UTC(day.y, day.m - 1, day.d));
}

function addDays(day: Day, n: number): Day {
  const d = utc(day);
  d.setUTCDate(d.getUTCDate() + n);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

function shiftMonth(day: Day, n: number): Day {
  const index = day.y * 12 + (day.m - 1) + n;
  return { y: Math.floor(index / 12), m: (index % 12) + 1, d: 1 };
}

function weekdayOf(day: Day): number {
  return utc(day).getUTCDay();
}

function isoDay(day: Day): string {
  return `${day.y}-${pad(day.m)}-${pad(day.d)}`;
}

function isoMonth(day: Day): string {
  return `${day.y}-${pad(day.m)}`;
}

/** ISO 8601 week ("2022-W39"): a week belongs to the year of its Thursday. */
function isoWeek(day: Day): string {
  const thursday = utc(day);
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 604800000);
  return `${year}-W${pad(week)}`;
}
