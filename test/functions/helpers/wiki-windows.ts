import { GetObjectCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deadLetterSink } from '../../../functions/lib/dead-letter/index.js';
import { encodeKafkaEvent, type MskEvent } from '../../../functions/lib/kafka-event/index.js';
import { handlerMetrics, type KafkaLambdaHandler, kafkaHandler } from '../../../functions/lib/middleware/index.js';
import { metricsOf, windowCounter } from '../../../functions/lib/windows/index.js';
import { WIKI_WINDOWS_FUNCTION } from '../../../functions/wiki-windows/config.js';
import { countWikiBatch } from '../../../functions/wiki-windows/count-batch.js';
import { localBucketName, localTableName } from '../../../infra/local/provision.js';
import type { PipelineSpec } from '../../../infra/pipeline/types.js';
import { pipeline } from '../../../infra/pipeline.js';
import { silentLogger } from './kafka-batch.js';
import { lineBytes, type ReplayLine } from './wiki-replay.js';

/**
 * The wiki-windows handler as handler.ts builds it, over the clients a test passes (healthy or
 * failing), and the pipeline's metrics unless the test declares its own.
 */
export function wikiWindowsHandler(
  clients: { dynamo: DynamoDBDocumentClient; s3: S3Client },
  declaration: Pick<PipelineSpec, 'metrics' | 'topics'> = pipeline,
): KafkaLambdaHandler {
  const metrics = handlerMetrics(WIKI_WINDOWS_FUNCTION);
  const counter = windowCounter({
    dynamo: clients.dynamo,
    windowsTable: localTableName('windows'),
    stateTable: localTableName('window-state'),
    metrics: metricsOf(declaration, WIKI_WINDOWS_FUNCTION),
  });
  return kafkaHandler(countWikiBatch({ counter, metrics }), {
    functionName: WIKI_WINDOWS_FUNCTION,
    reportBatchItemFailures: true,
    metrics,
    logger: silentLogger(),
    deadLetters: deadLetterSink({
      functionName: WIKI_WINDOWS_FUNCTION,
      bucket: localBucketName('dead-letters'),
      s3: clients.s3,
    }),
  });
}

/**
 * The replay file as the trigger delivers it: canaries filtered out, each phase in events of
 * at most `size` records, partitions interleaved, offsets ascending within each.
 */
export function replayBatches(lines: readonly ReplayLine[], size: number): { phase: number; event: MskEvent }[] {
  const out: { phase: number; event: MskEvent }[] = [];
  const phases = [...new Set(lines.map((l) => l.phase))].sort((a, b) => a - b);
  for (const phase of phases) {
    const delivered = lines.filter((l) => l.phase === phase && l.value?.meta.domain !== 'canary');
    for (let i = 0; i < delivered.length; i += size) {
      const chunk = delivered.slice(i, i + size).sort((a, b) => a.partition - b.partition || a.offset - b.offset);
      out.push({
        phase,
        event: encodeKafkaEvent({
          bootstrapServers: 'b-1.tandem.local:9098',
          records: chunk.map((l) => ({
            topic: 'wiki-changes',
            partition: l.partition,
            offset: l.offset,
            timestamp: Date.UTC(2026, 10, 1, 12, 0, 0) + l.offset,
            key: l.value?.user ?? null,
            value: lineBytes(l),
          })),
        }),
      });
    }
  }
  return out;
}

/** Dead letters of wiki-windows: reason and the event's meta.id (when it parsed). */
export async function wikiDeadLetters(s3: S3Client): Promise<{ reason: string; id?: string }[]> {
  const bucket = localBucketName('dead-letters');
  const out: { reason: string; id?: string }[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: `records/${WIKI_WINDOWS_FUNCTION}/`, Marker: marker }),
    );
    for (const o of page.Contents ?? []) {
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))
      ).Body?.transformToString();
      const doc = JSON.parse(body as string) as { reason: string; value?: { base64: string } };
      let id: string | undefined;
      try {
        id = (JSON.parse(Buffer.from(doc.value?.base64 ?? '', 'base64').toString()) as { meta: { id: string } }).meta
          .id;
      } catch {
        id = undefined;
      }
      out.push({ reason: doc.reason, ...(id ? { id } : {}) });
    }
    if (!page.IsTruncated || !page.Contents?.length) break;
    marker = page.Contents.at(-1)?.Key;
  }
  return out;
}

/** Per metric: `${key}\u0000${start}` → count, read from the windows table. */
export function countsOf(items: readonly Record<string, unknown>[]): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const item of items) {
    const metric = item.metric as string;
    if (!counts.has(metric)) counts.set(metric, new Map());
    counts.get(metric)?.set(`${item.key}\u0000${item.start}`, item.count as number);
  }
  return counts;
}
