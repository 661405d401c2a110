import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelsCommand } from '../../../bin/models.js';
import { runRetrainCommand } from '../../../bin/retrain.js';
import { LOCAL_REGION, localBucketName, localTableName } from '../../../infra/local/provision.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import { S3_CREDENTIALS } from '../../../infra/local/services/s3.js';
import { pipeline } from '../../../infra/pipeline.js';
import { slangFeedback } from '../../models/sentiment/labelled-domain.js';
import { waitFor } from './kafka/helpers/wait.js';

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

/** Archive objects of `topic` on the runtime's S3 stand-in's disk. */
async function archivedObjects(dataDir: string, topic: string): Promise<number> {
  const dir = path.join(dataDir, 's3', localBucketName('archive'), 'raw', `topic=${topic}`);
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.filter((e) => e.endsWith('.parquet._S3rver_object')).length;
}

// The proof through npm start's runtime: feedback posted and labelled through the API,
// archived by the archiver's trigger, compacted by its schedule; `tandem retrain sentiment`
// publishes; the running scorer swaps to it; `tandem models rollback` brings the shipped one back.
describe('local runtime: labelled feedback → retrain → the scorer swaps → rollback', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-runtime-retrain-'));
    runtime = await startLocalRuntime({
      pipeline,
      dataDir,
      demo: false,
      dashboard: false,
      // Check the published model every second, so the swap shows within the test.
      environment: { MODEL_CHECK_SECONDS: '1', COMPACTION_SETTLE_SECONDS: '0' },
      log: () => {},
    });
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: LOCAL_REGION, credentials: S3_CREDENTIALS }),
    );
  });

  afterAll(async () => {
    documents?.destroy();
    await runtime?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (route: string, body: unknown) =>
    fetch(`${runtime.apiUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** Posts one feedback and waits for the scorer's item: its score and the model version that gave it. */
  async function scored(id: string, text: string): Promise<{ score: number; modelVersion: string }> {
    expect((await post('/v1/feedback', { id, source: 'web', text, ts: new Date().toISOString() })).status).toBe(202);
    let item: Record<string, unknown> | undefined;
    await waitFor(
      async () => {
        item = (await documents.send(new GetCommand({ TableName: localTableName('feedback'), Key: { id } }))).Item;
        return item !== undefined;
      },
      20_000,
      `feedback ${id} scored`,
    );
    return { score: Number(item!.score), modelVersion: String(item!.modelVersion) };
  }

  it('publishes a version that reads the labelled domain, which the running scorer then uses, until rollback', async () => {
    // Prepare: every slang item posted, then labelled through the API, oldest first.
    const domain = slangFeedback();
    for (let i = 0; i < domain.length; i += 24) {
      const statuses = await Promise.all(
        domain.slice(i, i + 24).map((item, k) =>
          post('/v1/feedback', {
            id: `slang-${i + k}`,
            source: 'web',
            text: item.text,
            ts: new Date().toISOString(),
          }),
        ),
      );
      expect(statuses.every((r) => r.status === 202)).toBe(true);
    }
    for (let i = 0; i < domain.length; i++) {
      expect((await post(`/v1/feedback/slang-${i}/label`, { label: domain[i]!.label })).status).toBe(202);
    }
    expect(await runtime.drain(30_000)).toBe(true);
    await waitFor(
      async () =>
        (await archivedObjects(dataDir, 'feedback')) > 0 && (await archivedObjects(dataDir, 'feedback-labels')) > 0,
      20_000,
      'feedback and labels archived',
    );
    await runtime.runSchedule('compact-archive');
    const probe = 'the timeline is sick';
    const before = await scored('probe-before', probe);

    // Act
    const retrain = capture();
    expect(
      await runRetrainCommand({
        args: ['sentiment', '--data-dir', dataDir, '--json'],
        output: retrain.out,
        errors: capture().out,
      }),
    ).toBe(0);
    const result = JSON.parse(retrain.text()) as {
      published: boolean;
      candidate: string;
      metrics: Record<string, { candidate: { accuracy: number; total: number }; current: { accuracy: number } }>;
    };
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const afterPublish = await scored('probe-published', probe);
    expect(
      await runModelsCommand({ args: ['rollback', 'sentiment', '--data-dir', dataDir], output: capture().out }),
    ).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const afterRollback = await scored('probe-rolled-back', probe);

    // Assess
    expect(result.published).toBe(true);
    expect(result.metrics.holdout?.candidate.total).toBe(Math.ceil(domain.length * 0.2));
    expect(before.score).toBeLessThan(0.5);
    expect(afterPublish).toMatchObject({ modelVersion: result.candidate });
    expect(afterPublish.score).toBeGreaterThan(0.5);
    expect(afterRollback).toEqual(before);
    process.stdout.write(
      `runtime retrain: holdout ${result.metrics.holdout?.current.accuracy.toFixed(3)} → ${result.metrics.holdout?.candidate.accuracy.toFixed(3)}; ` +
        `"${probe}" ${before.score.toFixed(3)} (${before.modelVersion}) → ${afterPublish.score.toFixed(3)} (${afterPublish.modelVersion}) → rollback ${afterRollback.score.toFixed(3)}\n`,
    );
  }, 120_000);
});
