/**
 * notification-retrier: on a schedule (infra/pipeline.ts), sends the notifications the scorer
 * recorded but could not send (Slack down, rate-limited, timing out), once each, with the
 * outbox protocol of functions/lib/notifications. The scheduled event carries nothing it needs.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { dynamoDocumentClient } from '../lib/aws/index.js';
import { handlerLogger, handlerMetrics, invocationHandler } from '../lib/middleware/index.js';
import {
  floodPolicy,
  notificationsTable,
  retryPolicy,
  slackSendBudgetMs,
  slackWebhookUrl,
} from '../lib/notifications/index.js';
import { type RetryReport, retryDueNotifications } from './retry-due.js';

/** The retrier's name in infra/pipeline.ts. */
export const NOTIFICATION_RETRIER_FUNCTION = 'notification-retrier';

const table = notificationsTable();
const retry = retryPolicy();
const flood = floodPolicy();
const slackBudgetMs = slackSendBudgetMs();
const logger = handlerLogger(NOTIFICATION_RETRIER_FUNCTION);
const metrics = handlerMetrics(NOTIFICATION_RETRIER_FUNCTION);
const dynamo = dynamoDocumentClient();

export const handler = invocationHandler<unknown, RetryReport>(async (_event, context) => {
  const report = await retryDueNotifications({
    dynamo,
    table,
    webhookUrl: slackWebhookUrl,
    retry,
    flood,
    logger,
    remainingMs: () => context.getRemainingTimeInMillis(),
    slackBudgetMs,
  });
  metrics.addMetric('NotificationsDue', MetricUnit.Count, report.due);
  metrics.addMetric('NotificationsSent', MetricUnit.Count, report.sent);
  metrics.addMetric('NotificationsDeferred', MetricUnit.Count, report.deferred);
  metrics.addMetric('NotificationsFailed', MetricUnit.Count, report.failed);
  metrics.addMetric('NotificationsDigested', MetricUnit.Count, report.digested);
  metrics.addMetric('NotificationRetryErrors', MetricUnit.Count, report.errors);
  logger.info('notification retry run done', { ...report });
  return report;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
