import { readFileSync } from "node:fs";
import { z } from "zod";
import { taxonomyPath } from "../../ml/paths.js";

const AliasFileSchema = z.object({
  entities: z.array(
    z.object({
      name: z.string().min(1),
      type: z.enum(["PERSON", "ORGANIZATION", "LOCATION", "MISC"]),
      variants: z.array(z.string().min(1)),
      demonyms: z.array(z.string().min(1)),
    }),
  ),
});

export type AliasEntry = z.infer<typeof AliasFileSchema>["entities"][number];

/** A surface form the text scan looks for, exactly as written in the alias file. */
export interface ScanForm {
  readonly text: string;
  readonly entry: AliasEntry;
}

export interface AliasIndex {
  /** nameKey(name or variant) → entry. */
  readonly byKey: ReadonlyMap<string, AliasEntry>;
  /** Demonym surface ("Russian", "Russians") → the country or bloc it belongs to. */
  readonly demonyms: ReadonlyMap<string, AliasEntry>;
  /** Leading letters of a form ("U" for "U.S.", "the" for "the West") → forms, longest first. */
  readonly scan: ReadonlyMap<string, readonly ScanForm[]>;
}

/**
 * Matching key for names: case, diacritics, dots, hyphens and a leading "the" do not matter
 * ("U.S." = "US", "Orbán" = "Orban", "Kim Jong-un" = "Kim Jong Un", "the Kremlin" = "Kremlin"),
 * and the Slavic endings -iy/-yy/-ii fold to -y ("Zelenskyy" = "Zelenskiy" = "Zelensky").
 * Other transliterations (Kiev/Kyiv, Lugansk/Luhansk) are too irregular for a rule and come from
 * the alias file.
 */
export function nameKey(s: string): string {
  let key = keyCache.get(s);
  if (key === undefined) {
    // Names repeat within and across articles; the bound keeps a long batch run from growing it.
    if (keyCache.size >= 50_000) keyCache.clear();
    keyCache.set(s, (key = computeKey(s)));
  }
  return key;
}

const keyCache = new Map<string, string>();

function computeKey(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\./g, "")
    .replace(/[-‐‑–]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^the /, "")
    .replace(/(\p{L}{3,})(?:iy|yy|ii)(?=$|[^\p{L}])/gu, "$1y");
}

/** The letters a form or token starts with: the key of the scan index. */
export function leadingLetters(s: string): string {
  let n = 0;
  while (n < s.length && isLetter(s.charCodeAt(n))) n++;
  return s.slice(0, n);
}

/** Runs once per token, so ASCII letters skip the Unicode regex. */
function isLetter(code: number): boolean {
  if (code < 128) return (code | 32) >= 97 && (code | 32) <= 122;
  return /\p{L}/u.test(String.fromCharCode(code));
}

export function buildAliasIndex(data: unknown): AliasIndex {
  const { entities } = AliasFileSchema.parse(data);
  const byKey = new Map<string, AliasEntry>();
  const demonyms = new Map<string, AliasEntry>();
  const scan = new Map<string, ScanForm[]>();
  const addForm = (text: string, entry: AliasEntry): void => {
    const lead = leadingLetters(text);
    if (!lead) return;
    let forms = scan.get(lead);
    if (!forms) scan.set(lead, (forms = []));
    forms.push({ text, entry });
  };
  for (const entry of entities) {
    for (const form of [entry.name, ...entry.variants]) {
      const key = nameKey(form);
      const owner = byKey.get(key);
      if (owner && owner !== entry) throw new Error(`actor-aliases.json: "${form}" is listed under both ${owner.name} and ${entry.name}`);
      byKey.set(key, entry);
      addForm(form, entry);
      // "the West" also opens a sentence as "The West".
      if (form.startsWith("the ")) addForm("T" + form.slice(1), entry);
    }
    for (const d of entry.demonyms) demonyms.set(d, entry);
  }
  for (const forms of scan.values()) forms.sort((a, b) => b.text.length - a.text.length);
  return { byKey, demonyms, scan };
}

let shipped: AliasIndex | undefined;

/** The alias index of the shipped taxonomies/actor-aliases.json, read once per process. */
export function aliasIndex(): AliasIndex {
  shipped ??= buildAliasIndex(JSON.parse(readFileSync(taxonomyPath("actor-aliases.json"), "utf8")));
  return shipped;
}
