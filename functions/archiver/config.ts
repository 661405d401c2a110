import { bucketEnvName } from '../../infra/pipeline/names.js';
import { ArchiverConfigError } from './errors.js';

/** The archiver's name in infra/pipeline.ts: its dead letters are filed under it. */
export const ARCHIVER_FUNCTION = 'archiver';

/** Environment variable naming the archive bucket (`BUCKET_ARCHIVE`). */
export const ARCHIVE_BUCKET_ENV = bucketEnvName('archive');

/**
 * Largest record archived, in bytes of key, value and headers together; larger ones are
 * dead-lettered `too-large`. One row group holds a whole batch in memory several times over
 * (decoded text, column arrays, pages, compressed pages), and 1 MiB is Kafka's default
 * `max.message.bytes`, so anything larger was produced against a raised limit on purpose.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * The archiver's triggers set `reportBatchItemFailures` (infra/pipeline.ts; a test keeps the
 * two in step), so a failed object write retries its partition from that object's first
 * offset instead of the whole batch.
 */
export const REPORT_BATCH_ITEM_FAILURES = true;

/** The archive bucket from the environment; throws `ArchiverConfigError` when it is not set. */
export function archiveBucket(env: NodeJS.ProcessEnv = process.env): string {
  const bucket = env[ARCHIVE_BUCKET_ENV];
  if (!bucket) {
    throw new ArchiverConfigError(`${ARCHIVER_FUNCTION} needs ${ARCHIVE_BUCKET_ENV}: the bucket it writes Parquet to`);
  }
  return bucket;
}
