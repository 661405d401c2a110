import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RetrainerReport, retrainerHandler } from '../../../functions/retrainer/handler.js';
import { MODEL_RETRAINERS, type ModelRetrainer } from '../../../functions/retrainer/model-retrainers.js';
import { athenaTrainingSetQuery } from '../../../models/sentiment/train/athena-training-set.js';
import { writeArchiveBatch } from '../../models/sentiment/archive-fixture.js';
import { duckdbAthena } from '../../models/sentiment/duckdb-athena.js';
import { slangArchive } from '../../models/sentiment/labelled-domain.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { getObjectJson, type LocalS3, listKeys, startLocalS3 } from '../helpers/local-s3.js';
import { type CapturedOutput, captureStdout } from '../helpers/stdout.js';

const MODELS = 'models';
const PREFIX = 'models/sentiment/';
const T0 = Date.UTC(2026, 10, 30, 9);
const NIGHT = (n: number) => new Date(T0 + n * 86_400_000);

/** The environment the stack's bindings set: the registry in the models bucket, the archive's Glue table and workgroup. */
const ENV = {
  MODEL_SENTIMENT_URI: `s3://${MODELS}/${PREFIX}`,
  ARCHIVE_DATABASE: 'archive_db',
  ARCHIVE_TABLE: 'raw_events',
  ATHENA_WORKGROUP: 'tandem-archive',
};

/** Per model: each of the three counts this run emitted (EMF documents with the `model` dimension). */
function counts(output: CapturedOutput): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const doc of output.emf()) {
    const model = doc.model as string | undefined;
    if (!model) continue;
    for (const name of ['RetrainPublished', 'RetrainRejected', 'RetrainFailed']) {
      if (name in doc) (out[model] ??= {})[name] = doc[name] as number;
    }
  }
  return out;
}

// No Athena runs locally: the handler gets a stand-in client that runs the query text it is sent
// on DuckDB over a local archive (duckdb-athena.ts); the registry is in a real S3 API (s3rver).
describe('retrainer handler (Athena stand-in on DuckDB, registry on a real S3 API)', () => {
  let s3: LocalS3;
  let archiveRoot: string;
  let output: CapturedOutput;

  beforeAll(async () => {
    archiveRoot = await mkdtemp(path.join(tmpdir(), 'tandem-retrainer-archive-'));
    const { feedback, labels } = slangArchive(T0);
    await writeArchiveBatch(archiveRoot, 'feedback', feedback, T0);
    // A bisected retry archived part of it again.
    await writeArchiveBatch(archiveRoot, 'feedback', feedback.slice(0, 60), T0 + 1);
    await writeArchiveBatch(archiveRoot, 'feedback-labels', labels, T0 + 2);
  });

  afterAll(async () => {
    await rm(archiveRoot, { recursive: true, force: true });
  });

  beforeEach(async () => {
    // A fresh models bucket holding what a deploy uploads: the shipped model at the prefix's root.
    s3 = await startLocalS3([MODELS]);
    for (const file of ['model.onnx', 'model-card.json']) {
      const body = await readFile(path.join('models/sentiment', file));
      await s3.client.send(new PutObjectCommand({ Bucket: MODELS, Key: `${PREFIX}${file}`, Body: body }));
    }
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    output = captureStdout();
  });

  afterEach(async () => {
    output.restore();
    vi.unstubAllEnvs();
    await s3.close();
  });

  const handlerWith = (retrainers: Record<string, ModelRetrainer>, night: number, env: Record<string, string> = {}) => {
    const athena = duckdbAthena({ archiveRoot, database: ENV.ARCHIVE_DATABASE, pageSize: 100 });
    const handler = retrainerHandler({
      retrainers,
      athena: athena.client,
      s3: s3.client,
      env: { ...ENV, ...env },
      now: () => NIGHT(night),
    });
    return {
      calls: athena.calls,
      invoke: (remainingMs = 900_000) =>
        handler(
          {},
          { ...lambdaContext('tandem-retrainer'), getRemainingTimeInMillis: () => remainingMs },
        ) as Promise<RetrainerReport>,
    };
  };

  it('publishes a better candidate, then rejects one no better than it; both counted and logged', async () => {
    // Prepare
    const first = handlerWith({ sentiment: MODEL_RETRAINERS.sentiment }, 1);
    const second = handlerWith({ sentiment: MODEL_RETRAINERS.sentiment }, 2);

    // Act
    const published = await first.invoke();
    const countsAfterFirst = counts(output);
    const rejected = await second.invoke();
    const logs = output.logs();

    // Assess
    expect(published.models).toEqual([{ model: 'sentiment', outcome: 'published', candidate: expect.any(String) }]);
    expect(rejected.models).toEqual([{ model: 'sentiment', outcome: 'rejected', candidate: expect.any(String) }]);
    const pointer = (await getObjectJson(s3.client, MODELS, `${PREFIX}current.json`)) as { version: string };
    expect(pointer.version).toBe(published.models[0]?.candidate);
    const keys = await listKeys(s3.client, MODELS, `${PREFIX}versions/`);
    for (const r of [published, rejected]) {
      expect(keys).toContain(`${PREFIX}versions/${r.models[0]?.candidate}/evaluation.json`);
    }
    // The text Athena is sent is the training-set query over the Glue table, in the workgroup.
    expect(first.calls.started).toEqual([
      {
        QueryString: athenaTrainingSetQuery(ENV.ARCHIVE_DATABASE, ENV.ARCHIVE_TABLE),
        QueryExecutionContext: { Database: ENV.ARCHIVE_DATABASE },
        WorkGroup: ENV.ATHENA_WORKGROUP,
      },
    ]);
    expect(countsAfterFirst).toEqual({ sentiment: { RetrainPublished: 1, RetrainRejected: 0, RetrainFailed: 0 } });
    expect(counts(output)).toEqual({ sentiment: { RetrainPublished: 0, RetrainRejected: 1, RetrainFailed: 0 } });
    const decisions = logs.filter((l) => l.model === 'sentiment');
    expect(decisions.map((l) => l.message)).toEqual(['candidate published', 'candidate rejected']);
    expect(decisions[1]).toMatchObject({
      current: published.models[0]?.candidate,
      published: false,
      reasons: [expect.stringMatching(/^not better on the holdout/)],
    });
  }, 30_000);

  it('runs the next model after one throws, and counts the failure', async () => {
    // Prepare: a model listed before sentiment whose run throws.
    const broken: ModelRetrainer = async () => {
      throw new Error('training set query failed');
    };
    const run = handlerWith({ broken, sentiment: MODEL_RETRAINERS.sentiment }, 1, {
      MODEL_BROKEN_URI: `s3://${MODELS}/models/broken/`,
    });

    // Act
    const report = await run.invoke();

    // Assess
    expect(report.models).toEqual([
      { model: 'broken', outcome: 'failed', error: 'training set query failed' },
      { model: 'sentiment', outcome: 'published', candidate: expect.any(String) },
    ]);
    expect(counts(output)).toEqual({
      broken: { RetrainPublished: 0, RetrainRejected: 0, RetrainFailed: 1 },
      sentiment: { RetrainPublished: 1, RetrainRejected: 0, RetrainFailed: 0 },
    });
    const failure = output.logs().find((l) => l.model === 'broken');
    expect(failure).toMatchObject({ level: 'ERROR', message: 'retraining failed' });
  }, 30_000);

  it('gives up on a training-set query that would leave no time to train: that model fails, counted, nothing written', async () => {
    // Prepare: under two minutes of the invocation left, the reserve for training and the registry.
    const run = handlerWith({ sentiment: MODEL_RETRAINERS.sentiment }, 1);

    // Act
    const report = await run.invoke(100_000);

    // Assess
    expect(report.models).toEqual([
      { model: 'sentiment', outcome: 'failed', error: expect.stringMatching(/still RUNNING at the deadline/) },
    ]);
    expect(counts(output)).toEqual({ sentiment: { RetrainPublished: 0, RetrainRejected: 0, RetrainFailed: 1 } });
    expect(await listKeys(s3.client, MODELS, `${PREFIX}versions/`)).toEqual([]);
  });

  it('fails the invocation when deployed without the archive binding', async () => {
    // Prepare
    const handler = retrainerHandler({ s3: s3.client, env: { MODEL_SENTIMENT_URI: ENV.MODEL_SENTIMENT_URI } });

    // Act
    const invoking = handler({}, lambdaContext('tandem-retrainer'));

    // Assess
    await expect(invoking).rejects.toThrow(/ARCHIVE_DATABASE, ARCHIVE_TABLE, ATHENA_WORKGROUP/);
  });
});
