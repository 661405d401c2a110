import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { vi } from 'vitest';
import { encodeKafkaEvent, type KafkaRecordInput, type MskEvent } from '../../../functions/lib/kafka-event/index.js';
import { type RunningBroker, startBroker } from '../../../infra/local/kafka/index.js';
import { LOCAL_REGION, localBucketName, localTableName, provisionLocal } from '../../../infra/local/provision.js';
import { LOCAL_SLACK_HOOKS } from '../../../infra/local/secrets.js';
import { type LocalService, startDynamo } from '../../../infra/local/services/dynamodb.js';
import { S3_CREDENTIALS, startS3 } from '../../../infra/local/services/s3.js';
import { type SlackPost, type SlackSink, startSlackSink } from '../../../infra/local/services/slack-sink.js';
import { bucketEnvName, modelUriEnvName, secretValueEnvName, tableEnvName } from '../../../infra/pipeline/index.js';
import { pipeline } from '../../../infra/pipeline.js';

/**
 * The real local services the feedback functions talk to, provisioned from infra/pipeline.ts
 * as the local runtime does: the embedded broker, dynalite (tables with their indexes), s3rver
 * (the dead-letter bucket) and the Slack webhook sink.
 */
export interface FeedbackServices {
  broker: RunningBroker;
  dynamo: LocalService;
  s3: LocalService;
  sink: SlackSink;
  /** Clients of the test's own, for reading back. */
  documents: DynamoDBDocumentClient;
  s3Client: S3Client;
  /** Every item of a pipeline table (`feedback`, `notifications`). */
  scan(table: string): Promise<Record<string, unknown>[]>;
  /** Sink posts to a notification channel's hook (`negative`, `positive`, `sensor`). */
  posts(kind: keyof typeof LOCAL_SLACK_HOOKS): SlackPost[];
  close(): Promise<void>;
}

export async function startFeedbackServices(): Promise<FeedbackServices> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-feedback-'));
  const broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
  const dynamo = await startDynamo();
  const s3 = await startS3({ dir: path.join(dir, 's3') });
  // Tests read the posts back: keep more than they send.
  const sink = await startSlackSink({ file: path.join(dir, 'slack.jsonl'), recentLimit: 10_000 });
  await provisionLocal(pipeline, { bootstrap: broker.bootstrap, dynamodb: dynamo.endpoint, s3: s3.endpoint });
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: S3_CREDENTIALS }),
  );
  const s3Client = new S3Client({
    endpoint: s3.endpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: S3_CREDENTIALS,
  });
  return {
    broker,
    dynamo,
    s3,
    sink,
    documents,
    s3Client,
    async scan(table) {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new ScanCommand({ TableName: localTableName(table), ...(start ? { ExclusiveStartKey: start } : {}) }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
    posts: (kind) => sink.recent.filter((p) => p.hook === LOCAL_SLACK_HOOKS[kind]),
    async close() {
      documents.destroy();
      s3Client.destroy();
      await sink.close();
      await s3.close();
      await dynamo.close();
      await broker.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stubs the environment a pipeline function gets from its bindings in infra/pipeline.ts, as
 * the local runtime sets it (tables, buckets, models, the Slack webhooks secret, its own
 * environment), with `overrides` on top. `vi.unstubAllEnvs()` undoes it.
 */
export function useFunctionEnvironment(
  functionName: string,
  services: FeedbackServices,
  overrides: Record<string, string> = {},
): void {
  const fn = pipeline.functions[functionName];
  if (!fn) throw new Error(`no function ${functionName} in the pipeline`);
  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: services.s3.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    KAFKA_BOOTSTRAP: services.broker.bootstrap,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...fn.environment,
  };
  for (const t of fn.tables ?? []) env[tableEnvName(t.name)] = localTableName(t.name);
  for (const b of fn.buckets ?? []) env[bucketEnvName(b.name)] = localBucketName(b.name);
  for (const m of fn.models ?? []) env[modelUriEnvName(m)] = path.resolve(pipeline.models[m]!.directory);
  if (fn.secrets?.includes('slack-webhooks')) {
    env[secretValueEnvName('slack-webhooks')] = JSON.stringify(
      Object.fromEntries(
        Object.entries(LOCAL_SLACK_HOOKS).map(([kind, hook]) => [kind, `${services.sink.url}/services/${hook}`]),
      ),
    );
  }
  for (const [key, value] of Object.entries({ ...env, ...overrides })) vi.stubEnv(key, value);
}

/** A feedback record at (partition, offset): `value` as JSON unless it is already bytes or text. */
export function feedbackRecord(partition: number, offset: number, value: unknown): KafkaRecordInput {
  return {
    topic: 'feedback',
    partition,
    offset,
    timestamp: Date.UTC(2025, 5, 1, 9, 0, 0) + offset,
    key: typeof value === 'object' && value !== null && 'id' in value ? String((value as { id: unknown }).id) : null,
    value: Buffer.isBuffer(value) || typeof value === 'string' ? value : JSON.stringify(value),
  };
}

/** An MSK event as the event source mapping delivers it. */
export function feedbackEvent(records: KafkaRecordInput[]): MskEvent {
  return encodeKafkaEvent({ bootstrapServers: 'b-1.tandem.local:9098', records });
}
