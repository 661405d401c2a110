/**
 * `GET /v1/top/{metric}?window=latest|final|<ISO start>&n=10`:
 * `{ metric, window: { start, end, final } | null, watermark, top: [{ key, count }] }`.
 *
 * - `latest` (the default): the newest window holding the highest event time seen.
 * - `final`: the newest window whose end the watermark has passed.
 * - an ISO start: that window; it must lie on the metric's grid (a multiple of the slide).
 *
 * Before the metric has state, `latest` and `final` name no window: `window: null, top: []`.
 * The top N comes from the `by-window` GSI read backwards with a Limit (window-keys.ts).
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonResponse } from '../lib/http/index.js';
import { windowOf } from '../lib/windows/schema.js';
import { BadParameterError } from './errors.js';
import { isoTime, parseInstant } from './instant.js';
import { metricNamed } from './metric-catalog.js';
import { readMetricState } from './metric-state.js';
import type { QueryApiContext } from './options.js';
import { integerParameter, queryParameters, quote } from './query-parameters.js';
import { readWindowKeys } from './window-keys.js';
import { latestFinalWindowOf, latestWindowOf, windowView } from './window-view.js';

/** Most keys one request may ask for. */
export const MAX_TOP = 100;
/** Keys returned when `n` is not given. */
export const DEFAULT_TOP = 10;

export async function topRoute(
  event: APIGatewayProxyEventV2,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const metric = metricNamed(context.metrics, event.pathParameters?.metric);
  const params = queryParameters(event);
  const which = params.get('window') ?? 'latest';
  let requestedStart: number | undefined;
  if (which !== 'latest' && which !== 'final') {
    requestedStart = parseInstant(which);
    if (requestedStart === undefined) {
      throw new BadParameterError(
        'window',
        `window must be latest, final or an ISO 8601 window start with a time zone, got ${quote(which)}`,
      );
    }
    if (requestedStart % metric.shape.slideMs !== 0) {
      throw new BadParameterError(
        'window',
        `window ${quote(which)} is not a window start: ${metric.name} windows start every ${metric.shape.slideMs / 1000} s from the epoch`,
      );
    }
  }
  const n = integerParameter(params, 'n', { min: 1, max: MAX_TOP, fallback: DEFAULT_TOP });

  const nowMs = context.now();
  const state = await readMetricState(context.dynamo, context.tables.windowState, metric.name, nowMs);
  const start =
    requestedStart ??
    (which === 'final' ? latestFinalWindowOf(state, metric.shape) : latestWindowOf(state, metric.shape));
  const watermark = state.watermark === undefined ? null : isoTime(state.watermark);
  if (start === undefined) return jsonResponse(200, { metric: metric.name, window: null, watermark, top: [] });

  const { top } = await readWindowKeys(context.dynamo, {
    table: context.tables.windows,
    window: windowOf(metric.name, start),
    limit: n,
    whole: false,
    nowMs,
  });
  return jsonResponse(200, {
    metric: metric.name,
    window: windowView(start, metric.shape, state.watermark),
    watermark,
    top,
  });
}
