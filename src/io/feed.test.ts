import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { feedDocuments } from "./feed.js";
import { countInputs, readInputs, type InputItem } from "./inputs.js";

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbor Times</title>
  <link>https://harbor.example/</link>
  <item>
    <title>Port strike enters second week</title>
    <link>https://harbor.example/strike</link>
    <guid>harbor-1</guid>
    <pubDate>Tue, 27 Sep 2022 10:00:00 GMT</pubDate>
    <dc:creator>Ana Ruiz</dc:creator>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>Dock workers stayed out on Monday.</p><p>&#8220;We will not go back,&#8221; said Tom Hale.</p>]]></content:encoded>
  </item>
  <item>
    <title>Council votes on budget</title>
    <link>https://harbor.example/budget</link>
    <description>The council &amp; the mayor agreed.</description>
    <source url="https://wire.example/rss">Wire Service</source>
  </item>
</channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Nordic Review</title>
  <entry>
    <title>Wind power record</title>
    <link rel="alternate" href="https://nordic.example/wind"/>
    <id>urn:nordic:1</id>
    <published>2022-10-01T08:30:00Z</published>
    <author><name>Lars Berg</name></author>
    <content type="html">&lt;p&gt;Turbines produced more than ever.&lt;/p&gt;</content>
  </entry>
</feed>`;

const dir = mkdtempSync(join(tmpdir(), "newsprism-feed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(items: AsyncIterable<InputItem>): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("feeds", () => {
  it("reads RSS items with outlet, link, date, author and full content", () => {
    const [strike, budget] = feedDocuments(RSS, "feed.xml");
    expect(strike).toEqual({
      id: "harbor-1",
      text: "Port strike enters second week\n\nDock workers stayed out on Monday.\n\n“We will not go back,” said Tom Hale.",
      titleSpan: { start: 0, end: 30 },
      meta: { url: "https://harbor.example/strike", source: "Harbor Times", published: "Tue, 27 Sep 2022 10:00:00 GMT", byline: "Ana Ruiz", siteName: "Harbor Times" },
    });
    // An item citing its own <source> keeps that outlet; the summary stands in for missing content.
    expect(budget.meta.source).toBe("Wire Service");
    expect(budget.text).toBe("Council votes on budget\n\nThe council & the mayor agreed.");
    expect(budget.id).toBe("https://harbor.example/budget");
  });

  it("reads Atom entries", () => {
    const [wind] = feedDocuments(ATOM, "atom.xml");
    expect(wind).toMatchObject({
      id: "urn:nordic:1",
      text: "Wind power record\n\nTurbines produced more than ever.",
      meta: { url: "https://nordic.example/wind", source: "Nordic Review", published: "2022-10-01T08:30:00Z", byline: "Lars Berg" },
    });
  });

  it("are read from files, directories and stdin, one item per article, and counted for the progress bar", async () => {
    writeFileSync(join(dir, "harbor.xml"), RSS);
    writeFileSync(join(dir, "nordic.atom"), ATOM);
    const items = await collect(readInputs([dir]));
    expect(items.map((i) => i.label)).toEqual([`${join(dir, "harbor.xml")}#1`, `${join(dir, "harbor.xml")}#2`, `${join(dir, "nordic.atom")}#1`]);
    expect(await countInputs([dir])).toBe(3);
    const fromStdin = await collect(readInputs(["-"], { stdin: Readable.from([Buffer.from(ATOM)]) }));
    expect(fromStdin).toMatchObject([{ label: "stdin#1", doc: { id: "urn:nordic:1" } }]);
  });

  it("reports XML that is not a feed in one line", async () => {
    writeFileSync(join(dir, "sitemap.xml"), `<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>`);
    const [item] = await collect(readInputs([join(dir, "sitemap.xml")]));
    expect(item).toEqual({ label: join(dir, "sitemap.xml"), error: `${join(dir, "sitemap.xml")}: not an RSS or Atom feed` });
  });
});
