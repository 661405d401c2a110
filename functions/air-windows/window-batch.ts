/**
 * The air-windows step over one batch (of `air-quality` or `weather`, one trigger each):
 *
 * 1. records → validated readings and weather; refusals dead-lettered with their reason and
 *    the validator's field and message;
 * 2. weather moves its location's `air-weather` item forward (weather-store.ts);
 * 3. readings are joined with their location's weather of the same hour, read with one
 *    BatchGet for the batch; a reading whose weather is not there is processed without it,
 *    marked `weather: null` and counted (`AirReadingsWithoutWeather`);
 * 4. the readings' PM2.5, PM10 and ozone go into their location's hourly rings in `air-now`,
 *    and the location's NowCast-based AQI is recomputed from them (now-store.ts);
 * 5. the window engine sorts the readings against each mean metric's watermark; late and
 *    future ones are dead-lettered before any aggregate is written, then sums, counts, minima
 *    and maxima are applied per (metric, location, window), effectively once.
 *
 * Only infrastructure failures (DynamoDB) fail records: a weather write fails the batch (it is
 * idempotent to redo), a failed aggregate fails its record's partition from that record on.
 */

import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AirQualityRecord, WeatherRecord } from '../lib/air-records/index.js';
import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import { batchItemFailures, type KafkaDomainHandler, rejectionOf } from '../lib/middleware/index.js';
import type { WindowCounter, WindowInput } from '../lib/windows/index.js';
import { airTopicRecordOf } from './air-record.js';
import { type NowStore, updateAirNow } from './now-store.js';
import { type ReadingEvent, readingEvent } from './reading-event.js';
import { latestWeather, storeLatestWeather, type WeatherStore } from './weather-store.js';

export const AirWindowsMetricName = {
  WITHOUT_WEATHER: 'AirReadingsWithoutWeather',
  WEATHER_STORED: 'AirWeatherStored',
  NOW_SLOTS: 'AirNowSlotsWritten',
  LATE: 'LateRecords',
  FUTURE: 'FutureRecords',
  AGGREGATES: 'WindowAggregatesWritten',
  WRITES: 'WindowWriteRequests',
} as const;

export interface AirWindowsBatchOptions {
  counter: WindowCounter;
  weather: WeatherStore;
  now: NowStore;
  metrics: Metrics;
}

export function airWindowsBatch(options: AirWindowsBatchOptions): KafkaDomainHandler {
  const { counter, metrics } = options;
  return async (batch, _context, { signal }) => {
    const readings: { record: DecodedRecord; reading: AirQualityRecord }[] = [];
    const weathers: { record: DecodedRecord; weather: WeatherRecord }[] = [];
    const refused: { record: DecodedRecord; reason: DeadLetterReason; detail: string }[] = [];
    for (const record of batch.records) {
      try {
        const parsed = airTopicRecordOf(record);
        if (parsed.topic === 'weather') weathers.push({ record, weather: parsed.weather });
        else readings.push({ record, reading: parsed.reading });
      } catch (error) {
        const rejection = rejectionOf(error);
        if (rejection === undefined) throw error;
        refused.push({ record, ...rejection });
      }
    }
    // Weather first: a batch holding both (never from the triggers, which are one topic each)
    // joins its readings with its own weather.
    const stored = weathers.length === 0 ? 0 : await storeLatestWeather(options.weather, weathers);
    const weatherOf =
      readings.length === 0
        ? new Map<string, WeatherRecord>()
        : await latestWeather(
            options.weather,
            readings.map((r) => r.reading.location),
          );
    const inputs: WindowInput[] = readings.map(({ record, reading }) => ({
      record,
      event: readingEvent(reading, weatherOf.get(reading.location)),
    }));
    const withoutWeather = inputs.filter((i) => (i.event as ReadingEvent).weather === null).length;

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
    const slots =
      readings.length === 0
        ? 0
        : await updateAirNow(
            options.now,
            inputs.map((i) => ({ record: i.record, event: i.event as ReadingEvent })),
          );
    const result = await counter.apply(plan, signal ? { signal } : {});
    // Each from the trigger whose records it is about, so a weather batch adds no zero readings.
    if (readings.length > 0) metrics.addMetric(AirWindowsMetricName.WITHOUT_WEATHER, MetricUnit.Count, withoutWeather);
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
