/**
 * The air-anomalies step over one `air-quality` batch:
 *
 * 1. records → validated readings; refusals dead-lettered with their reason;
 * 2. readings → one value per sensor (location × pollutant) and hour, with the median of the
 *    other declared locations of that hour as its expectation (sensor-hours.ts);
 * 3. per sensor, the hours after its last applied one go through the detector with the hourly
 *    settings, and the new state and its flags are committed together, exactly once per
 *    (sensor, hour) (state-store.ts);
 * 4. the committed flags are stored in `air-anomalies`, and the first flag of each episode is
 *    announced in `#sensor-alerts` through the notification outbox, once per (sensor, episode).
 *
 * A flagged reading is not dropped: it is in the topic and the archive like any other, and
 * the flag says to leave it out. Any DynamoDB failure fails the batch: everything is
 * idempotent to redo.
 */

import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AirQualityRecord } from '../lib/air-records/index.js';
import { settleConcurrently } from '../lib/concurrency/index.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import type { KafkaDomainHandler } from '../lib/middleware/index.js';
import { rejectionOf } from '../lib/middleware/index.js';
import {
  type DeliveryContext,
  type DeliveryOutcome,
  deliverDraft,
  FloodControl,
  type NotificationKind,
} from '../lib/notifications/index.js';
import { SlackGate } from '../lib/slack/index.js';
import { airReadingOf } from './air-reading.js';
import { sensorAlert } from './alert-message.js';
import type { AirAnomaliesConfig } from './config.js';
import type { AnomalyFlagItem } from './flag-item.js';
import { HOURLY_DETECTOR_SETTINGS } from './hourly-settings.js';
import { sensorHours } from './sensor-hours.js';
import { type SensorStateStore, updateSensor } from './state-store.js';

export const AirAnomalyMetricName = {
  CHECKED: 'AirReadingsChecked',
  ALREADY_CHECKED: 'AirReadingsAlreadyChecked',
  WITHOUT_EXPECTATION: 'AirReadingsWithoutExpectation',
  FLAGGED: 'AirReadingsFlagged',
  ALERTS: 'SensorAlerts',
} as const;

/** Time kept back from the invoke's for the writes after Slack. */
const RESERVE_MS = 3000;

export interface AirAnomaliesBatchOptions {
  config: AirAnomaliesConfig;
  dynamo: SensorStateStore['dynamo'];
  webhookUrl: (kind: NotificationKind) => Promise<string | undefined>;
  metrics: Metrics;
  /** Sensors updated at once (default 8). */
  concurrency?: number;
  now?: () => number;
}

export function airAnomaliesBatch(options: AirAnomaliesBatchOptions): KafkaDomainHandler {
  const { config, metrics, dynamo } = options;
  const now = options.now ?? Date.now;
  const state: SensorStateStore = { dynamo, table: config.stateTable };
  // Hints kept across the batches of a container (the outbox table decides).
  const flood = new FloodControl(config.flood);

  return async (batch, context) => {
    const readings: { record: DecodedRecord; reading: AirQualityRecord }[] = [];
    const refusals: Promise<void>[] = [];
    for (const record of batch.records) {
      try {
        readings.push({ record, reading: airReadingOf(record) });
      } catch (error) {
        const rejection = rejectionOf(error);
        if (rejection === undefined) throw error;
        refusals.push(batch.deadLetter(record, rejection.reason, rejection.detail));
      }
    }
    await Promise.all(refusals);

    const at = now();
    const ctx: DeliveryContext = {
      store: { dynamo, table: config.notificationsTable },
      webhookUrl: options.webhookUrl,
      gate: new SlackGate(),
      deadline: at + Math.max(0, Math.min(config.slackBudgetMs, context.getRemainingTimeInMillis() - RESERVE_MS)),
      retry: config.retry,
      flood,
      logger: batch.logger,
      now,
    };
    const alerts: Record<DeliveryOutcome, number> = { sent: 0, skipped: 0, deferred: 0, failed: 0, digested: 0 };
    const effects = async (flags: readonly AnomalyFlagItem[]) => {
      // The flags first: an alert never announces a flag the API cannot show.
      await Promise.all(flags.map((item) => dynamo.send(new PutCommand({ TableName: config.flagsTable, Item: item }))));
      for (const flag of flags.filter((f) => f.alert))
        alerts[await deliverDraft(sensorAlert(flag, config.channel), ctx)]++;
    };

    const bySensor = [...sensorHours(readings, config.locations)];
    const updates = await settleConcurrently(bySensor, options.concurrency ?? 8, ([sensor, hours]) =>
      updateSensor(state, sensor, hours, HOURLY_DETECTOR_SETTINGS, effects),
    );
    let checked = 0;
    let alreadyChecked = 0;
    const flagged: AnomalyFlagItem[] = [];
    for (const update of updates) {
      if (update.status === 'rejected') throw update.reason;
      checked += update.value.checked;
      alreadyChecked += update.value.alreadyChecked;
      flagged.push(...update.value.flags);
    }
    const withoutExpectation = bySensor.reduce(
      (n, [, hours]) => n + hours.filter((h) => h.expected === undefined).length,
      0,
    );
    metrics.addMetric(AirAnomalyMetricName.CHECKED, MetricUnit.Count, checked);
    metrics.addMetric(AirAnomalyMetricName.ALREADY_CHECKED, MetricUnit.Count, alreadyChecked);
    metrics.addMetric(AirAnomalyMetricName.WITHOUT_EXPECTATION, MetricUnit.Count, withoutExpectation);
    metrics.addMetric(AirAnomalyMetricName.FLAGGED, MetricUnit.Count, flagged.length);
    metrics.addMetric(AirAnomalyMetricName.ALERTS, MetricUnit.Count, alerts.sent);
    if (flagged.length > 0)
      batch.logger.info('sensor readings flagged', {
        flags: flagged.map((f) => ({ location: f.location, at: f.at, kind: f.kind, score: f.score })),
        alerts,
      });
    return undefined;
  };
}
