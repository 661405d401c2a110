import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { archiveDate, archiveKey } from '../../../functions/archiver/archive-objects.js';
import { type FeedbackLabelEvent, LABEL_SCHEMA_VERSION } from '../../../functions/lib/feedback-labels/index.js';
import { type ArchiveRow, encodeArchiveParquet } from '../../../functions/lib/parquet/index.js';

/** One record to archive: the value the producer sent, at a topic position. */
export interface ArchivedRecord {
  partition: number;
  offset: number;
  /** Event time (ms). */
  timestamp: number;
  key: string;
  value: unknown;
}

/**
 * The objects the archiver writes for a batch of `records` of `topic`: its object keys and
 * rows, one object per (partition, date). `ingestTime` tells a retried batch's copy from the first.
 */
export function archiveBatchObjects(
  topic: string,
  records: readonly ArchivedRecord[],
  ingestTime: number,
): { key: string; rows: ArchiveRow[] }[] {
  const groups = new Map<string, ArchiveRow[]>();
  for (const r of records) {
    const id = `${r.partition}/${archiveDate(r.timestamp)}`;
    const rows = groups.get(id) ?? [];
    rows.push({
      topic,
      partition: r.partition,
      offset: BigInt(r.offset),
      timestamp: r.timestamp,
      key: r.key,
      value: JSON.stringify(r.value),
      headers: [],
      ingestTime,
    });
    groups.set(id, rows);
  }
  return [...groups.values()].map((rows) => {
    const first = rows[0]!;
    const key = archiveKey({
      topic,
      date: archiveDate(first.timestamp),
      partition: first.partition,
      firstOffset: Number(first.offset),
      lastOffset: Number(rows[rows.length - 1]!.offset),
    });
    return { key, rows };
  });
}

/** Writes a batch's objects under `archiveRoot` (a directory laid out as the bucket), with the archiver's encoder. */
export async function writeArchiveBatch(
  archiveRoot: string,
  topic: string,
  records: readonly ArchivedRecord[],
  ingestTime: number,
): Promise<void> {
  for (const { key, rows } of archiveBatchObjects(topic, records, ingestTime)) {
    await mkdir(path.dirname(path.join(archiveRoot, key)), { recursive: true });
    await writeFile(path.join(archiveRoot, key), await encodeArchiveParquet(rows));
  }
}

/** A feedback record's value (functions/lib/feedback). */
export function feedbackValue(id: string, text: string, ts: number) {
  return { id, source: 'http', text, ts: new Date(ts).toISOString() };
}

/** A label event's value (functions/lib/feedback-labels). */
export function labelValue(feedbackId: string, label: 'positive' | 'negative', ts: number): FeedbackLabelEvent {
  return { schemaVersion: LABEL_SCHEMA_VERSION, feedbackId, label, source: 'api', ts: new Date(ts).toISOString() };
}
