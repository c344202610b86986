import type { RawDocument } from "../article/types.js";
import { InputError } from "./errors.js";
import { blockTexts } from "./html.js";
import { lazyModule } from "../lazy-module.js";

/** Quick test on the first bytes: is this XML an RSS or Atom feed? */
export function looksLikeFeed(head: string): boolean {
  return /<(?:rss|feed|rdf:RDF)[\s>]/i.test(head);
}

const fastXmlParser = lazyModule<typeof import("fast-xml-parser")>("fast-xml-parser");
let parser: InstanceType<typeof import("fast-xml-parser").XMLParser> | undefined;

/** The feed parser, made on first use (lazyModule). */
const feedParser = () =>
  (parser ??= new (fastXmlParser().XMLParser)({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    textNodeName: "#text",
    isArray: (name) => ["item", "entry", "link", "category"].includes(name),
    processEntities: true,
    htmlEntities: true,
    trimValues: true,
  }));

type Node = Record<string, unknown>;

/**
 * The items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed as documents: title, text (full content
 * when the feed carries it, else the summary), link, date, author, and the feed's title as outlet.
 */
export function feedDocuments(xml: string, input: string): RawDocument[] {
  let root: Node;
  try {
    root = feedParser().parse(xml) as Node;
  } catch (err) {
    throw new InputError(input, `invalid XML (${(err as Error).message.split("\n")[0]})`);
  }
  const rss = (root.rss as Node | undefined)?.channel as Node | undefined;
  const rdf = root["rdf:RDF"] as Node | undefined;
  const atom = root.feed as Node | undefined;
  const channel = rss ?? (rdf?.channel as Node | undefined) ?? atom;
  if (!channel) throw new InputError(input, "not an RSS or Atom feed");
  const outlet = text(channel.title);
  const items = ((rss ? rss.item : rdf ? rdf.item : atom!.entry) ?? []) as Node[];
  const docs: RawDocument[] = [];
  items.forEach((item, i) => {
    const title = text(item.title);
    const body = htmlText(text(item["content:encoded"]) ?? text(item.content) ?? text(item.description) ?? text(item.summary) ?? "");
    if (!body && !title) return;
    const url = linkOf(item);
    const source = item.source as Node | string | undefined;
    const meta = {
      url,
      source: text(source) ?? outlet,
      published: text(item.pubDate) ?? text(item["dc:date"]) ?? text(item.published) ?? text(item.updated),
      byline: text(item["dc:creator"]) ?? text(item.author && typeof item.author === "object" ? (item.author as Node).name : item.author),
      siteName: outlet,
    };
    const full = title && body ? `${title}\n\n${body}` : (title ?? body);
    docs.push({
      id: text(item.guid) ?? text(item.id) ?? url ?? `${input}:${i + 1}`,
      text: full,
      titleSpan: title ? { start: 0, end: title.length } : null,
      meta: Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined)),
    });
  });
  return docs;
}

function linkOf(item: Node): string | undefined {
  const links = (item.link ?? []) as Array<Node | string>;
  // Atom: <link rel="alternate" href=…/> (rel defaults to alternate); RSS: <link>url</link>.
  const alternate = links.find((l) => typeof l === "object" && (l["@rel"] === undefined || l["@rel"] === "alternate"));
  if (alternate && typeof alternate === "object") return text(alternate["@href"]);
  return links.map((l) => text(l)).find(Boolean);
}

/** Text of a parsed node: a string, a number, or an element with text and attributes. */
function text(node: unknown): string | undefined {
  if (typeof node === "string") return node.trim() || undefined;
  if (typeof node === "number") return String(node);
  if (node && typeof node === "object" && "#text" in node) return text((node as Node)["#text"]);
  return undefined;
}

/** Feed bodies are HTML fragments (or plain text); keep their paragraphs apart. */
function htmlText(fragment: string): string {
  if (!/[<&]/.test(fragment)) return fragment.trim();
  return blockTexts(fragment).join("\n\n");
}
