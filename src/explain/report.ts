import type { Analysis } from "../analysis/schema.js";
import { MIN_ARTICLE_WORDS } from "../classify/index.js";

/** A plain-text report for a person reading a terminal: each finding with where it stands. */
export function renderText(a: Analysis): string {
  const out: string[] = [];
  const rule = "─".repeat(78);
  out.push(rule, `${a.id}${a.title ? ` — ${a.title.text}` : ""}`);
  const meta = Object.entries(a.meta).map(([k, v]) => `${k}: ${v}`);
  if (meta.length) out.push(meta.join(" · "));
  const body = a.paragraphs.filter((p) => p.kind === "body").length;
  out.push(`${a.stats.words} words · ${body} paragraphs · ${a.sentences.length} sentences · ${a.stats.millis} ms`);
  const labelled = a.paragraphs.filter((p) => p.label);
  if (labelled.length) out.push(`sections: ${labelled.map((p) => `${p.label} (¶${p.index})`).join(", ")}`);
  const boiler = a.paragraphs.filter((p) => p.kind === "boilerplate");
  if (boiler.length) out.push(`boilerplate (not analyzed): ${boiler.map((p) => JSON.stringify(a.text.slice(p.start, p.end))).join(", ")}`);
  out.push(rule);

  // The label, then the sentence its weights favour most.
  const withEvidence = (head: string, l: { label: string; confidence: number; evidence?: readonly { start: number; end: number }[] }) => {
    const best = l.evidence?.[0];
    out.push(`${head}${pad(`${l.label} (${pct(l.confidence)})`, 44)}${best ? `“${clip(a.text.slice(best.start, best.end), 76)}”` : ""}`);
  };
  if (a.genre) withEvidence("GENRE  ", a.genre);
  a.frames?.forEach((f, i) => withEvidence(i === 0 ? "FRAMES " : "       ", f));
  // Learned analyses ran (techniques are there) but the article-level ones were left out.
  if (a.techniques && !a.genre && a.stats.words < MIN_ARTICLE_WORDS) out.push(`(genre, frames and narratives need at least ${MIN_ARTICLE_WORDS} words)`);

  section(out, `ACTORS (${a.entities.length})`);
  for (const e of a.entities) {
    const role = e.role ? `  [${e.role.main}${e.role.fine.length ? `: ${e.role.fine.join(", ")}` : ""} ${pct(e.role.confidence)}]` : "";
    const title = e.title ? ` — ${e.title}` : "";
    const aliases = e.aliases.length ? `  aka ${e.aliases.join(", ")}` : "";
    out.push(`  ${pad(e.type.slice(0, 3), 4)}${e.name}${title}  ×${e.mentions.length}${aliases}${role}`);
    const where = e.role?.evidence?.[0];
    if (where) out.push(`      “${clip(a.text.slice(where.start, where.end), 130)}”`);
  }

  section(out, `QUOTES (${a.quotes.length})`);
  a.quotes.forEach((q, i) => {
    const who = q.speaker ? `${q.speaker.name} (${q.speaker.via}${q.cue ? `: "${q.cue.text}"` : ""})` : "— unattributed —";
    const channel = q.channel ? ` via ${q.channel.text}` : "";
    out.push(`  ${pad(`${i + 1}.`, 4)}${who}${channel} [${q.start}–${q.end}] ${q.kind}`);
    out.push(`      “${clip(q.text, 150)}”`);
  });

  if (a.sources.length) {
    section(out, `SOURCES (${a.sources.length})`);
    for (const s of a.sources) out.push(`  ${s.outlet} (${s.cue}) [${s.start}–${s.end}]: ${clip(a.text.slice(s.claimSpan.start, s.claimSpan.end), 110)}`);
  }

  if (a.figures.length) {
    section(out, `FIGURES (${a.figures.length})`);
    for (const f of a.figures) {
      const value = f.kind === "date" ? (f.date ?? "?") : f.value === null ? "≈" : f.value.toLocaleString("en-US");
      const unit = f.unit ? ` ${f.unit}` : "";
      const counted = f.counted ? ` — ${f.counted}` : "";
      const qual = f.qualifier ? ` (${f.qualifier})` : "";
      out.push(`  ${pad(f.kind, 9)}${pad(`“${f.text}”`, 34)}= ${value}${unit}${counted}${qual}`);
    }
  }

  if (a.forecasts?.length) {
    section(out, `FORECASTS (${a.forecasts.length})`);
    for (const f of a.forecasts) {
      const by = f.deadline ? ` — by ${f.deadlineDate ?? f.deadline}` : "";
      out.push(`  ${f.predictor ?? "(the article)"} [${f.cue}]${by}: “${clip(f.claim.replace(/\s+/g, " "), 110)}”`);
    }
  }

  if (a.narratives?.length) {
    section(out, `NARRATIVES (${a.narratives.length})`);
    for (const n of a.narratives) {
      out.push(`  ${n.level === "subnarrative" ? "  └ " : ""}${n.label} (${pct(n.confidence)})`);
      for (const ev of n.evidence.slice(0, 2)) out.push(`      ${n.level === "subnarrative" ? "  " : ""}“${clip(a.text.slice(ev.start, ev.end), 130)}”`);
    }
  }
  if (a.justification) {
    section(out, "WHY (dominant narrative)");
    out.push(`  ${a.justification.subnarrative}`, `  ${wrap(a.justification.text, 74, "  ")}`);
  }

  if (a.techniques?.length) {
    section(out, `PERSUASION TECHNIQUES (${a.techniques.length})`);
    for (const t of a.techniques) {
      // A cue-based finding shows its cue words instead of a probability it does not have.
      const score = t.basis === "cues" ? "cues" : pct(t.confidence);
      out.push(`  ¶${pad(String(t.paragraph), 3)}${pad(t.technique, 36)}${pad(score, 5)}“${clip(a.text.slice(t.start, t.end), 70)}”`);
      if (t.cues) out.push(`${" ".repeat(47)}on ${[...new Set(t.cues.map((c) => `“${c.text}”`))].join(", ")}`);
    }
    if (a.techniques.some((t) => t.basis === "cues")) out.push("  (cues: found by cue phrases; no training data labels this technique)");
  }

  if (a.references.length) {
    section(out, `REFERENCES (${a.references.length})`);
    for (const r of a.references) out.push(`  ${r.headline}${r.date ? ` (${r.date})` : ""}`);
  }
  out.push("");
  return out.join("\n");
}

function section(out: string[], title: string): void {
  out.push("", title);
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + " ".repeat(n - s.length);
}

function clip(s: string, n: number): string {
  const flat = s.replace(/\s+/g, " ");
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

function wrap(s: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}
