import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelStoreError, modelDirectory } from '../../../../functions/lib/model-store/index.js';
import { loadSentimentScorer } from '../../../../functions/lib/sentiment/index.js';
import { pipeline } from '../../../../infra/pipeline.js';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.js';

const MODELS = 'tandem-models';
const LOCAL_DIR = path.resolve(pipeline.models.sentiment!.directory);

// s3rver stands in for the models bucket the CDK app binds (`s3://<bucket>/models/<name>`).
describe('modelDirectory', () => {
  let s3: LocalS3;
  let cacheDir: string;

  beforeAll(async () => {
    s3 = await startLocalS3([MODELS]);
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-model-cache-'));
    for (const file of ['model.onnx', 'model-card.json']) {
      await s3.client.send(
        new PutObjectCommand({
          Bucket: MODELS,
          Key: `models/sentiment/${file}`,
          Body: await readFile(path.join(LOCAL_DIR, file)),
        }),
      );
    }
  });

  afterAll(async () => {
    await s3.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('uses a local directory in place', async () => {
    // Act
    const dir = await modelDirectory('sentiment', { env: { MODEL_SENTIMENT_URI: 'models/sentiment' } });

    // Assess
    expect(dir).toBe(LOCAL_DIR);
  });

  it('downloads an s3:// prefix once into the cache and the scorer loads the model from there', async () => {
    // Prepare
    const env = { MODEL_SENTIMENT_URI: `s3://${MODELS}/models/sentiment` };

    // Act
    const [dir, again] = await Promise.all([
      modelDirectory('sentiment', { env, s3: s3.client, cacheDir }),
      modelDirectory('sentiment', { env, s3: s3.client, cacheDir }),
    ]);
    const scorer = await loadSentimentScorer({ modelDir: dir });
    const scores = await scorer.score(['Great product, would recommend to my team.']);
    await scorer.release();

    // Assess
    expect(again).toBe(dir);
    expect(dir.startsWith(path.join(cacheDir, 'models'))).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['model-card.json', 'model.onnx']);
    expect(await readFile(path.join(dir, 'model.onnx'))).toEqual(await readFile(path.join(LOCAL_DIR, 'model.onnx')));
    expect(scores[0]).toBeGreaterThan(0.9);
  });

  it('says what is missing: an unbound model, an empty prefix', async () => {
    // Act
    const unbound = await modelDirectory('sentiment', { env: {} }).catch((e: unknown) => e);
    const empty = await modelDirectory('sentiment', {
      env: { MODEL_SENTIMENT_URI: `s3://${MODELS}/models/nothing-here` },
      s3: s3.client,
      cacheDir,
    }).catch((e: unknown) => e);

    // Assess
    expect(unbound).toBeInstanceOf(ModelStoreError);
    expect((unbound as Error).message).toBe(
      'MODEL_SENTIMENT_URI is not set: bind model "sentiment" in infra/pipeline.ts',
    );
    expect((empty as Error).message).toBe(`model "sentiment": no objects under s3://${MODELS}/models/nothing-here`);
  });
});
