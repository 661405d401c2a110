import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AIR_WINDOWS_FUNCTION } from '../../../functions/air-windows/config.js';
import { AirWindowsMetricName } from '../../../functions/air-windows/window-batch.js';
import { pmNowCastUgm3, usAqi } from '../../../functions/lib/air-quality/index.js';
import { handlerMetrics } from '../../../functions/lib/middleware/index.js';
import { type AirLine, airDeadLetters, airEvent, airWindowsHandler, CLEAN_CHECK } from '../helpers/air-windows.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { lambdaContext } from '../helpers/lambda-context.js';

const HOUR_MS = 3_600_000;
const HOURS = 12;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** Twelve hours ending with the current one, so the newest hour's NowCast may alert. */
const LAST = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
const FIRST = LAST - (HOURS - 1) * HOUR_MS;
const PM10 = (h: number) => 58 + (h % 5);
/** The newest hour's PM10, ×6: left in, it lifts the NowCast to "Unhealthy for Sensitive Groups". */
const SPIKE = 6 * PM10(HOURS - 1);
const FLAG = { kind: 'spike', score: 1.4, reason: 'spike: 6× what its neighbours said' } as const;

/**
 * Twelve hours of two locations with the same PM10 and PM2.5, the newest hour's PM10 ×6 at both:
 * berlin's flagged by air-anomalies, munich's judged clean (so the alert that berlin must not
 * get is one the same values do raise).
 */
function lines(): AirLine[] {
  const out: AirLine[] = [];
  for (const [partition, location] of ['berlin', 'munich'].entries())
    for (let h = 0; h < HOURS; h++) {
      const hour = iso(FIRST + h * HOUR_MS);
      const spiked = h === HOURS - 1;
      out.push({
        topic: 'air-quality-checked',
        partition,
        offset: h,
        timestamp: FIRST + h * HOUR_MS + 60_000,
        key: location,
        value: {
          schemaVersion: 1,
          location,
          lat: 52.5,
          lon: 13.4,
          hour,
          source: 'open-meteo',
          readings: { pm10: { value: spiked ? SPIKE : PM10(h), unit: 'µg/m³' }, pm25: { value: 12, unit: 'µg/m³' } },
          check: spiked && location === 'berlin' ? { status: 'flagged', flags: { pm10: FLAG } } : CLEAN_CHECK,
        },
      });
    }
  return out;
}

describe('air-windows: readings air-anomalies flagged', () => {
  let services: FeedbackServices;
  beforeEach(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    services = await startFeedbackServices();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });

  it('leaves a flagged PM10 out of the AQI now, the hourly and daily means and the alerts, and counts it', async () => {
    // Prepare
    const metrics = handlerMetrics(AIR_WINDOWS_FUNCTION);
    const added = vi.spyOn(metrics, 'addMetric');
    const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client }, metrics, {
      slackUrl: services.sink.url,
      clock: () => LAST + 30 * 60_000,
    });
    const all = lines();

    // Act: hour by hour, then everything again (a replay).
    for (let h = 0; h < HOURS; h++)
      await handler(airEvent(all.filter((l) => l.offset === h)), lambdaContext('air-windows'));
    await handler(airEvent(all), lambdaContext('air-windows'));
    const now = new Map(
      (await services.scan('air-now')).map((i) => [i.location as string, i.now as Record<string, unknown>]),
    );
    const windows = await services.scan('windows');
    const mean = (metric: string, key: string, start: number) =>
      windows.find((w) => w.metric === metric && w.key === key && w.start === start);

    // Assess: berlin's NowCast is that of its hours without the newest PM10; munich's has it.
    const series = (newest: number | null) =>
      Array.from({ length: HOURS }, (_, i) => (i === 0 ? newest : PM10(HOURS - 1 - i)));
    const berlinPm10 = pmNowCastUgm3(series(null));
    const munichPm10 = pmNowCastUgm3(series(SPIKE));
    expect(now.get('berlin')).toMatchObject({
      hour: iso(LAST),
      nowCast: { pm10: berlinPm10 },
      usAqi: usAqi({ pm10Ugm3: berlinPm10!, pm25Ugm3: pmNowCastUgm3(Array(HOURS).fill(12))! }).aqi,
    });
    expect(now.get('munich')).toMatchObject({
      nowCast: { pm10: munichPm10 },
      category: 'unhealthy-for-sensitive-groups',
    });
    expect(now.get('berlin')!.category).toBe('moderate');
    // The flagged hour has no PM10 mean at berlin, its PM2.5 is counted; the day's PM10 mean is
    // over the other hours (the test's hours may span two UTC days: sum both).
    expect(mean('air-pm10-1h', 'berlin', LAST)).toBeUndefined();
    expect(mean('air-pm25-1h', 'berlin', LAST)).toMatchObject({ count: 1, sum: 12 });
    expect(mean('air-pm10-1h', 'munich', LAST)).toMatchObject({ count: 1, sum: SPIKE });
    const daily = windows.filter((w) => w.metric === 'air-pm10-1d' && w.key === 'berlin');
    expect(daily.reduce((n, w) => n + (w.count as number), 0)).toBe(HOURS - 1);
    expect(daily.reduce((n, w) => n + (w.sum as number), 0)).toBeCloseTo(
      Array.from({ length: HOURS - 1 }, (_, h) => PM10(h)).reduce((a, b) => a + b, 0),
      9,
    );
    // #air-quality: munich's spike alerts, berlin's flagged one does not.
    const alerted = services.posts('air-quality').map((p) => String(p.body.text));
    expect(alerted.filter((t) => t.includes('munich'))).toHaveLength(1);
    expect(alerted.filter((t) => t.includes('berlin'))).toEqual([]);
    // Counted once per delivery of the flagged value: its batch, and the replay.
    const leftOut = added.mock.calls.filter(([name]) => name === AirWindowsMetricName.LEFT_OUT).map(([, , v]) => v);
    expect(leftOut.reduce((a, b) => (a as number) + (b as number), 0)).toBe(2);
  });

  it('dead-letters a record whose check the contract refuses, and a reading the detector has not seen', async () => {
    // Prepare
    const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client });
    const good = lines()[0]!;
    const value = good.value as Record<string, unknown>;
    const bad: AirLine[] = [
      { ...good, offset: 100, value: { ...value, check: undefined } },
      { ...good, offset: 101, value: { ...value, check: { status: 'flagged', flags: { o3: FLAG } } } },
      { ...good, offset: 102, value: { ...value, check: { status: 'clean', flags: { pm10: FLAG } } } },
      { ...good, offset: 0, topic: 'air-quality', value: { ...value, check: CLEAN_CHECK } },
    ];

    // Act
    const result = await handler(airEvent(bad), lambdaContext('air-windows'));
    const letters = await airDeadLetters(services.s3Client);

    // Assess: each refused with its field, none in any mean or ring.
    expect(result).toBeUndefined();
    expect(letters.map((l) => l.reason)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
    expect(
      letters.map((l) => l.detail.match(/: (check[.\w]*):/)?.[1] ?? l.detail.match(/reads .*/)?.[0]).sort(),
    ).toEqual(['check', 'check.flags.o3', 'check.status', 'reads air-quality-checked and weather']);
    expect(await services.scan('windows')).toEqual([]);
    expect(await services.scan('air-now')).toEqual([]);
  });
});
