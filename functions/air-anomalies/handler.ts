/**
 * air-anomalies: `air-quality` readings → per sensor (location × pollutant) the streaming
 * anomaly detector of functions/lib/air-anomalies, hour by hour, its state in
 * `air-anomaly-state` applied exactly once per (sensor, hour); flagged readings in
 * `air-anomalies` (kept, never dropped: the flag says to leave them out of the AQI, alerts and
 * training); the first flag of each episode in Slack `#sensor-alerts` through the outbox; every
 * reading forwarded to `air-quality-checked` with what was said of it, which air-windows reads.
 */

import { dynamoDocumentClient } from '../lib/aws/index.js';
import { produce } from '../lib/kafka-producer/index.js';
import { handlerMetrics, kafkaHandler } from '../lib/middleware/index.js';
import { slackWebhookUrl } from '../lib/notifications/index.js';
import { airAnomaliesBatch } from './anomaly-batch.js';
import { AIR_ANOMALIES_FUNCTION, airAnomaliesConfig, REPORT_BATCH_ITEM_FAILURES } from './config.js';

const metrics = handlerMetrics(AIR_ANOMALIES_FUNCTION);

export const handler = kafkaHandler(
  airAnomaliesBatch({
    config: airAnomaliesConfig(),
    dynamo: dynamoDocumentClient(),
    webhookUrl: slackWebhookUrl,
    metrics,
    produce,
  }),
  { functionName: AIR_ANOMALIES_FUNCTION, reportBatchItemFailures: REPORT_BATCH_ITEM_FAILURES, metrics },
);
