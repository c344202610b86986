import { lazyModule } from "../lazy-module.js";
import type { ArticleMeta, RawDocument } from "../article/types.js";
import { InputError } from "./errors.js";

/** Fewer words than this is a page without an article (an error page, a broken file). */
const MIN_ARTICLE_WORDS = 3;

const linkedom = lazyModule<typeof import("linkedom")>("linkedom");
const readability = lazyModule<typeof import("@mozilla/readability")>("@mozilla/readability");

/**
 * Deeper than this, a page is malformed (each unclosed tag nests all that follows it): Readability,
 * recursive and quadratic in depth, would take minutes or overflow the stack. Its text is read
 * block by block instead, without telling article from page furniture.
 */
const MAX_READABLE_DEPTH = 400;
/** Elements that start and end a paragraph of the text. */
const BLOCK_TAGS = new Set("H1 H2 H3 H4 H5 H6 P LI BLOCKQUOTE PRE FIGCAPTION TD DIV SECTION ARTICLE HEADER FOOTER UL OL TABLE TR BR HR".split(" "));
const HIDDEN_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD"]);

/** Extracts the main text (Readability) and metadata (meta tags) of an HTML page. */
export function htmlToDocument(html: string, id: string, input: string): RawDocument {
  const { document } = linkedom().parseHTML(html);
  const meta = readMeta(document);
  const malformed = depthOf(document.documentElement) > MAX_READABLE_DEPTH;
  const parsed = malformed ? null : new (readability().Readability)(document as unknown as Document).parse();
  if (!malformed && !parsed?.content) throw new InputError(input, "no article text found in the HTML");
  const paragraphs = parsed?.content ? blockTexts(parsed.content) : flatBlockTexts(document.documentElement);
  const words = paragraphs.join(" ").match(/\p{L}{2,}/gu)?.length ?? 0;
  if (words < MIN_ARTICLE_WORDS) throw new InputError(input, "no article text found in the HTML");
  const title = (meta.title ?? parsed?.title ?? "").trim();
  const body = paragraphs.join("\n\n");
  const text = title ? `${title}\n\n${body}` : body;
  const { title: _t, ...rest } = meta;
  return {
    id,
    text,
    titleSpan: title ? { start: 0, end: title.length } : null,
    meta: {
      ...rest,
      byline: rest.byline ?? parsed?.byline ?? undefined,
      siteName: rest.siteName ?? parsed?.siteName ?? undefined,
      published: rest.published ?? parsed?.publishedTime ?? undefined,
    },
  };
}

/** The text of an HTML fragment, a paragraph wherever a block element starts or ends. */
export function blockTexts(contentHtml: string): string[] {
  return flatBlockTexts(linkedom().parseHTML(`<html><body>${contentHtml}</body></html>`).document.body);
}

/** What the depth guard and the block reading walk of the DOM (linkedom's nodes). */
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
}

const ELEMENT = 1;
const TEXT = 3;

/** The depth of the element tree under `root` (iterative: a malformed page nests tens of thousands deep). */
function depthOf(root: DomNode | null): number {
  let deepest = 0;
  const stack: [DomNode, number][] = root ? [[root, 1]] : [];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (let child = node.firstChild; child; child = child.nextSibling) if (child.nodeType === ELEMENT) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The visible text under `root`, a paragraph wherever a block element starts or ends (iterative: a malformed page nests deep). */
function flatBlockTexts(root: DomNode | null): string[] {
  const out: string[] = [];
  let current = "";
  const breakParagraph = () => {
    const text = current.replace(/\s+/g, " ").trim();
    if (text) out.push(text);
    current = "";
  };
  // A null entry closes the block element pushed before its children.
  const stack: (DomNode | null)[] = root ? [root] : [];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || node === undefined) {
      breakParagraph();
      continue;
    }
    if (node.nodeType === TEXT) current += node.textContent ?? "";
    if (node.nodeType !== ELEMENT || HIDDEN_TAGS.has(node.nodeName)) continue;
    if (BLOCK_TAGS.has(node.nodeName)) (breakParagraph(), stack.push(null));
    const children: DomNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
  }
  breakParagraph();
  return out;
}

function readMeta(document: { querySelector: (s: string) => { getAttribute: (a: string) => string | null; textContent: string | null } | null }): ArticleMeta & { title?: string } {
  const content = (...selectors: string[]): string | undefined => {
    for (const s of selectors) {
      const v = document.querySelector(s)?.getAttribute("content")?.trim();
      if (v) return v;
    }
    return undefined;
  };
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return defined({
    title: content('meta[property="og:title"]', 'meta[name="twitter:title"]') ?? document.querySelector("title")?.textContent?.trim() ?? undefined,
    byline: content('meta[name="author"]', 'meta[property="article:author"]'),
    published: content('meta[property="article:published_time"]', 'meta[name="date"]', 'meta[name="pubdate"]', 'meta[itemprop="datePublished"]'),
    siteName: content('meta[property="og:site_name"]', 'meta[name="application-name"]'),
    url: content('meta[property="og:url"]') ?? document.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? undefined,
  });
}
