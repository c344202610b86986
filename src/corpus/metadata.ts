import type { ArticleMeta } from "../article/types.js";

/** The outlet: the user's override, else the input's source field, the site name, or the URL's host. */
export function outletOf(meta: ArticleMeta, override?: string): string | null {
  const named = override ?? meta.source ?? meta.siteName;
  if (named?.trim()) return named.trim();
  if (!meta.url) return null;
  try {
    return new URL(meta.url).hostname.replace(/^www\./, "") || null;
  } catch {
    return null;
  }
}

/**
 * ISO form of a publication date ("2022-09-27" stays a date; RFC 822 dates from RSS and ISO
 * date-times become UTC date-times), so dates compare as strings; null when unreadable.
 */
export function normalizeDate(value: string | undefined): string | null {
  const s = value?.trim();
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Number.isNaN(Date.parse(s)) ? null : s;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
