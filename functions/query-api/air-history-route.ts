/**
 * `GET /v1/air/{location}/history?from=&to=`: per UTC day of `from`..`to` (both inclusive,
 * `YYYY-MM-DD`; default the 14 days ending today; at most `MAX_HISTORY_DAYS`):
 *
 *   { date, final, means: { <pollutant>: { mean, min, max, hours, unit } | null },
 *     usAqi: { aqi, category, dominant } | null, eaqi: { level, category, name, dominant } | null,
 *     forecast: the forecast made for that day (air-forecasts) | null }
 *
 * `means` come from the `air-<pollutant>-1d` windows (min and max are of the hourly values;
 * `hours` counts them); the day's indexes from its PM means as `indexBasis` (air-daily-index.ts)
 * says; `final` once the PM means' watermark has passed the day's end (the means will not
 * change, and the forecaster has made the next day's forecast from them). Days without
 * readings are listed with null means, so a chart's x axis has every day.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { POLLUTANTS, type Pollutant } from '../lib/air-records/index.js';
import { jsonResponse } from '../lib/http/index.js';
import { seriesOf } from '../lib/windows/schema.js';
import { DAILY_INDEX_BASIS, dailyIndex } from './air-daily-index.js';
import { addDays, DAY_MS, dateParameter, dayStart, utcDay } from './air-dates.js';
import { readForecasts } from './air-forecast-read.js';
import { locationNamed } from './air-location.js';
import { BadParameterError } from './errors.js';
import { readMetricStates } from './metric-state.js';
import type { QueryApiContext } from './options.js';
import { queryParameters } from './query-parameters.js';
import { readSeriesCounts, type SeriesWindow } from './series-counts.js';

/** Days listed when `from` is not given. */
export const DEFAULT_HISTORY_DAYS = 14;
/** Most days one request lists: a year, leap day included. */
export const MAX_HISTORY_DAYS = 366;

const dailyMetric = (pollutant: Pollutant) => `air-${pollutant}-1d`;
/** The metrics the day's indexes come from, whose watermark makes a day final. */
const INDEXED: readonly Pollutant[] = ['pm25', 'pm10'];

export async function airHistoryRoute(
  event: APIGatewayProxyEventV2,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const location = locationNamed(context.locations, event.pathParameters?.location);
  const params = queryParameters(event);
  const fromParam = dateParameter(params, 'from');
  const toParam = dateParameter(params, 'to');
  const nowMs = context.now();
  const to = toParam ?? (fromParam === undefined ? utcDay(nowMs) : addDays(fromParam, DEFAULT_HISTORY_DAYS - 1));
  const from = fromParam ?? addDays(to, -(DEFAULT_HISTORY_DAYS - 1));
  if (from > to) throw new BadParameterError('from', `from (${from}) must not be after to (${to})`);
  const days = Math.round((dayStart(to) - dayStart(from)) / DAY_MS) + 1;
  if (days > MAX_HISTORY_DAYS)
    throw new BadParameterError(
      'from',
      `from..to spans ${days} days; at most ${MAX_HISTORY_DAYS} can be listed at once`,
    );

  const { dynamo, tables } = context;
  const pollutants = POLLUTANTS.filter((p) => context.metrics[dailyMetric(p)]?.value !== undefined);
  const [windows, forecasts, states] = await Promise.all([
    Promise.all(
      pollutants.map((p) =>
        readSeriesCounts(dynamo, {
          table: tables.windows,
          series: seriesOf(dailyMetric(p), location.name),
          firstStart: dayStart(from),
          lastStart: dayStart(to),
          nowMs,
        }),
      ),
    ),
    readForecasts(dynamo, { table: tables.airForecasts, location: location.name, from, to }),
    readMetricStates(dynamo, tables.windowState, INDEXED.map(dailyMetric), nowMs),
  ]);
  const forecastOf = new Map(forecasts.map((f) => [f.date, f]));
  const watermarks = [...states.values()].map((s) => s.watermark ?? Number.NEGATIVE_INFINITY);
  const watermark = watermarks.length === 0 ? Number.NEGATIVE_INFINITY : Math.min(...watermarks);

  const list = Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i);
    const start = dayStart(date);
    const means = Object.fromEntries(
      POLLUTANTS.map((p) => {
        const at = pollutants.indexOf(p);
        const w = at === -1 ? undefined : windows[at]?.get(start);
        return [p, meanOf(w, context.metrics[dailyMetric(p)]?.value?.unit ?? '')];
      }),
    ) as Record<Pollutant, ReturnType<typeof meanOf>>;
    const index = dailyIndex({ pm25: means.pm25?.mean ?? null, pm10: means.pm10?.mean ?? null });
    return {
      date,
      final: start + DAY_MS <= watermark,
      means,
      usAqi: index.usAqi,
      eaqi: index.eaqi,
      forecast: forecastOf.get(date) ?? null,
    };
  });
  return jsonResponse(200, { location, from, to, indexBasis: DAILY_INDEX_BASIS, days: list });
}

function meanOf(
  w: SeriesWindow | undefined,
  unit: string,
): { mean: number; min: number | null; max: number | null; hours: number; unit: string } | null {
  if (w === undefined || w.count === 0 || w.sum === undefined) return null;
  return { mean: w.sum / w.count, min: w.min ?? null, max: w.max ?? null, hours: w.count, unit };
}
