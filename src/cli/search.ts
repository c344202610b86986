import { Argument, Command, InvalidArgumentError, Option } from "commander";
import { existsSync } from "node:fs";
import { DEFAULT_DB, SqliteStore } from "../store/sqlite.js";
import { FORECAST_STATUSES, type ArticleSummary, type ForecastStatus, type NameCount, type Store } from "../store/types.js";

/** Corpus queries: search, stories, outlets, forecasts. Text for people, --format json for programs. */
type Format = "text" | "json";
interface CommonOptions {
  db: string;
  format: Format;
  limit: number;
  offset: number;
}

function corpusCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option("--db <file>", "corpus database", DEFAULT_DB)
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-n, --limit <n>", "results per page", parseCount, 20)
    .option("--offset <n>", "skip this many results", parseCount, 0);
}

async function withStore<T>(db: string, run: (store: Store) => Promise<T>, options: { write?: boolean } = {}): Promise<T> {
  if (!existsSync(db)) throw new Error(`no corpus database at ${db}: run \`newsprism ingest <inputs>\` first, or pass --db`);
  const store = SqliteStore.open(db, { readonly: !options.write });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

function print(format: Format, value: unknown, text: () => string): void {
  process.stdout.write(format === "json" ? `${JSON.stringify(value, null, 2)}\n` : text());
}

export function searchCommand(): Command {
  return corpusCommand("search", 'find articles and the matching spans; --speaker alone lists what that person said, across outlets')
    .argument("[text]", 'words to find (all must occur), "exact phrases", prefix*')
    .option("--speaker <name>", "quoted speaker (any part of the name)")
    .option("--actor <name>", "actor mentioned (any part of the name or an alias)")
    .option("--narrative <label>", "narrative or subnarrative label")
    .option("--technique <label>", "persuasion technique label")
    .option("--outlet <name>", "outlet")
    .option("--since <date>", "published on or after (ISO date)")
    .option("--until <date>", "published on or before (ISO date)")
    .action(async (text: string | undefined, opts: CommonOptions & { speaker?: string; actor?: string; narrative?: string; technique?: string; outlet?: string; since?: string; until?: string }) => {
      const { db, format, limit, offset, ...query } = opts;
      if (!text && !Object.values(query).some(Boolean)) throw new Error("give words to search for or a filter (--speaker, --actor, --narrative, --technique, --outlet, --since)");
      const result = await withStore(db, (store) => store.search({ text, ...query }, { limit, offset }));
      print(format, result, () => {
        const lines = [`${result.items.length ? `${offset + 1}–${offset + result.items.length} of ` : ""}${result.total}${result.capped ? "+" : ""} article(s)`];
        for (const hit of result.items) {
          lines.push(articleLine(hit.article));
          const quotes = hit.spans.filter((s) => s.kind === "quote");
          if (quotes.length) for (const q of quotes.slice(0, 5)) lines.push(`    “${oneLine(q.text, 200)}”`);
          else lines.push(`    ${hit.snippet}`);
          if (quotes.length > 5) lines.push(`    … ${quotes.length - 5} more quotes`);
        }
        return `${lines.join("\n")}\n`;
      });
    });
}

export function storiesCommand(): Command {
  return corpusCommand("stories", "articles grouped by the event they report; with an id, the story outlet beside outlet")
    .argument("[id]", "story id", parseCount)
    .option("--min-articles <n>", "only stories with at least n articles", parseCount, 2)
    .option("--outlet <name>", "stories an outlet covered")
    .option("--since <date>", "stories with articles published on or after (ISO date)")
    .action(async (id: number | undefined, opts: CommonOptions & { minArticles: number; outlet?: string; since?: string }) => {
      if (id !== undefined) {
        const story = await withStore(opts.db, (store) => store.story(id));
        if (!story) throw new Error(`no story ${id} in ${opts.db}`);
        return print(opts.format, story, () => {
          const lines = [`Story ${story.id}: ${story.title ?? "(untitled)"} — ${story.articles} article(s), ${dateRange(story.firstPublished, story.lastPublished)}`];
          for (const o of story.byOutlet) {
            lines.push("", `${o.outlet} (${o.articleIds.length} article(s))`);
            lines.push(`  quotes:     ${counts(o.speakers)}`, `  narratives: ${counts(o.narratives)}`, `  techniques: ${counts(o.techniques)}`);
            lines.push(`  casts:      ${o.roles.length ? o.roles.map((r) => `${r.actor} as ${r.role}${r.count > 1 ? ` ×${r.count}` : ""}`).join(", ") : "—"}`);
          }
          if (story.figureDisagreements.length) {
            lines.push("", "Figures that disagree:");
            for (const d of story.figureDisagreements) lines.push(`  ${d.subject}: ${d.values.map((v) => `${v.outlet} “${v.text}”`).join(" · ")}`);
          }
          lines.push("", "Articles:", ...story.members.map(articleLine));
          return `${lines.join("\n")}\n`;
        });
      }
      const { db, format, limit, offset, ...filter } = opts;
      const result = await withStore(db, (store) => store.stories(filter, { limit, offset }));
      print(format, result, () => {
        const lines = [`${result.total} stor${result.total === 1 ? "y" : "ies"} with at least ${filter.minArticles} article(s)`];
        for (const s of result.items) {
          lines.push(`#${s.id}  ${s.articles} articles, ${s.outlets.length} outlet(s) (${s.outlets.join(", ")}), ${dateRange(s.firstPublished, s.lastPublished)}  ${s.title ?? ""}`);
          if (s.actors.length) lines.push(`      actors: ${s.actors.join(", ")}`);
        }
        return `${lines.join("\n")}\n`;
      });
    });
}

export function outletsCommand(): Command {
  return corpusCommand("outlets", "per outlet: narratives, techniques, frames, genre, actor roles, quoted speakers, forecasts, and their change over time")
    .option("--outlet <name>", "one outlet only")
    .addOption(new Option("--period <period>", "bucket for the change over time").choices(["month", "year"]).default("month"))
    .option("--timeline", "print the distributions per period too")
    .action(async (opts: CommonOptions & { outlet?: string; period: "month" | "year"; timeline?: boolean }) => {
      const profiles = await withStore(opts.db, (store) => store.outletProfiles({ outlet: opts.outlet, period: opts.period }));
      print(opts.format, profiles, () => {
        const lines: string[] = [];
        for (const p of profiles) {
          lines.push(`${outletName(p)}: ${p.articles} article(s), ${dateRange(p.firstPublished, p.lastPublished)}`);
          lines.push(`  genre:      ${counts(p.genres)}`, `  frames:     ${counts(p.frames)}`, `  narratives: ${counts(p.narratives)}`, `  techniques: ${counts(p.techniques)}`);
          lines.push(`  roles:      ${counts(p.roles)}`, `  quotes:     ${counts(p.topSpeakers)}`);
          lines.push(`  forecasts:  ${p.forecasts.open} open, ${p.forecasts["came-true"]} came true, ${p.forecasts["did-not"]} did not`);
          if (opts.timeline) {
            for (const t of p.timeline) lines.push(`  ${t.period}: ${t.articles} article(s); narratives ${counts(t.narratives, 3)}; techniques ${counts(t.techniques, 3)}`);
          }
        }
        return `${lines.join("\n") || "no articles"}\n`;
      });
    });
}

export function forecastsCommand(): Command {
  const list = corpusCommand("list", "predictions the articles make, newest first")
    .option("--outlet <name>", "outlet")
    .addOption(new Option("--status <status>", "status").choices(FORECAST_STATUSES as string[]))
    .option("--predictor <name>", "who predicts (any part of the name)")
    .option("--since <date>", "published on or after (ISO date)")
    .action(async (opts: CommonOptions & { outlet?: string; status?: ForecastStatus; predictor?: string; since?: string }) => {
      const { db, format, limit, offset, ...filter } = opts;
      const result = await withStore(db, (store) => store.forecasts(filter, { limit, offset }));
      print(format, result, () => {
        const lines = [`${result.total} forecast(s)`];
        for (const f of result.items) {
          lines.push(`#${f.id} [${f.status}] ${f.published?.slice(0, 10) ?? "undated"} ${f.outlet ?? "(unknown)"} — ${f.predictor ?? "the article"}${f.deadline ? `, ${f.deadline}` : ""} (article ${f.articleId})`);
          lines.push(`    ${oneLine(f.claim, 240)}`);
        }
        return `${lines.join("\n")}\n`;
      });
    });
  const set = new Command("set")
    .description("record whether a forecast came true")
    .argument("<id>", "forecast id", parseCount)
    .addArgument(new Argument("<status>", "what became of it").choices(FORECAST_STATUSES as string[]))
    .option("--note <text>", "why (a source, a date)")
    .option("--db <file>", "corpus database", DEFAULT_DB)
    .action(async (id: number, status: ForecastStatus, opts: { note?: string; db: string }) => {
      const updated = await withStore(opts.db, (store) => store.setForecastStatus(id, status, opts.note), { write: true });
      if (!updated) throw new Error(`no forecast ${id} in ${opts.db}`);
      process.stdout.write(`forecast #${id}: ${status}\n`);
    });
  // Nested commands report usage errors like the top-level ones: one line and a non-zero exit.
  return new Command("forecasts")
    .description("predictions extracted from the articles, with a status you set (open / came-true / did-not)")
    .addCommand(list.exitOverride(), { isDefault: true })
    .addCommand(set.exitOverride());
}

function articleLine(a: ArticleSummary): string {
  const dup = a.duplicateOf ? ` (near-duplicate of ${a.duplicateOf})` : "";
  return `  ${a.published?.slice(0, 10) ?? "undated   "}  ${outletName(a)} — ${oneLine(a.title ?? "(untitled)", 100)}  [${a.id}]${dup}`;
}

/** A folder's name stands in for an outlet none was given for: say so. */
function outletName(a: { outlet: string | null; outletFrom?: string | null }): string {
  if (a.outlet === null) return "(unknown)";
  return a.outletFrom === "folder" ? `${a.outlet} (folder)` : a.outlet;
}

function counts(items: NameCount[], top = 5): string {
  if (!items.length) return "—";
  return items.slice(0, top).map((c) => `${c.name} ×${c.count}`).join(", ") + (items.length > top ? ", …" : "");
}

function dateRange(first: string | null, last: string | null): string {
  if (!first) return "undated";
  const [a, b] = [first.slice(0, 10), (last ?? first).slice(0, 10)];
  return a === b ? a : `${a} … ${b}`;
}

function oneLine(s: string, max: number): string {
  const line = s.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
}
