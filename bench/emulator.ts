import os from 'node:os';
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import { type BatchEvent, EventSourceMapping } from '../infra/local/esm/index.js';
import { startBroker } from '../infra/local/kafka/index.js';
import { StartingPosition, type TriggerSpec } from '../infra/pipeline/types.js';
import { fmt, printTable } from './table.js';

/**
 * What the local event source mapping costs on top of reading Kafka: the same topic read
 * through an EventSourceMapping with a no-op handler (so everything measured is the
 * emulator: batching, encoding the Lambda event, the invoke with its timeout, commits),
 * beside a plain @platformatic/kafka consumer stream with the same fetch settings. Both
 * run in this process against the embedded broker, in memory. Runs alternate between the
 * three readers so load from elsewhere on the machine falls on each alike.
 */
const RECORDS = 30_000;
const RECORD_BYTES = 200;
const PARTITIONS = 3;
const BATCH_SIZES = [100, 1000] as const;
const RUNS = 3;
const TOPIC = 'bench-esm';
/** The mapping's fetch long poll (event-source-mapping.ts FETCH_WAIT_MS), given to the plain consumer too. */
const FETCH_WAIT_MS = 250;
const DEADLINE_MS = 60_000;

interface Measured {
  /** Records per second from the start call (join, offsets, first fetch included) to the last record handled. */
  rps: number;
  /** Start call until ready: `EventSourceMapping.start()` or `consumer.consume()` resolved. */
  startMs: number;
  batches: number;
  /** Per batch, in completion order: wall time since the previous batch completed, less its handler time. */
  overheadMs: number[];
  /** Per batch: handler time as the 'batch' event reports it. */
  handlerMs: number[];
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}

const median = (xs: readonly number[]) => percentile(xs, 50);
const mean = (xs: readonly number[]) => xs.reduce((n, x) => n + x, 0) / xs.length;

function deadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done after ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function fillTopic(bootstrap: string): Promise<void> {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [bootstrap] });
  await admin.createTopics({ topics: [TOPIC], partitions: PARTITIONS, replicas: 1 });
  await admin.close();
  const producer = new Producer({ clientId: 'bench-p', bootstrapBrokers: [bootstrap] });
  const value = Buffer.alloc(RECORD_BYTES, 'v');
  for (let from = 0; from < RECORDS; from += 1000) {
    await producer.send({
      messages: Array.from({ length: Math.min(1000, RECORDS - from) }, (_, i) => ({
        topic: TOPIC,
        partition: (from + i) % PARTITIONS,
        key: Buffer.from(`key-${(from + i) % 1000}`),
        value,
      })),
    });
  }
  await producer.close();
}

/** Reads the topic from the start through a fresh mapping (its own consumer group) with a no-op handler. */
async function throughMapping(bootstrap: string, batchSize: number, run: number): Promise<Measured> {
  const trigger: TriggerSpec = {
    name: `bench-${batchSize}-${run}`,
    function: 'noop',
    topic: TOPIC,
    batchSize,
    batchingWindowMs: 0,
    startingPosition: StartingPosition.TRIM_HORIZON,
    reportBatchItemFailures: false,
    retry: { maximumRetryAttempts: 0, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: false },
  };
  // The mapping may invoke before start() resolves, when no 'batch' listener can be attached yet:
  // the handler holds those invokes until it is, and only their time after that counts as handler time.
  let open!: () => void;
  const listening = new Promise<void>((resolve) => (open = resolve));
  const t0 = performance.now();
  const mapping = await EventSourceMapping.start({
    trigger,
    bootstrap,
    functionName: 'noop',
    timeoutSeconds: 60,
    memoryMb: 128,
    handler: async () => {
      await listening;
    },
  });
  const ready = performance.now();
  const overheadMs: number[] = [];
  const handlerMs: number[] = [];
  let previous = ready;
  let handled = 0;
  const done = new Promise<number>((resolve) => {
    mapping.on('batch', (batch: BatchEvent) => {
      const now = performance.now();
      const handler = Math.min(batch.durationMs, now - ready);
      handlerMs.push(handler);
      overheadMs.push(now - previous - handler);
      previous = now;
      handled += batch.records;
      if (handled >= RECORDS) resolve(now);
    });
  });
  open();
  try {
    const end = await deadline(done, `mapping ×${batchSize}`);
    const stats = mapping.stats();
    if (stats.succeededRecords !== RECORDS || stats.failedInvokes !== 0 || stats.invocations !== handlerMs.length) {
      throw new Error(`mapping ×${batchSize}: ${JSON.stringify(stats)}`);
    }
    return {
      rps: RECORDS / ((end - t0) / 1000),
      startMs: ready - t0,
      batches: handlerMs.length,
      overheadMs,
      handlerMs,
    };
  } finally {
    await mapping.stop();
  }
}

/** Reads the topic from the start with a plain consumer stream, as the mapping's consumer is configured. */
async function throughConsumer(bootstrap: string, run: number): Promise<Measured> {
  const consumer = new Consumer({
    clientId: `bench-plain-${run}`,
    groupId: `bench-plain-${run}`,
    bootstrapBrokers: [bootstrap],
    autocommit: false,
    maxWaitTime: FETCH_WAIT_MS,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  try {
    const t0 = performance.now();
    const stream = await consumer.consume({
      topics: [TOPIC],
      mode: 'earliest',
      autocommit: false,
      maxWaitTime: FETCH_WAIT_MS,
    });
    const ready = performance.now();
    let seen = 0;
    const end = await deadline(
      new Promise<number>((resolve) => {
        stream.on('data', () => {
          if (++seen === RECORDS) resolve(performance.now());
        });
      }),
      'plain consumer',
    );
    await stream.close();
    return { rps: RECORDS / ((end - t0) / 1000), startMs: ready - t0, batches: 0, overheadMs: [], handlerMs: [] };
  } finally {
    await consumer.close(true);
  }
}

export async function run(): Promise<void> {
  const broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
  const results = new Map<string, Measured[]>();
  const keep = (name: string, measured: Measured) => results.set(name, [...(results.get(name) ?? []), measured]);
  try {
    await fillTopic(broker.bootstrap);
    await throughConsumer(broker.bootstrap, -1); // warm-up: JIT and the broker's read path
    for (let run = 0; run < RUNS; run++) {
      keep('plain', await throughConsumer(broker.bootstrap, run));
      for (const size of BATCH_SIZES) keep(String(size), await throughMapping(broker.bootstrap, size, run));
    }
  } finally {
    await broker.close();
  }

  const plain = results.get('plain') as Measured[];
  const plainRps = median(plain.map((m) => m.rps));
  const rows: Record<string, string>[] = [
    {
      reader: 'baseline: plain @platformatic/kafka consumer stream',
      batchSize: '–',
      'records/s': fmt(plainRps),
      'vs plain consumer': '1.00×',
      'start ms': fmt(median(plain.map((m) => m.startMs)), 1),
      batches: '–',
      'handler ms/batch (mean)': '–',
      'overhead ms/batch mean': '–',
      'overhead ms/batch p99': '–',
      'overhead µs/record': '–',
    },
  ];
  for (const size of BATCH_SIZES) {
    const runs = results.get(String(size)) as Measured[];
    const overhead = runs.flatMap((m) => m.overheadMs);
    const rps = median(runs.map((m) => m.rps));
    const batches = median(runs.map((m) => m.batches));
    rows.push({
      reader: 'EventSourceMapping, no-op handler',
      batchSize: fmt(size),
      'records/s': fmt(rps),
      'vs plain consumer': `${fmt(rps / plainRps, 2)}×`,
      'start ms': fmt(median(runs.map((m) => m.startMs)), 1),
      batches: `${fmt(batches)} (${fmt(RECORDS / batches)} records each)`,
      'handler ms/batch (mean)': fmt(mean(runs.flatMap((m) => m.handlerMs)), 3),
      'overhead ms/batch mean': fmt(mean(overhead), 2),
      'overhead ms/batch p99': fmt(percentile(overhead, 99), 2),
      'overhead µs/record': fmt((mean(overhead) * 1000 * batches) / RECORDS, 1),
    });
  }
  printTable(
    `Event source mapping overhead: ${fmt(RECORDS)} records of ${RECORD_BYTES} B on ${PARTITIONS} partitions, ` +
      `embedded broker in memory, batchingWindowMs 0, TRIM_HORIZON; records/s from the start call to the last ` +
      `record handled, median of ${RUNS} runs; overhead per batch = wall time since the previous batch completed ` +
      `(or since start() resolved) less the 'batch' event's durationMs, pooled over the runs; Node ${process.version} ` +
      `${process.platform}-${process.arch}, ${os.cpus().length} CPUs, load average ${fmt(os.loadavg()[0] ?? 0, 1)}`,
    rows,
  );
}
