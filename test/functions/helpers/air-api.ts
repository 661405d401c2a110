import { eaqi, riderAdvice, usAqi } from '../../../functions/lib/air-quality/index.js';
import { AIR_FORECAST_ITEM_VERSION, type AirForecastItem } from '../../../functions/lib/air-records/index.js';
import { localTableName } from '../../../infra/local/provision.js';
import { type AirLine, airEvent, airWindowsHandler, CLEAN_CHECK } from './air-windows.js';
import type { FeedbackServices } from './feedback-services.js';
import { lambdaContext } from './lambda-context.js';
import { putItems } from './window-items.js';

/**
 * Air data for the query API's air routes, made the way the pipeline makes it: hourly Berlin
 * readings and one weather record through the real air-windows handler (so the hourly and daily
 * windows and `air-now` are its), and forecast items written in the AirForecastItem contract's
 * shape, as the forecaster writes them.
 */

export const HOUR_MS = 3_600_000;
/** The first hour read: 2026-11-08T00:00Z. */
export const FIRST_HOUR = Date.UTC(2026, 10, 8, 0);
/** Hours of readings: two whole days and 13 hours of the third (to 2026-11-10T12:00Z). */
export const HOURS = 61;
/** The API's clock: 2026-11-10T13:20Z, the third day ("today") still open. */
export const NOW = Date.UTC(2026, 10, 10, 13, 20);
export const TODAY = '2026-11-10';

export const isoHour = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Hour `h`'s concentrations, in the canonical units (PM µg/m³, gases ppb, CO ppm). */
export function hourValues(h: number) {
  return { pm25: 8 + (h % 7) * 3, pm10: 18 + (h % 11) * 4, o3: 30 + (h % 5), no2: 12 + (h % 3), so2: 2, co: 0.3 };
}

/**
 * Berlin's readings, one record per hour, stamped 15 minutes into their hour, hour h on
 * partition h % 3: every partition of the topic delivers, so the means' watermark moves.
 */
export function berlinReadings(): AirLine[] {
  return Array.from({ length: HOURS }, (_, h) => {
    const hour = FIRST_HOUR + h * HOUR_MS;
    const v = hourValues(h);
    return {
      topic: 'air-quality-checked',
      partition: h % 3,
      offset: Math.floor(h / 3),
      timestamp: hour + 15 * 60_000,
      key: `berlin|${isoHour(hour)}`,
      value: {
        schemaVersion: 1,
        location: 'berlin',
        lat: 52.52,
        lon: 13.405,
        hour: isoHour(hour),
        source: 'open-meteo',
        check: CLEAN_CHECK,
        readings: {
          pm25: { value: v.pm25, unit: 'µg/m³' },
          pm10: { value: v.pm10, unit: 'µg/m³' },
          o3: { value: v.o3, unit: 'ppb' },
          no2: { value: v.no2, unit: 'ppb' },
          so2: { value: v.so2, unit: 'ppb' },
          co: { value: v.co, unit: 'ppm' },
        },
      },
    };
  });
}

/** Berlin's weather for the last hour read, with the next day's forecast. */
export const BERLIN_WEATHER = {
  schemaVersion: 1,
  location: 'berlin',
  lat: 52.52,
  lon: 13.405,
  hour: '2026-11-10T12:00:00Z',
  source: 'open-meteo',
  temperatureC: 7.5,
  relativeHumidityPct: 81,
  windSpeedMs: 3.2,
  windDirectionDeg: 240,
  precipitationMm: 0.2,
  pressureHpa: 1012.4,
  forecastFor: {
    date: '2026-11-11',
    temperatureC: 6.1,
    temperatureMinC: 3.0,
    temperatureMaxC: 9.4,
    humidityPct: 85,
    windSpeedMs: 2.1,
    windSpeedMaxMs: 5.5,
    windDirectionDeg: 220,
    precipitationMm: 1.5,
    pressureHpa: 1015,
  },
};

/** Runs the readings (in batches of 20) and the weather through air-windows. */
export async function seedBerlin(services: FeedbackServices): Promise<void> {
  const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client });
  await handler(
    airEvent([
      {
        topic: 'weather',
        partition: 0,
        offset: 0,
        timestamp: Date.parse(BERLIN_WEATHER.hour) + 15 * 60_000,
        key: `berlin|${BERLIN_WEATHER.hour}`,
        value: BERLIN_WEATHER,
      },
    ]),
    lambdaContext('air-windows'),
  );
  const lines = berlinReadings();
  for (let i = 0; i < lines.length; i += 20)
    await handler(airEvent(lines.slice(i, i + 20)), lambdaContext('air-windows'));
}

/** A forecast item as the forecaster writes it: the library's AQI, EAQI and advice for `pm10`. */
export function forecastItem(location: string, date: string, pm10: number): AirForecastItem {
  const us = usAqi({ pm10Ugm3: pm10 });
  const eu = eaqi({ pm10 });
  const basedOn = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const reasons = [
    {
      feature: 'lags',
      text: `yesterday's PM10 here was high: +${(pm10 / 4).toFixed(1)} µg/m³`,
      contribution: pm10 / 4,
    },
    { feature: 'weather', text: 'light wind tomorrow: +2.0 µg/m³', contribution: 2 },
    { feature: 'calendar', text: 'a weekday: -1.0 µg/m³', contribution: -1 },
  ];
  return {
    location,
    date,
    basedOn,
    version: AIR_FORECAST_ITEM_VERSION,
    pm10,
    usAqi: us.aqi!,
    usCategory: us.category!.key,
    eaqi: { level: eu.level!.level, category: eu.level!.key },
    advice: { ...riderAdvice(us.aqi!) },
    reasons,
    baseValue: pm10 - reasons.reduce((s, r) => s + r.contribution, 0),
    withWeather: true,
    modelVersion: '2026-11-01.1',
    computedAt: `${basedOn}T04:05:00.000Z`,
  };
}

export async function putForecasts(services: FeedbackServices, items: readonly AirForecastItem[]): Promise<void> {
  await putItems(services.documents, localTableName('air-forecasts'), items);
}
