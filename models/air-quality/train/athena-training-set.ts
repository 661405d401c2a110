/**
 * The training-set query (training-set-sql.ts) run by Amazon Athena over the archive's Glue
 * table (`<database>.raw_events`), the retrainer's path on AWS: the same query text as
 * DuckDB's, with the two relations as filters on `topic` (a partition key, so Athena reads
 * only those two topics' objects). The client is the sentiment runner's `AthenaQueryClient`
 * shape, so the retrainer passes one SDK client to both.
 */

import type { AthenaQueryClient } from '../../sentiment/train/athena-training-set.js';
import { AirAthenaQueryError } from './errors.js';
import { type ArchivedDay, archivedDayOf, CHECKED_TOPIC, trainingSetQuery, WEATHER_TOPIC } from './training-set-sql.js';

export interface AthenaArchivedDaysOptions {
  athena: AthenaQueryClient;
  /** Glue database of the archive table. */
  database: string;
  /** Table over the archive (default `raw_events`). */
  table?: string;
  /** Work group (its result location and limits apply; default: the account's primary). */
  workGroup?: string;
  /** Wait between two status polls (default 1000 ms). */
  pollMs?: number;
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The training-set query as Athena runs it. */
export function athenaTrainingSetQuery(database: string, table = 'raw_events'): string {
  const relation = (topic: string) =>
    `(SELECT * FROM ${quoted(database)}.${quoted(table)} WHERE topic = '${topic.replaceAll("'", "''")}')`;
  return trainingSetQuery({ checked: relation(CHECKED_TOPIC), weather: relation(WEATHER_TOPIC) });
}

/** Archived days through Athena, oldest first. */
export async function readArchivedDaysWithAthena(options: AthenaArchivedDaysOptions): Promise<ArchivedDay[]> {
  const { athena } = options;
  const pollMs = options.pollMs ?? 1000;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const started = await athena.startQueryExecution({
    QueryString: athenaTrainingSetQuery(options.database, options.table),
    QueryExecutionContext: { Database: options.database },
    ...(options.workGroup === undefined ? {} : { WorkGroup: options.workGroup }),
  });
  const id = started.QueryExecutionId;
  if (!id) throw new AirAthenaQueryError('Athena started no query execution');

  for (;;) {
    const status = (await athena.getQueryExecution({ QueryExecutionId: id })).QueryExecution?.Status;
    if (status?.State === 'SUCCEEDED') break;
    if (status?.State === 'FAILED' || status?.State === 'CANCELLED') {
      throw new AirAthenaQueryError(
        `Athena query ${id} ${status.State}: ${status.StateChangeReason ?? 'no reason given'}`,
      );
    }
    if (Date.now() > deadline) {
      throw new AirAthenaQueryError(`Athena query ${id} still ${status?.State} at the deadline`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }

  const days: ArchivedDay[] = [];
  let header: string[] | undefined;
  let token: string | undefined;
  do {
    const page = await athena.getQueryResults({ QueryExecutionId: id, ...(token ? { NextToken: token } : {}) });
    for (const row of page.ResultSet?.Rows ?? []) {
      // Athena gives a SQL NULL as a cell without VarCharValue: kept as null, not ''.
      const cells = (row.Data ?? []).map((d) => d.VarCharValue ?? null);
      // The first row of the first page names the columns.
      if (!header) {
        header = cells.map(String);
        continue;
      }
      days.push(archivedDayOf(Object.fromEntries(header.map((name, i) => [name, cells[i] ?? null]))));
    }
    token = page.NextToken;
  } while (token);
  return days;
}
