import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceItemDeadLetters } from '../../../functions/lib/dead-letter/index.js';
import { closeKafkaProducer, type OutgoingRecord, produce } from '../../../functions/lib/kafka-producer/index.js';
import type { KafkaHandlerResult } from '../../../functions/lib/middleware/index.js';
import { readCheckpoint } from '../../../functions/lib/relay-checkpoint/index.js';
import { filteredStream, MAX_STREAM_LINE_BYTES, RULE_TAG } from '../../../functions/x-relay/config.js';
import { XApiRefusedError } from '../../../functions/x-relay/errors.js';
import type { ReconnectPolicy } from '../../../functions/x-relay/reconnect-delay.js';
import { type XStreamRunOptions, xStreamRun } from '../../../functions/x-relay/stream-run.js';
import { localTableName } from '../../../infra/local/provision.js';
import { pipeline } from '../../../infra/pipeline.js';
import { waitFor } from '../../infra/local/kafka/helpers/wait.js';
import {
  type FeedbackServices,
  feedbackEvent,
  startFeedbackServices,
  useFunctionEnvironment,
} from '../helpers/feedback-services.js';
import { NEGATIVE_TEXTS } from '../helpers/feedback-texts.js';
import { topicRecords } from '../helpers/kafka-topic.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { startXStreamServer, type XStreamServer } from '../helpers/x-stream-server.js';

const TOPIC = 'feedback';
const PARTITIONS = pipeline.topics[TOPIC]!.partitions;
const QUERY = '(@acme OR #acme) -is:retweet lang:en';
/** X's steps shrunk a hundredfold-ish, so reconnections are seen within a test. */
const FAST: ReconnectPolicy = {
  networkStepMs: 20,
  networkMaxMs: 100,
  httpFirstMs: 100,
  httpMaxMs: 1_000,
  rateLimitFirstMs: 300,
};

// xStreamRun (what the handler runs in stream mode) against a fake filtered stream speaking the
// documented format, the embedded broker, dynalite and s3rver.
describe('xStreamRun', () => {
  let services: FeedbackServices;
  let store: XStreamRunOptions['store'];
  const servers: XStreamServer[] = [];
  const quiet = { info: () => {}, warn: () => {} };

  const open = async () => {
    const server = await startXStreamServer({ keepAliveMs: 100 });
    servers.push(server);
    return server;
  };
  const run = (server: XStreamServer, overrides: Partial<XStreamRunOptions> = {}) =>
    xStreamRun({
      store,
      apiUrl: server.url,
      queries: [QUERY],
      token: server.token,
      runMs: 2_000,
      remainingMs: () => 60_000,
      produce,
      deadLetters: sourceItemDeadLetters({ s3: services.s3Client, functionName: 'x-relay' }),
      logger: quiet,
      policy: FAST,
      ...overrides,
    });
  /** Keys on the topic for the given post ids, repeats kept, sorted. */
  const onTopic = async (ids: string[]) => {
    const wanted = new Set(ids.map((id) => `x-${id}`));
    return (await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS))
      .filter((r) => r.key !== null && wanted.has(r.key))
      .map((r) => r.key!.slice(2))
      .sort();
  };
  const connected = (server: XStreamServer, n: number) =>
    waitFor(
      () => server.connections.filter((c) => c.status === 200).length >= n && server.open() === 1,
      5_000,
      `connection ${n}`,
    );

  beforeAll(async () => {
    services = await startFeedbackServices();
    useFunctionEnvironment('x-relay', services);
    store = { dynamo: services.documents, table: localTableName('relay-checkpoints') };
  });

  afterAll(async () => {
    await closeKafkaProducer();
    for (const server of servers) await server.close();
    await services.close();
  });

  it('brings the rules in step, then relays what its rules match as search mode would, and leaves other rules alone', async () => {
    // Prepare
    const server = await open();
    server.addRule('from:someone_else', 'their-tool');
    server.addRule('acme old query', RULE_TAG);

    // Act
    const running = run(server);
    await connected(server, 1);
    const ours = server.publish([
      { text: 'acme is down again', authorId: '100', matches: [QUERY] },
      { text: 'acme support was great', authorId: '101', matches: [QUERY, 'from:someone_else'] },
    ]);
    const theirs = server.publish([{ text: 'not ours', authorId: '102', matches: ['from:someone_else'] }]);
    const first = await running;
    const rulesAfter = [...server.rules.values()];
    const requestsAfterFirst = server.requests.length;
    const second = await run(server, { runMs: 500 });
    const checkpoint = await readCheckpoint(store, filteredStream(server.url));
    const records = await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS);

    // Assess
    expect(first).toMatchObject({
      mode: 'stream',
      outcome: 'read',
      rules: { added: 1, deleted: 1, kept: 0 },
      connections: 1,
      read: 3,
      relayed: 2,
      unmatched: 1,
      repeats: 0,
      deadLettered: 0,
      newestId: ours[1],
    });
    expect(first.keepAlives).toBeGreaterThanOrEqual(5);
    expect(
      server.requests.slice(0, requestsAfterFirst).map((r) => [r.method, r.dryRun, Object.keys(r.body ?? {})]),
    ).toEqual([
      ['GET', false, []],
      ['POST', true, ['add']],
      ['POST', false, ['add']],
      ['POST', false, ['delete']],
    ]);
    expect(rulesAfter.map((r) => [r.value, r.tag])).toEqual([
      ['from:someone_else', 'their-tool'],
      [QUERY, RULE_TAG],
    ]);
    // The next run finds the rules in step and changes nothing.
    expect(second.rules).toEqual({ added: 0, deleted: 0, kept: 1 });
    expect(server.requests.slice(requestsAfterFirst).map((r) => r.method)).toEqual(['GET']);
    expect(await onTopic([...ours, ...theirs])).toEqual([...ours].sort());
    expect(JSON.parse(records.find((r) => r.key === `x-${ours[0]}`)!.value)).toEqual({
      id: `x-${ours[0]}`,
      source: 'x',
      text: 'acme is down again',
      ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      author: '@user_100',
      url: `https://x.com/user_100/status/${ours[0]}`,
    });
    expect(server.connections[0]!.params.get('tweet.fields')).toBe('created_at,lang,author_id,conversation_id');
    expect(server.connections[0]!.params.get('expansions')).toBe('author_id');
    expect(server.connections[0]!.backfillMinutes).toBeNull();
    expect(checkpoint).toMatchObject({ lastEventId: ours[1], state: { recent: [ours[1], ours[0]] } });
    expect(checkpoint!.state!.readUntil).toEqual(expect.any(Number));
    expect(checkpoint).not.toHaveProperty('leaseOwner');
  });

  it('reconnects at once after a dropped connection and, with backfill, relays the overlap once', async () => {
    // Prepare
    const server = await open();
    await run(server, { runMs: 300 });

    // Act
    const running = run(server, { runMs: 3_000, backfillMinutes: 2, checkpointEveryMs: 100 });
    await connected(server, 2);
    const before = server.publish([
      { text: 'acme one', authorId: '1', matches: [QUERY] },
      { text: 'acme two', authorId: '1', matches: [QUERY] },
    ]);
    await sleep(400);
    const droppedAt = Date.now();
    server.drop();
    await connected(server, 3);
    const after = server.publish([{ text: 'acme three', authorId: '1', matches: [QUERY] }]);
    const summary = await running;

    // Assess
    expect(summary).toMatchObject({ relayed: 3, repeats: 2, reconnects: 1, connections: 2 });
    // The reconnection asked for the minute since X was last heard from, and got both posts again.
    expect(server.connections.map((c) => c.backfillMinutes)).toEqual([null, 1, 1]);
    expect(server.connections[2]!.at - droppedAt).toBeLessThan(500);
    expect(await onTopic([...before, ...after])).toEqual([...before, ...after].sort());
  });

  it('backs off 429s exponentially from the rate-limit step and HTTP errors from the HTTP step', async () => {
    // Prepare
    const server = await open();
    server.answerNextConnectsWith(429, 429, 503);

    // Act
    const running = run(server, { runMs: 4_000 });
    await connected(server, 1);
    const posts = server.publish([{ text: 'acme after the waits', authorId: '3', matches: [QUERY] }]);
    const summary = await running;
    const at = server.connections.map((c) => c.at);

    // Assess
    expect(server.connections.map((c) => c.status)).toEqual([429, 429, 503, 200]);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(FAST.rateLimitFirstMs - 20);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(2 * FAST.rateLimitFirstMs - 20);
    expect(at[3]! - at[2]!).toBeGreaterThanOrEqual(4 * FAST.httpFirstMs - 20);
    expect(summary).toMatchObject({ relayed: 1, reconnects: 3, connections: 4 });
    expect(await onTopic(posts)).toEqual(posts);
  });

  it('reconnects after an operational disconnect and after a silence past the keep-alive, and dead-letters bad and oversized lines', async () => {
    // Prepare
    const server = await open();

    // Act
    const running = run(server, { runMs: 4_000, idleMs: 500 });
    await connected(server, 1);
    const a = server.publish([{ text: 'acme a', authorId: '4', matches: [QUERY] }]);
    server.writeRaw('{"data": {"id": "1", "text": \r\nnot json at all\r\n{"something": "new"}\r\n');
    server.writeRaw(`${'x'.repeat(MAX_STREAM_LINE_BYTES + 1)}\r\n`);
    server.operationalDisconnect();
    await connected(server, 2);
    const b = server.publish([{ text: 'acme b', authorId: '4', matches: [QUERY] }]);
    server.silence();
    const silentFrom = Date.now();
    await waitFor(() => server.connections.filter((c) => c.status === 200).length >= 3, 5_000, 'connection 3');
    const reconnectedAfter = server.connections.at(-1)!.at - silentFrom;
    await connected(server, 3);
    const c = server.publish([{ text: 'acme c', authorId: '4', matches: [QUERY] }]);
    const summary = await running;

    // Assess
    expect(summary).toMatchObject({
      relayed: 3,
      systemMessages: 1,
      ignored: 1,
      deadLettered: 3,
      deadLetteredByReason: { undecodable: 2, 'too-large': 1 },
    });
    expect(summary.reconnects).toBeGreaterThanOrEqual(2);
    expect(reconnectedAfter).toBeGreaterThanOrEqual(450);
    expect(await onTopic([...a, ...b, ...c])).toEqual([...a, ...b, ...c].sort());
  });

  it("ends the run, saying why, when the next wait is past the run's time (X's 1-minute 429 step)", async () => {
    // Prepare
    const server = await open();
    server.answerNextConnectsWith(429);

    // Act
    const started = Date.now();
    const summary = await run(server, { runMs: 5_000, policy: undefined });
    const took = Date.now() - started;

    // Assess
    expect(took).toBeLessThan(2_000);
    expect(server.connections).toHaveLength(1);
    expect(summary.stoppedBecause).toMatch(/HTTP 429.*the next wait \(60 s\) is past the run's time/);
  });

  it('fails on a refused token, and on an invalid query before any rule changes, leaving the lease free', async () => {
    // Prepare
    const server = await open();
    const stale = server.addRule('acme old query', RULE_TAG);
    server.invalid.add('acme (');

    // Act
    const badToken = await run(server, { token: 'wrong' }).catch((e: unknown) => e);
    const badQuery = await run(server, { queries: ['acme ('] }).catch((e: unknown) => e);

    // Assess
    expect(badToken).toBeInstanceOf(XApiRefusedError);
    expect(badToken).toMatchObject({ status: 401 });
    expect(badQuery).toBeInstanceOf(XApiRefusedError);
    expect((badQuery as Error).message).toMatch(/dry run.*acme \(/);
    expect([...server.rules.keys()]).toEqual([stale]);
    expect(server.requests.filter((r) => r.method === 'POST').map((r) => r.dryRun)).toEqual([true]);
    expect(server.connections).toHaveLength(0);
    expect(await readCheckpoint(store, filteredStream(server.url))).not.toHaveProperty('leaseOwner');
  });

  it('a run that crashes between producing and checkpointing, then reruns with backfill, leaves one scored item and one Slack post per post', async () => {
    // Prepare
    const server = await open();
    let sends = 0;
    let producedThenCrashed = 0;
    const crashOnSecondSend = async (topic: string, records: readonly OutgoingRecord[]) => {
      await produce(topic, records);
      if (++sends === 2) {
        producedThenCrashed = records.length;
        throw new Error('crashed between produce and checkpoint');
      }
    };
    const texts = Array.from({ length: 12 }, (_, i) => NEGATIVE_TEXTS[i % NEGATIVE_TEXTS.length]!);

    // Act
    const crashing = run(server, { produce: crashOnSecondSend, runMs: 3_000, checkpointEveryMs: 200 });
    await connected(server, 1);
    await sleep(300);
    const [first] = server.publish([{ text: texts[0]!, authorId: '1', matches: [QUERY] }]);
    await sleep(400);
    const rest = server.publish(
      texts.slice(1).map((text, i) => ({ text, authorId: String(1 + (i % 3)), matches: [QUERY] })),
    );
    const crashed = await crashing.catch((e: Error) => e);
    const rerun = await run(server, { runMs: 800, backfillMinutes: 5 });
    const posts = [first!, ...rest];
    const records = (await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS)).filter((r) =>
      posts.includes(r.key?.slice(2) ?? ''),
    );
    useFunctionEnvironment('feedback-scorer', services, { NOTIFICATION_POSTS_PER_MINUTE: '60' });
    const { handler: score } = (await import('../../../functions/feedback-scorer/handler.js')) as unknown as {
      handler: (event: unknown, context: unknown) => Promise<KafkaHandlerResult>;
    };
    await score(
      feedbackEvent(
        records.map((r) => ({
          topic: TOPIC,
          partition: r.partition,
          offset: r.offset,
          timestamp: Date.now(),
          key: r.key,
          value: r.value,
        })),
      ),
      lambdaContext('feedback-scorer'),
    );
    const stored = (await services.scan('feedback')).filter((item) => posts.includes(String(item.id).slice(2)));
    const slackIds = services
      .posts('negative')
      .map((p) => (p.body.metadata as { event_payload: { feedback_id: string } }).event_payload.feedback_id)
      .filter((id) => posts.includes(id.slice(2)));
    const outbox = (await services.scan('notifications'))
      .filter((n) => posts.includes(String(n.feedbackId).slice(2)))
      .map((n) => String(n.feedbackId));

    // Assess
    expect((crashed as Error).message).toBe('crashed between produce and checkpoint');
    // The rerun's backfill delivered all 12 again: the first was checkpointed, the other 11 not.
    expect(server.connections.at(-1)!.backfillMinutes).toBe(1);
    expect(rerun).toMatchObject({ repeats: 1, relayed: 11 });
    // On the topic: all 12 once, and the crashed send's posts a second time, under the same keys.
    expect(producedThenCrashed).toBeGreaterThanOrEqual(1);
    expect(records).toHaveLength(12 + producedThenCrashed);
    expect(new Set(records.map((r) => r.key)).size).toBe(12);
    expect(stored).toHaveLength(12);
    expect(outbox).toHaveLength(12);
    expect(new Set(outbox).size).toBe(12);
    expect(new Set(slackIds).size).toBe(slackIds.length);
    expect(slackIds.length).toBeGreaterThan(0);
  });
});
