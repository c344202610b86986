import type { ArticleMeta } from "../article/types.js";

/** Where a stored outlet came from, strongest first. */
export type OutletSource = "override" | "document" | "sidecar" | "folder";
export const OUTLET_SOURCES: readonly OutletSource[] = ["override", "document", "sidecar", "folder"];

/**
 * What the input says about an article besides the document itself: the entry of a sidecar
 * metadata file (newsprism-meta.jsonl) for its file, and the folder it was read from. Used only
 * where the document says nothing.
 */
export interface InputMeta {
  outlet?: string;
  published?: string;
  url?: string;
  title?: string;
  /** Label of the folder the file was read from ("shared/seeds"), the outlet of last resort. */
  folder?: string;
}

/**
 * The outlet and where it came from. Precedence: the user's override, then the document (its
 * source field, site name or URL's host), then the sidecar (outlet, then URL's host), then the
 * folder.
 */
export function resolveOutlet(meta: ArticleMeta, override?: string, input: InputMeta = {}): { outlet: string | null; from: OutletSource | null } {
  if (override?.trim()) return { outlet: override.trim(), from: "override" };
  const fromDocument = outletOf(meta);
  if (fromDocument) return { outlet: fromDocument, from: "document" };
  const fromSidecar = outletOf({ source: input.outlet, url: input.url });
  if (fromSidecar) return { outlet: fromSidecar, from: "sidecar" };
  if (input.folder?.trim()) return { outlet: input.folder.trim(), from: "folder" };
  return { outlet: null, from: null };
}

/** How strongly an outlet is known: a stored outlet is only replaced by a stronger one (or an override). */
export function outletRank(from: OutletSource | null, outlet: string | null): number {
  // Rows stored before outlets had a source: what they name came with the input.
  if (from === null) return outlet === null ? 0 : OUTLET_SOURCES.length - 1;
  return OUTLET_SOURCES.length - OUTLET_SOURCES.indexOf(from);
}

/** The outlet a document names: its source field, else its site name, else its URL's host. */
export function outletOf(meta: ArticleMeta): string | null {
  const named = meta.source ?? meta.siteName;
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
