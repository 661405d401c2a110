import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { REPORT_BATCH_ITEM_FAILURES } from '../../../functions/feedback-scorer/config.js';
import type { KafkaLambdaHandler } from '../../../functions/lib/middleware/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import {
  type FeedbackServices,
  feedbackEvent,
  feedbackRecord,
  startFeedbackServices,
  useFunctionEnvironment,
} from '../helpers/feedback-services.js';
import { NEGATIVE_TEXTS, NEUTRAL_TEXTS, POSITIVE_TEXTS } from '../helpers/feedback-texts.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { copyShippedModel, mirroredModel, publishToDirectory } from '../helpers/sentiment-models.js';

const TS = '2025-06-01T09:00:00Z';

/** Feedback with a unique id per test (the tables live as long as the file). */
function feedback(id: string, text: string, extra: Record<string, unknown> = {}) {
  return { id, source: 'web', text, ts: TS, ...extra };
}

// The real handler (middleware, real ONNX model) against dynalite, s3rver and the Slack sink,
// all provisioned from infra/pipeline.ts.
describe('feedback-scorer handler', () => {
  let services: FeedbackServices;
  let handler: KafkaLambdaHandler;
  const invoke = (event: unknown) => handler(structuredClone(event), lambdaContext('feedback-scorer'));
  const rowsOf = async (prefix: string) =>
    (await services.scan('feedback')).filter((r) => String(r.id).startsWith(prefix));
  const notificationsOf = async (prefix: string) =>
    (await services.scan('notifications')).filter((r) => String(r.feedbackId).startsWith(prefix));
  const postedIds = (kind: 'negative' | 'positive', prefix: string) =>
    services
      .posts(kind)
      .map((p) => (p.body.metadata as { event_payload: { feedback_id: string } }).event_payload.feedback_id)
      .filter((id) => id.startsWith(prefix))
      .sort();

  beforeAll(async () => {
    services = await startFeedbackServices();
    // Every notification here is a post of its own (digests are flood.test.ts's subject).
    useFunctionEnvironment('feedback-scorer', services, {
      SLACK_SEND_BUDGET_MS: '2500',
      NOTIFICATION_POSTS_PER_MINUTE: '60',
    });
    ({ handler } = await import('../../../functions/feedback-scorer/handler.js'));
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });

  it('reports batch item failures exactly when its trigger in infra/pipeline.ts does', () => {
    // Assess
    const triggers = pipeline.triggers.filter((t) => t.function === 'feedback-scorer');
    expect(triggers.map((t) => t.reportBatchItemFailures)).toEqual([REPORT_BATCH_ITEM_FAILURES]);
  });

  it('scores the fixture texts far from the thresholds with the shipped model', async () => {
    // Prepare
    const texts = [...NEGATIVE_TEXTS, ...POSITIVE_TEXTS, ...NEUTRAL_TEXTS];
    const event = feedbackEvent(texts.map((text, i) => feedbackRecord(0, i, feedback(`fixture-${i}`, text))));

    // Act
    await invoke(event);
    const rows = await rowsOf('fixture-');
    const score = (i: number) => rows.find((r) => r.id === `fixture-${i}`)?.score as number;

    // Assess
    expect(rows).toHaveLength(texts.length);
    for (let i = 0; i < NEGATIVE_TEXTS.length; i++) expect(score(i), texts[i]).toBeLessThan(0.3);
    for (let i = 3; i < 6; i++) expect(score(i), texts[i]).toBeGreaterThan(0.9);
    expect(score(6)).toBeGreaterThanOrEqual(0.3);
    expect(score(6)).toBeLessThanOrEqual(0.9);
  });

  it('leaves one row and one Slack post per feedback id however often and however concurrently a batch is replayed', async () => {
    // Prepare
    const records = [
      feedbackRecord(0, 100, feedback('replay-neg-1', NEGATIVE_TEXTS[0])),
      feedbackRecord(0, 101, feedback('replay-pos-1', POSITIVE_TEXTS[0], { source: 'mastodon', author: '@ana' })),
      feedbackRecord(0, 102, feedback('replay-neutral', NEUTRAL_TEXTS[0])),
      feedbackRecord(1, 40, feedback('replay-neg-2', NEGATIVE_TEXTS[1], { source: 'slack', channel: '#product' })),
      feedbackRecord(
        1,
        41,
        feedback('replay-pos-2', POSITIVE_TEXTS[1], { source: 'twitter', url: 'https://x.com/i/1' }),
      ),
    ];
    const event = feedbackEvent(records);
    const results: unknown[] = [];
    const snapshots: unknown[] = [];

    // Act
    for (let replay = 0; replay < 3; replay++) {
      results.push(await invoke(event));
      snapshots.push((await rowsOf('replay-')).sort((a, b) => String(a.id).localeCompare(String(b.id))));
    }
    results.push(...(await Promise.all([invoke(event), invoke(event)])));

    // Assess
    expect(results).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(snapshots[0]).toHaveLength(5);
    expect(snapshots[1]).toEqual(snapshots[0]);
    expect(snapshots[2]).toEqual(snapshots[0]);
    expect(postedIds('negative', 'replay-')).toEqual(['replay-neg-1', 'replay-neg-2']);
    expect(postedIds('positive', 'replay-')).toEqual(['replay-pos-1', 'replay-pos-2']);
    const outbox = await notificationsOf('replay-');
    expect(outbox.map((n) => [n.feedbackId, n.channel, n.state, n.attempts]).sort()).toEqual([
      ['replay-neg-1', '#negative-feedback', 'sent', 1],
      ['replay-neg-2', '#negative-feedback', 'sent', 1],
      ['replay-pos-1', '#positive-feedback', 'sent', 1],
      ['replay-pos-2', '#positive-feedback', 'sent', 1],
    ]);
    for (const n of outbox) expect(n.nextAttemptAt).toBeUndefined();
    const row = (snapshots[0] as Record<string, unknown>[]).find((r) => r.id === 'replay-pos-1');
    expect(row).toMatchObject({
      source: 'mastodon',
      sourceKnown: false,
      author: '@ana',
      band: 'positive',
      sourcePartition: 'feedback-0',
      sourceOffset: 101,
      recordTimestamp: Date.UTC(2025, 5, 1, 9, 0, 0) + 101,
      expiresAt: Math.floor((Date.UTC(2025, 5, 1, 9, 0, 0) + 101) / 1000) + 90 * 86_400,
    });
    const post = services.posts('negative').find((p) => JSON.stringify(p.body).includes('replay-neg-2'))!;
    expect(post.body.text).toMatch(
      /^:rotating_light: Negative feedback \(score 0\.\d\d\) from \*slack\* in #product:\n>/,
    );
    expect(post.body.metadata).toMatchObject({
      event_type: 'tandem_feedback_notification',
      event_payload: { idempotency_key: '#negative-feedback:replay-neg-2', feedback_id: 'replay-neg-2' },
    });
  });

  it('dead-letters malformed records mid-batch with their reason and scores the rest', async () => {
    // Prepare
    const event = feedbackEvent([
      feedbackRecord(0, 200, feedback('poison-ok-1', POSITIVE_TEXTS[2])),
      feedbackRecord(0, 201, '{"id": "broken", "text": '),
      feedbackRecord(0, 202, Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0xc3, 0x28, 0x7d])),
      feedbackRecord(0, 203, feedback('poison-no-ts', NEGATIVE_TEXTS[2], { ts: undefined })),
      feedbackRecord(0, 204, feedback('poison-big', 'x'.repeat(17_000))),
      feedbackRecord(0, 205, feedback('poison-ok-2', NEGATIVE_TEXTS[2])),
    ]);

    // Act
    const result = await invoke(event);

    // Assess
    expect(result).toBeUndefined();
    expect((await rowsOf('poison-')).map((r) => r.id).sort()).toEqual(['poison-ok-1', 'poison-ok-2']);
    const letter = async (offset: number) => {
      const object = await services.s3Client.send(
        new GetObjectCommand({
          Bucket: 'tandem-dead-letters',
          Key: `records/feedback-scorer/feedback/0/${offset}.json`,
        }),
      );
      return JSON.parse(await object.Body!.transformToString()) as { reason: string; detail: string };
    };
    expect(await Promise.all([201, 202, 203, 204].map(letter))).toEqual([
      expect.objectContaining({
        reason: 'invalid',
        detail: expect.stringContaining('feedback-0@201 value is not valid JSON'),
      }),
      expect.objectContaining({ reason: 'invalid', detail: 'feedback-0@202 value is not valid UTF-8' }),
      expect.objectContaining({
        reason: 'invalid',
        detail:
          'feedback-0@203 is not valid feedback: ts: ts is required and must be an ISO 8601 date-time string, got undefined',
      }),
      expect.objectContaining({ reason: 'too-large' }),
    ]);
    expect(postedIds('negative', 'poison-')).toEqual(['poison-ok-2']);
  });

  it('never puts an older record of an id back over a later one, in one batch or across batches', async () => {
    // Prepare
    const older = feedbackRecord(2, 10, feedback('order-1', NEGATIVE_TEXTS[0]));
    const later = feedbackRecord(2, 11, feedback('order-1', POSITIVE_TEXTS[0]));
    const sameBatch = [
      feedbackRecord(2, 20, feedback('order-2', POSITIVE_TEXTS[1])),
      feedbackRecord(2, 21, feedback('order-2', NEGATIVE_TEXTS[1])),
    ];

    // Act
    await invoke(feedbackEvent([later]));
    await invoke(feedbackEvent([older]));
    await invoke(feedbackEvent(sameBatch));

    // Assess
    const rows = (await rowsOf('order-')).sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(rows.map((r) => [r.id, r.sourceOffset, r.text, r.band])).toEqual([
      ['order-1', 11, POSITIVE_TEXTS[0], 'positive'],
      ['order-2', 21, NEGATIVE_TEXTS[1], 'negative'],
    ]);
    // A superseded record is not notified either.
    expect(postedIds('negative', 'order-')).toEqual(['order-2']);
    expect(postedIds('positive', 'order-')).toEqual(['order-1']);
  });

  it("honours Slack's 429 Retry-After within the batch's budget, and defers past it without failing the batch", async () => {
    // Prepare
    services.sink.fail({ status: 429, count: 1, retryAfterSeconds: 1 });
    const soon = feedbackEvent([
      feedbackRecord(0, 300, feedback('limited-1', NEGATIVE_TEXTS[0])),
      feedbackRecord(1, 300, feedback('limited-2', NEGATIVE_TEXTS[1])),
    ]);
    const refusedBefore = services.sink.refused;

    // Act
    const started = Date.now();
    const first = await invoke(soon);
    const elapsed = Date.now() - started;
    services.sink.fail({ status: 429, retryAfterSeconds: 120 });
    const late = await invoke(feedbackEvent([feedbackRecord(2, 300, feedback('limited-3', NEGATIVE_TEXTS[2]))]));
    services.sink.recover();

    // Assess
    expect(first).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    // One request met the 429; the other post to that webhook waited for the same Retry-After.
    expect(services.sink.refused - refusedBefore).toBe(2);
    expect(postedIds('negative', 'limited-')).toEqual(['limited-1', 'limited-2']);
    expect(late).toBeUndefined();
    const [deferred] = await notificationsOf('limited-3');
    expect(deferred).toMatchObject({ state: 'pending', attempts: 1, deferrals: 1, lastStatus: 429 });
    expect(Date.parse(String(deferred!.nextAttemptAt)) - Date.now()).toBeGreaterThan(110_000);
  });

  it('counts stored feedback per source and band in 1-minute and 1-hour windows, once however often replayed', async () => {
    // Prepare
    const countsNow = async () =>
      Object.fromEntries(
        (await services.scan('windows'))
          .filter((w) => String(w.metric).startsWith('feedback-by-band-'))
          .map((w) => [`${w.metric} ${w.key} ${new Date(w.start as number).toISOString()}`, w.count as number]),
      );
    const before = await countsNow();
    const event = feedbackEvent([
      feedbackRecord(2, 500, feedback('counted-1', NEGATIVE_TEXTS[0], { ts: '2025-06-01T09:00:10Z' })),
      feedbackRecord(2, 501, feedback('counted-2', NEGATIVE_TEXTS[1], { ts: '2025-06-01T09:00:20Z' })),
      feedbackRecord(2, 502, feedback('counted-3', POSITIVE_TEXTS[0], { source: 'slack', ts: '2025-06-01T09:00:50Z' })),
      feedbackRecord(2, 503, '{"not": "feedback"}'),
    ]);

    // Act
    await invoke(event);
    const once = await countsNow();
    await invoke(event);
    await invoke(event);
    const thrice = await countsNow();

    // Assess
    const added = (key: string) => (once[key] ?? 0) - (before[key] ?? 0);
    expect(added('feedback-by-band-1m web|negative 2025-06-01T09:00:00.000Z')).toBe(2);
    expect(added('feedback-by-band-1m slack|positive 2025-06-01T09:00:00.000Z')).toBe(1);
    expect(added('feedback-by-band-1h web|negative 2025-06-01T09:00:00.000Z')).toBe(2);
    expect(added('feedback-by-band-1h slack|positive 2025-06-01T09:00:00.000Z')).toBe(1);
    expect(thrice).toEqual(once);
  });

  it('reports each partition from its first unwritten record when DynamoDB refuses the writes, notifying nothing', async () => {
    // Prepare
    vi.resetModules();
    vi.stubEnv('TABLE_FEEDBACK', 'no-such-table');
    const { handler: misconfigured } = await import('../../../functions/feedback-scorer/handler.js');
    vi.stubEnv('TABLE_FEEDBACK', 'tandem-feedback');
    const event = feedbackEvent([
      feedbackRecord(0, 400, feedback('unwritten-1', NEGATIVE_TEXTS[0])),
      feedbackRecord(0, 401, '{"not": "feedback"}'),
      feedbackRecord(1, 400, feedback('unwritten-2', NEGATIVE_TEXTS[1])),
    ]);

    // Act
    const result = await misconfigured(event, lambdaContext('feedback-scorer'));

    // Assess
    expect(result).toEqual({
      batchItemFailures: [
        { itemIdentifier: { partition: 'feedback-0', offset: 400 } },
        { itemIdentifier: { partition: 'feedback-1', offset: 400 } },
      ],
    });
    expect(await notificationsOf('unwritten-')).toEqual([]);
  });

  it('scores with a model published while it runs once MODEL_CHECK_SECONDS has passed, and stores its version', async () => {
    // Prepare
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-scorer-model-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await copyShippedModel(dir);
    vi.resetModules();
    vi.stubEnv('MODEL_SENTIMENT_URI', dir);
    vi.stubEnv('MODEL_CHECK_SECONDS', '1');
    const { handler: swapping } = await import('../../../functions/feedback-scorer/handler.js');
    const loadedAt = Date.now();
    vi.stubEnv('MODEL_SENTIMENT_URI', path.resolve(pipeline.models.sentiment!.directory));
    vi.stubEnv('MODEL_CHECK_SECONDS', pipeline.functions['feedback-scorer']!.environment!.MODEL_CHECK_SECONDS!);
    const score = (offset: number, id: string) =>
      swapping(
        feedbackEvent([feedbackRecord(2, offset, feedback(id, POSITIVE_TEXTS[0]))]),
        lambdaContext('feedback-scorer'),
      );
    await score(700, 'swap-before');
    // The mirrored model scores every text 1 − the shipped model's score (helpers/sentiment-models.ts).
    await publishToDirectory(dir, await mirroredModel('1.1.0'));
    await sleep(Math.max(0, loadedAt + 1050 - Date.now()));

    // Act
    const result = await score(701, 'swap-after');

    // Assess
    expect(result).toBeUndefined();
    const rows = Object.fromEntries((await rowsOf('swap-')).map((r) => [r.id, r]));
    expect(rows['swap-before']).toMatchObject({ modelVersion: '1.0.0', band: 'positive' });
    expect(rows['swap-after']).toMatchObject({ modelVersion: '1.1.0', band: 'negative' });
    expect(rows['swap-after']!.score as number).toBeCloseTo(1 - (rows['swap-before']!.score as number), 5);
    expect(postedIds('positive', 'swap-')).toEqual(['swap-before']);
    expect(postedIds('negative', 'swap-')).toEqual(['swap-after']);
  });
});
