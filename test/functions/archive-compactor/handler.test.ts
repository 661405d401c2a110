import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompactionReport } from '../../../functions/archive-compactor/compact-archive.js';
import { archiveKey } from '../../../functions/archiver/archive-objects.js';
import { type ArchiveRow, encodeArchiveParquet } from '../../../functions/lib/parquet/index.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { type LocalS3, listKeys, startLocalS3, useLocalS3Environment } from '../helpers/local-s3.js';

const ARCHIVE = 'archive';

const row = (offset: number): ArchiveRow => ({
  topic: 'weather',
  partition: 0,
  offset: BigInt(offset),
  timestamp: Date.UTC(2025, 5, 1, 9),
  key: null,
  value: `{"t":${offset}}`,
  headers: [],
  ingestTime: Date.UTC(2025, 5, 1, 9, 1),
});

describe('archive-compactor handler (scheduled event, real S3 API)', () => {
  let s3: LocalS3;
  let handler: (event: unknown, context: unknown) => Promise<CompactionReport>;

  const invoke = (remainingMs: number) =>
    handler({}, { ...lambdaContext('tandem-archive-compactor'), getRemainingTimeInMillis: () => remainingMs });

  beforeAll(async () => {
    s3 = await startLocalS3([ARCHIVE]);
    useLocalS3Environment(s3.endpoint, { BUCKET_ARCHIVE: ARCHIVE });
    vi.stubEnv('COMPACTION_SETTLE_SECONDS', '0');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    for (const offset of [0, 1, 2]) {
      const key = archiveKey({
        topic: 'weather',
        date: '2025-06-01',
        partition: 0,
        firstOffset: offset,
        lastOffset: offset,
      });
      const body = await encodeArchiveParquet([row(offset)]);
      await s3.client.send(new PutObjectCommand({ Bucket: ARCHIVE, Key: key, Body: body }));
    }
    ({ handler } = (await import('../../../functions/archive-compactor/handler.js')) as never);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await s3.close();
  });

  it('starts no merge with less than two minutes of the invocation left, then merges on the next run', async () => {
    // Act
    const short = await invoke(60_000);
    const keysAfterShort = await listKeys(s3.client, ARCHIVE, 'raw/');
    const full = await invoke(900_000);
    const keysAfterFull = await listKeys(s3.client, ARCHIVE, 'raw/');

    // Assess
    expect(short).toMatchObject({ merged: 0, deferred: 1, filesListed: 3 });
    expect(keysAfterShort).toHaveLength(3);
    expect(full).toMatchObject({ merged: 1, deferred: 0, filesRead: 3, filesDeleted: 3, rowsWritten: 3 });
    expect(keysAfterFull).toHaveLength(1);
    expect(keysAfterFull[0]).toMatch(/^raw\/topic=weather\/dt=2025-06-01\/compacted-[0-9a-f]{32}\.parquet$/);
  });
});
