/**
 * label-store: `feedback-labels` records → the latest label per feedback id in the
 * `feedback-labels` table, whatever order labels are delivered or replayed in (label-table.ts).
 * The query API joins it onto the feedback it reads. Invalid records are dead-lettered with
 * their reason.
 */

import { dynamoDocumentClient } from '../lib/aws/index.js';
import { handlerMetrics, kafkaHandler } from '../lib/middleware/index.js';
import { feedbackLabelsTable, LABEL_STORE_FUNCTION, REPORT_BATCH_ITEM_FAILURES } from './config.js';
import { labelStoreBatch } from './label-batch.js';

const metrics = handlerMetrics(LABEL_STORE_FUNCTION);

export const handler = kafkaHandler(
  labelStoreBatch({ store: { dynamo: dynamoDocumentClient(), table: feedbackLabelsTable() }, metrics }),
  { functionName: LABEL_STORE_FUNCTION, reportBatchItemFailures: REPORT_BATCH_ITEM_FAILURES, metrics },
);
