import { Admin, murmur2 } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeKafkaProducer } from '../../../functions/lib/kafka-producer/index.js';
import { type LocalApi, startLocalApi } from '../../../infra/local/api/index.js';
import { type RunningBroker, startBroker } from '../../../infra/local/kafka/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import fixture from '../../events/air/air-quality-record.json' with { type: 'json' };
import { topicRecords, topicSize } from '../helpers/kafka-topic.js';

const TOPIC = 'air-quality';
const PARTITIONS = pipeline.topics[TOPIC]!.partitions;

/** A sensor's reading for the current hour, from the fixture. */
function sensorReading(): Record<string, unknown> & { hour: string } {
  const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString().replace('.000Z', 'Z');
  return {
    ...structuredClone(fixture),
    location: 'Balcony, Prenzlauer Berg',
    source: 'sensor:balcony-01',
    hour,
    readings: { pm25: { value: 12.5, unit: 'µg/m³' }, no2: { value: 18, unit: 'ppb' } },
  };
}

// The real handler behind the local API Gateway (HTTP API v2 events), producing to the embedded broker.
describe('air-ingest (POST /v1/air/readings)', () => {
  let broker: RunningBroker | undefined;
  let api: LocalApi;

  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${api.url}/v1/air/readings`, { method: 'POST', headers, body });

  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.bootstrap] });
    await admin.createTopics({ topics: [TOPIC], partitions: PARTITIONS, replicas: 1 });
    await admin.close();
    vi.stubEnv('KAFKA_BOOTSTRAP', broker.bootstrap);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const { handler } = await import('../../../functions/air-ingest/handler.js');
    api = await startLocalApi({
      routes: [
        { route: 'POST /v1/air/readings', functionName: 'air-ingest', handler: handler as never, timeoutSeconds: 10 },
      ],
    });
  });

  afterAll(async () => {
    await api.close();
    await closeKafkaProducer();
    await broker?.close();
    vi.unstubAllEnvs();
  });

  it('answers 400 naming the field for each kind of invalid reading, and produces nothing', async () => {
    // Prepare
    const valid = sensorReading();
    const inTwoHours = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 2 * 3_600_000)
      .toISOString()
      .replace('.000Z', 'Z');
    const cases: [unknown, string][] = [
      [{ ...valid, source: 'open-meteo' }, 'source'],
      [{ ...valid, source: 'sensor:' }, 'source'],
      [{ ...valid, schemaVersion: 2 }, 'schemaVersion'],
      [{ ...valid, lat: 120 }, 'lat'],
      [{ ...valid, hour: '2026-12-05T13:05:00Z' }, 'hour'],
      [{ ...valid, hour: inTwoHours }, 'hour'],
      [{ ...valid, readings: { pm10: { value: -2, unit: 'µg/m³' } } }, 'readings.pm10.value'],
      [{ ...valid, readings: { pm10: { value: 20, unit: 'ppb' } } }, 'readings.pm10.unit'],
      [{ ...valid, readings: { co: { value: 0.4 } } }, 'readings.co.unit'],
      [{ ...valid, readings: { benzene: { value: 1, unit: 'µg/m³' } } }, 'readings.benzene'],
      [{ ...valid, readings: {} }, 'readings'],
      [[valid], '(body)'],
    ];

    // Act
    const answers = await Promise.all(
      cases.map(async ([body]) => {
        const res = await post(JSON.stringify(body));
        return { status: res.status, body: (await res.json()) as { error: string; field: string; message: string } };
      }),
    );

    // Assess
    expect(answers.map((a) => [a.status, a.body.error, a.body.field])).toEqual(
      cases.map(([, field]) => [400, 'invalid_reading', field]),
    );
    expect(answers[7]!.body.message).toBe('readings.pm10.unit must be one of µg/m³, got "ppb"');
    expect(await topicSize(broker!.bootstrap, TOPIC, PARTITIONS)).toBe(0);
  });

  it('answers 400 for a body that is not JSON and 413 for one over 4 KiB', async () => {
    // Act
    const notJson = await post('{"readings": ');
    const tooLarge = await post(JSON.stringify({ ...sensorReading(), note: 'x'.repeat(5000) }));

    // Assess
    expect([notJson.status, ((await notJson.json()) as { error: string }).error]).toEqual([400, 'invalid_json']);
    expect([tooLarge.status, ((await tooLarge.json()) as { error: string }).error]).toEqual([413, 'payload_too_large']);
    expect(await topicSize(broker!.bootstrap, TOPIC, PARTITIONS)).toBe(0);
  });

  it('produces a valid reading keyed location|hour|source and answers 202 with the key', async () => {
    // Prepare
    const reading = { ...sensorReading(), comment: 'dropped' };

    // Act
    const res = await post(JSON.stringify(reading));

    // Assess
    const key = `Balcony, Prenzlauer Berg|${reading.hour}|sensor:balcony-01`;
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ key });
    const records = await topicRecords(broker!.bootstrap, TOPIC, PARTITIONS);
    expect(records.map((r) => [r.key, r.headers])).toEqual([
      [key, { source: 'sensor:balcony-01', 'schema-version': '1' }],
    ]);
    expect(JSON.parse(records[0]!.value)).toEqual({
      schemaVersion: 1,
      location: 'Balcony, Prenzlauer Berg',
      lat: fixture.lat,
      lon: fixture.lon,
      hour: reading.hour,
      source: 'sensor:balcony-01',
      readings: {
        pm25: { value: 12.5, unit: 'µg/m³' },
        pm10: null,
        o3: null,
        no2: { value: 18, unit: 'ppb' },
        so2: null,
        co: null,
      },
    });
  });

  it('puts a location’s readings on its one partition: a sensor’s label by murmur2, a declared name by its order', async () => {
    // Prepare: three hours of two sensors, in hour order, and one under a declared name.
    const declared = Object.keys(pipeline.locations ?? {});
    const base = sensorReading();
    const hourAt = (back: number) =>
      new Date(Date.parse(base.hour) - back * 3_600_000).toISOString().replace('.000Z', 'Z');
    const labels = ['Balcony, Prenzlauer Berg', 'Garden, Pankow'];
    const readings = [
      ...[2, 1, 0].flatMap((back) =>
        labels.map((location, i) => ({ ...base, location, source: `sensor:s${i}`, hour: hourAt(back) })),
      ),
      { ...base, location: 'hamburg', source: 'sensor:harbour', hour: hourAt(0) },
    ];
    const before = await topicRecords(broker!.bootstrap, TOPIC, PARTITIONS);

    // Act
    for (const reading of readings) expect((await post(JSON.stringify(reading))).status).toBe(202);

    // Assess
    const after = (await topicRecords(broker!.bootstrap, TOPIC, PARTITIONS)).filter(
      (r) => !before.some((b) => b.partition === r.partition && b.offset === r.offset),
    );
    expect(after).toHaveLength(readings.length);
    const expected = (location: string) =>
      declared.includes(location)
        ? declared.indexOf(location) % PARTITIONS
        : (murmur2(Buffer.from(location, 'utf8')) & 0x7fffffff) % PARTITIONS;
    for (const r of after) {
      const { location } = JSON.parse(r.value) as { location: string };
      expect([location, r.partition]).toEqual([location, expected(location)]);
    }
    // On one partition, each sensor's hours are in the order they were posted.
    for (const location of labels) {
      const hours = after
        .filter((r) => (JSON.parse(r.value) as { location: string }).location === location)
        .sort((a, b) => a.offset - b.offset)
        .map((r) => (JSON.parse(r.value) as { hour: string }).hour);
      expect(hours).toEqual([hourAt(2), hourAt(1), hourAt(0)]);
    }
  });

  it('answers 503 when the broker does not acknowledge', async () => {
    // Prepare
    await broker!.close();
    broker = undefined;

    // Act
    const res = await post(JSON.stringify(sensorReading()));

    // Assess
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toBe('unavailable');
  });
});
