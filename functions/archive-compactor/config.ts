import { bucketEnvName } from '../../infra/pipeline/names.js';
import { CompactorConfigError } from './errors.js';

/** The compactor's name in infra/pipeline.ts. */
export const ARCHIVE_COMPACTOR_FUNCTION = 'archive-compactor';

/** Environment variable naming the archive bucket (`BUCKET_ARCHIVE`). */
export const ARCHIVE_BUCKET_ENV = bucketEnvName('archive');

/**
 * How long an object must have been in the archive before it is merged. An archive trigger
 * retries a failed batch for minutes, not an hour, so a settled object is no longer rewritten
 * by the archiver's retries; objects written later wait for the next run.
 */
export const DEFAULT_SETTLE_SECONDS = 3600;

/**
 * Size a merged file aims at: Athena and DuckDB read files of 100 MB–1 GB at full speed and
 * split them by row group; much larger would not fit a merge in one Lambda's memory.
 */
export const DEFAULT_TARGET_BYTES = 128 * 1024 * 1024;

/** Rows per row group of a merged file: DuckDB's own default (122,880), a few MB of archive rows. */
export const DEFAULT_ROW_GROUP_ROWS = 122_880;

/** Stop starting merges when less than this remains of the invocation; a merge takes seconds to a minute. */
export const DEFAULT_RESERVE_MS = 120_000;

/** Settings the handler reads from its environment (infra/pipeline.ts sets them from the defaults above). */
export interface CompactorSettings {
  /** Archive bucket. */
  bucket: string;
  /** Settle time in ms. */
  settleMs: number;
  /** Target size of a merged file in bytes. */
  targetBytes: number;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new CompactorConfigError(`${name} must be a number ≥ 0, got ${raw}`);
  return value;
}

/** The compactor's settings from the environment; throws `CompactorConfigError` when the bucket is not set. */
export function compactorSettings(env: NodeJS.ProcessEnv = process.env): CompactorSettings {
  const bucket = env[ARCHIVE_BUCKET_ENV];
  if (!bucket) {
    throw new CompactorConfigError(`${ARCHIVE_COMPACTOR_FUNCTION} needs ${ARCHIVE_BUCKET_ENV}: the archive bucket`);
  }
  return {
    bucket,
    settleMs: positiveNumber(env, 'COMPACTION_SETTLE_SECONDS', DEFAULT_SETTLE_SECONDS) * 1000,
    targetBytes: positiveNumber(env, 'COMPACTION_TARGET_BYTES', DEFAULT_TARGET_BYTES),
  };
}
