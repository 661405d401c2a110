import { isUtf8 } from 'node:buffer';
import { isJsonObject } from './json-shape.js';

/** A record key or value as filter patterns see it. */
export type FilterPayload =
  /** The bytes are UTF-8 text holding a JSON object: patterns address its fields. */
  | Record<string, unknown>
  /** Any other UTF-8 text (JSON scalars and arrays included): patterns compare it as a string. */
  | string
  /** No bytes (null key, tombstone value) or bytes that are not UTF-8: the field is absent. */
  | undefined;

/**
 * Decodes key or value bytes the way Lambda reads them for filtering: "Kafka ...
 * messages must be UTF-8 encoded strings, either plain strings or in JSON format".
 * JSON.parse runs only when the text could be an object (first and last
 * non-blank characters are braces).
 */
export function decodePayload(bytes: Buffer | null): FilterPayload {
  if (bytes === null || !isUtf8(bytes)) return undefined;
  const text = bytes.toString('utf8');
  if (!mayBeJsonObject(text)) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : text;
  } catch {
    return text;
  }
}

function mayBeJsonObject(text: string): boolean {
  let start = 0;
  let end = text.length - 1;
  while (start <= end && isJsonBlank(text.charCodeAt(start))) start++;
  while (end > start && isJsonBlank(text.charCodeAt(end))) end--;
  return end > start && text.charCodeAt(start) === 0x7b && text.charCodeAt(end) === 0x7d;
}

function isJsonBlank(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
