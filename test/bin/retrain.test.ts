import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelsCommand } from '../../bin/models.js';
import { runRetrainCommand } from '../../bin/retrain.js';
import { runSentimentCommand } from '../../bin/sentiment.js';
import { archiveDate } from '../../functions/archiver/archive-objects.js';
import { putArchiveObject } from '../../functions/archiver/archive-store.js';
import { LOCAL_REGION, localBucketName } from '../../infra/local/provision.js';
import { S3_CREDENTIALS, startS3 } from '../../infra/local/services/s3.js';
import { archiveBatchObjects } from '../models/sentiment/archive-fixture.js';
import { slangArchive, slangFeedback } from '../models/sentiment/labelled-domain.js';

const T0 = Date.UTC(2026, 10, 30, 9);

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

/** `tandem sentiment --data-dir`'s scores of `texts`. */
async function scores(dataDir: string, texts: readonly string[]): Promise<number[]> {
  const { out, text } = capture();
  const code = await runSentimentCommand({ dataDir, input: Readable.from([texts.join('\n')]), output: out });
  expect(code).toBe(0);
  return text()
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { score: number }).score);
}

async function retrain(dataDir: string, ...flags: string[]) {
  const { out, text } = capture();
  const code = await runRetrainCommand({
    args: ['sentiment', '--data-dir', dataDir, '--json', ...flags],
    output: out,
    errors: capture().out,
  });
  expect(code).toBe(0);
  return JSON.parse(text()) as Record<string, unknown> & {
    published: boolean;
    candidate: string;
    current: string;
    reasons: string[];
  };
}

// A state directory laid out as the local runtime lays it out (s3rver on <dir>/s3, the archive
// bucket), the labelled slang domain archived by the archiver's own put, one batch retried.
describe('tandem retrain sentiment / tandem sentiment --data-dir', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-retrain-cli-'));
    const server = await startS3({ dir: path.join(dataDir, 's3') });
    const s3 = new S3Client({
      endpoint: server.endpoint,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: S3_CREDENTIALS,
    });
    const bucket = localBucketName('archive');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { feedback, labels } = slangArchive(T0);
    const batches = [
      archiveBatchObjects('feedback', feedback, T0),
      archiveBatchObjects('feedback', feedback.slice(0, 50), T0 + 1),
      archiveBatchObjects('feedback-labels', labels, T0 + 2),
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

  it('publishes a better version, scores with it, rejects a shuffled-labels one, and rollback restores the shipped model', async () => {
    // Prepare
    const domain = slangFeedback();
    const texts = domain.map((d) => d.text);
    const accuracy = (s: number[]) =>
      s.filter((p, i) => (p >= 0.5 ? 'positive' : 'negative') === domain[i]?.label).length / s.length;
    const shipped = await scores(dataDir, texts);

    // Act
    const good = await retrain(dataDir);
    const published = await scores(dataDir, texts);
    const shuffled = await retrain(dataDir, '--shuffle-labels');
    const afterRejection = await scores(dataDir, texts);
    const rollback = capture();
    const rollbackCode = await runModelsCommand({
      args: ['rollback', 'sentiment', '--data-dir', dataDir],
      output: rollback.out,
    });
    const rolledBack = await scores(dataDir, texts);

    // Assess
    expect(Object.keys(good)).toEqual(['model', 'candidate', 'current', 'published', 'metrics', 'reasons']);
    expect(good).toMatchObject({ model: 'sentiment', current: 'shipped', published: true, reasons: [] });
    expect(accuracy(published)).toBeGreaterThan(accuracy(shipped));
    expect(shuffled).toMatchObject({ current: good.candidate, published: false });
    expect(shuffled.reasons).not.toEqual([]);
    expect(afterRejection).toEqual(published);
    expect(rollbackCode).toBe(0);
    expect(rolledBack).toEqual(shipped);
    type Side = { accuracy: number; total: number };
    const metrics = good.metrics as Record<string, { candidate: Side; current: Side }>;
    process.stdout.write(
      `slang domain (${texts.length} texts, ${metrics.holdout?.candidate.total} held out): ` +
        `all texts shipped ${accuracy(shipped).toFixed(3)} → published ${accuracy(published).toFixed(3)}; ` +
        Object.entries(metrics)
          .map(([name, m]) => `${name} ${m.current.accuracy.toFixed(3)} → ${m.candidate.accuracy.toFixed(3)}`)
          .join(', ') +
        `; shuffled labels rejected: ${shuffled.reasons.join('; ')}\n`,
    );
  }, 60_000);
});
