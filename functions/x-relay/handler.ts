/**
 * x-relay: on a schedule (`relay-x` in infra/pipeline.ts; off under `npm start` unless
 * `--x-api-url` or `--schedule relay-x`), reads X for each declared query and produces each new
 * post to `feedback` as `source: "x"`: in `search` mode it polls X API v2 recent search
 * (relay-run.ts), in `stream` mode it reads the filtered stream for the run's time, one rule per
 * query (stream-run.ts). The bearer token
 * comes from Secrets Manager (`x-bearer-token`), read per invoke through the secrets cache so
 * a rotated token is picked up without a redeploy.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { dynamoDocumentClient } from '../lib/aws/index.js';
import { sourceItemDeadLetters } from '../lib/dead-letter/index.js';
import { produce } from '../lib/kafka-producer/index.js';
import { handlerLogger, handlerMetrics } from '../lib/middleware/index.js';
import { getSecret } from '../lib/secrets/index.js';
import { X_BEARER_TOKEN_SECRET, X_RELAY_FUNCTION, XRelayMode, xRelayConfig } from './config.js';
import { type XRelaySummary, xRelayRun } from './relay-run.js';
import { type XStreamSummary, xStreamRun } from './stream-run.js';

const config = xRelayConfig();
const store = { dynamo: dynamoDocumentClient(), table: config.table };
const deadLetters = sourceItemDeadLetters({ functionName: X_RELAY_FUNCTION });
const logger = handlerLogger(X_RELAY_FUNCTION);
const metrics = handlerMetrics(X_RELAY_FUNCTION);

export const handler = middy<unknown, XRelaySummary | XStreamSummary>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (_event, context) => {
    const token = (await getSecret(X_BEARER_TOKEN_SECRET)).trim();
    if (config.mode === XRelayMode.STREAM) {
      const streamed = await xStreamRun({
        store,
        apiUrl: config.apiUrl,
        queries: config.queries,
        token,
        runMs: config.runMs,
        remainingMs: () => context.getRemainingTimeInMillis(),
        backfillMinutes: config.backfillMinutes,
        produce,
        deadLetters,
        logger,
      });
      metrics.addMetric('XPostsRelayed', MetricUnit.Count, streamed.relayed);
      metrics.addMetric('XPostsDeadLettered', MetricUnit.Count, streamed.deadLettered);
      metrics.addMetric('XStreamPostsRead', MetricUnit.Count, streamed.read);
      metrics.addMetric('XStreamPostsRepeated', MetricUnit.Count, streamed.repeats);
      metrics.addMetric('XStreamReconnects', MetricUnit.Count, streamed.reconnects);
      metrics.addMetric('XStreamRulesChanged', MetricUnit.Count, streamed.rules.added + streamed.rules.deleted);
      if (streamed.outcome !== 'read') metrics.addMetric('XStreamRunsRefused', MetricUnit.Count, 1);
      return streamed;
    }
    const summary = await xRelayRun({
      store,
      apiUrl: config.apiUrl,
      queries: config.queries,
      token,
      runMs: config.runMs,
      remainingMs: () => context.getRemainingTimeInMillis(),
      produce,
      deadLetters,
      logger,
    });
    metrics.addMetric('XPostsRelayed', MetricUnit.Count, summary.relayed);
    metrics.addMetric('XPostsDeadLettered', MetricUnit.Count, summary.deadLettered);
    metrics.addMetric('XPagesRead', MetricUnit.Count, summary.pages);
    metrics.addMetric('XRateLimitWaits', MetricUnit.Count, summary.rateLimitWaits);
    metrics.addMetric('XRequestsFailed', MetricUnit.Count, summary.failedRequests);
    metrics.addMetric(
      'XQueriesDeferred',
      MetricUnit.Count,
      summary.queries.filter((q) => q.outcome === 'deferred' || q.outcome === 'out-of-time').length,
    );
    return summary;
  });
