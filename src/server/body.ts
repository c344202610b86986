import type { RawDocument } from "../article/types.js";
import { contentHash } from "../corpus/fingerprint.js";
import { htmlToDocument } from "../io/html.js";
import { jsonlDocument, textDocument } from "../io/inputs.js";
import { HttpError } from "./errors.js";

/** Content types a POSTed article may have; JSONL carries any number of articles. */
export const JSON_TYPE = "application/json";
export const JSONL_TYPES = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines"] as const;
export const TEXT_TYPE = "text/plain";
export const HTML_TYPE = "text/html";

/** Metadata that a text or HTML body can be given in the query string (JSON carries its own). */
export interface BodyMeta {
  id?: string;
  source?: string;
  url?: string;
  published?: string;
}

/** One document of a request body, or why that part of it could not be read. */
export type BodyItem = { label: string; doc: RawDocument } | { label: string; error: string };

/**
 * Reads a request body with the same loaders the CLI uses, so a POSTed article is segmented
 * exactly like the same file given to `newsprism analyze`. Articles without an id get the
 * corpus's content hash, so posting the same article twice names it the same.
 */
export function documentsFromBody(contentType: string, body: unknown, meta: BodyMeta): BodyItem[] {
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type === JSON_TYPE) {
    // The JSON record is already validated by the route schema; the JSONL reader maps its fields.
    const line = JSON.stringify(body);
    return [{ label: "body", doc: jsonlDocument(line, "body", contentHash(line)) }];
  }
  if ((JSONL_TYPES as readonly string[]).includes(type)) return jsonlItems(String(body));
  const text = String(body ?? "");
  if (text.trim() === "") throw new HttpError(400, "empty body: no text to analyze");
  const id = meta.id ?? contentHash(text);
  const doc = type === HTML_TYPE ? htmlToDocument(text, id, "body") : textDocument(text, id);
  return [{ label: "body", doc: withMeta(doc, meta) }];
}

function jsonlItems(body: string): BodyItem[] {
  const items: BodyItem[] = [];
  body.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const label = `line ${i + 1}`;
    try {
      items.push({ label, doc: jsonlDocument(line, label, contentHash(line)) });
    } catch (err) {
      items.push({ label, error: (err as Error).message });
    }
  });
  if (items.length === 0) throw new HttpError(400, "empty body: no JSONL lines");
  return items;
}

function withMeta(doc: RawDocument, meta: BodyMeta): RawDocument {
  const { id: _id, ...rest } = meta;
  const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== ""));
  return { ...doc, meta: { ...doc.meta, ...given } };
}
