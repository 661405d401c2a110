/**
 * Which S3 object each archived row goes to. Pure.
 *
 * Key: `raw/topic=<topic>/dt=<YYYY-MM-DD>[/<field>=<value>…]/part-<partition>-<firstOffset>-<lastOffset>.parquet`,
 * the date being the record timestamp's UTC date and the optional segments the topic's extra
 * partitions (archive-partitions.ts; `server_name=` for `wiki-changes`): Hive-style partitions
 * that Athena and DuckDB (`hive_partitioning`) read as columns. One object per (topic,
 * partition, date, extra partition values) of a batch. The key derives only from the records
 * in it, so a retried or replayed batch writes the same keys with the same rows, overwriting
 * instead of duplicating. (A batch that Lambda splits differently on a retry, by bisecting or
 * resuming mid-batch, names its objects by its own offsets; readers dedupe on (topic,
 * partition, offset) for that case.)
 */

import type { DecodedRecord } from '../lib/kafka-event/index.js';
import type { AcceptedRecord } from '../lib/middleware/records.js';
import type { ArchiveRow } from '../lib/parquet/index.js';
import { type ArchivePartition, type ArchivePartitionFields, archivePartitions } from './archive-partitions.js';

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
  /** The topic's extra partitions after `dt=`, the same for every row (none for most topics). */
  partitions: readonly ArchivePartition[];
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
  partitions?: readonly ArchivePartition[];
  partition: number;
  firstOffset: number;
  lastOffset: number;
}): string {
  const extra = (group.partitions ?? []).map((p) => `${p.name}=${p.value}/`).join('');
  return `raw/topic=${group.topic}/dt=${group.date}/${extra}part-${group.partition}-${group.firstOffset}-${group.lastOffset}.parquet`;
}

/**
 * Groups accepted rows by (topic, partition, date, extra partition values), in the order
 * groups first appear. Rows keep batch order, which within a partition is offset order.
 */
export function archiveObjects(
  accepted: readonly AcceptedRecord<ArchiveRow>[],
  partitionFields: ArchivePartitionFields = {},
): ArchiveObject[] {
  const groups = new Map<string, Omit<ArchiveObject, 'key' | 'firstOffset' | 'lastOffset'>>();
  for (const { record, result } of accepted) {
    const date = archiveDate(record.timestamp);
    const partitions = archivePartitions(partitionFields[record.topic] ?? [], result.value);
    const id = [record.topic, record.partition, date, ...partitions.map((p) => p.value)].join('\u0000');
    let group = groups.get(id);
    if (group === undefined) {
      group = { topic: record.topic, partition: record.partition, date, partitions, rows: [], records: [] };
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
