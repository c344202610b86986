import type { Analysis, ArticleSummary, StoredForecast } from "./api.js";
import { fmtDate, h, href, human, meter, mount, pct, plural, type Child } from "./dom.js";
import { quoteRuns, segmentsOf, type Mark, type Segment } from "./spans.js";

type Entity = Analysis["entities"][number];
type Quote = Analysis["quotes"][number];

/** Speaker colors cycle through this many CSS classes (sp-0 … sp-9); unattributed quotes are grey. */
const PALETTE = 10;

const LAYERS = [
  { layer: "quote", label: "Quotes" },
  { layer: "actor", label: "Actors" },
  { layer: "figure", label: "Figures" },
  { layer: "technique", label: "Techniques" },
  { layer: "narrative", label: "Narratives" },
  { layer: "frame", label: "Genre & frames" },
] as const;

export interface ArticleView {
  analysis: Analysis;
  /** Present for stored articles: outlet, date, and what the corpus knows about it. */
  summary?: ArticleSummary;
  forecasts?: StoredForecast[];
  nearDuplicates?: Array<{ id: string; similarity: number; title: string | null; outlet: string | null }>;
  /** Character offset to open at: the quote (or other finding) covering it is selected. */
  at?: number;
}

/** What the page knows about each key that marks carry. */
interface Index {
  a: Analysis;
  speakers: Array<{ name: string; entityId: string | null; quotes: number[] }>;
  speakerOfQuote: Map<number, number>;
  entityIndex: Map<string, number>;
}

function indexOf(a: Analysis): Index {
  const speakers: Index["speakers"] = [];
  const speakerOfQuote = new Map<number, number>();
  a.quotes.forEach((q, i) => {
    if (!q.speaker) return;
    const id = q.speaker.entityId ?? q.speaker.name;
    let s = speakers.findIndex((x) => (x.entityId ?? x.name) === id);
    if (s < 0) s = speakers.push({ name: q.speaker.name, entityId: q.speaker.entityId, quotes: [] }) - 1;
    speakers[s].quotes.push(i);
    speakerOfQuote.set(i, s);
  });
  return { a, speakers, speakerOfQuote, entityIndex: new Map(a.entities.map((e, i) => [e.id, i])) };
}

function marksOf(a: Analysis): Mark[] {
  const marks: Mark[] = [];
  a.quotes.forEach((q, i) => {
    marks.push({ layer: "quote", start: q.start, end: q.end, key: `q${i}` });
    if (q.speaker && q.speaker.end > q.speaker.start) marks.push({ layer: "speaker", start: q.speaker.start, end: q.speaker.end, key: `q${i}` });
  });
  a.entities.forEach((e, i) => e.mentions.forEach((m) => marks.push({ layer: "actor", start: m.start, end: m.end, key: `e${i}` })));
  a.figures.forEach((f, i) => marks.push({ layer: "figure", start: f.start, end: f.end, key: `f${i}` }));
  // Paragraph-wide techniques are shown as tags on their paragraph, not as underlined text.
  (a.techniques ?? []).forEach((t, i) => t.granularity === "span" && marks.push({ layer: "technique", start: t.start, end: t.end, key: `t${i}` }));
  // The cue words of a technique found by cue phrases: its evidence, shown inside its passage.
  (a.techniques ?? []).forEach((t, i) => t.cues?.forEach((c) => marks.push({ layer: "cue", start: c.start, end: c.end, key: `t${i}` })));
  (a.narratives ?? []).forEach((n, i) => n.evidence.forEach((ev) => marks.push({ layer: "narrative", start: ev.start, end: ev.end, key: `n${i}` })));
  a.genre?.evidence?.forEach((ev) => marks.push({ layer: "frame", start: ev.start, end: ev.end, key: "g0" }));
  (a.frames ?? []).forEach((f, i) => f.evidence?.forEach((ev) => marks.push({ layer: "frame", start: ev.start, end: ev.end, key: `r${i}` })));
  return marks;
}

const roleClass = (role: string | undefined) => (role ? `role-${role.toLowerCase()}` : "role-none");
const speakerClass = (ix: Index, quote: number) => {
  const s = ix.speakerOfQuote.get(quote);
  return s === undefined ? "sp-none" : `sp-${s % PALETTE}`;
};

/** The role an actor has at one mention (per-mention roles when learned), else over the article. */
function roleAt(e: Entity, start: number): string | undefined {
  return e.mentionRoles?.find((r) => r.start === start)?.main ?? e.role?.main;
}

export function renderArticle(root: HTMLElement, view: ArticleView): void {
  const { analysis: a } = view;
  const ix = indexOf(a);
  const marks = marksOf(a);
  const selected = h("div", { class: "selected", "aria-live": "polite" }, h("p", { class: "hint" }, "Click a quote, an actor or any highlighted passage to see what the analysis found there."));
  const text = h("div", { class: "text show-quote show-actor show-figure show-technique" }, a.paragraphs.map((p) => paragraph(ix, marks, p)));
  const reader = h("article", { class: "reader" }, header(view), layerToggles(text), text);

  const select = (offset: number) => {
    const covering = marks.filter((m) => m.start <= offset && offset < m.end && m.layer !== "speaker");
    // A click on a speaker's name selects the quote it is attributed to.
    for (const m of marks) if (m.layer === "speaker" && m.start <= offset && offset < m.end) covering.unshift({ ...m, layer: "quote" });
    const keys = [...new Set(covering.sort((x, y) => order(x) - order(y)).map((m) => m.key))];
    // A click on plain text (or a link to a place nothing was found) leaves the selection alone.
    if (keys.length) showSelection(ix, selected, text, keys);
  };
  text.addEventListener("click", (event) => {
    const target = event.target as Element;
    const tag = target.closest<HTMLElement>("[data-tag]");
    if (tag) return showSelection(ix, selected, text, [tag.dataset.tag!]);
    const seg = target.closest<HTMLElement>("[data-at]");
    if (seg) return select(Number(seg.dataset.at));
    const quote = target.closest<HTMLElement>(".quote");
    if (quote) showSelection(ix, selected, text, [quote.dataset.key!]);
  });
  text.addEventListener("keydown", (event) => {
    const quote = (event.target as Element).closest<HTMLElement>(".quote");
    if (quote && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      showSelection(ix, selected, text, [quote.dataset.key!]);
    }
  });

  const panel = h(
    "aside",
    { class: "panel" },
    h("section", { class: "panel-selected" }, h("h2", {}, "Selected"), selected),
    speakersSection(ix, selected, text),
    findingsSection("Narratives", (a.narratives ?? []).map((n, i) => ({ key: `n${i}`, label: n.level === "subnarrative" ? `${n.narrative} › ${n.label}` : n.label, confidence: n.confidence })), ix, selected, text),
    findingsSection(
      "Genre and frames",
      [...(a.genre ? [{ key: "g0", label: `Genre: ${human(a.genre.label)}`, confidence: a.genre.confidence }] : []), ...(a.frames ?? []).map((f, i) => ({ key: `r${i}`, label: human(f.label), confidence: f.confidence }))],
      ix,
      selected,
      text,
    ),
    findingsSection("Techniques", (a.techniques ?? []).map((t, i) => ({ key: `t${i}`, label: t.basis === "cues" ? `${human(t.technique)} (cue phrases)` : human(t.technique), confidence: t.confidence })), ix, selected, text),
    actorsSection(ix, selected, text),
    figuresSection(ix, selected, text),
    forecastsSection(view.forecasts ?? []),
    duplicatesSection(view.nearDuplicates ?? []),
  );
  mount(root, h("div", { class: "article-page" }, reader, panel));

  if (view.at !== undefined) {
    select(view.at);
    text.querySelector(".focus")?.scrollIntoView({ block: "center" });
  }
}

/** The quote first (it is what a reader clicks for), then the other findings there, innermost first. */
function order(m: Mark): number {
  const rank = { quote: 0, actor: 1, figure: 2, cue: 3, technique: 4, narrative: 5, frame: 6, speaker: 7 }[m.layer];
  return rank * 1e7 + (m.end - m.start);
}

function header(view: ArticleView): HTMLElement {
  const { analysis: a, summary } = view;
  const outlet = summary?.outlet ?? a.meta.source ?? a.meta.siteName;
  const published = summary?.published ?? a.meta.published;
  const url = summary?.url ?? a.meta.url;
  const kicker: Child[] = [outlet ? h("span", { class: "outlet" }, outlet) : null, h("span", {}, fmtDate(published)), h("span", {}, `${a.stats.words} words`)];
  if (summary?.storyId !== undefined) kicker.push(h("a", { href: href(`/story/${summary.storyId}`) }, "compare coverage of this story"));
  if (url && /^https?:\/\//.test(url)) kicker.push(h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "original"));
  return h(
    "header",
    { class: "reader-head" },
    h("div", { class: "kicker" }, kicker),
    h(
      "p",
      { class: "counts" },
      [
        plural(a.quotes.length, "quote"),
        plural(a.entities.length, "actor"),
        plural(a.figures.length, "figure"),
        a.narratives ? plural(a.narratives.length, "narrative") : null,
        a.techniques ? plural(a.techniques.length, "technique") : null,
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    labelsLine(a),
  );
}

/** The article-level labels: its genre and the frames it uses (absent for a text too short to tell). */
function labelsLine(a: Analysis): HTMLElement | null {
  const labels = [a.genre ? `${human(a.genre.label)} (${pct(a.genre.confidence)})` : null, a.frames?.length ? `framed as ${a.frames.map((f) => human(f.label)).join(", ")}` : null].filter(Boolean);
  return labels.length ? h("p", { class: "labels" }, labels.join(" · ")) : null;
}

function layerToggles(text: HTMLElement): HTMLElement {
  return h(
    "div",
    { class: "layers", role: "group", "aria-label": "highlight layers" },
    LAYERS.map(({ layer, label }) =>
      h(
        "label",
        { class: `layer-toggle l-${layer}` },
        h("input", {
          type: "checkbox",
          checked: layer !== "narrative" && layer !== "frame",
          onchange: (e: Event) => text.classList.toggle(`show-${layer}`, (e.target as HTMLInputElement).checked),
        }),
        label,
      ),
    ),
  );
}

function paragraph(ix: Index, marks: Mark[], p: Analysis["paragraphs"][number]): HTMLElement {
  const { a } = ix;
  const tag = p.kind === "title" ? "h1" : "p";
  const el = h(tag, { class: `para ${p.kind}`, "data-paragraph": p.index });
  if (p.label) el.append(h("span", { class: "section-label" }, a.text.slice(p.start, p.bodyStart).trim()), " ");
  const runs = quoteRuns(segmentsOf(p.label ? p.bodyStart : p.start, p.end, marks));
  for (const run of runs) {
    if (run.key === null) {
      run.segments.forEach((s) => el.append(segment(ix, s)));
      continue;
    }
    const qi = Number(run.key.slice(1));
    const quote = a.quotes[qi];
    const first = run.segments[0].start === quote.start;
    const name = quote.speaker?.name ?? "unattributed";
    const q = h(
      "span",
      { class: `quote ${speakerClass(ix, qi)}`, "data-key": run.key, tabindex: 0, role: "button", "aria-label": `quote by ${name}` },
      // The speaker is named at the start of the quote, so the attribution reads in place.
      first ? h("span", { class: "who", "data-at": quote.start }, name) : null,
      run.segments.map((s) => segment(ix, s)),
    );
    el.append(q);
  }
  const tags = (a.techniques ?? []).map((t, i) => ({ t, i })).filter(({ t }) => t.granularity === "paragraph" && t.paragraph === p.index);
  if (tags.length) {
    el.classList.add("has-technique");
    el.append(h("span", { class: "ptags" }, tags.map(({ t, i }) => h("span", { class: "ptag", "data-tag": `t${i}`, "data-marks": `t${i}`, title: `${human(t.technique)} (${howFound(t)})` }, human(t.technique)))));
  }
  return el;
}

function segment(ix: Index, s: Segment): Node {
  const str = ix.a.text.slice(s.start, s.end);
  const own = s.marks.filter((m) => m.layer !== "quote");
  if (own.length === 0) return document.createTextNode(str);
  const classes = new Set<string>(["m"]);
  const tips: string[] = [];
  for (const m of own) {
    classes.add(m.layer);
    const i = Number(m.key.slice(1));
    if (m.layer === "actor") {
      const e = ix.a.entities[i];
      const role = roleAt(e, m.start);
      classes.add(roleClass(role));
      tips.push(`${e.name}${e.title ? `, ${e.title}` : ""}${role ? ` — ${role}` : ""}`);
    } else if (m.layer === "speaker") {
      classes.add(speakerClass(ix, i));
      tips.push(`speaker of the quote: ${ix.a.quotes[i].speaker?.name}`);
    } else if (m.layer === "figure") {
      tips.push(`figure: ${ix.a.figures[i].kind}`);
    } else if (m.layer === "technique") {
      const t = ix.a.techniques![i];
      tips.push(`technique: ${human(t.technique)} (${howFound(t)})`);
    } else if (m.layer === "cue") {
      tips.push(`cue phrase of ${human(ix.a.techniques![i].technique)}`);
    } else if (m.layer === "narrative") {
      tips.push(`narrative evidence: ${ix.a.narratives![i].label}`);
    } else if (m.layer === "frame") {
      tips.push(m.key === "g0" ? `genre evidence: ${human(ix.a.genre!.label)}` : `frame evidence: ${human(ix.a.frames![i].label)}`);
    }
  }
  return h("span", { class: [...classes].join(" "), "data-at": s.start, "data-marks": own.map((m) => m.key).join(" "), title: tips.join("\n") }, str);
}

/** Shows the cards of the selected findings and marks them in the text. */
function showSelection(ix: Index, selected: HTMLElement, text: HTMLElement, keys: string[]): void {
  text.querySelectorAll(".focus").forEach((el) => el.classList.remove("focus"));
  for (const key of keys) {
    const els = key.startsWith("q") ? text.querySelectorAll(`.quote[data-key="${key}"]`) : text.querySelectorAll(`[data-marks~="${key}"]`);
    els.forEach((el) => el.classList.add("focus"));
  }
  mount(selected, keys.map((k) => card(ix, k)));
}

function card(ix: Index, key: string): HTMLElement {
  const { a } = ix;
  const i = Number(key.slice(1));
  switch (key[0]) {
    case "q":
      return quoteCard(ix, a.quotes[i], i);
    case "e":
      return actorCard(a.entities[i], a.text);
    case "f": {
      const f = a.figures[i];
      const facts = [f.kind, f.qualifier, f.value !== null ? `value ${f.value.toLocaleString("en")}${f.unit ? ` ${f.unit}` : ""}` : null, f.counted ? `counts ${f.counted}` : null, f.date];
      return h("div", { class: "card" }, h("div", { class: "card-kind" }, "Figure"), h("p", { class: "card-title" }, f.text), h("p", { class: "muted" }, facts.filter(Boolean).join(" · ")));
    }
    case "g":
    case "r": {
      const [kind, l] = key[0] === "g" ? ["Genre", a.genre!] : ["Frame", a.frames![i]];
      return h("div", { class: "card" }, h("div", { class: "card-kind" }, kind), h("p", { class: "card-title" }, human(l.label)), h("p", { class: "muted" }, `${pct(l.confidence)} confidence · ${l.evidence?.length ?? 0} evidence passage(s), highlighted in the text`));
    }
    case "t": {
      const t = a.techniques![i];
      return h("div", { class: "card" }, h("div", { class: "card-kind" }, "Persuasion technique"), h("p", { class: "card-title" }, human(t.technique)), h("p", { class: "muted" }, `${howFound(t)} · evidence: ${t.granularity === "span" ? "this passage" : "the whole paragraph"}`), h("blockquote", {}, a.text.slice(t.start, t.end)));
    }
    default: {
      const n = a.narratives![i];
      return h("div", { class: "card" }, h("div", { class: "card-kind" }, n.level === "subnarrative" ? `Subnarrative of ${n.narrative}` : "Narrative"), h("p", { class: "card-title" }, n.label), h("p", { class: "muted" }, `${pct(n.confidence)} confidence · ${n.evidence.length} evidence passage(s), highlighted in the text`));
    }
  }
}

function quoteCard(ix: Index, q: Quote, i: number): HTMLElement {
  const entityIx = q.speaker?.entityId ? ix.entityIndex.get(q.speaker.entityId) : undefined;
  const entity = entityIx === undefined ? undefined : ix.a.entities[entityIx];
  const how: string[] = [];
  if (q.speaker) how.push(`attributed via ${q.speaker.via}${q.cue ? ` (“${q.cue.text}”)` : ""}`);
  if (q.channel) how.push(`channel: ${q.channel.text}`);
  how.push(q.kind === "full" ? "full quote" : "partial quote");
  return h(
    "div",
    { class: `card quote-card ${speakerClass(ix, i)}` },
    h("div", { class: "card-kind" }, `Quote ${i + 1} of ${ix.a.quotes.length}`),
    h("p", { class: "card-title" }, h("span", { class: "chip" }), q.speaker?.name ?? "Unattributed", entity?.role ? roleBadge(entity.role.main) : null),
    entity?.title ? h("p", { class: "muted" }, entity.title) : null,
    h("blockquote", {}, q.text),
    h("p", { class: "muted" }, how.join(" · ")),
    q.speaker ? h("a", { href: href("/search", { speaker: q.speaker.name }) }, `Everything ${q.speaker.name} said in the corpus →`) : null,
  );
}

function actorCard(e: Entity, text: string): HTMLElement {
  const where = e.role?.evidence ?? [];
  return h(
    "div",
    { class: "card" },
    h("div", { class: "card-kind" }, `Actor · ${e.type.toLowerCase()}`),
    h("p", { class: "card-title" }, e.name, e.role ? roleBadge(e.role.main) : null),
    e.title ? h("p", { class: "muted" }, e.title) : null,
    e.role?.fine.length ? h("p", {}, `Cast as ${e.role.fine.map(human).join(", ")} (${pct(e.role.confidence)})`) : null,
    where.length ? h("p", { class: "muted" }, "where the article casts it so:") : null,
    ...where.map((ev) => h("blockquote", {}, text.slice(ev.start, ev.end))),
    h("p", { class: "muted" }, `${e.mentions.length} mention(s)${e.aliases.length ? ` · also “${e.aliases.join("”, “")}”` : ""}`),
    h("a", { href: href("/search", { actor: e.name }) }, `Articles mentioning ${e.name} →`),
  );
}

function roleBadge(role: string): HTMLElement {
  return h("span", { class: `badge ${roleClass(role)}`, title: `cast as ${role.toLowerCase()} in this article` }, role);
}

/** Hovering an item lights up its evidence in the text; clicking selects it. */
function hoverable(el: HTMLElement, keys: string[], ix: Index, selected: HTMLElement, text: HTMLElement): HTMLElement {
  const selector = keys.map((key) => (key.startsWith("q") ? `.quote[data-key="${key}"]` : `[data-marks~="${key}"]`)).join(",");
  const light = (on: boolean) => text.querySelectorAll(selector).forEach((s) => s.classList.toggle("lit", on));
  el.addEventListener("mouseenter", () => light(true));
  el.addEventListener("mouseleave", () => light(false));
  const choose = () => {
    showSelection(ix, selected, text, keys);
    text.querySelector(selector)?.scrollIntoView({ block: "center", behavior: "smooth" });
  };
  el.addEventListener("click", choose);
  el.addEventListener("keydown", (event) => event.key === "Enter" && choose());
  el.tabIndex = 0;
  return el;
}

function speakersSection(ix: Index, selected: HTMLElement, text: HTMLElement): HTMLElement {
  const unattributed = ix.a.quotes.filter((q) => !q.speaker).length;
  return h(
    "section",
    {},
    h("h2", {}, `Who is quoted`),
    ix.speakers.length || unattributed
      ? h(
          "ul",
          { class: "legend" },
          ix.speakers.map((s, si) => {
            const entity = s.entityId ? ix.a.entities[ix.entityIndex.get(s.entityId) ?? -1] : undefined;
            const item = h("li", { class: `sp-${si % PALETTE}` }, h("span", { class: "chip" }), h("span", { class: "name" }, s.name), entity?.role ? roleBadge(entity.role.main) : null, h("span", { class: "count" }, String(s.quotes.length)));
            return hoverable(item, s.quotes.map((q) => `q${q}`), ix, selected, text);
          }),
          unattributed ? h("li", { class: "sp-none" }, h("span", { class: "chip" }), h("span", { class: "name" }, "unattributed"), h("span", { class: "count" }, String(unattributed))) : null,
        )
      : h("p", { class: "muted" }, "No quotes."),
  );
}

/** Actors by number of mentions; the long tail is folded away until asked for. */
function actorsSection(ix: Index, selected: HTMLElement, text: HTMLElement): HTMLElement {
  const SHOWN = 12;
  const actors = ix.a.entities.map((e, i) => ({ e, i })).sort((x, y) => y.e.mentions.length - x.e.mentions.length);
  const item = ({ e, i }: { e: Entity; i: number }) =>
    hoverable(
      h("li", {}, h("span", { class: `type t-${e.type.toLowerCase()}`, title: e.type.toLowerCase() }, e.type.slice(0, 3)), h("span", { class: "name" }, e.name), e.role ? roleBadge(e.role.main) : null, h("span", { class: "count" }, `×${e.mentions.length}`)),
      [`e${i}`],
      ix,
      selected,
      text,
    );
  const list = h("ul", { class: "actors" }, actors.slice(0, SHOWN).map(item));
  const more =
    actors.length > SHOWN
      ? h("button", { type: "button", class: "link", onclick: () => (list.append(...actors.slice(SHOWN).map(item)), more?.remove()) }, `show ${actors.length - SHOWN} more`)
      : null;
  return h("section", {}, h("h2", {}, `Actors (${actors.length})`), list, more);
}

/**
 * Narratives or techniques, one row per label: a technique found in six passages is one row
 * (×6) that selects all six, its meter showing the most confident of them.
 */
function findingsSection(title: string, items: Array<{ key: string; label: string; confidence: number }>, ix: Index, selected: HTMLElement, text: HTMLElement): HTMLElement | null {
  if (items.length === 0) return null;
  const groups = new Map<string, { keys: string[]; confidence: number }>();
  for (const it of items) {
    const g = groups.get(it.label) ?? { keys: [], confidence: 0 };
    g.keys.push(it.key);
    g.confidence = Math.max(g.confidence, it.confidence);
    groups.set(it.label, g);
  }
  const rows = [...groups].sort((a, b) => b[1].confidence - a[1].confidence);
  return h(
    "section",
    {},
    h("h2", {}, `${title} (${rows.length})`),
    h(
      "ul",
      { class: "findings" },
      rows.map(([label, g]) =>
        hoverable(
          h("li", { title: label }, h("span", { class: "name wrap" }, label, g.keys.length > 1 ? h("span", { class: "times" }, ` ×${g.keys.length}`) : null), meter(g.confidence), h("span", { class: "count" }, pct(g.confidence))),
          g.keys,
          ix,
          selected,
          text,
        ),
      ),
    ),
  );
}

function figuresSection(ix: Index, selected: HTMLElement, text: HTMLElement): HTMLElement | null {
  if (ix.a.figures.length === 0) return null;
  return h(
    "section",
    {},
    h("h2", {}, `Figures (${ix.a.figures.length})`),
    h("ul", { class: "figures" }, ix.a.figures.map((f, i) => hoverable(h("li", {}, h("span", { class: "name" }, f.text), h("span", { class: "count" }, f.kind)), [`f${i}`], ix, selected, text))),
  );
}

function forecastsSection(forecasts: StoredForecast[]): HTMLElement | null {
  if (forecasts.length === 0) return null;
  return h(
    "section",
    {},
    h("h2", {}, `Forecasts (${forecasts.length})`),
    h("ul", { class: "plain" }, forecasts.map((f) => h("li", {}, h("span", { class: `status s-${f.status}` }, f.status), " ", f.claim, f.deadline ? h("span", { class: "muted" }, ` — ${f.deadline}`) : null))),
  );
}

function duplicatesSection(dups: NonNullable<ArticleView["nearDuplicates"]>): HTMLElement | null {
  if (dups.length === 0) return null;
  return h(
    "section",
    {},
    h("h2", {}, "Near duplicates"),
    h("ul", { class: "plain" }, dups.map((d) => h("li", {}, h("a", { href: href(`/article/${d.id}`) }, d.title ?? d.id), h("span", { class: "muted" }, ` ${d.outlet ?? ""} · ${pct(d.similarity)} similar`)))),
  );
}

/** How a technique was found: the model's confidence, or the cue phrases of a technique no training data labels. */
function howFound(t: NonNullable<Analysis["techniques"]>[number]): string {
  return t.basis === "cues" ? `found by cue phrases ${[...new Set((t.cues ?? []).map((c) => `“${c.text}”`))].join(", ")}; no training data labels this technique` : `${pct(t.confidence)} confidence`;
}
