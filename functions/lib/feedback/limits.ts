/** Longest `text`, in Unicode code points (a tweet is 280, a Slack message up to 40,000; feedback is short). */
export const MAX_TEXT_CHARS = 4000;
/** Longest `id`, in characters. */
export const MAX_ID_CHARS = 200;
/** Longest `source`, `author` and `channel`, in characters. */
export const MAX_NAME_CHARS = 200;
/** Longest `url`, in characters. */
export const MAX_URL_CHARS = 2048;
/**
 * Largest feedback document accepted, in bytes of UTF-8 JSON: 4,000 code points of up to 4
 * bytes each, escaped, plus the other fields, fits well within it. The HTTP ingest answers
 * 413 above it; the scorer dead-letters larger records as `too-large`.
 */
export const MAX_FEEDBACK_BYTES = 16 * 1024;
