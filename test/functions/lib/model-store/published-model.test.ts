import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelStoreError, publishedModel } from '../../../../functions/lib/model-store/index.js';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.js';

const BUCKET = 'tandem-models';
const FILES = ['model-card.json', 'model.bin'];

describe('publishedModel', () => {
  let s3: LocalS3;
  let dir: string;

  beforeAll(async () => {
    s3 = await startLocalS3([BUCKET]);
    dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-published-'));
  });

  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  const writeLocal = async (card: string, model: string) => {
    await writeFile(path.join(dir, 'model-card.json'), card);
    await writeFile(path.join(dir, 'model.bin'), model);
  };
  const upload = async (prefix: string, card: string, model: string) => {
    for (const [file, body] of [
      ['model-card.json', card],
      ['model.bin', model],
    ]) {
      await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}/${file}`, Body: body }));
    }
  };

  it('fingerprints a local directory by its files’ bytes, and reads exactly the copy it fingerprints', async () => {
    // Prepare
    const model = publishedModel('sentiment', { env: { MODEL_SENTIMENT_URI: dir } });
    await writeLocal('{"version":"1"}', 'weights-1');

    // Act
    const first = await model.fingerprint(FILES);
    await writeLocal('{"version":"1"}', 'weights-1');
    const rewritten = await model.fingerprint(FILES);
    const read = await model.read(FILES);
    await writeLocal('{"version":"2"}', 'weights-1');
    const changed = await model.fingerprint(FILES);

    // Assess
    expect(rewritten).toBe(first);
    expect(read.fingerprint).toBe(first);
    expect(changed).not.toBe(first);
    expect(Buffer.from(read.files.get('model-card.json')!).toString()).toBe('{"version":"1"}');
    expect(Buffer.from(read.files.get('model.bin')!).toString()).toBe('weights-1');
  });

  it('fingerprints an S3 prefix with one HEAD per file, matching what a read of the same objects gets', async () => {
    // Prepare
    const model = publishedModel('sentiment', {
      env: { MODEL_SENTIMENT_URI: `s3://${BUCKET}/models/sentiment` },
      s3: s3.client,
    });
    await upload('models/sentiment', '{"version":"1"}', 'weights-1');

    // Act
    const first = await model.fingerprint(FILES);
    const read = await model.read(FILES);
    await upload('models/sentiment', '{"version":"1"}', 'weights-2');
    const changed = await model.fingerprint(FILES);

    // Assess
    expect(read.fingerprint).toBe(first);
    // No current.json: the root's files, the shipped model.
    expect(first).toMatch(/^root model-card\.json="[0-9a-f]{32}" model\.bin="[0-9a-f]{32}"$/);
    expect(changed.split(' ')[1]).toBe(first.split(' ')[1]);
    expect(changed.split(' ')[2]).not.toBe(first.split(' ')[2]);
    expect(Buffer.from(read.files.get('model.bin')!).toString()).toBe('weights-1');
  });

  it('follows the registry pointer: current.json names the version whose files are read, in a directory and on S3', async () => {
    // Prepare
    const local = publishedModel('sentiment', { env: { MODEL_SENTIMENT_URI: dir } });
    const remote = publishedModel('sentiment', {
      env: { MODEL_SENTIMENT_URI: `s3://${BUCKET}/registry/sentiment` },
      s3: s3.client,
    });
    await writeLocal('{"version":"shipped"}', 'weights-shipped');
    await upload('registry/sentiment', '{"version":"shipped"}', 'weights-shipped');
    const pointer = JSON.stringify({ version: 'v2', previous: 'shipped', history: ['shipped', 'v2'] });
    await mkdir(path.join(dir, 'versions', 'v2'), { recursive: true });
    await writeFile(path.join(dir, 'versions', 'v2', 'model-card.json'), '{"version":"v2"}');
    await writeFile(path.join(dir, 'versions', 'v2', 'model.bin'), 'weights-v2');
    await upload('registry/sentiment/versions/v2', '{"version":"v2"}', 'weights-v2');

    // Act
    const before = await Promise.all([local.read(FILES), remote.read(FILES)]);
    await writeFile(path.join(dir, 'current.json'), pointer);
    await s3.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'registry/sentiment/current.json', Body: pointer }),
    );
    const after = await Promise.all([
      local.read(FILES),
      remote.read(FILES),
      local.fingerprint(FILES),
      remote.fingerprint(FILES),
    ]);
    await rm(path.join(dir, 'current.json'));
    await rm(path.join(dir, 'versions'), { recursive: true });
    await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'registry/sentiment/current.json' }));
    const back = await remote.read(FILES);

    // Assess
    for (const read of before) expect(Buffer.from(read.files.get('model.bin')!).toString()).toBe('weights-shipped');
    for (const read of [after[0], after[1]]) {
      expect(read.version).toBe('v2');
      expect(Buffer.from(read.files.get('model.bin')!).toString()).toBe('weights-v2');
    }
    expect(after[2]).toBe(after[0].fingerprint);
    expect(after[3]).toBe(after[1].fingerprint);
    expect(after[1].fingerprint).not.toBe(before[1].fingerprint);
    expect(Buffer.from(back.files.get('model.bin')!).toString()).toBe('weights-shipped');
  });

  it('names the same bytes with the same digest wherever they are published', async () => {
    // Prepare
    await writeLocal('{"version":"3"}', 'weights-3');
    await upload('models/digest', '{"version":"3"}', 'weights-3');
    const local = publishedModel('sentiment', { env: { MODEL_SENTIMENT_URI: dir } });
    const remote = publishedModel('sentiment', {
      env: { MODEL_SENTIMENT_URI: `s3://${BUCKET}/models/digest/` },
      s3: s3.client,
    });

    // Act
    const [a, b] = await Promise.all([local.read(FILES), remote.read(FILES)]);

    // Assess
    expect(a.digest).toBe(b.digest);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('says which model and where when a file is missing or the URI is unset', async () => {
    // Prepare
    const uri = `s3://${BUCKET}/models/nothing-here`;
    const missing = publishedModel('sentiment', { env: { MODEL_SENTIMENT_URI: uri }, s3: s3.client });

    // Act
    const check = await missing.fingerprint(FILES).catch((e: unknown) => e);
    const read = await missing.read(FILES).catch((e: unknown) => e);
    const unbound = (() => {
      try {
        return publishedModel('sentiment', { env: {} });
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(check).toBeInstanceOf(ModelStoreError);
    expect((check as Error).message).toBe(`checking model "sentiment" at ${uri} failed`);
    expect((read as Error).message).toBe(`reading model "sentiment" at ${uri} failed`);
    expect((read as Error).cause).toMatchObject({ name: 'NoSuchKey' });
    expect(unbound).toBeInstanceOf(ModelStoreError);
    expect((unbound as Error).message).toBe(
      'MODEL_SENTIMENT_URI is not set: bind model "sentiment" in infra/pipeline.ts',
    );
  });
});
