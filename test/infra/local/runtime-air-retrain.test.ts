import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelsCommand } from '../../../bin/models.js';
import { runRetrainCommand } from '../../../bin/retrain.js';
import { archiveDate } from '../../../functions/archiver/archive-objects.js';
import { putArchiveObject } from '../../../functions/archiver/archive-store.js';
import { isoDate } from '../../../functions/lib/air-forecast/index.js';
import type { AirForecastItem } from '../../../functions/lib/air-records/index.js';
import { LOCAL_REGION, localBucketName, localTableName } from '../../../infra/local/provision.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import { S3_CREDENTIALS } from '../../../infra/local/services/s3.js';
import { pipeline } from '../../../infra/pipeline.js';
import { MODEL_VERSION } from '../../../models/air-quality/train/config.js';
import { AIR_TEST_LOCATIONS, airDays, DAY_MS, HOUR_MS } from '../../functions/helpers/air-days.js';
import type { AirLine } from '../../functions/helpers/air-windows.js';
import { windDomainRecords } from '../../models/air-quality/wind-domain.js';
import { archiveBatchObjects } from '../../models/sentiment/archive-fixture.js';
import { waitFor } from './kafka/helpers/wait.js';

function capture() {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { out, text: () => text };
}

// The proof for air quality through npm start's runtime: days archived in the
// runtime's archive bucket; the running air-windows forecasts a closed day with the shipped
// model; `tandem retrain air-quality` publishes; the next closed day is forecast by the new
// version without a restart; `tandem models rollback air-quality` brings the shipped one back
// for the day after. (The 60 archived days are written by the archiver's own put rather than
// produced: 4,320 hours through the anomaly stage and the archiver would take minutes here;
// runtime-air-anomalies.test.ts proves the produced path, readings → air-quality-checked →
// archive → the training-set query.)
describe('local runtime: archived days → retrain → the running forecaster swaps → rollback', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-runtime-air-retrain-'));
    runtime = await startLocalRuntime({
      pipeline,
      dataDir,
      demo: false,
      dashboard: false,
      // Check the published model every second, so the swap shows within the test.
      environment: { MODEL_CHECK_SECONDS: '1' },
      log: () => {},
    });
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: LOCAL_REGION, credentials: S3_CREDENTIALS }),
    );
  });

  afterAll(async () => {
    documents?.destroy();
    await runtime?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Archives 60 wind-driven days of three locations as the archiver would have. */
  async function archiveWindDays() {
    const s3 = new S3Client({
      endpoint: runtime.endpoints.s3,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: S3_CREDENTIALS,
    });
    try {
      const { checked, weather } = windDomainRecords(Date.UTC(2026, 8, 1), 60);
      const objects = [
        ...archiveBatchObjects('air-quality-checked', checked, 0),
        ...archiveBatchObjects('weather', weather, 0),
      ];
      for (const { key, rows } of objects) {
        const first = rows[0]!;
        await putArchiveObject(
          { s3, bucket: localBucketName('archive') },
          {
            key,
            topic: first.topic,
            partition: first.partition,
            date: archiveDate(first.timestamp),
            partitions: [],
            firstOffset: Number(first.offset),
            lastOffset: Number(rows.at(-1)!.offset),
            rows,
            records: [],
          },
        );
      }
    } finally {
      s3.destroy();
    }
  }

  async function produce(lines: readonly AirLine[]) {
    const producer = new Producer({ clientId: 'air-retrain-test', bootstrapBrokers: [runtime.bootstrap] });
    try {
      await producer.send({
        messages: lines.map((l) => ({
          topic: l.topic,
          partition: l.partition,
          key: Buffer.from(l.key),
          value: Buffer.from(JSON.stringify(l.value)),
        })),
      });
    } finally {
      await producer.close();
    }
  }

  /** Waits for every declared location's forecast of `date` and returns the model versions that made them. */
  async function forecastVersions(date: string): Promise<string[]> {
    let items: AirForecastItem[] = [];
    await waitFor(
      async () => {
        const page = await documents.send(new ScanCommand({ TableName: localTableName('air-forecasts') }));
        items = ((page.Items ?? []) as AirForecastItem[]).filter((f) => f.date === date);
        return items.length === AIR_TEST_LOCATIONS.length;
      },
      60_000,
      `forecasts of ${date}`,
    );
    return [...new Set(items.map((f) => f.modelVersion))];
  }

  it('forecasts with the shipped model, then the published version, then the shipped one again after rollback', async () => {
    // Prepare: readings from six days ago, produced in three parts; each part's last hours
    // (five past midnight, beyond the daily means' four hours of lateness) close one more day.
    await archiveWindDays();
    const lastHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
    const firstDay = Math.floor(lastHour / DAY_MS) - 6;
    const { readings } = airDays({
      firstDay,
      lastHour,
      pm10: (location, h) => 20 + ((Math.floor(h / DAY_MS) * 5 + location.length) % 17) + ((h / HOUR_MS) % 24) / 4,
      withWeather: [],
    });
    const cut = (k: number) => (firstDay + k) * DAY_MS + 5 * HOUR_MS;
    const between = (from: number, to: number) => readings.filter((l) => l.timestamp >= from && l.timestamp < to);
    const retrain = capture();
    const pause = () => new Promise((resolve) => setTimeout(resolve, 1500));

    // Act
    await produce(between(0, cut(3)));
    const shipped = await forecastVersions(isoDate(firstDay + 3));
    expect(
      await runRetrainCommand({
        args: ['air-quality', '--data-dir', dataDir, '--json'],
        output: retrain.out,
        errors: capture().out,
      }),
    ).toBe(0);
    const result = JSON.parse(retrain.text()) as { published: boolean; candidate: string; reasons: string[] };
    await pause();
    await produce(between(cut(3), cut(4)));
    const published = await forecastVersions(isoDate(firstDay + 4));
    expect(
      await runModelsCommand({ args: ['rollback', 'air-quality', '--data-dir', dataDir], output: capture().out }),
    ).toBe(0);
    await pause();
    await produce(between(cut(4), cut(5)));
    const rolledBack = await forecastVersions(isoDate(firstDay + 5));

    // Assess
    expect(result).toMatchObject({ published: true, reasons: [] });
    expect(shipped).toEqual([MODEL_VERSION]);
    expect(published).toEqual([result.candidate]);
    expect(rolledBack).toEqual([MODEL_VERSION]);
  }, 180_000);
});
