import type { Metrics } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AIR_WINDOWS_FUNCTION } from '../../../functions/air-windows/config.js';
import { airWindowsBatch } from '../../../functions/air-windows/window-batch.js';
import { type DeadLetterDocument, deadLetterSink } from '../../../functions/lib/dead-letter/index.js';
import { encodeKafkaEvent, type MskEvent } from '../../../functions/lib/kafka-event/index.js';
import { handlerMetrics, type KafkaLambdaHandler, kafkaHandler } from '../../../functions/lib/middleware/index.js';
import { metricsOf, windowCounter } from '../../../functions/lib/windows/index.js';
import { localBucketName, localTableName } from '../../../infra/local/provision.js';
import { pipeline } from '../../../infra/pipeline.js';
import { silentLogger } from './kafka-batch.js';

/** The air-windows handler as handler.ts builds it, over the test's clients (and metrics, to read them back). */
export function airWindowsHandler(
  clients: { dynamo: DynamoDBDocumentClient; s3: S3Client },
  metrics: Metrics = handlerMetrics(AIR_WINDOWS_FUNCTION),
): KafkaLambdaHandler {
  const counter = windowCounter({
    dynamo: clients.dynamo,
    windowsTable: localTableName('windows'),
    stateTable: localTableName('window-state'),
    metrics: metricsOf(pipeline, AIR_WINDOWS_FUNCTION),
  });
  return kafkaHandler(
    airWindowsBatch({
      counter,
      weather: { dynamo: clients.dynamo, table: localTableName('air-weather') },
      now: { dynamo: clients.dynamo, table: localTableName('air-now') },
      metrics,
    }),
    {
      functionName: AIR_WINDOWS_FUNCTION,
      reportBatchItemFailures: true,
      metrics,
      logger: silentLogger(),
      deadLetters: deadLetterSink({
        functionName: AIR_WINDOWS_FUNCTION,
        bucket: localBucketName('dead-letters'),
        s3: clients.s3,
      }),
    },
  );
}

/** One record as a test lays it out on a topic. */
export interface AirLine {
  topic: 'air-quality' | 'weather';
  partition: number;
  offset: number;
  /** Kafka timestamp, epoch ms. */
  timestamp: number;
  key: string;
  /** A JSON document, or raw text when it is a string. */
  value: unknown;
}

/** `lines` as one MSK event, partitions grouped, offsets ascending within each. */
export function airEvent(lines: readonly AirLine[]): MskEvent {
  const sorted = [...lines].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  return encodeKafkaEvent({
    bootstrapServers: 'b-1.tandem.local:9098',
    records: sorted.map((l) => ({
      topic: l.topic,
      partition: l.partition,
      offset: l.offset,
      timestamp: l.timestamp,
      key: l.key,
      value: Buffer.from(typeof l.value === 'string' ? l.value : JSON.stringify(l.value)),
    })),
  });
}

/** Dead letters of air-windows: reason, detail and the record's offset. */
export async function airDeadLetters(s3: S3Client): Promise<{ reason: string; detail: string; offset: number }[]> {
  const bucket = localBucketName('dead-letters');
  const out: { reason: string; detail: string; offset: number }[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: `records/${AIR_WINDOWS_FUNCTION}/`, Marker: marker }),
    );
    for (const o of page.Contents ?? []) {
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))
      ).Body?.transformToString();
      const doc = JSON.parse(body as string) as DeadLetterDocument;
      out.push({ reason: doc.reason, detail: doc.detail, offset: doc.coordinates.offset as number });
    }
    if (!page.IsTruncated || !page.Contents?.length) break;
    marker = page.Contents.at(-1)?.Key;
  }
  return out;
}
