/**
 * wiki-relay: on a schedule (`relay-wikimedia` in infra/pipeline.ts, every minute on AWS; off
 * under `npm start` unless `--wiki-stream` or `--schedule relay-wikimedia`), reads Wikimedia
 * EventStreams for `RELAY_RUN_SECONDS` and relays each recent change to `wiki-changes`, at
 * least once, resuming from the last acknowledged event (relay-run.ts). The scheduled event
 * carries nothing it needs.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { dynamoDocumentClient } from '../lib/aws/index.js';
import { produce } from '../lib/kafka-producer/index.js';
import { handlerLogger, handlerMetrics, invocationHandler } from '../lib/middleware/index.js';
import { relayConfig, WIKI_RELAY_FUNCTION } from './config.js';
import { type RelaySummary, relayRun } from './relay-run.js';

const config = relayConfig();
const store = { dynamo: dynamoDocumentClient(), table: config.table };
const logger = handlerLogger(WIKI_RELAY_FUNCTION);
const metrics = handlerMetrics(WIKI_RELAY_FUNCTION);

export const handler = invocationHandler<unknown, RelaySummary>(async (_event, context) => {
  const summary = await relayRun({
    store,
    streamUrl: config.streamUrl,
    userAgent: config.userAgent,
    runMs: config.runMs,
    remainingMs: () => context.getRemainingTimeInMillis(),
    produce,
    logger,
  });
  metrics.addMetric('WikiEventsRelayed', MetricUnit.Count, summary.relayed);
  metrics.addMetric('WikiEventsSkipped', MetricUnit.Count, summary.skipped);
  metrics.addMetric('WikiStreamReconnects', MetricUnit.Count, summary.reconnects);
  if (summary.outcome !== 'relayed') metrics.addMetric('WikiRelayRunsRefused', MetricUnit.Count, 1);
  return summary;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
