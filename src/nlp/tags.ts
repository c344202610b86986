/**
 * Part-of-speech tags as small numbers, given process-wide in the order tags are met. A stage
 * that reads every token's tag reads what it derives from the tag (a style counter, "a content
 * word") by number (PerTag), instead of hashing the tag's string token after token.
 */
import type { Doc } from "./types.js";
import { OwnedCache } from "../owned-cache.js";
import { holding } from "../holding.js";

const numberOf = new Map<string, number>();
const names: string[] = [];
const numbersOf = new OwnedCache<Doc, Uint16Array>();

/** Each token's tag number (cached per Doc). */
export function tagNumbers(doc: Doc): Uint16Array {
  let numbers = numbersOf.get(doc);
  if (numbers) return numbers;
  numbers = new Uint16Array(doc.tokens.length);
  for (let i = 0; i < numbers.length; i++) {
    const tag = doc.tokens[i].pos;
    let n = numberOf.get(tag);
    if (n === undefined) numberOf.set(tag, (n = names.push(tag) - 1));
    numbers[i] = n;
  }
  numbersOf.set(doc, numbers);
  return numbers;
}

/** What a stage derives from a tag, derived when the tag is first asked for and read by tag number. */
export class PerTag<T> {
  private readonly values: (T | undefined)[] = [];

  constructor(private readonly derive: (tag: string) => T) {}

  of(tagNumber: number): T {
    return (holding(this.values, tagNumber)[tagNumber] ??= this.derive(names[tagNumber]));
  }
}
