/**
 * Archived days (training-set-sql.ts) as the daily readings the forecast feed takes, the same
 * shape as the shipped history's: one reading per (location, day) with a daily mean on at
 * least MIN_HOURS_PER_DAY hours, its coordinates from the records (declared locations carry
 * them; altitude and station type stay missing, which the trees route as learnt), and the
 * weather of the day after as "tomorrow's forecast": the archive holds what the weather was,
 * the best stand-in for what was forecast. Pure.
 */

import {
  type DailyReading,
  dayNumber,
  isoDate,
  type WeatherForecast,
} from '../../../functions/lib/air-forecast/index.js';
import { MIN_HOURS_PER_DAY } from './retrain-config.js';
import type { ArchivedDay } from './training-set-sql.js';

/** What became of the archived days. */
export interface ArchivedReadings {
  /** One per usable (location, day), in date order. */
  readings: DailyReading[];
  /** Archived (location, day)s read. */
  days: number;
  /** Of those, days with fewer than MIN_HOURS_PER_DAY usable hours (not a daily mean). */
  partialDays: number;
  /** Hourly PM10 values the anomaly stage flagged, over all days. */
  leftOutHours: number;
}

/**
 * The feed's station id of an archived location: prefixed, so a location (a sensor owner's
 * label is free text) can never share its lags with a history station of the same id.
 */
export const archivedStation = (location: string) => `archive:${location}`;

const orUndefined = (v: number | null) => (v === null ? undefined : v);

function forecastOf(day: ArchivedDay | undefined): WeatherForecast | undefined {
  const w = day?.weather;
  if (!w) return undefined;
  return {
    temperatureC: orUndefined(w.temperatureC),
    windSpeedMs: orUndefined(w.windSpeedMs),
    precipitationMm: orUndefined(w.precipitationMm),
    humidityPct: orUndefined(w.humidityPct),
    pressureHpa: orUndefined(w.pressureHpa),
  };
}

export function archivedReadings(days: readonly ArchivedDay[]): ArchivedReadings {
  const byKey = new Map(days.map((d) => [`${d.location}|${d.date}`, d]));
  const readings: DailyReading[] = [];
  let partialDays = 0;
  let leftOutHours = 0;
  for (const d of days) {
    leftOutHours += d.leftOut;
    const day = dayNumber(d.date);
    if (day === undefined) continue;
    if (d.pm10 === null || d.hours < MIN_HOURS_PER_DAY) {
      partialDays++;
      continue;
    }
    readings.push({
      station: archivedStation(d.location),
      day,
      pm10: d.pm10,
      lat: orUndefined(d.lat),
      lon: orUndefined(d.lon),
      weather: forecastOf(byKey.get(`${d.location}|${isoDate(day + 1)}`)),
    });
  }
  readings.sort((a, b) => a.day - b.day);
  return { readings, days: days.length, partialDays, leftOutHours };
}
