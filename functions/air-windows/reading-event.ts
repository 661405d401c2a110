/**
 * The event the window metrics of air-windows read (infra/pipeline.ts, `airMeans`): a validated
 * reading with each pollutant's concentration in its canonical unit under `canonical` (a record
 * may carry a gas in µg/m³ or ppb, and a mean must not mix them), joined with the weather of
 * its location and hour when that has arrived, and `weather: null` when not — a reading is
 * never held back for its weather. A pollutant air-anomalies flagged is left out of `canonical`,
 * as if not measured: the means do not count it and the AQI-now rings do not take it. Pure.
 */

import {
  type AirQualityCheck,
  type AirQualityRecord,
  canonicalConcentration,
  POLLUTANTS,
  type Pollutant,
  type WeatherRecord,
} from '../lib/air-records/index.js';

export interface ReadingEvent {
  /** Location name, the metrics' key. */
  location: string;
  /** The reading's hour, `YYYY-MM-DDTHH:00:00Z`: the metrics' event time. */
  hour: string;
  source: AirQualityRecord['source'];
  /** Each measured pollutant in its CANONICAL_UNIT (µg/m³ PM, ppb O3/NO2/SO2, ppm CO); absent when not measured or flagged. */
  canonical: Partial<Record<Pollutant, number>>;
  /** Measured pollutants left out because air-anomalies flagged them. */
  leftOut: Pollutant[];
  /** The location's weather for the reading's hour, or null when it had not arrived when the reading was processed. */
  weather: WeatherRecord | null;
}

export function readingEvent(
  reading: AirQualityRecord,
  check: AirQualityCheck,
  latestWeather: WeatherRecord | undefined,
): ReadingEvent {
  const canonical: Partial<Record<Pollutant, number>> = {};
  const leftOut: Pollutant[] = [];
  for (const p of POLLUTANTS) {
    const c = reading.readings[p];
    if (c === null) continue;
    if (check.flags[p] !== undefined) leftOut.push(p);
    else canonical[p] = canonicalConcentration(p, c);
  }
  // Only the latest hour per location is kept: weather of another hour is not this reading's.
  const weather = latestWeather !== undefined && latestWeather.hour === reading.hour ? latestWeather : null;
  return { location: reading.location, hour: reading.hour, source: reading.source, canonical, leftOut, weather };
}
