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
