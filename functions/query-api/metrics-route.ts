/**
 * `GET /v1/metrics`: every metric infra/pipeline.ts declares, with its watermark and newest
 * window from its `window-state` item (one BatchGetItem for all):
 * `{ metrics: [{ name, description, topic, key, filter, value, window: { type, sizeSeconds,
 * slideSeconds }, allowedLatenessSeconds, idlePartitionTimeoutSeconds, maxFutureSeconds,
 * retentionDays, watermark, latestWindow, leftOut: { late, future } }] }`. `leftOut` counts
 * the records the metric's function received but left out of the counts (each once, replays
 * included), so counts + leftOut reconcile with what the topic delivered.
 */

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonResponse } from '../lib/http/index.js';
import { isoTime } from './instant.js';
import { metricNamed } from './metric-catalog.js';
import { readMetricStates } from './metric-state.js';
import type { QueryApiContext } from './options.js';
import { latestWindowOf, windowView } from './window-view.js';

export async function metricsRoute(
  _event: unknown,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const names = Object.keys(context.metrics);
  const states = await readMetricStates(context.dynamo, context.tables.windowState, names, context.now());
  const metrics = names.map((name) => {
    const { spec, shape } = metricNamed(context.metrics, name);
    const state = states.get(name) ?? {};
    const latest = latestWindowOf(state, shape);
    return {
      name,
      description: spec.description,
      topic: spec.topic,
      key: spec.key,
      filter: spec.filter ?? null,
      value: spec.value ?? null,
      window: {
        type: shape.slideMs === shape.sizeMs ? 'tumbling' : 'hopping',
        sizeSeconds: shape.sizeMs / 1000,
        slideSeconds: shape.slideMs / 1000,
      },
      allowedLatenessSeconds: spec.allowedLatenessSeconds,
      idlePartitionTimeoutSeconds: spec.idlePartitionTimeoutSeconds,
      maxFutureSeconds: spec.maxFutureSeconds,
      retentionDays: spec.retentionDays,
      watermark: state.watermark === undefined ? null : isoTime(state.watermark),
      latestWindow: latest === undefined ? null : windowView(latest, shape, state.watermark),
      leftOut: { late: state.lateRecords ?? 0, future: state.futureRecords ?? 0 },
    };
  });
  return jsonResponse(200, { metrics });
}
