import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  FEATURE_COUNT,
  groupContributions,
  isoDate,
  loadAirForecastScorer,
} from '../../../functions/lib/air-forecast/index.js';
import { RIDER_ADVICE, usAqi } from '../../../functions/lib/air-quality/index.js';
import type { AirForecastItem } from '../../../functions/lib/air-records/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { AIR_TEST_LOCATIONS, airDays, DAY_MS, expectedRows, HOUR_MS } from '../helpers/air-days.js';
import { type AirLine, airEvent, airWindowsHandler, asChecked } from '../helpers/air-windows.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { lambdaContext } from '../helpers/lambda-context.js';

/**
 * Five days of hourly readings of the declared locations ending yesterday 10:00 UTC (all in the
 * past, so none is too far ahead), delivered day by day, each day's weather before its
 * readings. Hamburg's PM10 climbs to 320 µg/m³ over the last three days: its NowCast and its
 * forecast reach "Unhealthy for Sensitive Groups" or worse, the others' stay clean. The
 * alerts' wall clock is half an hour after the last hour.
 */
const TODAY = Math.floor(Date.now() / DAY_MS);
const FIRST_DAY = TODAY - 5;
const LAST_HOUR = (TODAY - 1) * DAY_MS + 10 * HOUR_MS;
const CLOCK = LAST_HOUR + 30 * 60_000;
const WITH_WEATHER = ['berlin', 'munich'];
const pm10 = (location: string, h: number) => {
  const day = Math.floor(h / DAY_MS);
  const base = 18 + ((day * 7 + location.length * 3) % 13) + 6 * Math.sin((2 * Math.PI * (h % DAY_MS)) / DAY_MS);
  return location === 'hamburg' && day >= TODAY - 3 ? 320 : base;
};
const data = airDays({ firstDay: FIRST_DAY, lastHour: LAST_HOUR, pm10, withWeather: WITH_WEATHER });

/** Per day, that day's weather in one batch, then its readings in one batch. */
function dayBatches(): AirLine[][] {
  const batches: AirLine[][] = [];
  for (let day = FIRST_DAY; day * DAY_MS <= LAST_HOUR; day++) {
    const inDay = (l: AirLine) => Math.floor((l.timestamp - 10 * 60_000) / DAY_MS) === day;
    batches.push(data.weather.filter(inDay), asChecked(data.readings.filter(inDay)));
  }
  return batches;
}

/** Closed days once every reading is in: the watermark is the last hour less the 4-hour lateness. */
const watermark = LAST_HOUR - 4 * HOUR_MS;
const CLOSED_DAYS = Array.from({ length: Math.floor(watermark / DAY_MS) - FIRST_DAY }, (_, i) => FIRST_DAY + i);

describe('air-windows: the next-day forecast when a day closes, and #air-quality alerts', () => {
  let services: FeedbackServices;
  beforeAll(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    services = await startFeedbackServices();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });

  const forecasts = async () =>
    ((await services.scan('air-forecasts')) as unknown as AirForecastItem[]).sort((a, b) =>
      `${a.location}|${a.date}`.localeCompare(`${b.location}|${b.date}`),
    );
  const outbox = async () =>
    (await services.scan('notifications'))
      .filter((n) => String(n.feedbackId).startsWith('air|'))
      .map(({ feedbackId, channel, state }) => ({ feedbackId, channel, state }))
      .sort((a, b) => String(a.feedbackId).localeCompare(String(b.feedbackId)));
  const airPosts = () =>
    services.posts('air-quality').map((p) => p.body as { metadata: { event_payload: { idempotency_key: string } } });

  it('forecasts every closed day for every location from the ONNX model, with reasons, indexes and advice, once under replay', async () => {
    // Prepare
    const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client }, undefined, {
      slackUrl: services.sink.url,
      clock: () => CLOCK,
    });
    const batches = dayBatches();
    const scorer = await loadAirForecastScorer({ modelDir: pipeline.models['air-quality']!.directory });
    const rows = expectedRows(data, CLOSED_DAYS, WITH_WEATHER);
    const keys = [...rows.keys()].sort();
    const features = new Float32Array(keys.length * FEATURE_COUNT);
    for (const [i, k] of keys.entries()) features.set(rows.get(k)!.features, i * FEATURE_COUNT);
    const predicted = await scorer.predict(features, keys.length);

    // Act: in order; then every batch again, newest first.
    for (const batch of batches) await handler(airEvent(batch), lambdaContext('air-windows'));
    const first = await forecasts();
    const firstOutbox = await outbox();
    const firstPosts = airPosts().length;
    for (const batch of [...batches].reverse()) await handler(airEvent(batch), lambdaContext('air-windows'));
    const replayed = await forecasts();

    // Assess: one forecast per (location, closed day), for the day after it.
    expect(CLOSED_DAYS.length).toBeGreaterThanOrEqual(4);
    expect(first.map((f) => `${f.location}|${f.date}`)).toEqual(keys);
    expect(keys).toHaveLength(CLOSED_DAYS.length * AIR_TEST_LOCATIONS.length);
    for (const [i, key] of keys.entries()) {
      const item = first[i]!;
      const row = rows.get(key)!;
      const expected = Math.round(predicted[i]! * 100) / 100;
      const us = usAqi({ pm10Ugm3: expected });
      // The model's prediction from rows built independently of the windows table.
      expect(item.pm10, key).toBeCloseTo(expected, 2);
      expect(item.basedOn).toBe(isoDate(row.day));
      expect(item.withWeather, key).toBe(WITH_WEATHER.includes(item.location));
      expect(item.usAqi).toBe(us.aqi);
      expect(item.usCategory).toBe(us.category!.key);
      expect(item.advice).toEqual({ ...RIDER_ADVICE[us.category!.key] });
      expect(item.modelVersion).toBe(scorer.version);
      // The three largest reason groups of the exact SHAP values, which with baseValue sum to the forecast.
      const groups = Object.entries(groupContributions(scorer.explain(row.features).contributions)).sort(
        (a, b) => Math.abs(b[1]) - Math.abs(a[1]),
      );
      expect(item.reasons.map((r) => r.feature)).toEqual(groups.slice(0, 3).map(([g]) => g));
      for (const [j, r] of item.reasons.entries()) expect(r.contribution).toBeCloseTo(groups[j]![1], 2);
      expect(item.reasons.reduce((s, r) => s + r.contribution, item.baseValue)).toBeCloseTo(item.pm10, 6);
      const rest = groups.slice(3).reduce((s, [, c]) => s + c, scorer.baseValue);
      expect(item.baseValue).toBeCloseTo(rest, 1);
    }
    // Replays wrote nothing: same items, same computedAt.
    expect(replayed).toEqual(first);

    // Alerts: hamburg's NowCast of the last hour, and its forecast for yesterday (the newest
    // forecast day, not in the past by the alerts' clock); nothing for the clean locations.
    const hamburg = first.filter((f) => f.location === 'hamburg' && f.date === isoDate(TODAY - 1))[0]!;
    expect(['unhealthy-for-sensitive-groups', 'unhealthy', 'very-unhealthy', 'hazardous']).toContain(
      hamburg.usCategory,
    );
    const now = (await services.scan('air-now')).find((n) => n.location === 'hamburg')!.now as { category: string };
    expect(firstOutbox).toEqual(
      [
        `air|forecast|hamburg|${hamburg.date}|${hamburg.usCategory}`,
        `air|now|hamburg|${isoDate(TODAY - 1)}|${now.category}`,
      ].map((feedbackId) => ({ feedbackId, channel: '#air-quality', state: 'sent' })),
    );
    expect(firstPosts).toBe(2);
    expect(airPosts().length).toBe(2);
    expect(new Set(airPosts().map((p) => p.metadata.event_payload.idempotency_key))).toEqual(
      new Set(firstOutbox.map((o) => `#air-quality:${o.feedbackId}`)),
    );
    expect(await outbox()).toEqual(firstOutbox);
  }, 180_000);
});
