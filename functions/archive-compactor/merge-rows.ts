/**
 * The rows of a merged file. Pure.
 *
 * A row is identified by its Kafka coordinates (topic, partition, offset): the archive's
 * contract. A batch Lambda retried after bisecting it, or resumed mid-batch, wrote some
 * records twice under different keys; the copies differ only in `ingest_time`. The merged file
 * keeps one row per coordinate, the copy with the earliest `ingest_time` (the one the
 * deduplicating views also pick, so a query reads the same rows before and after a merge), and
 * orders rows by coordinates so row-group statistics on `partition` and `offset` are tight.
 */

import type { ArchiveRow } from '../lib/parquet/index.js';

export interface MergedRows {
  /** One row per coordinate, by (topic, partition, offset). */
  rows: ArchiveRow[];
  /** Rows read, copies included. */
  rowsIn: number;
  /** Copies dropped. */
  duplicates: number;
}

const compareRows = (a: ArchiveRow, b: ArchiveRow): number =>
  a.topic < b.topic
    ? -1
    : a.topic > b.topic
      ? 1
      : a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0);

/** Merges the rows of several archive files into one deduplicated, ordered list. */
export function mergeArchiveRows(files: readonly (readonly ArchiveRow[])[]): MergedRows {
  const kept = new Map<string, ArchiveRow>();
  let rowsIn = 0;
  for (const rows of files) {
    for (const row of rows) {
      rowsIn++;
      const id = `${row.topic}\u0000${row.partition}\u0000${row.offset}`;
      const seen = kept.get(id);
      if (seen === undefined || row.ingestTime < seen.ingestTime) kept.set(id, row);
    }
  }
  const rows = [...kept.values()].sort(compareRows);
  return { rows, rowsIn, duplicates: rowsIn - rows.length };
}
