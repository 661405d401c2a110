/**
 * Reading a decoded record's value and headers as text or JSON. Bytes that are not UTF-8
 * are an error, never replaced with U+FFFD, so a corrupt record is dead-lettered instead of
 * being processed as something it never said.
 */

import { KafkaRecordContentError } from './errors.js';
import type { DecodedRecord } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The record's value as UTF-8 text; throws `KafkaRecordContentError` for a tombstone or invalid UTF-8. */
export function valueAsString(record: DecodedRecord): string {
  if (record.value === null) {
    throw new KafkaRecordContentError(
      record.coordinates,
      `${record.coordinates} has no value (a tombstone), expected UTF-8 text`,
    );
  }
  return decodeUtf8(record.value, record.coordinates, 'value');
}

/** The record's value parsed as JSON; throws `KafkaRecordContentError` when it is not UTF-8 JSON. */
export function valueAsJson(record: DecodedRecord): unknown {
  const text = valueAsString(record);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KafkaRecordContentError(
      record.coordinates,
      `${record.coordinates} value is not valid JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The value of header `name` as UTF-8 text, or undefined when the record has no such header.
 * A repeated name answers with its last value, like Kafka's `Headers.lastHeader`.
 * Throws `KafkaRecordContentError` when the value is not UTF-8.
 */
export function headerString(record: DecodedRecord, name: string): string | undefined {
  for (let i = record.headers.length - 1; i >= 0; i--) {
    const header = record.headers[i]!;
    if (header.key === name) return decodeUtf8(header.value, record.coordinates, `header ${JSON.stringify(name)}`);
  }
  return undefined;
}

function decodeUtf8(bytes: Uint8Array, coordinates: string, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new KafkaRecordContentError(coordinates, `${coordinates} ${what} is not valid UTF-8`, { cause: error });
  }
}
