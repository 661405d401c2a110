/**
 * `GET /v1/advice?lat=&lon=`: the declared location nearest to a point (great-circle distance,
 * great-circle.ts) and its rider advice now and for the next forecast day:
 *
 *   { query: { lat, lon }, location: { name, lat, lon, description }, distanceKm,
 *     now: { hour, usAqi, category, advice } | null,
 *     forecast: { date, pm10, usAqi, category, advice, reasons } | null }
 *
 * `lat` (−90..90) and `lon` (−180..180) are required decimal degrees; anything else is a 400
 * naming the parameter. The nearest location may be far: `distanceKm` says how far, so a
 * client can judge whether its air is the caller's.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError, jsonResponse } from '../lib/http/index.js';
import { utcDay } from './air-dates.js';
import { readNextForecast } from './air-forecast-read.js';
import { declaredLocations } from './air-location.js';
import { readAirNow } from './air-now-read.js';
import { BadParameterError } from './errors.js';
import { greatCircleKm } from './great-circle.js';
import type { QueryApiContext } from './options.js';
import { type QueryParameters, queryParameters, quote } from './query-parameters.js';

/** Plain decimal degrees: no exponent, no hex, no spaces, at most 12 decimals (far below a millimetre). */
const DECIMAL = /^[+-]?\d{1,3}(\.\d{1,12})?$/;

export async function adviceRoute(
  event: APIGatewayProxyEventV2,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const params = queryParameters(event);
  const point = { lat: degrees(params, 'lat', 90), lon: degrees(params, 'lon', 180) };
  const locations = declaredLocations(context.locations);
  let nearest: { location: (typeof locations)[number]; km: number } | undefined;
  for (const location of locations) {
    const km = greatCircleKm(point, location);
    if (nearest === undefined || km < nearest.km) nearest = { location, km };
  }
  if (nearest === undefined) throw new HttpError(404, 'not_found', 'no air-quality locations are declared');

  const { dynamo, tables } = context;
  const today = utcDay(context.now());
  const [now, forecast] = await Promise.all([
    readAirNow(dynamo, tables.airNow, nearest.location.name),
    readNextForecast(dynamo, {
      table: tables.airForecasts,
      location: nearest.location.name,
      today,
    }),
  ]);
  return jsonResponse(200, {
    query: point,
    location: nearest.location,
    // To 10 m: more digits would claim a precision the sphere does not have.
    distanceKm: Math.round(nearest.km * 100) / 100,
    now: now === null ? null : { hour: now.hour, usAqi: now.usAqi, category: now.category, advice: now.advice },
    forecast:
      forecast === null
        ? null
        : {
            date: forecast.date,
            pm10: forecast.pm10,
            usAqi: forecast.usAqi,
            category: forecast.category,
            advice: forecast.advice,
            reasons: forecast.reasons,
          },
  });
}

/** A required coordinate in decimal degrees within ±`limit`. */
function degrees(params: QueryParameters, name: 'lat' | 'lon', limit: number): number {
  const text = params.get(name);
  const bad = (got: string) =>
    new BadParameterError(name, `${name} must be decimal degrees in -${limit}..${limit}, got ${got}`);
  if (text === undefined) throw bad('nothing');
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!(Math.abs(value) <= limit)) throw bad(quote(text));
  return value;
}
