import type { Metrics } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { alertSender } from '../../../functions/air-windows/alert-delivery.js';
import { AIR_WINDOWS_FUNCTION, DAILY_PM10_METRIC } from '../../../functions/air-windows/config.js';
import { loadPublishedForecastScorer, onceScorer } from '../../../functions/air-windows/forecast-scorer.js';
import { forecaster } from '../../../functions/air-windows/forecaster.js';
import { airWindowsBatch } from '../../../functions/air-windows/window-batch.js';
import { airLocations } from '../../../functions/lib/air-records/index.js';
import { type DeadLetterDocument, deadLetterSink } from '../../../functions/lib/dead-letter/index.js';
import { encodeKafkaEvent, type MskEvent } from '../../../functions/lib/kafka-event/index.js';
import { handlerMetrics, type KafkaLambdaHandler, kafkaHandler } from '../../../functions/lib/middleware/index.js';
import { DEFAULT_FLOOD_POLICY, DEFAULT_RETRY_POLICY } from '../../../functions/lib/notifications/index.js';
import { metricsOf, windowCounter } from '../../../functions/lib/windows/index.js';
import { localBucketName, localTableName } from '../../../infra/local/provision.js';
import { LOCAL_SLACK_HOOKS } from '../../../infra/local/secrets.js';
import { modelUriEnvName } from '../../../infra/pipeline/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { silentLogger } from './kafka-batch.js';

/** The forecast model, loaded once for every handler a test file builds (as one container would). */
const scorer = onceScorer(() =>
  loadPublishedForecastScorer({ [modelUriEnvName('air-quality')]: pipeline.models['air-quality']!.directory }),
);

/**
 * The air-windows handler as handler.ts builds it, over the test's clients (and metrics, to read
 * them back): forecasts for the declared locations, and alerts to `slackUrl` (the local Slack
 * sink) when given, else recorded in the outbox with no webhook to post to.
 */
export function airWindowsHandler(
  clients: { dynamo: DynamoDBDocumentClient; s3: S3Client },
  metrics: Metrics = handlerMetrics(AIR_WINDOWS_FUNCTION),
  options: { slackUrl?: string; clock?: () => number } = {},
): KafkaLambdaHandler {
  const weather = { dynamo: clients.dynamo, table: localTableName('air-weather') };
  const counter = windowCounter({
    dynamo: clients.dynamo,
    windowsTable: localTableName('windows'),
    stateTable: localTableName('window-state'),
    metrics: metricsOf(pipeline, AIR_WINDOWS_FUNCTION),
  });
  return kafkaHandler(
    airWindowsBatch({
      counter,
      weather,
      now: { dynamo: clients.dynamo, table: localTableName('air-now') },
      metrics,
      forecast: forecaster({
        locations: airLocations({
          AIR_LOCATIONS: pipeline.functions[AIR_WINDOWS_FUNCTION]!.environment!.AIR_LOCATIONS,
        }),
        forecasts: { dynamo: clients.dynamo, table: localTableName('air-forecasts') },
        means: { dynamo: clients.dynamo, table: localTableName('windows'), metric: DAILY_PM10_METRIC },
        weather,
        scorer,
      }),
      alerts: alertSender({
        dynamo: clients.dynamo,
        table: localTableName('notifications'),
        channel: '#air-quality',
        webhookUrl: async (kind) =>
          options.slackUrl && kind === 'air-quality'
            ? `${options.slackUrl}/services/${LOCAL_SLACK_HOOKS['air-quality']}`
            : undefined,
        retry: DEFAULT_RETRY_POLICY,
        flood: DEFAULT_FLOOD_POLICY,
        slackBudgetMs: 10_000,
      }),
      ...(options.clock ? { clock: options.clock } : {}),
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
  topic: 'air-quality' | 'air-quality-checked' | 'weather';
  partition: number;
  offset: number;
  /** Kafka timestamp, epoch ms. */
  timestamp: number;
  key: string;
  /** A JSON document, or raw text when it is a string. */
  value: unknown;
}

/** The check of a reading air-anomalies judged and did not flag. */
export const CLEAN_CHECK = { status: 'clean', flags: {} } as const;

/**
 * `lines` as air-windows reads them: `air-quality` readings as air-anomalies forwards them to
 * `air-quality-checked` (same partition and offset, `check` added, clean unless given), other
 * topics as they are.
 */
export function asChecked(lines: readonly AirLine[], check: unknown = CLEAN_CHECK): AirLine[] {
  return lines.map((l) =>
    l.topic !== 'air-quality'
      ? l
      : {
          ...l,
          topic: 'air-quality-checked',
          value: typeof l.value === 'object' && l.value !== null ? { ...l.value, check } : l.value,
        },
  );
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
