/**
 * feedback-scorer: every feedback record → a sentiment score (one ONNX run per batch) → the
 * `feedback` table, and Slack when the score is below `NEGATIVE_THRESHOLD` or above
 * `POSITIVE_THRESHOLD`, once per (feedback id, channel) however often the record is delivered.
 * Stored feedback is counted per source × sentiment band in 1-minute and 1-hour event-time
 * windows. Invalid records are dead-lettered with their reason; Slack outages leave
 * notifications to the notification-retrier instead of failing or blocking the partition.
 *
 * Cold start: the published model is read (from S3 on AWS) and loaded here, at module scope,
 * so every invoke of the container reuses one inference session. Every `MODEL_CHECK_SECONDS`
 * at most, a batch first checks whether a newer model is published and swaps it in.
 */

import { pipeline } from '../../infra/pipeline.js';
import { dynamoDocumentClient } from '../lib/aws/index.js';
import { handlerLogger, handlerMetrics, kafkaHandler } from '../lib/middleware/index.js';
import { modelCheckReporter, publishedModel } from '../lib/model-store/index.js';
import { slackWebhookUrl } from '../lib/notifications/index.js';
import { liveSentimentModel, sentimentBand } from '../lib/sentiment/index.js';
import { metricsOf, windowCounter, windowTables } from '../lib/windows/index.js';
import { FEEDBACK_SCORER_FUNCTION, REPORT_BATCH_ITEM_FAILURES, scorerConfig } from './config.js';
import { scoreFeedbackBatch } from './score-batch.js';

const config = scorerConfig();
const logger = handlerLogger(FEEDBACK_SCORER_FUNCTION);
const metrics = handlerMetrics(FEEDBACK_SCORER_FUNCTION);
const sentiment = publishedModel('sentiment');
const model = await liveSentimentModel(sentiment, {
  checkIntervalMs: config.modelCheckMs,
  onCheck: modelCheckReporter(sentiment, { logger, metrics }),
});

export const handler = kafkaHandler(
  scoreFeedbackBatch({
    model,
    band: sentimentBand,
    config,
    dynamo: dynamoDocumentClient(),
    webhookUrl: slackWebhookUrl,
    metrics,
    counter: windowCounter({
      dynamo: dynamoDocumentClient(),
      ...windowTables(),
      metrics: metricsOf(pipeline, FEEDBACK_SCORER_FUNCTION),
    }),
  }),
  {
    functionName: FEEDBACK_SCORER_FUNCTION,
    reportBatchItemFailures: REPORT_BATCH_ITEM_FAILURES,
    logger,
    metrics,
  },
);
