/** Marks a byte field that was not valid UTF-8 and is stored as base64 instead. */
export const BASE64_PREFIX = 'base64:';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Turns the bytes of a record key or header value into the archive's text
 * form: the UTF-8 text when the bytes are valid UTF-8, else `base64:` followed
 * by their base64. Text that itself starts with `base64:` is base64-encoded
 * too, so the mapping stays reversible (see `archiveBytes`).
 */
export function archiveText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return BASE64_PREFIX + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }
  return text.startsWith(BASE64_PREFIX) ? BASE64_PREFIX + Buffer.from(text).toString('base64') : text;
}

/** The inverse of `archiveText`: the original bytes of an archived key or header value. */
export function archiveBytes(text: string): Buffer {
  return text.startsWith(BASE64_PREFIX)
    ? Buffer.from(text.slice(BASE64_PREFIX.length), 'base64')
    : Buffer.from(text, 'utf8');
}
