import { decodePayload, type FilterPayload } from './payload.js';
import type { FilterableKafkaRecord } from './types.js';

/**
 * Top-level fields a Kafka filter pattern may name: the record metadata Lambda
 * puts in the event, and the key and value decoded as UTF-8 text or JSON.
 */
export const kafkaFilterFields = [
  'topic',
  'partition',
  'offset',
  'timestamp',
  'timestampType',
  'key',
  'value',
] as const;
export type KafkaFilterField = (typeof kafkaFilterFields)[number];

/** Fields of the view that hold decoded record bytes rather than metadata. */
export const kafkaPayloadFields = ['key', 'value'] as const satisfies readonly KafkaFilterField[];
export type KafkaPayloadField = (typeof kafkaPayloadFields)[number];

/** The document a Kafka filter pattern is matched against. */
export interface KafkaFilterView {
  /** Topic of the record. */
  topic: string;
  /** Partition of the record. */
  partition: number;
  /** Offset of the record. */
  offset: number;
  /** Timestamp, epoch milliseconds. */
  timestamp: number;
  /** `CREATE_TIME` or `LOG_APPEND_TIME`; absent when unknown. */
  timestampType: string | undefined;
  /** Decoded key; left absent when no pattern names `key`. */
  key: FilterPayload;
  /** Decoded value; left absent when no pattern names `value`. */
  value: FilterPayload;
}

/** Which payload fields to decode: the ones some pattern names. */
export type PayloadNeeds = Readonly<Record<KafkaPayloadField, boolean>>;

/** Builds the filter view of a record, decoding each needed payload once. */
export function kafkaFilterView(record: FilterableKafkaRecord, needs: PayloadNeeds): KafkaFilterView {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: record.timestampType,
    key: needs.key ? decodePayload(record.key) : undefined,
    value: needs.value ? decodePayload(record.value) : undefined,
  };
}
