/**
 * Version of the archive's row schema, written into every file's key-value
 * metadata (`tandem.archive.schema_version`). Bump it whenever a column is
 * added, removed, renamed or changes type or encoding rule, so readers of old
 * objects (retraining, Athena views) can tell the layouts apart.
 */
export const ARCHIVE_SCHEMA_VERSION = 1;

/** One `[name, value]` pair of a Kafka record header, in record order. */
export type ArchiveHeader = readonly [name: string, value: string];

/**
 * One raw Kafka record as it is archived: one Parquet row per record, exactly
 * as it arrived, before validation or enrichment.
 *
 * Byte fields become text by the rule of `archiveText`: valid UTF-8 stays as
 * it is, anything else is stored as `base64:` + base64. Values are the
 * exception: the archiver dead-letters values that are not valid UTF-8, so
 * `value` is always the decoded text.
 */
export interface ArchiveRow {
  /** Topic the record was read from. Parquet `topic`: required UTF-8 string. */
  topic: string;
  /** Partition within the topic, 0 ≤ partition < 2^31. Parquet `partition`: required INT32. */
  partition: number;
  /**
   * Offset within the partition, 0 ≤ offset < 2^63. A bigint because Kafka
   * offsets are int64. Parquet `offset`: required INT64.
   */
  offset: bigint;
  /**
   * The record's own timestamp (CreateTime or LogAppendTime, as the record
   * says), in milliseconds since the Unix epoch: the event time the archive is
   * partitioned by. Parquet `timestamp`: required TIMESTAMP(MILLIS, UTC).
   */
  timestamp: number;
  /**
   * The record key as text (see `archiveText`), or null when the record has no
   * key. Parquet `key`: optional UTF-8 string.
   */
  key: string | null;
  /** The record value, decoded as UTF-8. Parquet `value`: required UTF-8 string. */
  value: string;
  /**
   * The record headers in record order, duplicates kept, values as text (see
   * `archiveText`). Parquet `headers`: required UTF-8 string holding the JSON
   * array `[[name, value], …]` (`[]` when there are none).
   */
  headers: readonly ArchiveHeader[];
  /**
   * When the archiver handled the record, in milliseconds since the Unix
   * epoch. Parquet `ingest_time`: required TIMESTAMP(MILLIS, UTC).
   */
  ingestTime: number;
}
