import { Admin, Consumer, Producer } from '@platformatic/kafka';
import { afterAll, beforeAll } from 'vitest';
import { EventSourceMapping } from '../../../../../infra/local/esm/index.js';
import { type RunningBroker, startBroker } from '../../../../../infra/local/kafka/index.js';
import type { TriggerSpec } from '../../../../../infra/pipeline/types.js';

export { waitFor } from '../../kafka/helpers/wait.js';

/** A trigger with test-friendly defaults: read from the start, small fast batches, no retry controls. */
export function testTrigger(topic: string, overrides: Partial<TriggerSpec> = {}): TriggerSpec {
  return {
    name: `${topic}-trigger`,
    function: 'handler',
    topic,
    batchSize: 10,
    batchingWindowMs: 20,
    startingPosition: 'TRIM_HORIZON',
    reportBatchItemFailures: false,
    ...overrides,
  };
}

export async function createTopic(bootstrap: string, topic: string, partitions: number): Promise<void> {
  const admin = new Admin({ clientId: `admin-${topic}`, bootstrapBrokers: [bootstrap] });
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
}

export interface TestMessage {
  partition: number;
  value: string | Buffer;
  key?: string;
  /** Epoch ms. */
  timestamp?: number;
}

/** A producer for one test file; `send` writes messages in the order given. */
export function testProducer(bootstrap: string) {
  const producer = new Producer({
    clientId: 'esm-test-producer',
    bootstrapBrokers: [bootstrap],
    autocreateTopics: true,
  });
  return {
    async send(topic: string, messages: readonly TestMessage[]): Promise<void> {
      await producer.send({
        messages: messages.map((message) => ({
          topic,
          partition: message.partition,
          value: typeof message.value === 'string' ? Buffer.from(message.value) : message.value,
          ...(message.key === undefined ? {} : { key: Buffer.from(message.key) }),
          ...(message.timestamp === undefined ? {} : { timestamp: BigInt(message.timestamp) }),
        })),
      });
    },
    close: () => producer.close(),
  };
}

/** The group's committed offsets as the broker holds them (-1 = none), read by an outside client. */
export async function committedOffsets(
  bootstrap: string,
  groupId: string,
  topic: string,
  partitions: number,
): Promise<number[]> {
  const consumer = new Consumer({ clientId: `inspect-${groupId}`, groupId, bootstrapBrokers: [bootstrap] });
  try {
    const offsets = await consumer.listCommittedOffsets({
      topics: [{ topic, partitions: Array.from({ length: partitions }, (_, i) => i) }],
    });
    return (offsets.get(topic) ?? []).map(Number);
  } finally {
    await consumer.close();
  }
}

/** Records of an event, flattened: partition, offset and value text. */
export function recordsOf(event: unknown): { partition: number; offset: number; value: string; timestamp: number }[] {
  const records = (
    event as { records: Record<string, { partition: number; offset: number; value?: string; timestamp: number }[]> }
  ).records;
  return Object.values(records).flatMap((list) =>
    list.map((record) => ({
      partition: record.partition,
      offset: record.offset,
      value: Buffer.from(record.value ?? '', 'base64').toString('utf8'),
      timestamp: record.timestamp,
    })),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An embedded broker, a producer and the mappings a test file starts, all stopped after the file. */
export interface MappingFixture {
  readonly broker: RunningBroker;
  readonly producer: ReturnType<typeof testProducer>;
  /** Starts a mapping against the fixture's broker (no `this`: it may be destructured); it is stopped after the file. */
  start(options: Omit<Parameters<typeof EventSourceMapping.start>[0], 'bootstrap'>): Promise<EventSourceMapping>;
}

/** Registers the fixture's beforeAll/afterAll in the calling describe block. */
export function useMappingFixture(): MappingFixture {
  let broker: RunningBroker | undefined;
  let producer: ReturnType<typeof testProducer> | undefined;
  const mappings: EventSourceMapping[] = [];
  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
    producer = testProducer(broker.bootstrap);
  });
  afterAll(async () => {
    await Promise.all(mappings.map((mapping) => mapping.stop()));
    await producer?.close();
    await broker?.close();
  });
  return {
    get broker() {
      if (!broker) throw new Error('the broker starts in beforeAll');
      return broker;
    },
    get producer() {
      if (!producer) throw new Error('the producer starts in beforeAll');
      return producer;
    },
    async start(options) {
      if (!broker) throw new Error('the broker starts in beforeAll');
      const mapping = await EventSourceMapping.start({ bootstrap: broker.bootstrap, ...options });
      mappings.push(mapping);
      return mapping;
    },
  };
}
