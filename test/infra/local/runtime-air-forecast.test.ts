import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_COUNT, loadAirForecastScorer } from '../../../functions/lib/air-forecast/index.js';
import { RIDER_ADVICE, usAqi } from '../../../functions/lib/air-quality/index.js';
import type { AirForecastItem } from '../../../functions/lib/air-records/index.js';
import { LOCAL_REGION, localTableName } from '../../../infra/local/provision.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import { S3_CREDENTIALS } from '../../../infra/local/services/s3.js';
import { pipeline } from '../../../infra/pipeline.js';
import { AIR_TEST_LOCATIONS, airDays, DAY_MS, expectedRows, HOUR_MS } from '../../functions/helpers/air-days.js';
import { waitFor } from './kafka/helpers/wait.js';

/** Every item of the runtime's `air-forecasts` table. */
async function forecastsOf(runtime: LocalRuntime): Promise<AirForecastItem[]> {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: LOCAL_REGION, credentials: S3_CREDENTIALS }),
  );
  try {
    const page = await documents.send(new ScanCommand({ TableName: localTableName('air-forecasts') }));
    return (page.Items ?? []) as AirForecastItem[];
  } finally {
    documents.destroy();
  }
}

describe('local runtime: air-quality readings → tomorrow’s forecast', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-air-forecast-'));
    runtime = await startLocalRuntime({ pipeline, dataDir, demo: false, dashboard: false, log: () => {} });
  });
  afterAll(async () => {
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('turns readings produced to the broker into a forecast per location and closed day, with reasons that sum to it', async () => {
    // Prepare: five days of readings up to two hours ago, every declared location on its partition.
    const lastHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
    const firstDay = Math.floor(lastHour / DAY_MS) - 5;
    const data = airDays({
      firstDay,
      lastHour,
      pm10: (location, h) => 20 + ((Math.floor(h / DAY_MS) * 5 + location.length) % 17) + ((h / HOUR_MS) % 24) / 4,
      withWeather: [],
    });
    const closedDays = Array.from(
      { length: Math.floor((lastHour - 4 * HOUR_MS) / DAY_MS) - firstDay },
      (_, i) => firstDay + i,
    );
    const rows = expectedRows(data, closedDays, []);
    const keys = [...rows.keys()].sort();
    const scorer = await loadAirForecastScorer({ modelDir: pipeline.models['air-quality']!.directory });
    const features = new Float32Array(keys.length * FEATURE_COUNT);
    for (const [i, k] of keys.entries()) features.set(rows.get(k)!.features, i * FEATURE_COUNT);
    const predicted = await scorer.predict(features, keys.length);
    const producer = new Producer({ clientId: 'air-test', bootstrapBrokers: [runtime.bootstrap] });

    // Act
    try {
      await producer.send({
        messages: data.readings.map((l) => ({
          topic: 'air-quality',
          partition: l.partition,
          key: Buffer.from(l.key),
          value: Buffer.from(JSON.stringify(l.value)),
        })),
      });
    } finally {
      await producer.close();
    }
    let items: AirForecastItem[] = [];
    await waitFor(
      async () => {
        items = await forecastsOf(runtime);
        return items.length >= keys.length;
      },
      90_000,
      `${keys.length} forecasts`,
    );

    // Assess
    expect(keys).toHaveLength(closedDays.length * AIR_TEST_LOCATIONS.length);
    items.sort((a, b) => `${a.location}|${a.date}`.localeCompare(`${b.location}|${b.date}`));
    expect(items.map((f) => `${f.location}|${f.date}`)).toEqual(keys);
    for (const [i, item] of items.entries()) {
      const expected = Math.round(predicted[i]! * 100) / 100;
      const category = usAqi({ pm10Ugm3: expected }).category!.key;
      expect(item.pm10, keys[i]).toBeCloseTo(expected, 2);
      expect(item.reasons).toHaveLength(3);
      expect(item.reasons.reduce((s, r) => s + r.contribution, item.baseValue)).toBeCloseTo(item.pm10, 6);
      expect(item.usCategory).toBe(category);
      expect(item.advice).toEqual({ ...RIDER_ADVICE[category] });
      expect(item.withWeather).toBe(false);
    }
  }, 150_000);
});
