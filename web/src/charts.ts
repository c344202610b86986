import { h, svg } from "./dom.js";

/** Series colors cycle through CSS classes c-0 … c-7. */
const SERIES = 8;

/**
 * Rows × columns grid whose cell shade is a share in [0, 1] (e.g. narratives × outlets, the
 * share of an outlet's articles carrying each narrative). Each cell's <title> is its tooltip.
 */
export function heatmap(rows: string[], cols: string[], share: (r: number, c: number) => number, tip: (r: number, c: number) => string): Element {
  const cell = 40;
  const rowLabel = 44;
  const colLabel = 26;
  const left = 12 + 6.2 * Math.min(rowLabel, Math.max(4, ...rows.map((r) => r.length)));
  // Column labels are slanted; their extent sets the room above and to the right.
  const slant = 6 * Math.min(colLabel, Math.max(4, ...cols.map((c) => c.length))) * Math.SQRT1_2;
  const top = 10 + slant;
  const width = left + cols.length * cell + slant + 10;
  const height = top + rows.length * cell + 4;
  const chart = svg("svg", { class: "chart heatmap", viewBox: `0 0 ${width} ${height}`, width, height, role: "img" });
  cols.forEach((c, ci) => {
    const x = left + ci * cell + cell / 2;
    chart.append(svg("text", { class: "col-label", x, y: top - 6, transform: `rotate(-45 ${x} ${top - 6})` }, clip(c, colLabel)));
  });
  rows.forEach((r, ri) => {
    const y = top + ri * cell;
    chart.append(svg("text", { class: "row-label", x: left - 8, y: y + cell / 2 + 4, "text-anchor": "end" }, svg("title", {}, r), clip(r, rowLabel)));
    cols.forEach((_c, ci) => {
      const v = share(ri, ci);
      const rect = svg("rect", { class: v > 0 ? "cell" : "cell empty", x: left + ci * cell + 1, y: y + 1, width: cell - 2, height: cell - 2, rx: 3, "fill-opacity": v > 0 ? (0.12 + 0.88 * v).toFixed(2) : 1 }, svg("title", {}, tip(ri, ci)));
      chart.append(rect);
      if (v >= 0.005) chart.append(svg("text", { class: v > 0.5 ? "cell-label light" : "cell-label", x: left + ci * cell + cell / 2, y: y + cell / 2 + 4, "text-anchor": "middle" }, Math.round(v * 100)));
    });
  });
  return h("div", { class: "chart-scroll" }, chart);
}

/** Lines over periods ("2022-09"), one per series, with a legend under the chart. */
export function lineChart(periods: string[], series: Array<{ name: string; values: number[] }>, unit: string): Element {
  const [width, height, left, right, bottom, top] = [640, 220, 40, 28, 28, 10];
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values));
  const x = (i: number) => left + (periods.length === 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (periods.length - 1));
  const y = (v: number) => top + (1 - v / max) * (height - top - bottom);
  const chart = svg("svg", { class: "chart lines", viewBox: `0 0 ${width} ${height}`, role: "img" });
  for (const tick of [0, max / 2, max]) {
    chart.append(svg("line", { class: "grid", x1: left, x2: width - right + 8, y1: y(tick), y2: y(tick) }));
    chart.append(svg("text", { class: "axis", x: left - 6, y: y(tick) + 4, "text-anchor": "end" }, unit === "%" ? `${Math.round(tick * 100)}%` : Math.round(tick)));
  }
  const every = Math.ceil(periods.length / 8);
  periods.forEach((p, i) => i % every === 0 && chart.append(svg("text", { class: "axis", x: x(i), y: height - 8, "text-anchor": "middle" }, p)));
  series.forEach((s, si) => {
    const cls = `c-${si % SERIES}`;
    chart.append(svg("polyline", { class: `series ${cls}`, points: s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ") }));
    s.values.forEach((v, i) => chart.append(svg("circle", { class: `dot ${cls}`, cx: x(i), cy: y(v), r: 3 }, svg("title", {}, `${s.name} · ${periods[i]}: ${unit === "%" ? `${Math.round(v * 100)}%` : v}`))));
  });
  const legend = h("ul", { class: "chart-legend" }, series.map((s, si) => h("li", {}, h("span", { class: `swatch c-${si % SERIES}` }), s.name)));
  return h("div", { class: "chart-box" }, chart, legend);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
