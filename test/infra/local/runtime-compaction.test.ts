import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listObjects } from '../../../functions/archive-compactor/archive-bucket.js';
import { archiveKey } from '../../../functions/archiver/archive-objects.js';
import { encodeArchiveParquet } from '../../../functions/lib/parquet/index.js';
import { LOCAL_REGION, localBucketName } from '../../../infra/local/provision.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import { S3_CREDENTIALS } from '../../../infra/local/services/s3.js';
import { pipeline } from '../../../infra/pipeline.js';

// The compactor as npm start runs it: the schedule of pipeline.ts, the handler loaded by the
// runtime, the archive bucket and settings from the function's declared environment.
describe('local runtime: archive compaction schedule', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let s3: S3Client;
  const bucket = localBucketName('archive');

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-runtime-compaction-'));
    runtime = await startLocalRuntime({
      pipeline,
      dataDir,
      demo: false,
      dashboard: false,
      environment: { COMPACTION_SETTLE_SECONDS: '0' },
      log: () => {},
    });
    s3 = new S3Client({
      endpoint: runtime.endpoints.s3,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: S3_CREDENTIALS,
    });
  });

  afterAll(async () => {
    s3?.destroy();
    await runtime?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('merges the archive partition when its schedule runs', async () => {
    // Prepare
    for (const offset of [0, 1, 2, 3]) {
      const key = archiveKey({
        topic: 'weather',
        date: '2025-06-01',
        partition: 0,
        firstOffset: offset,
        lastOffset: offset,
      });
      const body = await encodeArchiveParquet([
        {
          topic: 'weather',
          partition: 0,
          offset: BigInt(offset),
          timestamp: Date.UTC(2025, 5, 1, 9),
          key: null,
          value: `{"t":${offset}}`,
          headers: [],
          ingestTime: Date.UTC(2025, 5, 1, 9, 1),
        },
      ]);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }

    // Act
    const report = await runtime.runSchedule('compact-archive');

    // Assess
    expect(report).toMatchObject({ merged: 1, filesRead: 4, filesDeleted: 4, rowsWritten: 4 });
    const keys = (await listObjects({ s3, bucket }, 'raw/')).map((o) => o.key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^raw\/topic=weather\/dt=2025-06-01\/compacted-[0-9a-f]{32}\.parquet$/);
  });
});
