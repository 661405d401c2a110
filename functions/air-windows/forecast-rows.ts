/**
 * The model's feature rows for (location, closed day d) → d+1, built by the same ForecastFeed
 * as training and `tandem air forecast` (functions/lib/air-forecast), fed day by day from
 * d−6 (the oldest lag a row reads; d−1's network mean comes along) to d. Pure.
 *
 * Per location the feed gets its declared lon/lat (altitude and station type stay missing, as
 * for a station without metadata), and with day d's reading the weather forecast for d+1 when
 * one is stored. Network means are over the declared locations that have a mean that day.
 */

import { ForecastFeed, type ForecastRow, isoDate, type WeatherForecast } from '../lib/air-forecast/index.js';
import type { AirLocation } from '../lib/air-records/index.js';
import { dailyKey } from './daily-means.js';

/** Days before d whose means a row of d reads (pm10_d6, and d−1's network mean). */
export const HISTORY_DAYS = 6;

export interface ForecastRowsInput {
  locations: readonly AirLocation[];
  /** Daily mean PM10 by `dailyKey(location, day)`, from d−6 of the oldest day wanted to the newest. */
  means: ReadonlyMap<string, number>;
  /** Weather forecast by `<location>|<YYYY-MM-DD>` of the day forecast. */
  weather: ReadonlyMap<string, WeatherForecast>;
  /** The (location, closed day) pairs to make a row for. */
  wanted: readonly { location: string; day: number }[];
}

/** A row, with whether tomorrow's weather was in it. */
export interface LocatedForecastRow extends ForecastRow {
  withWeather: boolean;
}

/** Rows of the wanted pairs that have a mean on their day (no mean on d, no row: the day had no window). */
export function forecastRows(input: ForecastRowsInput): LocatedForecastRow[] {
  if (input.wanted.length === 0) return [];
  const wanted = new Set(input.wanted.map((w) => dailyKey(w.location, w.day)));
  const days = input.wanted.map((w) => w.day);
  const first = Math.min(...days) - HISTORY_DAYS;
  const last = Math.max(...days);
  const feed = new ForecastFeed();
  const rows: LocatedForecastRow[] = [];
  const keep = (closed: ForecastRow[]) => {
    for (const row of closed) {
      if (!wanted.has(dailyKey(row.station, row.day))) continue;
      rows.push({ ...row, withWeather: input.weather.has(`${row.station}|${isoDate(row.day + 1)}`) });
    }
  };
  for (let day = first; day <= last; day++) {
    for (const { name, lon, lat } of input.locations) {
      const pm10 = input.means.get(dailyKey(name, day));
      if (pm10 === undefined) continue;
      keep(feed.add({ station: name, day, pm10, lon, lat, weather: input.weather.get(`${name}|${isoDate(day + 1)}`) }));
    }
  }
  keep(feed.close());
  return rows;
}
