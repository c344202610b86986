/** Compact, JSON-safe forms of model numbers: base64 of varints and of 16-bit integers. */

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Non-negative integers as base64 of their LEB128 varints (most index gaps take one byte). */
export function packVarints(values: readonly number[]): string {
  const bytes: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
  }
  return Buffer.from(bytes).toString("base64");
}

/** The integers of packVarints. */
export function unpackVarints(packed: string): Int32Array {
  const bytes = Buffer.from(packed, "base64");
  const out = new Int32Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; ) {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      if (i >= bytes.length) throw new Error("model weights: an index is cut off (damaged file)");
      const b = bytes[i++];
      v |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    out[n++] = v;
  }
  return out.subarray(0, n);
}

/** 16-bit integers as base64 of their little-endian bytes. */
export function packInt16(values: ArrayLike<number>): string {
  const bytes = Buffer.alloc(values.length * 2);
  for (let i = 0; i < values.length; i++) bytes.writeInt16LE(values[i], i * 2);
  return bytes.toString("base64");
}

/** The integers of packInt16. */
export function unpackInt16(packed: string): Int16Array {
  const bytes = Buffer.from(packed, "base64");
  // A copy, aligned: a view of the bytes as they are (little-endian, as every platform Node runs on but s390x).
  if (LITTLE_ENDIAN) return new Int16Array(Uint8Array.prototype.slice.call(bytes, 0, bytes.length & ~1).buffer);
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}
