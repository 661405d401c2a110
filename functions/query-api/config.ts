/**
 * The query API's tables, from the environment infra/pipeline.ts binds (`TABLE_WINDOWS`,
 * `TABLE_WINDOW_STATE`, `TABLE_FEEDBACK`, `TABLE_FEEDBACK_LABELS`, `TABLE_AIR_NOW`,
 * `TABLE_AIR_WEATHER`, `TABLE_AIR_FORECASTS`, `TABLE_AIR_ANOMALIES`; read access only).
 */

import { tableEnvName } from '../../infra/pipeline/names.js';
import { QueryApiConfigError } from './errors.js';

/** The function's name in infra/pipeline.ts. */
export const QUERY_API_FUNCTION = 'query-api';

/** Physical names of the tables the query API reads. */
export interface QueryApiTables {
  /** Window aggregates, one item per (metric, key, window) (functions/lib/windows/schema.ts). */
  windows: string;
  /** Watermark state, one item per metric. */
  windowState: string;
  /** Scored feedback (functions/feedback-scorer/scored-feedback.ts). */
  feedback: string;
  /** Latest label per feedback id (functions/label-store/label-table.ts). */
  feedbackLabels: string;
  /** Air quality now per location (functions/air-windows/now-store.ts). */
  airNow: string;
  /** Latest weather per location (functions/air-windows/weather-store.ts). */
  airWeather: string;
  /** Forecasts per (location, day) (AirForecastItem of functions/lib/air-records). */
  airForecasts: string;
  /** Flagged sensor readings (functions/air-anomalies/flag-item.ts). */
  airAnomalies: string;
}

export function queryApiTables(env: NodeJS.ProcessEnv = process.env): QueryApiTables {
  const table = (name: string) => {
    const variable = tableEnvName(name);
    const value = env[variable];
    if (!value) throw new QueryApiConfigError(`${QUERY_API_FUNCTION} needs ${variable}: bind the ${name} table`);
    return value;
  };
  return {
    windows: table('windows'),
    windowState: table('window-state'),
    feedback: table('feedback'),
    feedbackLabels: table('feedback-labels'),
    airNow: table('air-now'),
    airWeather: table('air-weather'),
    airForecasts: table('air-forecasts'),
    airAnomalies: table('air-anomalies'),
  };
}
