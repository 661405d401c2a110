/**
 * FNV-1a, 32 bit (Fowler–Noll–Vo; offset basis 2166136261, prime 16777619), over the UTF-8
 * bytes of a string, streamed: `fnv1a32(b, fnv1a32(a))` equals `fnv1a32(a + b)`, so an n-gram
 * is hashed without building the joined string. Returns an unsigned 32-bit integer.
 * Lone surrogates are hashed as U+FFFD, as TextEncoder would encode them.
 */
export const FNV1A32_OFFSET = 0x811c9dc5;

export function fnv1a32(text: string, seed: number = FNV1A32_OFFSET): number {
  return fnv1a32Range(text, 0, text.length, seed);
}

/** fnv1a32 of text[start, end), without slicing it: `fnv1a32Range(t, s, e, seed)` equals `fnv1a32(t.slice(s, e), seed)`. */
export function fnv1a32Range(text: string, start: number, end: number, seed: number = FNV1A32_OFFSET): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), 0x01000193);
    } else if (c < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
    } else {
      h = Math.imul(h ^ (0xf0 | (c >> 18)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
    }
    h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
  }
  return h >>> 0;
}
