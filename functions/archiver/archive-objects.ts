/**
 * Which S3 object each archived row goes to. Pure.
 *
 * Key: `raw/topic=<topic>/dt=<YYYY-MM-DD>/part-<partition>-<firstOffset>-<lastOffset>.parquet`,
 * the date being the record timestamp's UTC date: Hive-style partitions that Athena and
 * DuckDB (`hive_partitioning`) read as columns. One object per (topic, partition, date) of a
 * batch. The key derives only from the records in it, so a retried or replayed batch writes
 * the same keys with the same rows, overwriting instead of duplicating. (A batch that Lambda
 * splits differently on a retry, by bisecting or resuming mid-batch, names its objects by
 * its own offsets; readers dedupe on (topic, partition, offset) for that case.)
 */

import type { DecodedRecord } from '../lib/kafka-event/index.js';
import type { AcceptedRecord } from '../lib/middleware/records.js';
import type { ArchiveRow } from '../lib/parquet/index.js';

/** One Parquet object to write. */
export interface ArchiveObject {
  /** Object key in the archive bucket. */
  key: string;
  /** Topic of every row. */
  topic: string;
  /** Partition of every row. */
  partition: number;
  /** UTC date (`YYYY-MM-DD`) of every row's timestamp. */
  date: string;
  /** Offset of the first row. */
  firstOffset: number;
  /** Offset of the last row. */
  lastOffset: number;
  /** Rows in offset order. */
  rows: ArchiveRow[];
  /** The records the rows came from, in the same order. */
  records: DecodedRecord[];
}

/** The `dt=` partition of a timestamp: its UTC date. */
export function archiveDate(timestamp: number): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

/** The object key for a group of rows. */
export function archiveKey(group: {
  topic: string;
  date: string;
  partition: number;
  firstOffset: number;
  lastOffset: number;
}): string {
  return `raw/topic=${group.topic}/dt=${group.date}/part-${group.partition}-${group.firstOffset}-${group.lastOffset}.parquet`;
}

/**
 * Groups accepted rows by (topic, partition, date), in the order groups first appear.
 * Rows keep batch order, which within a partition is offset order.
 */
export function archiveObjects(accepted: readonly AcceptedRecord<ArchiveRow>[]): ArchiveObject[] {
  const groups = new Map<string, Omit<ArchiveObject, 'key' | 'firstOffset' | 'lastOffset'>>();
  for (const { record, result } of accepted) {
    const date = archiveDate(record.timestamp);
    const id = `${record.topic}\u0000${record.partition}\u0000${date}`;
    let group = groups.get(id);
    if (group === undefined) {
      group = { topic: record.topic, partition: record.partition, date, rows: [], records: [] };
      groups.set(id, group);
    }
    group.rows.push(result);
    group.records.push(record);
  }
  return [...groups.values()].map((group) => {
    const firstOffset = group.records[0]!.offset;
    const lastOffset = group.records.at(-1)!.offset;
    return { ...group, firstOffset, lastOffset, key: archiveKey({ ...group, firstOffset, lastOffset }) };
  });
}
