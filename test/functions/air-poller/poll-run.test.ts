import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PollerConfig } from '../../../functions/air-poller/config.js';
import { airQualityUrl, forecastUrl } from '../../../functions/air-poller/open-meteo-requests.js';
import { type PollRunOptions, pollRun } from '../../../functions/air-poller/poll-run.js';
import type { AirQualityRecord, WeatherRecord } from '../../../functions/lib/air-records/index.js';
import type { OutgoingRecord } from '../../../functions/lib/kafka-producer/index.js';
import {
  airValue,
  dailyValue,
  type FakeOpenMeteo,
  startFakeOpenMeteo,
  weatherValue,
} from '../helpers/open-meteo-server.js';

const NOW = Date.parse('2026-12-05T13:20:00Z');
const LOCATIONS = [
  { name: 'berlin', lat: 52.52, lon: 13.405 },
  { name: 'munich', lat: 48.1374, lon: 11.5755 },
  { name: 'hamburg', lat: 53.5511, lon: 9.9937 },
];
/** Index of 2026-12-05T13:00 in the fake's hourly series (past_days=1: yesterday 00:00 is 0). */
const I_13H = 24 + 13;

const silent = { info: () => {}, warn: () => {}, error: () => {} };

// pollRun against a local server answering in Open-Meteo's format; produce and sleep recorded.
describe('pollRun', () => {
  let server: FakeOpenMeteo;
  let produced: Map<string, OutgoingRecord[]>;
  let sleeps: number[];
  let errors: Record<string, unknown>[];

  const options = (overrides: Partial<PollRunOptions> = {}): PollRunOptions => {
    const config: PollerConfig = {
      airUrl: server.airUrl,
      forecastUrl: server.forecastUrl,
      locations: LOCATIONS,
      lookbackHours: 3,
    };
    return {
      config,
      produce: async (topic, records) => {
        produced.set(topic, [...(produced.get(topic) ?? []), ...records]);
      },
      airQualityPartitions: 3,
      logger: {
        ...silent,
        error: (_m: unknown, ...detail: unknown[]) => void errors.push(detail[0] as Record<string, unknown>),
      },
      remainingMs: () => 60_000,
      userAgent: 'test-poller',
      now: () => NOW,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      retryBaseMs: 100,
      ...overrides,
    };
  };
  const values = (topic: string) => (produced.get(topic) ?? []).map((r) => r.value as AirQualityRecord & WeatherRecord);

  beforeAll(async () => {
    server = await startFakeOpenMeteo({ today: () => '2026-12-05' });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    produced = new Map();
    sleeps = [];
    errors = [];
    server.requests.length = 0;
  });

  it('puts each location’s air-quality records on one partition, the declared ones spread by their order', async () => {
    // Prepare: four locations on 3 partitions, the fourth sharing the first's.
    const locations = [...LOCATIONS, { name: 'waldhof', lat: 52.8008, lon: 10.7567 }];
    const config = { ...options().config, locations };

    // Act
    await pollRun(options({ config, airQualityPartitions: 3 }));

    // Assess
    const partitionOf = (topic: string) =>
      Object.fromEntries((produced.get(topic) ?? []).map((r) => [(r.value as AirQualityRecord).location, r.partition]));
    const records = produced.get('air-quality') ?? [];
    expect(records).toHaveLength(12);
    expect(partitionOf('air-quality')).toEqual({ berlin: 0, munich: 1, hamburg: 2, waldhof: 0 });
    for (const r of records)
      expect(r.partition).toBe(partitionOf('air-quality')[(r.value as AirQualityRecord).location]);
    // Weather keeps the key's partition (the producer's default).
    expect((produced.get('weather') ?? []).every((r) => r.partition === undefined)).toBe(true);
  });

  it('produces each location’s lookback hours to both topics, keyed location|hour, units explicit', async () => {
    // Act
    const summary = await pollRun(options());

    // Assess
    const hours = ['2026-12-05T11:00:00Z', '2026-12-05T12:00:00Z', '2026-12-05T13:00:00Z'];
    const keys = LOCATIONS.flatMap((l) => hours.map((h) => `${l.name}|${h}`));
    expect(summary).toEqual({
      locations: 3,
      polled: 3,
      produced: { 'air-quality': 9, weather: 9 },
      invalid: 0,
      retries: 0,
      failures: [],
    });
    expect(produced.get('air-quality')?.map((r) => r.key)).toEqual(keys);
    expect(produced.get('weather')?.map((r) => r.key)).toEqual(keys);
    const berlin13 = values('air-quality')[2]!;
    expect(berlin13).toEqual({
      schemaVersion: 1,
      location: 'berlin',
      lat: 52.52,
      lon: 13.405,
      hour: '2026-12-05T13:00:00Z',
      source: 'open-meteo',
      readings: {
        pm10: { value: airValue('pm10', 52.52, I_13H), unit: 'µg/m³' },
        pm25: { value: airValue('pm2_5', 52.52, I_13H), unit: 'µg/m³' },
        no2: { value: airValue('nitrogen_dioxide', 52.52, I_13H), unit: 'µg/m³' },
        o3: { value: airValue('ozone', 52.52, I_13H), unit: 'µg/m³' },
        so2: { value: 1.5, unit: 'µg/m³' },
        // 237 µg/m³ of CO × 24.45 / 28.01 / 1000 = 0.20688 ppm, to 4 decimals.
        co: { value: 0.2069, unit: 'ppm' },
      },
    });
    // Even hours have no SO2 in the fake: null, not a zero.
    expect(values('air-quality')[1]!.readings.so2).toBeNull();
    expect(produced.get('air-quality')![0]!.headers).toEqual({ source: 'open-meteo', 'schema-version': '1' });
  });

  it('gives each weather record the hour’s values and the next day’s forecast', async () => {
    // Act
    await pollRun(options());

    // Assess
    const berlin13 = values('weather')[2]!;
    const tomorrow = Array.from({ length: 24 }, (_, h) => 48 + h);
    const mean = (v: string) =>
      Math.round((tomorrow.reduce((s, i) => s + (weatherValue(v, 52.52, i) as number), 0) / 24) * 100) / 100;
    expect(berlin13).toEqual({
      schemaVersion: 1,
      location: 'berlin',
      lat: 52.52,
      lon: 13.405,
      hour: '2026-12-05T13:00:00Z',
      source: 'open-meteo',
      temperatureC: weatherValue('temperature_2m', 52.52, I_13H),
      relativeHumidityPct: weatherValue('relative_humidity_2m', 52.52, I_13H),
      windSpeedMs: weatherValue('wind_speed_10m', 52.52, I_13H),
      windDirectionDeg: weatherValue('wind_direction_10m', 52.52, I_13H),
      precipitationMm: weatherValue('precipitation', 52.52, I_13H),
      pressureHpa: weatherValue('surface_pressure', 52.52, I_13H),
      forecastFor: {
        date: '2026-12-06',
        temperatureC: mean('temperature_2m'),
        temperatureMinC: dailyValue('temperature_2m_min', 2),
        temperatureMaxC: dailyValue('temperature_2m_max', 2),
        humidityPct: mean('relative_humidity_2m'),
        windSpeedMs: mean('wind_speed_10m'),
        windSpeedMaxMs: dailyValue('wind_speed_10m_max', 2),
        windDirectionDeg: dailyValue('wind_direction_10m_dominant', 2),
        precipitationMm: dailyValue('precipitation_sum', 2),
        pressureHpa: mean('surface_pressure'),
      },
    });
    const forecastRequest = server.requests.find((r) => r.api === 'forecast')!;
    expect(forecastRequest.query).toMatchObject({
      timezone: 'UTC',
      wind_speed_unit: 'ms',
      past_days: '1',
      forecast_days: '2',
    });
    expect(forecastRequest.userAgent).toBe('test-poller');
  });

  it('waits as long as Retry-After says after a 429, backs off after a 500, then uses the answer', async () => {
    // Prepare
    server.script('air-quality', 52.52, [
      { status: 429, headers: { 'retry-after': '7' }, body: '{"error":true,"reason":"Too many requests"}' },
    ]);
    server.script('forecast', 48.1374, [
      { status: 500, body: '{"error":true,"reason":"Internal"}' },
      { status: 503, body: 'upstream down' },
    ]);

    // Act
    const summary = await pollRun(options());

    // Assess
    expect(sleeps.sort((a, b) => a - b)).toEqual([100, 200, 7_000]);
    expect(summary.retries).toBe(3);
    expect(summary.failures).toEqual([]);
    expect(summary.produced).toEqual({ 'air-quality': 9, weather: 9 });
  });

  it('skips a location whose answer is malformed, says where, and still produces the others', async () => {
    // Prepare: Hamburg's air answer lacks its ozone series; Munich's forecast is not JSON.
    const answer = await (await fetch(airQualityUrl(server.airUrl, LOCATIONS[2]!))).json();
    delete (answer as { hourly: Record<string, unknown> }).hourly.ozone;
    server.script('air-quality', 53.5511, [{ status: 200, body: JSON.stringify(answer) }]);
    server.script('forecast', 48.1374, [{ status: 200, body: '<html>maintenance</html>' }]);

    // Act
    const summary = await pollRun(options());

    // Assess
    expect(summary.failures).toEqual([
      {
        location: 'munich',
        api: 'forecast',
        error: 'OpenMeteoResponseError',
        message: expect.stringMatching(/^\(body\): the answer is not JSON/),
      },
      {
        location: 'hamburg',
        api: 'air-quality',
        error: 'OpenMeteoResponseError',
        message: 'hourly.ozone: expected an array of 48 values',
      },
    ]);
    expect(summary.polled).toBe(1);
    expect(summary.produced).toEqual({ 'air-quality': 6, weather: 6 });
    expect(new Set(values('air-quality').map((r) => r.location))).toEqual(new Set(['berlin', 'munich']));
    expect(new Set(values('weather').map((r) => r.location))).toEqual(new Set(['berlin', 'hamburg']));
    expect(errors.map((e) => e.location)).toEqual(['munich', 'hamburg']);
    expect(sleeps).toEqual([]);
  });

  it('refuses units other than the documented ones', async () => {
    // Prepare: a Forecast answer in km/h, as Open-Meteo gives without wind_speed_unit=ms.
    const url = forecastUrl(server.forecastUrl, LOCATIONS[0]!).replace('wind_speed_unit=ms', 'wind_speed_unit=kmh');
    server.script('forecast', 52.52, [{ status: 200, body: await (await fetch(url)).text() }]);

    // Act
    const summary = await pollRun(options());

    // Assess
    expect(summary.failures).toEqual([
      expect.objectContaining({
        location: 'berlin',
        api: 'forecast',
        message: 'hourly_units.wind_speed_10m: expected m/s, got "km/h"',
      }),
    ]);
  });

  it('does not retry a 400, and gives up when Retry-After is beyond the run’s budget', async () => {
    // Prepare
    server.script('air-quality', 52.52, [{ status: 400, body: '{"error":true,"reason":"Latitude must be in range"}' }]);
    server.script('air-quality', 48.1374, [{ status: 429, headers: { 'retry-after': '120' }, body: '{}' }]);

    // Act
    const summary = await pollRun(options());

    // Assess
    expect(summary.failures.map((f) => [f.location, f.error, f.message])).toEqual([
      ['berlin', 'OpenMeteoHttpError', expect.stringMatching(/answered 400: Latitude must be in range$/)],
      ['munich', 'OpenMeteoHttpError', expect.stringMatching(/answered 429: \{\}$/)],
    ]);
    expect(sleeps).toEqual([]);
    expect(server.requests.filter((r) => r.api === 'air-quality' && r.latitude !== '53.5511')).toHaveLength(2);
  });

  it('counts a record the contract refuses and produces the rest of the hours', async () => {
    // Prepare: a negative PM10 from the model at 12:00 in Berlin.
    const answer = (await (await fetch(airQualityUrl(server.airUrl, LOCATIONS[0]!))).json()) as {
      hourly: { pm10: number[] };
      hourly_units: Record<string, string>;
    };
    answer.hourly.pm10[24 + 12] = -3;
    server.script('air-quality', 52.52, [{ status: 200, body: JSON.stringify(answer) }]);

    // Act
    const summary = await pollRun(options());

    // Assess
    expect(summary.invalid).toBe(1);
    expect(summary.failures).toEqual([]);
    expect(produced.get('air-quality')?.map((r) => r.key)).not.toContain('berlin|2026-12-05T12:00:00Z');
    expect(summary.produced['air-quality']).toBe(8);
  });

  it('produces the same keys and records when the same hours are polled again', async () => {
    // Act
    await pollRun(options());
    const first = structuredClone(produced);
    produced = new Map();
    await pollRun(options({ now: () => NOW + 10 * 60_000 }));

    // Assess
    expect(produced).toEqual(first);
  });
});
