/**
 * One compaction run over the archive bucket.
 *
 * 1. Finish every merge an earlier run left half done (a manifest under `compaction/`).
 * 2. List `raw/`, plan merges (compaction-plan.ts), and run them one at a time:
 *    put the manifest → get the inputs → merge, dropping duplicate coordinates → put the merged
 *    file → delete the inputs → delete the manifest.
 *
 * Crash-safe: at every point each row is in at least one object under `raw/`, since no input
 * is deleted before the file holding its rows is written, and a rerun finishes what the
 * manifest says. Idempotent: the output key derives from the inputs, so finishing a merge
 * twice writes the same key. Between "put merged" and "delete inputs" a reader listing the
 * partition sees some rows twice; the archive's contract (dedupe on topic, partition, offset,
 * distinct-view.ts) already covers that, as it covers the archiver's own retried batches.
 *
 * Runs must not overlap (one schedule, reserved concurrency 1 on AWS): two runs could both
 * merge an object that one of them then deletes.
 */

import { settleConcurrently } from '../lib/concurrency/index.js';
import { encodeArchiveParquet } from '../lib/parquet/index.js';
import { type ArchiveBucket, deleteObject, getObject, listObjects, objectExists, putObject } from './archive-bucket.js';
import { readArchiveParquet } from './archive-reader.js';
import { archivePartitionOf, compactionPlan, MANIFEST_PREFIX, RAW_PREFIX } from './compaction-plan.js';
import { DEFAULT_RESERVE_MS, DEFAULT_ROW_GROUP_ROWS } from './config.js';
import { CompactionConflictError, CompactionRunError } from './errors.js';
import { encodeManifest, type MergeManifest, parseManifest } from './merge-manifest.js';
import { mergeArchiveRows } from './merge-rows.js';

/** Media type of Parquet objects (the archiver's too). */
const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';

export interface CompactArchiveOptions extends ArchiveBucket {
  /** Settle time, ms: objects written later wait for the next run. */
  settleMs: number;
  /** Target size of a merged file, bytes. */
  targetBytes: number;
  /** Rows per row group of a merged file (default `DEFAULT_ROW_GROUP_ROWS`). */
  rowGroupRows?: number;
  /** Clock (default `Date.now`), read once per run. */
  now?: () => number;
  /** Time left in the invocation, ms (default: unlimited). No merge starts with less than `reserveMs` left. */
  remainingMs?: () => number;
  /** Default `DEFAULT_RESERVE_MS`. */
  reserveMs?: number;
  /** Gets and deletes in flight at once (default 8). */
  concurrency?: number;
  /** Where a run says what it did (default: nothing). */
  log?: (message: string, data?: Record<string, unknown>) => void;
}

/** What a run did. */
export interface CompactionReport {
  /** Archive objects under `raw/` when the run listed them. */
  filesListed: number;
  /** Merges left by earlier runs and finished by this one. */
  resumed: number;
  /** Merges planned and finished by this run. */
  merged: number;
  /** Planned merges left for the next run (the invocation was running out of time). */
  deferred: number;
  /** Input files read. */
  filesRead: number;
  /** Merged files written. */
  filesWritten: number;
  /** Input files deleted. */
  filesDeleted: number;
  /** Rows read from inputs, copies included. */
  rowsRead: number;
  /** Rows written. */
  rowsWritten: number;
  /** Duplicate coordinates dropped. */
  duplicatesDropped: number;
}

/** Runs one compaction; rejects with `CompactionRunError` after doing what it could when a merge failed. */
export async function compactArchive(options: CompactArchiveOptions): Promise<CompactionReport> {
  const store: ArchiveBucket = { s3: options.s3, bucket: options.bucket };
  const now = (options.now ?? Date.now)();
  const remainingMs = options.remainingMs ?? (() => Number.POSITIVE_INFINITY);
  const reserveMs = options.reserveMs ?? DEFAULT_RESERVE_MS;
  const concurrency = options.concurrency ?? 8;
  const log = options.log ?? (() => undefined);
  const report: CompactionReport = {
    filesListed: 0,
    resumed: 0,
    merged: 0,
    deferred: 0,
    filesRead: 0,
    filesWritten: 0,
    filesDeleted: 0,
    rowsRead: 0,
    rowsWritten: 0,
    duplicatesDropped: 0,
  };
  const failures: { key: string; error: unknown }[] = [];
  const blocked = new Set<string>();

  /** Throws the first rejection of a settled batch, once every call of it has ended. */
  const allOrThrow = <T>(results: PromiseSettledResult<T>[]): T[] =>
    results.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });

  /** Writes the merged file unless it exists, then deletes the inputs and the manifest. */
  async function finish(manifest: MergeManifest, manifestKey: string): Promise<void> {
    if (!(await objectExists(store, manifest.output))) {
      const files = allOrThrow(
        await settleConcurrently(manifest.inputs, concurrency, async (key) => {
          const bytes = await getObject(store, key);
          if (bytes === undefined) {
            throw new CompactionConflictError(
              manifestKey,
              `merge ${manifestKey}: input ${key} is gone and output ${manifest.output} was never written`,
            );
          }
          return readArchiveParquet(bytes, key);
        }),
      );
      report.filesRead += files.length;
      const merged = mergeArchiveRows(files);
      const body = await encodeArchiveParquet(merged.rows, {
        rowGroupSize: options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS,
      });
      await putObject(store, manifest.output, body, PARQUET_CONTENT_TYPE);
      report.filesWritten++;
      report.rowsRead += merged.rowsIn;
      report.rowsWritten += merged.rows.length;
      report.duplicatesDropped += merged.duplicates;
      log('merged file written', {
        output: manifest.output,
        inputs: manifest.inputs.length,
        rows: merged.rows.length,
        duplicates: merged.duplicates,
        bytes: body.byteLength,
      });
    }
    allOrThrow(await settleConcurrently(manifest.inputs, concurrency, (key) => deleteObject(store, key)));
    report.filesDeleted += manifest.inputs.length;
    await deleteObject(store, manifestKey);
  }

  for (const { key } of await listObjects(store, MANIFEST_PREFIX)) {
    try {
      const bytes = await getObject(store, key);
      if (bytes === undefined) continue;
      const manifest = parseManifest(Buffer.from(bytes).toString('utf8'), key);
      try {
        await finish(manifest, key);
        report.resumed++;
      } catch (error) {
        blocked.add(manifest.partition);
        throw error;
      }
    } catch (error) {
      failures.push({ key, error });
      log('left merge not finished', { manifest: key, error: (error as Error).message });
    }
  }

  const listing = await listObjects(store, RAW_PREFIX);
  report.filesListed = listing.filter((o) => archivePartitionOf(o.key) !== undefined).length;
  const plan = compactionPlan(listing, {
    now,
    settleMs: options.settleMs,
    targetBytes: options.targetBytes,
    skipPartitions: blocked,
  });
  for (const [index, merge] of plan.entries()) {
    if (remainingMs() < reserveMs) {
      report.deferred = plan.length - index;
      log('out of time; merges left for the next run', { deferred: report.deferred });
      break;
    }
    const manifest: MergeManifest = {
      version: 1,
      partition: merge.partition,
      inputs: merge.inputs,
      output: merge.output,
      plannedAt: new Date(now).toISOString(),
    };
    try {
      await putObject(store, merge.manifest, encodeManifest(manifest), 'application/json');
      await finish(manifest, merge.manifest);
      report.merged++;
    } catch (error) {
      failures.push({ key: merge.manifest, error });
      log('merge failed; the next run finishes it', { manifest: merge.manifest, error: (error as Error).message });
    }
  }
  if (failures.length > 0) throw new CompactionRunError(failures, report);
  return report;
}
