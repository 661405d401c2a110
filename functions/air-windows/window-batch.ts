/**
 * The air-windows step over one batch (of `air-quality-checked` or `weather`, one trigger each):
 *
 * 1. records → validated readings and weather; refusals dead-lettered with their reason and
 *    the validator's field and message;
 * 2. weather moves its location's `air-weather` item forward (weather-store.ts), and keeps the
 *    next days' weather forecasts in it (weather-forecast-store.ts);
 * 3. readings are joined with their location's weather of the same hour, read with one
 *    BatchGet for the batch; a reading whose weather is not there is processed without it,
 *    marked `weather: null` and counted (`AirReadingsWithoutWeather`); a pollutant value
 *    air-anomalies flagged is treated as not measured from here on, so it is in neither the
 *    AQI now, nor the means, nor the forecasts made from them, nor the alerts on those
 *    (reading-event.ts), and counted (`AirReadingsLeftOut`);
 * 4. the readings' PM2.5, PM10 and ozone go into their location's hourly rings in `air-now`,
 *    and the location's NowCast-based AQI is recomputed from them (now-store.ts);
 * 5. the window engine sorts the readings against each mean metric's watermark; late and
 *    future ones are dead-lettered before any aggregate is written, then sums, counts, minima
 *    and maxima are applied per (metric, location, window), effectively once;
 * 6. the days the daily PM10 watermark closed get the next day's forecast (forecaster.ts), and
 *    their means the closed-day anomaly check (daily-check.ts);
 * 7. NowCast AQI and forecasts at "Unhealthy for Sensitive Groups" or worse go to Slack, once
 *    per (source, location, day, level) through the notifications outbox (air-alerts.ts).
 *
 * Only infrastructure failures (DynamoDB) fail records: a weather write fails the batch (it is
 * idempotent to redo), a failed aggregate fails its record's partition from that record on.
 * Steps 6 and 7 never fail the batch: the windows are written by then, and a failure there
 * (logged, counted) is made good by a later batch, which looks at the newest closed days again
 * and offers the alerts again (the outbox sends each once).
 */

import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AirQualityCheck, AirQualityRecord, WeatherRecord } from '../lib/air-records/index.js';
import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import { batchItemFailures, type KafkaDomainHandler, rejectionOf } from '../lib/middleware/index.js';
import type { WindowCounter, WindowInput } from '../lib/windows/index.js';
import { type AirAlert, forecastAlert, nowAlert } from './air-alerts.js';
import { airTopicRecordOf } from './air-record.js';
import type { AlertSender } from './alert-delivery.js';
import type { AqiNow } from './aqi-now.js';
import { DAILY_PM10_METRIC } from './config.js';
import type { DailyCheck } from './daily-check.js';
import type { Forecaster } from './forecaster.js';
import { type NowStore, updateAirNow } from './now-store.js';
import { type ReadingEvent, readingEvent } from './reading-event.js';
import { storeWeatherForecasts } from './weather-forecast-store.js';
import { latestWeather, storeLatestWeather, type WeatherStore } from './weather-store.js';

export const AirWindowsMetricName = {
  WITHOUT_WEATHER: 'AirReadingsWithoutWeather',
  LEFT_OUT: 'AirReadingsLeftOut',
  WEATHER_STORED: 'AirWeatherStored',
  NOW_SLOTS: 'AirNowSlotsWritten',
  LATE: 'LateRecords',
  FUTURE: 'FutureRecords',
  AGGREGATES: 'WindowAggregatesWritten',
  WRITES: 'WindowWriteRequests',
  FORECASTS_WRITTEN: 'AirForecastsWritten',
  FORECAST_FAILURES: 'AirForecastFailures',
  ALERTS_SENT: 'AirAlertsSent',
  ALERT_FAILURES: 'AirAlertFailures',
} as const;

export interface AirWindowsBatchOptions {
  counter: WindowCounter;
  weather: WeatherStore;
  now: NowStore;
  metrics: Metrics;
  /** Tomorrow's forecast when a day closes; none: no forecasts. */
  forecast?: Forecaster;
  /** Slack alerts; none: no alerts. */
  alerts?: AlertSender;
  /** The closed days' anomaly check (daily-check.ts), at the forecast's moment; none: no check. */
  dailyCheck?: DailyCheck;
  /** Wall clock of the alerts' freshness rules (default Date.now). */
  clock?: () => number;
}

export function airWindowsBatch(options: AirWindowsBatchOptions): KafkaDomainHandler {
  const { counter, metrics } = options;
  const clock = options.clock ?? Date.now;
  return async (batch, context, { signal }) => {
    const readings: { record: DecodedRecord; reading: AirQualityRecord; check: AirQualityCheck }[] = [];
    const weathers: { record: DecodedRecord; weather: WeatherRecord }[] = [];
    const refused: { record: DecodedRecord; reason: DeadLetterReason; detail: string }[] = [];
    for (const record of batch.records) {
      try {
        const parsed = airTopicRecordOf(record);
        if (parsed.topic === 'weather') weathers.push({ record, weather: parsed.weather });
        else readings.push({ record, reading: parsed.reading, check: parsed.check });
      } catch (error) {
        const rejection = rejectionOf(error);
        if (rejection === undefined) throw error;
        refused.push({ record, ...rejection });
      }
    }
    // Weather first: a batch holding both (never from the triggers, which are one topic each)
    // joins its readings with its own weather.
    const [stored] =
      weathers.length === 0
        ? [0]
        : await Promise.all([
            storeLatestWeather(options.weather, weathers),
            storeWeatherForecasts(options.weather, weathers),
          ]);
    const weatherOf =
      readings.length === 0
        ? new Map<string, WeatherRecord>()
        : await latestWeather(
            options.weather,
            readings.map((r) => r.reading.location),
          );
    const inputs: WindowInput[] = readings.map(({ record, reading, check }) => ({
      record,
      event: readingEvent(reading, check, weatherOf.get(reading.location)),
    }));
    const withoutWeather = inputs.filter((i) => (i.event as ReadingEvent).weather === null).length;
    const leftOut = inputs.reduce((n, i) => n + (i.event as ReadingEvent).leftOut.length, 0);

    const plan = await counter.plan(inputs);
    const eventOf = new Map(inputs.map((i) => [i.record, i.event as ReadingEvent]));
    await Promise.all([
      ...refused.map(({ record, reason, detail }) => batch.deadLetter(record, reason, detail)),
      ...plan.late.map((record) =>
        batch.deadLetter(
          record,
          DeadLetterReason.LATE,
          `${record.coordinates} hour ${eventOf.get(record)?.hour ?? '?'} is behind the watermark of every mean it belongs to`,
        ),
      ),
      ...plan.future.map((record) =>
        batch.deadLetter(
          record,
          DeadLetterReason.FUTURE,
          `${record.coordinates} hour ${eventOf.get(record)?.hour ?? '?'} is too far ahead of its ingestion at ${new Date(Math.min(record.timestamp, Date.now())).toISOString()}`,
        ),
      ),
    ]);
    // Every valid reading goes into its location's rings, late ones too: a ring slot only ever
    // takes a newer hour, which is its own lateness rule.
    const { moved: slots, now: nowByLocation } =
      readings.length === 0
        ? { moved: 0, now: new Map<string, AqiNow>() }
        : await updateAirNow(
            options.now,
            inputs.map((i) => ({ record: i.record, event: i.event as ReadingEvent })),
          );
    const result = await counter.apply(plan, signal ? { signal } : {});

    const alerts: AirAlert[] = [];
    const at = clock();
    for (const [location, now] of nowByLocation) {
      const alert = nowAlert(location, now, at);
      if (alert) alerts.push(alert);
    }
    if (options.forecast && readings.length > 0) {
      try {
        const outcome = await options.forecast({
          before: plan.states.get(DAILY_PM10_METRIC)?.watermark,
          after: result.watermarks.get(DAILY_PM10_METRIC),
        });
        metrics.addMetric(AirWindowsMetricName.FORECASTS_WRITTEN, MetricUnit.Count, outcome.written);
        for (const item of outcome.forecasts) {
          const alert = forecastAlert(item, at);
          if (alert) alerts.push(alert);
        }
      } catch (error) {
        metrics.addMetric(AirWindowsMetricName.FORECAST_FAILURES, MetricUnit.Count, 1);
        batch.logger.error('forecasts not made; a later batch looks at the closed days again', { error });
      }
    }
    // Never throws: a failure is logged and counted, and a later batch checks the days again.
    if (options.dailyCheck && readings.length > 0)
      await options.dailyCheck(
        { before: plan.states.get(DAILY_PM10_METRIC)?.watermark, after: result.watermarks.get(DAILY_PM10_METRIC) },
        { logger: batch.logger, metrics, remainingMs: context.getRemainingTimeInMillis() },
      );
    if (options.alerts && alerts.length > 0) {
      try {
        const sent = await options.alerts(alerts, {
          remainingMs: context.getRemainingTimeInMillis(),
          logger: batch.logger,
        });
        metrics.addMetric(AirWindowsMetricName.ALERTS_SENT, MetricUnit.Count, sent.sent);
      } catch (error) {
        metrics.addMetric(AirWindowsMetricName.ALERT_FAILURES, MetricUnit.Count, 1);
        batch.logger.error('air-quality alerts not recorded; a later batch offers them again', { error });
      }
    }
    // Each from the trigger whose records it is about, so a weather batch adds no zero readings.
    if (readings.length > 0) metrics.addMetric(AirWindowsMetricName.WITHOUT_WEATHER, MetricUnit.Count, withoutWeather);
    if (readings.length > 0) metrics.addMetric(AirWindowsMetricName.LEFT_OUT, MetricUnit.Count, leftOut);
    if (readings.length > 0) metrics.addMetric(AirWindowsMetricName.NOW_SLOTS, MetricUnit.Count, slots);
    if (weathers.length > 0) metrics.addMetric(AirWindowsMetricName.WEATHER_STORED, MetricUnit.Count, stored);
    metrics.addMetric(AirWindowsMetricName.LATE, MetricUnit.Count, plan.late.length);
    metrics.addMetric(AirWindowsMetricName.FUTURE, MetricUnit.Count, plan.future.length);
    metrics.addMetric(AirWindowsMetricName.AGGREGATES, MetricUnit.Count, result.aggregates);
    metrics.addMetric(AirWindowsMetricName.WRITES, MetricUnit.Count, result.writes);
    if (result.failed.length === 0) return undefined;
    if (!batch.reportsItemFailures) throw result.failed[0]!.error;
    const response = batchItemFailures(result.failed.map((f) => f.record));
    batch.logger.warn('air means failed; their partitions resume from the first of them', {
      failed: result.failed.length,
      resume: response.batchItemFailures.map((f) => f.itemIdentifier),
      error: result.failed[0]!.error,
    });
    return response;
  };
}
