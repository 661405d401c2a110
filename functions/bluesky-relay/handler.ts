/**
 * bluesky-relay: on a schedule (`relay-bluesky` in infra/pipeline.ts; off under `npm start`
 * unless `--jetstream-url` or `--schedule relay-bluesky`), reads Bluesky's public Jetstream for
 * `BLUESKY_RELAY_RUN_SECONDS` and produces the posts matching the declared keywords to
 * `feedback` as `source: "bluesky"` (relay-run.ts). Jetstream needs no key.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { dynamoDocumentClient } from '../lib/aws/index.js';
import { sourceItemDeadLetters } from '../lib/dead-letter/index.js';
import { produce } from '../lib/kafka-producer/index.js';
import { handlerLogger, handlerMetrics } from '../lib/middleware/index.js';
import { BLUESKY_RELAY_FUNCTION, blueskyRelayConfig } from './config.js';
import { type BlueskyRelaySummary, blueskyRelayRun } from './relay-run.js';

const config = blueskyRelayConfig();
const store = { dynamo: dynamoDocumentClient(), table: config.table };
const deadLetters = sourceItemDeadLetters({ functionName: BLUESKY_RELAY_FUNCTION });
const logger = handlerLogger(BLUESKY_RELAY_FUNCTION);
const metrics = handlerMetrics(BLUESKY_RELAY_FUNCTION);

export const handler = middy<unknown, BlueskyRelaySummary>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (_event, context) => {
    const summary = await blueskyRelayRun({
      store,
      jetstreamUrl: config.jetstreamUrl,
      keywords: config.keywords,
      runMs: config.runMs,
      remainingMs: () => context.getRemainingTimeInMillis(),
      produce,
      deadLetters,
      logger,
    });
    metrics.addMetric('BlueskyMessagesRead', MetricUnit.Count, summary.read);
    metrics.addMetric('BlueskyPostsRelayed', MetricUnit.Count, summary.relayed);
    metrics.addMetric('BlueskyPostsRepeated', MetricUnit.Count, summary.repeats);
    metrics.addMetric('BlueskyPostsUnmatched', MetricUnit.Count, summary.unmatched);
    metrics.addMetric('BlueskyMessagesDeadLettered', MetricUnit.Count, summary.deadLettered);
    metrics.addMetric('BlueskyReconnects', MetricUnit.Count, summary.reconnects);
    if (summary.outcome !== 'relayed') metrics.addMetric('BlueskyRelayRunsRefused', MetricUnit.Count, 1);
    return summary;
  });
