import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker } from '../../../../infra/local/kafka/index.js';
import { LOCAL_REGION, localBucketName, localTableName, provisionLocal } from '../../../../infra/local/provision.js';
import { startDynamo } from '../../../../infra/local/services/dynamodb.js';
import { S3_CREDENTIALS, startS3 } from '../../../../infra/local/services/s3.js';
import { startSlackSink } from '../../../../infra/local/services/slack-sink.js';
import { validatePipeline } from '../../../../infra/pipeline/index.js';

describe('local services', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-services-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records Slack webhook posts to a JSON Lines file and refuses payloads Slack refuses', async () => {
    // Prepare
    const file = path.join(dir, 'slack.jsonl');
    const seen: string[] = [];
    const sink = await startSlackSink({ file, onPost: (p) => seen.push(p.hook) });
    try {
      // Act
      const ok = await fetch(`${sink.url}/services/T000/B000/negative`, {
        method: 'POST',
        body: JSON.stringify({ text: 'négatif ☹' }),
      });
      const bad = await fetch(`${sink.url}/services/T000/B000/negative`, { method: 'POST', body: '{"nope":1}' });
      const notJson = await fetch(`${sink.url}/services/x`, { method: 'POST', body: 'text=hi' });
      const wrongPath = await fetch(`${sink.url}/elsewhere`, { method: 'POST', body: '{"text":"x"}' });
      // Assess
      expect([ok.status, await ok.text()]).toEqual([200, 'ok']);
      expect([bad.status, await bad.text()]).toEqual([400, 'invalid_payload']);
      expect(notJson.status).toBe(400);
      expect(wrongPath.status).toBe(404);
      const lines = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toHaveLength(1);
      expect(lines[0].body.text).toBe('négatif ☹');
      expect(seen).toEqual(['T000/B000/negative']);
    } finally {
      await sink.close();
    }
  });

  it('creates the declared topics, tables and buckets, and tolerates running twice', async () => {
    // Prepare
    const spec = validatePipeline({
      topics: { 'svc-a': { partitions: 4, retentionHours: 1, description: 'a' } },
      secrets: {},
      models: {},
      tables: {
        windows: {
          partitionKey: 'pk',
          sortKey: 'sk',
          ttlAttribute: 'expiresAt',
          indexes: { byKey: { partitionKey: 'gk' } },
        },
      },
      buckets: { archive: { description: 'x' } },
      functions: {},
      triggers: [],
      schedules: [],
      api: [],
      metrics: {},
    });
    const broker = await startBroker({ port: 0, inMemory: true });
    const dynamo = await startDynamo({ dir: path.join(dir, 'dynamo') });
    const s3 = await startS3({ dir: path.join(dir, 's3') });
    const endpoints = { bootstrap: broker.bootstrap, dynamodb: dynamo.endpoint, s3: s3.endpoint };
    try {
      // Act
      await provisionLocal(spec, endpoints);
      await provisionLocal(spec, endpoints);
      // Assess
      const admin = new Admin({ clientId: 'svc', bootstrapBrokers: [broker.bootstrap] });
      const meta = await admin.metadata({ topics: ['svc-a'] });
      await admin.close();
      expect(meta.topics.get('svc-a')?.partitionsCount).toBe(4);
      const ddb = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: S3_CREDENTIALS });
      const table = await ddb.send(new DescribeTableCommand({ TableName: localTableName('windows') }));
      ddb.destroy();
      expect(table.Table?.KeySchema?.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
      expect(table.Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('byKey');
      const client = new S3Client({
        endpoint: s3.endpoint,
        region: LOCAL_REGION,
        forcePathStyle: true,
        credentials: S3_CREDENTIALS,
      });
      const head = await client.send(new HeadBucketCommand({ Bucket: localBucketName('archive') }));
      client.destroy();
      expect(head.$metadata.httpStatusCode).toBe(200);
    } finally {
      await s3.close();
      await dynamo.close();
      await broker.close();
    }
  });
});
