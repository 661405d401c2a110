import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KafkaLambdaHandler } from '../../../functions/lib/middleware/index.js';
import type { RetryReport } from '../../../functions/notification-retrier/retry-due.js';
import {
  type FeedbackServices,
  feedbackEvent,
  feedbackRecord,
  startFeedbackServices,
  useFunctionEnvironment,
} from '../helpers/feedback-services.js';
import { NEGATIVE_TEXTS, POSITIVE_TEXTS } from '../helpers/feedback-texts.js';
import { lambdaContext } from '../helpers/lambda-context.js';

/** Slack budget per invoke here: short, so an outage costs the test little. */
const BUDGET_MS = 2000;

type Retrier = (event: unknown, context: unknown) => Promise<RetryReport>;

/** Feedback records, one per text, negative and positive alternating over two partitions. */
function outageBatch(prefix: string, count: number) {
  return feedbackEvent(
    Array.from({ length: count }, (_, i) =>
      feedbackRecord(i % 2, 1000 + i, {
        id: `${prefix}-${i}`,
        source: 'slack',
        text: i % 2 === 0 ? NEGATIVE_TEXTS[i % 3] : POSITIVE_TEXTS[i % 3],
        ts: '2025-06-01T09:00:00Z',
      }),
    ),
  );
}

// The scorer and the retrier, real handlers, against dynalite and the Slack sink made to fail.
describe('notification-retrier handler', () => {
  let services: FeedbackServices;
  let scorer: KafkaLambdaHandler;
  let retrier: Retrier;
  const retry = () => retrier({}, lambdaContext('notification-retrier'));
  const pending = async (prefix: string) =>
    (await services.scan('notifications')).filter(
      (n) => String(n.feedbackId).startsWith(prefix) && n.state === 'pending',
    );
  const postsFor = (prefix: string) =>
    [...services.posts('negative'), ...services.posts('positive')]
      .map((p) => (p.body.metadata as { event_payload: { feedback_id: string } }).event_payload.feedback_id)
      .filter((id) => id.startsWith(prefix));

  beforeAll(async () => {
    services = await startFeedbackServices();
    // Retry at once (no backoff) so the test need not wait; the protocol is the same. Every
    // notification here is a post of its own (digests are flood-control.test.ts's subject).
    const overrides = {
      SLACK_SEND_BUDGET_MS: String(BUDGET_MS),
      NOTIFICATION_RETRY_BASE_SECONDS: '0',
      NOTIFICATION_POSTS_PER_MINUTE: '60',
    };
    useFunctionEnvironment('feedback-scorer', services, overrides);
    useFunctionEnvironment('notification-retrier', services, overrides);
    ({ handler: scorer } = await import('../../../functions/feedback-scorer/handler.js'));
    ({ handler: retrier } = (await import('../../../functions/notification-retrier/handler.js')) as unknown as {
      handler: Retrier;
    });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });

  it('records notifications while Slack is down without failing the batch, then delivers each exactly once when it is back', async () => {
    // Prepare
    const event = outageBatch('outage', 12);
    services.sink.fail({ status: 500 });

    // Act
    const started = Date.now();
    const during = await scorer(structuredClone(event), lambdaContext('feedback-scorer'));
    const scoringMs = Date.now() - started;
    const whileDown = await retry();
    const stillPending = await pending('outage-');
    services.sink.recover();
    const back = await retry();
    const again = await retry();
    const replay = await scorer(structuredClone(event), lambdaContext('feedback-scorer'));

    // Assess
    expect(during).toBeUndefined();
    // The batch returned within its Slack budget: the outage did not block the partition.
    expect(scoringMs).toBeLessThan(BUDGET_MS + 1500);
    expect(whileDown).toMatchObject({ due: 12, sent: 0, deferred: 12, errors: 0 });
    expect(stillPending).toHaveLength(12);
    for (const n of stillPending)
      expect(n).toMatchObject({ lastStatus: 500, lastError: expect.stringContaining('500') });
    expect(back).toMatchObject({ due: 12, sent: 12, deferred: 0, failed: 0, errors: 0 });
    expect(again).toMatchObject({ due: 0, sent: 0 });
    expect(replay).toBeUndefined();
    const posted = postsFor('outage-');
    expect(posted.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `outage-${i}`).sort());
    expect(await pending('outage-')).toEqual([]);
  });

  it('never sends a notification twice when retrier runs overlap', async () => {
    // Prepare
    services.sink.fail({ status: 503 });
    await scorer(outageBatch('overlap', 10), lambdaContext('feedback-scorer'));
    services.sink.recover();

    // Act
    const reports = await Promise.all([retry(), retry(), retry()]);
    // What the overlapping runs left for lack of time (a short budget here), a later run sends.
    const after = await retry();

    // Assess
    expect(reports.reduce((n, r) => n + r.sent, 0) + after.sent).toBe(10);
    expect(postsFor('overlap-').sort()).toEqual(Array.from({ length: 10 }, (_, i) => `overlap-${i}`).sort());
    expect(await pending('overlap-')).toEqual([]);
  });

  it('gives up on a notification Slack refuses for good, and keeps it out of later runs', async () => {
    // Prepare
    services.sink.fail({ status: 500 });
    await scorer(outageBatch('refused', 1), lambdaContext('feedback-scorer'));
    services.sink.fail({ status: 404 });

    // Act
    const first = await retry();
    services.sink.recover();
    const second = await retry();

    // Assess
    expect(first).toMatchObject({ due: 1, failed: 1 });
    expect(second).toMatchObject({ due: 0 });
    const [record] = (await services.scan('notifications')).filter((n) => n.feedbackId === 'refused-0');
    expect(record).toMatchObject({ state: 'failed', lastStatus: 404 });
    expect(record!.nextAttemptAt).toBeUndefined();
    expect(postsFor('refused-')).toEqual([]);
  });
});
