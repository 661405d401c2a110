/**
 * The archiver's step over one batch: each record → an archive row (or a dead letter with
 * its reason), rows → one Parquet object per (topic, partition, date, extra partitions),
 * objects → S3.
 */

import { batchItemFailures, type KafkaDomainHandler, mapRecords } from '../lib/middleware/index.js';
import { archiveObjects } from './archive-objects.js';
import type { ArchivePartitionFields } from './archive-partitions.js';
import { toArchiveRow } from './archive-row.js';
import { type ArchiveStore, writeArchiveObjects } from './archive-store.js';
import { MAX_RECORD_BYTES } from './config.js';

export interface ArchiveBatchOptions extends ArchiveStore {
  /** Largest record archived, in bytes (default `MAX_RECORD_BYTES`). */
  maxRecordBytes?: number;
  /** Clock for `ingest_time` (default `Date.now`); one reading per batch. */
  now?: () => number;
  /** Extra Hive partitions per topic (default none; the handler passes pipeline.ts's `archivePartitionBy`). */
  partitionFields?: ArchivePartitionFields;
}

/** Builds the archiver's domain step; returns nothing, or the partitions to resume when writes failed. */
export function archiveBatch(options: ArchiveBatchOptions): KafkaDomainHandler {
  const { s3, bucket, maxRecordBytes = MAX_RECORD_BYTES, now = () => Date.now(), partitionFields = {} } = options;
  const store: ArchiveStore = { s3, bucket };
  return async (batch, _context, { signal }) => {
    const ingestTime = now();
    const { accepted, failed } = await mapRecords(batch, (record) =>
      toArchiveRow(record, { ingestTime, maxRecordBytes }),
    );
    const unwritten = await writeArchiveObjects(batch, archiveObjects(accepted, partitionFields), store, signal);
    const retry = [...failed, ...unwritten];
    return retry.length === 0 ? undefined : batchItemFailures(retry);
  };
}
