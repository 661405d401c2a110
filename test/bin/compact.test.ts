import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompactCommandError, runCompactCommand } from '../../bin/compact.js';
import { archiveKey } from '../../functions/archiver/archive-objects.js';
import { type ArchiveRow, encodeArchiveParquet } from '../../functions/lib/parquet/index.js';
import { LOCAL_REGION, localBucketName } from '../../infra/local/provision.js';
import { S3_CREDENTIALS, startS3 } from '../../infra/local/services/s3.js';

function capture() {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { out, text: () => text };
}

const rows = (first: number, last: number, ingestTime: number): ArchiveRow[] =>
  Array.from({ length: last - first + 1 }, (_, i) => ({
    topic: 'feedback',
    partition: 0,
    offset: BigInt(first + i),
    timestamp: Date.UTC(2025, 5, 1, 9) + i,
    key: null,
    value: `{"text":"message ${first + i}"}`,
    headers: [],
    ingestTime,
  }));

// The command on a state directory laid out as the local runtime lays it out (s3rver on
// <dir>/s3, bucket tandem-archive), holding a batch 0..9 and its bisected retry 0..4 + 5..9.
describe('tandem compact', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-compact-'));
    const server = await startS3({ dir: path.join(dataDir, 's3') });
    const s3 = new S3Client({
      endpoint: server.endpoint,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: S3_CREDENTIALS,
    });
    const bucket = localBucketName('archive');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const [first, last, ingestTime] of [
      [0, 9, 1],
      [0, 4, 2],
      [5, 9, 2],
      [10, 19, 3],
    ] as const) {
      const key = archiveKey({
        topic: 'feedback',
        date: '2025-06-01',
        partition: 0,
        firstOffset: first,
        lastOffset: last,
      });
      const body = await encodeArchiveParquet(rows(first, last, ingestTime));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
    s3.destroy();
    await server.close();
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('leaves objects younger than --older-than, then merges them and prints the counts as JSON', async () => {
    // Prepare
    const young = capture();
    const settled = capture();

    // Act
    await runCompactCommand({ dataDir, olderThanSeconds: 3600, json: true, out: young.out });
    const code = await runCompactCommand({ dataDir, olderThanSeconds: 0, json: true, out: settled.out });

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(young.text())).toEqual({ filesBefore: 4, filesAfter: 4, rowsBefore: 30, rowsAfter: 20 });
    expect(JSON.parse(settled.text())).toEqual({ filesBefore: 4, filesAfter: 1, rowsBefore: 30, rowsAfter: 20 });
  });

  it('says there is no archive in a directory the runtime never used', async () => {
    // Prepare
    const empty = await mkdtemp(path.join(os.tmpdir(), 'tandem-compact-empty-'));

    // Act
    const run = runCompactCommand({ dataDir: empty, olderThanSeconds: 0, json: true });

    // Assess
    await expect(run).rejects.toThrow(CompactCommandError);
    await expect(run).rejects.toThrow(/no local archive in/);
    await rm(empty, { recursive: true, force: true });
  });
});
