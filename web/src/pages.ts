import { api, type ArticleSummary, type ForecastStatus, type NameCount, type StoryComparison } from "./api.js";
import { renderArticle } from "./article.js";
import { fmtDate, h, href, meter, mount, plural, type Child } from "./dom.js";

const PAGE = 20;

export async function articlePage(root: HTMLElement, id: string, params: URLSearchParams): Promise<void> {
  const stored = await api.article(id);
  const at = params.get("at");
  document.title = `${stored.title ?? stored.id} — newsprism`;
  renderArticle(root, { analysis: stored.analysis, summary: stored, forecasts: stored.forecasts, nearDuplicates: stored.nearDuplicates, at: at === null ? undefined : Number(at) });
}

/** The headline, else the file the article came from, else its id. */
function nameOf(a: ArticleSummary): string {
  return a.title ?? a.label?.split(/[\\/]/).pop() ?? a.id;
}

function articleRow(a: ArticleSummary): HTMLElement {
  return h(
    "li",
    { class: "article-row" },
    h("a", { class: "title", href: href(`/article/${a.id}`) }, nameOf(a)),
    h("div", { class: "meta" }, a.outlet ? h("span", { class: "outlet", title: a.outletFrom === "folder" ? "no outlet given: the folder the file was read from" : undefined }, a.outletFrom === "folder" ? `${a.outlet} (folder)` : a.outlet) : null, a.published ? h("span", {}, fmtDate(a.published)) : null, h("span", {}, [plural(a.counts.quotes, "quote"), plural(a.counts.actors, "actor"), plural(a.counts.figures, "figure")].join(" · ")), a.duplicateOf ? h("span", { class: "dup" }, "near duplicate") : null),
  );
}

/** "1000+" when the server stopped counting (a broad filter). */
function count(page: { total: number; capped?: true }): string {
  return `${page.total}${page.capped ? "+" : ""}`;
}

function pager(path: string, params: URLSearchParams, total: number, capped?: true): HTMLElement | null {
  const offset = Number(params.get("offset") ?? 0);
  if (total <= PAGE) return null;
  const at = (o: number) => href(path, { ...Object.fromEntries(params), offset: o });
  return h(
    "nav",
    { class: "pager" },
    offset > 0 ? h("a", { href: at(Math.max(0, offset - PAGE)) }, "← newer") : null,
    h("span", {}, `${offset + 1}–${Math.min(total, offset + PAGE)} of ${total}${capped ? "+" : ""}`),
    offset + PAGE < total ? h("a", { href: at(offset + PAGE) }, "older →") : null,
  );
}

export async function articlesPage(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const outlet = params.get("outlet") ?? undefined;
  const page = await api.articles({ outlet, offset: params.get("offset") ?? undefined, limit: PAGE });
  mount(
    root,
    h("h1", {}, outlet ? `Articles from ${outlet}` : "Articles"),
    page.total === 0
      ? h("div", { class: "empty" }, h("p", {}, "The corpus is empty."), h("p", {}, "Ingest articles with ", h("code", {}, "npx newsprism ingest DIR…"), " or ", h("a", { href: href("/add") }, "add one here"), "."))
      : [h("ul", { class: "article-list" }, page.items.map(articleRow)), pager("/articles", params, page.total)],
  );
}

export async function searchPage(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const q = params.get("q") ?? "";
  const speaker = params.get("speaker") ?? "";
  const actor = params.get("actor") ?? "";
  const outlet = params.get("outlet") ?? "";
  const speakers = await api.speakers();
  const form = h(
    "form",
    { class: "search-form", role: "search" },
    h("label", {}, "Words", h("input", { name: "q", type: "search", value: q, placeholder: 'e.g. ATACMS or "long-range missiles"' })),
    h("label", {}, "Who said it", h("input", { name: "speaker", value: speaker, list: "speaker-names", placeholder: "e.g. Putin" })),
    h("label", {}, "Actor", h("input", { name: "actor", value: actor, placeholder: "mentioned actor" })),
    h("label", {}, "Outlet", h("input", { name: "outlet", value: outlet })),
    h("button", { type: "submit" }, "Search"),
    h("datalist", { id: "speaker-names" }, speakers.map((s) => h("option", { value: s.name }, `${s.count} quotes`))),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = href("/search", Object.fromEntries([...data].map(([k, v]) => [k, String(v).trim()])));
  });
  const results: Child[] = [];
  if (speaker) {
    const quotes = await api.quotes({ speaker, outlet, limit: 100 });
    results.push(
      h("h2", {}, `What ${speaker} said — ${count(quotes)} quote${quotes.total === 1 ? "" : "s"}`),
      quotes.total === 0 ? h("p", { class: "empty" }, `No quote attributed to “${speaker}”.`) : null,
      h(
        "ul",
        { class: "quote-list" },
        quotes.items.map((hit) =>
          h(
            "li",
            {},
            h("blockquote", {}, hit.quote.text),
            h("div", { class: "meta" }, h("strong", {}, hit.speaker), " · ", h("a", { href: href(`/article/${hit.article.id}`, { at: hit.quote.start }) }, nameOf(hit.article)), hit.article.outlet ? ` · ${hit.article.outlet}` : "", hit.article.published ? ` · ${fmtDate(hit.article.published)}` : ""),
          ),
        ),
      ),
    );
  }
  if (q || actor || (!speaker && outlet)) {
    const hits = await api.search({ q, actor, outlet, speaker, offset: params.get("offset") ?? undefined, limit: PAGE });
    results.push(
      h("h2", {}, `${count(hits)} article${hits.total === 1 ? "" : "s"}`),
      h(
        "ul",
        { class: "article-list" },
        hits.items.map((hit) => {
          const row = articleRow(hit.article);
          row.append(h("p", { class: "snippet" }, guillemets(hit.snippet)));
          // Open at the quote, mention or evidence that matched; a word match needs no selection.
          const first = hit.spans.find((s) => s.kind !== "text");
          if (first) row.querySelector("a.title")?.setAttribute("href", href(`/article/${hit.article.id}`, { at: first.start }));
          return row;
        }),
      ),
      pager("/search", params, hits.total, hits.capped),
    );
  }
  if (results.length === 0) results.push(topSpeakers(speakers));
  mount(root, h("h1", {}, "Search"), form, results);
}

/** The store marks the match «like this»; shown as <mark> without ever parsing markup. */
function guillemets(snippet: string): Child[] {
  return snippet.split(/«|»/).map((part, i) => (i % 2 === 1 ? h("mark", {}, part) : part));
}

function topSpeakers(speakers: NameCount[]): HTMLElement {
  return h(
    "section",
    {},
    h("h2", {}, "Most quoted"),
    h("ul", { class: "cloud" }, speakers.slice(0, 30).map((s) => h("li", {}, h("a", { href: href("/search", { speaker: s.name }) }, s.name), h("span", { class: "count" }, s.count)))),
  );
}

export async function storiesPage(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const all = params.get("all") === "1";
  const page = await api.stories({ minArticles: all ? 1 : 2, offset: params.get("offset") ?? undefined, limit: PAGE });
  mount(
    root,
    h("h1", {}, "Stories"),
    h("p", { class: "muted" }, "Articles about the same event, grouped by shared actors and terms within a week. ", all ? h("a", { href: href("/stories") }, "Only stories covered more than once") : h("a", { href: href("/stories", { all: 1 }) }, "Show single-article stories too")),
    page.total === 0 ? h("p", { class: "empty" }, "No story has more than one article yet.") : null,
    h(
      "ul",
      { class: "article-list" },
      page.items.map((s) =>
        h(
          "li",
          { class: "article-row" },
          h("a", { class: "title", href: href(`/story/${s.id}`) }, s.title ?? `Story ${s.id}`),
          h("div", { class: "meta" }, h("span", {}, plural(s.articles, "article")), h("span", {}, s.outlets.join(", ") || "unknown outlet"), s.firstPublished ? h("span", {}, `${fmtDate(s.firstPublished)} – ${fmtDate(s.lastPublished)}`) : null, s.actors.length ? h("span", {}, s.actors.slice(0, 5).join(", ")) : null),
        ),
      ),
    ),
    pager("/stories", params, page.total),
  );
}

/** One story, outlet beside outlet: whom each quotes, its narratives and techniques, how it casts actors. */
export async function storyPage(root: HTMLElement, id: number): Promise<void> {
  const story = await api.story(id);
  mount(
    root,
    h("h1", {}, story.title ?? `Story ${story.id}`),
    h("p", { class: "muted" }, `${plural(story.articles, "article")} · ${plural(story.outlets.length, "outlet")}${story.firstPublished ? ` · ${fmtDate(story.firstPublished)} – ${fmtDate(story.lastPublished)}` : ""}${story.actors.length ? ` · about ${story.actors.join(", ")}` : ""}`),
    h("div", { class: "compare" }, story.byOutlet.map((o) => outletColumn(story, o))),
    figureDisagreements(story),
  );
}

function outletColumn(story: StoryComparison, o: StoryComparison["byOutlet"][number]): HTMLElement {
  const articles = story.members.filter((m) => o.articleIds.includes(m.id));
  const list = (title: string, items: NameCount[], link?: (name: string) => string) => {
    if (items.length === 0) return h("div", { class: "facet" }, h("h3", {}, title), h("p", { class: "muted" }, "none"));
    const max = Math.max(...items.map((i) => i.count));
    return h(
      "div",
      { class: "facet" },
      h("h3", {}, title),
      h("ul", { class: "bars" }, items.slice(0, 8).map((i) => h("li", {}, h("span", { class: "name" }, link ? h("a", { href: link(i.name) }, i.name) : i.name), meter(i.count / max), h("span", { class: "count" }, i.count)))),
    );
  };
  return h(
    "section",
    { class: "outlet-col" },
    h("h2", {}, o.outlet),
    h("ul", { class: "plain" }, articles.map((a) => h("li", {}, h("a", { href: href(`/article/${a.id}`) }, nameOf(a)), a.published ? h("span", { class: "muted" }, ` ${fmtDate(a.published)}`) : null))),
    list("Whom it quotes", o.speakers, (name) => href("/search", { speaker: name })),
    list("Narratives", o.narratives),
    list("Techniques", o.techniques.map((t) => ({ ...t, name: t.name.replace(/_/g, " ") }))),
    o.roles.length
      ? h("div", { class: "facet" }, h("h3", {}, "How actors are cast"), h("ul", { class: "plain" }, o.roles.slice(0, 10).map((r) => h("li", {}, r.actor, " ", h("span", { class: `badge role-${r.role.toLowerCase()}` }, r.role), r.count > 1 ? h("span", { class: "muted" }, ` ×${r.count}`) : null))))
      : null,
  );
}

function figureDisagreements(story: StoryComparison): HTMLElement | null {
  if (story.figureDisagreements.length === 0) return null;
  return h(
    "section",
    {},
    h("h2", {}, "Where the numbers differ"),
    h(
      "table",
      { class: "grid-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "Counted"), h("th", {}, "Outlet"), h("th", {}, "As written"))),
      h("tbody", {}, story.figureDisagreements.flatMap((d) => d.values.map((v, i) => h("tr", {}, h("td", {}, i === 0 ? d.subject : ""), h("td", {}, v.outlet), h("td", {}, h("a", { href: href(`/article/${v.articleId}`) }, v.text)))))),
    ),
  );
}

export async function forecastsPage(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const status = (params.get("status") ?? undefined) as ForecastStatus | undefined;
  const page = await api.forecasts({ status, offset: params.get("offset") ?? undefined, limit: PAGE });
  const statuses: ForecastStatus[] = ["open", "came-true", "did-not"];
  mount(
    root,
    h("h1", {}, "Forecasts"),
    h("p", { class: "muted" }, "Predictions made in the articles. Record what happened to score outlets and speakers. ", h("a", { href: href("/forecasts") }, "all"), statuses.map((s) => [" · ", h("a", { href: href("/forecasts", { status: s }) }, s)])),
    page.total === 0 ? h("p", { class: "empty" }, "No forecasts.") : null,
    h(
      "ul",
      { class: "quote-list" },
      page.items.map((f) => {
        const select = h("select", { "aria-label": "status" }, statuses.map((s) => h("option", { value: s, selected: s === f.status }, s)));
        const note = h("span", { class: "error-inline", "aria-live": "polite" });
        select.addEventListener("change", async () => {
          try {
            f.status = (await api.setForecastStatus(f.id, select.value as ForecastStatus)).status;
            mount(note);
          } catch (err) {
            select.value = f.status;
            mount(note, ` ${(err as Error).message}`);
          }
        });
        return h(
          "li",
          {},
          h("blockquote", {}, f.text),
          h("div", { class: "meta" }, f.predictor ? h("strong", {}, f.predictor) : "the outlet", ` · cue “${f.cue}”`, f.deadline ? ` · by ${f.deadline}` : "", " · ", h("a", { href: href(`/article/${f.articleId}`, { at: f.start }) }, f.outlet ?? "article"), f.published ? ` · ${fmtDate(f.published)}` : "", " · ", select, note),
        );
      }),
    ),
    pager("/forecasts", params, page.total),
  );
}

/** Paste an article (text or HTML) to analyze and store it. */
export function addPage(root: HTMLElement, hasStore: boolean): void {
  const area = h("textarea", { name: "text", rows: 16, placeholder: "Paste the article text (the first line is taken as the headline) or a web page's HTML.", required: true });
  const source = h("input", { name: "source", placeholder: "outlet (optional)" });
  const status = h("p", { class: "muted", "aria-live": "polite" });
  const form = h("form", { class: "add-form" }, area, h("div", { class: "row" }, source, h("button", { type: "submit" }, hasStore ? "Analyze and store" : "Analyze")), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = area.value;
    const type = /^\s*</.test(text) ? "text/html" : "application/json";
    const data = type === "text/html" ? text : JSON.stringify({ text, source: source.value.trim() || undefined });
    mount(status, "Analyzing…");
    try {
      if (hasStore) {
        const result = await api.ingest(type, data);
        location.hash = href(`/article/${result.stored[0].id}`);
      } else {
        renderArticle(root, { analysis: await api.analyze(type, data) });
      }
    } catch (err) {
      mount(status, h("span", { class: "error" }, (err as Error).message));
    }
  });
  mount(root, h("h1", {}, hasStore ? "Add an article" : "Analyze an article"), form);
}
