/**
 * The training-set query (training-set-sql.ts) run by Amazon Athena over the archive's Glue
 * table (`<database>.raw_events`, infra/aws/constructs/archive-catalog.ts), the retrainer's
 * path on AWS: the same query text as DuckDB's, with the two relations as filters on `topic`
 * (a partition key, so Athena reads only those two topics' objects).
 *
 * The client is anything with the three methods of `@aws-sdk/client-athena`'s aggregated
 * `Athena` client used here, so this file needs no SDK of its own and a test can pass a
 * stand-in that runs the query elsewhere.
 */

import { FEEDBACK_LABELS_TOPIC } from '../../../functions/lib/feedback-labels/index.js';
import { AthenaQueryError } from './errors.js';
import { type LabelledFeedback, trainingSetQuery } from './training-set-sql.js';

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

export interface AthenaTrainingSetOptions {
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
  return trainingSetQuery({ feedback: relation('feedback'), labels: relation(FEEDBACK_LABELS_TOPIC) });
}

/** Labelled feedback from the archive through Athena, oldest label first. */
export async function readLabelledFeedbackWithAthena(options: AthenaTrainingSetOptions): Promise<LabelledFeedback[]> {
  const { athena } = options;
  const pollMs = options.pollMs ?? 1000;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const started = await athena.startQueryExecution({
    QueryString: athenaTrainingSetQuery(options.database, options.table),
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

  const rows: LabelledFeedback[] = [];
  let header: string[] | undefined;
  let token: string | undefined;
  do {
    const page = await athena.getQueryResults({ QueryExecutionId: id, ...(token ? { NextToken: token } : {}) });
    for (const row of page.ResultSet?.Rows ?? []) {
      const cells = (row.Data ?? []).map((d) => d.VarCharValue ?? '');
      // The first row of the first page names the columns.
      if (!header) {
        header = cells;
        continue;
      }
      const cell = (name: string) => cells[header!.indexOf(name)] ?? '';
      rows.push({
        feedbackId: cell('feedback_id'),
        text: cell('text'),
        label: cell('label') === '1' ? 1 : 0,
        labelledAt: cell('labelled_at'),
      });
    }
    token = page.NextToken;
  } while (token);
  return rows;
}
