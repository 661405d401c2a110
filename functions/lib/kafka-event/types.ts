/**
 * The Kafka event shapes AWS Lambda delivers (MSK and self-managed Apache Kafka event
 * source mappings), and the decoded form handlers work with.
 *
 * Wire format (https://docs.aws.amazon.com/lambda/latest/dg/with-msk.html):
 *   { eventSource: "aws:kafka" | "SelfManagedKafka", eventSourceArn (MSK only), bootstrapServers,
 *     records: { "<topic>-<partition>": [ { topic, partition, offset, timestamp, timestampType,
 *       key? (base64), value? (base64; absent or null for a tombstone),
 *       headers: [ { "<name>": [signed Java bytes] } ] } ] } }
 */

/** Which kind of event source mapping produced an event. */
export const KafkaEventSource = {
  /** Amazon MSK (provisioned or serverless). */
  MSK: 'aws:kafka',
  /** A self-managed Apache Kafka cluster (including Kafka-compatible services). */
  SELF_MANAGED: 'SelfManagedKafka',
} as const;
export type KafkaEventSource = (typeof KafkaEventSource)[keyof typeof KafkaEventSource];

/** What a record's timestamp means (Kafka's `message.timestamp.type` of the topic). */
export const TimestampType = {
  /** Set by the producer when it created the record. */
  CREATE_TIME: 'CREATE_TIME',
  /** Set by the broker when it appended the record to the log. */
  LOG_APPEND_TIME: 'LOG_APPEND_TIME',
} as const;
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];

/** One header as Lambda sends it: exactly one name mapped to the value's bytes as signed Java bytes (-128..127). */
export type RawKafkaHeader = Record<string, number[]>;

/** One record as Lambda sends it. */
export interface RawKafkaRecord {
  /** Topic the record was read from. */
  topic: string;
  /** Partition the record was read from. */
  partition: number;
  /** Offset of the record within its partition. */
  offset: number;
  /** Record timestamp, epoch milliseconds. */
  timestamp: number;
  /** Whether `timestamp` was set by the producer or by the broker. */
  timestampType: TimestampType;
  /** Record key, base64; absent (or null) when the record has no key. */
  key?: string | null;
  /** Record value, base64; absent (or null) for a tombstone. */
  value?: string | null;
  /** Record headers in log order, one single-name object each; a name may repeat. */
  headers: RawKafkaHeader[];
}

/** Records of one event, keyed `"<topic>-<partition>"`, each list in offset order. */
export type RawKafkaRecords = Record<string, RawKafkaRecord[]>;

/** The event an Amazon MSK trigger invokes a function with. */
export interface MskEvent {
  /** Always `aws:kafka`. */
  eventSource: typeof KafkaEventSource.MSK;
  /** ARN of the MSK cluster. */
  eventSourceArn: string;
  /** Comma-separated `host:port` list of the cluster's brokers. */
  bootstrapServers: string;
  /** The batch, keyed `"<topic>-<partition>"`. */
  records: RawKafkaRecords;
}

/** The event a self-managed Apache Kafka trigger invokes a function with. */
export interface SelfManagedKafkaEvent {
  /** Always `SelfManagedKafka`. */
  eventSource: typeof KafkaEventSource.SELF_MANAGED;
  /** Comma-separated `host:port` list of the cluster's brokers. */
  bootstrapServers: string;
  /** The batch, keyed `"<topic>-<partition>"`. */
  records: RawKafkaRecords;
}

/** Either Kafka event shape. */
export type KafkaEvent = MskEvent | SelfManagedKafkaEvent;

/** One record header, decoded. */
export interface KafkaHeader {
  /** Header name (Kafka header keys are strings). */
  key: string;
  /** Header value bytes. */
  value: Buffer;
}

/** One record, decoded. */
export interface DecodedRecord {
  /** Topic the record was read from. */
  topic: string;
  /** Partition the record was read from. */
  partition: number;
  /** Offset within the partition; always a safe integer (offsets above 2^53 - 1 are rejected). */
  offset: number;
  /** Record timestamp, epoch milliseconds. */
  timestamp: number;
  /** Whether `timestamp` was set by the producer or by the broker. */
  timestampType: TimestampType;
  /** Key bytes, or null when the record has no key. */
  key: Buffer | null;
  /** Value bytes, or null for a tombstone. */
  value: Buffer | null;
  /** Headers in log order; duplicates are kept. */
  headers: KafkaHeader[];
  /** `"<topic>-<partition>@<offset>"`: names the record in logs, dead letters and idempotency keys. */
  coordinates: string;
}

/** An event, decoded. */
export interface DecodedEvent {
  /** Which kind of event source mapping produced the event. */
  source: KafkaEventSource;
  /** ARN of the MSK cluster; absent for self-managed Kafka. */
  eventSourceArn?: string;
  /** The cluster's brokers, `host:port` each. */
  bootstrapServers: string[];
  /** Every record: partitions in the order the event lists them, each partition's records in offset order. */
  records: DecodedRecord[];
  /** The event's `"<topic>-<partition>"` keys, in the order the event lists them. */
  partitions: string[];
}

/** A topic partition, as named by a `"<topic>-<partition>"` key. */
export interface TopicPartition {
  /** Topic name. */
  topic: string;
  /** Partition number. */
  partition: number;
}

/** Where a record sits in Kafka. */
export interface RecordPosition extends TopicPartition {
  /** Offset of the record, or null when the offset itself is what is wrong with it. */
  offset: number | null;
}

/** A record the lenient decoder could not decode, with what it needs to be dead-lettered. */
export interface RejectedRecord {
  /** Where the record sits in Kafka. */
  coordinates: RecordPosition;
  /** Why it was rejected, naming the failing path (e.g. `records["orders-0"][3].value must be base64, got "@@"`). */
  reason: string;
  /**
   * The record exactly as delivered. Its topic and partition are checked; the field named
   * in `reason` does not hold what the type says.
   */
  raw: RawKafkaRecord;
}

/** A decoded event whose undecodable records were set aside instead of failing the batch. */
export interface LenientDecodedEvent extends DecodedEvent {
  /** Records that could not be decoded, in event order. `records.length + rejected.length` is the input count. */
  rejected: RejectedRecord[];
}

/** One header to encode. */
export interface KafkaHeaderInput {
  /** Header name. */
  key: string;
  /** Header value: bytes, or a string encoded as UTF-8. */
  value: Uint8Array | string;
}

/** One record to encode. */
export interface KafkaRecordInput {
  /** Topic name (Kafka's legal characters: letters, digits, `.`, `_`, `-`). */
  topic: string;
  /** Partition number. */
  partition: number;
  /** Offset; must increase within a partition. */
  offset: number;
  /** Record timestamp, epoch milliseconds. */
  timestamp: number;
  /** Default `CREATE_TIME`. */
  timestampType?: TimestampType;
  /** Key: bytes, a string encoded as UTF-8, or null/absent for no key. */
  key?: Uint8Array | string | null;
  /** Value: bytes, a string encoded as UTF-8, or null/absent for a tombstone. */
  value?: Uint8Array | string | null;
  /** Headers in order; a name may repeat. Default none. */
  headers?: readonly KafkaHeaderInput[];
}

/** An event to encode. */
export interface KafkaEventInput {
  /** Default `aws:kafka`. */
  source?: KafkaEventSource;
  /** MSK cluster ARN; only for `aws:kafka`, where it defaults to a placeholder ARN of a local cluster. */
  eventSourceArn?: string;
  /** The cluster's brokers: `host:port` entries, as a list or comma-separated. */
  bootstrapServers: string | readonly string[];
  /** Records in delivery order; they may mix partitions. */
  records: readonly KafkaRecordInput[];
}
