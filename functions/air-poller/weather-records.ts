/**
 * Forecast API series → `weather` records, one per wanted hour with at least one value, each
 * with the forecast for the next day: daily means of the hourly temperature, humidity, wind
 * speed and surface pressure (only when all 24 hours of the day are in the answer), and
 * Open-Meteo's daily minimum and maximum temperature, maximum wind, dominant wind direction
 * (a mean of directions would mean nothing) and precipitation sum.
 */

import {
  AIR_RECORD_SCHEMA_VERSION,
  type AirLocation,
  type DailyWeatherForecast,
  nextDay,
  type WeatherRecord,
} from '../lib/air-records/index.js';
import { WEATHER_DAILY_VARIABLES, WEATHER_HOURLY_VARIABLES } from './open-meteo-requests.js';
import { readSeries, type Series } from './open-meteo-series.js';

/** Hourly variables averaged into the day forecast, and the field the mean goes to. */
const DAILY_MEANS = {
  temperature_2m: 'temperatureC',
  relative_humidity_2m: 'humidityPct',
  wind_speed_10m: 'windSpeedMs',
  surface_pressure: 'pressureHpa',
} as const;

const unitsOf = (variables: Record<string, { unit: string }>) =>
  Object.fromEntries(Object.entries(variables).map(([v, { unit }]) => [v, [unit]]));

/** Records of the wanted hours in a Forecast API answer; throws `OpenMeteoResponseError` when it is malformed. */
export function weatherRecords(body: unknown, location: AirLocation, hours: ReadonlySet<string>): unknown[] {
  const hourly = readSeries(body, 'hourly', unitsOf(WEATHER_HOURLY_VARIABLES));
  const daily = readSeries(body, 'daily', unitsOf(WEATHER_DAILY_VARIABLES));
  const records: unknown[] = [];
  hourly.times.forEach((hour, i) => {
    if (!hours.has(hour)) return;
    const values = Object.fromEntries(
      Object.entries(WEATHER_HOURLY_VARIABLES).map(([variable, { field }]) => [
        field,
        hourly.values[variable]?.[i] ?? null,
      ]),
    ) as Pick<
      WeatherRecord,
      'temperatureC' | 'relativeHumidityPct' | 'windSpeedMs' | 'windDirectionDeg' | 'precipitationMm' | 'pressureHpa'
    >;
    const forecastFor = dayForecast(nextDay(hour), hourly, daily);
    if (Object.values(values).every((v) => v === null) && forecastFor === null) return;
    const record: WeatherRecord = {
      schemaVersion: AIR_RECORD_SCHEMA_VERSION,
      location: location.name,
      lat: location.lat,
      lon: location.lon,
      hour,
      source: 'open-meteo',
      ...values,
      forecastFor,
    };
    records.push(record);
  });
  return records;
}

/** The forecast for `date` from the answer, or null when it has nothing for that day. */
export function dayForecast(date: string, hourly: Series, daily: Series): DailyWeatherForecast | null {
  const forecast: DailyWeatherForecast = {
    date,
    temperatureC: null,
    temperatureMinC: null,
    temperatureMaxC: null,
    humidityPct: null,
    windSpeedMs: null,
    windSpeedMaxMs: null,
    windDirectionDeg: null,
    precipitationMm: null,
    pressureHpa: null,
  };
  const indexes = hourly.times.flatMap((t, i) => (t.startsWith(`${date}T`) ? [i] : []));
  if (indexes.length === 24) {
    for (const [variable, field] of Object.entries(DAILY_MEANS)) {
      const day = indexes.map((i) => hourly.values[variable]?.[i] ?? null);
      if (day.every((v) => v !== null)) forecast[field] = round2(day.reduce((a, b) => a + b, 0) / day.length);
    }
  }
  const d = daily.times.indexOf(date);
  if (d >= 0) {
    for (const [variable, { field }] of Object.entries(WEATHER_DAILY_VARIABLES))
      forecast[field] = daily.values[variable]?.[d] ?? null;
  }
  const { date: _, ...values } = forecast;
  return Object.values(values).every((v) => v === null) ? null : forecast;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
