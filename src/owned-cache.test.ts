import { describe, expect, it } from "vitest";
import { OwnedCache } from "./owned-cache.js";

describe("OwnedCache", () => {
  it("keeps each cache's value apart on the same key, and apart per key", () => {
    const lengths = new OwnedCache<object, number>();
    const names = new OwnedCache<object, string>();
    const a = {};
    const b = {};
    expect(lengths.get(a)).toBeUndefined();
    lengths.set(a, 3);
    names.set(a, "a");
    names.set(b, "b");
    expect([lengths.get(a), names.get(a), lengths.get(b), names.get(b)]).toEqual([3, "a", undefined, "b"]);
    lengths.set(a, 4);
    expect(lengths.get(a)).toBe(4);
  });

  it("is invisible to a copy of the key and to its deep equality", () => {
    const cache = new OwnedCache<object, number[]>();
    const doc = { tokens: 2 };
    cache.set(doc, [1, 2]);
    const copy = { ...doc };
    expect(cache.get(copy)).toBeUndefined();
    expect(doc).toStrictEqual({ tokens: 2 });
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
  });
});
