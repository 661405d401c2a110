/**
 * The training-set query (training-set-sql.ts) run by DuckDB over a local copy of the archive:
 * a directory laid out as the archive bucket (`raw/topic=<topic>/dt=<date>/part-….parquet`),
 * e.g. `<data dir>/s3/<archive bucket>/` of the local runtime (whose S3 stand-in keeps each
 * object as `<key>._S3rver_object`: `objectSuffix`). DuckDB is loaded only here, with
 * `await import()`, so nothing else pays for it.
 */

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  type ArchivedDay,
  archivedDayOf,
  CHECKED_TOPIC,
  DUCKDB_PRELUDE,
  trainingSetQuery,
  WEATHER_TOPIC,
} from './training-set-sql.js';

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

/** A relation with the archive's columns the query reads and no rows: a topic nothing was archived for yet. */
const NO_ROWS =
  '(SELECT CAST(NULL AS VARCHAR) AS "value", CAST(NULL AS TIMESTAMP) AS "timestamp", 0 AS "partition", CAST(0 AS BIGINT) AS "offset" WHERE 1 = 0)';

/** The archived days of the archive in `directory` (its root path, or root and suffix), oldest first. */
export async function readArchivedDays(directory: string | ArchiveDirectory): Promise<ArchivedDay[]> {
  const archive =
    typeof directory === 'string' ? { root: directory, objectSuffix: '' } : { objectSuffix: '', ...directory };
  const present = async (topic: string) =>
    hasParquet(path.join(archive.root, 'raw', `topic=${topic}`), archive.objectSuffix);
  if (!(await present(CHECKED_TOPIC))) return [];
  const weather = (await present(WEATHER_TOPIC)) ? topicRelation(archive, WEATHER_TOPIC) : NO_ROWS;

  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(DUCKDB_PRELUDE);
    const sql = trainingSetQuery({ checked: topicRelation(archive, CHECKED_TOPIC), weather });
    const reader = await connection.runAndReadAll(sql);
    return (reader.getRowObjectsJson() as Record<string, unknown>[]).map(archivedDayOf);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
