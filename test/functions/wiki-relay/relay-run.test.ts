import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeKafkaProducer, type OutgoingRecord, produce } from '../../../functions/lib/kafka-producer/index.js';
import { type RelayCheckpoint, readCheckpoint } from '../../../functions/lib/relay-checkpoint/index.js';
import { SseHttpError } from '../../../functions/lib/sse/index.js';
import { type RelayLogger, type RelayRunOptions, relayRun } from '../../../functions/wiki-relay/relay-run.js';
import { localTableName } from '../../../infra/local/provision.js';
import { pipeline } from '../../../infra/pipeline.js';
import { waitFor } from '../../infra/local/kafka/helpers/wait.js';
import { type FeedbackServices, startFeedbackServices, useFunctionEnvironment } from '../helpers/feedback-services.js';
import { topicRecords } from '../helpers/kafka-topic.js';
import { type RecentChangeStream, startRecentChangeStream } from '../helpers/recent-change-stream.js';

const TOPIC = 'wiki-changes';
const PARTITIONS = pipeline.topics[TOPIC]!.partitions;

/** 1..n, without the listed ones. */
const ids = (n: number, without: number[] = []) =>
  Array.from({ length: n }, (_, i) => i + 1).filter((id) => !without.includes(id));

// relayRun (what the handler runs) against a real SSE server, the embedded broker and dynalite.
describe('relayRun', () => {
  let services: FeedbackServices;
  let store: RelayRunOptions['store'];
  const streams: RecentChangeStream[] = [];
  const quiet: RelayLogger = { info: () => {}, warn: () => {} };

  const open = async (options: Parameters<typeof startRecentChangeStream>[0]) => {
    const stream = await startRecentChangeStream({ retryMs: 50, ...options });
    streams.push(stream);
    return stream;
  };
  const run = (stream: RecentChangeStream, overrides: Partial<RelayRunOptions> = {}) =>
    relayRun({
      store,
      streamUrl: stream.url,
      userAgent: 'tandem-wiki-relay/test (relay-run tests)',
      // Long enough for a loaded machine to read every event the server has; a run ends by time.
      runMs: 1500,
      remainingMs: () => 60_000,
      produce,
      logger: quiet,
      ...overrides,
    });
  /** SSE ids of the records a stream's runs put on the topic, in ascending order, repeats kept. */
  const relayedIds = async (name: string) =>
    (await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS))
      .filter((r) => r.key?.startsWith(`${name}-`))
      .map((r) => Number(r.headers['sse-id']))
      .sort((a, b) => a - b);
  const checkpointOf = (stream: RecentChangeStream) => readCheckpoint(store, stream.url);

  beforeAll(async () => {
    services = await startFeedbackServices();
    useFunctionEnvironment('wiki-relay', services);
    store = { dynamo: services.documents, table: localTableName('relay-checkpoints') };
  });

  afterAll(async () => {
    await closeKafkaProducer();
    for (const stream of streams) await stream.close();
    await services.close();
    vi.unstubAllEnvs();
  });

  it('resumes without a gap or a repeat after the connection drops mid-event', async () => {
    // Prepare
    const stream = await open({ name: 'drop', available: 120 });
    stream.dropNextConnectionAfter(40);

    // Act
    const summary = await run(stream);

    // Assess
    expect(summary).toEqual({
      outcome: 'relayed',
      relayed: 120,
      skipped: 0,
      skippedByReason: {},
      lastEventId: '120',
      reconnects: 1,
    });
    expect(stream.requests.map((r) => r.lastEventId)).toEqual([undefined, '40']);
    expect(await relayedIds('drop')).toEqual(ids(120));
  });

  it('refuses a run that overlaps one holding the lease, and the next run after it relays the rest', async () => {
    // Prepare
    const stream = await open({ name: 'overlap', available: 50 });

    // Act
    const first = run(stream, { runMs: 2500 });
    await waitFor(() => stream.requests.length === 1, 5_000, 'the first run to connect');
    const overlapping = await run(stream);
    const firstSummary = await first;
    stream.publish(80);
    const next = await run(stream);

    // Assess
    expect(overlapping).toEqual({
      outcome: 'lease-held',
      relayed: 0,
      skipped: 0,
      skippedByReason: {},
      lastEventId: null,
      reconnects: 0,
    });
    expect(firstSummary).toMatchObject({ outcome: 'relayed', relayed: 50, lastEventId: '50' });
    expect(next).toMatchObject({ outcome: 'relayed', relayed: 30, lastEventId: '80' });
    expect(stream.requests.map((r) => r.lastEventId)).toEqual([undefined, '50']);
    expect(await relayedIds('overlap')).toEqual(ids(80));
  });

  it('takes over the lease of a run that died holding it once the lease has expired', async () => {
    // Prepare
    const stream = await open({ name: 'stale', available: 30 });
    const crashed: RelayCheckpoint = {
      stream: stream.url,
      lastEventId: '10',
      leaseOwner: 'crashed-run',
      leaseExpiresAt: Date.now() - 1,
    };
    await services.documents.send(new PutCommand({ TableName: store.table, Item: crashed }));

    // Act
    const summary = await run(stream);

    // Assess
    expect(summary).toMatchObject({ outcome: 'relayed', relayed: 20, lastEventId: '30' });
    expect(stream.requests.map((r) => r.lastEventId)).toEqual(['10']);
    expect(await relayedIds('stale')).toEqual(ids(30, ids(10)));
    expect(await checkpointOf(stream)).not.toHaveProperty('leaseOwner');
  });

  it('skips and counts data that is not a recent change, logs each, and checkpoints past them', async () => {
    // Prepare
    const stream = await open({
      name: 'malformed',
      available: 30,
      malformed: {
        3: 'not json',
        5: '[1,2,3]',
        7: '{"meta":{"dt":"2025-06-01T00:00:00Z"}}',
        9: 'null',
        11: 'first line\nsecond line',
      },
      eventTypes: { 13: 'ping' },
    });
    const warnings: { message: unknown; extra: unknown }[] = [];
    const logger: RelayLogger = {
      info: () => {},
      warn: (message, ...extra) => {
        warnings.push({ message, extra: extra[0] });
      },
    };

    // Act
    const summary = await run(stream, { logger });

    // Assess
    expect(summary).toEqual({
      outcome: 'relayed',
      relayed: 24,
      skipped: 6,
      skippedByReason: { 'not-json': 2, 'not-object': 2, 'no-meta': 1, 'event-type': 1 },
      lastEventId: '30',
      reconnects: 0,
    });
    expect(warnings.map((w) => (w.extra as { sseId: string; reason: string }).sseId)).toEqual([
      '3',
      '5',
      '7',
      '9',
      '11',
      '13',
    ]);
    expect(warnings.every((w) => w.message === 'event skipped')).toBe(true);
    expect(await relayedIds('malformed')).toEqual(ids(30, [3, 5, 7, 9, 11, 13]));
    expect(await checkpointOf(stream)).toMatchObject({ lastEventId: '30', relayed: 24 });
  });

  it('re-relays exactly the one batch produced before a crash and never checkpointed', async () => {
    // Prepare
    const stream = await open({ name: 'crash', available: 100 });
    let sends = 0;
    const crashingAfterThirdSend = async (topic: string, records: readonly OutgoingRecord[]) => {
      await produce(topic, records);
      if (++sends === 3) throw new Error('crashed between produce and checkpoint');
    };

    // Act
    const crashed = await run(stream, { produce: crashingAfterThirdSend, batchSize: 25 }).catch((e: Error) => e);
    const afterCrash = await checkpointOf(stream);
    const next = await run(stream, { batchSize: 25 });

    // Assess
    expect((crashed as Error).message).toBe('crashed between produce and checkpoint');
    expect(afterCrash).toMatchObject({ lastEventId: '50', relayed: 50 });
    expect(afterCrash).not.toHaveProperty('leaseOwner');
    expect(next).toMatchObject({ outcome: 'relayed', relayed: 50, lastEventId: '100' });
    expect(stream.requests.map((r) => r.lastEventId)).toEqual([undefined, '50']);
    expect(await relayedIds('crash')).toEqual([...ids(100), ...ids(75, ids(50))].sort((a, b) => a - b));
  });

  it('stops at its next checkpoint once another run has taken its lease over', async () => {
    // Prepare
    const stream = await open({ name: 'takeover', available: 10 });

    // Act
    const running = run(stream, { runMs: 3000, batchMaxWaitMs: 0 });
    await waitFor(async () => (await checkpointOf(stream))?.lastEventId === '10', 5_000, 'the first checkpoint');
    await services.documents.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { stream: stream.url },
        UpdateExpression: 'SET leaseOwner = :other, leaseExpiresAt = :later',
        ExpressionAttributeValues: { ':other': 'another-run', ':later': Date.now() + 60_000 },
      }),
    );
    stream.publish(11);
    const summary = await running;

    // Assess
    expect(summary).toMatchObject({ outcome: 'lease-lost', relayed: 10, lastEventId: '10' });
    expect(await checkpointOf(stream)).toMatchObject({ lastEventId: '10', leaseOwner: 'another-run' });
    // Event 11 was produced before the refused checkpoint: the one batch the next owner relays again.
    expect(await relayedIds('takeover')).toEqual(ids(11));
  });

  it('fails on an answer reconnecting cannot fix, after releasing its lease', async () => {
    // Prepare
    const stream = await open({ name: 'gone', available: 5 });
    stream.answerNextWith(404);

    // Act
    const failed = await run(stream).catch((e: unknown) => e);

    // Assess
    expect(failed).toBeInstanceOf(SseHttpError);
    expect(failed).toMatchObject({ status: 404 });
    expect(await checkpointOf(stream)).toEqual({ stream: stream.url });
    expect(await relayedIds('gone')).toEqual([]);
  });
});
