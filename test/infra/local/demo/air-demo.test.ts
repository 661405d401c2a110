import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  airRecordKey,
  validateAirQualityRecord,
  validateWeatherRecord,
} from '../../../../functions/lib/air-records/index.js';
import { airQualityReplay, declaredReplayLocations, weatherReplay } from '../../../../infra/local/demo/air-demo.js';
import { BACKFILL_DAYS, DAY_MS, HOUR_MS, replayClock } from '../../../../infra/local/demo/air-replay.js';
import { replays } from '../../../../infra/local/demo/generators.js';
import { pipeline } from '../../../../infra/pipeline.js';

// A Saturday afternoon; the replay's "today" is a 2008 day near 5 December.
const NOW = Date.UTC(2026, 11, 5, 13, 42, 17);
const TODAY = Date.UTC(2026, 11, 5);
const LIVE = 400;

const locations = declaredReplayLocations();
const air = airQualityReplay({ now: NOW });
const weather = weatherReplay({ now: NOW });
const texts = (s: { backfill: number; record(k: number): { value: Buffer } }, n: number) =>
  Array.from({ length: n }, (_, k) => s.record(k).value.toString('utf8'));

/** The bundled CSV read independently of the demo's parser: `station,date` → PM10. */
const csv = new Map(
  gunzipSync(readFileSync('models/air-quality/data/de-pm10-daily-1998-2008.csv.gz'))
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [station, date, pm10] = line.split(',');
      return [`${station},${date}`, Number(pm10)] as const;
    }),
);

describe('air-quality and weather demo', () => {
  it('is registered for both topics and replays every declared location', () => {
    // Prepare
    const names = Object.keys(pipeline.locations ?? {});

    // Act
    const generators = ['weather', 'air-quality'].map((t) => pipeline.topics[t]?.demo?.generator ?? '');

    // Assess
    expect(generators.map((g) => replays[g])).toEqual([weatherReplay, airQualityReplay]);
    expect(locations.map((l) => l.name)).toEqual(names);
    expect(new Set(locations.map((l) => l.station)).size).toBe(names.length);
  });

  it('produces records valid under the air-records validators, keyed <location>|<hour>, and about 1 % malformed', () => {
    // Prepare
    const n = air.backfill + LIVE;

    // Act
    const records = [air, weather].map((s) => Array.from({ length: n }, (_, k) => s.record(k)));

    // Assess
    for (const [topic, validate] of [
      [0, validateAirQualityRecord],
      [1, validateWeatherRecord],
    ] as const) {
      let malformed = 0;
      const keys = new Set<string>();
      for (const r of records[topic] ?? []) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(r.value));
        } catch {
          malformed++;
          continue;
        }
        const record = validate(parsed);
        expect(r.key).toBe(`${record.location}|${record.hour}`);
        expect(r.key).toBe(airRecordKey(record));
        keys.add(r.key as string);
      }
      expect(malformed).toBe(Math.round(n / 100));
      expect(keys.size).toBe(n - malformed);
    }
  });

  it('backfills 14 days of hours for each location, up to the current hour, then goes on hour by hour', () => {
    // Prepare
    const clock = replayClock(NOW, locations);
    const first = TODAY - (BACKFILL_DAYS - 1) * DAY_MS;
    const currentHour = Math.floor(NOW / HOUR_MS) * HOUR_MS;

    // Act
    const hours = new Map<string, number[]>();
    for (let k = 0; k < clock.backfill; k++) {
      const slot = clock.slot(k);
      if (slot.malformed) continue;
      hours.set(slot.location.name, [...(hours.get(slot.location.name) ?? []), slot.hourMs]);
    }
    const live = Array.from({ length: 2 * locations.length + 2 }, (_, i) => clock.slot(clock.backfill + i))
      .filter((s) => !s.malformed)
      .slice(0, 2 * locations.length);

    // Assess
    const expected = Array.from({ length: (currentHour - first) / HOUR_MS + 1 }, (_, i) => first + i * HOUR_MS);
    expect(expected.length).toBe(13 * 24 + 14);
    expect([...hours.keys()]).toEqual(locations.map((l) => l.name));
    for (const h of hours.values()) expect(h).toEqual(expected);
    expect(live.map((s) => [s.location.name, s.hourMs])).toEqual(
      [1, 2].flatMap((h) => locations.map((l) => [l.name, currentHour + h * HOUR_MS])),
    );
    expect(replayClock(NOW, locations).backfill).toBe(air.backfill);
  });

  it('averages the 24 hourly PM10 values of each day to the real daily mean of its station', () => {
    // Prepare
    const clock = replayClock(NOW, locations);
    const byDay = new Map<string, number[]>();
    for (const text of texts(air, air.backfill + 24 * locations.length * 2)) {
      if (!text.endsWith('}')) continue;
      const r = validateAirQualityRecord(JSON.parse(text));
      const key = `${r.location}|${r.hour.slice(0, 10)}`;
      byDay.set(key, [...(byDay.get(key) ?? []), r.readings.pm10?.value ?? Number.NaN]);
    }

    // Act
    let checked = 0;
    for (const l of locations) {
      for (let d = -(BACKFILL_DAYS - 1); d < 0; d++) {
        const date = clock.realDate(TODAY + d * DAY_MS);
        const real = csv.get(`${l.station},${date}`);
        const hourly = byDay.get(`${l.name}|${new Date(TODAY + d * DAY_MS).toISOString().slice(0, 10)}`) ?? [];
        expect(hourly).toHaveLength(24);
        if (real === undefined) continue; // a day the station missed replays its nearest day instead
        checked++;
        // Assess
        expect(Math.abs(hourly.reduce((a, b) => a + b, 0) / 24 - real)).toBeLessThanOrEqual(0.05);
        expect(Math.max(...hourly)).toBeGreaterThan(Math.min(...hourly));
      }
    }
    expect(checked).toBeGreaterThanOrEqual(48);
  });

  it('shifts time so today replays the 2008 day of the same date and weekday (±3 days)', () => {
    // Prepare
    const clock = replayClock(NOW, locations);

    // Act
    const today = clock.realDate(TODAY);
    const days = [-13, -1, 0, 1].map((d) => Date.parse(clock.realDate(TODAY + d * DAY_MS)));

    // Assess
    expect(today.slice(0, 4)).toBe('2008');
    expect(Math.abs(Date.parse(today) - Date.UTC(2008, 11, 5))).toBeLessThanOrEqual(3 * DAY_MS);
    expect(new Date(today).getUTCDay()).toBe(new Date(TODAY).getUTCDay());
    expect(days.map((d) => (d - (days[2] ?? 0)) / DAY_MS)).toEqual([-13, -1, 0, 1]);
  });

  it('gives PM10 rush-hour peaks above the small hours, and a next-day weather forecast', () => {
    // Prepare
    const airRecords = texts(air, air.backfill)
      .filter((t) => t.endsWith('}'))
      .map((t) => validateAirQualityRecord(JSON.parse(t)));
    const weatherRecords = texts(weather, weather.backfill)
      .filter((t) => !t.includes('\ufffd'))
      .map((t) => validateWeatherRecord(JSON.parse(t)));

    // Act
    const meanAt = (utcHours: number[]) => {
      const v = airRecords.filter((r) => utcHours.includes(Number(r.hour.slice(11, 13))));
      return v.reduce((a, r) => a + (r.readings.pm10?.value ?? 0), 0) / v.length;
    };

    // Assess: CET is UTC+1, so 07–08 UTC is the morning rush, 18–19 UTC the evening, 02–03 UTC the night.
    expect(meanAt([18, 19])).toBeGreaterThan(1.2 * meanAt([2, 3]));
    expect(meanAt([7])).toBeGreaterThan(meanAt([2, 3]));
    expect(weatherRecords.every((r) => r.forecastFor !== null && r.temperatureC !== null)).toBe(true);
    const temps = weatherRecords.map((r) => r.temperatureC ?? 0);
    expect(Math.min(...temps)).toBeGreaterThan(-20);
    expect(Math.max(...temps)).toBeLessThan(20);
  });

  it('is deterministic for a start time and seed, and the seed changes only the hourly noise', () => {
    // Prepare
    const n = 200;

    // Act
    const again = texts(airQualityReplay({ now: NOW }), n);
    const otherSeed = airQualityReplay({ now: NOW, seed: 7 });

    // Assess
    expect(again).toEqual(texts(air, n));
    expect(texts(weatherReplay({ now: NOW }), n)).toEqual(texts(weather, n));
    expect(texts(otherSeed, n)).not.toEqual(again);
    expect(Array.from({ length: n }, (_, k) => otherSeed.record(k).key)).toEqual(
      Array.from({ length: n }, (_, k) => air.record(k).key),
    );
  });
});
