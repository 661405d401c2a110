import {
  Consumer,
  createRecordsBatch,
  type MessageRecord,
  Producer,
  Reader,
  readRecordsBatches,
} from '@platformatic/kafka';
import { startBroker } from '../infra/local/kafka/index.js';
import { fmt, printTable } from './table.js';

/**
 * Broker throughput with @platformatic/kafka (produce, then consume from the
 * beginning), beside the floor: the same client's in-process encode and decode
 * of the same records, with no network and no broker. The ratio shows what the
 * broker and the round trips cost on top of the client's own work.
 */
const BATCH = 1000;
const IN_FLIGHT = 4;

function makeRecords(count: number, size: number): MessageRecord[] {
  const value = Buffer.alloc(size, 'v');
  return Array.from({ length: count }, (_, i) => ({
    key: Buffer.from(`key-${i % 1000}`),
    value,
    headers: new Map(),
    topic: 'bench',
    partition: i % 3,
    timestamp: BigInt(Date.now()),
  }));
}

function floor(records: MessageRecord[]): { encode: number; decode: number } {
  const batches: Buffer[] = [];
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += BATCH) {
    batches.push(createRecordsBatch(records.slice(i, i + BATCH)).buffer);
  }
  const t1 = performance.now();
  let decoded = 0;
  for (const b of batches) {
    for (const batch of readRecordsBatches(Reader.from(b))) decoded += batch.records.length;
  }
  const t2 = performance.now();
  if (decoded !== records.length) throw new Error(`floor decoded ${decoded} of ${records.length}`);
  return { encode: records.length / ((t1 - t0) / 1000), decode: records.length / ((t2 - t1) / 1000) };
}

async function throughBroker(records: MessageRecord[], topic: string): Promise<{ produce: number; consume: number }> {
  const broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
  try {
    const producer = new Producer({
      clientId: 'bench-p',
      bootstrapBrokers: [broker.bootstrap],
      autocreateTopics: true,
    });
    const messages = records.map((r) => ({ ...r, topic }));
    await producer.send({ messages: messages.slice(0, 3) }); // create the topic and warm the connection
    const t0 = performance.now();
    let next = 3;
    const lane = async () => {
      while (next < messages.length) {
        const from = next;
        next += BATCH;
        await producer.send({ messages: messages.slice(from, from + BATCH) });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    const produceSecs = (performance.now() - t0) / 1000;
    await producer.close();

    const consumer = new Consumer({
      clientId: 'bench-c',
      groupId: `bench-${topic}`,
      bootstrapBrokers: [broker.bootstrap],
      maxWaitTime: 50,
    });
    let seen = 0;
    const t1 = performance.now();
    const stream = await consumer.consume({
      topics: [topic],
      mode: 'earliest',
      autocommit: false,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    await new Promise<void>((resolve) => {
      stream.on('data', () => {
        if (++seen === messages.length) resolve();
      });
    });
    const consumeSecs = (performance.now() - t1) / 1000;
    await stream.close();
    await consumer.close(true);
    return { produce: (messages.length - 3) / produceSecs, consume: messages.length / consumeSecs };
  } finally {
    await broker.close();
  }
}

export async function run(): Promise<void> {
  const rows: Record<string, string>[] = [];
  for (const [size, count] of [
    [200, 300_000],
    [1024, 150_000],
  ] as const) {
    const records = makeRecords(count, size);
    const f = floor(records);
    const b = await throughBroker(records, `bench-${size}`);
    const mb = (rps: number) => fmt((rps * size) / 1e6, 1);
    rows.push(
      {
        record: `${size} B`,
        direction: 'produce',
        'broker records/s': fmt(b.produce),
        'broker MB/s': mb(b.produce),
        'floor records/s': `${fmt(f.encode)} (client encode)`,
        'broker / floor': fmt(b.produce / f.encode, 2),
      },
      {
        record: `${size} B`,
        direction: 'consume',
        'broker records/s': fmt(b.consume),
        'broker MB/s': mb(b.consume),
        'floor records/s': `${fmt(f.decode)} (client decode)`,
        'broker / floor': fmt(b.consume / f.decode, 2),
      },
    );
  }
  printTable(
    `Embedded broker throughput, @platformatic/kafka, batches of ${BATCH}, ${IN_FLIGHT} produce requests in flight (node ${process.version})`,
    rows,
  );
}
