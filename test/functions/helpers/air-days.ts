import {
  ForecastFeed,
  type ForecastRow,
  isoDate,
  type WeatherForecast,
} from '../../../functions/lib/air-forecast/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import type { AirLine } from './air-windows.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The declared locations, each on its own partition of 3 (waldhof shares berlin's), as a key hash might put them. */
export const AIR_TEST_LOCATIONS = Object.entries(pipeline.locations ?? {}).map(([name, { lat, lon }], i) => ({
  name,
  lat,
  lon,
  partition: i % 3,
}));

/** Tomorrow's weather the generated records forecast for a location that has weather. */
export function forecastOf(location: string, date: string): WeatherForecast {
  const day = Date.parse(date) / DAY_MS;
  return {
    temperatureC: 2 + (day % 5) + location.length / 10,
    windSpeedMs: 1.5 + (day % 3),
    precipitationMm: day % 2,
    humidityPct: 80,
    pressureHpa: 1012 + (day % 7),
  };
}

export interface AirDays {
  /** `weather` lines (hour by hour, locations with weather only), then `air-quality` lines, each topic's offsets per partition. */
  weather: AirLine[];
  readings: AirLine[];
  /** Daily mean PM10 per `<location>|<day number>`, computed plainly from the readings. */
  means: Map<string, number>;
}

/**
 * Hourly readings of every declared location from 00:00 UTC of `firstDay` (a day number) to
 * `lastHour` (epoch ms) inclusive, with `pm10(location, hourMs)` µg/m³ and PM2.5 at half of it,
 * each produced 10 minutes into its hour; and hourly weather for `withWeather` locations whose
 * `forecastFor` is forecastOf(location, next day).
 */
export function airDays(options: {
  firstDay: number;
  lastHour: number;
  pm10: (location: string, hourMs: number) => number;
  withWeather: readonly string[];
}): AirDays {
  const readings: AirLine[] = [];
  const weather: AirLine[] = [];
  const offsets = { 'air-quality': [0, 0, 0], weather: [0, 0, 0] };
  const sums = new Map<string, { sum: number; n: number }>();
  for (let h = options.firstDay * DAY_MS; h <= options.lastHour; h += HOUR_MS) {
    const hour = iso(h);
    for (const { name, lat, lon, partition } of AIR_TEST_LOCATIONS) {
      const pm10 = Math.round(options.pm10(name, h) * 10) / 10;
      readings.push({
        topic: 'air-quality',
        partition,
        offset: offsets['air-quality'][partition]!++,
        timestamp: h + 10 * 60_000,
        key: `${name}|${hour}`,
        value: {
          schemaVersion: 1,
          location: name,
          lat,
          lon,
          hour,
          source: 'open-meteo',
          readings: { pm10: { value: pm10, unit: 'µg/m³' }, pm25: { value: pm10 / 2, unit: 'µg/m³' } },
        },
      });
      const key = `${name}|${Math.floor(h / DAY_MS)}`;
      const s = sums.get(key) ?? { sum: 0, n: 0 };
      sums.set(key, { sum: s.sum + pm10, n: s.n + 1 });
      if (!options.withWeather.includes(name)) continue;
      const date = isoDate(Math.floor(h / DAY_MS) + 1);
      const f = forecastOf(name, date);
      weather.push({
        topic: 'weather',
        partition,
        offset: offsets.weather[partition]!++,
        timestamp: h + 10 * 60_000,
        key: `${name}|${hour}`,
        value: {
          schemaVersion: 1,
          location: name,
          lat,
          lon,
          hour,
          source: 'open-meteo',
          temperatureC: 3,
          windSpeedMs: 2,
          forecastFor: {
            date,
            temperatureC: f.temperatureC,
            windSpeedMs: f.windSpeedMs,
            precipitationMm: f.precipitationMm,
            humidityPct: f.humidityPct,
            pressureHpa: f.pressureHpa,
          },
        },
      });
    }
  }
  const means = new Map([...sums].map(([k, { sum, n }]) => [k, sum / n]));
  return { weather, readings, means };
}

/**
 * The rows the forecast of each closed day in `days` must be made from, built plainly from the
 * means (ForecastFeed, as training builds them), keyed `<location>|<forecast date>`.
 */
export function expectedRows(
  data: AirDays,
  days: readonly number[],
  withWeather: readonly string[],
): Map<string, ForecastRow> {
  const out = new Map<string, ForecastRow>();
  const feed = new ForecastFeed();
  const keep = (rows: ForecastRow[]) => {
    for (const row of rows) if (days.includes(row.day)) out.set(`${row.station}|${isoDate(row.day + 1)}`, row);
  };
  for (let day = Math.min(...days) - 6; day <= Math.max(...days); day++) {
    for (const { name, lon, lat } of AIR_TEST_LOCATIONS) {
      const pm10 = data.means.get(`${name}|${day}`);
      if (pm10 === undefined) continue;
      const weather = withWeather.includes(name) ? forecastOf(name, isoDate(day + 1)) : undefined;
      keep(feed.add({ station: name, day, pm10, lon, lat, weather }));
    }
  }
  keep(feed.close());
  return out;
}

/** `lines` in batches of `size`, in order. */
export function batchesOf<T>(lines: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(lines.length / size) }, (_, i) => lines.slice(i * size, i * size + size));
}
