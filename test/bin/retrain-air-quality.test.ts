import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelsCommand } from '../../bin/models.js';
import { runRetrainCommand } from '../../bin/retrain.js';
import { archiveDate } from '../../functions/archiver/archive-objects.js';
import { putArchiveObject } from '../../functions/archiver/archive-store.js';
import { directoryObjects, modelRegistry } from '../../functions/lib/model-registry/index.js';
import { localModelRoot } from '../../infra/local/models.js';
import { LOCAL_REGION, localBucketName } from '../../infra/local/provision.js';
import { S3_CREDENTIALS, startS3 } from '../../infra/local/services/s3.js';
import { windDomainRecords } from '../models/air-quality/wind-domain.js';
import { archiveBatchObjects } from '../models/sentiment/archive-fixture.js';

const FIRST_DAY = Date.UTC(2026, 8, 1);
const DAYS = 60;

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

interface Side {
  rmse: number;
  mae: number;
  rows: number;
}

async function retrain(dataDir: string, ...flags: string[]) {
  const { out, text } = capture();
  const code = await runRetrainCommand({
    args: ['air-quality', '--data-dir', dataDir, '--json', ...flags],
    output: out,
    errors: capture().out,
  });
  expect(code).toBe(0);
  return JSON.parse(text()) as {
    model: string;
    candidate: string;
    current: string;
    published: boolean;
    metrics: Record<string, { candidate: Side; current: Side }>;
    reasons: string[];
    data: Record<string, number>;
  };
}

// A state directory laid out as the local runtime lays it out (s3rver on <dir>/s3, the archive
// bucket), 60 days of air-quality-checked and weather archived by the archiver's own put, with
// a bisected retry of the first day archived again under another key.
describe('tandem retrain air-quality', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-retrain-air-cli-'));
    const server = await startS3({ dir: path.join(dataDir, 's3') });
    const s3 = new S3Client({
      endpoint: server.endpoint,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: S3_CREDENTIALS,
    });
    const bucket = localBucketName('archive');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { checked, weather } = windDomainRecords(FIRST_DAY, DAYS);
    const batches = [
      archiveBatchObjects('air-quality-checked', checked, FIRST_DAY),
      archiveBatchObjects('air-quality-checked', checked.slice(0, 10), FIRST_DAY + 1),
      archiveBatchObjects('weather', weather, FIRST_DAY),
    ];
    for (const { key, rows } of batches.flat()) {
      const first = rows[0]!;
      await putArchiveObject(
        { s3, bucket },
        {
          key,
          topic: first.topic,
          partition: first.partition,
          date: archiveDate(first.timestamp),
          partitions: [],
          firstOffset: Number(first.offset),
          lastOffset: Number(rows.at(-1)!.offset),
          rows,
          records: [],
        },
      );
    }
    s3.destroy();
    await server.close();
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('rejects a shuffled-targets candidate with its reasons, publishes one that learnt the archive, and rollback restores the shipped model', async () => {
    // Prepare
    const registry = modelRegistry('air-quality', directoryObjects(localModelRoot(dataDir, 'air-quality')));

    // Act
    const shuffled = await retrain(dataDir, '--shuffle-targets');
    const good = await retrain(dataDir);
    const published = (await registry.current()).pointer.version;
    const rollback = capture();
    const rollbackCode = await runModelsCommand({
      args: ['rollback', 'air-quality', '--data-dir', dataDir],
      output: rollback.out,
    });
    const rolledBack = (await registry.current()).pointer.version;
    const versions = await registry.versions();

    // Assess
    expect(Object.keys(good)).toEqual(['model', 'candidate', 'current', 'published', 'metrics', 'reasons', 'data']);
    expect(shuffled).toMatchObject({ model: 'air-quality', current: 'shipped', published: false });
    expect(shuffled.reasons.some((r) => r.startsWith('worse on pm10-2008: RMSE'))).toBe(true);
    expect(good).toMatchObject({ current: 'shipped', published: true, reasons: [] });
    // Every noon was a flagged spike: one hour left out per location and day, none of them a mean.
    expect(good.data).toMatchObject({ archivedDays: 180, partialDays: 0, leftOutHours: 180, holdoutRows: 36 });
    expect(good.metrics.holdout!.candidate.rmse).toBeLessThan(good.metrics.holdout!.current.rmse);
    expect(published).toBe(good.candidate);
    expect(rollbackCode).toBe(0);
    expect(rolledBack).toBe('shipped');
    expect(versions.map((v) => [v.version, v.evaluation?.published ?? null])).toEqual([
      ['shipped', null],
      [shuffled.candidate, false],
      [good.candidate, true],
    ]);
    const m = (name: string, r: typeof good) =>
      `${name} ${r.metrics[name]!.current.rmse.toFixed(3)} → ${r.metrics[name]!.candidate.rmse.toFixed(3)}`;
    process.stdout.write(
      `air-quality retrain (RMSE current → candidate): published: ${m('holdout', good)}, ${m('pm10-2008', good)}; ` +
        `shuffled targets rejected: ${m('holdout', shuffled)}, ${m('pm10-2008', shuffled)}: ${shuffled.reasons.join('; ')}; ` +
        `training ${good.data.trainingSeconds} s and ${shuffled.data.trainingSeconds} s (${good.data.historyTrainRows} history rows, ${good.data.archivedTrainRows} archived × 10)\n`,
    );
  }, 150_000);
});
