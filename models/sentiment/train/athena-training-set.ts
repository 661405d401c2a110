/**
 * The training-set query (training-set-sql.ts) run by Amazon Athena over the archive's Glue
 * table (`<database>.raw_events`, infra/aws/constructs/archive-catalog.ts), the retrainer's
 * path on AWS: the same query text as DuckDB's, with the two relations as filters on `topic`
 * (a partition key, so Athena reads only those two topics' objects). The query is run by
 * functions/lib/athena.
 */

import { type ArchiveQueryOptions, archiveTopicRelation, runAthenaQuery } from '../../../functions/lib/athena/index.js';
import { FEEDBACK_LABELS_TOPIC } from '../../../functions/lib/feedback-labels/index.js';
import { type LabelledFeedback, trainingSetQuery } from './training-set-sql.js';

/** The training-set query as Athena runs it. */
export function athenaTrainingSetQuery(database: string, table = 'raw_events'): string {
  return trainingSetQuery({
    feedback: archiveTopicRelation(database, table, 'feedback'),
    labels: archiveTopicRelation(database, table, FEEDBACK_LABELS_TOPIC),
  });
}

/** Labelled feedback from the archive through Athena, oldest label first. */
export async function readLabelledFeedbackWithAthena(options: ArchiveQueryOptions): Promise<LabelledFeedback[]> {
  const rows = await runAthenaQuery({ ...options, query: athenaTrainingSetQuery(options.database, options.table) });
  return rows.map((row) => ({
    feedbackId: row.feedback_id ?? '',
    text: row.text ?? '',
    label: row.label === '1' ? 1 : 0,
    labelledAt: row.labelled_at ?? '',
  }));
}
