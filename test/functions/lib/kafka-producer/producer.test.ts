import { Admin } from '@platformatic/kafka';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeKafkaProducer, KafkaProduceError, produce } from '../../../../functions/lib/kafka-producer/index.js';
import { type RunningBroker, startBroker } from '../../../../infra/local/kafka/index.js';
import { type LossyProxy, startLossyProxy } from '../../../infra/local/kafka/helpers/proxy.js';
import { topicRecords } from '../../helpers/kafka-topic.js';

// The container's producer against the embedded broker, reached through a proxy that can lose
// Produce responses (the broker advertises the proxy, so every connection goes through it).
describe('produce (the container producer)', () => {
  let broker: RunningBroker;
  let proxy: LossyProxy;
  let losing = false;

  beforeAll(async () => {
    const target = { host: '127.0.0.1', port: 0 };
    proxy = await startLossyProxy(target, (apiKey) => losing && apiKey === 0);
    broker = await startBroker({ port: 0, inMemory: true, advertisedPort: proxy.port });
    target.port = broker.port;
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.bootstrap] });
    await admin.createTopics({ topics: ['concurrent'], partitions: 3, replicas: 1 });
    await admin.createTopics({ topics: ['placed'], partitions: 3, replicas: 1 });
    // One partition: both records of the lossy test meet on it, sequence numbers are per partition.
    await admin.createTopics({ topics: ['lossy'], partitions: 1, replicas: 1 });
    await admin.close();
    vi.stubEnv('KAFKA_BOOTSTRAP', `127.0.0.1:${proxy.port}`);
  });

  afterEach(async () => {
    losing = false;
    await closeKafkaProducer();
  });

  afterAll(async () => {
    await proxy.close();
    await broker.close();
    vi.unstubAllEnvs();
  });

  it('writes every record of 600 concurrent calls exactly once', async () => {
    // Prepare: calls of one to three records, so sends to one partition overlap.
    const calls = Array.from({ length: 600 }, (_, i) =>
      Array.from({ length: (i % 3) + 1 }, (_, j) => ({ key: `c${i}-${j}`, value: { i, j } })),
    );

    // Act
    const results = await Promise.allSettled(calls.map((records) => produce('concurrent', records)));
    const stored = (await topicRecords(broker.bootstrap, 'concurrent', 3)).map((r) => r.key);

    // Assess
    const sent = calls.flat().map((r) => r.key);
    const storedOnce = new Set(stored);
    expect({
      rejected: results.filter((r) => r.status === 'rejected').length,
      stored: stored.length,
      lost: sent.filter((k) => !storedOnce.has(k)).length,
    }).toEqual({ rejected: 0, stored: 1200, lost: 0 });
    expect(storedOnce).toEqual(new Set(sent));
  });

  it('writes a record to the partition and with the timestamp it is given, else by its key and now', async () => {
    // Prepare: a key that hashes to another partition than the one asked for.
    const at = Date.UTC(2026, 1, 3, 4);
    const before = Date.now();

    // Act
    await produce('placed', [
      { key: 'berlin', value: { n: 1 }, partition: 0, timestamp: at },
      { key: 'berlin', value: { n: 2 } },
    ]);
    const stored = await topicRecords(broker.bootstrap, 'placed', 3);

    // Assess
    const given = stored.find((r) => r.value === '{"n":1}')!;
    const hashed = stored.find((r) => r.value === '{"n":2}')!;
    expect([given.partition, given.timestamp]).toEqual([0, at]);
    expect(hashed.partition).not.toBe(0);
    expect(hashed.timestamp).toBeGreaterThanOrEqual(before);
  });

  it('writes the next record after a send that failed although the broker wrote it', async () => {
    // Prepare: every response to the first record's Produce requests is lost, the retries' too.
    losing = true;
    const failed = await produce('lossy', [{ key: 'written-unacknowledged', value: { n: 1 } }]).catch((e) => e);
    losing = false;

    // Act: same size, so a reused sequence number would match the first batch exactly.
    await produce('lossy', [{ key: 'next', value: { n: 2 } }]);
    const stored = (await topicRecords(broker.bootstrap, 'lossy', 1)).map((r) => r.key);

    // Assess
    expect(failed).toBeInstanceOf(KafkaProduceError);
    expect(stored).toEqual(['written-unacknowledged', 'next']);
  });
});
