import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readInputs, type InputItem } from "./inputs.js";

const SEEDS = new URL("../../../shared/seeds/", import.meta.url).pathname;

async function collect(paths: string[], stdin?: string): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of readInputs(paths, stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) })) items.push(item);
  return items;
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "newsprism-io-"));
}

describe("readInputs", () => {
  it("reads a directory recursively in name order, ids from file names", async () => {
    const items = await collect([SEEDS]);
    expect(items.map((i) => ("doc" in i ? i.doc.id : i.error))).toEqual(["000_638606e8f34ca23d", "003_d963496e65695f6c"]);
  });

  it("reads JSONL: ids, titles prepended with a title span, metadata, and reports bad lines without stopping", async () => {
    const dir = tmp();
    const file = join(dir, "docs.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ id: "a1", title: "Headline", text: "Body text.", source: "Example Times", published: "2022-09-30" }),
        "{not json",
        JSON.stringify({ id: "a3" }),
        "",
        JSON.stringify({ text: "No id here." }),
        "[1,2]",
        JSON.stringify({ id: "a7", text: { body: "Nested." } }),
      ].join("\n"),
    );
    const items = await collect([file]);
    expect(items).toHaveLength(6);
    const [first, broken, noText, noId, array, nested] = items;
    expect("doc" in first && first.doc).toMatchObject({ id: "a1", text: "Headline\n\nBody text.", titleSpan: { start: 0, end: 8 }, meta: { source: "Example Times", published: "2022-09-30" } });
    expect("error" in broken && broken.error).toMatch(/docs\.jsonl:2: invalid JSON/);
    expect("error" in noText && noText.error).toMatch(/docs\.jsonl:3: missing or empty "text"/);
    expect("doc" in noId && noId.doc.id).toBe("docs:5");
    expect("error" in array && array.error).toMatch(/:6: a JSONL line must be an object/);
    expect("error" in nested && nested.error).toMatch(/:7: "text" must be a string, not object/);
  });

  it("rejects empty, binary, invalid UTF-8 and oversized files with one-line reasons", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "empty.txt"), "  \n");
    writeFileSync(join(dir, "binary.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    writeFileSync(join(dir, "latin1.txt"), Buffer.from("Caf\xe9 au lait in M\xfcnchen", "latin1"));
    writeFileSync(join(dir, "huge.txt"), Buffer.alloc(6 * 1024 * 1024, 0x61));
    const items = await collect([join(dir, "empty.txt"), join(dir, "binary.txt"), join(dir, "latin1.txt"), join(dir, "huge.txt"), join(dir, "missing.txt")]);
    const errors = items.map((i) => ("error" in i ? i.error : "ok"));
    expect(errors[0]).toMatch(/empty/);
    expect(errors[1]).toMatch(/binary/);
    expect(errors[2]).toMatch(/not valid utf-8/);
    expect(errors[3]).toMatch(/too large/);
    expect(errors[4]).toMatch(/no such file/);
    for (const e of errors) expect(e).not.toContain("\n");
  });

  it("decodes another encoding when asked", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "latin1.txt"), Buffer.from("Caf\xe9 au lait", "latin1"));
    const items: InputItem[] = [];
    for await (const i of readInputs([join(dir, "latin1.txt")], { encoding: "latin1" })) items.push(i);
    expect("doc" in items[0] && items[0].doc.text).toBe("Café au lait");
  });

  it("extracts the main text and metadata of an HTML page, and rejects a page with no article", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "site"));
    const para = "The minister said the plan would cost more than expected, and critics agreed with that view. ".repeat(4);
    writeFileSync(
      join(dir, "site", "page.html"),
      `<html><head><title>Plan costs rise | Daily</title><meta property="og:title" content="Plan costs rise"><meta name="author" content="J. Doe"><meta property="article:published_time" content="2022-10-01T08:00:00Z"><meta property="og:site_name" content="The Daily"></head>
       <body><nav>Home | World</nav><article><h1>Plan costs rise</h1><p>${para}</p><p>${para}</p><p>Second <b>bold</b> point &amp; more.</p></article><footer>© Daily</footer></body></html>`,
    );
    writeFileSync(join(dir, "site", "broken.html"), "<html><body><div><<<>>></div");
    const items = await collect([join(dir, "site")]);
    const page = items.find((i) => i.label.endsWith("page.html"))!;
    expect("doc" in page).toBe(true);
    if (!("doc" in page)) return;
    expect(page.doc.text.startsWith("Plan costs rise\n\n")).toBe(true);
    expect(page.doc.text).toContain("Second bold point & more.");
    expect(page.doc.text).not.toContain("Home | World");
    expect(page.doc.meta).toMatchObject({ byline: "J. Doe", published: "2022-10-01T08:00:00Z", siteName: "The Daily" });
    const broken = items.find((i) => i.label.endsWith("broken.html"))!;
    expect("error" in broken && broken.error).toMatch(/no article text/);
  });

  it("reads the text of a page nested too deep for Readability (thousands of unclosed tags), paragraph by paragraph", async () => {
    const dir = tmp();
    const para = (k: number) => `<p><b><i>Report ${k}: the minister said the plan would cost more than expected.`;
    writeFileSync(join(dir, "unclosed.html"), `<html><head><title>Plan costs rise</title><script>var x = 1;</script></head><body>${Array.from({ length: 3000 }, (_, k) => para(k)).join("")}</body></html>`);
    const [page] = await collect([join(dir, "unclosed.html")]);
    expect("doc" in page).toBe(true);
    if (!("doc" in page)) return;
    const paragraphs = page.doc.text.split("\n\n");
    expect(paragraphs[0]).toBe("Plan costs rise");
    expect(paragraphs.slice(1)).toEqual(Array.from({ length: 3000 }, (_, k) => `Report ${k}: the minister said the plan would cost more than expected.`));
  });

  it("reads stdin as text, HTML or JSONL by its first character", async () => {
    const [text] = await collect(["-"], "Just a short note.");
    expect("doc" in text && text.doc.text).toBe("Just a short note.");
    const lines = await collect(["-"], '{"id":"x","text":"One."}\n{"id":"y","text":"Two."}\n');
    expect(lines.map((i) => ("doc" in i ? i.doc.id : "error"))).toEqual(["x", "y"]);
  });
});
