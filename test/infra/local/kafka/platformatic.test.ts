import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../../../infra/local/kafka/index.js';
import { waitFor } from './helpers/wait.js';

// @platformatic/kafka is the client tandem itself produces and consumes with; it
// negotiates the highest versions the broker advertises (flexible encodings).
describe('embedded broker with @platformatic/kafka', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 50 });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('creates, describes and deletes topics through the admin API', async () => {
    // Prepare
    const admin = new Admin({ clientId: 'admin', bootstrapBrokers: [broker.bootstrap] });
    try {
      // Act
      await admin.createTopics({ topics: ['pf-admin'], partitions: 5, replicas: 1 });
      const meta = await admin.metadata({ topics: ['pf-admin'] });
      const again = await admin.createTopics({ topics: ['pf-admin'], partitions: 5, replicas: 1 }).catch((e) => e);
      await admin.deleteTopics({ topics: ['pf-admin'] });
      const topics = await admin.listTopics();

      // Assess
      const topic = meta.topics.get('pf-admin');
      expect(topic?.partitionsCount).toBe(5);
      expect(topic?.id).not.toBe('00000000-0000-0000-0000-000000000000');
      expect(again).toBeInstanceOf(Error);
      expect(topics).not.toContain('pf-admin');
    } finally {
      await admin.close();
    }
  });

  it('produces and consumes records with keys and headers, in order per partition', async () => {
    // Prepare
    const producer = new Producer({
      clientId: 'p',
      bootstrapBrokers: [broker.bootstrap],
      serializers: stringSerializers,
      autocreateTopics: true,
    });
    const consumer = new Consumer({
      clientId: 'c',
      groupId: 'pf-basic',
      bootstrapBrokers: [broker.bootstrap],
      deserializers: stringDeserializers,
    });
    const sent = Array.from({ length: 300 }, (_, i) => ({
      topic: 'pf-basic',
      key: `k${i % 7}`,
      value: `value-${i}`,
      headers: new Map([['trace', `t-${i}`]]),
    }));

    try {
      // Act
      for (let i = 0; i < sent.length; i += 50) await producer.send({ messages: sent.slice(i, i + 50) });
      const stream = await consumer.consume({
        topics: ['pf-basic'],
        mode: 'earliest',
        autocommit: false,
        maxWaitTime: 200,
      });
      const received: { key: string; value: string; partition: number; offset: bigint; trace: string | undefined }[] =
        [];
      stream.on('data', (m) => {
        received.push({
          key: m.key,
          value: m.value,
          partition: m.partition,
          offset: m.offset,
          trace: m.headers.get('trace'),
        });
      });
      await waitFor(() => received.length >= sent.length, 20_000, 'all records');
      await stream.close();

      // Assess
      expect(received.map((r) => r.value).sort()).toEqual(sent.map((s) => s.value).sort());
      for (const r of received) expect(r.trace).toBe(`t-${r.value.slice(6)}`);
      const partitions = new Set(received.map((r) => r.partition));
      expect(partitions.size).toBeGreaterThan(1);
      for (const p of partitions) {
        const inPartition = received.filter((r) => r.partition === p);
        const offsets = inPartition.map((r) => r.offset);
        expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
        // One key always lands on one partition, in the order it was sent.
        const byKey = new Map<string, number[]>();
        for (const r of inPartition) byKey.set(r.key, [...(byKey.get(r.key) ?? []), Number(r.value.slice(6))]);
        for (const seq of byKey.values()) expect(seq).toEqual([...seq].sort((a, b) => a - b));
      }
    } finally {
      await consumer.close(true);
      await producer.close();
    }
  });

  it('reports earliest and latest offsets', async () => {
    // Prepare
    const producer = new Producer({
      clientId: 'p2',
      bootstrapBrokers: [broker.bootstrap],
      serializers: stringSerializers,
    });
    const admin = new Admin({ clientId: 'a2', bootstrapBrokers: [broker.bootstrap] });
    try {
      await admin.createTopics({ topics: ['pf-offsets'], partitions: 1, replicas: 1 });
      // Act
      await producer.send({
        messages: Array.from({ length: 10 }, (_, i) => ({ topic: 'pf-offsets', value: `v${i}`, partition: 0 })),
      });
      const consumer = new Consumer({ clientId: 'c2', groupId: 'pf-offsets', bootstrapBrokers: [broker.bootstrap] });
      const latest = await consumer.listOffsets({ topics: ['pf-offsets'] });
      const earliest = await consumer.listOffsets({ topics: ['pf-offsets'], timestamp: -2n });
      await consumer.close();
      // Assess
      expect(latest.get('pf-offsets')).toEqual([10n]);
      expect(earliest.get('pf-offsets')).toEqual([0n]);
    } finally {
      await admin.close();
      await producer.close();
    }
  });
});
