import { tableEnvName } from '../../infra/pipeline/names.js';
import { LabelStoreError } from './errors.js';

/** The function's name in infra/pipeline.ts: its dead letters and metrics are filed under it. */
export const LABEL_STORE_FUNCTION = 'label-store';

/** Its trigger sets `reportBatchItemFailures` (infra/pipeline.ts; a test keeps the two in step). */
export const REPORT_BATCH_ITEM_FAILURES = true;

/** Environment variable naming the `feedback-labels` table (latest label per feedback id). */
export const FEEDBACK_LABELS_TABLE_ENV = tableEnvName('feedback-labels');

/** The `feedback-labels` table's physical name from the environment infra/pipeline.ts gives the function. */
export function feedbackLabelsTable(env: NodeJS.ProcessEnv = process.env): string {
  const table = env[FEEDBACK_LABELS_TABLE_ENV];
  if (!table) throw new LabelStoreError(`${LABEL_STORE_FUNCTION} needs ${FEEDBACK_LABELS_TABLE_ENV}`);
  return table;
}
