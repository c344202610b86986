import { lazyModule } from "../lazy-module.js";
import type { ArticleMeta, RawDocument } from "../article/types.js";
import { InputError } from "./errors.js";

/** Fewer words than this is a page without an article (an error page, a broken file). */
const MIN_ARTICLE_WORDS = 3;
const BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,blockquote,pre,figcaption,td";

export const linkedom = lazyModule<typeof import("linkedom")>("linkedom");
const readability = lazyModule<typeof import("@mozilla/readability")>("@mozilla/readability");

/** Extracts the main text (Readability) and metadata (meta tags) of an HTML page. */
export function htmlToDocument(html: string, id: string, input: string): RawDocument {
  const { document } = linkedom().parseHTML(html);
  const meta = readMeta(document);
  const parsed = new (readability().Readability)(document as unknown as Document).parse();
  if (!parsed || !parsed.content) throw new InputError(input, "no article text found in the HTML");
  const paragraphs = blockTexts(parsed.content);
  const words = paragraphs.join(" ").match(/\p{L}{2,}/gu)?.length ?? 0;
  if (words < MIN_ARTICLE_WORDS) throw new InputError(input, "no article text found in the HTML");
  const title = (meta.title ?? parsed.title ?? "").trim();
  const body = paragraphs.join("\n\n");
  const text = title ? `${title}\n\n${body}` : body;
  const { title: _t, ...rest } = meta;
  return {
    id,
    text,
    titleSpan: title ? { start: 0, end: title.length } : null,
    meta: {
      ...rest,
      byline: rest.byline ?? parsed.byline ?? undefined,
      siteName: rest.siteName ?? parsed.siteName ?? undefined,
      published: rest.published ?? parsed.publishedTime ?? undefined,
    },
  };
}

/** Text of each innermost block element of an HTML fragment. */
export function blockTexts(contentHtml: string): string[] {
  const { document } = linkedom().parseHTML(`<html><body>${contentHtml}</body></html>`);
  const out: string[] = [];
  for (const el of document.querySelectorAll(BLOCKS)) {
    // Nested blocks (a <p> inside an <li>) are taken once, at the innermost level.
    if (el.querySelector(BLOCKS)) continue;
    const text = (el.textContent ?? "").replace(/\s+/g, " ").trim();
    if (text) out.push(text);
  }
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
