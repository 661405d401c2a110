/**
 * What a dead letter holds and where it is stored. Pure functions: the sink adds S3.
 *
 * Key: `records/<function>/<topic>/<partition>/<offset>.json`. The record's coordinates are
 * the key, so dead-lettering the same record again (a retried or replayed batch) overwrites
 * the object instead of adding a second one. A record whose offset could not be decoded has
 * no coordinates to be named by; it is named by a hash of what was delivered instead
 * (`no-offset-<sha256 prefix>.json`), which is just as stable across replays.
 */

import { createHash } from 'node:crypto';
import type { KafkaHeader } from '../kafka-event/index.js';
import type { DeadLetterReason } from './reasons.js';

/** Characters of a UTF-8 preview; the base64 beside it always holds every byte. */
export const PREVIEW_CHARS = 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One record to dead-letter. */
export interface DeadLetterEntry {
  /** Topic the record was read from. */
  topic: string;
  /** Partition the record was read from. */
  partition: number;
  /** Offset of the record, or null when the offset itself is what could not be decoded. */
  offset: number | null;
  /** Why the record is dead-lettered. */
  reason: DeadLetterReason;
  /** What exactly is wrong, for a person: the failing field or rule. */
  detail: string;
  /** Record timestamp, epoch milliseconds, when known. */
  timestamp?: number;
  /** Key bytes (null: no key); left out when the record could not be decoded. */
  key?: Buffer | null;
  /** Value bytes (null: a tombstone); left out when the record could not be decoded. */
  value?: Buffer | null;
  /** Decoded headers; left out when the record could not be decoded. */
  headers?: readonly KafkaHeader[];
  /** The record exactly as delivered, for records that could not be decoded (nothing else of them is trustworthy). */
  raw?: unknown;
}

/** Bytes in a dead letter: all of them as base64, and a readable preview when they are UTF-8. */
export interface DeadLetterBytes {
  /** Every byte, base64 (RFC 4648 §4). */
  base64: string;
  /** Length in bytes. */
  bytes: number;
  /** The first `PREVIEW_CHARS` characters, present only when all the bytes are valid UTF-8. */
  utf8Preview?: string;
}

/** The JSON object stored for one dead letter. */
export interface DeadLetterDocument {
  /** Why the record is dead-lettered. */
  reason: DeadLetterReason;
  /** What exactly is wrong. */
  detail: string;
  /** Where the record sits in Kafka: replaying it means reading from here. */
  coordinates: { topic: string; partition: number; offset: number | null };
  /** The pipeline function (key of `functions` in infra/pipeline.ts) that dead-lettered it. */
  function: string;
  /** When it was dead-lettered (ISO 8601, UTC). The only field a replay changes. */
  deadLetteredAt: string;
  /** Record timestamp, epoch milliseconds, when known. */
  timestamp?: number;
  /** Key bytes, or null for no key. */
  key?: DeadLetterBytes | null;
  /** Value bytes, or null for a tombstone. */
  value?: DeadLetterBytes | null;
  /** Headers in record order. */
  headers?: { key: string; value: DeadLetterBytes }[];
  /** The record as delivered, when it could not be decoded. */
  raw?: unknown;
}

/** The object key of an entry's dead letter. */
export function deadLetterKey(functionName: string, entry: DeadLetterEntry): string {
  const prefix = `records/${functionName}/${entry.topic}/${entry.partition}`;
  if (entry.offset !== null) return `${prefix}/${entry.offset}.json`;
  const delivered = JSON.stringify({
    raw: entry.raw,
    key: entry.key?.toString('base64'),
    value: entry.value?.toString('base64'),
  });
  return `${prefix}/no-offset-${createHash('sha256').update(delivered).digest('hex').slice(0, 32)}.json`;
}

/** The document stored for an entry. */
export function deadLetterDocument(functionName: string, entry: DeadLetterEntry, now: number): DeadLetterDocument {
  return {
    reason: entry.reason,
    detail: entry.detail,
    coordinates: { topic: entry.topic, partition: entry.partition, offset: entry.offset },
    function: functionName,
    deadLetteredAt: new Date(now).toISOString(),
    ...(entry.timestamp === undefined ? {} : { timestamp: entry.timestamp }),
    ...(entry.key === undefined ? {} : { key: entry.key === null ? null : deadLetterBytes(entry.key) }),
    ...(entry.value === undefined ? {} : { value: entry.value === null ? null : deadLetterBytes(entry.value) }),
    ...(entry.headers === undefined
      ? {}
      : { headers: entry.headers.map((header) => ({ key: header.key, value: deadLetterBytes(header.value) })) }),
    ...(entry.raw === undefined ? {} : { raw: entry.raw }),
  };
}

/** Bytes as base64, with a UTF-8 preview when they are valid UTF-8. */
export function deadLetterBytes(bytes: Uint8Array): DeadLetterBytes {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = utf8Text(buffer);
  return {
    base64: buffer.toString('base64'),
    bytes: buffer.byteLength,
    ...(text === undefined ? {} : { utf8Preview: preview(text) }),
  };
}

function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The first `PREVIEW_CHARS` UTF-16 units, never ending in half of a surrogate pair. */
function preview(text: string): string {
  if (text.length <= PREVIEW_CHARS) return text;
  const end = /[\uD800-\uDBFF]/.test(text[PREVIEW_CHARS - 1]!) ? PREVIEW_CHARS - 1 : PREVIEW_CHARS;
  return text.slice(0, end);
}
