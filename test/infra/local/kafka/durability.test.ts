import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBroker } from '../../../../infra/local/kafka/index.js';
import { waitFor } from './helpers/wait.js';

describe('embedded broker durability', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-broker-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function consumeCommitted(bootstrap: string, expected: number): Promise<string[]> {
    const consumer = new Consumer({
      clientId: 'dur-c',
      groupId: 'dur-group',
      bootstrapBrokers: [bootstrap],
      deserializers: stringDeserializers,
    });
    const seen: string[] = [];
    try {
      const stream = await consumer.consume({
        topics: ['dur'],
        mode: 'committed',
        fallbackMode: 'earliest',
        autocommit: false,
        maxWaitTime: 100,
      });
      stream.on('data', async (m) => {
        seen.push(m.value);
        await m.commit();
      });
      await waitFor(() => seen.length >= expected, 15_000, `${expected} records`);
      // Give a record beyond the expected count a chance to show up (it must not).
      await new Promise((r) => setTimeout(r, 300));
      await stream.close();
    } finally {
      await consumer.close(true);
    }
    return seen;
  }

  it('keeps the log, topic ids and committed offsets across a restart', async () => {
    // Prepare
    let broker = await startBroker({ port: 0, dataDir, initialRebalanceDelayMs: 50 });
    const admin = new Admin({ clientId: 'dur-a', bootstrapBrokers: [broker.bootstrap] });
    await admin.createTopics({ topics: ['dur'], partitions: 3, replicas: 1 });
    const idBefore = (await admin.metadata({ topics: ['dur'] })).topics.get('dur')?.id;
    await admin.close();
    const producer = new Producer({
      clientId: 'dur-p',
      bootstrapBrokers: [broker.bootstrap],
      serializers: stringSerializers,
    });
    await producer.send({
      messages: Array.from({ length: 60 }, (_, i) => ({ topic: 'dur', key: `k${i}`, value: `before-${i}` })),
    });
    await producer.close();
    const firstRun = await consumeCommitted(broker.bootstrap, 60);
    await broker.close();

    // Act
    broker = await startBroker({ port: 0, dataDir, initialRebalanceDelayMs: 50 });
    const admin2 = new Admin({ clientId: 'dur-a2', bootstrapBrokers: [broker.bootstrap] });
    const idAfter = (await admin2.metadata({ topics: ['dur'] })).topics.get('dur')?.id;
    await admin2.close();
    const producer2 = new Producer({
      clientId: 'dur-p2',
      bootstrapBrokers: [broker.bootstrap],
      serializers: stringSerializers,
    });
    await producer2.send({
      messages: Array.from({ length: 9 }, (_, i) => ({ topic: 'dur', key: `k${i}`, value: `after-${i}` })),
    });
    await producer2.close();
    const secondRun = await consumeCommitted(broker.bootstrap, 9);
    await broker.close();

    // Assess
    expect(firstRun).toHaveLength(60);
    expect(idAfter).toBe(idBefore);
    expect(secondRun.sort()).toEqual(Array.from({ length: 9 }, (_, i) => `after-${i}`).sort());
  });
});
