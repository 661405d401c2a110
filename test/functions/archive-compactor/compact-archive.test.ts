import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getObject, listObjects } from '../../../functions/archive-compactor/archive-bucket.js';
import { compactArchive } from '../../../functions/archive-compactor/compact-archive.js';
import { MANIFEST_PREFIX } from '../../../functions/archive-compactor/compaction-plan.js';
import { duckdbDistinctView } from '../../../functions/archive-compactor/distinct-view.js';
import { CompactionRunError } from '../../../functions/archive-compactor/errors.js';
import { archiveKey } from '../../../functions/archiver/archive-objects.js';
import { settleConcurrently } from '../../../functions/lib/concurrency/index.js';
import { type ArchiveRow, encodeArchiveParquet } from '../../../functions/lib/parquet/index.js';
import { type LocalS3, startLocalS3 } from '../helpers/local-s3.js';

const DAY = Date.UTC(2025, 5, 1, 9);
const DATE = '2025-06-01';
const TARGET_BYTES = 128 * 1024 * 1024;

interface Seed {
  topic: string;
  partition: number;
  first: number;
  last: number;
  ingestTime: number;
  server?: string;
  date?: string;
}

/**
 * The archive the tests start from, as the archiver writes it: feedback partition 0 in three
 * batches, the last of which Lambda retried after bisecting it (same rows, later ingest_time,
 * two more objects), feedback partition 1, two wikis (one with a lone object) and a lone
 * object on another day.
 */
const SEEDS: readonly Seed[] = [
  { topic: 'feedback', partition: 0, first: 0, last: 9, ingestTime: DAY + 1000 },
  { topic: 'feedback', partition: 0, first: 10, last: 19, ingestTime: DAY + 2000 },
  { topic: 'feedback', partition: 0, first: 20, last: 39, ingestTime: DAY + 3000 },
  { topic: 'feedback', partition: 0, first: 20, last: 29, ingestTime: DAY + 4000 },
  { topic: 'feedback', partition: 0, first: 30, last: 39, ingestTime: DAY + 5000 },
  { topic: 'feedback', partition: 1, first: 0, last: 14, ingestTime: DAY + 1000 },
  { topic: 'feedback', partition: 1, first: 15, last: 19, ingestTime: DAY + 2000 },
  { topic: 'feedback', partition: 1, first: 20, last: 20, ingestTime: DAY + 3000, date: '2025-06-02' },
  { topic: 'wiki-changes', partition: 0, first: 0, last: 7, ingestTime: DAY + 1000, server: 'en.wikipedia.org' },
  { topic: 'wiki-changes', partition: 0, first: 8, last: 12, ingestTime: DAY + 2000, server: 'en.wikipedia.org' },
  { topic: 'wiki-changes', partition: 1, first: 0, last: 5, ingestTime: DAY + 1000, server: 'de.wikipedia.org' },
];
const DISTINCT_ROWS = 40 + 21 + 13 + 6;
const ALL_ROWS = DISTINCT_ROWS + 20;

function seedObject(seed: Seed): { key: string; rows: ArchiveRow[] } {
  const date = seed.date ?? DATE;
  const partitions = seed.server ? [{ name: 'server_name', value: seed.server }] : [];
  const rows: ArchiveRow[] = [];
  for (let offset = seed.first; offset <= seed.last; offset++) {
    const value = seed.server
      ? JSON.stringify({ server_name: seed.server, user: `u${offset % 3}`, title: `Page ${offset}` })
      : JSON.stringify({ text: `message ${seed.partition}/${offset} ✓` });
    rows.push({
      topic: seed.topic,
      partition: seed.partition,
      offset: BigInt(offset),
      timestamp: Date.parse(`${date}T09:00:00Z`) + offset,
      key: offset % 4 === 0 ? null : `key-${offset}`,
      value,
      headers: offset % 2 === 0 ? [['source', 'web']] : [],
      ingestTime: seed.ingestTime,
    });
  }
  const key = archiveKey({
    topic: seed.topic,
    date,
    partitions,
    partition: seed.partition,
    firstOffset: seed.first,
    lastOffset: seed.last,
  });
  return { key, rows };
}

const SEED_OBJECTS = await Promise.all(
  SEEDS.map(async (seed) => {
    const { key, rows } = seedObject(seed);
    return { key, body: await encodeArchiveParquet(rows) };
  }),
);

/** What a crashed client does with the call it dies at: fail it unsent, or send it and lose the answer. */
type CrashMode = 'before' | 'after';

/** Wraps a client: counts calls, records GETs, and from call `crashAt` on fails every call (the process died). */
function crashingClient(real: S3Client, crashAt = Number.POSITIVE_INFINITY, mode: CrashMode = 'before') {
  const state = { calls: 0, gets: [] as string[], commands: [] as string[] };
  const client = {
    send: async (command: { constructor: { name: string }; input: { Key?: string } }, options?: unknown) => {
      const call = ++state.calls;
      if (call > crashAt || (call === crashAt && mode === 'before')) throw new Error(`crash at S3 call ${crashAt}`);
      state.commands.push(command.constructor.name);
      if (command.constructor.name === 'GetObjectCommand') state.gets.push(command.input.Key!);
      const response = await real.send(command as never, options as never);
      if (call === crashAt) throw new Error(`crash after S3 call ${crashAt}`);
      return response;
    },
  };
  return { client: client as unknown as S3Client, state };
}

describe('archive compaction (real S3 API, DuckDB reads the result)', () => {
  let s3: LocalS3;
  let db: DuckDBInstance;
  let duck: DuckDBConnection;

  async function seededBucket(): Promise<string> {
    const bucket = `archive-${randomUUID().slice(0, 8)}`;
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await Promise.all(
      SEED_OBJECTS.map(({ key, body }) =>
        s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })),
      ),
    );
    return bucket;
  }

  /** The archive as DuckDB reads it through the deduplicating view, plus its plain row count and files. */
  async function archiveAsDuckdbReadsIt(bucket: string) {
    // Views live in the instance's catalog: one name per call, so calls can run side by side.
    const view = `archive_${randomUUID().replaceAll('-', '')}`;
    const store = { s3: s3.client, bucket };
    const dir = await mkdtemp(join(tmpdir(), 'tandem-compaction-'));
    try {
      const keys = (await listObjects(store, 'raw/')).map((o) => o.key);
      await Promise.all(
        keys.map(async (key) => {
          await mkdir(dirname(join(dir, key)), { recursive: true });
          await writeFile(join(dir, key), (await getObject(store, key))!);
        }),
      );
      const rows: unknown[] = [];
      let all = 0;
      // One glob per topic: their partition depths differ (wiki-changes has server_name=).
      for (const topic of ['feedback', 'wiki-changes']) {
        const glob = join(dir, `raw/topic=${topic}/**/*.parquet`);
        await duck.run(duckdbDistinctView(glob, view));
        const reader = await duck.runAndReadAll(
          `SELECT * EXCLUDE (dt), CAST(dt AS VARCHAR) AS dt FROM ${view} ORDER BY "partition", "offset"`,
        );
        rows.push(...reader.getRowObjectsJson());
        const count = await duck.runAndReadAll(
          `SELECT count(*)::INTEGER AS n FROM read_parquet('${glob}', hive_partitioning = true)`,
        );
        all += count.getRowObjectsJson()[0]!.n as number;
      }
      return { rows, all, keys };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  let before: Awaited<ReturnType<typeof archiveAsDuckdbReadsIt>>;
  let reference: { commands: string[]; keysAfter: string[] };

  beforeAll(async () => {
    s3 = await startLocalS3([]);
    db = await DuckDBInstance.create(':memory:');
    duck = await db.connect();
    before = await archiveAsDuckdbReadsIt(await seededBucket());
    // A clean run: how many S3 calls a run makes, and the files it leaves.
    const bucket = await seededBucket();
    const { client, state } = crashingClient(s3.client);
    await compactArchive({ s3: client, bucket, settleMs: 0, targetBytes: TARGET_BYTES });
    reference = { commands: state.commands, keysAfter: (await archiveAsDuckdbReadsIt(bucket)).keys };
  });

  afterAll(async () => {
    duck?.closeSync();
    db?.closeSync();
    await s3?.close();
  });

  it('merges each partition into one file, dropping the bisected retry’s copies, with the same distinct rows', async () => {
    // Prepare
    const bucket = await seededBucket();
    const { client, state } = crashingClient(s3.client);

    // Act
    const report = await compactArchive({ s3: client, bucket, settleMs: 0, targetBytes: TARGET_BYTES });
    const after = await archiveAsDuckdbReadsIt(bucket);

    // Assess
    expect(before.all).toBe(ALL_ROWS);
    expect(before.rows).toHaveLength(DISTINCT_ROWS);
    expect(after.rows).toEqual(before.rows);
    expect(after.all).toBe(DISTINCT_ROWS);
    expect(report).toMatchObject({ merged: 2, resumed: 0, filesListed: 11, filesRead: 9, filesWritten: 2 });
    expect(report).toMatchObject({ filesDeleted: 9, rowsRead: 93, rowsWritten: 73, duplicatesDropped: 20 });
    expect(after.keys.map((k) => k.replace(/compacted-[0-9a-f]{32}/, 'compacted-*'))).toEqual([
      'raw/topic=feedback/dt=2025-06-01/compacted-*.parquet',
      'raw/topic=feedback/dt=2025-06-02/part-1-20-20.parquet',
      'raw/topic=wiki-changes/dt=2025-06-01/server_name=de.wikipedia.org/part-1-0-5.parquet',
      'raw/topic=wiki-changes/dt=2025-06-01/server_name=en.wikipedia.org/compacted-*.parquet',
    ]);
    expect(new Set(state.gets).size).toBe(state.gets.length);
    expect(await listObjects({ s3: s3.client, bucket }, MANIFEST_PREFIX)).toEqual([]);

    // A second run finds nothing to do.
    const again = await compactArchive({ s3: s3.client, bucket, settleMs: 0, targetBytes: TARGET_BYTES });
    expect(again).toMatchObject({ merged: 0, resumed: 0, filesDeleted: 0 });
    expect((await archiveAsDuckdbReadsIt(bucket)).keys).toEqual(after.keys);
  });

  it('leaves objects younger than the settle time alone', async () => {
    // Prepare
    const bucket = await seededBucket();

    // Act
    const report = await compactArchive({ s3: s3.client, bucket, settleMs: 3_600_000, targetBytes: TARGET_BYTES });

    // Assess
    expect(report).toMatchObject({ merged: 0, filesListed: 11, filesDeleted: 0 });
    expect((await archiveAsDuckdbReadsIt(bucket)).keys).toEqual(before.keys);
  });

  it('loses no row when it crashes at any S3 call, and a rerun finishes with the same distinct rows', async () => {
    // Prepare
    expect(reference.commands.length).toBeGreaterThan(20);
    // Dying after a read is dying before the next call; after a write, the write took effect.
    const writes = new Set(['PutObjectCommand', 'DeleteObjectCommand']);
    const crashes = reference.commands.flatMap((name, i) => [
      { k: i + 1, mode: 'before' as const },
      ...(writes.has(name) ? [{ k: i + 1, mode: 'after' as const }] : []),
    ]);
    expect(crashes.filter((c) => c.mode === 'after').length).toBeGreaterThan(10);

    // Four crashes side by side, each on a bucket of its own.
    const outcomes = await settleConcurrently(crashes, 4, async ({ k, mode }) => {
      const bucket = await seededBucket();
      const crashed = crashingClient(s3.client, k, mode);
      const rerun = crashingClient(s3.client);

      // Act
      const first = compactArchive({ s3: crashed.client, bucket, settleMs: 0, targetBytes: TARGET_BYTES });
      await expect(first, `crash ${mode} call ${k}`).rejects.toThrow();
      const mid = await archiveAsDuckdbReadsIt(bucket);
      await compactArchive({ s3: rerun.client, bucket, settleMs: 0, targetBytes: TARGET_BYTES });
      const after = await archiveAsDuckdbReadsIt(bucket);

      // Assess
      expect(mid.rows, `rows after a crash ${mode} call ${k}`).toEqual(before.rows);
      expect(after.rows, `rows after the rerun (crash ${mode} call ${k})`).toEqual(before.rows);
      expect(after.all, `no row twice after the rerun (crash ${mode} call ${k})`).toBe(DISTINCT_ROWS);
      expect(after.keys, `files after the rerun (crash ${mode} call ${k})`).toEqual(reference.keysAfter);
      expect(new Set(rerun.state.gets).size, `a file read twice (crash ${mode} call ${k})`).toBe(
        rerun.state.gets.length,
      );
      expect(await listObjects({ s3: s3.client, bucket }, MANIFEST_PREFIX)).toEqual([]);
    });
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  }, 60_000);

  it('keeps a merge whose output and an input were deleted behind its back, and fails the run', async () => {
    // Prepare: crash right after the manifest of the first merge is written, then lose an input.
    const bucket = await seededBucket();
    const crashed = crashingClient(s3.client, 3, 'after');
    await expect(
      compactArchive({ s3: crashed.client, bucket, settleMs: 0, targetBytes: TARGET_BYTES }),
    ).rejects.toThrow();
    const [manifest] = await listObjects({ s3: s3.client, bucket }, MANIFEST_PREFIX);
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: SEED_OBJECTS[0]!.key }));

    // Act
    const run = compactArchive({ s3: s3.client, bucket, settleMs: 0, targetBytes: TARGET_BYTES });

    // Assess
    await expect(run).rejects.toThrow(CompactionRunError);
    await expect(run).rejects.toThrow(/is gone and output .* was never written/);
    expect((await listObjects({ s3: s3.client, bucket }, MANIFEST_PREFIX)).map((o) => o.key)).toEqual([manifest!.key]);
    // The other partitions were compacted all the same; the blocked one was not touched.
    const keys = (await archiveAsDuckdbReadsIt(bucket)).keys;
    expect(keys.filter((k) => k.includes('en.wikipedia.org'))).toHaveLength(1);
    expect(keys.filter((k) => k.includes('dt=2025-06-01/part-'))).toHaveLength(SEEDS.length - 4 - 1);
  });
});
