/**
 * Header values travel as a Java `byte[]` serialised to JSON: one signed number per byte,
 * -128..127. Bytes 0x80-0xFF (every byte of a non-ASCII UTF-8 character) are negative.
 */

/** Signed Java bytes to their bytes. The caller has checked the range. */
export function fromJavaBytes(bytes: readonly number[]): Buffer {
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! & 0xff;
  return out;
}

/** Bytes to signed Java bytes. */
export function toJavaBytes(bytes: Uint8Array): number[] {
  const out = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    out[i] = byte > 127 ? byte - 256 : byte;
  }
  return out;
}
