/**
 * The training-set query (training-set-sql.ts) run by DuckDB over a local copy of the archive:
 * a directory laid out as the archive bucket (`raw/topic=<topic>/dt=<date>/part-….parquet`),
 * e.g. `<data dir>/s3/<archive bucket>/` of the local runtime. DuckDB is loaded only here, with
 * `await import()`, so nothing else pays for it.
 */

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { FEEDBACK_LABELS_TOPIC } from '../../../functions/lib/feedback-labels/index.js';
import { DUCKDB_PRELUDE, type LabelledFeedback, trainingSetQuery } from './training-set-sql.js';

const FEEDBACK_TOPIC = 'feedback';

/** Whether any Parquet file lies under `dir` (DuckDB's read_parquet fails on a glob that matches nothing). */
async function hasParquet(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return entries.some((entry) => entry.endsWith('.parquet'));
}

/** `read_parquet` over one topic's Hive partitions, as a relation. */
function topicRelation(archiveRoot: string, topic: string): string {
  const glob = path.join(archiveRoot, 'raw', `topic=${topic}`, '**', '*.parquet').replaceAll("'", "''");
  return `read_parquet('${glob}', hive_partitioning = true)`;
}

/** Labelled feedback of the archive under `archiveRoot`, oldest label first. */
export async function readLabelledFeedback(archiveRoot: string): Promise<LabelledFeedback[]> {
  const topics = [FEEDBACK_TOPIC, FEEDBACK_LABELS_TOPIC];
  const present = await Promise.all(topics.map((t) => hasParquet(path.join(archiveRoot, 'raw', `topic=${t}`))));
  if (!present.every(Boolean)) return [];

  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(DUCKDB_PRELUDE);
    const sql = trainingSetQuery({
      feedback: topicRelation(archiveRoot, FEEDBACK_TOPIC),
      labels: topicRelation(archiveRoot, FEEDBACK_LABELS_TOPIC),
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
