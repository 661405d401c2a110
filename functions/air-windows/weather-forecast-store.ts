/**
 * The next days' weather forecasts per location, kept in the location's `air-weather` item
 * beside its latest record (weather-store.ts), for the PM10 forecast of the day after a day
 * closes: by then the latest record is a day later and forecasts the day after that.
 *
 *   f_<n>  M  { date, version, forecast }: the forecast for `date`, in slot n = day number of
 *             `date` modulo FORECAST_SLOTS, from the record with the greatest version
 *             ("<hour>|<partition>|<offset>", weatherVersion) that forecast that date
 *
 * A slot only moves to a later date, or to a greater version of the same date (a later hour's
 * or a later poll's forecast), with a conditional update: any order of delivery, any number of
 * replays, leaves the same slots. Four slots hold a date until three days after it.
 */

import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dayNumber, type WeatherForecast } from '../lib/air-forecast/index.js';
import type { DailyWeatherForecast, WeatherRecord } from '../lib/air-records/index.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import { type WeatherStore, weatherVersion } from './weather-store.js';

export const FORECAST_SLOTS = 4;

/** One forecast slot as stored. */
export interface WeatherForecastSlot {
  date: string;
  version: string;
  forecast: DailyWeatherForecast;
}

/** The attribute of the slot that `date` (YYYY-MM-DD) maps to. */
export function forecastSlot(date: string): string {
  return `f_${(dayNumber(date) as number) % FORECAST_SLOTS}`;
}

/** Stores each (location, forecast date)'s newest forecast of `weathers`. Returns the slots that moved. */
export async function storeWeatherForecasts(
  store: WeatherStore,
  weathers: readonly { record: DecodedRecord; weather: WeatherRecord }[],
): Promise<number> {
  const newest = new Map<string, { location: string; slot: WeatherForecastSlot }>();
  for (const { record, weather } of weathers) {
    const forecast = weather.forecastFor;
    if (forecast === null) continue;
    const version = weatherVersion(weather, record);
    const id = `${weather.location}\u0000${forecast.date}`;
    const held = newest.get(id);
    if (held === undefined || held.slot.version < version)
      newest.set(id, { location: weather.location, slot: { date: forecast.date, version, forecast } });
  }
  const moved = await Promise.all(
    [...newest.values()].map(async ({ location, slot }) => {
      try {
        await store.dynamo.send(
          new UpdateCommand({
            TableName: store.table,
            Key: { location },
            UpdateExpression: 'SET #slot = :slot',
            ConditionExpression:
              'attribute_not_exists(#slot) OR #slot.#date < :date OR (#slot.#date = :date AND #slot.#version < :version)',
            ExpressionAttributeNames: { '#slot': forecastSlot(slot.date), '#date': 'date', '#version': 'version' },
            ExpressionAttributeValues: { ':slot': slot, ':date': slot.date, ':version': slot.version },
          }),
        );
        return 1;
      } catch (error) {
        // The slot holds this forecast, a newer one of the date, or a later date.
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 0;
        throw error;
      }
    }),
  );
  return moved.reduce<number>((a, b) => a + b, 0);
}

/** The forecast features of a stored daily forecast (null → missing, which the trees route as learned). */
export function forecastFeatures(f: DailyWeatherForecast): WeatherForecast {
  const v = (x: number | null) => (x === null ? undefined : x);
  return {
    temperatureC: v(f.temperatureC),
    windSpeedMs: v(f.windSpeedMs),
    precipitationMm: v(f.precipitationMm),
    humidityPct: v(f.humidityPct),
    pressureHpa: v(f.pressureHpa),
  };
}

/** The stored forecasts of `locations` for `dates`, keyed `<location>|<date>`. */
export async function weatherForecasts(
  store: WeatherStore,
  locations: readonly string[],
  dates: readonly string[],
): Promise<Map<string, WeatherForecast>> {
  const out = new Map<string, WeatherForecast>();
  const wanted = new Set(dates);
  const keys = [...new Set(locations)].map((location) => ({ location }));
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const answer = await store.dynamo.send(
        new BatchGetCommand({ RequestItems: { [store.table]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of answer.Responses?.[store.table] ?? []) {
        for (let n = 0; n < FORECAST_SLOTS; n++) {
          const slot = item[`f_${n}`] as WeatherForecastSlot | undefined;
          if (slot !== undefined && wanted.has(slot.date))
            out.set(`${item.location as string}|${slot.date}`, forecastFeatures(slot.forecast));
        }
      }
      pending = answer.UnprocessedKeys?.[store.table]?.Keys ?? [];
    }
  }
  return out;
}
