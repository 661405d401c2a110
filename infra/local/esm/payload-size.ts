/**
 * Exact size of an invoke payload, added up record by record so batches can be cut at
 * Lambda's 6 MB limit without serialising every candidate batch. The payload is the
 * event's compact JSON text:
 *
 *   {"eventSource":…,"eventSourceArn":…,"bootstrapServers":…,"records":{"t-0":[r,r],"t-1":[r]}}
 *
 * so its size is the envelope with `"records":{}` plus, per partition, `"t-0":[` `]` and a
 * comma before every partition but the first, plus each record's JSON and a comma before
 * every record of a partition but the first. `eventPayloadBytes` of the encoded event gives
 * the same number (the tests hold them equal).
 */
import { eventPayloadBytes, type KafkaEvent, type RawKafkaRecord } from '../../../functions/lib/kafka-event/index.js';

/** Bytes of the event with no records at all. */
export function envelopeBytes(envelope: KafkaEvent): number {
  return eventPayloadBytes({ ...envelope, records: {} });
}

/** Bytes a partition's `"<key>":[]` entry adds, without its records and separating comma. */
export function partitionEntryBytes(key: string): number {
  return Buffer.byteLength(JSON.stringify(key), 'utf8') + 3;
}

/** Bytes one encoded record adds, without its separating comma. */
export function recordBytes(record: RawKafkaRecord): number {
  return Buffer.byteLength(JSON.stringify(record), 'utf8');
}

/** Bytes of a payload holding the given partitions' records (sizes from `recordBytes`). */
export function payloadBytes(
  envelope: number,
  partitions: readonly { key: string; records: readonly number[] }[],
): number {
  let total = envelope;
  let first = true;
  for (const { key, records } of partitions) {
    if (records.length === 0) continue;
    total += (first ? 0 : 1) + partitionEntryBytes(key) + records.length - 1;
    for (const bytes of records) total += bytes;
    first = false;
  }
  return total;
}
