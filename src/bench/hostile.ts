/**
 * `npm run bench:hostile [-- --kb 512]`: how long one article takes when its text is built to
 * break an analyzer — no white space, nothing but quote marks, thousands of unclosed tags, one
 * sentence of a megabyte… — each about `kb` kilobytes, read as a file is (HTML through the page
 * reader). Every case must finish, in seconds: a path that is quadratic in some length shows here
 * as minutes, and a recursive one as a stack overflow.
 */
import { scriptArgs, wholeNumberArg } from "../cli/script-args.js";
import { analyze } from "../analyze.js";
import { htmlToDocument } from "../io/html.js";
import type { RawDocument } from "../article/types.js";

const { values } = scriptArgs({ options: { kb: { type: "string", default: "512" } } });
const size = wholeNumberArg(values.kb, "--kb") * 1024;

/** `unit` repeated to `size` characters. */
const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const text = (body: string): RawDocument => ({ id: "hostile", text: `Title\n\n${body}`, meta: {} });
const html = (body: string) => htmlToDocument(`<html><head><title>Title</title></head><body>${body}</body></html>`, "hostile", "hostile.html");

const CASES: Record<string, () => RawDocument> = {
  "one token (no white space)": () => text("a".repeat(size)),
  "one sentence, no punctuation": () => text(fill("the war in Ukraine said NATO forces attack peace talks weapons Kyiv army ")),
  "quote marks only": () => text(fill("‘“‘“ ”’”’ ")),
  "quotes in one paragraph": () => text(fill("“yes” and ‘no’ then ")),
  "quote per paragraph": () => text(fill("“Text here,” he said.\n\n")),
  "speech tags": () => text(fill("Putin said. ")),
  "names without punctuation": () => text(fill("John Smith Ivan Petrov Olena Kovalenko Vladimir Putin Joe Biden ")),
  "figures": () => text(fill("$5 billion, 30% and 12 March 2022, 4,000 troops, 15 km. ")),
  "capitals": () => text(fill("THE WAR IN UKRAINE IS A DISASTER SAYS NATO. ")),
  "punctuation only": () => text(fill("!?.,;:-— ")),
  "brackets only": () => text(fill("(((( [[[[ {{{{ ")),
  "references and quotes": () => text(fill("See “The war goes on and on” (27 Sep 2022) and he said “we will fight on” today. ")),
  "HTML, unclosed tags": () => html(fill("<p><b><i>Text of the article here ")),
  "HTML, nested divs": () => html(`${"<div>".repeat(size / 10)}<p>Putin said the war will go on.</p>${"</div>".repeat(size / 10)}`),
};

// Models and code load before the first case is timed.
analyze("Warm-up: the minister said the plan would cost more than expected.", { validate: false });
console.log(`each case ≈ ${Math.round(size / 1024)} KB`);
for (const [name, build] of Object.entries(CASES)) {
  const started = performance.now();
  const doc = build();
  const analysis = analyze(doc, { validate: false });
  const seconds = (performance.now() - started) / 1000;
  console.log(`${name.padEnd(30)} ${seconds.toFixed(1).padStart(6)} s  (${analysis.stats.words.toLocaleString("en-US")} words, ${analysis.quotes.length.toLocaleString("en-US")} quotes)`);
}
