import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { directoryObjects, modelRegistry } from '../../../../functions/lib/model-registry/index.js';
import {
  type LiveModel,
  type ModelCheck,
  ModelStoreError,
  type PublishedModel,
  publishedModel,
} from '../../../../functions/lib/model-store/index.js';
import {
  liveSentimentModel,
  loadSentimentScorer,
  SENTIMENT_MODEL_CARD_FILE,
  SENTIMENT_MODEL_FILE,
  SentimentModelError,
  SentimentModelRefusedError,
  type SentimentScorer,
  UnknownFeatureVersionError,
} from '../../../../functions/lib/sentiment/index.js';
import { NEGATIVE_TEXTS, POSITIVE_TEXTS } from '../../helpers/feedback-texts.js';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.js';
import {
  copyShippedModel,
  mirroredModel,
  mirroredOnnx,
  modelCard,
  publishToDirectory,
  publishToS3,
  SHIPPED_MODEL_DIR,
  shippedModel,
} from '../../helpers/sentiment-models.js';

const INTERVAL_MS = 60_000;
const TEXTS = [POSITIVE_TEXTS[0], NEGATIVE_TEXTS[0]];
const MODELS_BUCKET = 'tandem-models';
const PREFIX = 'models/sentiment';

/** A live sentiment model on a clock the test moves, recording every check. */
async function watch(published: PublishedModel) {
  const clock = { now: 0 };
  const checks: ModelCheck<SentimentScorer>[] = [];
  const live = await liveSentimentModel(published, {
    checkIntervalMs: INTERVAL_MS,
    now: () => clock.now,
    onCheck: (check) => checks.push(check),
  });
  /** The version and scores a batch starting now gets. */
  const batch = () => live.use(async (model) => ({ version: model.version, scores: [...(await model.score(TEXTS))] }));
  return { live, clock, checks, batch };
}

/** Scores of the shipped model (the mirrored one gives 1 − each). */
let shippedScores: number[];

beforeAll(async () => {
  const scorer = await loadSentimentScorer({ modelDir: SHIPPED_MODEL_DIR });
  shippedScores = [...(await scorer.score(TEXTS))];
  await scorer.release();
});

const opened: LiveModel<SentimentScorer>[] = [];
const track = <T extends { live: LiveModel<SentimentScorer> }>(watched: T): T => {
  opened.push(watched.live);
  return watched;
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((live) => live.close()));
});

describe('liveSentimentModel on a local model directory', () => {
  let dir: string;
  let published: PublishedModel;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-live-model-'));
    await copyShippedModel(dir);
    published = publishedModel('sentiment', { env: { MODEL_SENTIMENT_URI: dir } });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('swaps in a new version written over the files once the interval has passed', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    const before = await batch();
    await publishToDirectory(dir, await mirroredModel('1.1.0'));
    clock.now += INTERVAL_MS;

    // Act
    const after = await batch();

    // Assess
    expect(before).toEqual({ version: '1.0.0', scores: shippedScores });
    expect(after.version).toBe('1.1.0');
    for (const [i, score] of after.scores.entries()) expect(score).toBeCloseTo(1 - shippedScores[i]!, 6);
    expect(checks.map((c) => c.outcome)).toEqual(['swapped']);
    expect(checks[0]).toMatchObject({ from: { version: '1.0.0' }, to: { version: '1.1.0' } });
  });

  it('follows the registry: a published version reaches the running scorer, a rollback takes it back', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    const registry = modelRegistry('sentiment', directoryObjects(dir));
    await registry.addVersion('20261205T030000Z', await mirroredModel('1.1.0'));
    const before = await batch();

    // Act
    await registry.publish('20261205T030000Z', { expected: 'shipped', by: 'test' });
    clock.now += INTERVAL_MS;
    const published_ = await batch();
    await registry.rollback({ by: 'test' });
    clock.now += INTERVAL_MS;
    const rolledBack = await batch();

    // Assess
    expect(before).toEqual({ version: '1.0.0', scores: shippedScores });
    expect(published_.version).toBe('1.1.0');
    expect(published_.scores.map((p, i) => p + shippedScores[i]!)).toEqual([1, 1].map((x) => expect.closeTo(x, 5)));
    expect(rolledBack).toEqual({ version: '1.0.0', scores: shippedScores });
    expect(checks.map((c) => c.outcome)).toEqual(['swapped', 'swapped']);
  });

  it('does not look at the published model before the interval has passed', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    await publishToDirectory(dir, await mirroredModel('1.1.0'));

    // Act
    clock.now += INTERVAL_MS - 1;
    const early = await batch();
    clock.now += 1;
    const due = await batch();
    const again = await batch();

    // Assess
    expect(early.version).toBe('1.0.0');
    expect(due.version).toBe('1.1.0');
    expect(again.version).toBe('1.1.0');
    expect(checks.map((c) => c.outcome)).toEqual(['swapped']);
  });

  it('never checks when the interval is 0', async () => {
    // Prepare
    const checks: ModelCheck<SentimentScorer>[] = [];
    let now = 0;
    const live = await liveSentimentModel(published, {
      checkIntervalMs: 0,
      now: () => now,
      onCheck: (c) => checks.push(c),
    });
    opened.push(live);
    await publishToDirectory(dir, await mirroredModel('1.1.0'));

    // Act
    now += 365 * 86_400_000;
    const version = await live.use(async (model) => model.version);

    // Assess
    expect(version).toBe('1.0.0');
    expect(checks).toEqual([]);
  });

  it('keeps the current model when the new one needs a feature version this code does not know', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    await publishToDirectory(dir, await mirroredModel('2.0.0', 'tandem-sentiment-features/2'));
    clock.now += INTERVAL_MS;

    // Act
    const after = await batch();

    // Assess
    expect(after).toEqual({ version: '1.0.0', scores: shippedScores });
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ outcome: 'rejected', current: { version: '1.0.0' } });
    const reason = (checks[0] as { reason: unknown }).reason;
    expect(reason).toBeInstanceOf(UnknownFeatureVersionError);
    expect(reason).toMatchObject({ featureVersion: 'tandem-sentiment-features/2' });
  });

  it('keeps the current model when the new model.onnx is corrupt, and does not read that copy again', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    const onnx = await mirroredOnnx('1.2.0');
    await publishToDirectory(
      dir,
      new Map([
        [SENTIMENT_MODEL_CARD_FILE, await modelCard('1.2.0')],
        [SENTIMENT_MODEL_FILE, onnx.subarray(0, onnx.length >> 1)],
      ]),
    );
    clock.now += INTERVAL_MS;

    // Act
    const after = await batch();
    clock.now += INTERVAL_MS;
    const later = await batch();

    // Assess
    expect(after).toEqual({ version: '1.0.0', scores: shippedScores });
    expect(later.version).toBe('1.0.0');
    expect(checks.map((c) => c.outcome)).toEqual(['rejected', 'unchanged']);
    expect((checks[0] as { reason: unknown }).reason).toBeInstanceOf(SentimentModelError);
  });

  it('refuses other bytes under the version in use, and a card that does not match its model until the model arrives', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    const mirrored = await mirroredModel('1.1.0');
    await publishToDirectory(dir, new Map([[SENTIMENT_MODEL_FILE, await mirroredOnnx('1.0.0')]]));
    clock.now += INTERVAL_MS;
    const sameVersion = await batch();
    await publishToDirectory(dir, new Map([[SENTIMENT_MODEL_CARD_FILE, mirrored.get(SENTIMENT_MODEL_CARD_FILE)!]]));
    clock.now += INTERVAL_MS;
    const cardOnly = await batch();

    // Act
    await publishToDirectory(dir, new Map([[SENTIMENT_MODEL_FILE, mirrored.get(SENTIMENT_MODEL_FILE)!]]));
    clock.now += INTERVAL_MS;
    const complete = await batch();

    // Assess
    expect([sameVersion.version, cardOnly.version, complete.version]).toEqual(['1.0.0', '1.0.0', '1.1.0']);
    expect(checks.map((c) => c.outcome)).toEqual(['rejected', 'rejected', 'swapped']);
    const [reused, torn] = checks.map((c) => (c as { reason?: Error }).reason);
    expect(reused).toBeInstanceOf(SentimentModelRefusedError);
    expect(reused?.message).toMatch(/version 1\.0\.0, the version in use, with other bytes/);
    expect(torn?.message).toBe(
      'model-card.json says 1.1.0 (tandem-sentiment-features/1), model.onnx says 1.0.0 (tandem-sentiment-features/1)',
    );
  });

  it('lets a batch in flight finish on the model it started with, and releases that model only then', async () => {
    // Prepare
    const { live, clock, checks, batch } = track(await watch(published));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let old!: SentimentScorer;
    const inFlight = live.use(async (model) => {
      old = model;
      await gate;
      return { version: model.version, scores: [...(await model.score(TEXTS))] };
    });
    await publishToDirectory(dir, await mirroredModel('1.1.0'));
    clock.now += INTERVAL_MS;

    // Act
    const next = await batch();
    release();
    const first = await inFlight;

    // Assess
    expect(checks.map((c) => c.outcome)).toEqual(['swapped']);
    expect(next.version).toBe('1.1.0');
    expect(first).toEqual({ version: '1.0.0', scores: shippedScores });
    await expect(old.score(TEXTS)).rejects.toThrow();
  });

  it('keeps the current model when the published files cannot be read, and asks again only after the interval', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    await rm(path.join(dir, SENTIMENT_MODEL_CARD_FILE));
    clock.now += INTERVAL_MS;

    // Act
    const failed = await batch();
    await writeFile(path.join(dir, SENTIMENT_MODEL_CARD_FILE), (await shippedModel()).get(SENTIMENT_MODEL_CARD_FILE)!);
    await publishToDirectory(dir, await mirroredModel('1.1.0'));
    clock.now += INTERVAL_MS - 1;
    const tooSoon = await batch();
    clock.now += 1;
    const recovered = await batch();

    // Assess
    expect([failed.version, tooSoon.version, recovered.version]).toEqual(['1.0.0', '1.0.0', '1.1.0']);
    expect(checks.map((c) => c.outcome)).toEqual(['failed', 'swapped']);
    const error = (checks[0] as { error: Error }).error;
    expect(error).toBeInstanceOf(ModelStoreError);
    expect(error.message).toBe(`checking model "sentiment" at ${dir} failed`);
    expect(String((error.cause as Error).message)).toMatch(/ENOENT/);
  });
});

// s3rver stands in for the models bucket the CDK app binds (`s3://<bucket>/models/sentiment`).
describe('liveSentimentModel on S3', () => {
  let s3: LocalS3;
  let published: PublishedModel;

  beforeAll(async () => {
    s3 = await startLocalS3([MODELS_BUCKET]);
    published = publishedModel('sentiment', {
      env: { MODEL_SENTIMENT_URI: `s3://${MODELS_BUCKET}/${PREFIX}` },
      s3: s3.client,
    });
  });

  beforeEach(async () => {
    await publishToS3(s3.client, MODELS_BUCKET, PREFIX, await shippedModel());
  });

  afterAll(async () => {
    await s3.close();
  });

  it('loads the published model at cold start and swaps in a new version uploaded over it', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    const before = await batch();
    await publishToS3(s3.client, MODELS_BUCKET, PREFIX, await mirroredModel('1.1.0'));
    clock.now += INTERVAL_MS;

    // Act
    const after = await batch();

    // Assess
    expect(before).toEqual({ version: '1.0.0', scores: shippedScores });
    expect(after.version).toBe('1.1.0');
    for (const [i, score] of after.scores.entries()) expect(score).toBeCloseTo(1 - shippedScores[i]!, 6);
    expect(checks).toEqual([expect.objectContaining({ outcome: 'swapped' })]);
  });

  it('finds nothing new when the same files are uploaded again', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    await publishToS3(s3.client, MODELS_BUCKET, PREFIX, await shippedModel());
    clock.now += INTERVAL_MS;

    // Act
    const after = await batch();

    // Assess
    expect(after.version).toBe('1.0.0');
    expect(checks.map((c) => c.outcome)).toEqual(['unchanged']);
  });

  it('keeps the current model when the model card is gone, and when the new model is corrupt', async () => {
    // Prepare
    const { clock, checks, batch } = track(await watch(published));
    await s3.client.send(
      new DeleteObjectCommand({ Bucket: MODELS_BUCKET, Key: `${PREFIX}/${SENTIMENT_MODEL_CARD_FILE}` }),
    );
    clock.now += INTERVAL_MS;
    const missing = await batch();
    await publishToS3(
      s3.client,
      MODELS_BUCKET,
      PREFIX,
      new Map([
        [SENTIMENT_MODEL_CARD_FILE, await modelCard('1.3.0')],
        [SENTIMENT_MODEL_FILE, new Uint8Array([0x0a, 0xff, 0xff])],
      ]),
    );
    clock.now += INTERVAL_MS;

    // Act
    const corrupt = await batch();

    // Assess
    expect([missing, corrupt]).toEqual([
      { version: '1.0.0', scores: shippedScores },
      { version: '1.0.0', scores: shippedScores },
    ]);
    expect(checks.map((c) => c.outcome)).toEqual(['failed', 'rejected']);
    expect((checks[0] as { error: Error }).error.message).toBe(
      `checking model "sentiment" at s3://${MODELS_BUCKET}/${PREFIX} failed`,
    );
    expect((checks[1] as { reason: unknown }).reason).toBeInstanceOf(SentimentModelError);
  });
});
