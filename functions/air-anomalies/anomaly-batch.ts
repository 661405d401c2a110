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
 *    announced in `#sensor-alerts` through the notification outbox, once per (sensor, episode);
 * 5. every valid record of the batch, re-sends and hours not judged included, is produced to
 *    `air-quality-checked` with its `check` (checked-record.ts): the flags stored for its hour
 *    (one Query per location, stored-flags.ts) and whether its sensors judged it. air-windows
 *    reads that topic, so it sees a reading only once the detector has had its say: no race.
 *
 * Step 5 comes after the state commits, so a retry (of a batch that failed producing, or
 * after it) finds the hours applied and forwards them with the same flags. A reading may then
 * be on `air-quality-checked` twice (at-least-once). Checked against functions/lib/windows and
 * air-windows: the `air-now` rings keep one value per hour (the greatest version wins), so a
 * copy changes nothing there; but the window engine dedupes by source (partition, offset) only
 * (aggregate-store.ts: the highest offset counted per partition), and a copy has an offset of
 * its own, so the means count it as one more poll of its hour: sum and count grow, the hourly
 * mean stays put when the hour's polls carried one value, and the daily mean weights that hour
 * once more, as the poller's re-sends already do (the means are over polls, infra/pipeline.ts
 * `airMeans`). "Harmless" holds for the rings, and for the means only in that sense.
 *
 * A flagged reading is not dropped: it is in both topics and the archive like any other, and
 * the flag says to leave it out. Any DynamoDB or produce failure fails the batch: everything is
 * idempotent to redo.
 */

import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AirQualityRecord, CheckFlag } from '../lib/air-records/index.js';
import { settleConcurrently } from '../lib/concurrency/index.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
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
import { AIR_QUALITY_CHECKED_TOPIC, checkedRecord, readingCheck } from './checked-record.js';
import type { AirAnomaliesConfig } from './config.js';
import type { AnomalyFlagItem } from './flag-item.js';
import { HOURLY_DETECTOR_SETTINGS } from './hourly-settings.js';
import { wasJudged } from './judged-hours.js';
import { sensorHours } from './sensor-hours.js';
import type { SensorProgress } from './sensor-step.js';
import { type SensorStateStore, updateSensor } from './state-store.js';
import { storedFlags } from './stored-flags.js';

export const AirAnomalyMetricName = {
  CHECKED: 'AirReadingsChecked',
  ALREADY_CHECKED: 'AirReadingsAlreadyChecked',
  WITHOUT_EXPECTATION: 'AirReadingsWithoutExpectation',
  FLAGGED: 'AirReadingsFlagged',
  ALERTS: 'SensorAlerts',
  FORWARDED: 'AirReadingsForwarded',
  UNCHECKED: 'AirReadingsForwardedUnchecked',
} as const;

/** Time kept back from the invoke's for the writes after Slack. */
const RESERVE_MS = 3000;

export interface AirAnomaliesBatchOptions {
  config: AirAnomaliesConfig;
  dynamo: SensorStateStore['dynamo'];
  webhookUrl: (kind: NotificationKind) => Promise<string | undefined>;
  metrics: Metrics;
  /** Produces to a topic, resolving once the broker acknowledged (functions/lib/kafka-producer's `produce`). */
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
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
    const readings: { record: DecodedRecord; reading: AirQualityRecord; json: Record<string, unknown> }[] = [];
    const refusals: Promise<void>[] = [];
    for (const record of batch.records) {
      try {
        readings.push({ record, ...airReadingOf(record) });
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
    const progressOf = new Map<string, SensorProgress>();
    for (const [i, update] of updates.entries()) {
      if (update.status === 'rejected') throw update.reason;
      checked += update.value.checked;
      alreadyChecked += update.value.alreadyChecked;
      flagged.push(...update.value.flags);
      progressOf.set((bySensor[i] as (typeof bySensor)[number])[0], update.value.progress);
    }

    // Every sensor's flags are stored by now (updateSensor carries out pending ones first).
    const span = new Map<string, { from: string; to: string }>();
    for (const { reading } of readings) {
      const s = span.get(reading.location);
      if (s === undefined) span.set(reading.location, { from: reading.hour, to: reading.hour });
      else {
        if (reading.hour < s.from) s.from = reading.hour;
        if (reading.hour > s.to) s.to = reading.hour;
      }
    }
    const flagsByLocation = new Map<string, Map<string, CheckFlag>>();
    await Promise.all(
      [...span].map(async ([location, { from, to }]) =>
        flagsByLocation.set(location, await storedFlags({ dynamo, table: config.flagsTable }, location, from, to)),
      ),
    );
    const sources = {
      flagsOf: (location: string) => flagsByLocation.get(location),
      judged: (sensor: string, hour: string) => {
        const p = progressOf.get(sensor);
        return p !== undefined && wasJudged(p.judged, p.lastHour, hour);
      },
    };
    let unchecked = 0;
    const forwarded = readings.map(({ record, reading, json }) => {
      const check = readingCheck(reading, sources);
      if (check.status === 'unchecked') unchecked++;
      return checkedRecord(record, json, reading, check);
    });
    await options.produce(AIR_QUALITY_CHECKED_TOPIC, forwarded);
    const withoutExpectation = bySensor.reduce(
      (n, [, hours]) => n + hours.filter((h) => h.expected === undefined).length,
      0,
    );
    metrics.addMetric(AirAnomalyMetricName.CHECKED, MetricUnit.Count, checked);
    metrics.addMetric(AirAnomalyMetricName.ALREADY_CHECKED, MetricUnit.Count, alreadyChecked);
    metrics.addMetric(AirAnomalyMetricName.WITHOUT_EXPECTATION, MetricUnit.Count, withoutExpectation);
    metrics.addMetric(AirAnomalyMetricName.FLAGGED, MetricUnit.Count, flagged.length);
    metrics.addMetric(AirAnomalyMetricName.ALERTS, MetricUnit.Count, alerts.sent);
    metrics.addMetric(AirAnomalyMetricName.FORWARDED, MetricUnit.Count, forwarded.length);
    metrics.addMetric(AirAnomalyMetricName.UNCHECKED, MetricUnit.Count, unchecked);
    if (flagged.length > 0)
      batch.logger.info('sensor readings flagged', {
        flags: flagged.map((f) => ({ location: f.location, at: f.at, kind: f.kind, score: f.score })),
        alerts,
      });
    return undefined;
  };
}
