import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { RawDocument } from "../article/types.js";
import type { InputMeta } from "../corpus/metadata.js";
import { decodeText, MAX_ARTICLE_BYTES } from "./decode.js";
import { InputError } from "./errors.js";
import { feedDocuments, looksLikeFeed } from "./feed.js";
import { htmlToDocument } from "./html.js";

/**
 * One unit of work from the inputs: a document to analyze (with what its sidecar entry and folder
 * say of it, when read from a file), or why an input could not be read.
 */
export type InputItem = { label: string; doc: RawDocument; meta?: InputMeta } | { label: string; error: string };

/**
 * Sidecar metadata: a JSONL file of this name in a directory gives the files beside it (and below
 * it) what they cannot say themselves. One object a line: "file" (path relative to the sidecar's
 * directory) and any of "outlet", "published", "url", "title". What the document itself says wins.
 */
export const SIDECAR = "newsprism-meta.jsonl";

export interface ReadOptions {
  encoding?: string;
  stdin?: Readable;
  /** Called for files a directory walk passes over (not articles by their extension). */
  onSkip?: (path: string) => void;
}

const FEED_EXTENSIONS = new Set([".xml", ".rss", ".atom"]);
const ARTICLE_EXTENSIONS = new Set([".txt", ".text", ".md", ".html", ".htm", ".jsonl", ".ndjson", ...FEED_EXTENSIONS]);

/** Fields a JSONL line may carry; `text` is required. */
interface JsonlRecord {
  id?: unknown;
  text?: unknown;
  title?: unknown;
  url?: unknown;
  source?: unknown;
  published?: unknown;
}

/** Yields documents from files, directories (recursively, in name order), JSONL and stdin ("-"). */
export async function* readInputs(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<InputItem> {
  const sidecars = new Sidecars();
  for (const path of paths) {
    if (path === "-") {
      yield* readStdin(options);
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch {
      yield { label: path, error: `${path}: no such file or directory` };
      continue;
    }
    const files = info.isDirectory() ? await walk(path) : [path];
    for (const file of files) {
      if (basename(file) === SIDECAR) continue;
      if (info.isDirectory() && !ARTICLE_EXTENSIONS.has(extname(file).toLowerCase())) {
        options.onSkip?.(file);
        continue;
      }
      const { meta, errors } = await sidecars.metaFor(file);
      yield* errors;
      for await (const item of readFileInput(file, options)) yield "doc" in item ? { ...item, meta } : item;
    }
  }
}

/** The folder a file was read from, as a label: its last two path components ("shared/seeds"). */
export function folderLabel(file: string): string {
  return resolve(dirname(file)).split(sep).filter(Boolean).slice(-2).join("/") || "/";
}

/** Sidecar files found so far, by directory; each one's errors reported once. */
class Sidecars {
  private readonly byDir = new Map<string, Promise<{ entries: Map<string, InputMeta>; errors: InputItem[] } | null>>();

  /** What the sidecars of the file's directory and its parents say of it, and the folder label. */
  async metaFor(file: string): Promise<{ meta: InputMeta; errors: InputItem[] }> {
    const meta: InputMeta = { folder: folderLabel(file) };
    const errors: InputItem[] = [];
    // The nearest sidecar naming the file wins; a parent's may name it by a longer path.
    let dir = resolve(dirname(file));
    for (let depth = 0; depth < 8; depth++) {
      const sidecar = await this.load(dir);
      if (sidecar) {
        errors.push(...sidecar.errors.splice(0));
        const entry = sidecar.entries.get(relative(dir, resolve(file)).split(sep).join("/"));
        if (entry) return { meta: { ...entry, folder: meta.folder }, errors };
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return { meta, errors };
  }

  private load(dir: string) {
    let loaded = this.byDir.get(dir);
    if (!loaded) {
      loaded = readSidecar(join(dir, SIDECAR));
      this.byDir.set(dir, loaded);
    }
    return loaded;
  }
}

async function readSidecar(path: string): Promise<{ entries: Map<string, InputMeta>; errors: InputItem[] } | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return null;
  }
  const entries = new Map<string, InputMeta>();
  const errors: InputItem[] = [];
  const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const label = `${path}:${i + 1}`;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      errors.push({ label, error: `${label}: invalid JSON (${(err as Error).message})` });
      continue;
    }
    const file = record && typeof record === "object" ? str(record.file) : undefined;
    if (!file) {
      errors.push({ label, error: `${label}: a sidecar line needs "file", the file's path relative to ${dirname(path)}` });
      continue;
    }
    const meta = dropUndefined({ outlet: str(record.outlet), published: str(record.published), url: str(record.url), title: str(record.title) });
    entries.set(file.replace(/\\/g, "/").replace(/^\.\//, ""), meta);
  }
  return { entries, errors };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(full)));
    else if (e.isFile()) files.push(full);
  }
  return files;
}

function idOf(path: string): string {
  return basename(path, extname(path));
}

async function* readFileInput(path: string, options: ReadOptions): AsyncGenerator<InputItem> {
  const ext = extname(path).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson") {
    yield* readJsonlLines(createReadStream(path), path);
    return;
  }
  if (FEED_EXTENSIONS.has(ext)) {
    yield* readFeedFile(path, options);
    return;
  }
  try {
    const info = await stat(path);
    if (info.size > MAX_ARTICLE_BYTES) {
      throw new InputError(path, `too large for one article (${(info.size / 1048576).toFixed(1)} MB > ${MAX_ARTICLE_BYTES / 1048576} MB); split it or use JSONL`);
    }
    const text = decodeText(await readFile(path), path, options.encoding);
    yield { label: path, doc: ext === ".html" || ext === ".htm" ? htmlToDocument(text, idOf(path), path) : textDocument(text, idOf(path)) };
  } catch (err) {
    yield { label: path, error: errorMessage(err, path) };
  }
}

/** A feed file holds many articles: one item each, labelled path#n. */
async function* readFeedFile(path: string, options: ReadOptions): AsyncGenerator<InputItem> {
  let docs: RawDocument[];
  try {
    const xml = decodeText(await readFile(path), path, options.encoding);
    if (!looksLikeFeed(xml.slice(0, 4096))) throw new InputError(path, "not an RSS or Atom feed");
    docs = feedDocuments(xml, path);
  } catch (err) {
    yield { label: path, error: errorMessage(err, path) };
    return;
  }
  for (const [i, doc] of docs.entries()) yield { label: `${path}#${i + 1}`, doc };
}

/** How many items `readInputs` will yield (for a progress bar); null when it cannot tell (stdin). */
export async function countInputs(paths: readonly string[]): Promise<number | null> {
  let count = 0;
  for (const path of paths) {
    if (path === "-") return null;
    const info = await stat(path).catch(() => null);
    const files = !info ? [path] : info.isDirectory() ? (await walk(path)).filter((f) => ARTICLE_EXTENSIONS.has(extname(f).toLowerCase()) && basename(f) !== SIDECAR) : [path];
    for (const file of files) count += await itemsIn(file);
  }
  return count;
}

async function itemsIn(file: string): Promise<number> {
  const ext = extname(file).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson") {
    let lines = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.trim()) lines++;
    return lines;
  }
  if (FEED_EXTENSIONS.has(ext)) {
    const xml = await readFile(file, "utf8").catch(() => "");
    return Math.max(1, (xml.match(/<(?:item|entry)[\s>]/g) ?? []).length);
  }
  return 1;
}

async function* readStdin(options: ReadOptions): AsyncGenerator<InputItem> {
  const stream = options.stdin ?? process.stdin;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    chunks.push(buf);
    size += buf.length;
    // A stream that is JSONL may be any size: hand it over to the line reader from here on.
    if (size > MAX_ARTICLE_BYTES && !startsLikeJson(Buffer.concat(chunks))) break;
  }
  const bytes = Buffer.concat(chunks);
  if (startsLikeJson(bytes)) {
    const { Readable } = await import("node:stream");
    yield* readJsonlLines(Readable.from([bytes]), "stdin");
    return;
  }
  try {
    const text = decodeText(bytes, "stdin", options.encoding);
    if (looksLikeFeed(text.slice(0, 4096))) {
      for (const [i, doc] of feedDocuments(text, "stdin").entries()) yield { label: `stdin#${i + 1}`, doc };
      return;
    }
    yield { label: "stdin", doc: /^\s*</.test(text) ? htmlToDocument(text, "stdin", "stdin") : textDocument(text, "stdin") };
  } catch (err) {
    yield { label: "stdin", error: errorMessage(err, "stdin") };
  }
}

function startsLikeJson(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x7b; // "{"
  }
  return false;
}

/** Streams JSONL so memory stays flat; a bad line is reported and the rest still read. */
async function* readJsonlLines(stream: Readable, source: string): AsyncGenerator<InputItem> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === "") continue;
      const label = `${source}:${lineNo}`;
      try {
        yield { label, doc: jsonlDocument(line, label, `${idOf(source)}:${lineNo}`) };
      } catch (err) {
        yield { label, error: errorMessage(err, label) };
      }
    }
  } catch (err) {
    yield { label: source, error: errorMessage(err, source) };
  }
}

export function jsonlDocument(line: string, label: string, fallbackId: string): RawDocument {
  if (line.length > MAX_ARTICLE_BYTES) throw new InputError(label, "line too large for one article");
  let record: JsonlRecord;
  try {
    record = JSON.parse(line) as JsonlRecord;
  } catch (err) {
    throw new InputError(label, `invalid JSON (${(err as Error).message})`);
  }
  if (record === null || typeof record !== "object" || Array.isArray(record)) throw new InputError(label, "a JSONL line must be an object");
  if (record.text !== undefined && typeof record.text !== "string") throw new InputError(label, `"text" must be a string, not ${Array.isArray(record.text) ? "an array" : typeof record.text}`);
  if (record.text === undefined || record.text.trim() === "") throw new InputError(label, 'missing or empty "text"');
  const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
  const id = str(record.id) ?? (typeof record.id === "number" ? String(record.id) : fallbackId);
  const title = str(record.title);
  const body = record.text;
  const text = title ? `${title}\n\n${body}` : body;
  return {
    id,
    text,
    titleSpan: title ? { start: 0, end: title.length } : null,
    meta: dropUndefined({ url: str(record.url), source: str(record.source), published: str(record.published) }),
  };
}

/** Plain text: the segmenter decides whether the first line is a headline. */
export function textDocument(text: string, id: string): RawDocument {
  return { id, text, meta: {} };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function errorMessage(err: unknown, input: string): string {
  if (err instanceof InputError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e && e.code === "EACCES") return `${input}: permission denied`;
  if (e && e.code === "EISDIR") return `${input}: is a directory`;
  return `${input}: ${e && e.message ? e.message.split("\n")[0] : String(err)}`;
}
