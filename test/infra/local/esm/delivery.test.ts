import { describe, expect, it } from 'vitest';
import type { BatchEvent, LambdaContextLike } from '../../../../infra/local/esm/index.js';
import { consumerGroupOf } from '../../../../infra/pipeline/names.js';
import {
  committedOffsets,
  createTopic,
  recordsOf,
  sleep,
  type TestMessage,
  testTrigger,
  useMappingFixture,
  waitFor,
} from './helpers/kafka.js';

// Delivery, batching, filters, starting positions and restarts against the embedded fixture.broker.
describe('EventSourceMapping delivery', () => {
  const fixture = useMappingFixture();
  const { start } = fixture;

  it('delivers every record once, in order per partition, in batches of at most batchSize, then commits', async () => {
    // Prepare
    const topic = 'esm-delivery';
    await createTopic(fixture.broker.bootstrap, topic, 3);
    const trigger = testTrigger(topic, { batchSize: 25, batchingWindowMs: 20 });
    const events: unknown[] = [];
    const contexts: LambdaContextLike[] = [];
    const batches: BatchEvent[] = [];
    const inFlight = new Set<number>();
    let overlaps = 0;
    let running = 0;
    let maxConcurrent = 0;
    const sent: TestMessage[] = Array.from({ length: 300 }, (_, i) => ({
      partition: i % 3,
      key: `k${i}`,
      value: `v${i}`,
    }));

    // Act
    const mapping = await start({
      trigger,
      functionName: 'aqi-scorer',
      timeoutSeconds: 5,
      memoryMb: 256,
      handler: async (event, context) => {
        events.push(event);
        contexts.push(context);
        const partitions = new Set(recordsOf(event).map((r) => r.partition));
        for (const partition of partitions) if (inFlight.has(partition)) overlaps++;
        for (const partition of partitions) inFlight.add(partition);
        maxConcurrent = Math.max(maxConcurrent, ++running);
        await sleep(5);
        running--;
        for (const partition of partitions) inFlight.delete(partition);
      },
    });
    mapping.on('batch', (batch) => batches.push(batch));
    const processed: number[] = [];
    mapping.on('processed', ({ count, timestamps }) => {
      expect(timestamps).toHaveLength(count);
      processed.push(...timestamps);
    });
    for (let i = 0; i < sent.length; i += 60) await fixture.producer.send(topic, sent.slice(i, i + 60));
    await waitFor(() => mapping.stats().succeededRecords === 300, 15_000, 'all records');
    await waitFor(
      () => Object.values(mapping.stats().lastCommitted).every((offset) => offset === 100),
      5_000,
      'commits',
    );
    const committed = await committedOffsets(fixture.broker.bootstrap, consumerGroupOf(trigger), topic, 3);

    // Assess
    const delivered = events.flatMap(recordsOf);
    expect(delivered).toHaveLength(300);
    expect(new Set(delivered.map((r) => r.value)).size).toBe(300);
    for (let partition = 0; partition < 3; partition++) {
      const offsets = delivered.filter((r) => r.partition === partition).map((r) => r.offset);
      expect(offsets).toEqual(Array.from({ length: 100 }, (_, i) => i));
    }
    for (const event of events) expect(recordsOf(event).length).toBeLessThanOrEqual(25);
    expect(overlaps).toBe(0);
    expect(maxConcurrent).toBeLessThanOrEqual(3);
    expect(batches.every((b) => b.ok && b.attempt === 1 && b.records <= 25)).toBe(true);
    expect(events[0]).toMatchObject({
      eventSource: 'aws:kafka',
      eventSourceArn: 'arn:aws:kafka:local:000000000000:cluster/tandem/local',
      bootstrapServers: fixture.broker.bootstrap,
    });
    expect(contexts[0]).toMatchObject({
      functionName: 'aqi-scorer',
      functionVersion: '$LATEST',
      memoryLimitInMB: '256',
      invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:aqi-scorer',
    });
    expect(new Set(contexts.map((c) => c.awsRequestId)).size).toBe(contexts.length);
    expect(committed).toEqual([100, 100, 100]);
    expect(processed).toHaveLength(300);
    expect(processed.every((timestamp) => Math.abs(Date.now() - timestamp) < 60_000)).toBe(true);
    expect(mapping.stats()).toMatchObject({ received: 300, filtered: 0, failedInvokes: 0, queued: 0, inFlight: 0 });
    await waitFor(() => Object.values(mapping.stats().lag).every((lag) => lag === 0), 5_000, 'lag 0');
  });

  it('skips records the filters reject, counts them and commits their offsets, also for an all-filtered batch', async () => {
    // Prepare
    const topic = 'esm-filter';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    const trigger = testTrigger(topic, {
      filterCriteria: { Filters: [{ Pattern: JSON.stringify({ value: { kind: ['keep'] } }) }] },
    });
    const seen: string[] = [];
    const kind = (i: number) => (i % 3 === 0 ? 'keep' : 'drop');

    // Act
    const mapping = await start({
      trigger,
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      handler: async (event) => {
        seen.push(...recordsOf(event).map((r) => r.value));
      },
    });
    await fixture.producer.send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: JSON.stringify({ kind: kind(i), i }) })),
    );
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 10, 10_000, 'first commit');
    const invocationsBefore = mapping.stats().invocations;
    await fixture.producer.send(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: JSON.stringify({ kind: 'drop', i }) })),
    );
    await waitFor(() => mapping.stats().lastCommitted[`${topic}-0`] === 15, 10_000, 'filtered-only commit');

    // Assess
    expect(seen.map((v) => JSON.parse(v).i)).toEqual([0, 3, 6, 9]);
    expect(mapping.stats()).toMatchObject({ received: 15, filtered: 11, succeededRecords: 4 });
    expect(mapping.stats().invocations).toBe(invocationsBefore);
    expect(await committedOffsets(fixture.broker.bootstrap, consumerGroupOf(trigger), topic, 1)).toEqual([15]);
  });

  it('resumes from committed offsets after a restart, delivering nothing twice', async () => {
    // Prepare
    const topic = 'esm-restart';
    await createTopic(fixture.broker.bootstrap, topic, 2);
    const trigger = testTrigger(topic);
    const seen: string[] = [];
    const options = {
      trigger,
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      handler: async (event: unknown) => {
        seen.push(...recordsOf(event).map((r) => r.value));
      },
    };
    const first = await start(options);
    await fixture.producer.send(
      topic,
      Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: `a${i}` })),
    );
    await waitFor(() => first.stats().succeededRecords === 20, 10_000, 'first wave');

    // Act
    await first.stop();
    await fixture.producer.send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, value: `b${i}` })),
    );
    const second = await start(options);
    await waitFor(() => second.stats().succeededRecords === 10, 10_000, 'second wave');
    await sleep(100);

    // Assess
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect(second.stats().received).toBe(10);
    expect(first.stats().lastCommitted).toEqual({ [`${topic}-0`]: 10, [`${topic}-1`]: 10 });
  });

  it('waits in stop() for the running invoke, then commits it', async () => {
    // Prepare
    const topic = 'esm-stop';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    const trigger = testTrigger(topic);
    let finished = false;
    const mapping = await start({
      trigger,
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      handler: async () => {
        await sleep(300);
        finished = true;
      },
    });
    await fixture.producer.send(topic, [{ partition: 0, value: 'x' }]);
    await waitFor(() => mapping.stats().inFlight === 1, 10_000, 'invoke running');

    // Act
    await mapping.stop();

    // Assess
    expect(finished).toBe(true);
    expect(mapping.stats().lastCommitted[`${topic}-0`]).toBe(1);
    expect(await committedOffsets(fixture.broker.bootstrap, consumerGroupOf(trigger), topic, 1)).toEqual([1]);
  });

  it('starts a new group at LATEST: records older than the mapping are skipped', async () => {
    // Prepare
    const topic = 'esm-latest';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    await fixture.producer.send(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: `old${i}` })),
    );
    const seen: { offset: number; value: string }[] = [];

    // Act
    const mapping = await start({
      trigger: testTrigger(topic, { startingPosition: 'LATEST' }),
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      handler: async (event) => {
        seen.push(...recordsOf(event));
      },
    });
    await fixture.producer.send(
      topic,
      Array.from({ length: 3 }, (_, i) => ({ partition: 0, value: `new${i}` })),
    );
    await waitFor(() => mapping.stats().succeededRecords === 3, 10_000, 'new records');

    // Assess
    expect(seen.map((r) => [r.offset, r.value])).toEqual([
      [5, 'new0'],
      [6, 'new1'],
      [7, 'new2'],
    ]);
  });

  it('starts a new group AT_TIMESTAMP: the first record at or after the timestamp', async () => {
    // Prepare
    const topic = 'esm-at-timestamp';
    await createTopic(fixture.broker.bootstrap, topic, 2);
    const t0 = Date.UTC(2024, 5, 18, 12);
    await fixture.producer.send(
      topic,
      Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: `r${i}`, timestamp: t0 + i * 1_000 })),
    );
    const seen: { partition: number; offset: number; value: string }[] = [];

    // Act
    const mapping = await start({
      trigger: testTrigger(topic, { startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: t0 + 10_500 }),
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      handler: async (event) => {
        seen.push(...recordsOf(event));
      },
    });
    await waitFor(() => mapping.stats().succeededRecords === 9, 10_000, 'records after the timestamp');
    await sleep(100);

    // Assess: records 11..19 (timestamps t0+11s..t0+19s), i.e. offsets 5..9 of partition 1 and 6..9 of partition 0.
    expect(seen.map((r) => r.value).sort()).toEqual(['r11', 'r12', 'r13', 'r14', 'r15', 'r16', 'r17', 'r18', 'r19']);
    expect(seen.filter((r) => r.partition === 0).map((r) => r.offset)).toEqual([6, 7, 8, 9]);
    expect(seen.filter((r) => r.partition === 1).map((r) => r.offset)).toEqual([5, 6, 7, 8, 9]);
  });

  it('ignores the starting position where the group has committed offsets', async () => {
    // Prepare
    const topic = 'esm-committed-wins';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    const trigger = testTrigger(topic, { startingPosition: 'LATEST' });
    const seen: string[] = [];
    const options = {
      trigger,
      functionName: 'f',
      timeoutSeconds: 5,
      memoryMb: 128,
      handler: async (event: unknown) => {
        seen.push(...recordsOf(event).map((r) => r.value));
      },
    };
    const first = await start(options);
    await fixture.producer.send(topic, [{ partition: 0, value: 'a' }]);
    await waitFor(() => first.stats().lastCommitted[`${topic}-0`] === 1, 10_000, 'commit');
    await first.stop();

    // Act: produced while no mapping runs; LATEST would skip them, the committed offset does not.
    await fixture.producer.send(topic, [
      { partition: 0, value: 'b' },
      { partition: 0, value: 'c' },
    ]);
    const second = await start(options);
    await waitFor(() => second.stats().succeededRecords === 2, 10_000, 'records produced while stopped');

    // Assess
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('stops fetching while more than max(batchSize × 4, 10000) records wait, and resumes when drained', async () => {
    // Prepare
    const topic = 'esm-backpressure';
    await createTopic(fixture.broker.bootstrap, topic, 1);
    const total = 15_000;
    for (let i = 0; i < total; i += 2_500) {
      await fixture.producer.send(
        topic,
        Array.from({ length: 2_500 }, (_, j) => ({ partition: 0, value: `${i + j}` })),
      );
    }
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let delivered = 0;
    let maxQueued = 0;
    const mapping = await start({
      trigger: testTrigger(topic, { batchSize: 1_000, batchingWindowMs: 0 }),
      functionName: 'f',
      timeoutSeconds: 10,
      memoryMb: 128,
      handler: async (event) => {
        await gate;
        delivered += recordsOf(event).length;
      },
    });
    const sample = setInterval(() => {
      maxQueued = Math.max(maxQueued, mapping.stats().queued);
    }, 5);

    try {
      // Act
      await waitFor(() => mapping.stats().received > 10_000, 10_000, 'queue fills');
      await sleep(300);
      const receivedWhilePaused = mapping.stats().received;
      release();
      await waitFor(() => delivered === total, 15_000, 'everything delivered');

      // Assess: reading stops right past the threshold (one batch in flight, the rest queued).
      expect(receivedWhilePaused).toBe(10_001);
      expect(maxQueued).toBeLessThanOrEqual(10_001);
      expect(mapping.stats().received).toBe(total);
    } finally {
      clearInterval(sample);
      release();
    }
  });

  it('holds records for the batching window, and invokes them at once when the window is closed for a drain', async () => {
    // Prepare
    const topic = 'esm-close-window';
    await createTopic(fixture.broker.bootstrap, topic, 2);
    const batches: number[] = [];
    const mapping = await start({
      trigger: testTrigger(topic, { batchSize: 10_000, batchingWindowMs: 60_000 }),
      functionName: 'archiver',
      timeoutSeconds: 5,
      memoryMb: 256,
      handler: async (event) => {
        batches.push(recordsOf(event).length);
      },
    });
    await fixture.producer.send(
      topic,
      Array.from({ length: 50 }, (_, i) => ({ partition: i % 2, value: `v${i}` })),
    );
    await waitFor(() => mapping.stats().queued === 50, 10_000, 'the records to be read');
    await sleep(300);
    const invokedWithinWindow = batches.length;

    // Act
    mapping.closeBatchingWindow();
    await waitFor(() => mapping.stats().succeededRecords === 50, 5_000, 'the held records');

    // Assess
    expect(invokedWithinWindow).toBe(0);
    expect(batches).toEqual([50]);
  });
});
