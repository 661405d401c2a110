import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchFailure, EventSourceMapping, s3FailureDestination } from '../../../../infra/local/esm/index.js';
import { type RunningBroker, startBroker } from '../../../../infra/local/kafka/index.js';
import { consumerGroupOf } from '../../../../infra/pipeline/names.js';
import { committedOffsets, createTopic, recordsOf, testProducer, testTrigger, waitFor } from './helpers/kafka.js';

// The on-failure destination end to end: embedded broker → mapping → s3rver.
describe('S3 on-failure destination', () => {
  let broker: RunningBroker;
  let producer: ReturnType<typeof testProducer>;
  let s3server: S3rver;
  let s3: S3Client;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'esm-s3-'));
    s3server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: dir,
      configureBuckets: [{ name: 'dead-letters' }],
    });
    const address = (await s3server.run()) as AddressInfo;
    s3 = new S3Client({
      endpoint: `http://127.0.0.1:${address.port}`,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
    producer = testProducer(broker.bootstrap);
  });
  afterAll(async () => {
    await producer.close();
    await broker.close();
    s3.destroy();
    await s3server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function readJson(key: string): Promise<BatchFailure> {
    const object = await s3.send(new GetObjectCommand({ Bucket: 'dead-letters', Key: key }));
    return JSON.parse(await object.Body!.transformToString()) as BatchFailure;
  }

  it('writes a batch out of retries to S3, then moves the partition on', async () => {
    // Prepare
    const topic = 'esm-s3';
    await createTopic(broker.bootstrap, topic, 2);
    await producer.send(topic, [
      { partition: 0, value: 'bad-0' },
      { partition: 0, value: 'bad-1' },
    ]);
    const trigger = testTrigger(topic, {
      batchingWindowMs: 50,
      retry: { maximumRetryAttempts: 1, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: false },
      onFailure: { bucket: 'dead-letters' },
    });
    let invokes = 0;
    const good: string[] = [];
    const mapping = await EventSourceMapping.start({
      trigger,
      bootstrap: broker.bootstrap,
      functionName: 'aqi-scorer',
      timeoutSeconds: 5,
      memoryMb: 128,
      retryBackoffMs: { initial: 20, max: 20 },
      destination: s3FailureDestination(s3, 'dead-letters', 'aqi-scorer'),
      handler: async (event) => {
        invokes++;
        const records = recordsOf(event);
        if (records.some((r) => r.value.startsWith('bad'))) throw new Error('unparseable reading');
        good.push(...records.map((r) => r.value));
      },
    });

    try {
      // Act
      await waitFor(() => mapping.stats().sentToDestination === 2, 10_000, 'batch given up');
      await producer.send(topic, [{ partition: 0, value: 'good-2' }]);
      await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 3, 10_000, 'partition moves on');
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'dead-letters', Prefix: 'esm-failures/' }));
      const failure = await readJson(`esm-failures/aqi-scorer/${topic}/0/0-1.json`);

      // Assess
      expect(invokes).toBe(3);
      expect(good).toEqual(['good-2']);
      expect(listed.Contents?.map((object) => object.Key)).toEqual([`esm-failures/aqi-scorer/${topic}/0/0-1.json`]);
      expect(failure).toMatchObject({
        requestContext: {
          functionArn: 'arn:aws:lambda:local:000000000000:function:aqi-scorer',
          condition: 'RetryAttemptsExhausted',
          approximateInvokeCount: 2,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        KafkaBatchInfo: {
          batchSize: 2,
          bootstrapServers: broker.bootstrap,
          recordsInfo: { [`${topic}-0`]: { firstRecordOffset: '0', lastRecordOffset: '1' } },
        },
      });
      expect(recordsOf(JSON.parse(failure.payload)).map((r) => r.value)).toEqual(['bad-0', 'bad-1']);
      expect(await committedOffsets(broker.bootstrap, consumerGroupOf(trigger), topic, 2)).toEqual([3, -1]);
    } finally {
      await mapping.stop();
    }
  });

  it('overwrites the same object when a failure is written again (idempotent key)', async () => {
    // Prepare
    const destination = s3FailureDestination(s3, 'dead-letters', 'idempotent-fn');
    const failure = (approximateInvokeCount: number): BatchFailure => ({
      requestContext: {
        requestId: 'r',
        functionArn: 'arn:aws:lambda:local:000000000000:function:idempotent-fn',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2024-06-18T12:00:00.000Z',
      KafkaBatchInfo: {
        batchSize: 1,
        eventSourceArn: undefined,
        bootstrapServers: '127.0.0.1:9092',
        payloadSize: 2,
        recordsInfo: {
          'air-quality-3': {
            firstRecordOffset: '41',
            lastRecordOffset: '41',
            firstRecordTimestamp: '2024-06-18T12:00:00.000Z',
            lastRecordTimestamp: '2024-06-18T12:00:00.000Z',
          },
        },
      },
      payload: '{}',
    });

    // Act
    await destination(failure(1));
    await destination(failure(2));
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'dead-letters', Prefix: 'esm-failures/idempotent-fn/' }),
    );

    // Assess
    expect(listed.Contents?.map((object) => object.Key)).toEqual([
      'esm-failures/idempotent-fn/air-quality/3/41-41.json',
    ]);
    expect(
      (await readJson('esm-failures/idempotent-fn/air-quality/3/41-41.json')).requestContext.approximateInvokeCount,
    ).toBe(2);
  });
});
