/**
 * Malformed record values the demo producers send in a small share, so the dead-letter path is
 * visibly exercised under `npm start`.
 */

/** Not valid UTF-8: the archiver must dead-letter it, not drop it. */
export const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0xc3, 0x28, 0x7d]);

/** JSON cut off mid-document: valid UTF-8, so it is archived, but no consumer can parse it. */
export function truncatedJson(text: string): Buffer {
  return Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length / 3))));
}
