/**
 * air-poller: on a schedule (`air-poller` in infra/pipeline.ts, every 15 minutes on AWS; off
 * under `npm start` unless `--schedule air-poller`), polls Open-Meteo for every declared
 * location and produces `air-quality` and `weather` records (poll-run.ts). The scheduled
 * event carries nothing it needs.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { pipeline } from '../../infra/pipeline.js';
import { produce } from '../lib/kafka-producer/index.js';
import { handlerLogger, handlerMetrics } from '../lib/middleware/index.js';
import { AIR_POLLER_FUNCTION, pollerConfig } from './config.js';
import { AIR_QUALITY_TOPIC, type PollSummary, pollRun } from './poll-run.js';

const config = pollerConfig();
// The count the topic is created with (infra/pipeline.ts), bundled with the function on AWS as locally.
const airQualityPartitions = pipeline.topics[AIR_QUALITY_TOPIC]!.partitions;
const logger = handlerLogger(AIR_POLLER_FUNCTION);
const metrics = handlerMetrics(AIR_POLLER_FUNCTION);
// Open-Meteo asks for no key; a descriptive User-Agent lets its operators tell who calls.
const userAgent = `tandem-air-poller/0.1 (Open-Meteo into Kafka) Node.js/${process.versions.node}`;

export const handler = middy<unknown, PollSummary>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (_event, context) => {
    const summary = await pollRun({
      config,
      produce,
      airQualityPartitions,
      logger,
      userAgent,
      remainingMs: () => context.getRemainingTimeInMillis(),
    });
    metrics.addMetric('AirQualityRecordsProduced', MetricUnit.Count, summary.produced['air-quality']);
    metrics.addMetric('WeatherRecordsProduced', MetricUnit.Count, summary.produced.weather);
    metrics.addMetric('AirRecordsInvalid', MetricUnit.Count, summary.invalid);
    metrics.addMetric('OpenMeteoRetries', MetricUnit.Count, summary.retries);
    metrics.addMetric('OpenMeteoFailures', MetricUnit.Count, summary.failures.length);
    metrics.addMetric('AirLocationsPolled', MetricUnit.Count, summary.polled);
    return summary;
  });
