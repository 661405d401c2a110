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

  it('shares 3 partitions between two group members without duplicates, and hands over when one leaves', async () => {
    // Prepare
    const admin = new Admin({ clientId: 'pf-group-admin', bootstrapBrokers: [broker.bootstrap] });
    await admin.createTopics({ topics: ['pf-group'], partitions: 3, replicas: 1 });
    await admin.close();
    const producer = new Producer({
      clientId: 'pf-group-p',
      bootstrapBrokers: [broker.bootstrap],
      serializers: stringSerializers,
    });
    const seen = { a: [] as string[], b: [] as string[] };
    // Commits in flight per member: a member must finish committing before it leaves, or its
    // partitions' next owner re-reads from the last commit that landed (at-least-once, as in Kafka).
    const commits = { a: [] as Promise<unknown>[], b: [] as Promise<unknown>[] };
    // Fetch responses per member. The client pushes whatever a fetch returns, even for a
    // partition revoked while the fetch was waiting at the broker (up to maxWaitTime), so records
    // produced right after a rebalance can reach the partition's previous owner too.
    const fetches = { a: 0, b: 0 };
    const member = async (name: 'a' | 'b') => {
      const consumer = new Consumer({
        clientId: `pf-group-${name}`,
        groupId: 'pf-group',
        bootstrapBrokers: [broker.bootstrap],
        deserializers: stringDeserializers,
        sessionTimeout: 6000,
        heartbeatInterval: 300,
      });
      const stream = await consumer.consume({
        topics: ['pf-group'],
        mode: 'committed',
        fallbackMode: 'earliest',
        autocommit: false,
        maxWaitTime: 100,
      });
      stream.on('fetch', () => {
        fetches[name]++;
      });
      stream.on('fetch', () => {
        fetches[name]++;
      });
      stream.on('data', (m) => {
        seen[name].push(m.value);
        commits[name].push(Promise.resolve(m.commit()));
      });
      return { consumer, stream };
    };
    const partitionsOf = (c: { assignments: { partitions: number[] }[] | null }) =>
      (c.assignments ?? []).flatMap((a) => a.partitions);

    try {
      // Act
      const a = await member('a');
      const b = await member('b');
      await waitFor(
        () =>
          partitionsOf(a.consumer).length + partitionsOf(b.consumer).length === 3 &&
          partitionsOf(b.consumer).length > 0,
        20_000,
        'both members assigned',
      );
      const split = { a: partitionsOf(a.consumer).length, b: partitionsOf(b.consumer).length };
      // Two fetch responses each after the assignment: the second was requested under it.
      const settled = { ...fetches };
      await waitFor(
        () => fetches.a >= settled.a + 2 && fetches.b >= settled.b + 2,
        20_000,
        'a fetch under the new assignment',
      );
      await producer.send({
        messages: Array.from({ length: 90 }, (_, i) => ({ topic: 'pf-group', key: `k${i}`, value: `first-${i}` })),
      });
      await waitFor(() => seen.a.length + seen.b.length >= 90, 20_000, 'first wave');
      const before = { a: seen.a.length, b: seen.b.length };
      // b leaving rebalances the group and a re-reads its own partitions from their committed
      // offsets too: a commit of a's still in flight then would hand a its records again.
      await Promise.all([...commits.a, ...commits.b]);
      await b.stream.close();
      await b.consumer.close();
      await waitFor(() => partitionsOf(a.consumer).length === 3, 20_000, 'a takes over');
      const takenOver = fetches.a;
      await waitFor(() => fetches.a >= takenOver + 2, 20_000, 'a fetch under the new assignment');
      await producer.send({
        messages: Array.from({ length: 90 }, (_, i) => ({ topic: 'pf-group', key: `k${i}`, value: `second-${i}` })),
      });
      await waitFor(() => seen.a.filter((v) => v.startsWith('second')).length >= 90, 20_000, 'second wave on a');
      await a.stream.close();
      await a.consumer.close();

      // Assess
      expect(split.a + split.b).toBe(3);
      expect(Math.min(split.a, split.b)).toBeGreaterThan(0);
      expect(before.a).toBeGreaterThan(0);
      expect(before.b).toBeGreaterThan(0);
      const all = [...seen.a, ...seen.b];
      const twice = all.filter((v, i) => all.indexOf(v) !== i);
      expect(
        twice,
        `read twice: ${twice.join(' ')} (split ${JSON.stringify(split)}, first wave ${JSON.stringify(before)})`,
      ).toEqual([]);
      expect(all).toHaveLength(180);
      expect(new Set(all).size).toBe(180);
    } finally {
      await producer.close();
    }
  });
});
