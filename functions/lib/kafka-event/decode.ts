/**
 * Decodes the Kafka events Lambda delivers: base64 keys and values to bytes, signed Java
 * header bytes to bytes. Two entry points: strict (any bad record fails the batch) and
 * lenient (a bad record is set aside with its coordinates and reason, so one poison pill
 * never blocks a partition). Both throw on a bad envelope, where no record can be trusted.
 */

import { InvalidKafkaEventError } from './errors.js';
import { fromJavaBytes } from './java-bytes.js';
import { offsetProblem } from './rules.js';
import type { DecodedEvent, DecodedRecord, LenientDecodedEvent, RawKafkaRecord, RejectedRecord } from './types.js';
import { type Envelope, forEachRecord, readEnvelope } from './validate.js';

/** Decodes an event, throwing `InvalidKafkaEventError` at the first problem anywhere in it. */
export function decodeKafkaEvent(event: unknown): DecodedEvent {
  const envelope = readEnvelope(event);
  const records: DecodedRecord[] = [];
  forEachRecord(envelope, (_partition, record, problem) => {
    if (problem !== undefined) throw new InvalidKafkaEventError(problem);
    records.push(decodeRecord(record as unknown as RawKafkaRecord));
  });
  return decodedEvent(envelope, records);
}

/**
 * Decodes an event, setting aside each record whose own content is bad (offset, timestamp,
 * base64 key or value, header bytes) as a rejection. Throws `InvalidKafkaEventError` when
 * the envelope is bad: wrong event source, records not keyed `"<topic>-<partition>"`, or a
 * record whose topic or partition disagrees with its key.
 */
export function decodeKafkaEventLenient(event: unknown): LenientDecodedEvent {
  const envelope = readEnvelope(event);
  const records: DecodedRecord[] = [];
  const rejected: RejectedRecord[] = [];
  forEachRecord(envelope, (partition, record, problem) => {
    if (problem === undefined) {
      records.push(decodeRecord(record as unknown as RawKafkaRecord));
      return;
    }
    const offset = offsetProblem(record.offset) === undefined ? (record.offset as number) : null;
    rejected.push({
      coordinates: { topic: partition.topic, partition: partition.partition, offset },
      reason: problem,
      raw: record as unknown as RawKafkaRecord,
    });
  });
  return { ...decodedEvent(envelope, records), rejected };
}

function decodedEvent(envelope: Envelope, records: DecodedRecord[]): DecodedEvent {
  return {
    source: envelope.source,
    ...(envelope.eventSourceArn === undefined ? {} : { eventSourceArn: envelope.eventSourceArn }),
    bootstrapServers: envelope.bootstrapServers.split(','),
    records,
    partitions: envelope.partitions.map((partition) => partition.key),
  };
}

/** Decodes a record the walk found valid. */
function decodeRecord(raw: RawKafkaRecord): DecodedRecord {
  return {
    topic: raw.topic,
    partition: raw.partition,
    offset: raw.offset,
    timestamp: raw.timestamp,
    timestampType: raw.timestampType,
    key: raw.key == null ? null : Buffer.from(raw.key, 'base64'),
    value: raw.value == null ? null : Buffer.from(raw.value, 'base64'),
    headers: raw.headers.map((header) => {
      const name = Object.keys(header)[0]!;
      return { key: name, value: fromJavaBytes(header[name]!) };
    }),
    coordinates: `${raw.topic}-${raw.partition}@${raw.offset}`,
  };
}
