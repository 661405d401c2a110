import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeKafkaProducer } from '../../../functions/lib/kafka-producer/index.js';
import type { RelaySummary } from '../../../functions/wiki-relay/relay-run.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type FeedbackServices, startFeedbackServices, useFunctionEnvironment } from '../helpers/feedback-services.js';
import { topicRecords } from '../helpers/kafka-topic.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { type RecentChangeStream, recentChangeKey, startRecentChangeStream } from '../helpers/recent-change-stream.js';

type Relay = (event: unknown, context: unknown) => Promise<RelaySummary>;

const TOPIC = 'wiki-changes';
const PARTITIONS = pipeline.topics[TOPIC]!.partitions;

// The real handler, as its schedule invokes it, against a real SSE server, the embedded broker and dynalite.
describe('wiki-relay handler', () => {
  let services: FeedbackServices;
  let stream: RecentChangeStream;
  let relay: Relay;

  beforeAll(async () => {
    services = await startFeedbackServices();
    stream = await startRecentChangeStream({ name: 'scheduled', available: 150, retryMs: 50 });
    useFunctionEnvironment('wiki-relay', services, { WIKIMEDIA_STREAM_URL: stream.url, RELAY_RUN_SECONDS: '2' });
    ({ handler: relay } = (await import('../../../functions/wiki-relay/handler.js')) as unknown as { handler: Relay });
  });

  afterAll(async () => {
    await closeKafkaProducer();
    await stream.close();
    await services.close();
    vi.unstubAllEnvs();
  });

  it('relays two consecutive runs with no gap and no repeat, the second resuming with Last-Event-ID', async () => {
    // Act
    const first = await relay({}, lambdaContext('wiki-relay'));
    stream.publish(300);
    const second = await relay({}, lambdaContext('wiki-relay'));
    const records = (await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS)).sort(
      (a, b) => Number(a.headers['sse-id']) - Number(b.headers['sse-id']),
    );

    // Assess
    expect(first).toEqual({
      outcome: 'relayed',
      relayed: 150,
      skipped: 0,
      skippedByReason: {},
      lastEventId: '150',
      reconnects: 0,
    });
    expect(second).toEqual({ ...first, lastEventId: '300' });
    const all = Array.from({ length: 300 }, (_, i) => i + 1);
    expect(records.map((r) => Number(r.headers['sse-id']))).toEqual(all);
    expect(records.map((r) => r.key)).toEqual(all.map((n) => recentChangeKey('scheduled', n)));
    expect(records.map((r) => r.value)).toEqual(all.map((n) => stream.dataOf(n)));
    expect(stream.requests.map((r) => [r.lastEventId, r.accept])).toEqual([
      [undefined, 'text/event-stream'],
      ['150', 'text/event-stream'],
    ]);
    // Wikimedia's User-Agent policy: name/version, what it is, and the runtime.
    expect(stream.requests[0]!.userAgent).toMatch(
      /^tandem-wiki-relay\/\S+ \(relays Wikimedia EventStreams into Kafka\) Node\.js\/\d+/,
    );
    const checkpoints = await services.scan('relay-checkpoints');
    expect(checkpoints).toEqual([
      { stream: stream.url, lastEventId: '300', relayed: 300, checkpointedAt: expect.any(Number) },
    ]);
  });
});
