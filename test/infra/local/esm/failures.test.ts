import { describe, expect, it } from 'vitest';
import type { BatchEvent, BatchFailure, EventSourceMapping } from '../../../../infra/local/esm/index.js';
import { consumerGroupOf } from '../../../../infra/pipeline/names.js';
import {
  committedOffsets,
  createTopic,
  recordsOf,
  sleep,
  testTrigger,
  useMappingFixture,
  waitFor,
} from './helpers/kafka.js';

// Error handling: retries, ReportBatchItemFailures, timeouts, bisection, record age, payload limit.
describe('EventSourceMapping error handling', () => {
  const fixture = useMappingFixture();
  const { start } = fixture;

  it('retries a failing batch until it succeeds, holding its partition while others keep flowing', async () => {
    // Prepare
    const topic = 'esm-retry';
    await createTopic(fixture.broker.bootstrap, topic, 2);
    const trigger = testTrigger(topic);
    const calls: { partition: number; offset: number; value: string }[][] = [];
    let partition0Failures = 0;
    const mapping = await start({
      trigger,
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      retryBackoffMs: { initial: 400, max: 400 },
      handler: async (event) => {
        const records = recordsOf(event);
        calls.push(records);
        if (records.some((r) => r.partition === 0) && partition0Failures < 2) {
          partition0Failures++;
          throw new Error(`downstream unavailable (${partition0Failures})`);
        }
      },
    });

    // Act
    await fixture.producer.send(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: `p0-${i}` })),
    );
    await waitFor(() => partition0Failures === 1, 10_000, 'first failure');
    await fixture.producer.send(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ partition: 1, value: `p1-${i}` })),
    );
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-1`] === 5, 10_000, 'partition 1 flows');
    const committedWhileBlocked = { ...mapping.stats().lastCommitted };
    const failuresWhileBlocked = partition0Failures;
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 5, 10_000, 'partition 0 succeeds');

    // Assess
    expect(failuresWhileBlocked).toBeLessThan(3);
    expect(committedWhileBlocked).toEqual({ [`${topic}-0`]: null, [`${topic}-1`]: 5 });
    const partition0Calls = calls.filter((records) => records.some((r) => r.partition === 0));
    expect(partition0Calls).toHaveLength(3);
    for (const records of partition0Calls)
      expect(records.map((r) => r.value)).toEqual(['p0-0', 'p0-1', 'p0-2', 'p0-3', 'p0-4']);
    expect(mapping.stats()).toMatchObject({ failedInvokes: 2, retries: 2, succeededRecords: 10, droppedRecords: 0 });
    expect(await committedOffsets(fixture.broker.bootstrap, consumerGroupOf(trigger), topic, 2)).toEqual([5, 5]);
  });

  it('resumes a partition from the lowest offset reported in batchItemFailures', async () => {
    // Prepare
    const topic = 'esm-partial';
    await createTopic(fixture.broker.bootstrap, topic, 2);
    await fixture.producer.send(topic, [
      ...Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: `p0-${i}` })),
      ...Array.from({ length: 4 }, (_, i) => ({ partition: 1, value: `p1-${i}` })),
    ]);
    const trigger = testTrigger(topic, { batchSize: 20, batchingWindowMs: 100, reportBatchItemFailures: true });
    const calls: { partition: number; offset: number }[][] = [];
    let committedAtRetry: number | null | undefined;
    const mapping: EventSourceMapping = await start({
      trigger,
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      retryBackoffMs: { initial: 50, max: 50 },
      handler: async (event) => {
        calls.push(recordsOf(event));
        if (calls.length === 1) {
          return {
            batchItemFailures: [
              { itemIdentifier: { partition: `${topic}-0`, offset: 8 } },
              { itemIdentifier: { partition: `${topic}-0`, offset: '6' } },
            ],
          };
        }
        committedAtRetry = mapping.stats().lastCommitted[`${topic}-0`];
        return { batchItemFailures: [] };
      },
    });

    // Act
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 10, 10_000, 'partition 0 done');

    // Assess
    expect(calls).toHaveLength(2);
    expect(calls[0]).toHaveLength(14);
    expect(calls[1]!.map((r) => [r.partition, r.offset])).toEqual([
      [0, 6],
      [0, 7],
      [0, 8],
      [0, 9],
    ]);
    expect(committedAtRetry).toBe(6);
    expect(mapping.stats().lastCommitted[`${topic}-1`]).toBe(4);
    expect(mapping.stats()).toMatchObject({ succeededRecords: 14, failedInvokes: 1, retries: 1 });
  });

  it('fails the whole batch on an unreadable batchItemFailures response', async () => {
    // Prepare
    const topic = 'esm-bad-response';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    await fixture.producer.send(
      topic,
      Array.from({ length: 3 }, (_, i) => ({ partition: 0, value: `v${i}` })),
    );
    const calls: number[][] = [];
    const mapping = await start({
      trigger: testTrigger(topic, { reportBatchItemFailures: true }),
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      retryBackoffMs: { initial: 20, max: 20 },
      handler: async (event) => {
        calls.push(recordsOf(event).map((r) => r.offset));
        // A string itemIdentifier is the SQS/Kinesis form, not Kafka's.
        return calls.length === 1 ? { batchItemFailures: [{ itemIdentifier: `${topic}-0@1` }] } : {};
      },
    });

    // Act
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 3, 10_000, 'commit');

    // Assess
    expect(calls).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
  });

  it('treats a handler still running at the timeout as a failed invoke', async () => {
    // Prepare
    const topic = 'esm-timeout';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    await fixture.producer.send(topic, [{ partition: 0, value: 'slow' }]);
    const batches: BatchEvent[] = [];
    let calls = 0;
    const mapping = await start({
      trigger: testTrigger(topic),
      functionName: 'f',
      timeoutSeconds: 0.2,
      memoryMb: 128,
      retryBackoffMs: { initial: 20, max: 20 },
      handler: async () => {
        calls++;
        if (calls === 1) await sleep(600);
      },
    });
    mapping.on('batch', (batch) => batches.push(batch));

    // Act
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 1, 10_000, 'commit');

    // Assess
    expect(batches.map((b) => [b.ok, b.attempt])).toEqual([
      [false, 1],
      [true, 2],
    ]);
    expect(batches[0]!.durationMs).toBeGreaterThanOrEqual(190);
    expect(batches[0]!.durationMs).toBeLessThan(500);
    expect(mapping.stats()).toMatchObject({ failedInvokes: 1, succeededRecords: 1 });
  });

  it('bisects a failing batch to isolate a poison record, which alone goes to the destination', async () => {
    // Prepare
    const topic = 'esm-bisect';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    await fixture.producer.send(
      topic,
      Array.from({ length: 8 }, (_, i) => ({ partition: 0, value: i === 5 ? 'poison' : `ok${i}` })),
    );
    const succeeded: string[] = [];
    const invoked: number[] = [];
    const failures: BatchFailure[] = [];
    const mapping = await start({
      trigger: testTrigger(topic, {
        batchSize: 8,
        batchingWindowMs: 50,
        retry: { maximumRetryAttempts: 1, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: true },
        onFailure: { bucket: 'dead-letters' },
      }),
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      retryBackoffMs: { initial: 10, max: 10 },
      destination: async (failure) => {
        failures.push(failure);
      },
      handler: async (event) => {
        const records = recordsOf(event);
        invoked.push(records.length);
        if (records.some((r) => r.value === 'poison')) throw new Error('cannot parse');
        succeeded.push(...records.map((r) => r.value));
      },
    });

    // Act
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 8, 10_000, 'partition moves on');

    // Assess: 8 → 4 + 4 → (4 ok) 2 + 2 → 1 + 1 → the poison record retried once, then given up.
    expect(invoked).toEqual([8, 4, 4, 2, 1, 1, 1, 2]);
    expect(succeeded.sort()).toEqual(['ok0', 'ok1', 'ok2', 'ok3', 'ok4', 'ok6', 'ok7']);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 5,
    });
    expect(failures[0]!.KafkaBatchInfo.recordsInfo).toEqual({
      [`${topic}-0`]: expect.objectContaining({ firstRecordOffset: '5', lastRecordOffset: '5' }),
    });
    expect(recordsOf(JSON.parse(failures[0]!.payload)).map((r) => r.value)).toEqual(['poison']);
    expect(mapping.stats()).toMatchObject({ sentToDestination: 1, failedRecords: 1, succeededRecords: 7 });
  });

  it('does not retry records older than maximumRecordAgeSeconds', async () => {
    // Prepare
    const topic = 'esm-record-age';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    const now = Date.now();
    await fixture.producer.send(topic, [
      { partition: 0, value: 'old', timestamp: now - 120_000 },
      { partition: 0, value: 'fresh', timestamp: now },
    ]);
    const failures: BatchFailure[] = [];
    const calls: string[][] = [];
    const mapping = await start({
      trigger: testTrigger(topic, {
        retry: { maximumRetryAttempts: 5, maximumRecordAgeSeconds: 60, bisectBatchOnFunctionError: false },
        onFailure: { bucket: 'dead-letters' },
      }),
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      retryBackoffMs: { initial: 10, max: 10 },
      destination: async (failure) => {
        failures.push(failure);
      },
      handler: async (event) => {
        calls.push(recordsOf(event).map((r) => r.value));
        if (calls.length === 1) throw new Error('transient');
      },
    });

    // Act
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 2, 10_000, 'commit');

    // Assess
    expect(calls).toEqual([['old', 'fresh'], ['fresh']]);
    expect(failures.map((f) => f.requestContext.condition)).toEqual(['MaximumRecordAgeExceeded']);
    expect(failures[0]!.KafkaBatchInfo.recordsInfo[`${topic}-0`]?.firstRecordOffset).toBe('0');
  });

  it('drops exhausted batches without a destination, counting them, and moves on', async () => {
    // Prepare
    const topic = 'esm-drop';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    await fixture.producer.send(topic, [{ partition: 0, value: 'bad' }]);
    let calls = 0;
    const mapping = await start({
      trigger: testTrigger(topic, {
        retry: { maximumRetryAttempts: 2, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: false },
      }),
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      retryBackoffMs: { initial: 10, max: 10 },
      handler: async () => {
        calls++;
        throw new Error('always');
      },
    });

    // Act
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 1, 10_000, 'commit');

    // Assess
    expect(calls).toBe(3);
    expect(mapping.stats()).toMatchObject({
      droppedRecords: 1,
      failedRecords: 1,
      sentToDestination: 0,
      failedInvokes: 3,
    });
  });

  it('sends a record too large for any invoke payload to the destination instead of blocking', async () => {
    // Prepare
    const topic = 'esm-too-large';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    // 5 MB of bytes is 6.7 MB as base64: over Lambda's 6 MB invoke limit on its own.
    await fixture.producer.send(topic, [
      { partition: 0, value: 'small-1' },
      { partition: 0, value: Buffer.alloc(5 * 1024 * 1024, 7) },
      { partition: 0, value: 'small-2' },
    ]);
    const seen: string[] = [];
    const failures: BatchFailure[] = [];
    const mapping = await start({
      trigger: testTrigger(topic, { onFailure: { bucket: 'dead-letters' } }),
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      destination: async (failure) => {
        failures.push(failure);
      },
      handler: async (event) => {
        seen.push(...recordsOf(event).map((r) => r.value));
      },
    });

    // Act
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 3, 15_000, 'commit');

    // Assess
    expect(seen).toEqual(['small-1', 'small-2']);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      requestContext: { condition: 'MaximumPayloadSizeExceeded', approximateInvokeCount: 0 },
      responseContext: null,
    });
    expect(failures[0]!.KafkaBatchInfo.recordsInfo[`${topic}-0`]?.firstRecordOffset).toBe('1');
    expect(failures[0]!.KafkaBatchInfo.payloadSize).toBeGreaterThan(6_291_456);
    expect(mapping.stats()).toMatchObject({ sentToDestination: 1, succeededRecords: 2 });
  });
});
