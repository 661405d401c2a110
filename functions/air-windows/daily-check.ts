/**
 * The closed-day anomaly check: when a batch closes days of the daily PM10 windows (the
 * moment the forecaster forecasts the next day, and the same days: forecast-days.ts), each
 * declared location's mean of each closed day goes through the detector with its daily
 * settings, where drift (a CUSUM over days) is measured; the hourly step cannot see one.
 *
 * 1. the locations' daily states (one BatchGet): when each has applied the newest closed day
 *    and holds nothing pending, that is all (the every-batch re-check of the newest days);
 * 2. the means of those days (the windows), the expectation of each (daily-expectation.ts:
 *    the others' median, else the forecast made for the day);
 * 3. per location, the days after its last applied one are judged and committed exactly once
 *    with their flags (daily-check-store.ts);
 * 4. each committed flag is put in `air-anomalies` beside the hourly ones (daily-flag-item.ts),
 *    and the first of each episode posted to `#sensor-alerts` through the notification outbox.
 *
 * Never fails the batch: the windows are written by then; a failure is logged and counted,
 * and a later batch, which looks at the newest closed days again, makes it good.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isoDate } from '../lib/air-forecast/index.js';
import { settleConcurrently } from '../lib/concurrency/index.js';
import {
  type DeliveryContext,
  type DeliveryOutcome,
  deliverDraft,
  FloodControl,
  type FloodPolicy,
  type NotificationKind,
  type RetryPolicy,
} from '../lib/notifications/index.js';
import { SlackGate } from '../lib/slack/index.js';
import { dailySensorAlert } from './daily-alert-message.js';
import type { ClosedDay } from './daily-check-step.js';
import { type DailyStateItem, type DailyStateStore, dailySensorKey, updateDailyCheck } from './daily-check-store.js';
import { closedDays } from './daily-expectation.js';
import type { DailyFlagItem } from './daily-flag-item.js';
import { type DailyMeanStore, dailyKey, dailyMeans } from './daily-means.js';
import { daysToForecast } from './forecast-days.js';
import { type ForecastStore, forecastKey, storedForecasts } from './forecast-store.js';

export const DailyCheckMetricName = {
  CHECKED: 'AirDailyMeansChecked',
  FLAGGED: 'AirDailyMeansFlagged',
  ALERTS: 'SensorAlerts',
  FAILURES: 'AirDailyCheckFailures',
} as const;

/** Kept for the writes after a post, out of the invoke's remaining time. */
const RESERVE_MS = 3000;

export interface DailyCheckOptions {
  /** Names of the declared locations. */
  locations: readonly string[];
  means: DailyMeanStore;
  forecasts: ForecastStore;
  state: DailyStateStore;
  /** Physical name of the `air-anomalies` table. */
  flagsTable: string;
  alerts: {
    dynamo: DynamoDBDocumentClient;
    /** Physical name of the `notifications` table. */
    table: string;
    channel: string;
    webhookUrl: (kind: NotificationKind) => Promise<string | undefined>;
    retry: RetryPolicy;
    flood: FloodPolicy;
    slackBudgetMs: number;
  };
  now?: () => number;
}

/** What one call did (undefined: it failed, and said so in the log and metrics). */
export interface DailyCheckOutcome {
  checked: number;
  flags: DailyFlagItem[];
  alerts: Record<DeliveryOutcome, number>;
}

export type DailyCheck = (
  watermark: { before: number | undefined; after: number | undefined },
  invoke: { logger: Logger; metrics: Metrics; remainingMs: number },
) => Promise<DailyCheckOutcome | undefined>;

export function dailyCheck(options: DailyCheckOptions): DailyCheck {
  const now = options.now ?? Date.now;
  const names = options.locations;
  const dynamo = options.state.dynamo;
  // Hints kept across the batches of a container (the outbox table decides).
  const flood = new FloodControl(options.alerts.flood);
  return async ({ before, after }, { logger, metrics, remainingMs }) => {
    const days = daysToForecast(before, after);
    if (days.length === 0) return { checked: 0, flags: [], alerts: noAlerts() };
    try {
      const newest = isoDate(days.at(-1) as number);
      const held = await dailyStates(options.state, names);
      const behind = names.filter((name) => {
        const item = held.get(name);
        return (
          item === undefined ||
          item.pending.length > 0 ||
          item.progress.lastDay === null ||
          item.progress.lastDay < newest
        );
      });
      if (behind.length === 0) return { checked: 0, flags: [], alerts: noAlerts() };

      const byLocation = await closedDaysOf(options, days);
      const alerts = noAlerts();
      const ctx: DeliveryContext = {
        store: { dynamo: options.alerts.dynamo, table: options.alerts.table },
        webhookUrl: options.alerts.webhookUrl,
        gate: new SlackGate(),
        deadline: now() + Math.max(0, Math.min(options.alerts.slackBudgetMs, remainingMs - RESERVE_MS)),
        retry: options.alerts.retry,
        flood,
        logger,
        now,
      };
      const effects = async (flags: readonly DailyFlagItem[]) => {
        // The flags first: an alert never announces a flag the API cannot show.
        await Promise.all(flags.map((Item) => dynamo.send(new PutCommand({ TableName: options.flagsTable, Item }))));
        for (const flag of flags.filter((f) => f.alert))
          alerts[await deliverDraft(dailySensorAlert(flag, options.alerts.channel), ctx)]++;
      };
      const updates = await settleConcurrently(behind, 4, (name) =>
        updateDailyCheck(options.state, name, byLocation.get(name) ?? [], effects),
      );
      let checked = 0;
      const flags: DailyFlagItem[] = [];
      for (const update of updates) {
        if (update.status === 'rejected') throw update.reason;
        checked += update.value.checked;
        flags.push(...update.value.flags);
      }
      metrics.addMetric(DailyCheckMetricName.CHECKED, MetricUnit.Count, checked);
      metrics.addMetric(DailyCheckMetricName.FLAGGED, MetricUnit.Count, flags.length);
      metrics.addMetric(DailyCheckMetricName.ALERTS, MetricUnit.Count, alerts.sent);
      if (flags.length > 0)
        logger.info('closed days flagged', {
          flags: flags.map((f) => ({ location: f.location, day: f.day, kind: f.kind, score: f.score })),
          alerts,
        });
      return { checked, flags, alerts };
    } catch (error) {
      metrics.addMetric(DailyCheckMetricName.FAILURES, MetricUnit.Count, 1);
      logger.error('closed days not checked for anomalies; a later batch looks at them again', { error });
      return undefined;
    }
  };
}

/** Per location, its closed days among `days` that have a mean, with their expectations. */
async function closedDaysOf(options: DailyCheckOptions, days: readonly number[]): Promise<Map<string, ClosedDay[]>> {
  const means = await dailyMeans(options.means, options.locations, days);
  const perDay = days.map((day) => ({
    day,
    means: new Map(
      options.locations.flatMap((name) => {
        const mean = means.get(dailyKey(name, day));
        return mean === undefined ? [] : [[name, mean] as const];
      }),
    ),
  }));
  // The forecast made for a day is the fallback only: read it where the others are too few.
  const lacking = perDay.flatMap(({ day, means: m }) =>
    closedDays(isoDate(day), m, new Map())
      .filter((d) => d.expected === undefined)
      .map((d) => ({ location: d.location, date: d.day })),
  );
  const forecasts = lacking.length === 0 ? new Map() : await storedForecasts(options.forecasts, lacking);
  const out = new Map<string, ClosedDay[]>();
  for (const { day, means: m } of perDay) {
    const date = isoDate(day);
    const forecast = new Map(
      [...m.keys()].flatMap((name) => {
        const f = forecasts.get(forecastKey(name, date));
        return f === undefined ? [] : [[name, f.pm10 as number] as const];
      }),
    );
    for (const d of closedDays(date, m, forecast)) out.set(d.location, [...(out.get(d.location) ?? []), d]);
  }
  return out;
}

async function dailyStates(store: DailyStateStore, names: readonly string[]): Promise<Map<string, DailyStateItem>> {
  const out = new Map<string, DailyStateItem>();
  let pending: Record<string, unknown>[] = names.map((name) => ({ sensor: dailySensorKey(name) }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    const answer = await store.dynamo.send(
      new BatchGetCommand({ RequestItems: { [store.table]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of (answer.Responses?.[store.table] ?? []) as DailyStateItem[]) {
      const name = names.find((n) => dailySensorKey(n) === item.sensor);
      if (name !== undefined) out.set(name, item);
    }
    pending = answer.UnprocessedKeys?.[store.table]?.Keys ?? [];
  }
  return out;
}

function noAlerts(): Record<DeliveryOutcome, number> {
  return { sent: 0, skipped: 0, deferred: 0, failed: 0, digested: 0 };
}
