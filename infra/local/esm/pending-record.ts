import type { Message } from '@platformatic/kafka';
import {
  encodeKafkaEvent,
  type KafkaEvent,
  type KafkaEventInput,
  type KafkaRecordInput,
  partitionKey,
  type RawKafkaRecord,
  type RawKafkaRecords,
  TimestampType,
} from '../../../functions/lib/kafka-event/index.js';
import type { FilterableKafkaRecord } from '../../pipeline/filter/index.js';
import type { QueuedRecord } from './batch-assembly.js';
import { recordBytes } from './payload-size.js';

/** A record read from Kafka and accepted by the filters, until it succeeds or is given up. */
export interface PendingRecord extends QueuedRecord {
  /** `topic-partition`. */
  key: string;
  partition: number;
  offset: number;
  /** Record timestamp, epoch ms (compared with MaximumRecordAgeInSeconds). */
  timestamp: number;
  /** The record as the event carries it, encoded once when read. */
  raw: RawKafkaRecord;
  /** Invokes that carried this record so far. */
  invokes: number;
}

/**
 * The record as FilterCriteria see it. @platformatic/kafka does not expose the batch's
 * timestamp type, so every record reads as CREATE_TIME; a missing timestamp (-1, pre-0.10
 * formats) reads as 0.
 */
export function filterableRecord(message: Message): FilterableKafkaRecord {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: Number(message.offset),
    timestamp: Math.max(0, Number(message.timestamp)),
    timestampType: TimestampType.CREATE_TIME,
    key: message.key ?? null,
    value: message.value ?? null,
  };
}

/** Encodes a record with `encodeKafkaEvent`, so events hold exactly what that codec produces. */
export function pendingRecord(
  record: FilterableKafkaRecord,
  message: Message,
  envelope: Omit<KafkaEventInput, 'records'>,
  arrivedAt: number,
): PendingRecord {
  const input: KafkaRecordInput = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: record.key,
    value: record.value,
    // A null header value (allowed by Kafka) is delivered as no bytes.
    headers: [...message.headers].map(([name, value]) => ({
      key: name.toString('utf8'),
      value: value ?? Buffer.alloc(0),
    })),
  };
  const key = partitionKey(record.topic, record.partition);
  const encoded = encodeKafkaEvent({ ...envelope, records: [input] });
  const raw = encoded.records[key]![0]!;
  return {
    key,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    raw,
    bytes: recordBytes(raw),
    arrivedAt,
    invokes: 0,
  };
}

/** The invoke event of records in payload order: the envelope with records grouped by partition. */
export function eventOf(envelope: KafkaEvent, records: readonly PendingRecord[]): KafkaEvent {
  const grouped: RawKafkaRecords = {};
  for (const record of records) (grouped[record.key] ??= []).push(record.raw);
  return { ...envelope, records: grouped };
}
