/**
 * The archive read one row per record: the deduplicating views for DuckDB and Athena, written
 * once here (docs/deploy.md shows them, the CDK saves the Athena one as a named query, tests
 * and the bench run the DuckDB one).
 *
 * The archive holds a record twice when Lambda retried a batch after splitting it, and for a
 * moment while a compaction run has written a merged file but not yet deleted its inputs. Both
 * copies have the same coordinates, topic, dt and content except `ingest_time`; the views keep
 * the earliest, as the compactor does, so a query reads the same rows before, during and after
 * compaction. `dt` is in the window's PARTITION BY (copies always share it), so a filter on
 * `dt` is pushed below the window and still prunes partitions.
 */

import { ARCHIVE_COLUMNS } from '../lib/parquet/index.js';

/** Name of the view in DuckDB and in the Glue database. */
export const DISTINCT_VIEW = 'raw_events_distinct';

const quoted = (name: string) => `"${name}"`;

/** `CREATE VIEW` for DuckDB over a local copy of the archive (`glob`, e.g. `raw/topic=feedback/**\/*.parquet`). */
export function duckdbDistinctView(glob: string, view = DISTINCT_VIEW): string {
  return [
    `CREATE OR REPLACE VIEW ${view} AS`,
    `SELECT * FROM read_parquet('${glob.replaceAll("'", "''")}', hive_partitioning = true)`,
    'QUALIFY row_number() OVER (PARTITION BY topic, dt, "partition", "offset" ORDER BY ingest_time) = 1',
  ].join('\n');
}

/** `CREATE VIEW` for Athena over the Glue table `raw_events` of `database`. */
export function athenaDistinctView(database: string, table = 'raw_events', view = DISTINCT_VIEW): string {
  const columns = ['topic', 'dt', ...ARCHIVE_COLUMNS.map((c) => c.name).filter((n) => n !== 'topic')].map(quoted);
  return [
    `CREATE OR REPLACE VIEW ${database}.${view} AS`,
    `SELECT ${columns.join(', ')}`,
    'FROM (',
    `  SELECT *, row_number() OVER (PARTITION BY topic, dt, "partition", "offset" ORDER BY ingest_time) AS copy`,
    `  FROM ${database}.${table}`,
    ')',
    'WHERE copy = 1',
  ].join('\n');
}
