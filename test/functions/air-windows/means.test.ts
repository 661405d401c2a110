import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AirLine, airDeadLetters, airEvent, airWindowsHandler, CLEAN_CHECK } from '../helpers/air-windows.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { lambdaContext } from '../helpers/lambda-context.js';

const HOUR_MS = 3_600_000;
const START = Date.UTC(2026, 10, 10, 12);
const HOURS = 30;
const POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;

/** A small deterministic generator (mulberry32), so the data is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * 30 hours of readings for two places, Open-Meteo's and a sensor's at Berlin, each a Kafka
 * record on one of 3 partitions. Ozone and NO2 come in µg/m³ in half the records and ppb in the
 * other half; some pollutants are missing. Each line also carries the µg/m³-or-ppb value the
 * means must use, worked out here with the molar volume (24.45 L) and molecular weights.
 */
function readingLines(): { lines: AirLine[]; canonical: Map<AirLine, Partial<Record<string, number>>> } {
  const next = random(11);
  const lines: AirLine[] = [];
  const canonical = new Map<AirLine, Partial<Record<string, number>>>();
  const offsets = [0, 0, 0];
  for (let h = 0; h < HOURS; h++) {
    const hour = START + h * HOUR_MS;
    for (const [location, source] of [
      ['berlin', 'open-meteo'],
      ['munich', 'open-meteo'],
      ['berlin', 'sensor:balcony-1'],
    ] as const) {
      const readings: Record<string, { value: number; unit: string } | null> = {};
      const values: Partial<Record<string, number>> = {};
      const inMass = next() < 0.5;
      for (const p of POLLUTANTS) {
        if (next() < 0.15) {
          readings[p] = null;
          continue;
        }
        const v = Math.round(next() * 800) / 10;
        if (p === 'co') {
          readings[p] = { value: v / 100, unit: 'ppm' };
          values[p] = v / 100;
        } else if ((p === 'o3' || p === 'no2') && inMass) {
          readings[p] = { value: v, unit: 'µg/m³' };
          values[p] = (v * 24.45) / (p === 'o3' ? 48.0 : 46.01);
        } else {
          readings[p] = { value: v, unit: p === 'pm25' || p === 'pm10' ? 'µg/m³' : 'ppb' };
          values[p] = v;
        }
      }
      if (Object.keys(values).length === 0) readings.pm10 = { value: 1, unit: 'µg/m³' };
      if (Object.keys(values).length === 0) values.pm10 = 1;
      const partition = (h + location.length + source.length) % 3;
      const line: AirLine = {
        topic: 'air-quality-checked',
        partition,
        offset: offsets[partition]!++,
        timestamp: hour + 20 * 60_000,
        key: `${location}|${iso(hour)}${source === 'open-meteo' ? '' : `|${source}`}`,
        value: {
          schemaVersion: 1,
          location,
          lat: 52.5,
          lon: 13.4,
          hour: iso(hour),
          source,
          readings,
          check: CLEAN_CHECK,
        },
      };
      lines.push(line);
      canonical.set(line, values);
    }
  }
  return { lines, canonical };
}

/** Per `metric|location|start`: count, mean, min and max of the lines' canonical values, computed plainly. */
function reference(lines: readonly AirLine[], canonical: Map<AirLine, Partial<Record<string, number>>>) {
  const groups = new Map<string, number[]>();
  for (const line of lines) {
    const { location, hour } = line.value as { location: string; hour: string };
    const t = Date.parse(hour);
    for (const [p, v] of Object.entries(canonical.get(line) ?? {})) {
      for (const [suffix, size] of [
        ['1h', HOUR_MS],
        ['1d', 24 * HOUR_MS],
      ] as const) {
        const key = `air-${p}-${suffix}|${location}|${t - (t % size)}`;
        groups.set(key, [...(groups.get(key) ?? []), v as number]);
      }
    }
  }
  return new Map(
    [...groups].map(([k, vs]) => [
      k,
      { count: vs.length, mean: vs.reduce((a, b) => a + b, 0) / vs.length, min: Math.min(...vs), max: Math.max(...vs) },
    ]),
  );
}

/** The lines in batches of `size` in time order, as the trigger delivers them. */
function batches(lines: readonly AirLine[], size: number): AirLine[][] {
  const out: AirLine[][] = [];
  for (let i = 0; i < lines.length; i += size) out.push(lines.slice(i, i + size));
  return out;
}

describe('air-windows: hourly and daily means', () => {
  let services: FeedbackServices;
  beforeEach(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    services = await startFeedbackServices();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });

  const aggregates = async () => {
    const out = new Map<string, { count: number; mean: number; min: number; max: number }>();
    for (const item of await services.scan('windows')) {
      if (!String(item.metric).startsWith('air-')) continue;
      const count = item.count as number;
      out.set(`${item.metric}|${item.key}|${item.start}`, {
        count,
        mean: (item.sum as number) / count,
        min: item.min as number,
        max: item.max as number,
      });
    }
    return out;
  };
  const expectClose = (
    actual: Map<string, { count: number; mean: number; min: number; max: number }>,
    expected: Map<string, { count: number; mean: number; min: number; max: number }>,
  ) => {
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, e] of expected) {
      const a = actual.get(k)!;
      expect(a.count, k).toBe(e.count);
      expect(a.mean, k).toBeCloseTo(e.mean, 6);
      expect(a.min, k).toBeCloseTo(e.min, 6);
      expect(a.max, k).toBeCloseTo(e.max, 6);
    }
  };

  it('keeps every mean equal to a plain computation, unchanged when every batch is replayed in reverse and concurrently', async () => {
    // Prepare
    const { lines, canonical } = readingLines();
    const expected = reference(lines, canonical);
    const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client });
    const delivered = batches(lines, 12);

    // Act
    const results = [];
    for (const batch of delivered) results.push(await handler(airEvent(batch), lambdaContext('air-windows')));
    const first = await aggregates();
    for (const batch of [...delivered].reverse()) await handler(airEvent(batch), lambdaContext('air-windows'));
    await Promise.all(delivered.map((batch) => handler(airEvent(batch), lambdaContext('air-windows'))));
    const replayed = await aggregates();

    // Assess
    expect(results.every((r) => r === undefined)).toBe(true);
    // Of 6 pollutants × 2 places × (30 hours + 2 days) = 384 windows, those where some value was measured.
    expect(expected.size).toBeGreaterThan(300);
    expectClose(first, expected);
    expectClose(replayed, expected);
    expect(await airDeadLetters(services.s3Client)).toEqual([]);
  });

  it('dead-letters invalid records with the field at fault, and late ones as late, counting none of them', async () => {
    // Prepare
    const { lines, canonical } = readingLines();
    const expected = reference(lines, canonical);
    const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client });
    for (const batch of batches(lines, 30)) await handler(airEvent(batch), lambdaContext('air-windows'));
    const at = START + HOURS * HOUR_MS;
    const good = lines[0]!.value as Record<string, unknown>;
    const bad = (offset: number, value: unknown): AirLine => ({
      topic: 'air-quality-checked',
      partition: 0,
      offset,
      timestamp: at,
      key: 'x',
      value,
    });

    // Act
    await handler(
      airEvent([
        bad(1000, { ...good, readings: { pm10: { value: 12, unit: 'ppb' } } }),
        bad(1001, { ...good, schemaVersion: 2 }),
        bad(1002, 'not json {'),
        bad(1003, { ...good, hour: '2026-11-10T12:30:00Z' }),
        // A day and a half behind the last readings: every window it belongs to is final.
        bad(1004, { ...good, hour: iso(START - HOUR_MS) }),
      ]),
      lambdaContext('air-windows'),
    );
    const letters = (await airDeadLetters(services.s3Client)).sort((a, b) => a.offset - b.offset);

    // Assess
    expect(letters.map((l) => [l.offset, l.reason])).toEqual([
      [1000, 'invalid'],
      [1001, 'invalid'],
      [1002, 'invalid'],
      [1003, 'invalid'],
      [1004, 'late'],
    ]);
    expect(letters[0]!.detail).toContain('readings.pm10.unit');
    expect(letters[1]!.detail).toContain('schemaVersion');
    expect(letters[2]!.detail).toContain('not valid JSON');
    expect(letters[3]!.detail).toContain('hour');
    expectClose(await aggregates(), expected);
  });
});
