import { existsSync } from 'node:fs';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { archiveCensus } from '../functions/archive-compactor/archive-census.js';
import { compactArchive } from '../functions/archive-compactor/compact-archive.js';
import { DEFAULT_TARGET_BYTES } from '../functions/archive-compactor/config.js';
import { CompactionRunError } from '../functions/archive-compactor/errors.js';
import { LOCAL_REGION, localBucketName } from '../infra/local/provision.js';
import { S3_CREDENTIALS, startS3 } from '../infra/local/services/s3.js';

/**
 * `tandem compact`: one archive-compactor run over a local state directory's archive bucket
 * (`--data-dir`, default `.tandem`), through its own S3 stand-in on that directory, so it works
 * whether or not `npm start` is running (it must not run while the runtime's own hourly run
 * does: runs must not overlap). Prints files and rows before and after; `rowsAfter` counts
 * distinct (topic, partition, offset), since objects younger than `--older-than` keep their
 * copies until a later run.
 */
export interface CompactCommandOptions {
  dataDir: string;
  /** Settle time: merge only objects written at least this many seconds ago. */
  olderThanSeconds: number;
  json: boolean;
  out?: NodeJS.WritableStream;
}

export class CompactCommandError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CompactCommandError';
  }
}

/** What `--json` prints. */
export interface CompactSummary {
  filesBefore: number;
  filesAfter: number;
  rowsBefore: number;
  /** Distinct rows after the run. */
  rowsAfter: number;
}

export async function runCompactCommand(options: CompactCommandOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const dir = path.join(options.dataDir, 's3');
  const bucket = localBucketName('archive');
  if (!existsSync(path.join(dir, bucket))) {
    throw new CompactCommandError(`no local archive in ${options.dataDir} (run npm start first, or pass --data-dir)`);
  }
  const server = await startS3({ dir });
  const s3 = new S3Client({
    endpoint: server.endpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: S3_CREDENTIALS,
  });
  try {
    const store = { s3, bucket };
    const before = await archiveCensus(store);
    const report = await compactArchive({
      ...store,
      settleMs: options.olderThanSeconds * 1000,
      targetBytes: DEFAULT_TARGET_BYTES,
    }).catch((error: unknown) => {
      // A failed merge is said in one line; the rest of the run was done and the next run retries it.
      if (error instanceof CompactionRunError) throw new CompactCommandError(error.message, { cause: error });
      throw error;
    });
    const after = await archiveCensus(store);
    const summary: CompactSummary = {
      filesBefore: before.files,
      filesAfter: after.files,
      rowsBefore: before.rows,
      rowsAfter: after.distinctRows,
    };
    if (options.json) {
      out.write(`${JSON.stringify(summary)}\n`);
    } else {
      out.write(
        `${before.files} archive files (${before.rows} rows) → ${after.files} files (${after.distinctRows} distinct rows); ` +
          `${report.merged + report.resumed} merges, ${report.duplicatesDropped} duplicate rows dropped` +
          `${report.deferred > 0 ? `, ${report.deferred} merges left for the next run` : ''}\n`,
      );
    }
    return 0;
  } finally {
    s3.destroy();
    await server.close();
  }
}
