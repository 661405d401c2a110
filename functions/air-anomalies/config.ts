/**
 * The air-anomalies function's settings, from the environment infra/pipeline.ts gives it:
 *
 * - `TABLE_AIR_ANOMALY_STATE`, `TABLE_AIR_ANOMALIES`, `TABLE_NOTIFICATIONS`: the detector state
 *   per sensor, the flags, the notification outbox.
 * - `AIR_LOCATIONS`: the declared locations, whose readings make each other's expectations.
 * - `SENSOR_ALERTS_CHANNEL` (`#sensor-alerts`): where an anomaly episode is announced, through
 *   the `sensor` webhook of the `slack-webhooks` secret.
 * - `SLACK_SEND_BUDGET_MS`, `NOTIFICATION_*`, `FEEDBACK_QUERY_URL`: the outbox's sending budget,
 *   retry and flood settings, shared with the feedback scorer and the notification retrier.
 */

import { tableEnvName } from '../../infra/pipeline/names.js';
import { airLocations } from '../lib/air-records/index.js';
import {
  type FloodPolicy,
  floodPolicy,
  notificationsTable,
  type RetryPolicy,
  retryPolicy,
  slackSendBudgetMs,
} from '../lib/notifications/index.js';
import { AirAnomaliesConfigError } from './errors.js';

/** The function's name in infra/pipeline.ts: its dead letters and metrics are filed under it. */
export const AIR_ANOMALIES_FUNCTION = 'air-anomalies';

/** Its trigger sets `reportBatchItemFailures` (infra/pipeline.ts). */
export const REPORT_BATCH_ITEM_FAILURES = true;

export const AIR_ANOMALY_STATE_TABLE_ENV = tableEnvName('air-anomaly-state');
export const AIR_ANOMALIES_TABLE_ENV = tableEnvName('air-anomalies');

export interface AirAnomaliesConfig {
  stateTable: string;
  flagsTable: string;
  notificationsTable: string;
  /** Names of the declared locations. */
  locations: ReadonlySet<string>;
  /** Slack channel of sensor alerts (the outbox's sort key). */
  channel: string;
  slackBudgetMs: number;
  retry: RetryPolicy;
  flood: FloodPolicy;
}

export function airAnomaliesConfig(env: NodeJS.ProcessEnv = process.env): AirAnomaliesConfig {
  const table = (variable: string) => {
    const value = env[variable];
    if (!value) throw new AirAnomaliesConfigError(`${AIR_ANOMALIES_FUNCTION} needs ${variable}`);
    return value;
  };
  const channel = env.SENSOR_ALERTS_CHANNEL || '#sensor-alerts';
  // The outbox keys a channel's allowance and digests as `<channel> rate` / `<channel> digest`.
  if (/\s/.test(channel))
    throw new AirAnomaliesConfigError(`SENSOR_ALERTS_CHANNEL must hold no white space, got "${channel}"`);
  try {
    return {
      stateTable: table(AIR_ANOMALY_STATE_TABLE_ENV),
      flagsTable: table(AIR_ANOMALIES_TABLE_ENV),
      notificationsTable: notificationsTable(env),
      locations: new Set(airLocations(env).map((l) => l.name)),
      channel,
      slackBudgetMs: slackSendBudgetMs(env),
      retry: retryPolicy(env),
      flood: floodPolicy(env),
    };
  } catch (error) {
    if (error instanceof AirAnomaliesConfigError) throw error;
    throw new AirAnomaliesConfigError((error as Error).message, { cause: error });
  }
}
