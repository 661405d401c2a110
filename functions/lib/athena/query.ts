/**
 * One Athena query from start to its last result page: start it in a workgroup, poll its state
 * until it succeeds (or fails, is cancelled, or outlives its deadline), then page through the
 * results. Each training-set runner (models/<model>/train/athena-training-set.ts) turns the
 * rows into its own type.
 *
 * The client is anything with the three methods of `@aws-sdk/client-athena`'s aggregated
 * `Athena` client used here, so this module needs no SDK of its own and a test can pass a
 * stand-in that runs the query elsewhere.
 */

import { AthenaQueryError } from './errors.js';

/** The part of `Athena` (@aws-sdk/client-athena) the runner calls. */
export interface AthenaQueryClient {
  startQueryExecution(input: {
    QueryString: string;
    WorkGroup?: string;
    QueryExecutionContext?: { Database?: string };
  }): Promise<{ QueryExecutionId?: string }>;
  getQueryExecution(input: {
    QueryExecutionId: string;
  }): Promise<{ QueryExecution?: { Status?: { State?: string; StateChangeReason?: string } } }>;
  getQueryResults(input: { QueryExecutionId: string; NextToken?: string }): Promise<{
    ResultSet?: { Rows?: { Data?: { VarCharValue?: string }[] }[] };
    NextToken?: string;
  }>;
}

export interface AthenaQueryOptions {
  athena: AthenaQueryClient;
  query: string;
  /** Database the query's unqualified names resolve in. */
  database: string;
  /** Work group (its result location and limits apply; default: the account's primary). */
  workGroup?: string;
  /** Wait between two status polls (default 1000 ms). */
  pollMs?: number;
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
}

/** A training-set query over the archive's Glue table, as each model's runner takes it. */
export interface ArchiveQueryOptions extends Omit<AthenaQueryOptions, 'query'> {
  /** Table over the archive (default `raw_events`). */
  table?: string;
}

/** A result row by column name; Athena gives a SQL NULL as a cell without VarCharValue: null here. */
export type AthenaRow = Record<string, string | null>;

export async function runAthenaQuery(options: AthenaQueryOptions): Promise<AthenaRow[]> {
  const { athena } = options;
  const pollMs = options.pollMs ?? 1000;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const started = await athena.startQueryExecution({
    QueryString: options.query,
    QueryExecutionContext: { Database: options.database },
    ...(options.workGroup === undefined ? {} : { WorkGroup: options.workGroup }),
  });
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaQueryError('Athena started no query execution');

  for (;;) {
    const status = (await athena.getQueryExecution({ QueryExecutionId: id })).QueryExecution?.Status;
    if (status?.State === 'SUCCEEDED') break;
    if (status?.State === 'FAILED' || status?.State === 'CANCELLED') {
      throw new AthenaQueryError(
        `Athena query ${id} ${status.State}: ${status.StateChangeReason ?? 'no reason given'}`,
      );
    }
    if (Date.now() > deadline) throw new AthenaQueryError(`Athena query ${id} still ${status?.State} at the deadline`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }

  const rows: AthenaRow[] = [];
  let header: string[] | undefined;
  let token: string | undefined;
  do {
    const page = await athena.getQueryResults({ QueryExecutionId: id, ...(token ? { NextToken: token } : {}) });
    for (const row of page.ResultSet?.Rows ?? []) {
      const cells = (row.Data ?? []).map((d) => d.VarCharValue ?? null);
      // The first row of the first page names the columns.
      if (!header) {
        header = cells.map(String);
        continue;
      }
      rows.push(Object.fromEntries(header.map((name, i) => [name, cells[i] ?? null])));
    }
    token = page.NextToken;
  } while (token);
  return rows;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * One topic of the archive's Glue table as a relation: a filter on `topic`, a partition key, so
 * Athena reads only that topic's objects.
 */
export function archiveTopicRelation(database: string, table: string, topic: string): string {
  return `(SELECT * FROM ${quoted(database)}.${quoted(table)} WHERE topic = '${topic.replaceAll("'", "''")}')`;
}
