import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { parquetMetadata } from 'hyparquet';
import {
  type DecodedRecord,
  decodeKafkaEvent,
  type KafkaRecordInput,
  type MskEvent,
} from '../functions/lib/kafka-event/index.js';
import { S3_CREDENTIALS, startS3 } from '../infra/local/services/s3.js';
import { COLD_RUNS, coldMs, median, mskEvents } from './measure.js';
import { benchRecords } from './records.js';
import { fmt, printTable } from './table.js';

/**
 * The archiver end to end: the real handler (middleware stack, lenient decode, Parquet
 * encode, one PUT per topic-partition) invoked with MSK events against s3rver, at three
 * batch sizes over 3 partitions. Beside it, in the same run: the decode-only floor
 * (`decodeKafkaEvent` of the same events) and the anti-pattern the archiver replaces,
 * one small JSON object PUT per record ("a Spark UDF that writes per record"), plus the
 * handler's cold start (module import in a fresh process). s3rver runs in this process,
 * so its own work (HTTP parsing, MD5, writing to disk) is inside every S3 timing, the
 * archiver's and the per-record baseline's alike.
 */
const BATCH_SIZES = [100, 1000, 5000] as const;
/** Measured invocations per batch size (after one warm-up), so each row covers 2,000–25,000 records. */
const INVOKES: Record<(typeof BATCH_SIZES)[number], number> = { 100: 20, 1000: 10, 5000: 5 };
const PARTITIONS = 3;
const NAIVE_BATCH = 100;
const NAIVE_INVOKES = 10;
const FLOOR_RUNS = 5;
const ARCHIVE = 'bench-archive';
const DEAD_LETTERS = 'bench-dead-letters';
const _root = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------- records

/** Every record falls on one UTC day, so a batch makes one object per partition. */
const DAY = Date.UTC(2025, 5, 1, 8);
const DATE = new Date(DAY).toISOString().slice(0, 10);

type Topic = 'feedback' | 'wiki-changes';
const TOPICS: readonly Topic[] = ['feedback', 'wiki-changes'];

/** Source of records for one topic: offsets keep increasing per partition across every batch drawn. */
function recordSource(topic: Topic, seed: number): (count: number) => KafkaRecordInput[] {
  const records = benchRecords(seed);
  const offsets = Array.from({ length: PARTITIONS }, (_, p) => 1_000_000 * (p + 1));
  let seq = 0;
  return (count) =>
    Array.from({ length: count }, () => {
      const partition = seq % PARTITIONS;
      const timestamp = DAY + (seq % 36_000_000); // 08:00–18:00, the same UTC day
      const offset = offsets[partition] as number;
      offsets[partition] = offset + 1;
      const content = topic === 'feedback' ? records.feedback(timestamp) : records.wiki(timestamp, 1_795_000_000 + seq);
      seq++;
      return {
        topic,
        partition,
        offset,
        timestamp,
        key: content.key,
        value: content.value,
        headers: content.headers.map(([key, value]) => ({ key, value })),
      };
    });
}

// ---------------------------------------------------------------- measurements

function recordsOf(event: MskEvent): number {
  return Object.values(event.records).reduce((n, list) => n + list.length, 0);
}

/**
 * Objects under some prefixes: key → size in bytes. One page per prefix: s3rver builds
 * continuation tokens with DES, which OpenSSL 3 refuses, so every prefix asked about here
 * stays under the 1,000 keys of one page.
 */
async function stored(s3: S3Client, prefixes: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const prefix of prefixes) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: ARCHIVE, Prefix: prefix }));
    if (page.IsTruncated) throw new Error(`more than one page of objects under ${prefix}`);
    for (const object of page.Contents ?? []) sizes.set(object.Key as string, object.Size ?? 0);
  }
  return sizes;
}

/** Objects written since `before`: their keys and total bytes. */
async function written(
  s3: S3Client,
  prefixes: readonly string[],
  before: Map<string, number>,
): Promise<{ keys: string[]; bytes: number }> {
  const fresh = [...(await stored(s3, prefixes))].filter(([key]) => !before.has(key));
  return { keys: fresh.map(([key]) => key), bytes: fresh.reduce((n, [, size]) => n + size, 0) };
}

/**
 * Rows the archived objects hold, from each Parquet footer. Key names do not tell: an object
 * per wiki holds the offsets of its own records (`part-<partition>-<first>-<last>`), which are
 * not contiguous when a partition's records spread over wikis.
 */
async function rowsStored(s3: S3Client, keys: readonly string[]): Promise<number> {
  let rows = 0;
  for (const key of keys) {
    const object = await s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key: key }));
    const bytes = await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
    rows += Number(parquetMetadata(bytes).num_rows);
  }
  return rows;
}

const context: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'tandem-archiver',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:tandem-archiver',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/tandem-archiver',
  logStreamName: '2025/06/01/[$LATEST]bench',
  getRemainingTimeInMillis: () => 900_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
};

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** Invokes the handler once per event; per-invoke milliseconds. */
async function invokeAll(handler: Handler, batch: readonly MskEvent[]): Promise<number[]> {
  const times: number[] = [];
  for (const event of batch) {
    const t = performance.now();
    const response = await handler(event, context);
    times.push(performance.now() - t);
    if (response !== undefined) throw new Error(`archiver reported failures: ${JSON.stringify(response)}`);
  }
  return times;
}

/** Records per second of `decodeKafkaEvent` over the events, best of FLOOR_RUNS passes. */
function decodeFloor(batch: readonly MskEvent[]): { rps: number; msPerBatch: number } {
  const records = batch.reduce((n, event) => n + recordsOf(event), 0);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < FLOOR_RUNS; run++) {
    const t = performance.now();
    let decoded = 0;
    for (const event of batch) decoded += decodeKafkaEvent(event).records.length;
    best = Math.min(best, performance.now() - t);
    if (decoded !== records) throw new Error(`floor decoded ${decoded} of ${records}`);
  }
  return { rps: records / (best / 1000), msPerBatch: best / batch.length };
}

/**
 * The anti-pattern: decode, then one JSON object PUT per record, records of a partition one
 * after another and partitions side by side (a per-record UDF in one task per partition).
 */
async function perRecordPuts(s3: S3Client, event: MskEvent): Promise<void> {
  const ingestTime = Date.now();
  const byPartition = new Map<number, DecodedRecord[]>();
  for (const record of decodeKafkaEvent(event).records) {
    byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), record]);
  }
  await Promise.all(
    [...byPartition.values()].map(async (records) => {
      for (const r of records) {
        const body = JSON.stringify({
          topic: r.topic,
          partition: r.partition,
          offset: r.offset,
          timestamp: r.timestamp,
          key: r.key?.toString('utf8') ?? null,
          value: r.value?.toString('utf8') ?? null,
          headers: r.headers.map((h) => [h.key, h.value.toString('utf8')]),
          ingest_time: ingestTime,
        });
        const date = new Date(r.timestamp).toISOString().slice(0, 10);
        await s3.send(
          new PutObjectCommand({
            Bucket: ARCHIVE,
            Key: `naive/topic=${r.topic}/dt=${date}/part-${r.partition}-${r.offset}.json`,
            Body: body,
            ContentType: 'application/json',
          }),
        );
      }
    }),
  );
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-bench-archiver-'));
  const server = await startS3({ dir });
  try {
    const env = {
      AWS_ENDPOINT_URL_S3: server.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
      BUCKET_ARCHIVE: ARCHIVE,
      BUCKET_DEAD_LETTERS: DEAD_LETTERS,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    Object.assign(process.env, env);
    // Imported only now: the handler reads its bucket and the S3 endpoint at module scope.
    const { handler } = (await import('../functions/archiver/handler.js')) as unknown as { handler: Handler };
    const { s3Client } = await import('../functions/lib/aws/index.js');
    const s3 = s3Client();
    for (const bucket of [ARCHIVE, DEAD_LETTERS]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));

    const rows: Record<string, string>[] = [];
    const valueBytes: Record<string, string> = {};
    for (const [t, topic] of TOPICS.entries()) {
      const source = recordSource(topic, 42 + t);
      const sample = source(1000);
      valueBytes[topic] = fmt(sample.reduce((n, r) => n + Buffer.byteLength(r.value as string), 0) / sample.length);
      let archiverAt100 = Number.NaN;

      for (const size of BATCH_SIZES) {
        await invokeAll(handler, mskEvents(source, size, 1)); // warm-up: JIT, connections, the S3 prefix
        const prefixes = [`raw/topic=${topic}/`];
        const before = await stored(s3, prefixes);
        const measured = mskEvents(source, size, INVOKES[size]);
        const times = await invokeAll(handler, measured);
        const fresh = await written(s3, prefixes, before);
        const records = size * measured.length;
        const held = await rowsStored(s3, fresh.keys);
        if (held !== records) throw new Error(`${topic} ×${size}: objects hold ${held} of ${records} rows`);
        const ms = median(times);
        const rps = size / (ms / 1000);
        if (size === NAIVE_BATCH) archiverAt100 = rps;
        rows.push({
          path: 'archiver handler (Parquet, one PUT per topic-partition)',
          topic,
          batch: fmt(size),
          'records/s': fmt(rps),
          'ms/batch': fmt(ms, 1),
          'bytes/record in S3': fmt(fresh.bytes / records, 1),
          'PUTs/batch': fmt(fresh.keys.length / measured.length, 1),
          'vs archiver': '1.00×',
        });
        const floor = decodeFloor(measured);
        rows.push({
          path: 'floor: decodeKafkaEvent only',
          topic,
          batch: fmt(size),
          'records/s': fmt(floor.rps),
          'ms/batch': fmt(floor.msPerBatch, 2),
          'bytes/record in S3': '–',
          'PUTs/batch': '0',
          'vs archiver': `${fmt(floor.rps / rps, 1)}×`,
        });
      }

      const prefixes = Array.from({ length: PARTITIONS }, (_, p) => `naive/topic=${topic}/dt=${DATE}/part-${p}-`);
      await perRecordPuts(s3, mskEvents(source, NAIVE_BATCH, 1)[0] as MskEvent); // warm-up
      const before = await stored(s3, prefixes);
      const naive = mskEvents(source, NAIVE_BATCH, NAIVE_INVOKES);
      const times: number[] = [];
      for (const event of naive) {
        const t = performance.now();
        await perRecordPuts(s3, event);
        times.push(performance.now() - t);
      }
      const fresh = await written(s3, prefixes, before);
      const records = NAIVE_BATCH * naive.length;
      if (fresh.keys.length !== records)
        throw new Error(`per-record baseline wrote ${fresh.keys.length} of ${records}`);
      const ms = median(times);
      const rps = NAIVE_BATCH / (ms / 1000);
      rows.push({
        path: 'baseline: one JSON object PUT per record',
        topic,
        batch: fmt(NAIVE_BATCH),
        'records/s': fmt(rps),
        'ms/batch': fmt(ms, 1),
        'bytes/record in S3': fmt(fresh.bytes / records, 1),
        'PUTs/batch': fmt(fresh.keys.length / naive.length),
        'vs archiver': `${fmt(rps / archiverAt100, 2)}×`,
      });
    }

    const deadLetters = await s3.send(new ListObjectsV2Command({ Bucket: DEAD_LETTERS }));
    if ((deadLetters.KeyCount ?? 0) > 0) throw new Error(`${deadLetters.KeyCount} records were dead-lettered`);

    rows.push({
      path: `cold start: import handler.ts in a fresh node (tsx, unbundled), best of ${COLD_RUNS}`,
      topic: '–',
      batch: '–',
      'records/s': '–',
      'ms/batch': `${fmt(
        coldMs(
          "const t = performance.now(); await import('./functions/archiver/handler.ts'); console.log(performance.now() - t);",
          { env: { ...process.env, ...env } },
        ),
        1,
      )} (import)`,
      'bytes/record in S3': '–',
      'PUTs/batch': '–',
      'vs archiver': '–',
    });

    printTable(
      `Archiver end to end, real handler against s3rver (in-process), ${PARTITIONS} partitions, one UTC day per batch; ` +
        `values ${TOPICS.map((t) => `${t} ~${valueBytes[t]} B`).join(', ')}; ms/batch is the median of ` +
        `${Object.entries(INVOKES)
          .map(([size, n]) => `${n} (×${size})`)
          .join(', ')} invokes after one warm-up, per-record baseline ${NAIVE_INVOKES} batches; ` +
        `decode floor best of ${FLOOR_RUNS}; Node ${process.version} ${process.platform}-${process.arch}, ` +
        `${os.cpus().length} CPUs, load average ${fmt(os.loadavg()[0] ?? 0, 1)}`,
      rows,
    );
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
