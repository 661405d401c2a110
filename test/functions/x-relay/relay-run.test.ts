import { GetObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SourceItemDocument, sourceItemDeadLetters } from '../../../functions/lib/dead-letter/index.js';
import { closeKafkaProducer, type OutgoingRecord, produce } from '../../../functions/lib/kafka-producer/index.js';
import type { KafkaHandlerResult } from '../../../functions/lib/middleware/index.js';
import { readCheckpoint } from '../../../functions/lib/relay-checkpoint/index.js';
import { queryStream } from '../../../functions/x-relay/config.js';
import { XApiRefusedError } from '../../../functions/x-relay/errors.js';
import { type XRelayRunOptions, xRelayRun } from '../../../functions/x-relay/relay-run.js';
import { localBucketName, localTableName } from '../../../infra/local/provision.js';
import { pipeline } from '../../../infra/pipeline.js';
import {
  type FeedbackServices,
  feedbackEvent,
  startFeedbackServices,
  useFunctionEnvironment,
} from '../helpers/feedback-services.js';
import { NEGATIVE_TEXTS } from '../helpers/feedback-texts.js';
import { topicRecords } from '../helpers/kafka-topic.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { startXApiServer, type XApiServer } from '../helpers/x-api-server.js';

const TOPIC = 'feedback';
const PARTITIONS = pipeline.topics[TOPIC]!.partitions;
const QUERY = '(@acme OR #acme) -is:retweet lang:en';

// xRelayRun (what the handler runs) against a fake X API speaking the documented format, the
// embedded broker, dynalite and s3rver.
describe('xRelayRun', () => {
  let services: FeedbackServices;
  let store: XRelayRunOptions['store'];
  const servers: XApiServer[] = [];
  const quiet = { info: () => {}, warn: () => {} };
  let block = 0n;

  /** A fake X API whose post ids no other test shares. */
  const open = async () => {
    block += 1n;
    const server = await startXApiServer({ firstId: 1_900_000_000_000_000_000n + block * 1_000_000n });
    servers.push(server);
    return server;
  };
  const run = (server: XApiServer, overrides: Partial<XRelayRunOptions> = {}) =>
    xRelayRun({
      store,
      apiUrl: server.url,
      queries: [QUERY],
      token: server.token,
      runMs: 20_000,
      remainingMs: () => 60_000,
      produce,
      deadLetters: sourceItemDeadLetters({ s3: services.s3Client, functionName: 'x-relay' }),
      logger: quiet,
      backoffMs: 50,
      ...overrides,
    });
  /** Post ids on the topic for the given ids, repeats kept, in ascending order. */
  const relayed = async (ids: string[]) => {
    const wanted = new Set(ids.map((id) => `x-${id}`));
    return (await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS))
      .filter((r) => r.key !== null && wanted.has(r.key))
      .map((r) => (JSON.parse(r.value) as { id: string }).id.slice(2))
      .sort();
  };
  const checkpointOf = (server: XApiServer) => readCheckpoint(store, queryStream(server.url, QUERY));
  /** Puts a checkpoint at `id` by relaying one post, as a first run does. */
  const seed = async (server: XApiServer) => {
    const [first] = server.post(QUERY, [{ text: 'acme seed post', authorId: '42' }]);
    await run(server);
    return first as string;
  };

  beforeAll(async () => {
    services = await startFeedbackServices();
    useFunctionEnvironment('x-relay', services);
    store = { dynamo: services.documents, table: localTableName('relay-checkpoints') };
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  afterAll(async () => {
    await closeKafkaProducer();
    for (const server of servers) await server.close();
    await services.close();
    vi.unstubAllEnvs();
  });

  it('starts at the newest page, then pages back to since_id with next_token and checkpoints the newest id', async () => {
    // Prepare
    const server = await open();
    const older = server.post(
      QUERY,
      Array.from({ length: 130 }, (_, i) => ({ text: `old acme ${i}`, authorId: '7' })),
    );

    // Act
    const first = await run(server);
    const newer = server.post(
      QUERY,
      Array.from({ length: 250 }, (_, i) => ({ text: `acme post ${i}`, authorId: String(100 + (i % 3)) })),
    );
    const second = await run(server);

    // Assess
    const firstPage = older.slice(-100);
    expect(first).toMatchObject({ relayed: 100, pages: 1, queries: [{ outcome: 'caught-up', sinceId: older.at(-1) }] });
    expect(second).toMatchObject({
      relayed: 250,
      pages: 3,
      deadLettered: 0,
      queries: [{ outcome: 'caught-up', relayed: 250, sinceId: newer.at(-1), pagingPending: false }],
    });
    expect(await relayed([...older, ...newer])).toEqual([...firstPage, ...newer].sort());
    expect(server.requests.map((r) => [r.sinceId, r.nextToken !== null, r.maxResults])).toEqual([
      [null, false, '100'],
      [older.at(-1), false, '100'],
      [older.at(-1), true, '100'],
      [older.at(-1), true, '100'],
    ]);
    expect(server.requests.every((r) => r.authorization === `Bearer ${server.token}` && r.query === QUERY)).toBe(true);
    expect(await checkpointOf(server)).toMatchObject({ lastEventId: newer.at(-1), relayed: 350 });
    expect(await checkpointOf(server)).not.toHaveProperty('state');
    const records = await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS);
    const one = JSON.parse(records.find((r) => r.key === `x-${newer[0]}`)!.value);
    expect(one).toEqual({
      id: `x-${newer[0]}`,
      source: 'x',
      text: 'acme post 0',
      ts: expect.stringMatching(/^2025-06-01T/),
      author: '@user_100',
      url: `https://x.com/user_100/status/${newer[0]}`,
    });
  });

  it('waits out a spent rate-limit window that resets inside the run budget', async () => {
    // Prepare
    const server = await open();
    const since = await seed(server);
    const posts = server.post(
      QUERY,
      Array.from({ length: 150 }, (_, i) => ({ text: `acme ${i}`, authorId: '9' })),
    );
    server.rateLimit(1, 1_500);

    // Act
    const started = Date.now();
    const summary = await run(server, { runMs: 10_000 });
    const tookMs = Date.now() - started;

    // Assess
    expect(summary).toMatchObject({ relayed: 150, pages: 2, rateLimitWaits: 1, queries: [{ outcome: 'caught-up' }] });
    expect(tookMs).toBeGreaterThanOrEqual(1_000);
    // The relay asked again only after the reset: no request was answered 429.
    expect(server.requests.slice(1).map((r) => [r.sinceId, r.status])).toEqual([
      [since, 200],
      [since, 200],
    ]);
    expect(await relayed(posts)).toEqual([...posts].sort());
  });

  it('leaves a window that resets past the budget for the next run, which resumes the unfinished paging', async () => {
    // Prepare
    const server = await open();
    const since = await seed(server);
    const posts = server.post(
      QUERY,
      Array.from({ length: 150 }, (_, i) => ({ text: `acme ${i}`, authorId: '9' })),
    );
    server.rateLimit(1, 120_000);

    // Act
    const cut = await run(server, { runMs: 2_000 });
    const between = await checkpointOf(server);
    server.rateLimit(100, 900_000);
    const next = await run(server);

    // Assess
    expect(cut).toMatchObject({
      relayed: 100,
      pages: 1,
      rateLimitWaits: 0,
      queries: [{ outcome: 'deferred', pagingPending: true, sinceId: since }],
    });
    expect(cut.queries[0]!.deferredBecause).toMatch(/rate limit resets in \d+ s, past the run's budget/);
    expect(between).toMatchObject({
      lastEventId: since,
      state: { newestId: posts.at(-1), nextToken: expect.any(String) },
    });
    expect(between).not.toHaveProperty('leaseOwner');
    expect(next).toMatchObject({ relayed: 50, pages: 1, queries: [{ outcome: 'caught-up', sinceId: posts.at(-1) }] });
    expect(server.requests.at(-1)).toMatchObject({ sinceId: since, nextToken: between!.state!.nextToken });
    expect(await relayed(posts)).toEqual([...posts].sort());
    expect(await checkpointOf(server)).not.toHaveProperty('state');
  });

  it('defers on a 429 whose reset is past the budget and on 5xx answers that outlast it', async () => {
    // Prepare
    const limited = await open();
    await seed(limited);
    limited.post(QUERY, [{ text: 'acme later', authorId: '1' }]);
    limited.rateLimit(0, 120_000);
    const failing = await open();
    await seed(failing);
    failing.post(QUERY, [{ text: 'acme later', authorId: '1' }]);
    for (let i = 0; i < 20; i++) failing.answerNextWith(503);

    // Act
    const a = await run(limited, { runMs: 1_000 });
    const b = await run(failing, { runMs: 1_000 });

    // Assess
    expect(a).toMatchObject({ relayed: 0, failedRequests: 1, queries: [{ outcome: 'deferred' }] });
    expect(limited.requests.at(-1)!.status).toBe(429);
    expect(b).toMatchObject({ relayed: 0, queries: [{ outcome: 'deferred' }] });
    expect(b.failedRequests).toBeGreaterThanOrEqual(2);
    expect(b.queries[0]!.deferredBecause).toMatch(/^X answered 503/);
  });

  it('dead-letters posts it cannot relay, with a reason, and relays the rest of the page', async () => {
    // Prepare
    const server = await open();
    await seed(server);
    const [good] = server.post(QUERY, [{ text: 'acme fine', authorId: '5' }]);
    const base = BigInt(good!);
    server.postRaw(QUERY, String(base + 1n), { id: String(base + 1n), created_at: '2025-06-01T09:00:00Z' });
    server.postRaw(QUERY, String(base + 2n), { id: String(base + 2n), text: 'acme', created_at: 'yesterday' });
    server.postRaw(QUERY, String(base + 3n), {
      id: String(base + 3n),
      text: 'acme \ud800',
      created_at: '2025-06-01T09:00:00Z',
    });
    server.postRaw(QUERY, String(base + 4n), {
      id: String(base + 4n),
      text: 'x'.repeat(20_000),
      created_at: '2025-06-01T09:00:00Z',
    });
    server.postRaw(QUERY, String(base + 5n), { id: 12345, text: 'acme', created_at: '2025-06-01T09:00:00Z' });

    // Act
    const summary = await run(server);
    const listed = await services.s3Client.send(
      new ListObjectsCommand({ Bucket: localBucketName('dead-letters'), Prefix: 'items/x-relay/x/' }),
    );
    const documents: SourceItemDocument[] = [];
    for (const o of listed.Contents ?? []) {
      const body = await services.s3Client.send(
        new GetObjectCommand({ Bucket: localBucketName('dead-letters'), Key: o.Key }),
      );
      documents.push(JSON.parse(await body.Body!.transformToString()));
    }

    // Assess
    expect(summary).toMatchObject({
      relayed: 1,
      deadLettered: 5,
      deadLetteredByReason: { invalid: 4, 'too-large': 1 },
      queries: [{ outcome: 'caught-up', sinceId: String(base + 5n) }],
    });
    expect(await relayed([good!])).toEqual([good]);
    const byId = Object.fromEntries(documents.map((d) => [d.origin.itemId, d]));
    expect(byId[String(base + 1n)]).toMatchObject({
      reason: 'invalid',
      detail: 'text is required and must be a string',
    });
    expect(byId[String(base + 2n)]).toMatchObject({
      reason: 'invalid',
      detail: expect.stringMatching(/^created_at: /),
    });
    expect(byId[String(base + 3n)]).toMatchObject({ reason: 'invalid', detail: 'text holds an unpaired surrogate' });
    expect(byId[String(base + 4n)]).toMatchObject({ reason: 'too-large', function: 'x-relay' });
    expect(byId.null).toMatchObject({ reason: 'invalid', origin: { source: 'x', itemId: null } });
  });

  it('fails the run on a refused token and leaves the lease free', async () => {
    // Prepare
    const server = await open();

    // Act
    const error = await run(server, { token: 'wrong' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(XApiRefusedError);
    expect(error).toMatchObject({ status: 401 });
    expect(await checkpointOf(server)).not.toHaveProperty('leaseOwner');
  });

  it('a run that crashes between producing and checkpointing, then reruns, leaves one scored item and one Slack post per post', async () => {
    // Prepare
    const server = await open();
    await seed(server);
    const texts = Array.from({ length: 120 }, (_, i) => NEGATIVE_TEXTS[i % NEGATIVE_TEXTS.length]!);
    const posts = server.post(
      QUERY,
      texts.map((text, i) => ({ text, authorId: String(1 + (i % 4)) })),
    );
    let sends = 0;
    const crashAfterFirstSend = async (topic: string, records: readonly OutgoingRecord[]) => {
      await produce(topic, records);
      if (++sends === 1) throw new Error('crashed between produce and checkpoint');
    };

    // Act
    const crashed = await run(server, { produce: crashAfterFirstSend }).catch((e: Error) => e);
    const afterCrash = await checkpointOf(server);
    const rerun = await run(server);
    const onTopic = (await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS)).filter((r) =>
      posts.includes(r.key?.slice(2) ?? ''),
    );
    // The most posts of their own a minute allows; the rest of the 120 wait in a digest page
    // (flood control itself is tested in test/functions/feedback-scorer/flood.test.ts).
    useFunctionEnvironment('feedback-scorer', services, { NOTIFICATION_POSTS_PER_MINUTE: '60' });
    const { handler: score } = (await import('../../../functions/feedback-scorer/handler.js')) as unknown as {
      handler: (event: unknown, context: unknown) => Promise<KafkaHandlerResult>;
    };
    const event = feedbackEvent(
      onTopic.map((r) => ({
        topic: TOPIC,
        partition: r.partition,
        offset: r.offset,
        timestamp: Date.now(),
        key: r.key,
        value: r.value,
      })),
    );
    await score(event, lambdaContext('feedback-scorer'));
    const stored = (await services.scan('feedback')).filter((item) => posts.includes(String(item.id).slice(2)));
    const slackIds = services
      .posts('negative')
      .map((p) => (p.body.metadata as { event_payload: { feedback_id: string } }).event_payload.feedback_id)
      .filter((id) => posts.includes(id.slice(2)));
    const notifications = await services.scan('notifications');
    const outbox = notifications
      .filter((n) => posts.includes(String(n.feedbackId).slice(2)))
      .map((n) => String(n.feedbackId));
    const digested = notifications
      .filter((n) => String(n.channel).endsWith(' digest'))
      .flatMap((n) => [...((n.ids as Set<string> | undefined) ?? [])]);

    // Assess
    expect((crashed as Error).message).toBe('crashed between produce and checkpoint');
    expect(afterCrash).not.toHaveProperty('state');
    expect(afterCrash).not.toHaveProperty('leaseOwner');
    expect(rerun).toMatchObject({ relayed: 120, queries: [{ outcome: 'caught-up', sinceId: posts.at(-1) }] });
    // The crashed run's first page (the newest 100) is on the topic twice, under the same keys.
    expect(onTopic).toHaveLength(220);
    expect(new Set(onTopic.map((r) => r.key)).size).toBe(120);
    expect(stored).toHaveLength(120);
    // One outbox record per post; each id in exactly one message: its own post or a digest.
    expect(outbox).toHaveLength(120);
    expect(new Set(outbox).size).toBe(120);
    expect(new Set(slackIds).size).toBe(slackIds.length);
    expect(slackIds.length).toBeLessThanOrEqual(60);
    expect([...slackIds, ...digested].sort()).toEqual([...outbox].sort());
    const post = services
      .posts('negative')
      .find(
        (p) =>
          (p.body.metadata as { event_payload: { feedback_id: string } }).event_payload.feedback_id === `x-${posts[0]}`,
      );
    expect(String(post?.body.text)).toContain(`<https://x.com/user_1/status/${posts[0]}|original>`);
  });
});
