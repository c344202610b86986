import { api, type NameCount, type OutletProfile } from "./api.js";
import { heatmap, lineChart } from "./charts.js";
import { h, href, human, mount } from "./dom.js";

type Dimension = "narratives" | "techniques" | "frames" | "genres";
const DIMENSIONS: Array<{ key: Dimension; label: string }> = [
  { key: "narratives", label: "Narratives" },
  { key: "techniques", label: "Persuasion techniques" },
  { key: "frames", label: "Frames" },
  { key: "genres", label: "Genres" },
];
const TOP = 12;

/** The corpus page: counts, then each dimension by outlet (heatmap) and over time (lines). */
export async function corpusPage(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const period = params.get("period") === "year" ? "year" : "month";
  const [stats, profiles] = await Promise.all([api.stats(), api.outlets({ period })]);
  const tiles = [
    ["articles", stats.articles],
    ["outlets", stats.outlets],
    ["stories", stats.stories],
    ["quotes", stats.quotes],
    ["forecasts", stats.forecasts],
    ["near duplicates", stats.nearDuplicates],
  ] as const;
  const sections = DIMENSIONS.filter((d) => profiles.some((p) => p[d.key].length > 0)).map((d) => dimensionSection(profiles, d.key, d.label, period));
  mount(
    root,
    h("h1", {}, "Corpus"),
    h("div", { class: "tiles" }, tiles.map(([label, n]) => h("div", { class: "tile" }, h("div", { class: "n" }, n.toLocaleString("en")), h("div", { class: "label" }, label)))),
    h("p", { class: "muted" }, "Over time by ", period === "month" ? h("strong", {}, "month") : h("a", { href: href("/corpus", { period: "month" }) }, "month"), " · ", period === "year" ? h("strong", {}, "year") : h("a", { href: href("/corpus", { period: "year" }) }, "year")),
    sections.length ? sections : h("p", { class: "empty" }, "No narrative, technique, frame or genre analyses in the corpus yet: they appear once their models have run on the ingested articles."),
    outletsTable(profiles),
  );
}

function dimensionSection(profiles: OutletProfile[], dim: Dimension, label: string, period: string): HTMLElement {
  const outlets = profiles.filter((p) => p.articles > 0);
  const labels = topLabels(outlets.flatMap((p) => p[dim]));
  const count = (list: NameCount[], name: string) => list.find((x) => x.name === name)?.count ?? 0;
  const byOutlet = heatmap(
    labels.map(human),
    outlets.map((p) => `${p.outlet} (${p.articles})`),
    (r, c) => count(outlets[c][dim], labels[r]) / outlets[c].articles,
    (r, c) => `${outlets[c].outlet}: ${count(outlets[c][dim], labels[r])} of ${outlets[c].articles} articles — ${human(labels[r])}`,
  );
  // Over time, the whole corpus: sum the outlets' timelines per period.
  const periods = [...new Set(outlets.flatMap((p) => p.timeline.map((t) => t.period)))].sort();
  const perPeriod = periods.map((period) => {
    const slices = outlets.flatMap((p) => p.timeline.filter((t) => t.period === period));
    const articles = slices.reduce((n, t) => n + t.articles, 0);
    return { articles, counts: slices.flatMap((t) => t[dim]) };
  });
  const series = labels.slice(0, 6).map((name) => ({
    name: human(name),
    values: perPeriod.map((p) => (p.articles ? p.counts.filter((x) => x.name === name).reduce((n, x) => n + x.count, 0) / p.articles : 0)),
  }));
  return h(
    "section",
    { class: "dimension" },
    h("h2", {}, label),
    h("div", { class: "chart-pair" },
      h("figure", {}, h("figcaption", {}, `Share of each outlet's articles (%)`), byOutlet),
      periods.length > 0 ? h("figure", {}, h("figcaption", {}, `Share of articles per ${period}, top ${series.length}`), lineChart(periods, series, "%")) : null,
    ),
  );
}


/** The labels most frequent over the whole corpus. */
function topLabels(counts: NameCount[]): string[] {
  const total = new Map<string, number>();
  for (const c of counts) total.set(c.name, (total.get(c.name) ?? 0) + c.count);
  return [...total].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([name]) => name);
}

function outletsTable(profiles: OutletProfile[]): HTMLElement {
  return h(
    "section",
    {},
    h("h2", {}, "Outlets"),
    h(
      "table",
      { class: "grid-table" },
      h("thead", {}, h("tr", {}, ["Outlet", "Articles", "First", "Last", "Most quoted", "Forecasts (open / true / not)"].map((t) => h("th", {}, t)))),
      h(
        "tbody",
        {},
        profiles.map((p) =>
          h(
            "tr",
            {},
            // "(unknown)" groups articles without an outlet; it is not an outlet to filter by.
            h(
              "td",
              {},
              p.outlet.startsWith("(") ? p.outlet : h("a", { href: href("/articles", { outlet: p.outlet }) }, p.outlet),
              // No outlet was given for these files: the name is their folder's.
              p.outletFrom === "folder" ? h("span", { class: "folder-tag", title: "no outlet given: the folder the files were read from" }, " (folder)") : null,
            ),
            h("td", { class: "num" }, p.articles),
            h("td", {}, p.firstPublished?.slice(0, 10) ?? "—"),
            h("td", {}, p.lastPublished?.slice(0, 10) ?? "—"),
            h("td", {}, p.topSpeakers.slice(0, 3).map((s, i) => [i ? ", " : "", h("a", { href: href("/search", { speaker: s.name, outlet: p.outlet }) }, s.name), ` (${s.count})`])),
            h("td", { class: "num" }, `${p.forecasts.open} / ${p.forecasts["came-true"]} / ${p.forecasts["did-not"]}`),
          ),
        ),
      ),
    ),
  );
}
