import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { BucketAlreadyOwnedByYou, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Admin } from '@platformatic/kafka';
import type { PipelineSpec } from '../pipeline/index.js';
import { S3_CREDENTIALS } from './services/s3.js';

/** Physical names of the pipeline's tables and buckets in the local runtime. */
export const localTableName = (name: string) => `tandem-${name}`;
export const localBucketName = (name: string) => `tandem-${name}`;

export const LOCAL_REGION = 'us-east-1';

/** Creates every topic, table and bucket `pipeline.ts` declares; existing ones are left as they are. */
export async function provisionLocal(
  pipeline: PipelineSpec,
  endpoints: { bootstrap: string; dynamodb: string; s3: string },
): Promise<void> {
  const admin = new Admin({ clientId: 'tandem-provision', bootstrapBrokers: [endpoints.bootstrap] });
  try {
    const existing = new Set(await admin.listTopics());
    for (const [topic, spec] of Object.entries(pipeline.topics)) {
      if (existing.has(topic)) continue;
      await admin.createTopics({
        topics: [topic],
        partitions: spec.partitions,
        replicas: 1,
        configs: [{ name: 'retention.ms', value: String(spec.retentionHours * 3_600_000) }],
      });
    }
  } finally {
    await admin.close();
  }

  await provisionTables(pipeline, endpoints.dynamodb);

  const s3 = new S3Client({
    endpoint: endpoints.s3,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: S3_CREDENTIALS,
  });
  try {
    for (const name of Object.keys(pipeline.buckets)) {
      try {
        await s3.send(new CreateBucketCommand({ Bucket: localBucketName(name) }));
      } catch (err) {
        if (!(err instanceof BucketAlreadyOwnedByYou) && (err as Error).name !== 'BucketAlreadyExists') throw err;
      }
    }
  } finally {
    s3.destroy();
  }
}

/** Creates every DynamoDB table (with its indexes and TTL) `pipeline.ts` declares; existing ones are left as they are. */
export async function provisionTables(pipeline: PipelineSpec, endpoint: string): Promise<void> {
  const dynamo = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: S3_CREDENTIALS,
  });
  try {
    for (const [name, spec] of Object.entries(pipeline.tables)) {
      const keys = [spec.partitionKey, ...(spec.sortKey ? [spec.sortKey] : [])];
      const indexes = Object.entries(spec.indexes ?? {});
      for (const [, ix] of indexes) keys.push(ix.partitionKey, ...(ix.sortKey ? [ix.sortKey] : []));
      const input: CreateTableCommandInput = {
        TableName: localTableName(name),
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(keys)].map((k) => ({
          AttributeName: k,
          AttributeType: spec.numberAttributes?.includes(k) ? ('N' as const) : ('S' as const),
        })),
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          ...(spec.sortKey ? [{ AttributeName: spec.sortKey, KeyType: 'RANGE' as const }] : []),
        ],
        ...(indexes.length > 0
          ? {
              GlobalSecondaryIndexes: indexes.map(([indexName, ix]) => ({
                IndexName: indexName,
                KeySchema: [
                  { AttributeName: ix.partitionKey, KeyType: 'HASH' as const },
                  ...(ix.sortKey ? [{ AttributeName: ix.sortKey, KeyType: 'RANGE' as const }] : []),
                ],
                Projection: { ProjectionType: 'ALL' as const },
              })),
            }
          : {}),
      };
      try {
        await dynamo.send(new CreateTableCommand(input));
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
      }
      if (spec.ttlAttribute) {
        // dynalite has no TTL API: expiry is enforced on AWS only; reads filter expired items themselves.
        await dynamo
          .send(
            new UpdateTimeToLiveCommand({
              TableName: localTableName(name),
              TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
            }),
          )
          .catch(() => undefined);
      }
    }
  } finally {
    dynamo.destroy();
  }
}
