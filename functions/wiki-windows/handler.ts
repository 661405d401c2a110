/**
 * wiki-windows: Wikimedia recentchange events (`wiki-changes`, canaries filtered out by the
 * trigger) → edits per user and per wiki in 10-minute event-time windows with a 10-minute
 * watermark (the `metrics` of infra/pipeline.ts this function applies), counted effectively
 * once in DynamoDB. Invalid and late events are dead-lettered with their reason.
 */

import { pipeline } from '../../infra/pipeline.js';
import { dynamoDocumentClient } from '../lib/aws/index.js';
import { handlerMetrics, kafkaHandler } from '../lib/middleware/index.js';
import { metricsOf, windowCounter, windowTables } from '../lib/windows/index.js';
import { REPORT_BATCH_ITEM_FAILURES, WIKI_WINDOWS_FUNCTION } from './config.js';
import { countWikiBatch } from './count-batch.js';

const metrics = handlerMetrics(WIKI_WINDOWS_FUNCTION);
const counter = windowCounter({
  dynamo: dynamoDocumentClient(),
  ...windowTables(),
  metrics: metricsOf(pipeline, WIKI_WINDOWS_FUNCTION),
});

export const handler = kafkaHandler(countWikiBatch({ counter, metrics }), {
  functionName: WIKI_WINDOWS_FUNCTION,
  reportBatchItemFailures: REPORT_BATCH_ITEM_FAILURES,
  metrics,
});
