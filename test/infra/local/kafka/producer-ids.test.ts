import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Admin, ProduceAcks, Producer, stringSerializers } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../../../infra/local/kafka/index.js';
import { kcat } from './helpers/kcat.js';
import { type DecodedBatch, decodeRecordBatches } from './helpers/record-batch.js';

const TOPIC = 'pids';
const PARTITIONS = 2;

/** Every stored batch of TOPIC, read from the segment files of a closed broker. */
async function storedBatches(dataDir: string): Promise<DecodedBatch[]> {
  const batches: DecodedBatch[] = [];
  for (let p = 0; p < PARTITIONS; p++) {
    const dir = path.join(dataDir, 'topics', TOPIC, `${p}`);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.log')).sort()) {
      batches.push(...decodeRecordBatches(await readFile(path.join(dir, file))));
    }
  }
  return batches;
}

const valuesOf = (batches: DecodedBatch[]) => batches.flatMap((b) => b.records.map((r) => String(r.value)));

/** Producer ids of the batches holding values that start with `prefix`. */
const idsOf = (batches: DecodedBatch[], prefix: string) =>
  new Set(batches.filter((b) => String(b.records[0]?.value).startsWith(prefix)).map((b) => b.producerId));

const idempotentPlatformatic = (bootstrap: string, clientId: string) =>
  new Producer({
    clientId,
    bootstrapBrokers: [bootstrap],
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
  });

/**
 * What one run of every client produces, concurrently: two @platformatic/kafka idempotent
 * producers sending one record at a time to partition 0 (so their sequences restart at 0 on a
 * partition that already holds 0, 1, 2… of an earlier run), kafkajs's idempotent producer with
 * concurrent sends and librdkafka's (kcat) idempotent producer with several batches in flight. Resolves to the values each client had acknowledged.
 */
async function produceWithEveryClient(bootstrap: string, run: string): Promise<string[]> {
  const platformatic = async (name: string) => {
    const producer = idempotentPlatformatic(bootstrap, `${run}-${name}`);
    const acked: string[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        const value = `${run}-${name}-${i}`;
        await producer.send({ messages: [{ topic: TOPIC, partition: 0, key: `k${i}`, value }] });
        acked.push(value);
      }
    } finally {
      await producer.close();
    }
    return acked;
  };
  const kafkajs = async () => {
    const kafka = new Kafka({ clientId: `${run}-kjs`, brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const acked: string[] = [];
    try {
      // kafkajs serialises concurrent sends of one idempotent producer itself.
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const values = Array.from({ length: 5 }, (_, j) => `${run}-kjs-${i}-${j}`);
          await producer.send({ topic: TOPIC, messages: values.map((value, j) => ({ partition: j % 2, value })) });
          acked.push(...values);
        }),
      );
    } finally {
      await producer.disconnect();
    }
    return acked;
  };
  const librdkafka = async () => {
    const values = Array.from({ length: 300 }, (_, i) => `${run}-kcat-${i}`);
    // kcat exits 0 only once librdkafka has every message acknowledged (it pipelines several in flight).
    const options = ['enable.idempotence=true', 'linger.ms=1', 'batch.num.messages=7'].flatMap((o) => ['-X', o]);
    await kcat(['-P', '-b', bootstrap, '-t', TOPIC, ...options], `${values.join('\n')}\n`);
    return values;
  };
  const acked = await Promise.all([platformatic('pf-a'), platformatic('pf-b'), kafkajs(), librdkafka()]);
  return acked.flat();
}

// Kafka's TransactionCoordinator.handleInitProducerId: a producer without a transactional id
// always gets a new producer id with epoch 0, whatever id and epoch it sends (@platformatic/kafka
// sends 0/0). Ids are never reused, across restarts too, or a new producer's sequence 0 meets an
// old producer's stored sequence state: a silent "duplicate" (acknowledged, never written) or a refusal.
describe('embedded broker: producer ids of idempotent producers', () => {
  let dataDir: string;
  let broker: RunningBroker | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-pids-'));
  });
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('gives each producer that asks with producer id 0 and epoch 0 a fresh id with epoch 0', async () => {
    // Prepare
    broker = await startBroker({ port: 0, inMemory: true });
    const first = idempotentPlatformatic(broker.bootstrap, 'pid-a');
    const second = idempotentPlatformatic(broker.bootstrap, 'pid-b');

    try {
      // Act
      const a = await first.initIdempotentProducer({});
      const b = await second.initIdempotentProducer({});
      const again = await idempotentPlatformatic(broker.bootstrap, 'pid-c').initIdempotentProducer({});

      // Assess
      expect(new Set([a.producerId, b.producerId, again.producerId]).size).toBe(3);
      expect([a.producerEpoch, b.producerEpoch, again.producerEpoch]).toEqual([0, 0, 0]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('keeps every acknowledged record of every client exactly once across restarts, with ids above any in the log', async () => {
    // Prepare
    broker = await startBroker({ port: 0, dataDir });
    const admin = new Admin({ clientId: 'pids-admin', bootstrapBrokers: [broker.bootstrap] });
    await admin.createTopics({ topics: [TOPIC], partitions: PARTITIONS, replicas: 1 });
    await admin.close();
    const acked = await produceWithEveryClient(broker.bootstrap, 'r1');
    await broker.close();
    const idsBefore = [...idsOf(await storedBatches(dataDir), 'r1')];

    // Act: a plain restart, then one that lost producer-ids.json (the ids then come from the log alone).
    broker = await startBroker({ port: 0, dataDir });
    acked.push(...(await produceWithEveryClient(broker.bootstrap, 'r2')));
    await broker.close();
    await rm(path.join(dataDir, 'producer-ids.json'));
    broker = await startBroker({ port: 0, dataDir });
    acked.push(...(await produceWithEveryClient(broker.bootstrap, 'r3')));
    await broker.close();
    broker = undefined;
    const batches = await storedBatches(dataDir);

    // Assess
    const stored = valuesOf(batches);
    expect(stored.filter((v) => !acked.includes(v))).toEqual([]);
    expect(acked.filter((v) => !stored.includes(v))).toEqual([]);
    expect(stored).toHaveLength(acked.length);
    expect(new Set(stored).size).toBe(stored.length);
    const maxBefore = (ids: bigint[]) => ids.reduce((m, id) => (id > m ? id : m), -1n);
    const r2 = [...idsOf(batches, 'r2')];
    const r3 = [...idsOf(batches, 'r3')];
    expect(idsBefore).toHaveLength(4);
    expect(r2).toHaveLength(4);
    expect(r3).toHaveLength(4);
    for (const id of r2) expect(id).toBeGreaterThan(maxBefore(idsBefore));
    for (const id of r3) expect(id).toBeGreaterThan(maxBefore([...idsBefore, ...r2]));
  });
});
