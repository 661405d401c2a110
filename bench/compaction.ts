import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { getObject, listObjects } from '../functions/archive-compactor/archive-bucket.js';
import { compactArchive } from '../functions/archive-compactor/compact-archive.js';
import { archivePartitionOf, RAW_PREFIX } from '../functions/archive-compactor/compaction-plan.js';
import { DEFAULT_TARGET_BYTES } from '../functions/archive-compactor/config.js';
import { duckdbDistinctView } from '../functions/archive-compactor/distinct-view.js';
import { archiveObjects } from '../functions/archiver/archive-objects.js';
import { archivePartitionFields } from '../functions/archiver/archive-partitions.js';
import { toArchiveRow } from '../functions/archiver/archive-row.js';
import { putArchiveObject } from '../functions/archiver/archive-store.js';
import { decodeKafkaEvent, encodeKafkaEvent, type KafkaRecordInput } from '../functions/lib/kafka-event/index.js';
import { S3_CREDENTIALS, startS3 } from '../infra/local/services/s3.js';
import { pipeline } from '../infra/pipeline.js';
import { median } from './measure.js';
import { benchRecords } from './records.js';
import { fmt, printTable } from './table.js';

/**
 * Archive compaction over a demo-like archive: feedback and wiki-changes records, 3 Kafka
 * partitions each, written by the archiver's own code (row, key scheme, Parquet encoder, PUT to
 * s3rver) in batches the size the demo's archive triggers see, wiki edits split by wiki as the
 * archiver splits them; one batch in 20 written again as its two halves, as Lambda does when it
 * retries a batch after bisecting it. Then one compactor run. Before and after, in the same
 * run: files, bytes (what Athena scans for a full scan: it reads the files' column chunks) and
 * DuckDB's time for a full scan (every column) and for a count through the deduplicating view.
 */
const PARTITIONS = 3;
const BATCHES = 60;
const BATCH_RECORDS = 300;
const RETRIED_EVERY = 20;
const SCAN_RUNS = 5;
const BUCKET = 'bench-archive';
const DAY = Date.UTC(2025, 5, 1, 8);
const TOPICS = ['feedback', 'wiki-changes'] as const;

function batchRecords(topic: (typeof TOPICS)[number], batch: number, records: ReturnType<typeof benchRecords>) {
  const out: KafkaRecordInput[] = [];
  for (let i = 0; i < BATCH_RECORDS; i++) {
    const seq = batch * BATCH_RECORDS + i;
    const partition = seq % PARTITIONS;
    const timestamp = DAY + seq * 500;
    const content = topic === 'feedback' ? records.feedback(timestamp) : records.wiki(timestamp, 1_795_000_000 + seq);
    out.push({
      topic,
      partition,
      offset: Math.floor(seq / PARTITIONS),
      timestamp,
      key: content.key,
      value: content.value,
      headers: content.headers.map(([key, value]) => ({ key, value })),
    });
  }
  return out;
}

/** Archives one batch as the archiver does: rows, one object per partition (and wiki), PUT each. */
async function archive(s3: S3Client, records: KafkaRecordInput[], ingestTime: number): Promise<number> {
  const decoded = decodeKafkaEvent(encodeKafkaEvent({ bootstrapServers: 'b-1.bench:9092', records })).records;
  const accepted = decoded.map((record) => ({ record, result: toArchiveRow(record, { ingestTime }) }));
  const objects = archiveObjects(accepted, archivePartitionFields(pipeline.topics));
  for (const object of objects) await putArchiveObject({ s3, bucket: BUCKET }, object);
  return objects.length;
}

interface Snapshot {
  files: number;
  bytes: number;
  rows: number;
  distinctRows: number;
  scanMs: number;
  distinctViewMs: number;
}

/** Downloads the archive to a directory and times DuckDB over it (median of SCAN_RUNS, fresh instance each). */
async function snapshot(s3: S3Client): Promise<Snapshot> {
  const store = { s3, bucket: BUCKET };
  const objects = (await listObjects(store, RAW_PREFIX)).filter((o) => archivePartitionOf(o.key) !== undefined);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-bench-compaction-'));
  try {
    for (const o of objects) {
      await mkdir(path.dirname(path.join(dir, o.key)), { recursive: true });
      await writeFile(path.join(dir, o.key), (await getObject(store, o.key))!);
    }
    // One glob per topic: their partition depths differ.
    const globs = TOPICS.map((t) => path.join(dir, `raw/topic=${t}/**/*.parquet`));
    const scans: number[] = [];
    const views: number[] = [];
    let rows = 0;
    let distinctRows = 0;
    for (let run = 0; run < SCAN_RUNS; run++) {
      const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
      const duck = await instance.connect();
      try {
        rows = 0;
        distinctRows = 0;
        let t = performance.now();
        for (const glob of globs) {
          const reader = await duck.runAndReadAll(
            `SELECT count(*)::BIGINT AS n, sum(length(value) + length(headers) + coalesce(length(key), 0))::BIGINT,
                    max("timestamp"), max(ingest_time), max("offset"), max("partition")
             FROM read_parquet('${glob}', hive_partitioning = true)`,
          );
          rows += Number(reader.getRows()[0]![0]);
        }
        scans.push(performance.now() - t);
        t = performance.now();
        for (const [i, glob] of globs.entries()) {
          await duck.run(duckdbDistinctView(glob, `distinct_${i}`));
          const reader = await duck.runAndReadAll(`SELECT count(*)::BIGINT FROM distinct_${i}`);
          distinctRows += Number(reader.getRows()[0]![0]);
        }
        views.push(performance.now() - t);
      } finally {
        duck.closeSync();
        instance.closeSync();
      }
    }
    return {
      files: objects.length,
      bytes: objects.reduce((n, o) => n + o.size, 0),
      rows,
      distinctRows,
      scanMs: median(scans),
      distinctViewMs: median(views),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-bench-s3-'));
  const server = await startS3({ dir });
  const s3 = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3_CREDENTIALS,
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    let puts = 0;
    for (const topic of TOPICS) {
      const records = benchRecords(topic === 'feedback' ? 1 : 2);
      for (let batch = 0; batch < BATCHES; batch++) {
        const batchOf = batchRecords(topic, batch, records);
        puts += await archive(s3, batchOf, DAY + batch * 60_000);
        if (batch % RETRIED_EVERY === RETRIED_EVERY - 1) {
          // The bisected retry: the same records again, as two halves, a minute later.
          const half = BATCH_RECORDS / 2;
          puts += await archive(s3, batchOf.slice(0, half), DAY + batch * 60_000 + 60_000);
          puts += await archive(s3, batchOf.slice(half), DAY + batch * 60_000 + 60_000);
        }
      }
    }
    const before = await snapshot(s3);
    const t = performance.now();
    const report = await compactArchive({ s3, bucket: BUCKET, settleMs: 0, targetBytes: DEFAULT_TARGET_BYTES });
    const compactMs = performance.now() - t;
    const after = await snapshot(s3);
    if (after.distinctRows !== before.distinctRows || after.rows !== after.distinctRows) {
      throw new Error(`compaction changed the rows: ${JSON.stringify({ before, after })}`);
    }

    const line = (name: string, s: Snapshot) => ({
      archive: name,
      files: fmt(s.files),
      bytes: fmt(s.bytes),
      'rows (distinct)': `${fmt(s.rows)} (${fmt(s.distinctRows)})`,
      'B/row': fmt(s.bytes / s.rows, 1),
      'DuckDB full scan ms': fmt(s.scanMs, 1),
      'DuckDB distinct view count ms': fmt(s.distinctViewMs, 1),
    });
    printTable(
      `Archive compaction: ${fmt(TOPICS.length * BATCHES * BATCH_RECORDS)} records (feedback, wiki-changes × ${PARTITIONS} partitions), batches of ${BATCH_RECORDS}, 1 in ${RETRIED_EVERY} retried bisected; ${fmt(puts)} archiver PUTs`,
      [line('before (archiver objects)', before), line('after one compactor run', after)],
    );
    printTable('Compactor run (in process, s3rver)', [
      {
        merges: report.merged,
        'files read': report.filesRead,
        'files written': report.filesWritten,
        'duplicates dropped': fmt(report.duplicatesDropped),
        'run ms': fmt(compactMs),
        'files after / before': fmt(after.files / before.files, 3),
        'bytes after / before': fmt(after.bytes / before.bytes, 3),
        'full scan speed-up': `${fmt(before.scanMs / after.scanMs, 1)}×`,
      },
    ]);
    process.stdout.write(
      `\nmeasured by: bench/compaction.ts; DuckDB median of ${SCAN_RUNS} fresh instances (2 threads) over a local copy; ` +
        `Node ${process.version} ${process.platform}-${process.arch}, ${os.cpus().length} CPUs, load average ${fmt(os.loadavg()[0] ?? 0, 1)}\n`,
    );
  } finally {
    s3.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
