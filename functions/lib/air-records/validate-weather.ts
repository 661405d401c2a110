/**
 * The one validator of `weather` records, shared by the poller and the consumers.
 *
 * Rules: the located-hour fields as for `air-quality` (source `open-meteo` only: no weather
 * ingest route exists); each weather value null or a finite number in its `WEATHER_RANGES`;
 * `forecastFor` null or a day forecast whose `date` is the day after `hour`'s day and whose
 * values are null or in range (precipitation up to the daily limit). A missing value reads as
 * null; at least one hourly value or the forecast must be present. Other fields are dropped.
 */

import { AirRecordValidationError } from './errors.js';
import {
  coordinatesProblem,
  dateProblem,
  type Fields,
  hourProblem,
  locationProblem,
  objectProblem,
  rangeProblem,
  schemaVersionProblem,
  sourceProblem,
} from './fields.js';
import { MAX_DAILY_PRECIPITATION_MM, WEATHER_RANGES } from './limits.js';
import {
  AIR_RECORD_SCHEMA_VERSION,
  type AirRecordProblem,
  type AirRecordSource,
  type DailyWeatherForecast,
  type WeatherRecord,
} from './types.js';

/** Hourly values of a weather record, with their units for messages. */
const HOURLY = [
  ['temperatureC', '°C'],
  ['relativeHumidityPct', '%'],
  ['windSpeedMs', 'm/s'],
  ['windDirectionDeg', 'degrees'],
  ['precipitationMm', 'mm'],
  ['pressureHpa', 'hPa'],
] as const;

/** Values of a day forecast: field, unit, and the range they are checked against. */
const DAILY = [
  ['temperatureC', '°C', WEATHER_RANGES.temperatureC],
  ['temperatureMinC', '°C', WEATHER_RANGES.temperatureC],
  ['temperatureMaxC', '°C', WEATHER_RANGES.temperatureC],
  ['humidityPct', '%', WEATHER_RANGES.relativeHumidityPct],
  ['windSpeedMs', 'm/s', WEATHER_RANGES.windSpeedMs],
  ['windSpeedMaxMs', 'm/s', WEATHER_RANGES.windSpeedMs],
  ['windDirectionDeg', 'degrees', WEATHER_RANGES.windDirectionDeg],
  ['precipitationMm', 'mm', [0, MAX_DAILY_PRECIPITATION_MM]],
  ['pressureHpa', 'hPa', WEATHER_RANGES.pressureHpa],
] as const;

/** The first problem of a would-be `weather` record, or undefined when it is valid. */
export function weatherRecordProblem(value: unknown): AirRecordProblem | undefined {
  const notObject = objectProblem(value, 'a weather record');
  if (notObject) return notObject;
  const v = value as Fields;
  const located =
    schemaVersionProblem(v) ??
    locationProblem(v) ??
    coordinatesProblem(v) ??
    hourProblem(v) ??
    sourceProblem(v, 'open-meteo');
  if (located) return located;
  for (const [field, unit] of HOURLY) {
    const [min, max] = WEATHER_RANGES[field];
    const problem = rangeProblem(v, field, min, max, unit, false);
    if (problem) return problem;
  }
  const forecast = forecastProblem(v.forecastFor, v.hour as string);
  if (forecast) return forecast;
  if (HOURLY.every(([field]) => v[field] == null) && v.forecastFor == null)
    return { field: '(body)', message: 'a weather record must hold at least one value or a forecast' };
  return undefined;
}

/** Whether `value` is a valid `weather` record (extra fields allowed). */
export function isWeatherRecord(value: unknown): value is WeatherRecord {
  return weatherRecordProblem(value) === undefined;
}

/** The record in `value`, with only its schema's fields and absent values as null; throws `AirRecordValidationError`. */
export function validateWeatherRecord(value: unknown): WeatherRecord {
  const problem = weatherRecordProblem(value);
  if (problem !== undefined) throw new AirRecordValidationError(problem);
  const v = value as Fields;
  const f = v.forecastFor as Fields | null | undefined;
  return {
    schemaVersion: AIR_RECORD_SCHEMA_VERSION,
    location: v.location as string,
    lat: v.lat as number,
    lon: v.lon as number,
    hour: v.hour as string,
    source: v.source as AirRecordSource,
    temperatureC: orNull(v.temperatureC),
    relativeHumidityPct: orNull(v.relativeHumidityPct),
    windSpeedMs: orNull(v.windSpeedMs),
    windDirectionDeg: orNull(v.windDirectionDeg),
    precipitationMm: orNull(v.precipitationMm),
    pressureHpa: orNull(v.pressureHpa),
    forecastFor:
      f == null
        ? null
        : (Object.fromEntries([
            ['date', f.date],
            ...DAILY.map(([field]) => [field, orNull(f[field])]),
          ]) as unknown as DailyWeatherForecast),
  };
}

/** The day after an hour's day, `YYYY-MM-DD`. */
export function nextDay(hour: string): string {
  return new Date(Date.parse(`${hour.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function forecastProblem(forecast: unknown, hour: string): AirRecordProblem | undefined {
  if (forecast === null || forecast === undefined) return undefined;
  const notObject = objectProblem(forecast, 'forecastFor (null or a day forecast)', 'forecastFor');
  if (notObject) return notObject;
  const f = forecast as Fields;
  const date = dateProblem(f.date, 'forecastFor.date');
  if (date) return date;
  if (f.date !== nextDay(hour))
    return {
      field: 'forecastFor.date',
      message: `forecastFor.date must be the day after the record's hour (${nextDay(hour)}), got ${f.date as string}`,
    };
  for (const [field, unit, [min, max]] of DAILY) {
    const problem = rangeProblem(f, field, min, max, unit, false, `forecastFor.${field}`);
    if (problem) return problem;
  }
  return undefined;
}

function orNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
