/**
 * A location's latest weather, from the `air-weather` table (functions/air-windows/
 * weather-store.ts: one item per location holding its newest weather record). Each value's
 * unit is in its name (°C, %, m/s, degrees, mm, hPa); `forecastFor` is the next day's forecast
 * the record carried, or null.
 */

import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { WeatherRecord } from '../lib/air-records/index.js';

export type WeatherView = Pick<
  WeatherRecord,
  | 'hour'
  | 'temperatureC'
  | 'relativeHumidityPct'
  | 'windSpeedMs'
  | 'windDirectionDeg'
  | 'precipitationMm'
  | 'pressureHpa'
  | 'forecastFor'
>;

const VALUES = [
  'temperatureC',
  'relativeHumidityPct',
  'windSpeedMs',
  'windDirectionDeg',
  'precipitationMm',
  'pressureHpa',
] as const;

export async function readLatestWeather(
  dynamo: DynamoDBDocumentClient,
  table: string,
  location: string,
): Promise<WeatherView | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table, Key: { location } }));
  const w = Item?.weather as Record<string, unknown> | undefined;
  if (typeof w !== 'object' || w === null || typeof w.hour !== 'string') return null;
  const view = { hour: w.hour } as WeatherView;
  for (const field of VALUES) view[field] = typeof w[field] === 'number' ? w[field] : null;
  view.forecastFor =
    typeof w.forecastFor === 'object' && w.forecastFor !== null ? (w.forecastFor as WeatherView['forecastFor']) : null;
  return view;
}
