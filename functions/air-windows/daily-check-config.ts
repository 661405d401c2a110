/**
 * What the closed-day anomaly check needs from the environment infra/pipeline.ts gives
 * air-windows: the `air-anomaly-state` and `air-anomalies` tables (shared with the hourly
 * check, functions/air-anomalies) and `SENSOR_ALERTS_CHANNEL` (`#sensor-alerts`, posted to
 * through the `sensor` webhook of the `slack-webhooks` secret).
 */

import { AIR_ANOMALIES_TABLE_ENV, AIR_ANOMALY_STATE_TABLE_ENV } from '../air-anomalies/config.js';
import { AirWindowsError } from './errors.js';

export interface DailyCheckTables {
  stateTable: string;
  flagsTable: string;
  channel: string;
}

export function dailyCheckTables(env: NodeJS.ProcessEnv = process.env): DailyCheckTables {
  const table = (variable: string) => {
    const value = env[variable];
    if (!value) throw new AirWindowsError(`air-windows needs ${variable} for the closed-day anomaly check`);
    return value;
  };
  const channel = env.SENSOR_ALERTS_CHANNEL || '#sensor-alerts';
  // The outbox keys a channel's allowance and digests as `<channel> rate` / `<channel> digest`.
  if (/\s/.test(channel)) throw new AirWindowsError(`SENSOR_ALERTS_CHANNEL must hold no white space, got "${channel}"`);
  return { stateTable: table(AIR_ANOMALY_STATE_TABLE_ENV), flagsTable: table(AIR_ANOMALIES_TABLE_ENV), channel };
}
