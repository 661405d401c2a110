/**
 * `GET /v1/windows/{metric}?key=&from=&to=`: a metric's counts over a range of windows.
 *
 * - With `key`: `{ metric, key, from, to, watermark, windows: [{ start, end, count, final }] }`,
 *   every window start of the grid in [from, to), count 0 where the key had no records (at
 *   most 1000 windows). A numeric metric's windows also carry `mean`, `min`, `max` and `sum`
 *   of its value (null in a window without records), and the head its `unit`.
 * - Without: `{ metric, from, to, watermark, windows: [{ start, end, final, total, counts,
 *   truncated? }] }`, `total` over every key of the window and `counts` of its 100 largest
 *   (`truncated: true` when it has more); at most 120 windows, one GSI query each.
 *
 * `to` defaults to the end of the newest window's slide (the end of the newest window for
 * tumbling windows; for hopping ones, later windows would hold nothing yet), or now before
 * any record; `from` to 24 slides before `to`.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { settleConcurrently } from '../lib/concurrency/index.js';
import { jsonResponse } from '../lib/http/index.js';
import { seriesOf, windowOf } from '../lib/windows/schema.js';
import { BadParameterError } from './errors.js';
import { isoTime } from './instant.js';
import { metricNamed } from './metric-catalog.js';
import { readMetricState } from './metric-state.js';
import type { QueryApiContext } from './options.js';
import { instantParameter, queryParameters } from './query-parameters.js';
import { readSeriesCounts } from './series-counts.js';
import { readWindowKeys } from './window-keys.js';
import { windowRange } from './window-range.js';
import { latestWindowOf, windowView } from './window-view.js';

/** Most windows listed for one key. */
export const MAX_SERIES_WINDOWS = 1000;
/** Most windows listed across keys: each costs a query. */
export const MAX_WINDOWS_ACROSS_KEYS = 120;
/** Keys listed per window across keys. */
export const MAX_KEYS_PER_WINDOW = 100;
/** Longest key accepted: DynamoDB partition keys hold at most 2048 bytes, `series` prefixes the metric. */
const MAX_KEY_CHARS = 1024;

export async function windowsRoute(
  event: APIGatewayProxyEventV2,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const metric = metricNamed(context.metrics, event.pathParameters?.metric);
  const params = queryParameters(event);
  const key = params.get('key');
  if (key !== undefined && (key.length === 0 || key.length > MAX_KEY_CHARS)) {
    throw new BadParameterError('key', `key must be 1..${MAX_KEY_CHARS} characters, got ${key.length}`);
  }
  const from = instantParameter(params, 'from');
  const to = instantParameter(params, 'to');

  const nowMs = context.now();
  const { shape } = metric;
  const state = await readMetricState(context.dynamo, context.tables.windowState, metric.name, nowMs);
  const latest = latestWindowOf(state, shape);
  const range = windowRange({
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    defaultTo: latest === undefined ? nowMs : latest + shape.slideMs,
    slideMs: shape.slideMs,
    maxWindows: key === undefined ? MAX_WINDOWS_ACROSS_KEYS : MAX_SERIES_WINDOWS,
  });
  const head = {
    metric: metric.name,
    ...(key === undefined ? {} : { key }),
    from: isoTime(range.from),
    to: isoTime(range.to),
    watermark: state.watermark === undefined ? null : isoTime(state.watermark),
  };
  const [firstStart, lastStart] = [range.starts[0], range.starts.at(-1)];
  if (firstStart === undefined || lastStart === undefined) return jsonResponse(200, { ...head, windows: [] });

  if (key !== undefined) {
    const counts = await readSeriesCounts(context.dynamo, {
      table: context.tables.windows,
      series: seriesOf(metric.name, key),
      firstStart,
      lastStart,
      nowMs,
    });
    const numeric = metric.spec.value !== undefined;
    const windows = range.starts.map((start) => {
      const view = windowView(start, shape, state.watermark);
      const w = counts.get(start);
      const count = w?.count ?? 0;
      return {
        start: view.start,
        end: view.end,
        count,
        ...(numeric
          ? {
              mean: w?.sum === undefined || count === 0 ? null : w.sum / count,
              min: w?.min ?? null,
              max: w?.max ?? null,
              sum: w?.sum ?? null,
            }
          : {}),
        final: view.final,
      };
    });
    return jsonResponse(200, { ...head, ...(numeric ? { unit: metric.spec.value?.unit } : {}), windows });
  }

  const results = await settleConcurrently(range.starts, context.concurrency, (start) =>
    readWindowKeys(context.dynamo, {
      table: context.tables.windows,
      window: windowOf(metric.name, start),
      limit: MAX_KEYS_PER_WINDOW,
      whole: true,
      nowMs,
    }),
  );
  const windows = results.map((result, i) => {
    if (result.status === 'rejected') throw result.reason;
    const { top, total, liveKeys } = result.value;
    return {
      ...windowView(range.starts[i]!, shape, state.watermark),
      total,
      // fromEntries: a key such as "__proto__" stays a key instead of setting the prototype.
      counts: Object.fromEntries(top.map(({ key, count }) => [key, count])),
      ...(liveKeys > top.length ? { truncated: true } : {}),
    };
  });
  return jsonResponse(200, { ...head, windows });
}
