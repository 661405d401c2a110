import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import { FEEDBACK_SCORER_FUNCTION, scorerConfig } from '../functions/feedback-scorer/config.js';
import { feedbackOf } from '../functions/feedback-scorer/feedback-record.js';
import { scoreFeedbackBatch } from '../functions/feedback-scorer/score-batch.js';
import { scoreRecords } from '../functions/feedback-scorer/score-records.js';
import type { SentimentModel } from '../functions/feedback-scorer/scored-feedback.js';
import { dynamoDocumentClient } from '../functions/lib/aws/index.js';
import { decodeKafkaEvent, type KafkaRecordInput, type MskEvent } from '../functions/lib/kafka-event/index.js';
import { handlerMetrics, kafkaHandler } from '../functions/lib/middleware/index.js';
import { slackWebhookUrl } from '../functions/lib/notifications/index.js';
import { loadSentimentScorer, sentimentBand } from '../functions/lib/sentiment/index.js';
import { startBroker } from '../infra/local/kafka/index.js';
import { localBucketName, localTableName, provisionLocal } from '../infra/local/provision.js';
import { LOCAL_SLACK_HOOKS } from '../infra/local/secrets.js';
import { startDynamo } from '../infra/local/services/dynamodb.js';
import { S3_CREDENTIALS, startS3 } from '../infra/local/services/s3.js';
import { startSlackSink } from '../infra/local/services/slack-sink.js';
import { modelUriEnvName, secretValueEnvName, tableEnvName } from '../infra/pipeline/index.js';
import { pipeline } from '../infra/pipeline.js';
import { COLD_RUNS, coldMs, median, mskEvents } from './measure.js';
import { benchRecords } from './records.js';
import { fmt, printTable } from './table.js';

/**
 * The feedback scorer at batches of 100, 1,000 and 10,000 records over 3 partitions:
 *
 * - the real handler end to end (middleware, decode, validation, one ONNX run, one conditional
 *   put per record into dynalite, the notification outbox and Slack posts to the local sink).
 *   These texts are polarised (as are the UCI review sentences: 97% score below 0.3 or above
 *   0.9), so most records notify; the same handler with thresholds no score crosses shows the
 *   cost without Slack. (Real Slack allows about one post per second per webhook; the gate and
 *   the outbox defer the rest, which is what the 10,000 batch shows once its budget is spent.)
 * - its domain step without I/O (`decodeKafkaEvent` + `scoreRecords`: parse, validate, one
 *   ONNX run, items and notification decisions);
 * - the anti-pattern beside it: the same step with one ONNX run per record;
 * - the floor: `decodeKafkaEvent` + JSON.parse + validation (`feedbackOf`) and nothing else;
 *
 * then the cold start: handler module init (which loads the model) and model load alone, each
 * in a fresh process (tsx, unbundled). dynalite, s3rver and the sink run in this process, so
 * their own work is inside the end-to-end timings. Texts come from bench/records.ts, the
 * content every benchmark shares; `lexicon libraries on the same texts` are in bench/sentiment.ts.
 */
const BATCH_SIZES = [100, 1000, 10_000] as const;
/** Measured invokes of the end-to-end handler per batch size, after one warm-up. */
const HANDLER_INVOKES: Record<(typeof BATCH_SIZES)[number], number> = { 100: 10, 1000: 3, 10000: 1 };
/**
 * The in-process paths take turns for ROUNDS rounds of at least ROUND_MS (and one pass) each,
 * and each reports its best round, as bench/sentiment.ts does: the machine may be shared, and a
 * burst of load from elsewhere then hits the floor and the paths alike instead of skewing
 * whichever ran through it.
 */
const ROUNDS = 5;
const ROUND_MS = 300;
const PARTITIONS = 3;
const root = fileURLToPath(new URL('..', import.meta.url));
const MODEL_DIR = path.join(root, pipeline.models.sentiment!.directory);

// ---------------------------------------------------------------- records

/** Feedback documents in the pipeline's shape, from the benchmarks' shared content; offsets rise per partition. */
function feedbackSource(seed: number): (count: number) => KafkaRecordInput[] {
  const content = benchRecords(seed);
  const offsets = Array.from({ length: PARTITIONS }, () => 0);
  let seq = 0;
  const start = Date.UTC(2025, 5, 1, 8);
  return (count) =>
    Array.from({ length: count }, () => {
      const partition = seq % PARTITIONS;
      const timestamp = start + seq;
      const raw = JSON.parse(content.feedback(timestamp).value) as Record<string, unknown>;
      const id = `bench-${seed}-${seq++}`;
      const offset = offsets[partition]!++;
      return {
        topic: 'feedback',
        partition,
        offset,
        timestamp,
        key: id,
        value: JSON.stringify({
          id,
          source: raw.source,
          text: raw.text,
          ts: raw.created_at,
          author: raw.user,
          ...(raw.channel ? { channel: raw.channel } : {}),
        }),
      };
    });
}

// ---------------------------------------------------------------- measurements

interface Throughput {
  rps: number;
  msPerBatch: number;
}

/** Records per second of each path over one batch: one warm-up pass each, then its best of ROUNDS interleaved rounds. */
async function throughputs(records: number, paths: (() => unknown)[]): Promise<Throughput[]> {
  for (const work of paths) await work();
  const best = paths.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [p, work] of paths.entries()) {
      let passes = 0;
      const start = performance.now();
      let elapsed = 0;
      while (passes === 0 || elapsed < ROUND_MS) {
        await work();
        passes++;
        elapsed = performance.now() - start;
      }
      best[p] = Math.min(best[p] as number, elapsed / passes);
    }
  }
  return best.map((ms) => ({ rps: (records * 1000) / ms, msPerBatch: ms }));
}

/** The same model, run once per text: what a per-record UDF calling the scorer does. */
function perRecord(model: SentimentModel): SentimentModel {
  return {
    version: model.version,
    featureVersion: model.featureVersion,
    async score(texts) {
      const out = new Float32Array(texts.length);
      for (let i = 0; i < texts.length; i++) out[i] = (await model.score([texts[i] as string]))[0] as number;
      return out;
    },
  };
}

const context = (): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'tandem-feedback-scorer',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:tandem-feedback-scorer',
  memoryLimitInMB: '2048',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/tandem-feedback-scorer',
  logStreamName: '2025/06/01/[$LATEST]bench',
  getRemainingTimeInMillis: () => 900_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
});

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export async function run(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-bench-feedback-'));
  const broker = await startBroker({ port: 0, inMemory: true });
  const dynamo = await startDynamo();
  const s3 = await startS3({ dir: path.join(dir, 's3') });
  const sink = await startSlackSink({ file: path.join(dir, 'slack.jsonl') });
  try {
    await provisionLocal(pipeline, { bootstrap: broker.bootstrap, dynamodb: dynamo.endpoint, s3: s3.endpoint });
    const env: Record<string, string> = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      ...pipeline.functions['feedback-scorer']!.environment,
      [tableEnvName('feedback')]: localTableName('feedback'),
      [tableEnvName('notifications')]: localTableName('notifications'),
      [tableEnvName('windows')]: localTableName('windows'),
      [tableEnvName('window-state')]: localTableName('window-state'),
      BUCKET_DEAD_LETTERS: localBucketName('dead-letters'),
      [modelUriEnvName('sentiment')]: MODEL_DIR,
      [secretValueEnvName('slack-webhooks')]: JSON.stringify({
        negative: `${sink.url}/services/${LOCAL_SLACK_HOOKS.negative}`,
        positive: `${sink.url}/services/${LOCAL_SLACK_HOOKS.positive}`,
      }),
    };
    Object.assign(process.env, env);
    const { handler } = (await import('../functions/feedback-scorer/handler.js')) as unknown as { handler: Handler };
    const model = await loadSentimentScorer({ modelDir: MODEL_DIR });
    const metrics = handlerMetrics(FEEDBACK_SCORER_FUNCTION);
    const writesOnly = kafkaHandler(
      scoreFeedbackBatch({
        // One model for the whole run: no checks for a newer one while measuring.
        model: { use: (fn) => fn(model) },
        band: sentimentBand,
        config: { ...scorerConfig(), thresholds: { negative: 0, positive: 1 } },
        dynamo: dynamoDocumentClient(),
        webhookUrl: slackWebhookUrl,
        metrics,
      }),
      { functionName: FEEDBACK_SCORER_FUNCTION, reportBatchItemFailures: true, metrics },
    ) as unknown as Handler;
    const step = { band: sentimentBand, thresholds: { negative: 0.3, positive: 0.9 }, ttlDays: 90 };
    const source = feedbackSource(7);

    const rows: Record<string, string>[] = [];
    let notified = 0;
    let scoredTotal = 0;
    for (const size of BATCH_SIZES) {
      const row = (label: string, rps: number, ms: number, floorRps: number, extra = '–') => ({
        path: label,
        batch: fmt(size),
        'records/s': fmt(rps),
        'ms/batch': fmt(ms, ms < 10 ? 2 : 1),
        'floor ÷ path': `${fmt(floorRps / rps, 2)}×`,
        notifications: extra,
      });

      // End to end: fresh ids every invoke, so every row and notification is new work.
      const endToEnd = async (h: Handler) => {
        await h(mskEvents(source, Math.min(size, 100), 1)[0], context()); // warm-up
        const measured = mskEvents(source, size, HANDLER_INVOKES[size]);
        const before = sink.accepted;
        const times: number[] = [];
        for (const event of measured) {
          const t = performance.now();
          const response = await h(event, context());
          times.push(performance.now() - t);
          if (response !== undefined) throw new Error(`scorer reported failures: ${JSON.stringify(response)}`);
        }
        return { ms: median(times), posts: (sink.accepted - before) / measured.length };
      };
      const full = await endToEnd(handler);
      const quiet = await endToEnd(writesOnly);

      // In process, on one fixed batch.
      const event = mskEvents(source, size, 1)[0] as MskEvent;
      const [floor, batched, single] = (await throughputs(size, [
        () => {
          for (const record of decodeKafkaEvent(event).records) {
            try {
              feedbackOf(record);
            } catch {
              // Refusals count: the floor validates every record like the scorer.
            }
          }
        },
        async () => {
          const { scored } = await scoreRecords(decodeKafkaEvent(event).records, { model, ...step });
          notified = scored.filter((s) => s.notify).length;
          scoredTotal = scored.length;
        },
        () => scoreRecords(decodeKafkaEvent(event).records, { model: perRecord(model), ...step }),
      ])) as [Throughput, Throughput, Throughput];

      rows.push(
        row(
          'handler end to end: puts, outbox, Slack posts',
          size / (full.ms / 1000),
          full.ms,
          floor.rps,
          `${fmt(full.posts)} posts/batch`,
        ),
        row('handler end to end: puts only (no score crosses)', size / (quiet.ms / 1000), quiet.ms, floor.rps, '0'),
        row(
          'domain step: decode + validate + one ONNX run',
          batched.rps,
          batched.msPerBatch,
          floor.rps,
          `${fmt((100 * notified) / scoredTotal)}% of records notify`,
        ),
        row('baseline: same step, one ONNX run per record', single.rps, single.msPerBatch, floor.rps),
        row('floor: decode + JSON.parse + validation', floor.rps, floor.msPerBatch, floor.rps),
      );
    }

    const initMs = coldMs(
      "const t = performance.now(); await import('./functions/feedback-scorer/handler.ts'); console.log(performance.now() - t);",
      { env: { ...process.env, ...env } },
    );
    const loadMs = coldMs(
      'const t = performance.now(); const { loadSentimentScorer } = await import("./functions/lib/sentiment/index.ts"); ' +
        `await loadSentimentScorer({ modelDir: ${JSON.stringify(MODEL_DIR)} }); console.log(performance.now() - t);`,
      { env: { ...process.env, ...env } },
    );
    const cold = (label: string, ms: number) => ({
      path: label,
      batch: '–',
      'records/s': '–',
      'ms/batch': `${fmt(ms, 1)} (once per container)`,
      'floor ÷ path': '–',
      notifications: '–',
    });
    rows.push(
      cold(
        `cold start: import handler.ts in a fresh node, model load included (tsx, unbundled), best of ${COLD_RUNS}`,
        initMs,
      ),
      cold(`cold start: import onnxruntime-node + loadSentimentScorer in a fresh node, best of ${COLD_RUNS}`, loadMs),
    );

    printTable(
      `Feedback scorer, ${PARTITIONS} partitions, texts of bench/records.ts; end to end is the median of ` +
        `${Object.entries(HANDLER_INVOKES)
          .map(([size, n]) => `${n} (×${size})`)
          .join(', ')} invokes after a warm-up, against dynalite, s3rver and the Slack sink in this process; ` +
        `in-process paths best of ${ROUNDS} interleaved rounds of at least ${ROUND_MS} ms; Node ${process.version} ` +
        `${process.platform}-${process.arch}`,
      rows,
    );
    await model.release();
  } finally {
    await sink.close();
    await s3.close();
    await dynamo.close();
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  }
}
