import { CompressionTypes, type EachMessagePayload, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../../../infra/local/kafka/index.js';
import { startLossyProxy } from './helpers/proxy.js';
import { waitFor } from './helpers/wait.js';

// kafkajs 2.2.4 speaks only the classic (non-flexible) versions: this suite
// proves the version ranges below the flexible ones work too.
describe('embedded broker with kafkajs', () => {
  let broker: RunningBroker;
  let kafka: Kafka;
  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 50 });
    kafka = new Kafka({ clientId: 'kjs', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('produces (plain and gzip) and consumes every record once', async () => {
    // Prepare
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kjs-basic', numPartitions: 3 }] });
    const producer = kafka.producer();
    await producer.connect();
    const consumer = kafka.consumer({ groupId: 'kjs-basic', maxWaitTimeInMs: 100 });
    const seen: string[] = [];

    // Act
    await producer.send({
      topic: 'kjs-basic',
      messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: `p${i}` })),
    });
    await producer.send({
      topic: 'kjs-basic',
      compression: CompressionTypes.GZIP,
      messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: `g${i}` })),
    });
    await consumer.connect();
    await consumer.subscribe({ topic: 'kjs-basic', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }: EachMessagePayload) => {
        seen.push(String(message.value));
      },
    });
    await waitFor(() => seen.length >= 200, 20_000, '200 records');
    const offsets = await admin.fetchTopicOffsets('kjs-basic');
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();

    // Assess
    expect(seen.length).toBe(200);
    expect(new Set(seen).size).toBe(200);
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(200);
  });

  it('splits 3 partitions between two group members without duplicates, and hands over when one leaves', async () => {
    // Prepare
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kjs-group', numPartitions: 3 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const byMember = { a: [] as string[], b: [] as string[] };
    const assigned = { a: [] as number[], b: [] as number[] };
    const start = async (name: 'a' | 'b') => {
      const c = kafka.consumer({
        groupId: 'kjs-group',
        maxWaitTimeInMs: 100,
        sessionTimeout: 6000,
        heartbeatInterval: 300,
      });
      c.on(c.events.GROUP_JOIN, (e) => {
        assigned[name] = e.payload.memberAssignment['kjs-group'] ?? [];
      });
      await c.connect();
      await c.subscribe({ topic: 'kjs-group', fromBeginning: true });
      await c.run({
        eachMessage: async ({ message }) => {
          byMember[name].push(String(message.value));
        },
      });
      return c;
    };

    // Act
    const a = await start('a');
    const b = await start('b');
    await waitFor(
      () => assigned.a.length + assigned.b.length === 3 && assigned.a.length > 0 && assigned.b.length > 0,
      20_000,
      'both members assigned',
    );
    await producer.send({
      topic: 'kjs-group',
      messages: Array.from({ length: 90 }, (_, i) => ({ key: `k${i}`, value: `first-${i}` })),
    });
    await waitFor(() => byMember.a.length + byMember.b.length >= 90, 20_000, 'first wave');
    const sharedBeforeLeave = { a: byMember.a.length, b: byMember.b.length, assignedA: [...assigned.a] };
    await b.disconnect();
    await waitFor(() => assigned.a.length === 3, 20_000, 'a takes over all partitions');
    await producer.send({
      topic: 'kjs-group',
      messages: Array.from({ length: 90 }, (_, i) => ({ key: `k${i}`, value: `second-${i}` })),
    });
    await waitFor(() => byMember.a.filter((v) => v.startsWith('second')).length >= 90, 20_000, 'second wave on a');
    await a.disconnect();
    await producer.disconnect();

    // Assess
    expect(sharedBeforeLeave.a).toBeGreaterThan(0);
    expect(sharedBeforeLeave.b).toBeGreaterThan(0);
    expect(sharedBeforeLeave.assignedA.length).toBeGreaterThan(0);
    const all = [...byMember.a, ...byMember.b];
    expect(all.length).toBe(180);
    expect(new Set(all).size).toBe(180);
  });

  it('does not duplicate a batch an idempotent producer retries after a lost response', async () => {
    // Prepare: the first Produce response is lost on the way back, so the producer retries the same sequence.
    // The broker advertises the proxy's port, so every connection goes through it.
    const target = { host: '127.0.0.1', port: 0 };
    const proxy = await startLossyProxy(target, (apiKey, nth) => apiKey === 0 && nth === 1);
    const behindProxy = await startBroker({ port: 0, inMemory: true, advertisedPort: proxy.port });
    target.port = behindProxy.port;
    const advertisedProxy = new Kafka({
      clientId: 'kjs-idem',
      brokers: [`127.0.0.1:${proxy.port}`],
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 50, retries: 8 },
    });
    const admin = advertisedProxy.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kjs-idem', numPartitions: 1 }] });

    // Act
    const producer = advertisedProxy.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: 'kjs-idem', messages: Array.from({ length: 5 }, (_, i) => ({ value: `once-${i}` })) });
    await producer.send({ topic: 'kjs-idem', messages: [{ value: 'after' }] });
    await producer.disconnect();
    const offsets = await admin.fetchTopicOffsets('kjs-idem');
    await admin.disconnect();
    await proxy.close();
    await behindProxy.close();

    // Assess
    expect(proxy.seen.get(0)).toBeGreaterThanOrEqual(3); // first try, retry, second send
    expect(offsets[0]?.high).toBe('6');
  });
});
