import { tableEnvName } from '../../infra/pipeline/names.js';
import { AirWindowsError } from './errors.js';

/** The air-windows function's name in infra/pipeline.ts: its dead letters, metrics and window metrics are filed under it. */
export const AIR_WINDOWS_FUNCTION = 'air-windows';

/** Both its triggers set `reportBatchItemFailures` (infra/pipeline.ts; a test keeps the two in step). */
export const REPORT_BATCH_ITEM_FAILURES = true;

/** Environment variable naming the `air-weather` table (latest weather per location). */
export const AIR_WEATHER_TABLE_ENV = tableEnvName('air-weather');

/** The `air-weather` table's physical name from the environment infra/pipeline.ts gives the function. */
export function airWeatherTable(env: NodeJS.ProcessEnv = process.env): string {
  const table = env[AIR_WEATHER_TABLE_ENV];
  if (!table) throw new AirWindowsError(`air-windows needs ${AIR_WEATHER_TABLE_ENV}`);
  return table;
}

/** Environment variable naming the `air-now` table (hourly rings and AQI now per location). */
export const AIR_NOW_TABLE_ENV = tableEnvName('air-now');

/** The `air-now` table's physical name from the environment infra/pipeline.ts gives the function. */
export function airNowTable(env: NodeJS.ProcessEnv = process.env): string {
  const table = env[AIR_NOW_TABLE_ENV];
  if (!table) throw new AirWindowsError(`air-windows needs ${AIR_NOW_TABLE_ENV}`);
  return table;
}

/** Environment variable naming the `air-forecasts` table (tomorrow's PM10 per location). */
export const AIR_FORECASTS_TABLE_ENV = tableEnvName('air-forecasts');

/** The `air-forecasts` table's physical name from the environment infra/pipeline.ts gives the function. */
export function airForecastsTable(env: NodeJS.ProcessEnv = process.env): string {
  const table = env[AIR_FORECASTS_TABLE_ENV];
  if (!table) throw new AirWindowsError(`air-windows needs ${AIR_FORECASTS_TABLE_ENV}`);
  return table;
}

/** The daily PM10 means whose closing days trigger the next day's forecast (a metric of infra/pipeline.ts). */
export const DAILY_PM10_METRIC = 'air-pm10-1d';

/** The forecast model's name in infra/pipeline.ts (`MODEL_AIR_QUALITY_URI`). */
export const AIR_FORECAST_MODEL = 'air-quality';

/** The Slack channel of air-quality alerts (`AIR_QUALITY_CHANNEL`, default `#air-quality`). */
export function airQualityChannel(env: NodeJS.ProcessEnv = process.env): string {
  const channel = env.AIR_QUALITY_CHANNEL ?? '#air-quality';
  if (!/^#[a-z0-9][a-z0-9_-]{0,79}$/.test(channel))
    throw new AirWindowsError(`AIR_QUALITY_CHANNEL must be a Slack channel name like #air-quality, got "${channel}"`);
  return channel;
}
