/**
 * One SSE event from Wikimedia EventStreams → the record relayed to `wiki-changes`, or the
 * reason it is skipped. Pure.
 *
 * Relayed: a `message` event whose data is a JSON object with a `meta` object carrying a
 * non-empty string `domain` and a string `dt` (what every Wikimedia event has, canaries
 * included: the triggers filter those). The value is the data exactly as received (re-encoding
 * parsed JSON would round the 64-bit ids the feed carries); the key is `meta.id` (the event's
 * UUID), else the SSE id; the SSE id travels in the `sse-id` header. Everything past `meta`
 * is for the consumers to validate: they dead-letter what they cannot use, with coordinates.
 */

import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
import type { SseEvent } from '../lib/sse/index.js';
import { MAX_VALUE_BYTES } from './config.js';

/** Why an event is not relayed. */
export const SkipReason = {
  /** An event type other than `message` (EventStreams sends only `message`). */
  EVENT_TYPE: 'event-type',
  /** Data over `MAX_VALUE_BYTES`. */
  TOO_LARGE: 'too-large',
  /** Data that is not JSON. */
  NOT_JSON: 'not-json',
  /** JSON that is not an object (an array, a string, null…). */
  NOT_OBJECT: 'not-object',
  /** An object without `meta.domain` (non-empty string) and `meta.dt` (string). */
  NO_META: 'no-meta',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/** Header carrying the SSE id of the event a record came from. */
export const SSE_ID_HEADER = 'sse-id';

export type RelayDecision =
  | { relay: true; record: OutgoingRecord }
  | { relay: false; reason: SkipReason; detail: string };

export function recentChangeRecord(event: SseEvent, maxValueBytes = MAX_VALUE_BYTES): RelayDecision {
  if (event.type !== 'message') return skip(SkipReason.EVENT_TYPE, `event type "${event.type.slice(0, 64)}"`);
  const value = Buffer.from(event.data, 'utf8');
  if (value.byteLength > maxValueBytes) {
    return skip(SkipReason.TOO_LARGE, `${value.byteLength} bytes, over the ${maxValueBytes} relayed`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.data);
  } catch (error) {
    return skip(SkipReason.NOT_JSON, (error as Error).message.slice(0, 200));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return skip(
      SkipReason.NOT_OBJECT,
      `JSON ${Array.isArray(parsed) ? 'array' : parsed === null ? 'null' : typeof parsed}`,
    );
  }
  const meta = (parsed as { meta?: unknown }).meta;
  const domain = isObject(meta) ? meta.domain : undefined;
  const dt = isObject(meta) ? meta.dt : undefined;
  if (typeof domain !== 'string' || domain === '' || typeof dt !== 'string') {
    return skip(SkipReason.NO_META, 'meta.domain (non-empty string) and meta.dt (string) are required');
  }
  const id = isObject(meta) && typeof meta.id === 'string' && meta.id !== '' ? meta.id : undefined;
  return {
    relay: true,
    record: {
      key: id ?? (event.lastEventId || domain),
      value,
      ...(event.lastEventId ? { headers: { [SSE_ID_HEADER]: event.lastEventId } } : {}),
    },
  };
}

function skip(reason: SkipReason, detail: string): RelayDecision {
  return { relay: false, reason, detail };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
