/**
 * The training-set query (training-set-sql.ts) run by DuckDB over a local copy of the archive:
 * a directory laid out as the archive bucket (`raw/topic=<topic>/dt=<date>/part-….parquet`),
 * e.g. `<data dir>/s3/<archive bucket>/` of the local runtime (whose S3 stand-in keeps each object
 * as `<key>._S3rver_object`: `objectSuffix`). DuckDB is loaded only here, with
 * `await import()`, so nothing else pays for it.
 */

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { FEEDBACK_LABELS_TOPIC } from '../../../functions/lib/feedback-labels/index.js';
import { DUCKDB_PRELUDE, type LabelledFeedback, trainingSetQuery } from './training-set-sql.js';

const FEEDBACK_TOPIC = 'feedback';

export interface ArchiveDirectory {
  /** The directory holding `raw/`. */
  root: string;
  /** What follows `.parquet` in a file's name (default none). */
  objectSuffix?: string;
}

/** Whether any Parquet file lies under `dir` (DuckDB's read_parquet fails on a glob that matches nothing). */
async function hasParquet(dir: string, suffix: string): Promise<boolean> {
  const entries = await readdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return entries.some((entry) => entry.endsWith(`.parquet${suffix}`));
}

/** `read_parquet` over one topic's Hive partitions, as a relation. */
function topicRelation(archive: Required<ArchiveDirectory>, topic: string): string {
  const glob = path
    .join(archive.root, 'raw', `topic=${topic}`, '**', `*.parquet${archive.objectSuffix}`)
    .replaceAll("'", "''");
  return `read_parquet('${glob}', hive_partitioning = true)`;
}

/** Labelled feedback of the archive in `directory` (its root path, or root and suffix), oldest label first. */
export async function readLabelledFeedback(directory: string | ArchiveDirectory): Promise<LabelledFeedback[]> {
  const archive =
    typeof directory === 'string' ? { root: directory, objectSuffix: '' } : { objectSuffix: '', ...directory };
  const topics = [FEEDBACK_TOPIC, FEEDBACK_LABELS_TOPIC];
  const present = await Promise.all(
    topics.map((t) => hasParquet(path.join(archive.root, 'raw', `topic=${t}`), archive.objectSuffix)),
  );
  if (!present.every(Boolean)) return [];

  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(DUCKDB_PRELUDE);
    const sql = trainingSetQuery({
      feedback: topicRelation(archive, FEEDBACK_TOPIC),
      labels: topicRelation(archive, FEEDBACK_LABELS_TOPIC),
    });
    const reader = await connection.runAndReadAll(sql);
    return (reader.getRowObjectsJson() as Record<string, unknown>[]).map((row) => ({
      feedbackId: String(row.feedback_id),
      text: String(row.text),
      label: Number(row.label) === 1 ? 1 : 0,
      labelledAt: String(row.labelled_at),
    }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
