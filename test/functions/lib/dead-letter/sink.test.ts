import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DeadLetterConfigError,
  type DeadLetterNotice,
  DeadLetterWriteError,
  deadLetterEvents,
  deadLetterSink,
} from '../../../../functions/lib/dead-letter/index.js';
import { getObjectJson, type LocalS3, listKeys, startLocalS3 } from '../../helpers/local-s3.js';

const BUCKET = 'dead-letters';

describe('deadLetterSink', () => {
  let s3: LocalS3;

  beforeAll(async () => {
    s3 = await startLocalS3([BUCKET]);
  });

  afterAll(async () => {
    await s3.close();
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    deadLetterEvents.removeAllListeners();
  });

  it('writes the dead letter as JSON under records/<function>/<topic>/<partition>/<offset>.json', async () => {
    // Prepare
    const sink = deadLetterSink({ s3: s3.client, bucket: BUCKET, functionName: 'archiver', now: () => 0 });

    // Act
    const receipt = await sink.put({
      topic: 'weather',
      partition: 1,
      offset: 300,
      reason: 'too-large',
      detail: 'weather-1@300 is 2000000 bytes',
      key: null,
      value: Buffer.from('{"t":1}'),
      headers: [],
    });

    // Assess
    expect(receipt).toEqual({ bucket: BUCKET, key: 'records/archiver/weather/1/300.json' });
    expect(await getObjectJson(s3.client, BUCKET, receipt.key)).toEqual({
      reason: 'too-large',
      detail: 'weather-1@300 is 2000000 bytes',
      coordinates: { topic: 'weather', partition: 1, offset: 300 },
      function: 'archiver',
      deadLetteredAt: '1970-01-01T00:00:00.000Z',
      key: null,
      value: { base64: 'eyJ0IjoxfQ==', bytes: 7, utf8Preview: '{"t":1}' },
      headers: [],
    });
  });

  it('overwrites the same object when a replay dead-letters the record again', async () => {
    // Prepare
    let clock = Date.UTC(2024, 5, 18);
    const sink = deadLetterSink({ s3: s3.client, bucket: BUCKET, functionName: 'replayed', now: () => clock++ });
    const entry = { topic: 'feedback', partition: 0, offset: 7, reason: 'late', detail: 'window closed' } as const;

    // Act
    await sink.put(entry);
    await sink.put(entry);
    await sink.put(entry);

    // Assess
    expect(await listKeys(s3.client, BUCKET, 'records/replayed/')).toEqual(['records/replayed/feedback/0/7.json']);
    expect(await getObjectJson(s3.client, BUCKET, 'records/replayed/feedback/0/7.json')).toMatchObject({
      reason: 'late',
      deadLetteredAt: '2024-06-18T00:00:00.002Z',
    });
  });

  it('tells in-process observers about each dead letter once it is stored', async () => {
    // Prepare
    const notices: DeadLetterNotice[] = [];
    deadLetterEvents.on('dead-letter', (notice) => notices.push(notice));
    const sink = deadLetterSink({ s3: s3.client, bucket: BUCKET, functionName: 'observed' });

    // Act
    await sink.put({ topic: 'wiki-changes', partition: 2, offset: 99, reason: 'late', detail: 'behind' });

    // Assess
    expect(notices).toEqual([
      {
        function: 'observed',
        topic: 'wiki-changes',
        partition: 2,
        offset: 99,
        reason: 'late',
        location: { bucket: BUCKET, key: 'records/observed/wiki-changes/2/99.json' },
      },
    ]);
  });

  it('fails with DeadLetterWriteError, and tells no observer, when S3 refuses the write', async () => {
    // Prepare
    const notices: DeadLetterNotice[] = [];
    deadLetterEvents.on('dead-letter', (notice) => notices.push(notice));
    const sink = deadLetterSink({ s3: s3.client, bucket: 'no-such-bucket', functionName: 'archiver' });

    // Act
    const result = sink.put({ topic: 'weather', partition: 0, offset: 1, reason: 'invalid', detail: 'x' });

    // Assess
    await expect(result).rejects.toThrow(DeadLetterWriteError);
    await expect(result).rejects.toThrow(
      'writing dead letter s3://no-such-bucket/records/archiver/weather/0/1.json failed',
    );
    await expect(result).rejects.toHaveProperty('cause.name', 'NoSuchBucket');
    expect(notices).toEqual([]);
  });

  it('refuses to start without a bucket', () => {
    // Prepare
    vi.stubEnv('BUCKET_DEAD_LETTERS', '');

    // Act
    const withoutBucket = () => deadLetterSink({ s3: s3.client, functionName: 'archiver' });

    // Assess
    expect(withoutBucket).toThrow(DeadLetterConfigError);
    expect(withoutBucket).toThrow('pass `bucket` or set BUCKET_DEAD_LETTERS');
  });

  it('takes its bucket from BUCKET_DEAD_LETTERS', async () => {
    // Prepare
    vi.stubEnv('BUCKET_DEAD_LETTERS', BUCKET);
    const sink = deadLetterSink({ s3: s3.client, functionName: 'from-env' });

    // Act
    const receipt = await sink.put({ topic: 'weather', partition: 0, offset: 1, reason: 'invalid', detail: 'x' });

    // Assess
    expect(receipt).toEqual({ bucket: BUCKET, key: 'records/from-env/weather/0/1.json' });
  });

  it('refuses a function name that cannot be a key segment', () => {
    // Prepare
    const functionName = 'a/b';

    // Act
    const create = () => deadLetterSink({ s3: s3.client, bucket: BUCKET, functionName });

    // Assess
    expect(create).toThrow(DeadLetterConfigError);
  });
});
