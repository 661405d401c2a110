import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FEEDBACK_SCORER_FUNCTION, scorerConfig } from '../../../functions/feedback-scorer/config.js';
import { scoreFeedbackBatch } from '../../../functions/feedback-scorer/score-batch.js';
import { handlerLogger, handlerMetrics, kafkaHandler } from '../../../functions/lib/middleware/index.js';
import { DIGEST_CAPACITY, slackWebhookUrl } from '../../../functions/lib/notifications/index.js';
import { loadSentimentScorer, sentimentBand } from '../../../functions/lib/sentiment/index.js';
import { retryDueNotifications } from '../../../functions/notification-retrier/retry-due.js';
import { LOCAL_REGION } from '../../../infra/local/provision.js';
import { S3_CREDENTIALS } from '../../../infra/local/services/s3.js';
import type { SlackPost } from '../../../infra/local/services/slack-sink.js';
import { pipeline } from '../../../infra/pipeline.js';
import {
  type FeedbackServices,
  feedbackEvent,
  feedbackRecord,
  startFeedbackServices,
  useFunctionEnvironment,
} from '../helpers/feedback-services.js';
import { NEGATIVE_TEXTS } from '../helpers/feedback-texts.js';
import { lambdaContext } from '../helpers/lambda-context.js';

const POSTS_PER_MINUTE = 10;
const DIGEST_SECONDS = 60;
const DIGEST_MS = DIGEST_SECONDS * 1000;

type Invoke = (event: unknown) => Promise<unknown>;
type Model = Awaited<ReturnType<typeof loadSentimentScorer>>;

/** A document client on dynalite whose requests fail from the `failAt`-th on (counting every send). */
function dyingClient(endpoint: string, failAt: number, mode: 'before-send' | 'after-send') {
  const raw = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: S3_CREDENTIALS });
  let sent = 0;
  raw.middlewareStack.add(
    (next) => async (args) => {
      sent++;
      if (sent >= failAt && mode === 'before-send') throw Object.assign(new Error('killed'), { name: 'Killed' });
      const out = await next(args);
      if (sent >= failAt) throw Object.assign(new Error('killed after the write landed'), { name: 'Killed' });
      return out;
    },
    { step: 'finalizeRequest', name: 'dieMidBatch' },
  );
  return DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
}

/** A clock that stands still unless advanced, so a burst falls in one minute and one interval however slow the machine. */
function testClock(base: number) {
  let at = base;
  return {
    now: () => at,
    advance(ms: number) {
      at += ms;
    },
  };
}

/** A Slack message as the channel reader sees it: its idempotency key and the feedback ids it covers. */
interface Message {
  key: string;
  channel: string;
  digest: boolean;
  ids: string[];
  body: string;
}

function messagesTo(posts: readonly SlackPost[], channel: string): Message[] {
  return posts.flatMap((p) => {
    const meta = p.body.metadata as { event_type: string; event_payload: Record<string, unknown> };
    const payload = meta.event_payload;
    if (payload.channel !== channel) return [];
    const digest = meta.event_type === 'tandem_feedback_digest';
    return [
      {
        key: String(payload.idempotency_key),
        channel,
        digest,
        ids: digest ? (payload.feedback_ids as string[]) : [String(payload.feedback_id)],
        body: JSON.stringify(p.body),
      },
    ];
  });
}

/**
 * The messages of a channel with the copies the webhook gap allows folded: a message posted
 * twice must be the very same body under the same key.
 */
function distinctMessages(messages: readonly Message[]): Message[] {
  const byKey = new Map<string, Message>();
  for (const m of messages) {
    const seen = byKey.get(m.key);
    if (seen) expect(m.body, `second copy of ${m.key}`).toBe(seen.body);
    else byKey.set(m.key, m);
  }
  return [...byKey.values()];
}

/** `count` negative feedback over `partitions` partitions, in batches of at most `batchSize` per partition. */
function burst(prefix: string, count: number, partitions: number, batchSize: number) {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const byPartition = Array.from({ length: partitions }, (_, p) =>
    ids
      .filter((_, i) => i % partitions === p)
      .map((id, offset) =>
        feedbackRecord(p, offset, {
          id,
          source: 'web',
          text: NEGATIVE_TEXTS[offset % NEGATIVE_TEXTS.length],
          ts: '2025-06-01T09:00:00Z',
        }),
      ),
  );
  const batches = byPartition.map((records) => {
    const out = [];
    for (let i = 0; i < records.length; i += batchSize) out.push(feedbackEvent(records.slice(i, i + batchSize)));
    return out;
  });
  return { ids, batches };
}

// The scorer's domain step in its middleware (real model, dynalite, the Slack sink) and the
// retrier's step, on a test clock so digest intervals close without waiting. Each scenario
// has a channel of its own, so its digests hold its feedback only.
describe('feedback notifications under a flood', () => {
  let services: FeedbackServices;
  let model: Model;

  beforeAll(async () => {
    services = await startFeedbackServices();
    useFunctionEnvironment('feedback-scorer', services, {
      NOTIFICATION_POSTS_PER_MINUTE: String(POSTS_PER_MINUTE),
      NOTIFICATION_DIGEST_SECONDS: String(DIGEST_SECONDS),
      FEEDBACK_QUERY_URL: 'http://127.0.0.1:9/api',
    });
    model = await loadSentimentScorer({ modelDir: path.resolve(pipeline.models.sentiment!.directory) });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await model?.release();
    await services.close();
  });

  const scorer = (channel: string, now: () => number, dynamo: DynamoDBDocumentClient = services.documents): Invoke => {
    const config = scorerConfig();
    const metrics = handlerMetrics(FEEDBACK_SCORER_FUNCTION);
    const handler = kafkaHandler(
      scoreFeedbackBatch({
        model: { use: (fn) => fn(model) },
        band: sentimentBand,
        config: { ...config, channels: { negative: channel, positive: `${channel}-positive` } },
        dynamo,
        webhookUrl: slackWebhookUrl,
        metrics,
        now,
      }),
      { functionName: FEEDBACK_SCORER_FUNCTION, reportBatchItemFailures: true, metrics },
    );
    return (event) => handler(structuredClone(event), lambdaContext(FEEDBACK_SCORER_FUNCTION));
  };
  const retrier = (now: () => number) => {
    const config = scorerConfig();
    return retryDueNotifications({
      dynamo: services.documents,
      table: config.notificationsTable,
      webhookUrl: slackWebhookUrl,
      retry: config.retry,
      flood: config.flood,
      logger: handlerLogger('notification-retrier'),
      remainingMs: () => 60_000,
      slackBudgetMs: 10_000,
      now,
    });
  };
  const outboxOf = async (channel: string) =>
    (await services.scan('notifications')).filter((n) => n.channel === channel);

  it('posts a burst of 300 one by one only up to the allowance, the rest in digests, each id in exactly one message under concurrent batches and replays', async () => {
    // Prepare: the burst starts a second into a minute and a digest interval.
    const channel = '#flood-burst';
    const clock = testClock(Date.UTC(2026, 0, 5, 12, 0, 1));
    const score = scorer(channel, clock.now);
    // 300 fill a digest page and spill into a second (bench/notification-flood.ts sends 500
    // through the local runtime; this keeps the file short on a loaded machine).
    const { ids, batches } = burst('burst', 300, 3, 100);

    // Act: the partitions' batches concurrently, each partition's in order (one in flight per
    // partition, as Lambda runs them), then every batch replayed at once.
    const results = await Promise.all(
      batches.map(async (partition) => {
        const out = [];
        for (const event of partition) out.push(await score(event));
        return out;
      }),
    );
    const replays = await Promise.all(batches.flat().map((event) => score(event)));
    const beforeClose = messagesTo(services.sink.recent, channel);
    clock.advance(2 * DIGEST_MS);
    const report = await retrier(clock.now);
    const again = await retrier(clock.now);

    // Assess
    expect(results.flat().every((r) => r === undefined)).toBe(true);
    expect(replays.every((r) => r === undefined)).toBe(true);
    const messages = messagesTo(services.sink.recent, channel);
    const own = messages.filter((m) => !m.digest);
    const digests = messages.filter((m) => m.digest);
    // Before the interval closed, only the minute's allowance was posted; then one full digest
    // page and the one it spilled into.
    expect(beforeClose.map((m) => m.digest)).toEqual(Array(POSTS_PER_MINUTE).fill(false));
    expect(own).toHaveLength(POSTS_PER_MINUTE);
    expect(digests.map((m) => m.ids.length).sort((a, b) => b - a)).toEqual([
      DIGEST_CAPACITY,
      ids.length - POSTS_PER_MINUTE - DIGEST_CAPACITY,
    ]);
    const covered = messages.flatMap((m) => m.ids);
    expect(covered.length).toBe(ids.length);
    expect(covered.sort()).toEqual([...ids].sort());
    expect(report).toMatchObject({ sent: digests.length, errors: 0 });
    expect(again).toMatchObject({ due: 0, sent: 0 });
    const outbox = await outboxOf(channel);
    expect(outbox.filter((n) => n.state === 'sent')).toHaveLength(own.length);
    expect(outbox.filter((n) => n.state === 'digested')).toHaveLength(ids.length - own.length);
    const [digest] = digests;
    expect(JSON.parse(digest!.body).text).toMatch(
      /^:rotating_light: \*\d+ more negative feedback\* in the minute \d\d:\d\d–\d\d:\d\d UTC \(2026-01-05\), beyond the 10 a minute posted one by one\.\nMost common: “[^”]+” \(\d+\)/,
    );
    expect(JSON.parse(digest!.body).text).toContain('<http://127.0.0.1:9/api/v1/feedback?band=negative&limit=100|');
  }, 120_000);

  it.each([
    // A whole run makes about 150 requests: the feedback and window writes, then from about
    // the 45th the outbox, the allowance, routes, digest pages and releases.
    [20, 'before-send'],
    [50, 'after-send'],
    [62, 'before-send'],
    [75, 'after-send'],
    [90, 'before-send'],
    [105, 'after-send'],
    [120, 'before-send'],
    [135, 'after-send'],
  ] as const)(
    'keeps each id in exactly one message when the scorer dies at request %i (%s), is redelivered and the retrier runs',
    async (failAt, mode) => {
      // Prepare: a few posts a minute, so some go out on their own and most into digests.
      const channel = `#flood-crash-${failAt}-${mode}`;
      const clock = testClock(Date.UTC(2026, 0, 6, 12, 0, 1));
      const dying = scorer(channel, clock.now, dyingClient(services.dynamo.endpoint, failAt, mode));
      const healthy = scorer(channel, clock.now);
      const { ids, batches } = burst(`crash-${failAt}-${mode}`, 40, 2, 40);
      const events = batches.flat();

      // Act: the dying container runs the batches, then they are redelivered to a healthy one
      // until they succeed; the retrier runs once the leases and the interval have run out, and
      // once more an interval later, for what it put in a digest itself.
      const dyingOutcomes = await Promise.all(
        events.map((event) =>
          dying(event).then(
            (r) => r,
            () => 'threw',
          ),
        ),
      );
      for (const event of events) {
        for (let attempt = 0; attempt < 3 && (await healthy(event)) !== undefined; attempt++);
      }
      clock.advance(2 * DIGEST_MS);
      const first = await retrier(clock.now);
      clock.advance(DIGEST_MS);
      const second = await retrier(clock.now);

      // Assess
      expect(dyingOutcomes.some((r) => r !== undefined)).toBe(true);
      const messages = distinctMessages(messagesTo(services.sink.recent, channel));
      expect(messages.flatMap((m) => m.ids).sort()).toEqual([...ids].sort());
      expect(first.errors + second.errors).toBe(0);
      expect(await retrier(clock.now)).toMatchObject({ due: 0 });
      const left = (await outboxOf(channel)).filter((n) => n.state !== 'sent' && n.state !== 'digested');
      expect(left).toEqual([]);
    },
    30_000,
  );
});
