/**
 * What each field of a Kafka event must hold. A rule returns the problem as the rest of a
 * sentence whose subject is the field's path (`must be …, got …`), or undefined when the
 * value is fine. The guard and the encoder share them, so every encoded event passes the guard.
 */

import { KafkaEventSource, TimestampType } from './types.js';

/** Kafka's `Topic.LEGAL_CHARS` and its 249-character limit. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
/** Partitions are int32 in the Kafka protocol. */
export const MAX_PARTITION = 2_147_483_647;
/** `host:port`, the host a name, an IPv4 address or a bracketed IPv6 address. */
const BROKER = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/;
const MSK_CLUSTER_ARN = /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/\S+$/;
/** RFC 4648 §4 alphabet with trailing padding only; the length is checked apart. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SHOWN_CHARS = 100;

/** A short rendering of an offending value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value);
  }
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function eventSourceProblem(value: unknown): string | undefined {
  return value === KafkaEventSource.MSK || value === KafkaEventSource.SELF_MANAGED
    ? undefined
    : `must be "${KafkaEventSource.MSK}" or "${KafkaEventSource.SELF_MANAGED}", got ${describe(value)}`;
}

export function eventSourceArnProblem(value: unknown): string | undefined {
  return typeof value === 'string' && MSK_CLUSTER_ARN.test(value)
    ? undefined
    : `must be an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/…), got ${describe(value)}`;
}

export function bootstrapServersProblem(value: unknown): string | undefined {
  return typeof value === 'string' && value.split(',').every((broker) => BROKER.test(broker))
    ? undefined
    : `must be a comma-separated list of host:port, got ${describe(value)}`;
}

export function topicProblem(value: unknown): string | undefined {
  return typeof value === 'string' && TOPIC_NAME.test(value)
    ? undefined
    : `must be a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -), got ${describe(value)}`;
}

export function partitionProblem(value: unknown): string | undefined {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_PARTITION
    ? undefined
    : `must be an integer in 0..${MAX_PARTITION}, got ${describe(value)}`;
}

/** Offsets and timestamps are Java longs; past 2^53 - 1 a JavaScript number no longer holds them exactly. */
function nonNegativeSafeIntegerProblem(value: unknown, what: string): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    return `must be a non-negative ${what}, got ${describe(value)}`;
  }
  if (value > Number.MAX_SAFE_INTEGER) {
    return `must be at most 2^53 - 1 (${Number.MAX_SAFE_INTEGER}) to be exact in JavaScript, got ${describe(value)}`;
  }
  return undefined;
}

export function offsetProblem(value: unknown): string | undefined {
  return nonNegativeSafeIntegerProblem(value, 'integer');
}

export function timestampProblem(value: unknown): string | undefined {
  return nonNegativeSafeIntegerProblem(value, 'integer of epoch milliseconds');
}

export function timestampTypeProblem(value: unknown): string | undefined {
  return value === TimestampType.CREATE_TIME || value === TimestampType.LOG_APPEND_TIME
    ? undefined
    : `must be "${TimestampType.CREATE_TIME}" or "${TimestampType.LOG_APPEND_TIME}", got ${describe(value)}`;
}

/** Key and value: base64, absent or null. */
export function base64FieldProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && isStrictBase64(value) ? undefined : `must be base64, got ${describe(value)}`;
}

export function signedByteProblem(value: unknown): string | undefined {
  return Number.isInteger(value) && (value as number) >= -128 && (value as number) <= 127
    ? undefined
    : `must be an integer in -128..127 (a signed Java byte), got ${describe(value)}`;
}

/**
 * Canonical padded base64 (RFC 4648 §4): length a multiple of 4, padding only at the end,
 * and the bits the padding leaves over zero, as every encoder writes them. Node's own
 * decoder skips anything it does not understand, so it cannot be the check.
 */
export function isStrictBase64(text: string): boolean {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return false;
  if (text.endsWith('==')) return (sextet(text.charCodeAt(text.length - 3)) & 0x0f) === 0;
  if (text.endsWith('=')) return (sextet(text.charCodeAt(text.length - 2)) & 0x03) === 0;
  return true;
}

/** The 6-bit value of a base64 alphabet character (already known to be one). */
function sextet(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61 + 26;
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 52;
  return code === 0x2b ? 62 : 63;
}
