/**
 * archiver: every record of every archived topic → Parquet in the archive bucket, under
 * `raw/topic=<topic>/dt=<YYYY-MM-DD>/part-<partition>-<firstOffset>-<lastOffset>.parquet`, with
 * the topic's extra partitions after `dt=` where pipeline.ts declares them (`server_name=` for
 * `wiki-changes`).
 * Records the archive cannot hold (tombstones, values that are not UTF-8, over 1 MiB) are
 * dead-lettered with their reason; a failed object write retries its partition from there.
 */

import { pipeline } from '../../infra/pipeline.js';
import { s3Client } from '../lib/aws/index.js';
import { kafkaHandler } from '../lib/middleware/index.js';
import { archiveBatch } from './archive-batch.js';
import { archivePartitionFields } from './archive-partitions.js';
import { ARCHIVER_FUNCTION, archiveBucket, REPORT_BATCH_ITEM_FAILURES } from './config.js';

const archive = archiveBatch({
  s3: s3Client(),
  bucket: archiveBucket(),
  partitionFields: archivePartitionFields(pipeline.topics),
});

export const handler = kafkaHandler(archive, {
  functionName: ARCHIVER_FUNCTION,
  reportBatchItemFailures: REPORT_BATCH_ITEM_FAILURES,
});
