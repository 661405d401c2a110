import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PollSummary } from '../../../functions/air-poller/poll-run.js';
import type { AirQualityRecord, WeatherRecord } from '../../../functions/lib/air-records/index.js';
import { closeKafkaProducer } from '../../../functions/lib/kafka-producer/index.js';
import { type RunningBroker, startBroker } from '../../../infra/local/kafka/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type TopicRecord, topicRecords } from '../helpers/kafka-topic.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { type FakeOpenMeteo, startFakeOpenMeteo } from '../helpers/open-meteo-server.js';

type Poller = (event: unknown, context: unknown) => Promise<PollSummary>;

const partitions = (topic: string) => pipeline.topics[topic]!.partitions;
const locations = Object.entries(pipeline.locations ?? {});
const at = (name: string) => pipeline.locations![name]!.lat;

/** The current hour and the two before it, as the poller names them (AIR_POLL_LOOKBACK_HOURS is 3). */
function lookbackHours(): string[] {
  const current = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  return [2, 1, 0].map((i) => new Date(current - i * 3_600_000).toISOString().replace('.000Z', 'Z'));
}

// The real handler, as its schedule invokes it, against a local Open-Meteo stand-in and the embedded broker.
describe('air-poller handler', () => {
  let broker: RunningBroker;
  let server: FakeOpenMeteo;
  let poller: Poller;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.bootstrap] });
    for (const topic of ['air-quality', 'weather'])
      await admin.createTopics({ topics: [topic], partitions: partitions(topic), replicas: 1 });
    await admin.close();
    server = await startFakeOpenMeteo({ today: () => new Date().toISOString().slice(0, 10) });
    for (const [key, value] of Object.entries(pipeline.functions['air-poller']!.environment ?? {}))
      vi.stubEnv(key, value);
    vi.stubEnv('OPEN_METEO_AIR_URL', server.airUrl);
    vi.stubEnv('OPEN_METEO_FORECAST_URL', server.forecastUrl);
    vi.stubEnv('KAFKA_BOOTSTRAP', broker.bootstrap);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    ({ handler: poller } = (await import('../../../functions/air-poller/handler.js')) as unknown as {
      handler: Poller;
    });
  });

  afterAll(async () => {
    await closeKafkaProducer();
    await server.close();
    await broker.close();
    vi.unstubAllEnvs();
  });

  it('produces every location’s hours through a 429, a 500 and a malformed answer, and the same keys on a re-poll', async () => {
    // Prepare
    server.script('air-quality', at('berlin'), [
      { status: 429, headers: { 'retry-after': '1' }, body: '{"error":true,"reason":"Too many requests"}' },
    ]);
    server.script('forecast', at('munich'), [{ status: 500, body: '{"error":true,"reason":"Internal error"}' }]);
    // Malformed on both polls.
    const malformed = { status: 200, body: '{"latitude": 53.55, "hourly": ' };
    server.script('air-quality', at('hamburg'), [malformed, malformed]);

    // Act
    let hours: string[];
    let first: PollSummary;
    let second: PollSummary;
    // The two polls must see the same clock hour for their keys to match; redo if one just turned.
    do {
      hours = lookbackHours();
      first = await poller({}, lambdaContext('air-poller'));
      second = await poller({}, lambdaContext('air-poller'));
    } while (lookbackHours().join() !== hours.join());
    const air = await topicRecords(broker.bootstrap, 'air-quality', partitions('air-quality'));
    const weather = await topicRecords(broker.bootstrap, 'weather', partitions('weather'));

    // Assess
    const airLocations = locations.map(([name]) => name).filter((name) => name !== 'hamburg');
    const airKeys = airLocations.flatMap((name) => hours.map((h) => `${name}|${h}`));
    const weatherKeys = locations.flatMap(([name]) => hours.map((h) => `${name}|${h}`));
    expect(first).toEqual({
      locations: locations.length,
      polled: locations.length - 1,
      produced: { 'air-quality': airKeys.length, weather: weatherKeys.length },
      invalid: 0,
      retries: 2,
      failures: [
        {
          location: 'hamburg',
          api: 'air-quality',
          error: 'OpenMeteoResponseError',
          message: expect.stringMatching(/^\(body\): the answer is not JSON/),
        },
      ],
    });
    expect(second).toEqual({ ...first, retries: 0 });
    // Two polls: each key twice, with the same record both times.
    const byKey = (records: TopicRecord[]) => {
      const map = new Map<string, string[]>();
      for (const r of records) map.set(r.key ?? '', [...(map.get(r.key ?? '') ?? []), r.value]);
      return map;
    };
    const airByKey = byKey(air);
    const weatherByKey = byKey(weather);
    expect([...airByKey.keys()].sort()).toEqual([...airKeys].sort());
    expect([...weatherByKey.keys()].sort()).toEqual([...weatherKeys].sort());
    for (const values of [...airByKey.values(), ...weatherByKey.values()]) {
      expect(values).toHaveLength(2);
      expect(values[1]).toBe(values[0]);
    }
    const airValues = air.map((r) => JSON.parse(r.value) as AirQualityRecord);
    expect(new Set(airValues.flatMap((r) => [r.readings.pm10?.unit, r.readings.o3?.unit]))).toEqual(new Set(['µg/m³']));
    expect(new Set(airValues.map((r) => r.readings.co?.unit))).toEqual(new Set(['ppm']));
    const weatherValues = weather.map((r) => JSON.parse(r.value) as WeatherRecord);
    expect(weatherValues.every((r) => r.forecastFor !== null && r.windSpeedMs !== null)).toBe(true);
    expect(air[0]!.headers).toEqual({ source: 'open-meteo', 'schema-version': '1' });
  });
});
