import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eaqi, ozoneNowCastPpb, pmNowCastUgm3, riderAdvice, usAqi } from '../../../functions/lib/air-quality/index.js';
import { type AirLine, airEvent, airWindowsHandler, CLEAN_CHECK } from '../helpers/air-windows.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { lambdaContext } from '../helpers/lambda-context.js';

const HOUR_MS = 3_600_000;
const START = Date.UTC(2026, 10, 10, 3);
const HOURS = 20;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * 20 hours of Berlin readings on one partition, then a re-poll of the last 4 hours with other
 * values (later offsets: they replace the first poll's). PM2.5 is missing in some hours; ozone
 * comes in ppb, or in µg/m³ in every third hour. `truth` holds per hour the values the rings
 * should end with (the last poll's), ozone in ppb (µg/m³ × 24.45 / 48.00).
 */
function lines(): { lines: AirLine[]; truth: Map<number, { pm25?: number; pm10?: number; o3?: number }> } {
  const out: AirLine[] = [];
  const truth = new Map<number, { pm25?: number; pm10?: number; o3?: number }>();
  let offset = 0;
  const poll = (h: number, shift: number) => {
    const hour = START + h * HOUR_MS;
    const pm25 = h % 5 === 2 ? null : 8 + ((h * 7 + shift) % 30);
    const pm10 = 15 + ((h * 11 + shift) % 60);
    const o3ppb = 20 + ((h * 13 + shift) % 70);
    const o3 = h % 3 === 0 ? { value: (o3ppb * 48.0) / 24.45, unit: 'µg/m³' } : { value: o3ppb, unit: 'ppb' };
    out.push({
      topic: 'air-quality-checked',
      partition: 2,
      offset: offset++,
      timestamp: hour + 15 * 60_000 + shift * 60_000,
      key: `berlin|${iso(hour)}`,
      value: {
        schemaVersion: 1,
        location: 'berlin',
        lat: 52.52,
        lon: 13.405,
        hour: iso(hour),
        source: 'open-meteo',
        check: CLEAN_CHECK,
        readings: {
          pm25: pm25 === null ? null : { value: pm25, unit: 'µg/m³' },
          pm10: { value: pm10, unit: 'µg/m³' },
          o3,
        },
      },
    });
    truth.set(hour, { ...(pm25 === null ? {} : { pm25 }), pm10, o3: o3ppb });
  };
  for (let h = 0; h < HOURS; h++) poll(h, 0);
  for (let h = HOURS - 4; h < HOURS; h++) poll(h, 17);
  return { lines: out, truth };
}

/** What the air-now item's `now` must be: the library's functions on the last hours' values, computed plainly. */
function expectedNow(truth: Map<number, { pm25?: number; pm10?: number; o3?: number }>) {
  const latest = Math.max(...truth.keys());
  const series = (p: 'pm25' | 'pm10' | 'o3', n: number) =>
    Array.from({ length: n }, (_, i) => truth.get(latest - i * HOUR_MS)?.[p] ?? null);
  const pm25 = pmNowCastUgm3(series('pm25', 12));
  const pm10 = pmNowCastUgm3(series('pm10', 12));
  const o3 = ozoneNowCastPpb(series('o3', 8));
  const newest = truth.get(latest)!;
  const us = usAqi({
    pm25Ugm3: pm25 ?? undefined,
    pm10Ugm3: pm10 ?? undefined,
    o3Ppm8h: o3 === null ? undefined : o3 / 1000,
    o3Ppm1h: newest.o3 === undefined ? undefined : newest.o3 / 1000,
  });
  const eu = eaqi({
    pm25: newest.pm25,
    pm10: newest.pm10,
    o3: newest.o3 === undefined ? undefined : (newest.o3 * 48.0) / 24.45,
  });
  return {
    hour: iso(latest),
    nowCast: { pm25, pm10, o3 },
    usAqi: us.aqi,
    category: us.category?.key ?? null,
    dominant: us.dominant,
    eaqiLevel: eu.level?.level ?? null,
    advice: us.aqi === null ? null : { ...riderAdvice(us.aqi) },
  };
}

describe('air-windows: AQI now per location', () => {
  let services: FeedbackServices;
  beforeEach(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    services = await startFeedbackServices();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });

  const batchesOf = (all: AirLine[], size: number) =>
    Array.from({ length: Math.ceil(all.length / size) }, (_, i) => all.slice(i * size, i * size + size));
  const nowItem = async () => {
    const items = await services.scan('air-now');
    expect(items).toHaveLength(1);
    return items[0]!;
  };
  const withoutRevisions = ({ revision: _, nowRevision: __, ...item }: Record<string, unknown>) => item;

  it("holds the library's NowCast AQI of the last hours, unchanged by replays and by the order of delivery", async () => {
    // Prepare
    const { lines: all, truth } = lines();
    const expected = expectedNow(truth);
    const batches = batchesOf(all, 5);

    // Act: in order; then every batch again in reverse, and concurrently.
    let handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client });
    for (const batch of batches) await handler(airEvent(batch), lambdaContext('air-windows'));
    const first = await nowItem();
    for (const batch of [...batches].reverse()) await handler(airEvent(batch), lambdaContext('air-windows'));
    await Promise.all(batches.map((batch) => handler(airEvent(batch), lambdaContext('air-windows'))));
    const replayed = await nowItem();
    // On fresh tables, the batches delivered newest first, concurrently.
    await services.close();
    services = await startFeedbackServices();
    handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client });
    await Promise.all([...batches].reverse().map((batch) => handler(airEvent(batch), lambdaContext('air-windows'))));
    const reordered = await nowItem();

    // Assess
    expect(expected.usAqi).not.toBeNull();
    expect(expected.nowCast.pm25).not.toBeNull();
    expect(first.now).toEqual(expected);
    expect(first.nowRevision).toBe(first.revision);
    expect(replayed).toEqual(first);
    expect(withoutRevisions(reordered)).toEqual(withoutRevisions(first));
  });

  it('gives no PM NowCast when fewer than 2 of the 3 latest hours have a value', async () => {
    // Prepare: PM2.5 only in the newest hour, PM10 in every one.
    const { lines: all } = lines();
    const last = all.slice(0, HOURS).slice(-3);
    const sparse = last.map((line, i) => {
      const value = structuredClone(line.value) as { readings: Record<string, unknown> };
      if (i < 2) value.readings.pm25 = null;
      return { ...line, value };
    });
    const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client });

    // Act
    await handler(airEvent(sparse), lambdaContext('air-windows'));
    const item = await nowItem();

    // Assess
    const now = item.now as { nowCast: Record<string, number | null>; dominant: string };
    expect(now.nowCast.pm25).toBeNull();
    expect(now.nowCast.pm10).not.toBeNull();
    expect(now.dominant).not.toBe('pm25');
  });
});
