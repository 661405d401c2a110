/**
 * `GET /v1/air/{location}`: a declared location's air for a rider, read in parallel:
 *
 * - `readings`: per pollutant the newest hourly mean, `{ value, unit, hour }` or null;
 * - `now`: from `air-now`, the NowCast-based US AQI with its category (key, EPA name, colour),
 *   dominant pollutant, the EAQI of the newest hour, the NowCasts, and the rider `advice` for
 *   that AQI; null before the location's first reading;
 * - `forecast`: the `air-forecasts` item for tomorrow, or, while tomorrow's is not made yet
 *   (it is made when today closes), the latest one not in the past (today's); its PM10, AQI,
 *   advice and reasons; null when there is none;
 * - `weather`: the latest weather record's values, or null.
 *
 * 404 naming `location` when infra/pipeline.ts does not declare it.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonResponse } from '../lib/http/index.js';
import { utcDay } from './air-dates.js';
import { readNextForecast } from './air-forecast-read.js';
import { locationNamed } from './air-location.js';
import { readAirNow } from './air-now-read.js';
import { readLatestReadings } from './air-readings-read.js';
import { readLatestWeather } from './air-weather-read.js';
import type { QueryApiContext } from './options.js';

export async function airLocationRoute(
  event: APIGatewayProxyEventV2,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const location = locationNamed(context.locations, event.pathParameters?.location);
  const nowMs = context.now();
  const today = utcDay(nowMs);
  const { dynamo, tables } = context;
  const [readings, now, forecast, weather] = await Promise.all([
    readLatestReadings(dynamo, { table: tables.windows, location: location.name, metrics: context.metrics, nowMs }),
    readAirNow(dynamo, tables.airNow, location.name),
    readNextForecast(dynamo, {
      table: tables.airForecasts,
      location: location.name,
      today,
    }),
    readLatestWeather(dynamo, tables.airWeather, location.name),
  ]);
  return jsonResponse(200, { location, readings, now, forecast, weather });
}
