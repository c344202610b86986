import { InputError } from "./errors.js";

/** Articles are at most a few hundred KB; anything this large is not one article. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/**
 * Turns bytes into article text or says why not: binary data, an encoding that is not the one
 * expected, empty input, or a size no article has. A UTF-8 byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array, input: string, encoding = "utf-8"): string {
  if (bytes.length > MAX_ARTICLE_BYTES) {
    throw new InputError(input, `too large for one article (${(bytes.length / 1048576).toFixed(1)} MB > ${MAX_ARTICLE_BYTES / 1048576} MB); split it or use JSONL`);
  }
  if (looksBinary(bytes)) throw new InputError(input, "binary data, not text");
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (err) {
    if (err instanceof RangeError) throw new InputError(input, `unknown encoding "${encoding}"`);
    throw new InputError(input, `not valid ${encoding} text (re-encode it, or pass --encoding latin1 / windows-1252)`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new InputError(input, "empty: no text to analyze");
  return text;
}

/** NUL bytes or a high share of control characters in the first 8 KB mean binary data. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.05;
}
